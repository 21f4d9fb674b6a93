// Compile a `guard:` section once into an immutable scanner set: schema-validated, patterns compiled, the
// model decoded. Nothing here runs per request.
import { Ajv2020 } from "ajv/dist/2020.js";
import { WardenError } from "../errors/index.js";
import type { Checkpoint, GuardAction, Scanner } from "./types.js";
import type { ActionSpec, GuardConfig, ScannerConfig, ScannerKind } from "./config.js";
import { GUARD_POLICY_SCHEMA } from "./schema.js";
import { DEFAULT_ACTION, DEFAULT_CHECKPOINTS, DEFAULT_GUARD_SCANNERS, DEFAULT_LABELS } from "./defaults.js";
import { createInjectionScanner, type ScoringScanner } from "./injection/scanner.js";
import { createPiiScanner, type PiiParams } from "./pii/scanner.js";
import { createSecretsScanner, type SecretsParams } from "./secrets/scanner.js";
import { createOutputScanner, type OutputParams } from "./output/scanner.js";
import { createPatternScanner, type PatternParams } from "./pattern/scanner.js";

export interface CompiledScanner {
  kind: ScannerKind;
  scanner: Scanner | ScoringScanner;
  checkpoints: ReadonlySet<Checkpoint>;
  actionFor(type: string, cp: Checkpoint): GuardAction;
  labelsFor(type: string): readonly string[];
  failOpen: boolean;
  budgetMs: number;
  maxInputChars: number;
}

export interface GuardSet {
  readonly scanners: readonly CompiledScanner[];
  /** Scanners per checkpoint, in config order. */
  readonly byCheckpoint: ReadonlyMap<Checkpoint, readonly CompiledScanner[]>;
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(GUARD_POLICY_SCHEMA);

export function validateGuardConfig(config: unknown): void {
  if (!validate(config)) {
    const msg = (validate.errors ?? [])
      .slice(0, 5)
      .map((e) => `guard${e.instancePath.replace(/\//g, ".")} ${e.message ?? "is invalid"}`);
    throw new WardenError("GUARD_INVALID_CONFIG", msg.join("; "), { details: { errors: validate.errors } });
  }
}

function resolveAction(spec: ActionSpec | undefined, cp: Checkpoint): GuardAction | undefined {
  if (spec === undefined || typeof spec === "string") return spec;
  return spec[cp] ?? spec.default;
}

function build(c: ScannerConfig, checkpoints: Checkpoint[]): Scanner {
  const p = c.params ?? {};
  switch (c.use) {
    case "injection":
      return createInjectionScanner(c.id, checkpoints, p);
    case "pii":
      return createPiiScanner(c.id, checkpoints, p as PiiParams);
    case "secrets":
      return createSecretsScanner(c.id, checkpoints, p as SecretsParams);
    case "output":
      return createOutputScanner(c.id, checkpoints, p as OutputParams);
    case "pattern":
      return createPatternScanner(c.id, checkpoints, p as unknown as PatternParams);
  }
}

/** Compile the `guard:` section of a policy (undefined = the default set). Throws GUARD_* errors. */
export function compileGuard(config?: GuardConfig | null, extra: readonly Scanner[] = []): GuardSet {
  if (config !== undefined && config !== null) validateGuardConfig(config);
  const entries = config?.scanners ?? DEFAULT_GUARD_SCANNERS;
  const seen = new Set<string>();
  const scanners: CompiledScanner[] = entries.map((c) => {
    if (seen.has(c.id))
      throw new WardenError("GUARD_DUPLICATE_SCANNER", `guard.scanners: id "${c.id}" is used twice`);
    seen.add(c.id);
    const cps = c.checkpoints ?? DEFAULT_CHECKPOINTS[c.use];
    const actions = { ...DEFAULT_ACTION[c.use], ...(c.actions ?? {}) };
    const labels = { ...DEFAULT_LABELS[c.use], ...(c.labels ?? {}) };
    return {
      kind: c.use,
      scanner: build(c, cps),
      checkpoints: new Set(cps),
      actionFor: (type, cp) => resolveAction(actions[type], cp) ?? resolveAction(actions["*"], cp) ?? "block",
      labelsFor: (type) => labels[type] ?? labels["*"] ?? [],
      failOpen: c.fail_open === true,
      budgetMs: c.budget_ms ?? 1000,
      maxInputChars: c.max_input_chars ?? 16_000_000,
    };
  });
  // Programmatic scanners (SDK users) run with fail-closed defaults and block on any finding.
  for (const s of extra) {
    if (seen.has(s.id))
      throw new WardenError("GUARD_DUPLICATE_SCANNER", `scanner id "${s.id}" is used twice`);
    seen.add(s.id);
    scanners.push({
      kind: "pattern",
      scanner: s,
      checkpoints: new Set(s.checkpoints),
      actionFor: () => "block",
      labelsFor: () => [],
      failOpen: false,
      budgetMs: 1000,
      maxInputChars: 16_000_000,
    });
  }
  const byCheckpoint = new Map<Checkpoint, CompiledScanner[]>();
  for (const cp of ["pre_request", "pre_tool", "post_tool", "post_output"] as const)
    byCheckpoint.set(
      cp,
      scanners.filter((s) => s.checkpoints.has(cp)),
    );
  return Object.freeze({ scanners, byCheckpoint });
}
