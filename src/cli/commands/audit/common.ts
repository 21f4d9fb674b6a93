// Shared bits of the audit commands: where the data is, reading JSON files, parsing times.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { WardenError } from "../../../core/errors/index.js";
import { parseSignedHead, type SignedTreeHead } from "../../../core/audit/index.js";
import { dataDir, type CliIO } from "../../io.js";

export function dataPath(io: CliIO, flag: string | undefined): string {
  return resolve(io.cwd, dataDir(io, flag));
}

export function readJsonFile(io: CliIO, file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, file), "utf8");
  } catch (err) {
    throw new WardenError("CLI_USAGE", `cannot read ${what} ${file}: ${(err as Error).message}`, { cause: err });
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new WardenError("CLI_BAD_JSON", `${what} ${file} is not JSON: ${(err as Error).message}`, { cause: err });
  }
}

export function readHeadFile(io: CliIO, file: string): SignedTreeHead {
  const h = parseSignedHead(readJsonFile(io, file, "head"));
  if (!h) throw new WardenError("AUDIT_HEAD_INVALID", `${file} is not a signed tree head (see docs/audit-format.md)`);
  return h;
}

/** Accept an ISO 8601 date or date-time; return the canonical UTC form stored in records. */
export function isoTime(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new WardenError("CLI_USAGE", `${flag} must be an ISO 8601 date or date-time, got "${value}"`);
  return new Date(t).toISOString();
}

export function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new WardenError("CLI_USAGE", `${flag} must be a positive integer, got "${value}"`);
  return n;
}
