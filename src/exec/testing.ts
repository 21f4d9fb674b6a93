// Test helpers: a real HTTP server on 127.0.0.1 (port 0) that records what it received, and a fake DNS.
// Used by the exec tests only.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { LookupFn } from "./egress/resolve.js";

export interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface TestServer {
  port: number;
  received: Received[];
  /** Requests whose connection closed before a response finished (aborted by the client). */
  closedEarly: number;
  close(): Promise<void>;
}

export type Handler = (req: Received, res: http.ServerResponse, n: number) => void;

export async function startServer(handler: Handler): Promise<TestServer> {
  const received: Received[] = [];
  const state = { closedEarly: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r: Received = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(r);
      res.on("close", () => {
        if (!res.writableFinished) state.closedEarly++;
      });
      handler(r, res, received.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received,
    get closedEarly() {
      return state.closedEarly;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** A DNS that knows only the names given; counts queries. */
export function fakeDns(table: Record<string, string | string[]>): LookupFn & { queries: string[] } {
  const queries: string[] = [];
  const fn = async (host: string) => {
    queries.push(host);
    const v = table[host];
    if (v === undefined) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    return (Array.isArray(v) ? v : [v]).map((address) => ({ address, family: (address.includes(":") ? 6 : 4) as 4 | 6 }));
  };
  return Object.assign(fn, { queries });
}
