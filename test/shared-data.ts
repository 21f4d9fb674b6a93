// Public data sets live beside the repository (../shared/data); never copied into it.
import { existsSync } from "node:fs";

export const SHARED_DATA = process.env["WARDEN_SHARED_DATA"] ?? "../shared/data";

export function requireSharedData(): string {
  if (!existsSync(SHARED_DATA)) throw new Error(`shared data not found at ${SHARED_DATA}; set WARDEN_SHARED_DATA`);
  return SHARED_DATA;
}
