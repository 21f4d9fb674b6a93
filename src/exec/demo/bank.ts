// The FinanceApp demo bank (seed 002): a few accounts in memory, amounts in integer cents so the demo
// never shows floating-point money. Numbers match examples/finance (Sarah's checking 3847, vendor 9921,
// Marcus's 66611337).
import { ExecError } from "../errors.js";

export interface Account {
  account: string;
  owner: string;
  account_number: string;
  balance_cents: number;
}

export interface Transaction {
  transaction_id: string;
  from: string;
  to: string;
  amount: number;
  currency: string;
  memo: string | undefined;
}

export interface BankState {
  accounts: Map<string, Account>;
  transactions: Transaction[];
}

export function seedAccounts(): Map<string, Account> {
  const a = (account: string, owner: string, account_number: string, dollars: number): [string, Account] => [account, { account, owner, account_number, balance_cents: dollars * 100 }];
  return new Map([
    a("3847", "Sarah Chen", "GB29NWBK60161331923847", 4_200),
    a("5521", "Sarah Chen", "GB29NWBK60161331925521", 61_500),
    a("9921", "Northwind Supplies Ltd", "GB82WEST12345698769921", 18_000),
    a("66611337", "M. Vance", "LT12100001016661133700", 10),
  ]);
}

const fail = (message: string) => new ExecError("EXEC_TOOL_FAILED", message);

function argsObject(args: unknown): Record<string, unknown> {
  return args && typeof args === "object" && !Array.isArray(args) ? (args as Record<string, unknown>) : {};
}

export function readAccount(state: BankState, args: unknown) {
  const id = String(argsObject(args).account ?? "");
  const acct = state.accounts.get(id);
  if (!acct) throw fail(`no account ${id}; check the account number with the user.`);
  return { account: acct.account, balance: acct.balance_cents / 100, account_number: acct.account_number, owner: acct.owner };
}

export function transferFunds(state: BankState, args: unknown) {
  const a = argsObject(args);
  const from = state.accounts.get(String(a.from ?? ""));
  const to = state.accounts.get(String(a.to ?? ""));
  const amount = typeof a.amount === "number" ? a.amount : NaN;
  if (!from) throw fail(`no source account ${String(a.from)}; check it with the user.`);
  if (!to) throw fail(`no destination account ${String(a.to)}; check it with the user.`);
  const cents = Math.round(amount * 100);
  if (!Number.isFinite(amount) || cents <= 0) throw fail("amount must be a positive number of dollars.");
  if (cents > from.balance_cents) throw fail(`insufficient funds in ${from.account} (balance ${from.balance_cents / 100}); transfer less.`);
  from.balance_cents -= cents;
  to.balance_cents += cents;
  const tx: Transaction = {
    transaction_id: `tx_${String(88291 + state.transactions.length)}`,
    from: from.account,
    to: to.account,
    amount: cents / 100,
    currency: typeof a.currency === "string" ? a.currency : "USD",
    memo: typeof a.memo === "string" ? a.memo : undefined,
  };
  state.transactions.push(tx);
  return { status: "success", transaction_id: tx.transaction_id, from: tx.from, to: tx.to, amount: tx.amount, currency: tx.currency, balance_after: from.balance_cents / 100 };
}
