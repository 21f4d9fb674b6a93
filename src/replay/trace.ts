// The replay input: one recorded session per JSONL line.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import type { NewSession } from "../core/index.js";

export interface TraceStep {
  tool: string;
  args?: unknown;
  output?: unknown;
  at?: string | number;
  expect?: "allow" | "deny" | "approve";
  /** Labels a scanner attached to this step's output (when traces were recorded with findings). */
  labels?: string[];
}

/** A recorded session: what starts one (as `createSession` takes it, without budgets), then its steps. */
export interface Trace extends Omit<NewSession, "budgets"> {
  steps: TraceStep[];
}

export const TRACE_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://warden.dev/schemas/trace.schema.json",
  title: "Replay trace (one JSONL line)",
  type: "object",
  additionalProperties: false,
  required: ["id", "agent", "task", "steps"],
  properties: {
    id: { type: "string", minLength: 1 },
    agent: { type: "string" },
    task: { type: "string" },
    principal: { type: ["string", "null"] },
    tenant: { type: "string" },
    request: { type: "string" },
    context: { type: "object" },
    steps: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["tool"],
        properties: {
          tool: { type: "string" },
          args: {},
          output: {},
          at: { type: ["string", "number"] },
          expect: { enum: ["allow", "deny", "approve"] },
          labels: { type: "array", items: { type: "string" } },
        },
      },
    },
  },
} as const;

let validator: ValidateFunction | undefined;

/** Parse and validate one line; returns the trace or a message saying what is wrong. */
export function parseTraceLine(line: string): { trace: Trace } | { error: string } {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (e) {
    return { error: `not valid JSON (${(e as Error).message})` };
  }
  validator ??= new Ajv2020({ allErrors: true, strict: false }).compile(TRACE_SCHEMA);
  if (!validator(v)) return { error: (validator.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ") };
  return { trace: v as Trace };
}
