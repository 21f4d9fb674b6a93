// The Ed25519 key that signs tree heads. Generated on first start in the data directory (mode 0600),
// identified by a key id; only the public half is ever printed or exported.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, createHash, type KeyObject } from "node:crypto";
import { existsSync, linkSync, readFileSync, unlinkSync, writeFileSync, openSync, fsyncSync, closeSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { WardenError } from "../core/errors/index.js";
import { headSigningText, type SignedTreeHead, type TreeHead } from "../core/audit/index.js";

export const KEY_FILE = "audit-key.json";

export interface PublicKey {
  keyId: string;
  /** Raw 32-byte Ed25519 public key. */
  raw: Uint8Array;
  verify(text: string, signatureB64: string): boolean;
}

export interface SigningKey extends PublicKey {
  sign(text: string): string;
}

/** JSON form of a public key, what `warden audit key` prints and `--key` accepts. */
export interface PublicKeyJson {
  v: 1;
  alg: "Ed25519";
  key_id: string;
  public_key: string;
}

export function keyIdOf(raw: Uint8Array): string {
  return createHash("sha256").update(raw).digest("hex").slice(0, 16);
}

function rawOf(pub: KeyObject): Uint8Array {
  const jwk = pub.export({ format: "jwk" });
  if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || typeof jwk.x !== "string") throw new WardenError("AUDIT_KEY_INVALID", "not an Ed25519 key");
  return new Uint8Array(Buffer.from(jwk.x, "base64url"));
}

function publicFromKeyObject(pub: KeyObject): PublicKey {
  const raw = rawOf(pub);
  return {
    keyId: keyIdOf(raw),
    raw,
    verify: (text, sig) => {
      try {
        return verify(null, Buffer.from(text, "utf8"), pub, Buffer.from(sig, "base64"));
      } catch {
        return false;
      }
    },
  };
}

function publicFromRaw(raw: Uint8Array): PublicKey {
  if (raw.length !== 32) throw new WardenError("AUDIT_KEY_INVALID", `an Ed25519 public key is 32 bytes, got ${raw.length}`);
  return publicFromKeyObject(createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(raw).toString("base64url") }, format: "jwk" }));
}

export function publicKeyJson(k: PublicKey): PublicKeyJson {
  return { v: 1, alg: "Ed25519", key_id: k.keyId, public_key: Buffer.from(k.raw).toString("base64") };
}

export function publicKeyPem(k: PublicKey): string {
  const obj = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(k.raw).toString("base64url") }, format: "jwk" });
  return obj.export({ type: "spki", format: "pem" }).toString();
}

/** Parse a public key given as the JSON of `warden audit key`, a PEM (SPKI) key, or raw base64. */
export function parsePublicKey(text: string): PublicKey {
  const t = text.trim();
  try {
    if (t.startsWith("{")) {
      const j = JSON.parse(t) as Partial<PublicKeyJson>;
      if (typeof j.public_key !== "string") throw new Error("missing public_key");
      const k = publicFromRaw(new Uint8Array(Buffer.from(j.public_key, "base64")));
      if (j.key_id !== undefined && j.key_id !== k.keyId) throw new Error(`key_id ${j.key_id} does not match the key (${k.keyId})`);
      return k;
    }
    if (t.startsWith("-----BEGIN")) return publicFromKeyObject(createPublicKey(t));
    return publicFromRaw(new Uint8Array(Buffer.from(t, "base64")));
  } catch (err) {
    if (err instanceof WardenError) throw err;
    throw new WardenError("AUDIT_KEY_INVALID", `cannot read the public key: ${(err as Error).message}`, { cause: err });
  }
}

/** `--key` takes a file path or the key itself. */
export function readPublicKeyArg(arg: string, cwd = "."): PublicKey {
  const path = arg.startsWith("/") ? arg : join(cwd, arg);
  if (existsSync(path)) return parsePublicKey(readFileSync(path, "utf8"));
  return parsePublicKey(arg);
}

interface KeyFile {
  v: 1;
  alg: "Ed25519";
  key_id: string;
  public_key: string;
  private_key_pem: string;
}

function signingFromPem(pem: string): SigningKey {
  const priv = createPrivateKey(pem);
  const pub = publicFromKeyObject(createPublicKey(priv));
  return { ...pub, sign: (text) => sign(null, Buffer.from(text, "utf8"), priv).toString("base64") };
}

/** Load the data directory's signing key, creating it on first use. Safe when two processes start at once. */
export function loadOrCreateSigningKey(dataDir: string): SigningKey {
  const path = join(dataDir, KEY_FILE);
  if (!existsSync(path)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync("ed25519");
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const k = signingFromPem(pem);
    const file: KeyFile = { v: 1, alg: "Ed25519", key_id: k.keyId, public_key: Buffer.from(k.raw).toString("base64"), private_key_pem: pem };
    // SECURITY: written 0600 to a temp file, fsynced, then hard-linked into place: link() fails if another
    // process won the race, and a reader never sees a half-written key.
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(file, null, 2) + "\n", { mode: 0o600 });
    const fd = openSync(tmp, "r");
    fsyncSync(fd);
    closeSync(fd);
    try {
      linkSync(tmp, path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw new WardenError("AUDIT_KEY_INVALID", `cannot create ${path}: ${(err as Error).message}`, { cause: err });
    } finally {
      unlinkSync(tmp);
    }
  }
  return loadSigningKey(dataDir);
}

export function loadSigningKey(dataDir: string): SigningKey {
  const path = join(dataDir, KEY_FILE);
  try {
    const file = JSON.parse(readFileSync(path, "utf8")) as KeyFile;
    const k = signingFromPem(file.private_key_pem);
    if (file.key_id !== k.keyId) throw new Error(`key_id ${file.key_id} does not match the key (${k.keyId})`);
    return k;
  } catch (err) {
    throw new WardenError("AUDIT_KEY_INVALID", `cannot load the signing key ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** The data directory's public key, if it has one (verify uses it when no key is pinned). */
export function loadLocalPublicKey(dataDir: string): PublicKey | null {
  const path = join(dataDir, KEY_FILE);
  if (!existsSync(path)) return null;
  const file = JSON.parse(readFileSync(path, "utf8")) as KeyFile;
  return parsePublicKey(JSON.stringify({ public_key: file.public_key, key_id: file.key_id }));
}

export function signHead(key: SigningKey, head: Omit<TreeHead, "key_id" | "v">): SignedTreeHead {
  const unsigned: TreeHead = { v: 1, tree_size: head.tree_size, root_hash: head.root_hash, timestamp: head.timestamp, key_id: key.keyId };
  return { ...unsigned, signature: key.sign(headSigningText(unsigned)) };
}

/** SECURITY: a head verifies only if it names this key's id AND the signature checks. */
export function headVerifier(key: PublicKey): (head: SignedTreeHead) => boolean {
  return (head) => head.key_id === key.keyId && key.verify(headSigningText(head), head.signature);
}
