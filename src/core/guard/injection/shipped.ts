// The model trained by scripts/train-injection and committed as ./weights.ts. Decoded once, on first use.
import { decodeModel, type EncodedModel, type LinearModel } from "./model.js";
import { WEIGHTS } from "./weights.js";

let cached: LinearModel | null | undefined;

export function shippedModel(): LinearModel | null {
  if (cached === undefined) cached = WEIGHTS === null ? null : decodeModel(WEIGHTS as EncodedModel);
  return cached;
}
