// Build replay traces from the tau-bench retail tasks (shared/data/policy/tau-bench).
//
// tau-bench lists the calls that complete each task, often only the consequential ones, and no tool
// outputs. A conversation that obeys the retail wiki also authenticated the user and looked up each order
// first, so the builder inserts those implied lookups, with outputs derived from the task itself: the
// order belongs to the task's user, has the status its action requires, holds the items the calls name,
// and the user's profile holds the payment methods the calls use. Every step of such a trace must be
// allowed. Deny cases mutate one step (another user's order, a payment method not on file, a cancelled
// order, an order never looked up, no authentication) and must be denied.
import { readFileSync } from "node:fs";
import type { Trace, TraceStep } from "../../src/replay/index.js";

interface TauCall {
  tool: string;
  args: Record<string, unknown>;
}
interface TauTask {
  id: string;
  user_id: string;
  instruction: string;
  calls: TauCall[];
}
interface TauDomain {
  task_sets: Record<string, TauTask[]>;
}

const ORDER_ACTIONS = new Set(["cancel_pending_order", "modify_pending_order_address", "modify_pending_order_payment", "modify_pending_order_items", "exchange_delivered_order_items", "return_delivered_order_items"]);
const PENDING_ACTIONS = new Set(["cancel_pending_order", "modify_pending_order_address", "modify_pending_order_payment", "modify_pending_order_items"]);
const AGENT = "retail-agent";
const TASK = "customer_service";

export function loadRetail(dataDir: string): TauDomain {
  const raw = JSON.parse(readFileSync(`${dataDir}/policy/tau-bench/tau_bench_retail.json`, "utf8")) as { task_sets: Record<string, (Omit<TauTask, "calls"> & { calls: Record<string, unknown>[] })[]> };
  // One task set spells calls {name, arguments}; the others {tool, args}.
  const norm = (c: Record<string, unknown>): TauCall => ({ tool: String(c["tool"] ?? c["name"]), args: (c["args"] ?? c["arguments"] ?? {}) as Record<string, unknown> });
  return { task_sets: Object.fromEntries(Object.entries(raw.task_sets).map(([k, ts]) => [k, ts.map((t) => ({ ...t, calls: t.calls.map(norm) }))])) };
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** What the task implies about each order it touches. */
function orderFacts(task: TauTask, status?: (order: string) => string) {
  const orders = new Map<string, { status: string; items: Set<string>; payment: string | undefined }>();
  for (const c of task.calls) {
    const id = str(c.args["order_id"]);
    if (!id) continue;
    const o = orders.get(id) ?? { status: "", items: new Set<string>(), payment: undefined };
    // The status is what the first action on the order requires; orders only looked up are delivered.
    if (!o.status && ORDER_ACTIONS.has(c.tool)) o.status = PENDING_ACTIONS.has(c.tool) ? "pending" : "delivered";
    for (const i of list(c.args["item_ids"])) o.items.add(i);
    const pm = str(c.args["payment_method_id"]);
    // The original payment: a return's non-gift-card refund target is the original by the wiki's rule.
    // When a task retries a return with another method, the last one is the one the store accepted.
    if (pm && c.tool === "return_delivered_order_items" && !pm.startsWith("gift_card_")) o.payment = pm;
    orders.set(id, o);
  }
  for (const [id, o] of orders) o.status = status ? status(id) : o.status || "delivered";
  return orders;
}

function paymentMethods(task: TauTask): string[] {
  return [...new Set(task.calls.map((c) => str(c.args["payment_method_id"])).filter((x): x is string => !!x))].sort();
}

function orderOutput(id: string, user: string, o: { status: string; items: Set<string>; payment: string | undefined }) {
  return { order_id: id, user_id: user, status: o.status, items: [...o.items].sort().map((item_id) => ({ item_id })), payment_history: [{ transaction_type: "payment", payment_method_id: o.payment ?? "credit_card_original_0000" }] };
}

export interface BuildOptions {
  status?: (order: string) => string;
  skipAuth?: boolean;
}

/** A compliant trace for one task: implied lookups inserted, every step expected to be allowed. */
export function compliantTrace(task: TauTask, opts: BuildOptions = {}): Trace {
  // The authenticated user is whom the conversation looks up (a few tasks' user_id field names someone else).
  const user = str(task.calls.find((c) => c.tool === "get_user_details")?.args["user_id"]) ?? task.user_id;
  const orders = orderFacts(task, opts.status);
  const steps: TraceStep[] = [];
  const looked = new Set<string>();
  const authed = task.calls.some((c) => c.tool.startsWith("find_user_id_by_"));
  if (!authed && !opts.skipAuth) steps.push({ tool: "find_user_id_by_email", args: { email: `${user}@users.example` }, output: user, expect: "allow" });
  const profile = { user_id: user, payment_methods: Object.fromEntries(paymentMethods(task).map((p) => [p, { source: p.split("_").slice(0, -1).join("_") }])), orders: [...orders.keys()].sort() };
  let profiled = false;
  const ensureProfile = () => {
    if (profiled || opts.skipAuth) return;
    profiled = true;
    steps.push({ tool: "get_user_details", args: { user_id: user }, output: profile, expect: "allow" });
  };
  if (!authed) ensureProfile();
  for (const c of task.calls) {
    const id = str(c.args["order_id"]);
    if (c.tool === "get_user_details") profiled = true;
    if (id && ORDER_ACTIONS.has(c.tool) && !looked.has(id) && !opts.skipAuth) {
      ensureProfile();
      steps.push({ tool: "get_order_details", args: { order_id: id }, output: orderOutput(id, user, orders.get(id) ?? { status: "delivered", items: new Set(), payment: undefined }), expect: "allow" });
      looked.add(id);
    }
    const o = id ? orders.get(id) : undefined;
    const output =
      c.tool.startsWith("find_user_id_by_") ? user
      : c.tool === "get_user_details" ? profile
      : c.tool === "get_order_details" && id && o ? orderOutput(id, user, o)
      : {};
    if (c.tool === "get_order_details" && id) looked.add(id);
    steps.push({ tool: c.tool, args: c.args, output, expect: "allow" });
    if (c.tool.startsWith("find_user_id_by_")) ensureProfile();
  }
  return { id: task.id, agent: AGENT, task: TASK, principal: user, request: task.instruction, steps };
}

export interface Mutation {
  kind: "other-users-order" | "order-not-checked" | "payment-not-on-file" | "cancelled-order" | "not-authenticated";
  trace: Trace;
}

/** Deny cases: one mutated consequential step per task and kind; the trace ends at that step. */
export function mutations(task: TauTask, other: TauTask | undefined): Mutation[] {
  const out: Mutation[] = [];
  const base = compliantTrace(task);
  const firstAction = base.steps.findIndex((s) => ORDER_ACTIONS.has(s.tool));
  if (firstAction < 0) return out;
  const action = base.steps[firstAction] as TraceStep;
  const prefix = base.steps.slice(0, firstAction);
  const mk = (kind: Mutation["kind"], steps: TraceStep[]): Mutation => ({ kind, trace: { ...base, id: `${task.id}#${kind}`, steps } });
  const args = action.args as Record<string, unknown>;
  const otherOrder = other?.calls.map((c) => str(c.args["order_id"])).find((x) => x !== undefined && x !== args["order_id"]);
  if (other && otherOrder && other.user_id !== task.user_id) {
    const lookup: TraceStep = { tool: "get_order_details", args: { order_id: otherOrder }, output: { order_id: otherOrder, user_id: other.user_id, status: "pending", items: [], payment_history: [] }, expect: "allow" };
    out.push(mk("other-users-order", [...prefix, lookup, { ...action, args: { ...args, order_id: otherOrder }, expect: "deny" }]));
  }
  if (otherOrder) out.push(mk("order-not-checked", [...prefix, { ...action, args: { ...args, order_id: otherOrder }, expect: "deny" }]));
  if (typeof args["payment_method_id"] === "string") out.push(mk("payment-not-on-file", [...prefix, { ...action, args: { ...args, payment_method_id: "credit_card_0000000" }, expect: "deny" }]));
  const cancelled = compliantTrace(task, { status: () => "cancelled" });
  const ci = cancelled.steps.findIndex((s) => ORDER_ACTIONS.has(s.tool));
  out.push(mk("cancelled-order", [...cancelled.steps.slice(0, ci), { ...(cancelled.steps[ci] as TraceStep), expect: "deny" }]));
  out.push(mk("not-authenticated", [{ ...action, expect: "deny" }]));
  return out;
}
