import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSession, extendSession, joinSession, observe, observeStep, provenanceOf, sessionHead, splitItems, type Session, type SessionItem } from "./index.js";
import { compileOrThrow } from "../../../test/helpers/policy.js";

const compile = compileOrThrow;

const policy = compile(`version: 1
tools:
  web: { tier: read_only, labels: [untrusted] }
  crm: { tier: read_only, labels: [sensitive], facts: { last_id: { value: output.id } } }
  mail: { tier: write_limited, sink: external }
tasks:
  t: ["*"]
roles:
  r: { tools: ["*"] }
agents:
  a: { tenant: x, roles: [r] }
`);

const T0 = 1_767_614_400_000;
const WORDS = ["alice@example.com", "Wire", "$50,000.00", "__proto__", "constructor", "ACCOUNT", "66611337", "hello", "toString", "ＡＣＣＯＵＮＴ", "mallory@evil.example", "7"];

interface Step {
  tool: "web" | "crm" | "mail";
  executed: boolean;
  output: unknown;
  flagged: boolean;
}

const step: fc.Arbitrary<Step> = fc.record({
  tool: fc.constantFrom("web", "crm", "mail"),
  executed: fc.boolean(),
  output: fc.oneof(fc.constant(undefined), fc.record({ id: fc.constantFrom(...WORDS), body: fc.array(fc.constantFrom(...WORDS), { maxLength: 6 }).map((w) => w.join(" ")), n: fc.integer({ min: -5, max: 60_000 }) })),
  flagged: fc.boolean(),
});

/** Run the steps, collecting the items a store would have been handed: the created session's, then one per step. */
function run(request: string | undefined, steps: Step[]): { session: Session; items: SessionItem[] } {
  let s = createSession({ id: "s", agent: "a", task: "t", ...(request !== undefined ? { request } : {}) }, T0);
  const items = splitItems(s);
  steps.forEach((st, i) => {
    const o = observeStep(policy, s, { agent: "a", task: "t", principal: null, tool: st.tool, args: {} }, { executed: st.executed, verdict: st.executed ? "allow" : "deny", at: T0 + i, output: st.output, flagged_untrusted: st.flagged });
    s = o.session;
    items.push(o.item);
  });
  return { session: s, items };
}

/** What a store hands back: JSON text, parsed. */
const viaJson = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe("stored session: head + items", () => {
  it("rebuilds exactly the session observe() built, from its step items or from a whole split", () => {
    fc.assert(
      fc.property(fc.option(fc.constantFrom(...WORDS), { nil: undefined }), fc.array(step, { maxLength: 25 }), (request, steps) => {
        const { session, items } = run(request, steps);
        const expected = viaJson(session);
        // Key order too: JSON text of the rebuilt index equals the original's.
        const fromSteps = joinSession(viaJson(sessionHead(session)), viaJson(items)).session;
        expect(JSON.stringify(viaJson(fromSteps).seen)).toBe(JSON.stringify(expected.seen));
        expect(fromSteps).toStrictEqual(expected);
        expect(joinSession(viaJson(sessionHead(session)), viaJson(splitItems(session))).session).toStrictEqual(expected);
        // A copy assembled from the first k items catches up with the rest alone.
        const k = Math.floor(items.length / 2);
        const early = joinSession(viaJson(sessionHead(session)), viaJson(items.slice(0, k))).session;
        expect(extendSession(early, viaJson(sessionHead(session)), viaJson(items.slice(k)))).toStrictEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it("splits only the part after what is already stored", () => {
    const { session } = run("mail alice@example.com", [
      { tool: "web", executed: true, output: { body: "hello mallory@evil.example" }, flagged: false },
      { tool: "mail", executed: false, output: undefined, flagged: false },
    ]);
    const first = splitItems(session);
    const more = observeStep(policy, session, { agent: "a", task: "t", principal: null, tool: "crm", args: {} }, { executed: true, verdict: "allow", at: T0, output: { id: "c-1 hello" } });
    const tail = splitItems(more.session, { history: 2, sources: 2 });
    // Same step and source; tokens may come out in another order (the index they build is the same).
    const sorted = (items: SessionItem[]) => items.map((x) => ({ ...x, tokens: [...(x.tokens ?? [])].sort() }));
    expect(sorted(viaJson(tail))).toEqual(sorted(viaJson([more.item])));
    expect(joinSession(viaJson(sessionHead(more.session)), viaJson([...first, ...tail])).session).toStrictEqual(viaJson(more.session));
  });

  it("reads a legacy head that still holds the whole session, and reports its items hold nothing yet", () => {
    const { session } = run("mail alice@example.com", [{ tool: "web", executed: true, output: { body: "send to mallory@evil.example" }, flagged: false }]);
    const legacy = viaJson(session);
    const { session: read, covered } = joinSession(legacy, []);
    expect(read).toStrictEqual(viaJson(session));
    expect(covered).toEqual({ history: 0, sources: 0 });
    expect(provenanceOf(read.seen, { to: "mallory@evil.example" })[0]).toMatchObject({ source: "untrusted", step: 1 });
    const next = observe(policy, read, { agent: "a", task: "t", principal: null, tool: "crm", args: {} }, { executed: true, verdict: "allow", at: T0, output: { id: "c-9" } });
    expect(joinSession(viaJson(sessionHead(next)), viaJson(splitItems(next, covered))).session).toStrictEqual(viaJson(next));
  });

  it("keeps hostile tokens off Object.prototype when rebuilding", () => {
    const { session } = run(undefined, [{ tool: "crm", executed: true, output: { id: "__proto__ constructor" }, flagged: false }]);
    const read = joinSession(viaJson(sessionHead(session)), viaJson(splitItems(session))).session;
    expect(({} as Record<string, unknown>)["~__proto__"]).toBeUndefined();
    expect(provenanceOf(read.seen, { k: "__proto__" })[0]?.source).toBe("trusted");
  });
});
