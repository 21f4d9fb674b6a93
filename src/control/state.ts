// The control state a gateway enforces, cached in memory and kept current by polling the control store's
// changesSince(revision). A change written by this process is applied at once; one written by another
// replica is applied within one poll interval (config `control.poll`, default 25 ms).
import type { ControlEntry, ControlStore, Json } from "../ports/index.js";
import type { Logger } from "../gateway/observability/index.js";
import { HALT_PREFIX, keysFor, PAUSE_PREFIX, type Target } from "./scope.js";
import type { HaltValue, PauseValue } from "./types.js";

export type ChangeListener = (key: string, value: Json) => void;

export class ControlState {
  private readonly halts = new Map<string, HaltValue>();
  private readonly pauses = new Map<string, PauseValue>();
  /** Revision seen per key, so a value is announced to listeners once. */
  private readonly seen = new Map<string, number>();
  private revision = 0;
  /** Keys applied locally whose store write has not been confirmed yet. */
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private syncing: Promise<void> | null = null;
  private readonly listeners: ChangeListener[] = [];

  constructor(private readonly store: ControlStore, private readonly logger: Logger) {}

  onChange(l: ChangeListener): void {
    this.listeners.push(l);
  }

  async start(pollMs: number): Promise<void> {
    await this.sync();
    if (pollMs > 0) {
      this.timer = setInterval(() => void this.sync().catch((e) => this.logger.error({ event: "control.poll_failed", err: String(e) }, "control state could not be read; the last known state stays in force")), pollMs);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Read changes since the last revision seen (coalesced: concurrent callers share one read). */
  sync(): Promise<void> {
    this.syncing ??= (async () => {
      try {
        for (const e of await this.store.changesSince(this.revision)) {
          this.apply(e.key, e.value, e.revision);
          if (e.revision > this.revision) this.revision = e.revision;
        }
      } finally {
        this.syncing = null;
      }
    })();
    return this.syncing;
  }

  /**
   * Apply a value. `revision` 0 means "written here, revision not known yet": applied at once; the store's
   * copy is applied again when the poll brings it back. Listeners must be idempotent.
   */
  apply(key: string, value: Json, revision: number): void {
    if (revision === 0) this.pending.add(key);
    // A poll that read the store before our own write landed must not undo what we applied locally.
    else if (this.pending.has(key)) return;
    const prior = this.seen.get(key) ?? -1;
    if (revision !== 0 && revision <= prior) return;
    if (revision !== 0) this.seen.set(key, revision);
    if (key.startsWith(HALT_PREFIX)) {
      const v = value as unknown as HaltValue;
      if (v.active) this.halts.set(key, v);
      else this.halts.delete(key);
    } else if (key.startsWith(PAUSE_PREFIX)) {
      const v = value as unknown as PauseValue;
      if (v.active) this.pauses.set(key, v);
      else this.pauses.delete(key);
    }
    for (const l of this.listeners) l(key, value);
  }

  /** Our own write of `key` landed at `revision`: from now on the store is the truth for it again. */
  confirm(key: string, value: Json, revision: number): void {
    this.pending.delete(key);
    this.apply(key, value, revision);
  }

  /** The halt in force for a target (emergency before graceful), if any. */
  haltFor(t: Target): HaltValue | undefined {
    // Checked three times per call, almost always with no halt in force: skip building the keys then.
    if (this.halts.size === 0) return undefined;
    let found: HaltValue | undefined;
    for (const k of keysFor(t)) {
      const h = this.halts.get(k);
      if (h && (!found || h.level === "emergency")) found = h;
    }
    return found;
  }

  pauseFor(agent: string): PauseValue | undefined {
    return this.pauses.get(PAUSE_PREFIX + agent);
  }

  halts_(): HaltValue[] {
    return [...this.halts.values()];
  }

  pauses_(): PauseValue[] {
    return [...this.pauses.values()];
  }

  entries(prefix: string): Promise<ControlEntry[]> {
    return this.store.list().then((all) => all.filter((e) => e.key.startsWith(prefix)));
  }
}
