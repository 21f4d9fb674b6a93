// The HTTP adapter: render the request, check egress on every hop, follow redirects by hand, read the
// body under its cap, mask echoed secrets, parse JSON.
import { ExecError } from "../errors.js";
import { egressAllows } from "../egress/allowlist.js";
import { resolveChecked } from "../egress/resolve.js";
import type { PrivatePolicy } from "../egress/address.js";
import { maskJson, maskText } from "../credentials/mask.js";
import { parseRetryAfter } from "../retry/backoff.js";
import { sendHop, type HopResponse } from "./request.js";
import { render, type Token } from "./template.js";
import type { AttemptContext, AttemptOutput } from "../adapter.js";

export const MAX_REDIRECTS = 5;

export interface CompiledHttp {
  method: string;
  url: Token[];
  headers: Array<[string, Token[]]>;
  /** Lower-case names of headers that carry a credential: dropped on a cross-origin redirect. */
  credentialHeaders: Set<string>;
  body: "args" | "none";
  /** The adapter's allowlist: the URL template's host plus `egress`. */
  hosts: string[];
  allowPrivate: PrivatePolicy;
  maxRequestBytes: number;
}

function buildBody(c: CompiledHttp, ctx: AttemptContext): Buffer | undefined {
  if (c.body === "none") return undefined;
  const buf = Buffer.from(JSON.stringify(ctx.req.args ?? {}), "utf8");
  if (buf.length > c.maxRequestBytes)
    throw new ExecError("EXEC_REQUEST_TOO_LARGE", `tool ${ctx.req.tool}: the arguments are ${buf.length} bytes, over max_request_bytes (${c.maxRequestBytes}); send less.`);
  return buf;
}

function httpFailure(tool: string, host: string, r: HopResponse, now: number): ExecError {
  const s = r.status;
  const retryable = s === 429 || s === 502 || s === 503 || s === 504;
  const advice =
    s === 401 || s === 403 ? "check the tool's credential and its permissions upstream."
    : s === 404 ? "check the arguments (the resource does not exist)."
    : s === 429 ? "the upstream is rate limiting; slow down and retry later."
    : s >= 500 ? "the upstream failed; retry later."
    : "check the arguments against the upstream API.";
  const ra = parseRetryAfter(r.headers["retry-after"] as string | undefined, now);
  return new ExecError("UPSTREAM_HTTP_ERROR", `tool ${tool}: ${host} answered HTTP ${s}; ${advice}`, { retryable, status: s, ...(ra === undefined ? {} : { retryAfterMs: ra }) });
}

function parseOutput(tool: string, r: HopResponse, needles: readonly string[]): { output: unknown; masked: number } {
  if (r.body.length === 0) return { output: null, masked: 0 };
  // SECURITY: mask the raw text first (covers non-JSON bodies), then parsed strings (covers JSON escapes).
  const raw = maskText(r.body.toString("utf8"), needles);
  const type = String(r.headers["content-type"] ?? "").toLowerCase();
  if (!/[/+]json\b/.test(type)) return { output: raw.text, masked: raw.count };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.text);
  } catch {
    throw new ExecError("UPSTREAM_BAD_RESPONSE", `tool ${tool}: the upstream sent invalid JSON (content-type ${type}); the upstream is broken, report it to its owner.`);
  }
  const m = maskJson(parsed, needles);
  return { output: m.value, masked: raw.count + m.count };
}

export async function httpAttempt(c: CompiledHttp, ctx: AttemptContext, signal: AbortSignal): Promise<AttemptOutput> {
  const { tool } = ctx.req;
  let url: URL;
  try {
    url = new URL(render(c.url, { tool, args: ctx.req.args, secrets: ctx.secrets, encode: true }));
  } catch (e) {
    if (e instanceof ExecError) throw e;
    throw new ExecError("EXEC_BAD_ARGS", `tool ${tool}: the arguments do not make a valid URL; check them.`);
  }
  let method = c.method;
  let body = buildBody(c, ctx);
  const headers: Record<string, string> = { "user-agent": "warden", accept: "application/json, text/*;q=0.9, */*;q=0.1" };
  for (const [name, tokens] of c.headers) headers[name.toLowerCase()] = render(tokens, { tool, args: ctx.req.args, secrets: ctx.secrets, encode: false });
  if (body) headers["content-type"] = "application/json";
  if (ctx.req.idempotencyKey) headers["idempotency-key"] = ctx.req.idempotencyKey;

  for (let hop = 0; ; hop++) {
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new ExecError("EGRESS_DENIED", `tool ${tool}: scheme ${url.protocol} is not allowed; only http and https.`);
    // SECURITY: the allowlist and address checks run on every hop, redirects included.
    if (!egressAllows(url.hostname, c.hosts, ctx.req.egress))
      throw new ExecError("EGRESS_DENIED", `tool ${tool}: host ${url.hostname} is not in the tool's egress allowlist${ctx.req.egress ? " (or the policy's)" : ""}; add it to the tool's egress if it is meant to be reached.`);
    const pinned = await resolveChecked(tool, url.hostname, c.allowPrivate, ctx.lookup);
    const agent = ctx.pool.get(tool, url.protocol, pinned.address);
    const r = await sendHop({ tool, url, method, headers, body, pinned, agent, maxBytes: ctx.maxOutputBytes }, signal);
    if (r.status < 300 || r.status >= 400) {
      if (r.status >= 400) throw httpFailure(tool, url.hostname, r, Date.now());
      const out = parseOutput(tool, r, ctx.needles);
      return { output: out.output, bytes: r.body.length, masked: out.masked, status: r.status };
    }
    const loc = r.headers.location;
    if (!loc) throw new ExecError("UPSTREAM_BAD_RESPONSE", `tool ${tool}: ${url.hostname} answered HTTP ${r.status} without a Location; the upstream is broken.`);
    if (hop + 1 > MAX_REDIRECTS) throw new ExecError("EGRESS_TOO_MANY_REDIRECTS", `tool ${tool}: more than ${MAX_REDIRECTS} redirects; point the tool at the final URL.`);
    const next = new URL(loc, url);
    // SECURITY: never downgrade to cleartext, and never carry credentials to another origin.
    if (url.protocol === "https:" && next.protocol === "http:") throw new ExecError("EGRESS_DENIED", `tool ${tool}: ${url.hostname} redirected from https to http; refused.`);
    if (next.origin !== url.origin) for (const h of c.credentialHeaders) delete headers[h];
    if (r.status === 303 || ((r.status === 301 || r.status === 302) && method === "POST")) {
      method = "GET";
      body = undefined;
      delete headers["content-type"];
    }
    url = next;
  }
}
