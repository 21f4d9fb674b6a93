// Turn a rule's or flow's `then` into a compiled effect.
import type { ApprovalRequirement, Obligations } from "../types.js";
import type { ApproveSpec, FlowThen, ThenSpec } from "./document.js";
import type { CompiledEffect } from "./policy-set.js";
import { parseDuration } from "./duration.js";

export interface ApprovalDefaults {
  group: string;
  timeout_ms: number;
}

function approval(spec: true | ApproveSpec, d: ApprovalDefaults): ApprovalRequirement {
  const s: ApproveSpec = spec === true ? {} : spec;
  const groups = [...new Set([...(s.groups ?? []), ...(s.group ? [s.group] : [])])];
  return {
    approvers: s.approvers ?? 1,
    groups: groups.length ? groups : [d.group],
    timeout_ms: (s.timeout && parseDuration(s.timeout)) || d.timeout_ms,
  };
}

export function compileEffect(then: ThenSpec | FlowThen, d: ApprovalDefaults, fallbackMessage: string): CompiledEffect {
  if (typeof then === "string") {
    return {
      verdict: then,
      message: fallbackMessage,
      approval: then === "approve" ? approval(true, d) : undefined,
      obligations: {},
    };
  }
  const obligations: Obligations = {};
  if ("redact" in then && then.redact) obligations.redact = then.redact;
  if ("sandbox" in then && then.sandbox !== undefined) obligations.sandbox = then.sandbox;
  if ("timeout" in then && then.timeout) obligations.timeout_ms = parseDuration(then.timeout);
  if ("egress" in then && then.egress) obligations.egress = then.egress;
  if (then.deny !== undefined) return { verdict: "deny", message: then.deny || fallbackMessage, approval: undefined, obligations };
  if (then.approve !== undefined) return { verdict: "approve", message: fallbackMessage, approval: approval(then.approve, d), obligations };
  return { verdict: "allow", message: fallbackMessage, approval: undefined, obligations };
}
