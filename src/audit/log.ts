// The audit log writer: redact → split → hash → append (durable) → acknowledge. Signs tree heads every
// `headEveryRecords` records and every `headIntervalMs` while records arrive.
import type { AuditStore, AuditTail } from "../ports/audit.js";
import { WardenError } from "../core/errors/index.js";
import { canonicalHeader, canonicalJson, Frontier, splitDraft, toHex, toRanges, type AuditDraft, type AuditHeader, type SignedTreeHead } from "../core/audit/index.js";
import { nodeHasher, leafHashOf, sha256Hex } from "./hash.js";
import { signHead, type SigningKey } from "./keys.js";
import { defaultRedactor, type Redactor } from "./redactor.js";
import type { HeadsFile } from "./heads-file.js";
import { eventDraft, intentDraft, outcomeDraft, type EventInput, type IntentInput, type IntentSummary, type OutcomeInput } from "./inputs.js";
import { WriterThread } from "./writer-thread.js";
import { GroupPipeline, type BuiltBatch } from "./group-pipeline.js";

export type Durability = "strict" | "group";

/** Open intents remembered for their outcome by default (oldest forgotten first). */
const CACHED_INTENTS = 10_000;

export interface AuditLogOptions {
  store: AuditStore;
  key: SigningKey;
  /** strict: one fsync per record before it is acknowledged. group: records arriving within groupWindowMs share one fsync. */
  durability?: Durability;
  groupWindowMs?: number;
  groupMaxRecords?: number;
  headEveryRecords?: number;
  /** 0 disables the timer (tests); heads are still signed every headEveryRecords and on flush/close. */
  headIntervalMs?: number;
  redactor?: Redactor;
  headsFile?: HeadsFile | null;
  /** Epoch ms; injectable for tests. */
  now?: () => number;
  /**
   * Group mode only: commit batches on a worker thread with its own connection to this SQLite file, so
   * the transaction and fsync never block the event loop. openAudit() sets it; null: commit inline.
   */
  writerThread?: { file: string; busyTimeoutMs?: number } | null;
  /** How many open intents to remember for their outcomes (default 10,000); older ones are read back. */
  cachedIntents?: number;
}

export interface AppendReceipt {
  seq: number;
  timestamp: string;
}

interface Prepared {
  head: ReturnType<typeof splitDraft>["head"];
  payloadText: string;
  digest: string;
  principal: string | null;
}

interface Built extends BuiltBatch {
  signed: SignedTreeHead | null;
}

interface Waiter {
  p: Prepared;
  resolve: (r: AppendReceipt) => void;
  reject: (e: unknown) => void;
}

export class AuditLog {
  private readonly store: AuditStore;
  private readonly key: SigningKey;
  readonly durability: Durability;
  private readonly windowMs: number;
  private readonly maxBatch: number;
  private readonly headEvery: number;
  private readonly redactor: Redactor;
  private readonly headsFile: HeadsFile | null;
  private readonly now: () => number;
  private queue: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private headTimer: ReturnType<typeof setInterval> | null = null;
  private lastSigned: SignedTreeHead | null = null;
  private closed = false;
  private inflight: Promise<void> = Promise.resolve();
  /** Intents not yet completed, so an outcome need not read its intent back from the store. */
  private readonly openIntents = new Map<number, IntentSummary>();
  /** Seqs of cached intents in the order they were cached (some since completed): the eviction order. */
  private intentOrder: number[] = [];
  private orderHead = 0;
  private readonly cachedIntents: number;
  private writer: WriterThread | null = null;
  private pipeline: GroupPipeline<Prepared, Built> | null = null;

  private constructor(o: AuditLogOptions) {
    this.store = o.store;
    this.key = o.key;
    this.durability = o.durability ?? "strict";
    this.windowMs = o.groupWindowMs ?? 0;
    this.maxBatch = o.groupMaxRecords ?? 5000;
    this.headEvery = o.headEveryRecords ?? 1000;
    this.redactor = o.redactor ?? defaultRedactor;
    this.headsFile = o.headsFile ?? null;
    this.now = o.now ?? Date.now;
    this.cachedIntents = o.cachedIntents ?? CACHED_INTENTS;
    const interval = o.headIntervalMs ?? 1000;
    if (interval > 0) {
      this.headTimer = setInterval(() => void this.signHeadIfNew().catch(() => undefined), interval);
      this.headTimer.unref();
    }
  }

  static async open(o: AuditLogOptions): Promise<AuditLog> {
    const log = new AuditLog(o);
    const heads = await o.store.heads();
    const last = heads[heads.length - 1];
    if (last) log.lastSigned = JSON.parse(last.json) as SignedTreeHead;
    if (log.durability === "group" && o.writerThread) {
      const tail = await o.store.tail();
      const lastLeaf = tail.size > 0 ? ((await o.store.leafHashes(tail.size, tail.size))[0] ?? null) : null;
      log.writer = new WriterThread(o.writerThread.file, o.writerThread.busyTimeoutMs);
      const hooks = { build: (t: AuditTail, items: Prepared[]) => log.build(t, items), committed: (items: Prepared[], b: Built) => log.afterCommit(items, b) };
      log.pipeline = new GroupPipeline(log.writer, o.store, hooks, { tail, lastLeaf }, log.maxBatch);
    }
    return log;
  }

  /** Write-ahead: durable before it resolves. If it rejects, the call must not run (fail closed). */
  appendIntent(input: IntentInput): Promise<AppendReceipt> {
    return this.enqueue(intentDraft(input));
  }

  async appendOutcome(intentSeq: number, outcome: OutcomeInput): Promise<AppendReceipt> {
    const intent = this.openIntents.get(intentSeq) ?? (await this.readIntent(intentSeq));
    const receipt = await this.enqueue(outcomeDraft(intentSeq, intent, outcome));
    this.openIntents.delete(intentSeq);
    return receipt;
  }

  /** Approvals, control actions, context snapshots. */
  append(event: EventInput): Promise<AppendReceipt> {
    return this.enqueue(eventDraft(event));
  }

  /**
   * Retention: one purge record naming `seqs`, committed in the same transaction that deletes their payloads.
   * INVARIANT: a payload is never deleted without a purge record that names it.
   */
  async appendPurge(seqs: number[], details: unknown): Promise<AppendReceipt> {
    await this.drain();
    const sorted = [...new Set(seqs)].sort((a, b) => a - b);
    const draft: AuditDraft = { ...eventDraft({ kind: "control", action: "retention_purge", details }), kind: "purge", category: "control", purged: toRanges(sorted) };
    const [receipt] = await this.commit([this.prepare(draft)], sorted);
    return receipt as AppendReceipt;
  }

  /** Commit everything queued, then sign a head for the current size (if it grew). */
  async flush(): Promise<SignedTreeHead | null> {
    await this.drain();
    await this.signHeadIfNew();
    return this.lastSigned;
  }

  /** Sign and store a head for the current tree, even if one exists for this size. */
  async signHead(): Promise<SignedTreeHead> {
    await this.drain();
    const tail = this.pipeline ? this.pipeline.tail : await this.store.tail();
    const head = this.makeHead(new Frontier(nodeHasher, tail.size, tail.frontier));
    const json = JSON.stringify(head);
    if (this.pipeline) await this.pipeline.writeHead(head.tree_size, json, tail.frontier);
    else await this.store.putHead({ treeSize: head.tree_size, json });
    // First writer wins per size; if a head for this size already existed, that one is the head of record.
    const stored = (await this.store.heads()).find((h) => h.treeSize === head.tree_size);
    if (!stored || stored.json === json) {
      this.noteSigned(head);
      return head;
    }
    this.lastSigned = JSON.parse(stored.json) as SignedTreeHead;
    return this.lastSigned;
  }

  get latestHead(): SignedTreeHead | null {
    return this.lastSigned;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    if (this.headTimer) clearInterval(this.headTimer);
    this.headsFile?.close();
    await this.writer?.close();
  }

  // ---- internals ----

  private prepare(draft: AuditDraft): Prepared {
    if (typeof draft.action !== "string" || draft.action.length === 0) throw new WardenError("AUDIT_BAD_RECORD", "a record needs a non-empty action");
    // SECURITY: redaction happens before hashing; the digest and the stored text see only masked values.
    const { head, payload } = splitDraft(this.redactor(draft));
    let payloadText: string;
    try {
      payloadText = canonicalJson(payload);
    } catch (err) {
      throw new WardenError("AUDIT_BAD_RECORD", (err as Error).message, { cause: err });
    }
    return { head, payloadText, digest: `sha256:${sha256Hex(payloadText)}`, principal: payload.principal };
  }

  private enqueue(draft: AuditDraft): Promise<AppendReceipt> {
    if (this.closed) return Promise.reject(new WardenError("AUDIT_CLOSED", "the audit log is closed"));
    let p: Prepared;
    try {
      p = this.prepare(draft);
    } catch (err) {
      return Promise.reject(err);
    }
    if (this.durability === "strict") return this.commit([p]).then((r) => r[0] as AppendReceipt);
    if (this.pipeline) return this.pipeline.enqueue(p);
    return new Promise<AppendReceipt>((resolve, reject) => {
      this.queue.push({ p, resolve, reject });
      if (this.queue.length >= this.maxBatch) this.kick(0);
      else if (this.timer === null) this.kick(this.windowMs);
    });
  }

  private cancelTimer(): void {
    if (this.timer === null) return;
    clearTimeout(this.timer);
    clearImmediate(this.timer as unknown as NodeJS.Immediate);
    this.timer = null;
  }

  private kick(delay: number): void {
    this.cancelTimer();
    // With no window, commit on the next turn of the event loop: records that arrive while a commit holds
    // the thread (the fsync) form the next batch by themselves, so batching costs no added latency.
    // setTimeout(0) would wait at least 1 ms.
    if (delay <= 0) {
      const imm = setImmediate(() => {
        if (this.timer === marker) this.timer = null;
        void this.runQueue();
      });
      const marker = imm as unknown as ReturnType<typeof setTimeout>;
      this.timer = marker;
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runQueue();
    }, delay);
  }

  private runQueue(): Promise<void> {
    // Batches are committed one after another; each caller resolves only after its own batch's fsync.
    this.inflight = this.inflight.then(async () => {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          const receipts = await this.commit(batch.map((w) => w.p));
          batch.forEach((w, i) => w.resolve(receipts[i] as AppendReceipt));
        } catch (err) {
          for (const w of batch) w.reject(err);
        }
      }
    });
    return this.inflight;
  }

  private async drain(): Promise<void> {
    if (this.pipeline) return this.pipeline.drain();
    if (this.timer !== null) {
      this.cancelTimer();
    }
    await this.runQueue();
  }

  private async commit(batch: Prepared[], purge?: number[]): Promise<AppendReceipt[]> {
    let built: Built | null = null;
    try {
      await this.store.append((tail) => {
        built = this.build(tail, batch);
        return {
          rows: built.rows,
          tail: built.tail,
          ...(built.signed ? { heads: [{ treeSize: built.signed.tree_size, json: JSON.stringify(built.signed) }] } : {}),
          ...(purge && purge.length > 0 ? { purge } : {}),
        };
      });
    } catch (err) {
      throw new WardenError("AUDIT_WRITE_FAILED", `audit record could not be made durable: ${(err as Error).message}`, { cause: err });
    }
    const b = built as unknown as Built;
    this.afterCommit(batch, b);
    return b.receipts;
  }

  /** Number, time-stamp and hash a batch from the tail it follows; sign a head when one is due. Pure apart from the clock. */
  private build(tail: AuditTail, batch: Prepared[]): Built {
    const f = new Frontier(nodeHasher, tail.size, tail.frontier);
    const ts = new Date(this.now()).toISOString();
    const receipts: AppendReceipt[] = [];
    const rows = batch.map((p) => {
      const seq = f.size + 1;
      const header: AuditHeader = { v: 1, seq, timestamp: ts, ...p.head, payload_sha256: p.digest };
      const text = canonicalHeader(header);
      const leafHash = leafHashOf(text);
      f.push(leafHash);
      receipts.push({ seq, timestamp: ts });
      return { seq, header: text, leafHash, payload: p.payloadText };
    });
    const sinceHead = f.size - (this.lastSigned?.tree_size ?? 0);
    const signed = sinceHead >= this.headEvery ? this.makeHead(f) : null;
    return { rows, tail: { size: f.size, frontier: f.subtrees }, receipts, signed, heads: signed ? [[signed.tree_size, JSON.stringify(signed)]] : [] };
  }

  private afterCommit(batch: Prepared[], b: Built): void {
    for (let i = 0; i < batch.length; i++) {
      const p = batch[i] as Prepared;
      if (p.head.kind === "intent") this.rememberIntent((b.receipts[i] as AppendReceipt).seq, summaryOf(p));
    }
    if (b.signed) this.noteSigned(b.signed);
  }

  /**
   * A cache, not the truth: intents whose outcome never comes (a crash, a caller that gives up) must not
   * grow it without bound; the oldest is forgotten first, and an outcome for it reads it back from the store.
   * The eviction order is kept in an array, not read from the Map: `keys().next()` walks over every entry
   * deleted since the Map last rehashed, thousands of them when intents are evicted one per append (it was
   * 15% of group commit's main-thread CPU).
   */
  private rememberIntent(seq: number, summary: IntentSummary): void {
    this.openIntents.set(seq, summary);
    this.intentOrder.push(seq);
    // INVARIANT: every key of openIntents is in intentOrder[orderHead..], oldest first.
    while (this.openIntents.size > this.cachedIntents) this.openIntents.delete(this.intentOrder[this.orderHead++] as number);
    const queued = this.intentOrder.length - this.orderHead;
    // Completed intents stay in the order array until evicted or compacted; compacting when it holds over
    // twice the cache bound keeps it bounded, at an amortised O(1) per intent.
    if (queued > 2 * this.cachedIntents + 1024) this.intentOrder = this.intentOrder.slice(this.orderHead).filter((s) => this.openIntents.has(s));
    else if (this.orderHead > 1024 && 2 * this.orderHead > this.intentOrder.length) this.intentOrder = this.intentOrder.slice(this.orderHead);
    else return;
    this.orderHead = 0;
  }

  private makeHead(f: Frontier): SignedTreeHead {
    return signHead(this.key, { tree_size: f.size, root_hash: toHex(f.root()), timestamp: new Date(this.now()).toISOString() });
  }

  private noteSigned(h: SignedTreeHead): void {
    this.lastSigned = h;
    this.headsFile?.append(h);
  }

  private async signHeadIfNew(): Promise<void> {
    if (this.closed) return;
    const tail = this.pipeline ? this.pipeline.tail : await this.store.tail();
    if (tail.size === 0 || tail.size <= (this.lastSigned?.tree_size ?? 0)) return;
    const head = this.makeHead(new Frontier(nodeHasher, tail.size, tail.frontier));
    if (this.pipeline) await this.pipeline.writeHead(head.tree_size, JSON.stringify(head), tail.frontier);
    else await this.store.putHead({ treeSize: head.tree_size, json: JSON.stringify(head) });
    this.noteSigned(head);
  }

  private async readIntent(seq: number): Promise<IntentSummary> {
    const row = await this.store.get(seq);
    const h = row ? (JSON.parse(row.header) as AuditHeader) : null;
    if (!row || !h || h.kind !== "intent") throw new WardenError("AUDIT_UNKNOWN_INTENT", `record ${seq} is not an intent in this log`);
    const payload = row.payload ? (JSON.parse(row.payload) as { principal?: string | null }) : {};
    return { category: h.category, tenant: h.tenant, session_id: h.session_id, agent_id: h.agent_id, tool_name: h.tool_name, verdict: h.verdict, risk_tier: h.risk_tier, rule_ids: h.rule_ids, policy_hash: h.policy_hash, correlation_id: h.correlation_id, trace_id: h.trace_id, principal: payload.principal ?? null };
  }
}

function summaryOf(p: Prepared): IntentSummary {
  const h = p.head;
  return { category: h.category, tenant: h.tenant, session_id: h.session_id, agent_id: h.agent_id, tool_name: h.tool_name, verdict: h.verdict, risk_tier: h.risk_tier, rule_ids: h.rule_ids, policy_hash: h.policy_hash, correlation_id: h.correlation_id, trace_id: h.trace_id, principal: p.principal };
}
