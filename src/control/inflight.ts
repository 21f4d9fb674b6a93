// Executions running right now in this process, so an emergency stop can abort them and a graceful stop
// can wait for them. Each replica tracks its own; the halt reaches the others through the control store.
import type { Target } from "./scope.js";

interface Flight {
  target: Target;
  ctl: AbortController;
  startedAt: number;
}

export class InFlight {
  private readonly flights = new Map<string, Flight>();
  private waiters: (() => void)[] = [];

  begin(callId: string, target: Target, now: number): AbortSignal {
    const ctl = new AbortController();
    this.flights.set(callId, { target, ctl, startedAt: now });
    return ctl.signal;
  }

  end(callId: string): void {
    if (!this.flights.delete(callId)) return;
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  count(match: (t: Target) => boolean): number {
    let n = 0;
    for (const f of this.flights.values()) if (match(f.target)) n++;
    return n;
  }

  /** Abort every matching execution (the executor cancels the upstream request); returns how many. */
  abort(match: (t: Target) => boolean, reason: string): number {
    let n = 0;
    for (const f of this.flights.values()) {
      if (!match(f.target) || f.ctl.signal.aborted) continue;
      f.ctl.abort(new Error(reason));
      n++;
    }
    return n;
  }

  /** Resolve true once no matching execution remains, or false at the deadline (epoch ms, wall clock). */
  async drained(match: (t: Target) => boolean, deadline: number): Promise<boolean> {
    for (;;) {
      if (this.count(match) === 0) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
}
