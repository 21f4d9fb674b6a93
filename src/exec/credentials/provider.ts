// Secret providers: where credential values come from. Values are read at execution time (so a rotated
// file or env takes effect without a restart) and live only as long as one call.
import { readFile } from "node:fs/promises";
import { ExecError } from "../errors.js";
import type { CredentialSource } from "../config/types.js";

export interface SecretProvider {
  /** The credential's value. Rejects with CREDENTIAL_MISSING when it cannot be loaded. */
  get(name: string): Promise<string>;
}

function missing(name: string, where: string): ExecError {
  return new ExecError("CREDENTIAL_MISSING", `credential ${name} could not be loaded (${where}); set it and retry. The call did not run.`);
}

/** Env- and file-backed provider for the `credentials` section of warden.yaml. */
export function createConfigSecretProvider(
  sources: Record<string, CredentialSource>,
  opts: { env?: NodeJS.ProcessEnv; readFile?: (path: string) => Promise<string> } = {},
): SecretProvider {
  const env = opts.env ?? process.env;
  const read = opts.readFile ?? ((p: string) => readFile(p, "utf8"));
  return {
    async get(name) {
      const src = Object.prototype.hasOwnProperty.call(sources, name) ? sources[name] : undefined;
      if (!src) throw missing(name, "not declared under `credentials`");
      if ("env" in src) {
        const v = env[src.env];
        if (v === undefined || v === "") throw missing(name, `environment variable ${src.env} is not set`);
        return v;
      }
      let text: string;
      try {
        text = await read(src.file);
      } catch (e) {
        // SECURITY: the fs error names the path, never the content; still, only its code is passed on.
        throw missing(name, `file ${src.file} is unreadable: ${(e as NodeJS.ErrnoException).code ?? "error"}`);
      }
      // Secret files conventionally end with a newline that is not part of the secret.
      const v = text.replace(/\r?\n$/, "");
      if (v === "") throw missing(name, `file ${src.file} is empty`);
      return v;
    },
  };
}

/** A fixed map, for tests and embedders. */
export function staticSecretProvider(values: Record<string, string>): SecretProvider {
  return {
    async get(name) {
      const v = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
      if (v === undefined || v === "") throw missing(name, "no value");
      return v;
    },
  };
}
