// The injection corpus: BIPIA attacks planted into clean contexts, split by attack category with a fixed
// seed so no instruction (and no category) is on both sides. Training uses only the train side; every
// figure in docs/evaluations.md comes from the test side or from sources never used in training.
import { splitByGroup } from "../../../core/guard/eval/split.js";
import { plant, POSITIONS, type Position } from "../../../core/guard/eval/plant.js";
import type { TrainDoc } from "../../../core/guard/injection/train.js";
import { fnv1a } from "../../../core/guard/eval/prng.js";
import {
  asbTasks,
  bipiaQuestions,
  bipiaAttacks,
  bipiaEmails,
  credsweeperFiles,
  presidioSentences,
  type Attack,
} from "./data.js";

export const SPLIT_SEED = 8;
export const TEST_FRACTION = 0.4;

export interface PlantedDoc extends TrainDoc {
  family: "text" | "code";
  category: string;
  position: Position;
}

export interface InjectionCorpus {
  trainAttacks: Attack[];
  testAttacks: Attack[];
  trainEmails: string[];
  testEmails: string[];
  /** Template ids of trainPresidio, so inner validation can split by template too. */
  trainPresidio: string[];
  trainPresidioTemplates: number[];
  testPresidio: string[];
  /** CredSweeper fixtures cut into chunks: code and config text as training negatives only. */
  codeNegatives: string[];
  /**
   * Benign requests as training negatives only: the questions asked about train-side BIPIA emails and the
   * ASB agents' user tasks (ASB's normal tool descriptions stay evaluation-only).
   */
  requestNegatives: string[];
  testCategories: string[];
}

export function buildCorpus(dir: string): InjectionCorpus {
  const attacks = bipiaAttacks(dir);
  const text = splitByGroup(
    attacks.filter((a) => a.family === "text"),
    (a) => a.category,
    TEST_FRACTION,
    SPLIT_SEED,
  );
  const code = splitByGroup(
    attacks.filter((a) => a.family === "code"),
    (a) => a.category,
    TEST_FRACTION,
    SPLIT_SEED + 1,
  );
  const emails = bipiaEmails(dir).map((e, i) => ({ e, i }));
  const es = splitByGroup(emails, (x) => String(x.i), TEST_FRACTION, SPLIT_SEED + 2);
  const questions = bipiaQuestions(dir);
  const requestNegatives = [
    ...es.train.map((x) => questions[x.i] ?? "").filter((q) => q.length > 0),
    ...asbTasks(dir),
  ];
  const pres = presidioSplit(presidioSentences(dir));
  const codeNegatives: string[] = [];
  for (const f of credsweeperFiles(dir))
    for (let i = 0; i < f.text.length && i < 20000; i += 1500) codeNegatives.push(f.text.slice(i, i + 1500));
  return {
    trainAttacks: [...text.train, ...code.train],
    testAttacks: [...text.test, ...code.test],
    trainEmails: es.train.map((x) => x.e),
    testEmails: es.test.map((x) => x.e),
    trainPresidio: pres.dev.map((s) => s.text),
    trainPresidioTemplates: pres.dev.map((s) => s.template),
    testPresidio: pres.test.map((s) => s.text),
    codeNegatives,
    requestNegatives,
    testCategories: [...text.testGroups.map((g) => `text:${g}`), ...code.testGroups.map((g) => `code:${g}`)],
  };
}

/**
 * presidio-research by template: the dev half (looked at while writing the PII patterns, and used as
 * injection-training negatives) and the test half (reported).
 */
export function presidioSplit<T extends { template: number }>(all: readonly T[]): { dev: T[]; test: T[] } {
  const dev = all.filter((s) => fnv1a(`warden-pii-1:${s.template}`) % 2 === 0);
  const test = all.filter((s) => fnv1a(`warden-pii-1:${s.template}`) % 2 === 1);
  return { dev, test };
}

/** CredSweeper by file path: dev half (looked at while writing rules) and test half (reported). */
export function credSplit<T extends { path: string }>(all: readonly T[]): { dev: T[]; test: T[] } {
  return {
    dev: all.filter((f) => fnv1a(`warden-secrets-1:${f.path}`) % 2 === 0),
    test: all.filter((f) => fnv1a(`warden-secrets-1:${f.path}`) % 2 === 1),
  };
}

export function plantAll(attacks: readonly Attack[], contexts: readonly string[]): PlantedDoc[] {
  const out: PlantedDoc[] = [];
  for (const a of attacks) {
    for (const c of contexts) {
      for (const position of POSITIONS) {
        const p = plant(c, a.text, position);
        out.push({
          text: p.text,
          attack: [p.start, p.end],
          family: a.family,
          category: a.category,
          position,
        });
      }
    }
  }
  return out;
}

/**
 * Benign requests planted into clean emails: the same question or task that is harmless as a user's own
 * message is an injection when it arrives inside a tool's output (BIPIA's task-switch threat). These give
 * the classifier positives that differ in topic from BIPIA's categories, so it learns the shape of a
 * request to the assistant rather than the topics of the training attacks. Each request goes into
 * `perRequest` emails, chosen by index so the set is fixed.
 */
export function plantedRequests(
  requests: readonly string[],
  emails: readonly string[],
  perRequest: number,
): PlantedDoc[] {
  const out: PlantedDoc[] = [];
  if (emails.length === 0) return out;
  requests.forEach((r, j) => {
    for (let k = 0; k < Math.min(perRequest, emails.length); k++) {
      const ctx = emails[(j * 7 + k * 3) % emails.length] as string;
      for (const position of POSITIONS) {
        const p = plant(ctx, r, position);
        out.push({ text: p.text, attack: [p.start, p.end], family: "text", category: "request", position });
      }
    }
  });
  return out;
}

/** Training documents from the train side only. */
export function trainingDocs(
  c: Pick<
    InjectionCorpus,
    "trainAttacks" | "trainEmails" | "trainPresidio" | "codeNegatives" | "requestNegatives"
  >,
  requestPlants = 10,
): TrainDoc[] {
  return [
    ...plantAll(c.trainAttacks, c.trainEmails),
    ...plantedRequests(c.requestNegatives, c.trainEmails, requestPlants),
    ...c.trainEmails.map((text) => ({ text, attack: null })),
    ...c.trainPresidio.map((text) => ({ text, attack: null })),
    ...c.codeNegatives.map((text) => ({ text, attack: null })),
    ...c.requestNegatives.map((text) => ({ text, attack: null })),
  ];
}
