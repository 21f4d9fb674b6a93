// Pattern heuristics over the folded text (seed 004, layer 1), grouped by what the attacker is doing.
// Written from the published taxonomy of prompt-injection phrasing, not fitted to evaluation data.
// INVARIANT: every pattern is linear: bounded gaps ([^.\n]{0,N}) and literal anchors.

export interface Heuristic {
  id: string;
  weight: number;
  re: RegExp;
}

const GAP = "[^.\\n]{0,40}";
const h = (id: string, weight: number, src: string, flags = "g"): Heuristic => ({
  id,
  weight,
  re: new RegExp(src, flags),
});

/**
 * One-pass prefilter for all heuristics: words ([a-z]+ runs of the folded text) of which every match of a
 * heuristic contains at least one, and the largest distance from such a word to the ends of a match
 * (lookarounds included). A heuristic whose words are absent does no work; otherwise its pattern runs only
 * around the hits (engine/detector.ts matchRegions). `<|` and `<<` are the non-word triggers.
 * test/guard-scanners.test.ts checks gated and whole-text results agree.
 */
const TRIGGERS: Record<string, { words: string[]; reach: number }> = {
  override: { words: ["ignore", "disregard", "forget", "skip", "override", "bypass", "drop"], reach: 200 },
  new_instructions: {
    words: ["instruction", "instructions", "task", "directive", "directives", "order", "orders", "prompt"],
    reach: 80,
  },
  role_switch: { words: ["now", "act", "pretend", "roleplay", "freed", "longer"], reach: 80 },
  jailbreak: {
    words: [
      "anything",
      "developer",
      "jailbreak",
      "jailbreaked",
      "jailbreaken",
      "dan",
      "antidan",
      "stay",
    ].concat(["without", "ethical", "moral", "safety"]),
    reach: 100,
  },
  prompt_leak: { words: ["prompt", "instructions", "rules", "above"], reach: 160 },
  special_tokens: { words: ["inst", "system", "assistant"], reach: 60 }, // + "<|", "<<"
  // Every match names the model (the words of the pattern's (?:ai|assistant|...) groups, "model" for
  // "language model", plural forms for "agents reading this"): rarer than the request words around them.
  addressed_to_model: {
    words: [
      "ai",
      "ais",
      "assistant",
      "assistants",
      "chatbot",
      "model",
      "llm",
      "gpt",
      "claude",
      "agent",
      "agents",
    ],
    reach: 120,
  },
  response_tamper: {
    words: ["response", "answer", "reply", "output", "summary", "respond", "summarise", "summarize"],
    reach: 80,
  },
  // Every match starts with its verb; the address it ends with (http, www, an "@") is far more common in
  // mail and code than the verbs.
  exfiltration: {
    words: ["send", "forward", "email", "post", "upload", "transmit", "exfiltrate", "leak"],
    reach: 300,
  },
  tool_coercion: { words: ["tool", "function", "command"], reach: 140 },
  secrecy: {
    words: ["tell", "inform", "mention", "reveal", "alert", "notify", "knowing", "noticing", "unnoticed"],
    reach: 80,
  },
  code_payload: { words: ["curl", "wget", "rm", "os", "subprocess", "import"], reach: 300 },
};

const FNV = 0x811c9dc5;
const PRIME = 0x01000193;
// Word hash -> bitmask of heuristics, open addressing in typed arrays (a Map lookup per word costs more
// than the rest of the pass). A collision only adds a hit: the prefilter stays a superset.
const TABLE_BITS = 11;
const TABLE_KEY = new Int32Array(1 << TABLE_BITS);
const TABLE_MASK = new Int32Array(1 << TABLE_BITS); // 0 = empty slot
const ORDER = Object.keys(TRIGGERS);
function slotOf(hh: number): number {
  let k = (Math.imul(hh, 0x9e3779b1) >>> (32 - TABLE_BITS)) & ((1 << TABLE_BITS) - 1);
  while (TABLE_MASK[k] !== 0 && TABLE_KEY[k] !== hh) k = (k + 1) & ((1 << TABLE_BITS) - 1);
  return k;
}
ORDER.forEach((id, k) => {
  for (const w of (TRIGGERS[id] as { words: string[] }).words) {
    let hh = FNV;
    for (let i = 0; i < w.length; i++) hh = Math.imul(hh ^ w.charCodeAt(i), PRIME);
    const slot = slotOf(hh);
    TABLE_KEY[slot] = hh;
    TABLE_MASK[slot] = (TABLE_MASK[slot] as number) | (1 << k);
  }
});
/**
 * Every trigger word with the bitmask of heuristics it triggers (index k of ORDER = bit k), for a pass that
 * looks words up by its own hash (features.ts featurize: one table probe per word for its closed-class
 * test and the triggers).
 */
export const TRIGGER_WORDS: ReadonlyArray<readonly [string, number]> = (() => {
  const m = new Map<string, number>();
  ORDER.forEach((id, k) => {
    for (const w of (TRIGGERS[id] as { words: string[] }).words) m.set(w, (m.get(w) ?? 0) | (1 << k));
  });
  return [...m];
})();
const SPECIAL = 1 << ORDER.indexOf("special_tokens");

/** Trigger hits per heuristic (see heuristicTrigger), in one pass over the folded text. */
export function heuristicHits(t: string): number[][] {
  const hits: number[][] = ORDER.map(() => []);
  const add = (mask: number, at: number): void => {
    for (let k = 0; mask !== 0; k++, mask >>>= 1) if ((mask & 1) !== 0) (hits[k] as number[]).push(at);
  };
  let start = -1;
  let hh = FNV;
  const n = t.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? t.charCodeAt(i) : 32;
    if (c >= 97 && c <= 122) {
      if (start < 0) {
        start = i;
        hh = FNV;
      }
      hh = Math.imul(hh ^ c, PRIME);
      continue;
    }
    if (start >= 0) {
      if (i - start <= 12) {
        const mask = TABLE_MASK[slotOf(hh)] as number;
        if (mask !== 0) add(mask, start);
      }
      start = -1;
    }
    if (c === 60 && i + 1 < n) {
      const d = t.charCodeAt(i + 1);
      if (d === 124 || d === 60) add(SPECIAL, i);
    }
  }
  return hits;
}

/**
 * Trigger hits collected during another pass over the text (features.ts featurize, which reads every
 * character anyway): the same hits as heuristicHits, without a second pass. Arrays are reused per call.
 */
export class HitSink {
  readonly hits: number[][] = ORDER.map(() => []);

  reset(): void {
    for (const h of this.hits) h.length = 0;
  }

  /** A run of a-z letters with FNV hash `hh` (from FNV, no finalisation) starting at `start`, length <= 12. */
  word(hh: number, start: number): void {
    let mask = TABLE_MASK[slotOf(hh)] as number;
    for (let k = 0; mask !== 0; k++, mask >>>= 1)
      if ((mask & 1) !== 0) (this.hits[k] as number[]).push(start);
  }

  /** A non-letter character `c` at `i` followed by `next`: the "<|" and "<<" triggers. */
  symbol(c: number, next: number, i: number): void {
    if (c === 60 && (next === 124 || next === 60)) this.addMask(SPECIAL, i);
  }

  /** A trigger word (bitmask from TRIGGER_WORDS) starting at `at`. */
  addMask(mask: number, at: number): void {
    for (let k = 0; mask !== 0; k++, mask >>>= 1) if ((mask & 1) !== 0) (this.hits[k] as number[]).push(at);
  }
}

/** Index into heuristicHits' result and reach of a heuristic's prefilter. */
export function heuristicTrigger(id: string): { index: number; reach: number } | undefined {
  const t = TRIGGERS[id];
  return t === undefined ? undefined : { index: ORDER.indexOf(id), reach: t.reach };
}

export const HEURISTICS: readonly Heuristic[] = [
  h(
    "override",
    0.95,
    `\\b(?:ignore|disregard|forget|skip|override|bypass|drop)\\b${GAP}\\b(?:previous|prior|above|earlier|preceding|all|any|your|the|system|initial|original|those)\\b[^.\\n]{0,30}\\b(?:instructions?|prompts?|rules?|directives?|guidelines?|context|messages?|commands?|constraints?|programming|policies|restrictions)\\b`,
  ),
  h(
    "new_instructions",
    0.85,
    `\\b(?:new|updated|revised|real|actual|additional|secret|hidden)\\s{1,3}(?:instructions?|task|directives?|orders?|system prompt)\\s{0,3}[:\\-]`,
  ),
  h(
    "role_switch",
    0.7,
    `\\b(?:you are now|from now on,? you|you will now act|act as (?:an? )?(?:unrestricted|unfiltered|evil|jailbroken)|pretend (?:to be|you are)|roleplay as|you have been freed|no longer bound by)\\b`,
  ),
  h(
    "jailbreak",
    0.9,
    `\\b(?:do anything now|developer mode (?:enabled|output)|jailbreak(?:ed|en)?|dan mode|anti-?dan|stay in character|without any (?:restrictions|filters|censorship)|ignore (?:all )?(?:ethical|moral|safety) (?:guidelines|constraints|rules))\\b`,
  ),
  h(
    "prompt_leak",
    0.8,
    `\\b(?:reveal|show|print|output|repeat|leak|disclose|tell me)\\b${GAP}\\b(?:system prompt|initial prompt|hidden prompt|your (?:instructions|prompt|rules)|the (?:instructions|text) above)\\b`,
  ),
  h(
    "special_tokens",
    0.9,
    `<\\|(?:im_start|im_end|system|endoftext|assistant|user)\\|>|\\[/?inst\\]|<<\\/?sys>>|^\\s{0,8}(?:###\\s{0,3})?(?:system|assistant)\\s{0,3}:`,
    "gm",
  ),
  h(
    "addressed_to_model",
    0.75,
    `\\b(?:(?:dear |hey |attention,? |note to (?:the )?)?(?:ai|assistant|chatbot|language model|llm|gpt|claude|agent)[,:]\\s{0,3}(?:please |you must |you should |now )|(?:ai|assistant|agent)s? (?:reading|processing|summari[sz]ing) this)`,
  ),
  h(
    "response_tamper",
    0.7,
    `\\b(?:in|into|to|within|at the (?:end|start|beginning) of) your (?:response|answer|reply|output|summary)\\b|\\byour (?:response|answer|reply) (?:must|should)\\b|\\b(?:when|before|after) (?:you )?(?:respond|answer|reply|summari[sz]e)\\b`,
  ),
  h(
    "exfiltration",
    0.85,
    `\\b(?:send|forward|email|post|upload|transmit|exfiltrate|leak)\\b[^.\\n]{0,60}\\b(?:to|at)\\s{1,3}(?:https?://|www\\.|[\\w.+-]{1,64}@[\\w-]{1,63}\\.)`,
  ),
  h(
    "tool_coercion",
    0.6,
    `\\b(?:call|invoke|use|run|execute) (?:the )?(?:tool|function|command)\\b${GAP}\\b(?:immediately|now|without (?:asking|confirmation|telling))\\b`,
  ),
  h(
    "secrecy",
    0.6,
    `\\b(?:do not|don't|never) (?:tell|inform|mention|reveal|alert|notify) (?:the )?(?:user|human|anyone|operator)\\b|\\bwithout (?:the user|them) (?:knowing|noticing)\\b|\\bensuring it goes unnoticed\\b`,
  ),
  h(
    "code_payload",
    0.5,
    `\\b(?:curl|wget)\\s{1,3}\\S{1,200}\\s{0,3}\\|\\s{0,3}(?:ba|z)?sh\\b|\\brm\\s{1,3}-rf\\s{1,3}[/~]|\\bos\\.system\\(|\\bsubprocess\\.(?:run|popen|call)\\(|\\b__import__\\(`,
  ),
];
