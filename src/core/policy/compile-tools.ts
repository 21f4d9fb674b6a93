// Compile the tool inventory: JSON Schema validators for args and output, timeouts, CEL view of the spec.
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { Diagnostic } from "./diagnostic.js";
import type { PolicyDocument } from "./document.js";
import type { CompiledTool } from "./policy-set.js";
import { parseDuration } from "./duration.js";
import { toCelValue } from "../cel/index.js";
import { locate, type PolicySource } from "./source.js";

// ajv-formats is CommonJS; its default export arrives under `.default` in some loaders.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv2020) => void;

export function newSchemaCompiler(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
  addFormats(ajv);
  return ajv;
}

export function compileTools(src: PolicySource, doc: PolicyDocument, diags: Diagnostic[]): Map<string, CompiledTool> {
  const ajv = newSchemaCompiler();
  const tools = new Map<string, CompiledTool>();
  const compileSchema = (name: string, which: "args" | "output", schema: unknown) => {
    if (schema === undefined) return undefined;
    try {
      return ajv.compile(schema as object);
    } catch (e) {
      const p = locate(src, ["tools", name, which]);
      diags.push({ code: "POLICY_BAD_SCHEMA", message: `tools.${name}.${which}: ${(e as Error).message}`, file: src.file, line: p.line, col: p.col });
      return undefined;
    }
  };
  for (const [name, spec] of Object.entries(doc.tools)) {
    const celSpec: Record<string, unknown> = {
      name,
      tier: spec.tier,
      bulk: spec.bulk ?? false,
      reads: spec.reads ?? [],
      writes: spec.writes ?? [],
      effect: spec.effect ?? "",
      labels: spec.labels ?? [],
      sink: spec.sink ?? "internal",
      egress: spec.egress ?? [],
      idempotent: spec.idempotent ?? false,
      cost_usd: spec.cost_usd ?? 0,
    };
    tools.set(name, {
      name,
      spec,
      celSpec: toCelValue(celSpec) as Record<string, unknown>,
      plainSpec: celSpec,
      validateArgs: compileSchema(name, "args", spec.args),
      validateOutput: compileSchema(name, "output", spec.output),
      timeout_ms: spec.timeout ? parseDuration(spec.timeout) : undefined,
      rules: [],
      meters: [],
      facts: [],
      reads: new Set(),
    });
  }
  return tools;
}
