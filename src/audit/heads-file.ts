// heads.ndjson: every signed tree head, one per line, fsynced, for shipping to an outside witness.
// The file lives beside warden.db but is independent of it: truncating the database does not remove
// the heads already written here, and verify reads both.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { parseSignedHead, type SignedTreeHead } from "../core/audit/index.js";

export const HEADS_FILE = "heads.ndjson";

export class HeadsFile {
  private fd: number | null;

  constructor(readonly path: string) {
    this.fd = openSync(path, "a", 0o644);
  }

  static inDir(dataDir: string): HeadsFile {
    return new HeadsFile(join(dataDir, HEADS_FILE));
  }

  append(head: SignedTreeHead): void {
    if (this.fd === null) return;
    // O_APPEND makes each line one atomic append even when two processes share the file.
    writeSync(this.fd, JSON.stringify(head) + "\n");
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/** Read heads.ndjson: the parsed heads and the line numbers that did not parse. */
export function readHeadsFile(path: string): { heads: SignedTreeHead[]; badLines: number[] } {
  if (!existsSync(path)) return { heads: [], badLines: [] };
  const heads: SignedTreeHead[] = [];
  const badLines: number[] = [];
  readFileSync(path, "utf8")
    .split("\n")
    .forEach((line, i) => {
      if (line.trim() === "") return;
      let h: SignedTreeHead | null;
      try {
        h = parseSignedHead(JSON.parse(line));
      } catch {
        h = null;
      }
      if (h) heads.push(h);
      else badLines.push(i + 1);
    });
  return { heads, badLines };
}
