// Breaker thresholds from the policy's `breakers` section, with the defaults of the seed 002 table.
// Resolved once per loaded policy (compile once, evaluate many).
import { parseDuration, type BreakersSpec, type PolicySet } from "../../core/index.js";

export interface BreakerConfig {
  /** More than `factor` × baseline calls in `window_ms` (baseline floored at `min_rate` per window). */
  rateSpike: { factor: number; window_ms: number; min_rate: number; alpha: number } | null;
  /** More than `max` failed tool calls in a row. */
  failures: { max: number } | null;
  /** A tool never called before in this task type, once `learn_sessions` sessions of it were seen. */
  unusual: { learn_sessions: number } | null;
  /** Output more than `factor` × the normal size (floored at `min_bytes`). */
  volume: { factor: number; min_bytes: number; alpha: number } | null;
  /** More than `max` pending approvals in a session. */
  pending: { max: number } | null;
  /** Per tool and upstream: `failures` in a row open the circuit for `cooldown_ms`, then one probe. */
  tools: { failures: number; cooldown_ms: number } | null;
  /** Lower-cased phrases that escalate a call to a human. */
  markers: string[];
}

export const DEFAULT_MARKERS = [
  "i am unsure",
  "i'm unsure",
  "i am not sure",
  "i'm not sure",
  "i think this might work",
  "this might not work",
  "i am not certain",
  "i'm not certain",
  "i'm guessing",
  "i am guessing",
  "not confident",
];

const cache = new WeakMap<PolicySet, BreakerConfig>();

export function breakerConfig(policy: PolicySet): BreakerConfig {
  let c = cache.get(policy);
  if (!c) {
    c = resolve((policy.document as { breakers?: BreakersSpec }).breakers ?? {});
    cache.set(policy, c);
  }
  return c;
}

export function resolve(b: BreakersSpec): BreakerConfig {
  const on = <T extends object>(v: false | T | undefined): T | null => (v === false ? null : (v ?? ({} as T)));
  const rs = on(b.rate_spike);
  const cf = on(b.consecutive_failures);
  const ut = on(b.unusual_tool);
  const dv = on(b.data_volume);
  const pa = on(b.pending_approvals);
  const tl = on(b.tools);
  return {
    rateSpike: rs && { factor: rs.factor ?? 3, window_ms: (rs.window && parseDuration(rs.window)) || 60_000, min_rate: rs.min_rate ?? 60, alpha: rs.alpha ?? 0.3 },
    failures: cf && { max: cf.max ?? 5 },
    unusual: ut && { learn_sessions: ut.learn_sessions ?? 20 },
    volume: dv && { factor: dv.factor ?? 10, min_bytes: dv.min_bytes ?? 64 * 1024, alpha: dv.alpha ?? 0.2 },
    pending: pa && { max: pa.max ?? 3 },
    tools: tl && { failures: tl.failures ?? 5, cooldown_ms: (tl.cooldown && parseDuration(tl.cooldown)) || 30_000 },
    markers: b.confidence_markers === false ? [] : (b.confidence_markers ?? DEFAULT_MARKERS).map(normalize),
  };
}

/** Lower case, straight apostrophes, single spaces: how markers and texts are compared. */
export function normalize(s: string): string {
  return s.toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'").replace(/\s+/g, " ").trim();
}
