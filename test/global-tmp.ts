// Every test run gets its own temporary directory (TMPDIR, which os.tmpdir() and child processes read) and
// removes it at the end: harnesses create data directories there that tests still read after the gateway
// closes, so they cannot delete their own, and a run must not leave hundreds of them in /tmp.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "warden-test-run-"));
  process.env["TMPDIR"] = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
