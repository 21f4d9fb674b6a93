// The CLI's only window to the outside: streams and exit codes. Commands receive it so tests can capture output.

export const EXIT = {
  OK: 0,
  /** A gate failed: validate found errors, a test case failed, verify found tampering, ... */
  GATE_FAILED: 1,
  USAGE: 2,
  INTERNAL: 70,
} as const;

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Set by a command to report its result; main() returns it. */
  exitCode: number;
}

export function processIO(): CliIO {
  return {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
    cwd: process.cwd(),
    exitCode: 0,
  };
}

/** Print a value as JSON on stdout (one document, trailing newline). */
export function printJson(io: CliIO, value: unknown): void {
  io.stdout(JSON.stringify(value, null, 2) + "\n");
}

/** Resolve the data directory: --data, then WARDEN_DATA, then ./.warden. */
export function dataDir(io: CliIO, flag: string | undefined): string {
  return flag ?? io.env["WARDEN_DATA"] ?? ".warden";
}
