// Structural validation of a policy document against POLICY_SCHEMA, with each Ajv error mapped to a
// stable code and a file:line:col.
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { POLICY_SCHEMA } from "./schema.js";
import { locate, type PolicySource } from "./source.js";
import type { Diagnostic } from "./diagnostic.js";
import type { ErrorCode } from "../errors/index.js";

// Compiled on first use: CLI commands that never load a policy should not pay for it.
let validateDoc: ValidateFunction | undefined;
function validator(): ValidateFunction {
  validateDoc ??= new Ajv2020({ allErrors: true, strict: false }).compile(POLICY_SCHEMA);
  return validateDoc;
}

export function validateShape(src: PolicySource): Diagnostic[] {
  const v = src.value;
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    return [{ code: "POLICY_NOT_A_MAPPING", message: "the policy must be a mapping with `version: 1` and `tools`", file: src.file, line: 1, col: 1 }];
  }
  const validate = validator();
  if (validate(v)) return [];
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const err of pruneOneOf(validate.errors ?? [])) {
    const d = toDiagnostic(src, err);
    const k = `${d.line}:${d.col}:${d.code}:${d.message}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(d);
    }
  }
  return out;
}

export function pointerToPath(p: string): (string | number)[] {
  if (p === "") return [];
  return p
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

// `oneOf` failures produce one error per branch; keep the most specific (deepest) ones.
function pruneOneOf(errors: ErrorObject[]): ErrorObject[] {
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === "oneOf").map((e) => e.instancePath));
  return errors.filter((e) => {
    if (e.keyword === "oneOf") return !errors.some((o) => o !== e && o.instancePath.startsWith(e.instancePath + "/"));
    if (oneOfPaths.has(e.instancePath) && (e.keyword === "type" || e.keyword === "enum" || e.keyword === "const")) return false;
    return true;
  });
}

function toDiagnostic(src: PolicySource, e: ErrorObject): Diagnostic {
  const path = pointerToPath(e.instancePath);
  const where = path.length ? path.join(".") : "the document";
  let code: ErrorCode = "POLICY_INVALID_VALUE";
  let message = `${where}: ${e.message ?? "is invalid"}`;
  let at = path;
  let key = false;
  switch (e.keyword) {
    case "additionalProperties": {
      const extra = String((e.params as { additionalProperty: string }).additionalProperty);
      code = "POLICY_UNKNOWN_KEY";
      message = `unknown key \`${extra}\` in ${where}`;
      at = [...path, extra];
      key = true;
      break;
    }
    case "required":
      code = "POLICY_MISSING_KEY";
      message = `${where} is missing required key \`${String((e.params as { missingProperty: string }).missingProperty)}\``;
      break;
    case "type":
      code = "POLICY_WRONG_TYPE";
      message = `${where} must be ${String((e.params as { type: string }).type)}`;
      break;
    case "pattern":
      if (String((e.params as { pattern?: string }).pattern).includes("ms|s|m|h|d")) {
        code = "POLICY_BAD_DURATION";
        message = `${where}: \`${String(valueAt(src.value, path))}\` is not a duration like 30s, 15m or 2h`;
      } else {
        message = `${where}: \`${String(valueAt(src.value, path))}\` may only contain letters, digits and _ . : / -`;
      }
      break;
    case "propertyNames":
      return toDiagnostic(src, { ...e, keyword: "pattern", instancePath: e.instancePath + "/" + String((e.params as { propertyName: string }).propertyName) });
    case "enum":
      message = `${where} must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((x) => JSON.stringify(x)).join(", ")}`;
      break;
    case "const":
      if (e.instancePath === "/version") {
        code = "POLICY_UNSUPPORTED_VERSION";
        message = `version must be 1 (got ${JSON.stringify(valueAt(src.value, path))})`;
      } else message = `${where} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
      break;
    case "oneOf":
      code = "POLICY_WRONG_TYPE";
      message = `${where} has the wrong form (see docs/policy.md)`;
      break;
  }
  const pos = locate(src, at, key);
  return { code, message, file: src.file, line: pos.line, col: pos.col };
}

function valueAt(v: unknown, path: (string | number)[]): unknown {
  let cur = v;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}
