// Provenance on: decide + observe per step over sessions of growing length, with ~1 KB tool outputs.
import { createSession, decide, observe, provenanceOf, tokenize, type Call, type PolicySet, type Session } from "../../src/core/index.js";
import { compileOrThrow } from "./finance.js";
import { rng } from "./generate.js";
import { median, percentile } from "./stats.js";

export const LENGTHS = [10, 100, 1000] as const;
const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);
const WORDS = (
  "the account statement shows a balance of for period ending please review attached invoice payment due customer reference " +
  "transfer settled pending approved declined quarterly summary interest rate fee waived contact support team regarding your " +
  "request we have updated records and the following transactions were posted to ledger on behalf of client manager"
).split(" ");
const NAMES = ["dana", "omar", "li", "sarah", "kofi", "ines", "raj", "mia", "tomas", "aiko", "noah", "zara"];
const DOMAINS = ["financeapp.example", "partner-bank.example", "rates-helpdesk.example", "vendor.example"];

/** About 1 KB of realistic tool output: prose, amounts, dates, account numbers, emails, ids unique to the step. */
export function outputText(step: number, r: () => number): string {
  const parts: string[] = [];
  let len = 0;
  while (len < 1000) {
    const x = r();
    let w: string;
    if (x < 0.07) w = `${NAMES[Math.floor(r() * NAMES.length)]}.${step}${Math.floor(r() * 100)}@${DOMAINS[Math.floor(r() * DOMAINS.length)]}`;
    else if (x < 0.14) w = `$${(Math.floor(r() * 9_000_000) / 100).toFixed(2)}`;
    else if (x < 0.19) w = String(10_000_000 + Math.floor(r() * 89_999_999));
    else if (x < 0.22) w = `INV-${step}-${Math.floor(r() * 10_000)}`;
    else if (x < 0.25) w = `2025-${String(1 + Math.floor(r() * 12)).padStart(2, "0")}-${String(1 + Math.floor(r() * 28)).padStart(2, "0")}`;
    else w = WORDS[Math.floor(r() * WORDS.length)] as string;
    parts.push(w);
    len += w.length + 1;
  }
  return parts.join(" ") + ".";
}

const pickFrom = (text: string, re: RegExp, r: () => number, fallback: string): string => {
  const all = text.match(re) ?? [];
  return all.length ? (all[Math.floor(r() * all.length)] as string) : fallback;
};

export interface Step {
  call: Call;
  output: unknown;
}

/** The steps of a `report` session: fetch a page (untrusted), read an account (trusted), email someone seen earlier. */
export function sessionSteps(length: number, seed = 11): Step[] {
  const r = rng(seed);
  const outputs: string[] = [];
  const steps: Step[] = [];
  for (let i = 0; i < length; i++) {
    const out = outputText(i + 1, r);
    const earlier = outputs.length ? (outputs[Math.floor(r() * outputs.length)] as string) : "dana.lee@financeapp.example 3847";
    const base = { agent: "finance-agent", task: "report", principal: "sarah" };
    let call: Call;
    if (i % 3 === 0) call = { ...base, tool: "fetch_url", args: { url: `https://docs.financeapp.example/statements/${i}` } };
    else if (i % 3 === 1) call = { ...base, tool: "read_account", args: { account: pickFrom(earlier, /\b\d{8}\b/g, r, "3847") } };
    else {
      const to = pickFrom(earlier, /[a-z]+\.\d+@[a-z-]+\.example/g, r, "dana.lee@financeapp.example");
      call = { ...base, tool: "send_email", args: { to, subject: `Statement ${pickFrom(earlier, /INV-\d+-\d+/g, r, "Q3")}`, body: `Please review the payment of ${pickFrom(earlier, /\$[\d.]+/g, r, "$10.00")} posted to ledger.` } };
    }
    outputs.push(out);
    steps.push({ call, output: { status: 200, body: out } });
  }
  return steps;
}

/** The finance policy with session budgets raised, so 1,000-step sessions are not cut off by `tool_calls: 200`. */
export function provenancePolicy(financeText: string): PolicySet {
  return compileOrThrow(financeText.replace("tool_calls: 200", "tool_calls: 100000").replace("wall_time: 30m", "wall_time: 24h"), "examples/finance/policy.yaml (budgets raised)");
}

export interface ProvenanceResult {
  steps: number;
  sessions: number;
  p50_us: number;
  p99_us: number;
  decide_p50_us: number;
  observe_p50_us: number;
  /** p50 over the last 10% of steps: the cost of a call late in the session. */
  tail_p50_us: number;
}

const newSession = (): Session =>
  createSession({ id: "bench", agent: "finance-agent", task: "report", principal: "sarah", request: "Email the Q3 statement summary for account 3847 to dana.lee@financeapp.example" }, T0);

/** One session, untimed (for profiling). */
export function replaySession(policy: PolicySet, steps: Step[]): Session {
  let s = newSession();
  steps.forEach((st, i) => {
    const at = T0 + (i + 1) * 1000;
    const d = decide(policy, st.call, s, at);
    s = observe(policy, s, st.call, { executed: true, verdict: "allow", at, output: st.output }, d.consumes);
  });
  return s;
}

function runSession(policy: PolicySet, steps: Step[], total: number[], dec: number[], obs: number[], tail: number[]): void {
  let s = newSession();
  const tailFrom = Math.floor(steps.length * 0.9);
  steps.forEach((st, i) => {
    const at = T0 + (i + 1) * 1000;
    const t0 = process.hrtime.bigint();
    const d = decide(policy, st.call, s, at);
    const t1 = process.hrtime.bigint();
    s = observe(policy, s, st.call, { executed: true, verdict: "allow", at, output: st.output }, d.consumes);
    const t2 = process.hrtime.bigint();
    const all = Number(t2 - t0) / 1000;
    total.push(all);
    dec.push(Number(t1 - t0) / 1000);
    obs.push(Number(t2 - t1) / 1000);
    if (i >= tailFrom) tail.push(all);
  });
}

export function benchProvenance(policy: PolicySet, samplesPerLength = 3000): ProvenanceResult[] {
  const byLength = new Map<number, Step[]>(LENGTHS.map((l) => [l, sessionSteps(l)]));
  // Warm-up: every length once, so the JIT has seen all paths before anything is recorded.
  for (const l of LENGTHS) runSession(policy, byLength.get(l) as Step[], [], [], [], []);
  return LENGTHS.map((l) => {
    const total: number[] = [], dec: number[] = [], obs: number[] = [], tail: number[] = [];
    const sessions = Math.max(3, Math.ceil(samplesPerLength / l));
    for (let k = 0; k < sessions; k++) runSession(policy, byLength.get(l) as Step[], total, dec, obs, tail);
    const sorted = [...total].sort((a, b) => a - b);
    return { steps: l, sessions, p50_us: percentile(sorted, 50), p99_us: percentile(sorted, 99), decide_p50_us: median(dec), observe_p50_us: median(obs), tail_p50_us: median(tail) };
  });
}

export interface Attribution {
  steps: number;
  distinct_tokens: number;
  longest_posting_list: number;
  /** µs per call, measured on a session of `steps` steps (the same calls at every length). */
  decide_us: number;
  provenance_of_us: number;
  history_scan_us: number;
  tokenize_1kb_us: number;
}

/** Where decide+observe time grows with session length (for --profile): the parts measured alone. */
export function attribute(policy: PolicySet): Attribution[] {
  const steps = sessionSteps(LENGTHS[LENGTHS.length - 1] as number);
  const calls = steps.slice(0, 30).map((s) => s.call);
  const per = (n: number, f: (i: number) => unknown): number => {
    for (let i = 0; i < n; i++) f(i);
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) f(i);
    return Number(process.hrtime.bigint() - t0) / n / 1000;
  };
  return LENGTHS.map((l) => {
    const s = replaySession(policy, steps.slice(0, l));
    const now = T0 + (l + 1) * 1000;
    const lists = Object.values(s.seen.tokens).map((x) => x.length);
    return {
      steps: l,
      distinct_tokens: lists.length,
      longest_posting_list: Math.max(...lists),
      decide_us: per(3000, (i) => decide(policy, calls[i % calls.length] as Call, s, now)),
      provenance_of_us: per(3000, (i) => provenanceOf(s.seen, (calls[i % calls.length] as Call).args)),
      // What buildBindings (tools_called) and matchSequences each do per decision.
      history_scan_us: per(3000, () => s.history.filter((h) => h.executed).map((h) => h.tool)),
      tokenize_1kb_us: per(3000, (i) => tokenize(((steps[i % 30] as Step).output as { body: string }).body)),
    };
  });
}
