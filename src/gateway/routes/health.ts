// Liveness, readiness and metrics. Readiness: the store answers and a policy is loaded. A halted scope
// shows in the details but keeps readiness 200, so operators can still reach the gateway to resume it.
import { Hono } from "hono";
import type { Runtime } from "../runtime.js";
import { controlOf } from "../../control/index.js";

/** Seed 002: a kill switch "tested in a drill within the last 30 days". */
const DRILL_DUE_DAYS = 30;

function drillCheck(v: unknown, now: number) {
  if (!v || typeof v !== "object") return { last: null, due: true, note: "no kill-switch drill recorded; run `warden drill kill-switch`" };
  const at = Date.parse(String((v as { at?: unknown }).at));
  const days = Number.isFinite(at) ? Math.floor((now - at) / 86_400_000) : null;
  return { ...(v as Record<string, unknown>), days_ago: days, due: days === null || days > DRILL_DUE_DAYS };
}

export function healthRoutes(rt: Runtime) {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    const checks: Record<string, unknown> = {};
    let ready = true;
    try {
      await rt.store.control.get("readiness-probe");
      checks["store"] = { ok: true, kind: rt.store.kind };
    } catch (e) {
      ready = false;
      checks["store"] = { ok: false, error: String((e as Error).message ?? e) };
    }
    const p = rt.policies.reloadStatus;
    checks["policy"] = { ok: true, file: p.file, version: p.version, loaded_at: p.loaded_at, last_reload_error: p.last_error };
    const drill = await rt.store.control.get("drill:last").catch(() => null);
    checks["last_drill"] = drillCheck(drill?.value, rt.now());
    // Halted scopes show here, but readiness stays 200 so operators can reach the gateway to resume them.
    const control = controlOf(rt)?.status();
    checks["control"] = control ? { halted: control.halts.map((h) => ({ scope: h.scope, level: h.level, state: h.state, by: h.by, reason: h.reason, at: new Date(h.at).toISOString() })), paused_agents: control.paused_agents.map((p) => ({ agent: p.agent, breaker: p.breaker, reason: p.reason })) } : null;
    return c.json({ status: ready ? "ready" : "not_ready", checks }, ready ? 200 : 503);
  });
  app.get("/metrics", async (c) => {
    if (!rt.config.metrics) return c.text("metrics are disabled (telemetry.metrics: false)\n", 404);
    c.header("content-type", rt.metrics.registry.contentType);
    return c.body(await rt.metrics.registry.metrics());
  });
  return app;
}
