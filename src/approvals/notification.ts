// Webhook notifications: a Slack-compatible body (text + blocks) that also carries the full context as
// `warden`, signed so the receiver can check it came from this gateway.
import { createHmac, timingSafeEqual } from "node:crypto";

export type NotificationKind = "requested" | "escalated" | "decayed" | "expired";

export interface NotificationInput {
  kind: NotificationKind;
  group: string;
  approval_id: string | null;
  summary: string;
  /** The full context (what `GET /admin/approvals/{id}` shows). */
  context: Record<string, unknown>;
  links: Record<string, string>;
}

const TITLE: Record<NotificationKind, string> = {
  requested: "Approval requested",
  escalated: "ESCALATED: approval still waiting",
  decayed: "Ran without a checkpoint (progressive autonomy): review",
  expired: "Approval expired (denied)",
};

export function notificationBody(n: NotificationInput): Record<string, unknown> {
  const text = `${TITLE[n.kind]} (${n.group}): ${n.summary}`;
  const linkLine = Object.entries(n.links).map(([k, u]) => `<${u}|${k}>`).join(" · ");
  return {
    text,
    blocks: [
      { type: "header", text: { type: "plain_text", text: TITLE[n.kind] } },
      { type: "section", text: { type: "mrkdwn", text: n.summary } },
      ...(linkLine ? [{ type: "context", elements: [{ type: "mrkdwn", text: linkLine }] }] : []),
    ],
    warden: { kind: n.kind, group: n.group, approval_id: n.approval_id, links: n.links, context: n.context },
  };
}

/** `X-Warden-Signature: t=<unix ms>,v1=<hex HMAC-SHA256 of "<t>.<body>">` (timestamped against replay). */
export function signBody(secret: string, body: string, t: number): string {
  return `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;
}

/** For receivers (and tests): check a signature header against the raw body. */
export function verifyBodySignature(secret: string, body: string, header: string): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!m) return false;
  const want = Buffer.from(signBody(secret, body, Number(m[1])).split("v1=")[1] as string, "hex");
  const got = Buffer.from(m[2] as string, "hex");
  return want.length === got.length && timingSafeEqual(want, got);
}
