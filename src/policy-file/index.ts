// Reading policy files from disk: the I/O half of compilePolicy. The version is the SHA-256 of the bytes.
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { compilePolicy, type CompileResult } from "../core/policy/index.js";

/** Largest policy file accepted; a policy is configuration, not data. */
export const MAX_POLICY_BYTES = 4 * 1024 * 1024;

export function policyVersion(text: string): string {
  return "sha256:" + createHash("sha256").update(text).digest("hex");
}

export function loadPolicyFile(file: string): CompileResult {
  let text: string;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new Error("not a regular file");
    if (st.size > MAX_POLICY_BYTES) throw new Error(`larger than ${MAX_POLICY_BYTES} bytes`);
    text = readFileSync(file, "utf8");
  } catch (e) {
    return { ok: false, diagnostics: [{ code: "POLICY_FILE_UNREADABLE", message: `cannot read policy: ${(e as Error).message}`, file, line: 1, col: 1 }] };
  }
  return compilePolicy(text, { file, version: policyVersion(text) });
}
