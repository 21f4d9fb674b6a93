import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { rfc6962Hasher, toHex, fromHex, type MerkleHasher } from "./hasher.js";
import { sha256Node } from "./sha256-node.js";
import { Frontier } from "./frontier.js";
import { consistencyPath, inclusionPath, treeRoot, verifyConsistency, verifyInclusion } from "./merkle.js";

const h = rfc6962Hasher((d) => new Uint8Array(createHash("sha256").update(d).digest()));
// The writer's and verifier's hasher computes interior nodes in JavaScript (sha256-node.ts): same vectors.
const HASHERS: [string, MerkleHasher][] = [
  ["node:crypto", h],
  ["sha256Node", { ...h, node: sha256Node }],
];

// Certificate Transparency reference data (RFC 6962 test vectors, as used by the CT C++/Go test suites).
const INPUTS = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"].map(fromHex);
const LEAVES = INPUTS.map((d) => h.leaf(d));
const ROOTS = [
  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];
const INCLUSION: { index: number; size: number; path: string[] }[] = [
  { index: 0, size: 1, path: [] },
  { index: 0, size: 8, path: ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
  { index: 5, size: 8, path: ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
  { index: 2, size: 3, path: ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"] },
  { index: 1, size: 5, path: ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"] },
];
const CONSISTENCY: { from: number; to: number; path: string[] }[] = [
  { from: 1, to: 1, path: [] },
  { from: 1, to: 8, path: ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
  { from: 6, to: 8, path: ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
  { from: 2, to: 5, path: ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"] },
  { from: 6, to: 7, path: ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
];

describe.each(HASHERS)("RFC 6962 Merkle tree (CT reference vectors), nodes by %s", (_name, h) => {
  it("roots of every prefix, including the empty tree", () => {
    for (let n = 0; n <= 8; n++) expect(toHex(treeRoot(h, LEAVES, n))).toBe(ROOTS[n]);
  });

  it("the frontier yields the same roots as the recursive definition", () => {
    const f = new Frontier(h);
    expect(toHex(f.root())).toBe(ROOTS[0]);
    LEAVES.forEach((l, i) => {
      f.push(l);
      expect(toHex(f.root())).toBe(ROOTS[i + 1]);
    });
    const copy = new Frontier(h, f.size, f.subtrees);
    expect(toHex(copy.root())).toBe(ROOTS[8]);
  });

  it.each(INCLUSION)("inclusion proof for leaf $index in a tree of $size", ({ index, size, path }) => {
    const got = inclusionPath(h, LEAVES, index, size);
    expect(got.map(toHex)).toEqual(path);
    expect(verifyInclusion(h, index, size, LEAVES[index] as Uint8Array, got, fromHex(ROOTS[size] as string))).toBe(true);
  });

  it.each(CONSISTENCY)("consistency proof from $from to $to", ({ from, to, path }) => {
    const got = consistencyPath(h, LEAVES, from, to);
    expect(got.map(toHex)).toEqual(path);
    expect(verifyConsistency(h, from, to, fromHex(ROOTS[from] as string), fromHex(ROOTS[to] as string), got)).toBe(true);
  });

  it("rejects a wrong index, size, leaf, root or a modified path", () => {
    const path = inclusionPath(h, LEAVES, 5, 8);
    const root = fromHex(ROOTS[8] as string);
    const leaf = LEAVES[5] as Uint8Array;
    expect(verifyInclusion(h, 4, 8, leaf, path, root)).toBe(false);
    // (Size 7 would pass: the path for leaf 5 has the same shape in trees of 7 and 8. The size is bound by the signed head.)
    expect(verifyInclusion(h, 5, 6, leaf, path, root)).toBe(false);
    expect(verifyInclusion(h, 5, 8, LEAVES[4] as Uint8Array, path, root)).toBe(false);
    expect(verifyInclusion(h, 5, 8, leaf, path, fromHex(ROOTS[7] as string))).toBe(false);
    expect(verifyInclusion(h, 5, 8, leaf, path.slice(0, 2), root)).toBe(false);
    expect(verifyInclusion(h, 8, 8, leaf, path, root)).toBe(false);
    const bad = path.map((p) => p.slice());
    const b1 = bad[1] as Uint8Array;
    b1[0] = (b1[0] as number) ^ 1;
    expect(verifyInclusion(h, 5, 8, leaf, bad, root)).toBe(false);
    const cpath = consistencyPath(h, LEAVES, 6, 8);
    expect(verifyConsistency(h, 6, 8, fromHex(ROOTS[5] as string), root, cpath)).toBe(false);
    expect(verifyConsistency(h, 5, 8, fromHex(ROOTS[6] as string), root, cpath)).toBe(false);
    expect(verifyConsistency(h, 6, 8, fromHex(ROOTS[6] as string), root, [])).toBe(false);
  });
});

describe("Merkle properties over random trees", () => {
  // Leaves are made distinct (index prefix) so "another leaf" really is different.
  const leavesArb = fc
    .array(fc.uint8Array({ maxLength: 8 }), { minLength: 1, maxLength: 70 })
    .map((xs) => xs.map((x, i) => h.leaf(new Uint8Array([i, ...x]))));

  it("every inclusion proof verifies, and not for another leaf", () => {
    fc.assert(
      fc.property(leavesArb, fc.nat(), (leaves, k) => {
        const n = leaves.length;
        const i = k % n;
        const root = treeRoot(h, leaves);
        const path = inclusionPath(h, leaves, i);
        expect(verifyInclusion(h, i, n, leaves[i] as Uint8Array, path, root)).toBe(true);
        if (n > 1) expect(verifyInclusion(h, i, n, leaves[(i + 1) % n] as Uint8Array, path, root)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it("every consistency proof between prefixes verifies, and fails for a changed prefix", () => {
    fc.assert(
      fc.property(leavesArb, fc.nat(), (leaves, k) => {
        const n = leaves.length;
        const m = (k % n) + 1;
        const path = consistencyPath(h, leaves, m, n);
        const r1 = treeRoot(h, leaves, m);
        const r2 = treeRoot(h, leaves);
        expect(verifyConsistency(h, m, n, r1, r2, path)).toBe(true);
        if (m < n) {
          const other = leaves.slice();
          other[0] = h.leaf(new Uint8Array([0xff, 0xee, 0xdd, 0xcc, 0xbb, 0xaa, 0x99, 0x88, 0x77]));
          expect(verifyConsistency(h, m, n, treeRoot(h, other, m), r2, path)).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });
});
