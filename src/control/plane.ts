// The control plane of one gateway: kill switch state, in-flight executions, breakers, alerts. Built once
// at start (installControl) and reached by routes through controlOf(runtime).
import type { Runtime } from "../gateway/runtime.js";
import { Alerter } from "./alerts.js";
import { AgentBreakers } from "./breakers/agent.js";
import { Circuits } from "./breakers/circuit.js";
import { LEARN_PREFIX, TaskLearner } from "./breakers/learn.js";
import { controlHooks } from "./hooks.js";
import { InFlight } from "./inflight.js";
import { KillSwitch } from "./kill.js";
import { describeScope, type Target } from "./scope.js";
import { ControlState } from "./state.js";
import type { Refusal } from "./types.js";

export interface ControlOptions {
  alertWebhook?: string | null;
  pollMs?: number;
  gracefulDeadlineMs?: number;
}

export class ControlPlane {
  readonly state: ControlState;
  readonly inflight = new InFlight();
  readonly alerts: Alerter;
  readonly kill: KillSwitch;
  readonly agents = new AgentBreakers();
  readonly circuits = new Circuits();
  readonly learner: TaskLearner;
  /** Sessions whose last output carried a confidence marker: their next call goes to a human. */
  readonly unsure = new Map<string, string>();

  constructor(readonly rt: Runtime, readonly opts: Required<ControlOptions>) {
    this.state = new ControlState(rt.store.control, rt.logger);
    this.alerts = new Alerter(opts.alertWebhook, rt.logger, rt.now);
    this.kill = new KillSwitch(rt, this.state, this.inflight, this.alerts, opts.gracefulDeadlineMs);
    this.learner = new TaskLearner(rt.store.control);
    this.state.onChange((key, value) => {
      if (key.startsWith(LEARN_PREFIX)) this.learner.merge(key, value);
      // An operator resumed an agent (here or on another replica): its breakers count afresh.
      if (key.startsWith("pause:agent:") && !(value as { active?: boolean }).active) this.agents.reset(key.slice("pause:agent:".length));
    });
  }

  /** Why a call or a new session for this target is refused right now, or null. */
  refusal(t: Target): Refusal | null {
    const h = this.state.haltFor(t);
    if (h) {
      const how = h.level === "emergency" ? "emergency stop" : h.state === "draining" ? "graceful stop (draining)" : "graceful stop";
      return { code: "CONTROL_HALTED", message: `${describeScope(h.scope)} is halted (${how} by ${h.by}: ${h.reason}); nothing runs until an operator resumes it` };
    }
    const p = this.state.pauseFor(t.agent);
    if (p) return { code: "CONTROL_AGENT_PAUSED", message: `agent ${t.agent} is paused by the ${p.breaker} breaker (${p.reason}); an operator must review and resume it` };
    return null;
  }

  status() {
    return {
      halts: this.state.halts_(),
      paused_agents: this.state.pauses_(),
      circuits: this.circuits.snapshot(),
    };
  }

  async close(): Promise<void> {
    this.state.stop();
    await this.alerts.flush();
  }
}

const planes = new WeakMap<Runtime, ControlPlane>();

export function controlOf(rt: Runtime): ControlPlane | undefined {
  return planes.get(rt);
}

/** Build the control plane, load the control state, and register its hooks on the runtime. */
export async function installControl(rt: Runtime, opts: ControlOptions = {}): Promise<ControlPlane> {
  const plane = new ControlPlane(rt, { alertWebhook: opts.alertWebhook ?? null, pollMs: opts.pollMs ?? 25, gracefulDeadlineMs: opts.gracefulDeadlineMs ?? 30_000 });
  await plane.state.start(plane.opts.pollMs);
  planes.set(rt, plane);
  rt.hooks.push(controlHooks(plane));
  return plane;
}
