// Credentials for agents (API keys) and people (tokens with roles). Only a SHA-256 of the secret is stored:
// the secrets are 256-bit random values, so a fast hash is enough and no salt is needed.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export type PersonRole = "admin" | "operator" | "approver" | "auditor";
export const PERSON_ROLES: readonly PersonRole[] = ["admin", "operator", "approver", "auditor"];

export interface AgentKeyRecord {
  kind: "agent";
  id: string;
  agent: string;
  hash: string;
  created_at: number;
  revoked_at: number | null;
  label: string | null;
}

export interface PersonTokenRecord {
  kind: "person";
  id: string;
  user: string;
  role: PersonRole;
  /** When set, the token only reaches this tenant's agents, sessions, approvals and records. */
  tenant: string | null;
  hash: string;
  created_at: number;
  revoked_at: number | null;
}

export type CredentialRecord = AgentKeyRecord | PersonTokenRecord;

const PREFIX = { agent: "wdn_ak", person: "wdn_pt" } as const;

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** A new credential: `wdn_ak_<id>_<secret>`; the id locates the record, the secret proves possession. */
export function mintCredential(kind: "agent" | "person"): { id: string; secret: string; token: string } {
  const id = randomBytes(6).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  return { id, secret, token: `${PREFIX[kind]}_${id}_${secret}` };
}

export function parseToken(token: string): { kind: "agent" | "person"; id: string; secret: string } | null {
  const m = /^(wdn_ak|wdn_pt)_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return null;
  return { kind: m[1] === PREFIX.agent ? "agent" : "person", id: m[2] as string, secret: m[3] as string };
}

// SECURITY: constant-time comparison of the stored hash with the presented secret's hash.
export function secretMatches(record: { hash: string }, secret: string): boolean {
  const a = Buffer.from(record.hash, "hex");
  const b = Buffer.from(hashSecret(secret), "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
