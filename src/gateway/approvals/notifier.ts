// Webhook delivery per group, in the background: signed, retried with exponential backoff, audited. A
// failed notification changes nothing about the request: it still waits, and no answer is still a denial.
import { randomUUID } from "node:crypto";
import { notificationBody, signBody, type ApprovalsConfig, type NotificationInput } from "../../approvals/index.js";
import type { Runtime } from "../runtime.js";

const ATTEMPT_TIMEOUT_MS = 10_000;

export class Notifier {
  private readonly inflight = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly rt: Runtime, private readonly cfg: ApprovalsConfig) {}

  /** Queue a notification to a group's webhook; returns at once. */
  send(n: NotificationInput): void {
    const w = this.cfg.webhooks[n.group];
    if (!w) {
      this.rt.logger.debug({ event: "approval.notify_skipped", group: n.group, approval_id: n.approval_id }, "no webhook configured for this group");
      return;
    }
    const p = this.deliver(w.url, w.secret, n).catch((e) => this.rt.logger.error({ event: "approval.notify_error", err: String(e) }, "notification crashed"));
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  /** Wait for every queued delivery (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.inflight.size) await Promise.all([...this.inflight]);
  }

  close(): void {
    this.closed = true;
  }

  private async deliver(url: string, secret: string | null, n: NotificationInput): Promise<void> {
    const body = JSON.stringify(notificationBody(n));
    const delivery = randomUUID();
    let last = "";
    let attempts = 0;
    for (let i = 0; i <= this.cfg.notify.retries && !this.closed; i++) {
      attempts = i + 1;
      const headers: Record<string, string> = { "content-type": "application/json", "x-warden-event": `approval.${n.kind}`, "x-warden-delivery": delivery };
      if (secret) headers["x-warden-signature"] = signBody(secret, body, Date.now());
      try {
        const res = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS), redirect: "error" });
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) return this.record(n, true, attempts, `HTTP ${res.status}`);
        last = `HTTP ${res.status}`;
      } catch (e) {
        last = (e as Error).message;
      }
      if (i < this.cfg.notify.retries) await new Promise((r) => setTimeout(r, this.cfg.notify.backoff_ms * 2 ** i).unref());
    }
    await this.record(n, false, attempts, last);
  }

  private async record(n: NotificationInput, ok: boolean, attempts: number, detail: string): Promise<void> {
    const ctx = n.context as { session_id?: string; agent?: string; tenant?: string | null; tool?: string };
    this.rt.logger[ok ? "info" : "warn"]({ event: ok ? "approval.notified" : "approval.notify_failed", group: n.group, approval_id: n.approval_id, attempts, detail }, ok ? "notification delivered" : "notification failed");
    await this.rt.audit
      .append({ kind: "approval", action: ok ? "approval.notified" : "approval.notify_failed", session_id: ctx.session_id ?? null, agent_id: ctx.agent ?? null, tenant: ctx.tenant ?? null, tool_name: ctx.tool ?? null, details: { approval_id: n.approval_id, group: n.group, kind: n.kind, attempts, detail } })
      .catch(() => undefined); // the audit log may already be closed at shutdown
  }
}
