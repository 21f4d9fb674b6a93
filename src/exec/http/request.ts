// One HTTP exchange (one hop: no redirect following here) over node:http/https, connected to an address
// that was already checked. The body is read as a stream and abandoned the moment it passes the cap.
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { ExecError } from "../errors.js";
import type { ResolvedAddress } from "../egress/resolve.js";

export interface Hop {
  tool: string;
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
  pinned: ResolvedAddress;
  agent: http.Agent;
  maxBytes: number;
}

export interface HopResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** SECURITY: whatever name the socket layer asks about, answer with the checked address (no second DNS query). */
function pinnedLookup(p: ResolvedAddress): LookupFunction {
  return ((_host: string, opts: { all?: boolean }, cb: (...a: unknown[]) => void) => {
    if (opts && opts.all) cb(null, [{ address: p.address, family: p.family }]);
    else cb(null, p.address, p.family);
  }) as unknown as LookupFunction;
}

function networkError(tool: string, host: string, e: unknown): ExecError {
  const code = (e as NodeJS.ErrnoException).code ?? "error";
  // TLS failures will not fix themselves on a retry; resets and refusals might.
  const tls = /CERT|SSL|TLS|SELF_SIGNED/.test(code);
  // SECURITY: only the error code is quoted; Node's messages can include the full URL (query credentials).
  return new ExecError("UPSTREAM_UNREACHABLE", `tool ${tool}: could not complete the request to ${host} (${code}). ${tls ? "Check the upstream's TLS certificate." : "The upstream may be down; retry later."}`, { retryable: !tls, cause: e });
}

function tooLarge(hop: Hop): ExecError {
  return new ExecError("OUTPUT_TOO_LARGE", `tool ${hop.tool}: the response is larger than max_output_bytes (${hop.maxBytes}); ask for less (a filter, a page) or raise the tool's cap.`);
}

export function sendHop(hop: Hop, signal: AbortSignal): Promise<HopResponse> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const mod = hop.url.protocol === "https:" ? https : http;
    const headers: Record<string, string> = { ...hop.headers };
    if (hop.body) headers["content-length"] = String(hop.body.length);
    // The signal is watched here rather than passed to http.request: Node's `signal` option registers an
    // abort listener plus end-of-stream listeners on the request, which cost more than the rest of
    // starting the request on a pooled socket. The effect is the same: an abort destroys the request and
    // the exchange rejects with the signal's reason. Methods, not per-call arrow functions, keep it cheap.
    const x = {
      settled: false,
      settle(): boolean {
        if (x.settled) return false;
        x.settled = true;
        signal.removeEventListener("abort", x.onAbort);
        return true;
      },
      fail(e: unknown): void {
        if (!x.settle()) return;
        req.destroy();
        reject(signal.aborted ? signal.reason : e);
      },
      onAbort(): void {
        x.fail(signal.reason);
      },
    };
    const req = mod.request(hop.url, { method: hop.method, headers, agent: hop.agent, lookup: pinnedLookup(hop.pinned) }, (res) => {
      const status = res.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        res.resume(); // a redirect's body is never read: only its Location matters
        if (x.settle()) resolve({ status, headers: res.headers, body: Buffer.alloc(0) });
        return;
      }
      const declared = Number(res.headers["content-length"]);
      if (Number.isFinite(declared) && declared > hop.maxBytes) return x.fail(tooLarge(hop));
      const chunks: Buffer[] = [];
      let total = 0;
      res.on("data", (c: Buffer) => {
        total += c.length;
        // INVARIANT: never hold more than maxBytes (+ one chunk) of an upstream body in memory.
        if (total > hop.maxBytes) return x.fail(tooLarge(hop));
        chunks.push(c);
      });
      res.on("end", () => {
        if (x.settle()) resolve({ status, headers: res.headers, body: Buffer.concat(chunks) });
      });
      res.on("error", (e) => x.fail(networkError(hop.tool, hop.url.host, e)));
      res.on("aborted", () => x.fail(networkError(hop.tool, hop.url.host, Object.assign(new Error("aborted"), { code: "ECONNRESET" }))));
    });
    req.on("error", (e) => x.fail(networkError(hop.tool, hop.url.host, e)));
    // SECURITY: an abort (timeout, emergency stop) destroys the request; nothing is read after it.
    signal.addEventListener("abort", x.onAbort, { once: true });
    req.end(hop.body);
  });
}
