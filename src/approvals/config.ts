// The `approvals` section of warden.yaml, resolved with defaults. Everything is optional: with no section,
// approvals work with the policy's groups open to any approver (see docs/approvals.md) and no webhooks.
import { parseDuration } from "../core/policy/index.js";

export interface WebhookConfig {
  url: string;
  /** HMAC key for the X-Warden-Signature header; without it notifications are sent unsigned. */
  secret: string | null;
}

export interface ApprovalsConfig {
  /** Group → user ids. null: no groups configured, so group membership is not checked (role still is). */
  groups: Record<string, string[]> | null;
  webhooks: Record<string, WebhookConfig>;
  /** Re-notify `group` once `after` (a fraction of the deadline) has passed without an answer. */
  escalation: { after: number; group: string | null };
  /** Progressive autonomy: after `after` clean approvals of one class, a medium-risk checkpoint becomes a notification. */
  decay: { enabled: boolean; after: number };
  batching: { window_ms: number };
  token: { ttl_ms: number; secret: string | null };
  notify: { retries: number; backoff_ms: number };
  /** Base URL for links in notifications (default: the gateway's own address). */
  public_url: string | null;
}

export const DEFAULT_APPROVALS: ApprovalsConfig = {
  groups: null,
  webhooks: {},
  escalation: { after: 0.5, group: null },
  decay: { enabled: true, after: 50 },
  batching: { window_ms: 60_000 },
  token: { ttl_ms: 5 * 60_000, secret: null },
  notify: { retries: 4, backoff_ms: 500 },
  public_url: null,
};

type Raw = Record<string, unknown> | undefined;
const obj = (o: unknown, k: string): Raw => (o && typeof o === "object" ? ((o as Record<string, unknown>)[k] as Raw) : undefined);
const dur = (s: unknown, d: number): number => (typeof s === "string" ? (parseDuration(s) ?? d) : d);

/** Resolve the raw (schema-validated) section. */
export function approvalsConfig(raw: unknown): ApprovalsConfig {
  const d = DEFAULT_APPROVALS;
  if (!raw || typeof raw !== "object") return structuredClone(d);
  const r = raw as Record<string, unknown>;
  const webhooks: Record<string, WebhookConfig> = {};
  for (const [g, w] of Object.entries((r["webhooks"] ?? {}) as Record<string, { url: string; secret?: string }>)) webhooks[g] = { url: w.url, secret: w.secret ?? null };
  const esc = obj(r, "escalation");
  const decay = obj(r, "decay");
  const token = obj(r, "token");
  const notify = obj(r, "notify");
  return {
    groups: r["groups"] ? structuredClone(r["groups"] as Record<string, string[]>) : null,
    webhooks,
    escalation: { after: (esc?.["after"] as number | undefined) ?? d.escalation.after, group: (esc?.["group"] as string | undefined) ?? null },
    decay: { enabled: (decay?.["enabled"] as boolean | undefined) ?? d.decay.enabled, after: (decay?.["after"] as number | undefined) ?? d.decay.after },
    batching: { window_ms: dur(obj(r, "batching")?.["window"], d.batching.window_ms) },
    token: { ttl_ms: dur(token?.["ttl"], d.token.ttl_ms), secret: (token?.["secret"] as string | undefined) ?? null },
    notify: { retries: (notify?.["retries"] as number | undefined) ?? d.notify.retries, backoff_ms: dur(notify?.["backoff"], d.notify.backoff_ms) },
    public_url: (r["public_url"] as string | undefined) ?? null,
  };
}
