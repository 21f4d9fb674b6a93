// A session described in a test case or on the command line (`{request, labels, steps: [{tool, args,
// output, at}]}`), turned into a Session for `call`. Steps without a time are one second apart, ending
// just before `now`; the session started a minute before `now` unless it says otherwise.
import { sessionFromSteps, type Call, type PolicySet, type Session } from "../core/index.js";
import { parseTime } from "./time.js";

export function sessionFromSpec(policy: PolicySet, spec: Record<string, unknown>, call: Call, now: number): Session {
  const s = spec as { steps?: ({ tool: string; at?: string | number } & Record<string, unknown>)[]; started_at?: string | number } & Record<string, unknown>;
  const all = s.steps ?? [];
  const steps = all.map((st, i) => ({ ...st, at: parseTime(st.at, now - (all.length - i) * 1000) }));
  return sessionFromSteps(policy, { ...s, agent: call.agent, task: call.task, principal: call.principal, started_at: parseTime(s.started_at, now - 60_000), steps } as Parameters<typeof sessionFromSteps>[1]);
}
