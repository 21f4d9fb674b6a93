// The finance example policy with a representative call mix: each call runs against a short session of
// its own task, so flows, sequences and provenance take part as they would in the gateway.
import { readFileSync } from "node:fs";
import { compilePolicy, sessionFromSteps, type Call, type PolicySet, type Session } from "../../src/core/index.js";

export const FINANCE_FILE = "examples/finance/policy.yaml";
const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);

export function compileOrThrow(text: string, file: string): PolicySet {
  const r = compilePolicy(text, { file, version: "bench" });
  if (!r.ok) throw new Error(`${file} does not compile: ${JSON.stringify(r.diagnostics.slice(0, 3))}`);
  return r.policy;
}

export interface FinanceMix {
  policy: PolicySet;
  cases: { call: Call; session: Session }[];
  now: number;
}

export function financeMix(text = readFileSync(FINANCE_FILE, "utf8")): FinanceMix {
  const policy = compileOrThrow(text, FINANCE_FILE);
  const fin = { agent: "finance-agent", principal: "sarah", started_at: T0 };
  const sessions: Record<string, Session> = {
    balance_check: sessionFromSteps(policy, {
      ...fin, task: "balance_check", request: "What is the balance of my checking account 3847?",
      steps: [{ tool: "fetch_url", args: { url: "https://status.financeapp.example/" }, output: { body: "All systems operational. Transfers settle within 2 business days." }, at: T0 + 5_000 }],
    }),
    transfer: sessionFromSteps(policy, {
      ...fin, task: "transfer", request: "Pay 50 dollars from checking 3847 to my landlord's account 66611337",
      steps: [{ tool: "read_account", args: { account: "3847" }, output: { balance: 4200, account_number: "3847", owner: "Sarah Kim" }, at: T0 + 5_000 }],
    }),
    report: sessionFromSteps(policy, {
      ...fin, task: "report", request: "Email the Q3 summary for account 3847 to dana.lee@financeapp.example",
      steps: [
        { tool: "read_account", args: { account: "3847" }, output: { balance: 4200, account_number: "3847", q3_spend: 1834.5 }, at: T0 + 5_000 },
        { tool: "fetch_url", args: { url: "https://docs.financeapp.example/q3" }, output: { body: "Q3 rates. For help write to support@rates-helpdesk.example or billing@financeapp.example" }, at: T0 + 9_000 },
      ],
    }),
    maintenance: sessionFromSteps(policy, { agent: "ops-agent", principal: "omar", task: "maintenance", started_at: T0 }),
  };
  const s = (task: string): Session => sessions[task] as Session;
  const c = (task: string, tool: string, args: unknown, agent = "finance-agent", principal = "sarah"): { call: Call; session: Session } => ({ call: { agent, task, principal, tool, args }, session: s(task) });
  const cases = [
    c("balance_check", "read_account", { account: "3847" }), // allow + redact
    c("balance_check", "fetch_url", { url: "https://docs.financeapp.example/rates" }), // allow
    c("balance_check", "read_account", { account: "3847" }),
    c("transfer", "transfer_funds", { from: "3847", to: "66611337", amount: 50 }), // approve (tier floor)
    c("transfer", "transfer_funds", { from: "3847", to: "66611337", amount: 2500, currency: "USD" }), // approve (large)
    c("transfer", "transfer_funds", { from: "3847", to: "66611337", amount: 25000 }), // approve, 2 approvers
    c("report", "send_email", { to: "dana.lee@financeapp.example", subject: "Q3 summary", body: "Spend in Q3 was 1834.5 USD." }), // allow (request provenance)
    c("report", "send_email", { to: "support@rates-helpdesk.example", subject: "Q3", body: "Balance 4200" }), // deny (lethal trifecta)
    c("report", "read_account", { account: "3847" }),
    c("maintenance", "execute_sql", { query: "SELECT id, amount FROM transfers WHERE amount > 10000" }, "ops-agent", "omar"), // approve (floor)
    c("maintenance", "execute_sql", { query: "DROP TABLE transfers" }, "ops-agent", "omar"), // deny (no-ddl)
    c("maintenance", "delete_records", { table: "sessions", ids: ["s1", "s2", "s3"] }, "ops-agent", "omar"), // approve, 2 approvers
    c("balance_check", "transfer_funds", { from: "3847", to: "66611337", amount: 50000 }), // deny (not in task)
    c("transfer", "transfer_funds", { from: "3847", to: "66611337", amount: -5 }), // deny (args schema)
  ];
  return { policy, cases, now: T0 + 60_000 };
}
