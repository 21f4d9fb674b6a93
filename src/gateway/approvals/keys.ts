// The key that signs approval tokens: from configuration (`approvals.token.secret`, e.g. `${env:…}`) or
// generated once in the data directory (mode 0600), so tokens survive a restart of the gateway.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const TOKEN_KEY_FILE = "approval-token.key";

export function loadTokenKey(dataDir: string, secret: string | null): Buffer {
  if (secret) return Buffer.from(secret, "utf8");
  const file = join(dataDir, TOKEN_KEY_FILE);
  if (existsSync(file)) {
    const k = Buffer.from(readFileSync(file, "utf8").trim(), "base64url");
    if (k.length >= 32) return k;
  }
  mkdirSync(dataDir, { recursive: true });
  const k = randomBytes(32);
  // SECURITY: wx: never overwrite a key another process just wrote; re-read it instead.
  try {
    writeFileSync(file, k.toString("base64url") + "\n", { mode: 0o600, flag: "wx" });
    return k;
  } catch {
    return Buffer.from(readFileSync(file, "utf8").trim(), "base64url");
  }
}
