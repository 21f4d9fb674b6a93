// Session facts: values that trusted tool outputs establish (the authenticated user, an order's status),
// recorded when the call runs so later rules can check them (`session.facts.orders[args.order_id].status`).
import { toPlain } from "../cel/index.js";
import type { CompiledTool } from "../policy/index.js";

export type Facts = Record<string, unknown>;

// SECURITY: keys come from tool outputs; defineProperty never invokes the __proto__ setter.
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

export function extractFacts(tool: CompiledTool, facts: Facts, args: unknown, output: unknown): Facts {
  if (tool.facts.length === 0) return facts;
  const next: Facts = { ...facts };
  const b = { tool: tool.name, args, output };
  for (const f of tool.facts) {
    const v = f.value.eval(b);
    if (!("value" in v)) continue; // an output without the field establishes nothing
    const value = toPlain(v.value);
    if (!f.key) {
      setOwn(next, f.name, value);
      continue;
    }
    const k = f.key.eval(b);
    if (!("value" in k)) continue;
    const prev = next[f.name];
    const map: Record<string, unknown> = prev && typeof prev === "object" && !Array.isArray(prev) ? { ...(prev as Record<string, unknown>) } : {};
    setOwn(map, String(toPlain(k.value)), value);
    setOwn(next, f.name, map);
  }
  return next;
}
