// The demo's email outbox, SQL "executor" and record store. execute_sql is the seed 000 mock that
// returns the plan instead of executing; delete_records only marks records, so a demo can be undone.
import { ExecError } from "../errors.js";

export interface Email {
  message_id: string;
  to: string;
  subject: string;
  body: string;
}

export interface RecordsState {
  outbox: Email[];
  /** table → id → deleted? */
  tables: Map<string, Map<string, { deleted: boolean }>>;
}

export function seedTables(): RecordsState["tables"] {
  const t = (ids: string[]) => new Map(ids.map((id) => [id, { deleted: false }]));
  return new Map([
    ["transactions", t(["tx_1001", "tx_1002", "tx_1003", "tx_1004"])],
    ["sessions", t(["s_1", "s_2", "s_3"])],
  ]);
}

const obj = (a: unknown): Record<string, unknown> => (a && typeof a === "object" && !Array.isArray(a) ? (a as Record<string, unknown>) : {});

export function sendEmail(state: RecordsState, args: unknown) {
  const a = obj(args);
  if (typeof a.to !== "string" || !a.to.includes("@")) throw new ExecError("EXEC_TOOL_FAILED", "send_email: `to` must be an email address.");
  const mail: Email = { message_id: `msg_${state.outbox.length + 1}`, to: a.to, subject: String(a.subject ?? ""), body: String(a.body ?? "") };
  state.outbox.push(mail);
  return { status: "queued", message_id: mail.message_id, to: mail.to };
}

const SQL_KIND = /^\s*(select|insert|update|delete|drop|truncate|alter|create|grant|with)\b/i;
const SQL_TABLES = /\b(?:from|into|update|join|table)\s+([A-Za-z_][A-Za-z0-9_.]*)/gi;

/** The plan of a statement, without running it. */
export function planSql(args: unknown) {
  const q = String(obj(args).query ?? "");
  const kind = (SQL_KIND.exec(q)?.[1] ?? "unknown").toUpperCase();
  const tables = [...new Set([...q.matchAll(SQL_TABLES)].map((m) => (m[1] as string).toLowerCase()))];
  const writes = !["SELECT", "WITH", "UNKNOWN"].includes(kind);
  return { executed: false, plan: { statement: kind, tables, writes, note: "demo mode: the query was planned, not executed" } };
}

export function deleteRecords(state: RecordsState, args: unknown) {
  const a = obj(args);
  const table = state.tables.get(String(a.table ?? ""));
  if (!table) throw new ExecError("EXEC_TOOL_FAILED", `delete_records: no table ${String(a.table)}; known: ${[...state.tables.keys()].join(", ")}.`);
  const ids = Array.isArray(a.ids) ? a.ids.map(String) : [];
  let deleted = 0;
  const not_found: string[] = [];
  for (const id of ids) {
    const r = table.get(id);
    if (!r) not_found.push(id);
    else if (!r.deleted) {
      r.deleted = true;
      deleted++;
    }
  }
  return { table: String(a.table), deleted, already_deleted: ids.length - deleted - not_found.length, not_found };
}
