// Breakers that pause an agent (seed 002 table): tool-call rate spike, consecutive failures, data volume.
// Each answers "trip?" and the plane pauses the agent; baselines are per agent + task type.
import type { BreakerConfig } from "./config.js";
import { RateBaseline, SizeBaseline } from "./baseline.js";

export interface Trip {
  breaker: "rate_spike" | "consecutive_failures" | "data_volume" | "pending_approvals";
  reason: string;
}

export class AgentBreakers {
  private readonly rates = new Map<string, RateBaseline>();
  private readonly sizes = new Map<string, SizeBaseline>();
  private readonly failures = new Map<string, number>();

  /** A call is starting: more than factor × baseline in the window trips. */
  call(cfg: NonNullable<BreakerConfig["rateSpike"]>, agent: string, task: string, now: number): Trip | null {
    const key = `${agent}\u0000${task}`;
    let b = this.rates.get(key);
    if (!b) this.rates.set(key, (b = new RateBaseline(cfg.alpha)));
    const base = b.perMinute;
    const count = b.record(now, cfg.window_ms);
    const expected = Math.max((base ?? 0) * (cfg.window_ms / 60_000), cfg.min_rate);
    const threshold = cfg.factor * expected;
    if (count <= threshold) return null;
    return { breaker: "rate_spike", reason: `${count} calls in ${cfg.window_ms / 1000}s for task type ${task}, more than ${cfg.factor}× the baseline of ${round(expected)} (learned ${base === undefined ? "nothing yet; floor min_rate" : `${round(base)}/min`})` };
  }

  /** An execution finished: more than `max` failures in a row trips. */
  result(cfg: BreakerConfig["failures"], agent: string, ok: boolean): Trip | null {
    if (ok) {
      this.failures.delete(agent);
      return null;
    }
    const n = (this.failures.get(agent) ?? 0) + 1;
    this.failures.set(agent, n);
    if (!cfg || n <= cfg.max) return null;
    this.failures.delete(agent);
    return { breaker: "consecutive_failures", reason: `${n} failed tool calls in a row (more than ${cfg.max})` };
  }

  /** Output size: more than factor × normal (floored at min_bytes) trips; normal outputs teach the baseline. */
  output(cfg: NonNullable<BreakerConfig["volume"]>, agent: string, task: string, bytes: number): Trip | null {
    const key = `${agent}\u0000${task}`;
    let b = this.sizes.get(key);
    if (!b) this.sizes.set(key, (b = new SizeBaseline(cfg.alpha)));
    const normal = Math.max(b.value ?? 0, cfg.min_bytes);
    if (bytes > cfg.factor * normal) return { breaker: "data_volume", reason: `a tool output of ${bytes} bytes is more than ${cfg.factor}× the normal ${Math.round(normal)} bytes for task type ${task}` };
    b.add(bytes);
    return null;
  }

  /** An operator resumed the agent: start counting afresh. */
  reset(agent: string): void {
    this.failures.delete(agent);
    for (const [k, b] of this.rates) if (k.startsWith(`${agent}\u0000`)) b.clearWindow();
  }
}

const round = (n: number) => Math.round(n * 10) / 10;
