// The FinanceApp demo of seed 002, offline: an in-memory bank behind the six finance tools, so
// `warden serve` with no configuration has something real (and attackable) to govern.
import type { BuiltinFn } from "../builtin/registry.js";
import type { ExecConfig } from "../config/types.js";
import { readAccount, seedAccounts, transferFunds, type BankState } from "./bank.js";
import { fetchPage } from "./pages.js";
import { deleteRecords, planSql, seedTables, sendEmail, type RecordsState } from "./records.js";

export { INJECTED_PAGE_URL, PAGES } from "./pages.js";
export type { Account, Transaction } from "./bank.js";
export type { Email } from "./records.js";

export type FinanceDemoState = BankState & RecordsState;

export interface FinanceDemo {
  /** Builtins by name (`demo.read_account`, ...): pass as `createExecutor(cfg, { builtins })`. */
  builtins: Record<string, BuiltinFn>;
  state: FinanceDemoState;
}

/** A fresh demo (its own state: tests and gateways do not share money). */
export function createFinanceDemo(): FinanceDemo {
  const state: FinanceDemoState = { accounts: seedAccounts(), transactions: [], outbox: [], tables: seedTables() };
  return {
    state,
    builtins: {
      "demo.read_account": (args) => readAccount(state, args),
      "demo.transfer_funds": (args) => transferFunds(state, args),
      "demo.send_email": (args) => sendEmail(state, args),
      "demo.fetch_url": (args, ctx) => fetchPage(args, ctx.egress),
      "demo.execute_sql": (args) => planSql(args),
      "demo.delete_records": (args) => deleteRecords(state, args),
    },
  };
}

export const FINANCE_TOOLS = ["read_account", "transfer_funds", "send_email", "fetch_url", "execute_sql", "delete_records"] as const;

/** The `tools` config mapping examples/finance's six tools to the demo builtins. */
export function financeDemoExecConfig(): ExecConfig {
  return { tools: Object.fromEntries(FINANCE_TOOLS.map((t) => [t, { builtin: `demo.${t}` }])) };
}
