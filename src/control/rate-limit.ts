// Rate limits (policy `rate_limits`: per tool or "*", per session, agent or tenant) as token buckets
// shared through the counters port, so every replica draws from the same bucket.
//
// How: each admitted call holds one unit of a reservation that is never settled and expires when the
// bucket would have refilled its token. A bucket of capacity N refilling one token every window/N ms
// always has its taken tokens returning back to back, the latest k·window/N from now when k are out, so
// a new token returns at now + (k+1)·window/N. reserve() with limit N is atomic across processes, so the
// burst never exceeds N even when two replicas race (a race can only shift a refill time slightly).
import type { Rate } from "../core/index.js";
import type { HookContext } from "../gateway/hooks.js";
import type { CallResponse } from "../gateway/pipeline/respond.js";

type Limit = Rate & { per: "session" | "agent" | "tenant" };

export async function takeRateTokens(hc: HookContext): Promise<CallResponse | null> {
  const { rt, call } = hc;
  const limits = rt.policies.policy.rateLimits;
  const apply: [string, Limit][] = [];
  for (const name of [call.tool, "*"]) {
    const l = limits.get(name);
    if (l) apply.push([name, l]);
  }
  const taken: string[] = [];
  for (const [name, l] of apply) {
    const owner = l.per === "session" ? hc.sessionId : l.per === "agent" ? hc.agent : hc.tenant;
    if (owner === null) continue;
    const key = `rate:${name}:${l.per}:${owner}`;
    const now = rt.now();
    const interval = l.window_ms / l.limit;
    const out = (await rt.store.counters.get(key, now)).reserved["calls"] ?? 0;
    const id = `${hc.callId}:rate:${name}`;
    const r = await rt.store.counters.reserve({ key, reservationId: id, amounts: { calls: 1 }, limits: { calls: l.limit }, now, expiresAt: now + (Math.min(out, l.limit - 1) + 1) * interval });
    if (!r.ok) {
      // Give back tokens taken from other buckets for this call: it does not run.
      await Promise.all(taken.map((t) => rt.store.counters.release(t)));
      const retry = Math.max(1, Math.ceil(interval / 1000));
      const message = `rate limit ${l.limit} per ${l.window_ms / 1000}s for ${name === "*" ? "all tools" : `\`${name}\``} (per ${l.per}) is used up; retry in ${retry}s`;
      return { status: 429, headers: { "retry-after": String(retry) }, body: { verdict: "deny", rule_ids: ["warden.rate_limit"], message, error: { code: "CONTROL_RATE_LIMITED", message, correlation_id: hc.correlationId }, call_id: hc.callId, correlation_id: hc.correlationId } };
    }
    taken.push(id);
  }
  return null;
}
