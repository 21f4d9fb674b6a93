// Plant an attack instruction into a clean context at the start, middle or end (BIPIA's protocol), and
// remember where it went so span-level checks are possible.
export type Position = "start" | "middle" | "end";
export const POSITIONS: readonly Position[] = ["start", "middle", "end"];

export interface Planted {
  text: string;
  start: number;
  end: number;
}

export function plant(context: string, attack: string, pos: Position): Planted {
  if (pos === "start") return { text: `${attack}\n${context}`, start: 0, end: attack.length };
  if (pos === "end")
    return {
      text: `${context}\n${attack}`,
      start: context.length + 1,
      end: context.length + 1 + attack.length,
    };
  // Middle: the sentence boundary nearest the centre, so the attack reads as its own sentence.
  const mid = Math.floor(context.length / 2);
  let cut = -1;
  for (let d = 0; d < mid && cut < 0; d++) {
    for (const i of [mid - d, mid + d]) {
      const c = context[i - 1];
      if (
        i > 0 &&
        i < context.length &&
        (c === "." || c === "\n" || c === "!" || c === "?") &&
        context[i] === " "
      ) {
        cut = i;
        break;
      }
    }
  }
  if (cut < 0) cut = context.lastIndexOf(" ", mid) + 1;
  const text = `${context.slice(0, cut)} ${attack} ${context.slice(cut)}`;
  return { text, start: cut + 1, end: cut + 1 + attack.length };
}
