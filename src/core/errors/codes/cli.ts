export const CLI_CODES = {
  CLI_USAGE: { summary: "The command line is wrong: unknown flag, missing argument, or a value that does not parse." },
  CLI_BAD_JSON: { summary: "A JSON argument (--call, --session) does not parse or has the wrong shape." },
  CLI_NO_FILES: { summary: "The path given matched no files to work on." },
} as const;
