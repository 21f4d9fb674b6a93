import type { Json } from "../../ports/json.js";
import { WardenError } from "../../core/errors/index.js";

export function parseJson(text: string, what: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (err) {
    throw new WardenError("STORE_CORRUPT", `${what}: stored value is not JSON`, { cause: err });
  }
}
