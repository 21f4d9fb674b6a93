// Semantic monitoring (seed 000 phase 4): an agent that says it is unsure ("I am unsure", "I think this
// might work", …) does not get to act alone. Markers in a call's reasoning escalate that call; markers in
// a tool output or an LLM completion (accounting API) escalate the session's next call.
import { normalize } from "./breakers/config.js";

export function findMarker(text: unknown, markers: readonly string[]): string | null {
  if (markers.length === 0) return null;
  const s = typeof text === "string" ? text : text === undefined || text === null ? "" : JSON.stringify(text);
  if (!s) return null;
  // Bounded: a huge output is checked on its first megabyte.
  const n = normalize(s.length > 1_048_576 ? s.slice(0, 1_048_576) : s);
  for (const m of markers) if (n.includes(m)) return m;
  return null;
}
