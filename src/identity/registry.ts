// Where credentials live: the control store (shared by every replica), one entry per credential.
import type { ControlStore } from "../ports/index.js";
import type { Json } from "../ports/index.js";
import { hashSecret, mintCredential, parseToken, secretMatches, type AgentKeyRecord, type CredentialRecord, type PersonRole, type PersonTokenRecord } from "./tokens.js";

const KEY = (id: string) => `credential:${id}`;

export type Identity =
  | { kind: "agent"; agent: string; credential: string }
  | { kind: "person"; user: string; role: PersonRole; tenant: string | null; credential: string };

export class IdentityRegistry {
  constructor(private readonly control: ControlStore, private readonly now: () => number = Date.now) {}

  async createAgentKey(agent: string, label?: string): Promise<{ record: AgentKeyRecord; token: string }> {
    const m = mintCredential("agent");
    const record: AgentKeyRecord = { kind: "agent", id: m.id, agent, hash: hashSecret(m.secret), created_at: this.now(), revoked_at: null, label: label ?? null };
    await this.control.set(KEY(m.id), record as unknown as Json);
    return { record, token: m.token };
  }

  async createPersonToken(user: string, role: PersonRole, tenant?: string | null): Promise<{ record: PersonTokenRecord; token: string }> {
    const m = mintCredential("person");
    const record: PersonTokenRecord = { kind: "person", id: m.id, user, role, tenant: tenant ?? null, hash: hashSecret(m.secret), created_at: this.now(), revoked_at: null };
    await this.control.set(KEY(m.id), record as unknown as Json);
    return { record, token: m.token };
  }

  async revoke(id: string): Promise<CredentialRecord | null> {
    const e = await this.control.get(KEY(id));
    if (!e) return null;
    const rec = { ...(e.value as unknown as CredentialRecord), revoked_at: this.now() };
    await this.control.set(KEY(id), rec as unknown as Json);
    return rec;
  }

  async list(): Promise<(Omit<AgentKeyRecord, "hash"> | Omit<PersonTokenRecord, "hash">)[]> {
    return (await this.control.list())
      .filter((e) => e.key.startsWith("credential:"))
      .map((e) => {
        const { hash: _h, ...rest } = e.value as unknown as CredentialRecord;
        return rest;
      });
  }

  /** Who presents this bearer token, or null (unknown, malformed, revoked, or wrong secret). */
  async authenticate(token: string): Promise<Identity | null> {
    const t = parseToken(token);
    if (!t) return null;
    const e = await this.control.get(KEY(t.id));
    if (!e) return null;
    const rec = e.value as unknown as CredentialRecord;
    if (rec.kind !== t.kind || rec.revoked_at !== null || !secretMatches(rec, t.secret)) return null;
    return rec.kind === "agent" ? { kind: "agent", agent: rec.agent, credential: rec.id } : { kind: "person", user: rec.user, role: rec.role, tenant: rec.tenant, credential: rec.id };
  }
}
