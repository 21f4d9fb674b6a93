// Per-tool and per-upstream circuit breakers (seed 003 §5): a degraded tool fails fast instead of piling
// up calls. closed → (N failures in a row) → open → (cooldown) → half-open: one probe call; its success
// closes the circuit, its failure opens it again. Each gateway keeps its own view (it sees its own errors).

export type CircuitState = "closed" | "open" | "half_open";

interface Circuit {
  state: CircuitState;
  failures: number;
  openedAt: number;
  probing: boolean;
}

export type Admission = { ok: true; probe: boolean } | { ok: false; retryAfterMs: number; state: CircuitState };

export class Circuits {
  private readonly circuits = new Map<string, Circuit>();

  private get(key: string): Circuit {
    let c = this.circuits.get(key);
    if (!c) this.circuits.set(key, (c = { state: "closed", failures: 0, openedAt: 0, probing: false }));
    return c;
  }

  /** May a call through `key` run now? A half-open circuit lets exactly one probe through. */
  admit(key: string, now: number, cooldownMs: number): Admission {
    const c = this.get(key);
    if (c.state === "closed") return { ok: true, probe: false };
    if (c.state === "open") {
      const left = c.openedAt + cooldownMs - now;
      if (left > 0) return { ok: false, retryAfterMs: left, state: "open" };
      c.state = "half_open";
      c.probing = false;
    }
    if (c.probing) return { ok: false, retryAfterMs: 1000, state: "half_open" };
    c.probing = true;
    return { ok: true, probe: true };
  }

  /** The probe did not run after all (refused later): let another call probe. */
  unprobe(key: string): void {
    this.get(key).probing = false;
  }

  /** Returns true when this result opened the circuit. */
  result(key: string, ok: boolean, now: number, threshold: number): boolean {
    const c = this.get(key);
    if (ok) {
      Object.assign(c, { state: "closed", failures: 0, probing: false });
      return false;
    }
    c.failures++;
    if (c.state === "half_open" || (c.state === "closed" && c.failures >= threshold)) {
      Object.assign(c, { state: "open", openedAt: now, probing: false });
      return true;
    }
    return false;
  }

  snapshot(): Record<string, { state: CircuitState; failures: number; opened_at: number | null }> {
    const out: Record<string, { state: CircuitState; failures: number; opened_at: number | null }> = {};
    for (const [k, c] of this.circuits) if (c.state !== "closed" || c.failures > 0) out[k] = { state: c.state, failures: c.failures, opened_at: c.state === "closed" ? null : c.openedAt };
    return out;
  }
}
