// Group splits: every item of a group lands on the same side, so no attack instruction (or category) is
// seen in training and reported in evaluation.
import { mulberry32, shuffled } from "./prng.js";

export interface Split<T> {
  train: T[];
  test: T[];
  trainGroups: string[];
  testGroups: string[];
}

export function splitByGroup<T>(
  items: readonly T[],
  groupOf: (t: T) => string,
  testFraction: number,
  seed: number,
): Split<T> {
  const groups = [...new Set(items.map(groupOf))].sort();
  const order = shuffled(groups, mulberry32(seed));
  const nTest = Math.max(1, Math.round(groups.length * testFraction));
  const testGroups = order.slice(0, nTest).sort();
  const testSet = new Set(testGroups);
  return {
    train: items.filter((t) => !testSet.has(groupOf(t))),
    test: items.filter((t) => testSet.has(groupOf(t))),
    trainGroups: order.slice(nTest).sort(),
    testGroups,
  };
}
