// Inputs of `warden scan`: a file or stdin, as one text or JSONL records, and the scanner set from a policy.
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { WardenError } from "../../../core/errors/index.js";
import { compileGuard, type GuardConfig, type GuardSet } from "../../../core/guard/index.js";

export interface ScanRecord {
  id: string;
  text: string;
}

export function readInput(file: string | undefined): string {
  return readFileSync(file === undefined || file === "-" ? 0 : file, "utf8");
}

export function parseRecords(input: string, jsonl: boolean, name: string): ScanRecord[] {
  if (!jsonl) return [{ id: name, text: input }];
  const out: ScanRecord[] = [];
  input.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new WardenError("GUARD_BAD_INPUT", `line ${i + 1}: not valid JSON`);
    }
    const r = v as { id?: unknown; text?: unknown };
    if (v === null || typeof v !== "object" || typeof r.text !== "string")
      throw new WardenError("GUARD_BAD_INPUT", `line ${i + 1}: expected {"id", "text"} with a string text`);
    out.push({ id: r.id === undefined ? String(i + 1) : String(r.id), text: r.text });
  });
  return out;
}

/** The policy's `guard:` section, or the default set when no policy (or no section) is given. */
export function loadGuardSet(policyFile: string | undefined): GuardSet {
  if (!policyFile) return compileGuard();
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(policyFile, "utf8"));
  } catch (e) {
    throw new WardenError("POLICY_FILE_UNREADABLE", `${policyFile}: ${(e as Error).message}`);
  }
  const guard = doc && typeof doc === "object" ? (doc as { guard?: GuardConfig }).guard : undefined;
  return compileGuard(guard);
}
