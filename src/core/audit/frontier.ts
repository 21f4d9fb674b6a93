// The compact range ("frontier") of an append-only Merkle tree: the roots of the perfect subtrees that
// make up the first `size` leaves, largest first. Appending is O(1) amortised and the root is O(log n),
// so the writer never re-reads old leaves.
import type { MerkleHasher } from "./hasher.js";

export class Frontier {
  private readonly nodes: Uint8Array[];
  private n: number;

  constructor(
    private readonly hasher: MerkleHasher,
    size = 0,
    nodes: Uint8Array[] = [],
  ) {
    // INVARIANT: one node per set bit of `size`, ordered from the most significant bit down.
    if (popcount(size) !== nodes.length) throw new RangeError(`frontier for size ${size} needs ${popcount(size)} nodes, got ${nodes.length}`);
    this.n = size;
    this.nodes = nodes.slice();
  }

  get size(): number {
    return this.n;
  }

  /** A copy of the subtree roots, largest subtree first. */
  get subtrees(): Uint8Array[] {
    return this.nodes.slice();
  }

  push(leafHash: Uint8Array): void {
    let h = leafHash;
    // Merge with equal-sized subtrees: one merge per trailing 1-bit of the old size.
    let s = this.n;
    while (s % 2 === 1) {
      const left = this.nodes.pop() as Uint8Array;
      h = this.hasher.node(left, h);
      s = Math.floor(s / 2);
    }
    this.nodes.push(h);
    this.n += 1;
  }

  root(): Uint8Array {
    if (this.nodes.length === 0) return this.hasher.empty();
    let r = this.nodes[this.nodes.length - 1] as Uint8Array;
    for (let i = this.nodes.length - 2; i >= 0; i--) r = this.hasher.node(this.nodes[i] as Uint8Array, r);
    return r;
  }

  clone(): Frontier {
    return new Frontier(this.hasher, this.n, this.nodes);
  }
}

export function popcount(n: number): number {
  let c = 0;
  while (n > 0) {
    c += n % 2;
    n = Math.floor(n / 2);
  }
  return c;
}
