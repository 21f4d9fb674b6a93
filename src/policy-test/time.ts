// Times in test files and traces: ISO 8601 strings or epoch milliseconds.
export function parseTime(v: string | number | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v === "number") return v;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new Error(`not an ISO 8601 time: ${JSON.stringify(v)}`);
  return t;
}

/** A fixed default instant for tests, so a case without `now` is deterministic. */
export const DEFAULT_NOW = Date.parse("2026-01-05T12:00:00Z");
