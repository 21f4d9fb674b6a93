// The guard benches' input: 10 MB of mixed text (emails, PII sentences, code/config with secrets,
// jailbreak prompts, repeated) and 2000 distinct 1 KB slices of it. One definition, so run.ts and
// parts.ts always measure the same bytes.
import {
  DEFAULT_DATA_DIR,
  bipiaEmails,
  credsweeperFiles,
  garakJailbreaks,
  presidioSentences,
} from "../../src/cli/commands/eval/data.js";

const SIZE = 10 * 1024 * 1024;

export function dataDirFromArgs(args: readonly string[]): string {
  return args.includes("--data") ? (args[args.indexOf("--data") + 1] as string) : DEFAULT_DATA_DIR;
}

export function mixedText(data: string): string {
  const parts = [
    ...bipiaEmails(data),
    ...presidioSentences(data).map((s) => s.text),
    ...credsweeperFiles(data).map((f) => f.text.slice(0, 4000)),
    ...garakJailbreaks(data).inthewild.slice(0, 100),
  ];
  let mixed = "";
  for (let i = 0; mixed.length < SIZE; i++) mixed += (parts[i % parts.length] as string) + "\n";
  return mixed.slice(0, SIZE);
}

export function kbSlices(mixed: string): string[] {
  const kb: string[] = [];
  for (let i = 0; i + 1024 <= mixed.length && kb.length < 2000; i += 5003) kb.push(mixed.slice(i, i + 1024));
  return kb;
}
