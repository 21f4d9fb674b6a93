import { Command, CommanderError } from "commander";
import { EXIT, processIO, type CliIO } from "./io.js";
import { COMMANDS } from "./commands/index.js";
import { isWardenError } from "../core/errors/index.js";

/**
 * Build the program. Every command registers itself from its own module (see ./commands/index.ts); only
 * the module of the command being run is loaded, or all of them when none is named (help, version).
 */
export async function buildProgram(io: CliIO, argv: readonly string[] = []): Promise<Command> {
  const program = new Command("warden")
    .description("Warden: the governance and security gateway for AI agents.")
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .exitOverride();
  const named = COMMANDS.filter((m) => m.names.includes(argv[0] ?? ""));
  for (const m of named.length ? named : COMMANDS) (await m.load())(program, io);
  // Sub-commands inherit the output routing and exit override.
  const walk = (c: Command): void => {
    for (const sub of c.commands) {
      sub.configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) }).exitOverride();
      sub.showHelpAfterError("(run with --help for usage)");
      walk(sub);
    }
  };
  walk(program);
  return program;
}

// Input that is not what the command takes (bad flags, malformed files) is a usage error: exit 2.
const USAGE_CODES = /^(CLI_|REPLAY_BAD_TRACE$|POLICY_TEST_INVALID$)/;

/** Run the CLI; returns the exit code (0 ran, 1 gate failed, 2 usage error). */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const program = await buildProgram(io, argv);
  try {
    await program.parseAsync(argv, { from: "user" });
    return io.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") return EXIT.OK;
      return EXIT.USAGE;
    }
    if (isWardenError(err)) {
      io.stderr(`warden: ${err.format()}\n`);
      return USAGE_CODES.test(err.code) ? EXIT.USAGE : EXIT.GATE_FAILED;
    }
    throw err;
  }
}
