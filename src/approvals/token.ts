// Signed approval tokens (HMAC-SHA256). A token is bound to the SHA-256 of the canonical call (tool, args,
// session, agent) and to one approval; it expires, and the gateway consumes it once before running the call.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { canonicalJson } from "../core/audit/index.js";

export interface TokenPayload {
  v: 1;
  /** Approval id. */
  aid: string;
  /** Unique token id: what "consumed once" is keyed on. */
  jti: string;
  sid: string;
  agent: string;
  /** sha256 hex of the canonical call. */
  h: string;
  iat: number;
  exp: number;
  by: string[];
}

export interface BoundCall {
  tool: string;
  args: unknown;
  session: string;
  agent: string;
}

export type TokenCheck =
  | { ok: true; payload: TokenPayload }
  | { ok: false; code: "APPROVAL_TOKEN_INVALID" | "APPROVAL_TOKEN_EXPIRED" | "APPROVAL_TOKEN_MISMATCH"; message: string };

const PREFIX = "wat1";

export function callHash(c: BoundCall): string {
  return createHash("sha256").update(canonicalJson({ tool: c.tool, args: c.args ?? null, session: c.session, agent: c.agent })).digest("hex");
}

function mac(key: Buffer, body: string): Buffer {
  return createHmac("sha256", key).update(`${PREFIX}.${body}`).digest();
}

export function signToken(key: Buffer, p: { approvalId: string; call: BoundCall; now: number; ttlMs: number; approvers: string[] }): { token: string; payload: TokenPayload } {
  const payload: TokenPayload = { v: 1, aid: p.approvalId, jti: randomBytes(16).toString("hex"), sid: p.call.session, agent: p.call.agent, h: callHash(p.call), iat: p.now, exp: p.now + p.ttlMs, by: p.approvers };
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return { token: `${PREFIX}.${body}.${mac(key, body).toString("base64url")}`, payload };
}

/**
 * Verify a token for the call about to run. SECURITY: the signature is checked first (constant time), then
 * expiry, then the binding to this approval and this exact call; any doubt refuses.
 */
export function verifyToken(key: Buffer, token: string, expected: { approvalId: string; call: BoundCall }, now: number): TokenCheck {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== PREFIX) return { ok: false, code: "APPROVAL_TOKEN_INVALID", message: "the approval token is malformed" };
  const [, body, sig] = parts as [string, string, string];
  const want = mac(key, body);
  const got = Buffer.from(sig, "base64url");
  if (got.length !== want.length || !timingSafeEqual(got, want)) return { ok: false, code: "APPROVAL_TOKEN_INVALID", message: "the approval token's signature does not verify" };
  let payload: TokenPayload;
  try {
    payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as TokenPayload;
  } catch {
    return { ok: false, code: "APPROVAL_TOKEN_INVALID", message: "the approval token's payload does not parse" };
  }
  if (payload.v !== 1 || typeof payload.exp !== "number" || typeof payload.jti !== "string") return { ok: false, code: "APPROVAL_TOKEN_INVALID", message: "the approval token has an unknown shape" };
  if (now >= payload.exp) return { ok: false, code: "APPROVAL_TOKEN_EXPIRED", message: `the approval token expired at ${new Date(payload.exp).toISOString()}` };
  if (payload.aid !== expected.approvalId || payload.sid !== expected.call.session || payload.agent !== expected.call.agent)
    return { ok: false, code: "APPROVAL_TOKEN_MISMATCH", message: "the approval token was issued for another approval, session or agent" };
  if (payload.h !== callHash(expected.call)) return { ok: false, code: "APPROVAL_TOKEN_MISMATCH", message: "the call differs from the one that was approved (tool or arguments changed)" };
  return { ok: true, payload };
}
