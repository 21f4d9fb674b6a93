// RFC 6962 §2.1 / RFC 9162 §2.1: tree hash, inclusion and consistency proofs, and their verification.
// Sizes and indexes are plain numbers; arithmetic avoids 32-bit bit operators so logs past 2^31 work.
import { bytesEqual, type MerkleHasher } from "./hasher.js";

/** Largest power of two strictly smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[start:end]) over leaf hashes. */
export function subtreeRoot(h: MerkleHasher, leaves: readonly Uint8Array[], start: number, end: number): Uint8Array {
  const n = end - start;
  if (n === 0) return h.empty();
  if (n === 1) return leaves[start] as Uint8Array;
  const k = splitPoint(n);
  return h.node(subtreeRoot(h, leaves, start, start + k), subtreeRoot(h, leaves, start + k, end));
}

export function treeRoot(h: MerkleHasher, leaves: readonly Uint8Array[], size = leaves.length): Uint8Array {
  return subtreeRoot(h, leaves, 0, size);
}

/** PATH(m, D[0:size]): the audit path for leaf `index` in the tree of the first `size` leaves. */
export function inclusionPath(h: MerkleHasher, leaves: readonly Uint8Array[], index: number, size = leaves.length): Uint8Array[] {
  if (index < 0 || index >= size || size > leaves.length) throw new RangeError(`leaf ${index} not in a tree of size ${size}`);
  const out: Uint8Array[] = [];
  const walk = (m: number, start: number, end: number): void => {
    const n = end - start;
    if (n <= 1) return;
    const k = splitPoint(n);
    if (m < k) {
      walk(m, start, start + k);
      out.push(subtreeRoot(h, leaves, start + k, end));
    } else {
      walk(m - k, start + k, end);
      out.push(subtreeRoot(h, leaves, start, start + k));
    }
  };
  walk(index, 0, size);
  return out;
}

/** PROOF(m, D[0:n]): the consistency proof between the trees of the first m and first n leaves. */
export function consistencyPath(h: MerkleHasher, leaves: readonly Uint8Array[], m: number, n = leaves.length): Uint8Array[] {
  if (m < 0 || m > n || n > leaves.length) throw new RangeError(`no consistency proof from ${m} to ${n}`);
  if (m === 0 || m === n) return [];
  const out: Uint8Array[] = [];
  const sub = (mm: number, start: number, end: number, complete: boolean): void => {
    const size = end - start;
    if (mm === size) {
      if (!complete) out.push(subtreeRoot(h, leaves, start, end));
      return;
    }
    const k = splitPoint(size);
    if (mm <= k) {
      sub(mm, start, start + k, complete);
      out.push(subtreeRoot(h, leaves, start + k, end));
    } else {
      sub(mm - k, start + k, end, false);
      out.push(subtreeRoot(h, leaves, start, start + k));
    }
  };
  sub(m, 0, n, true);
  return out;
}

const odd = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);

/** RFC 9162 §2.1.3.2: does `path` prove that `leafHash` is leaf `index` of the tree with `root`? */
export function verifyInclusion(h: MerkleHasher, index: number, size: number, leafHash: Uint8Array, path: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of path) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = h.node(p, r);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = h.node(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(r, root);
}

/** RFC 9162 §2.1.4.2: does `path` prove the tree (size2, root2) extends the tree (size1, root1)? */
export function verifyConsistency(h: MerkleHasher, size1: number, size2: number, root1: Uint8Array, root2: Uint8Array, path: readonly Uint8Array[]): boolean {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 0 || size1 > size2) return false;
  if (size1 === size2) return path.length === 0 && bytesEqual(root1, root2);
  // The empty tree is a prefix of every tree; RFC 9162 sends no proof for it.
  if (size1 === 0) return path.length === 0 && bytesEqual(root1, h.empty());
  if (path.length === 0) return false;
  const proof = isPowerOfTwo(size1) ? [root1, ...path] : path.slice();
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = proof[0] as Uint8Array;
  let sr = proof[0] as Uint8Array;
  for (const c of proof.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = h.node(c, fr);
      sr = h.node(c, sr);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = h.node(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(fr, root1) && bytesEqual(sr, root2);
}

function isPowerOfTwo(n: number): boolean {
  let x = n;
  while (x > 1) {
    if (odd(x)) return false;
    x = half(x);
  }
  return x === 1;
}
