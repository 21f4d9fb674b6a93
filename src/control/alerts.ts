// Alerts for people: always a log line; a JSON POST to the configured webhook when there is one. An alert
// never blocks or fails the action that raised it (the halt is already in force when it is sent).
import type { Logger } from "../gateway/observability/index.js";

export interface Alert {
  severity: "critical" | "warning";
  event: string;
  message: string;
  details?: Record<string, unknown>;
}

export class Alerter {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly webhook: string | null, private readonly logger: Logger, private readonly now: () => number) {}

  send(a: Alert): void {
    this.logger[a.severity === "critical" ? "error" : "warn"]({ event: "control.alert", alert: a.event, ...a.details }, a.message);
    if (!this.webhook) return;
    const body = JSON.stringify({ source: "warden", severity: a.severity, event: a.event, message: a.message, details: a.details ?? {}, at: new Date(this.now()).toISOString() });
    const p = fetch(this.webhook, { method: "POST", headers: { "content-type": "application/json" }, body, signal: AbortSignal.timeout(5000) })
      .then((r) => {
        if (!r.ok) this.logger.error({ event: "control.alert_failed", status: r.status }, "the alert webhook refused the alert");
      })
      .catch((e: unknown) => this.logger.error({ event: "control.alert_failed", err: String(e) }, "the alert webhook could not be reached"));
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** Wait for alerts still being delivered (shutdown, tests). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}
