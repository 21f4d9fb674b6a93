// Concurrency caps: per agent and for the whole gateway. Excess calls are shed at once (429 for an agent
// over its share, 503 when the gateway is full) with Retry-After, rather than queued without bound.
export class Limiter {
  private global = 0;
  private readonly perAgent = new Map<string, number>();

  constructor(private readonly maxGlobal: number, private readonly maxPerAgent: number) {}

  acquire(agent: string): { ok: true; release: () => void } | { ok: false; reason: "agent" | "global" } {
    const mine = this.perAgent.get(agent) ?? 0;
    if (mine >= this.maxPerAgent) return { ok: false, reason: "agent" };
    if (this.global >= this.maxGlobal) return { ok: false, reason: "global" };
    this.global++;
    this.perAgent.set(agent, mine + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.global--;
        const n = (this.perAgent.get(agent) ?? 1) - 1;
        if (n <= 0) this.perAgent.delete(agent);
        else this.perAgent.set(agent, n);
      },
    };
  }

  get inFlight(): number {
    return this.global;
  }
}
