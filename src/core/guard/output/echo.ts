// Echo detection: the output repeats the system prompt (or a canary placed in it). Shingles of
// `shingle` words are hashed once at compile time; output shingles are looked up in one pass.
import type { Finding } from "../types.js";

interface Word {
  w: string;
  start: number;
  end: number;
}

function words(text: string): Word[] {
  const out: Word[] = [];
  const re = /[\p{L}\p{N}]{1,64}/gu;
  for (let m = re.exec(text); m !== null; m = re.exec(text))
    out.push({ w: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  return out;
}

export interface EchoIndex {
  shingle: number;
  set: Set<string>;
}

export function buildEchoIndex(protectedTexts: readonly string[], shingle: number): EchoIndex {
  const set = new Set<string>();
  for (const t of protectedTexts) {
    const ws = words(t).map((x) => x.w);
    for (let i = 0; i + shingle <= ws.length; i++) set.add(ws.slice(i, i + shingle).join(" "));
  }
  return { shingle, set };
}

export function echoFindings(text: string, scanner: string, idx: EchoIndex): Finding[] {
  if (idx.set.size === 0) return [];
  const ws = words(text);
  const out: Finding[] = [];
  for (let i = 0; i + idx.shingle <= ws.length; i++) {
    if (
      !idx.set.has(
        ws
          .slice(i, i + idx.shingle)
          .map((x) => x.w)
          .join(" "),
      )
    )
      continue;
    const start = (ws[i] as Word).start;
    const end = (ws[i + idx.shingle - 1] as Word).end;
    const last = out[out.length - 1];
    if (last && start <= last.end) last.end = end;
    else out.push({ scanner, type: "system_prompt_echo", start, end, score: 0.9, severity: "high" });
  }
  return out;
}

/** Exact canary strings (e.g. a marker planted in the system prompt). */
export function canaryFindings(text: string, scanner: string, canaries: readonly string[]): Finding[] {
  const out: Finding[] = [];
  for (const c of canaries) {
    if (c.length === 0) continue;
    for (let i = text.indexOf(c); i >= 0; i = text.indexOf(c, i + c.length))
      out.push({ scanner, type: "canary_echo", start: i, end: i + c.length, score: 1, severity: "critical" });
  }
  return out;
}
