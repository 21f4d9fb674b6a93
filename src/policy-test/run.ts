// Run *.test.yaml policy test cases, like `opa test`. The project's own tests run the same files.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parse } from "yaml";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { decide, POLICY_TEST_SCHEMA, formatDiagnostic, WardenError, type Decision, type PolicySet } from "../core/index.js";
import { loadPolicyFile } from "../policy-file/index.js";
import { DEFAULT_NOW, parseTime } from "./time.js";
import { sessionFromSpec } from "./session-spec.js";

export interface CaseResult {
  file: string;
  name: string;
  pass: boolean;
  /** Why it failed, in words. */
  failure?: string;
  decision?: Decision;
}

let testFileValidator: ValidateFunction | undefined;
const validateTestFile = (doc: unknown) => {
  testFileValidator ??= new Ajv2020({ allErrors: true, strict: false }).compile(POLICY_TEST_SCHEMA);
  const ok = testFileValidator(doc);
  validateTestFile.errors = testFileValidator.errors;
  return ok;
};
validateTestFile.errors = undefined as ValidateFunction["errors"];

/** Every *.test.yaml under a path (a file or a directory, recursively), sorted. */
export function findTestFiles(path: string): string[] {
  const st = statSync(path);
  if (st.isFile()) return [path];
  const out: string[] = [];
  for (const e of readdirSync(path, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    const p = join(path, e.name);
    if (e.isDirectory()) out.push(...findTestFiles(p));
    else if (e.name.endsWith(".test.yaml") || e.name.endsWith(".test.yml")) out.push(p);
  }
  return out.sort();
}

type TestFile = { policy?: string; cases: { name: string; call: Record<string, unknown>; session?: Record<string, unknown>; now?: string | number; want: { verdict: string; rule_ids?: string[]; approvers?: number; risk?: string } }[] };

export function runTestFile(file: string, policies = new Map<string, PolicySet>()): CaseResult[] {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new WardenError("POLICY_TEST_INVALID", `${file}: ${(e as Error).message.split("\n")[0]}`);
  }
  if (!validateTestFile(doc)) {
    const errs = (validateTestFile.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || "/"} ${e.message}`);
    throw new WardenError("POLICY_TEST_INVALID", `${file}: ${errs.join("; ")}`);
  }
  const tf = doc as TestFile;
  const policyPath = resolve(dirname(file), tf.policy ?? "policy.yaml");
  let policy = policies.get(policyPath);
  if (!policy) {
    const r = loadPolicyFile(policyPath);
    if (!r.ok) throw new WardenError("POLICY_TEST_INVALID", `${file}: its policy does not compile:\n${r.diagnostics.map(formatDiagnostic).join("\n")}`);
    policy = r.policy;
    policies.set(policyPath, policy);
  }
  return tf.cases.map((c) => runCase(file, policy, c));
}

function runCase(file: string, policy: PolicySet, c: TestFile["cases"][number]): CaseResult {
  const now = parseTime(c.now, DEFAULT_NOW);
  const call = { principal: null, args: {}, ...c.call } as Parameters<typeof decide>[1];
  let session;
  if (c.session) session = sessionFromSpec(policy, c.session, call, now);
  const d = decide(policy, call, session, now);
  const problems: string[] = [];
  if (d.verdict !== c.want.verdict) problems.push(`want verdict ${c.want.verdict}, got ${d.verdict}`);
  for (const id of c.want.rule_ids ?? []) if (!d.rule_ids.includes(id)) problems.push(`want rule ${id} among the deciding rules, got [${d.rule_ids.join(", ")}]`);
  if (c.want.approvers !== undefined && d.approval?.approvers !== c.want.approvers) problems.push(`want ${c.want.approvers} approver(s), got ${d.approval?.approvers ?? "none"}`);
  if (c.want.risk !== undefined && d.risk !== c.want.risk) problems.push(`want risk ${c.want.risk}, got ${d.risk}`);
  return { file, name: c.name, pass: problems.length === 0, ...(problems.length ? { failure: problems.join("; ") } : {}), decision: d };
}
