// The HTTP adapter against real local servers: credentials, masking, retries, timeouts, aborts, caps.
import { afterEach, describe, expect, it } from "vitest";
import { createExecutor, createConfigSecretProvider, staticSecretProvider, type ExecConfig, type ExecRequest, type Executor, type ToolExecConfig } from "../src/exec/index.js";
import { fakeDns, json, startServer, type Handler, type TestServer } from "../src/exec/testing.js";

const SECRET = "mt_live_9f8e7d6c5b4a";
const servers: TestServer[] = [];
const executors: Executor[] = [];
afterEach(async () => {
  await Promise.all(executors.splice(0).map((e) => e.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup(handler: Handler, tool: Omit<Partial<ToolExecConfig>, "http"> & { http?: Partial<NonNullable<ToolExecConfig["http"]>> } = {}, opts: { secrets?: Record<string, string>; credentials?: ExecConfig["credentials"] } = {}) {
  const up = await startServer(handler);
  servers.push(up);
  const { http: h, ...rest } = tool;
  const config: ExecConfig = {
    credentials: opts.credentials ?? { mail_token: { env: "MAIL_TOKEN" } },
    tools: { t: { allow_private: ["api.test"], retries: { max: 3, base: "1ms", max_delay: "5ms" }, ...rest, http: { method: "POST", url: `http://api.test:${up.port}/v1/send/{to}`, ...h } } },
  };
  const e = createExecutor(config, {
    lookup: fakeDns({ "api.test": "127.0.0.1" }),
    secrets: opts.credentials ? undefined : staticSecretProvider(opts.secrets ?? { mail_token: SECRET }),
    random: () => 0.5,
  });
  executors.push(e);
  return { up, e };
}
const req = (extra: Partial<ExecRequest> = {}): ExecRequest => ({ tool: "t", args: { to: "bob@example.com", subject: "hi" }, callId: "c1", idempotent: false, ...extra });

describe("http adapter: an allowed call", () => {
  it("renders the URL template (encoded), sends args as JSON, returns parsed JSON", async () => {
    const { up, e } = await setup((r, res) => json(res, 200, { id: "m1", got: JSON.parse(r.body) }));
    const r = await e.execute(req({ args: { to: "bob/../x?y=1", subject: "hi" } }));
    expect(r).toMatchObject({ ok: true, output: { id: "m1", got: { to: "bob/../x?y=1", subject: "hi" } }, attempts: 1, masked: 0, status: 200 });
    expect(up.received[0]).toMatchObject({ method: "POST", url: "/v1/send/bob%2F..%2Fx%3Fy%3D1" });
    expect(up.received[0]?.headers["content-type"]).toBe("application/json");
    if (r.ok) expect(r.bytes).toBeGreaterThan(0);
  });

  it("returns text bodies as strings and an empty body as null", async () => {
    const { e } = await setup((r, res) => {
      if (r.url.endsWith("empty")) return void res.writeHead(204).end();
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("hello");
    });
    expect(await e.execute(req({ args: { to: "x" } }))).toMatchObject({ ok: true, output: "hello" });
    expect(await e.execute(req({ args: { to: "empty" } }))).toMatchObject({ ok: true, output: null });
  });

  it("refuses args that cannot fill the template, before any request", async () => {
    const { up, e } = await setup((_r, res) => json(res, 200, {}));
    expect(await e.execute(req({ args: { subject: "no to" } }))).toMatchObject({ ok: false, code: "EXEC_BAD_ARGS" });
    expect(await e.execute(req({ args: { to: ".." } }))).toMatchObject({ ok: false, code: "EXEC_BAD_ARGS" });
    expect(await e.execute(req({ args: { to: { nested: 1 } } }))).toMatchObject({ ok: false, code: "EXEC_BAD_ARGS" });
    expect(up.received).toHaveLength(0);
  });

  it("an arg that looks like a credential reference stays text", async () => {
    const { up, e } = await setup((_r, res) => json(res, 200, {}));
    await e.execute(req({ args: { to: "${credential:mail_token}" } }));
    expect(up.received[0]?.url).toBe("/v1/send/%24%7Bcredential%3Amail_token%7D");
    expect(JSON.stringify(up.received[0])).not.toContain(SECRET);
  });

  it("an unknown tool has no adapter", async () => {
    const { e } = await setup((_r, res) => json(res, 200, {}));
    expect(await e.execute(req({ tool: "nope" }))).toMatchObject({ ok: false, code: "EXEC_NO_ADAPTER", attempts: 0 });
    expect(e.has("t")).toBe(true);
    expect(e.has("nope")).toBe(false);
  });

  it("maps HTTP errors to UPSTREAM_HTTP_ERROR with the status, and bad JSON to UPSTREAM_BAD_RESPONSE", async () => {
    const { e } = await setup((r, res) => {
      if (r.url.endsWith("bad")) {
        res.writeHead(200, { "content-type": "application/json" });
        return void res.end("{not json");
      }
      json(res, 404, { error: "nope" });
    });
    expect(await e.execute(req({ idempotent: true }))).toMatchObject({ ok: false, code: "UPSTREAM_HTTP_ERROR", status: 404, attempts: 1, retryable: false });
    expect(await e.execute(req({ args: { to: "bad" } }))).toMatchObject({ ok: false, code: "UPSTREAM_BAD_RESPONSE" });
  });
});

describe("http adapter: credentials", () => {
  it("injects the credential into the upstream request and never returns it; an echo is masked", async () => {
    const { up, e } = await setup((r, res) => json(res, 200, { echoed_auth: r.headers.authorization, note: `token was ${String(r.headers.authorization).slice(7)}` }), {
      credentials: ["mail_token"],
      http: { headers: { Authorization: "Bearer ${credential:mail_token}" } },
    });
    const r = await e.execute(req());
    expect(up.received[0]?.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(r).toMatchObject({ ok: true, output: { echoed_auth: "Bearer [REDACTED:credential]", note: "token was [REDACTED:credential]" } });
    if (r.ok) expect(r.masked).toBe(2);
    expect(JSON.stringify(r)).not.toContain(SECRET);
  });

  it("masks a secret echoed in a text body, URL-encoded, base64 or JSON-escaped", async () => {
    const secret = 'p@ss/"w0rd"+x';
    const up = await startServer((r, res) => {
      if (r.url.includes("json")) return json(res, 200, { raw: secret, url: r.url });
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(`plain ${secret} b64 ${Buffer.from(secret).toString("base64")} url ${encodeURIComponent(secret)}`);
    });
    servers.push(up);
    // The credential goes in the query string (URL-encoded), so an upstream that logs or echoes URLs leaks it.
    const e2 = createExecutor(
      { credentials: { mail_token: { env: "X" } }, tools: { t: { credentials: ["mail_token"], allow_private: true, http: { method: "GET", url: `http://api.test:${up.port}/v1/{to}?key=\${credential:mail_token}` } } } },
      { lookup: fakeDns({ "api.test": "127.0.0.1" }), secrets: staticSecretProvider({ mail_token: secret }) },
    );
    executors.push(e2);
    const text = await e2.execute(req({ args: { to: "text" } }));
    expect(up.received[0]?.url).toBe(`/v1/text?key=${encodeURIComponent(secret)}`);
    expect(text).toMatchObject({ ok: true, output: "plain [REDACTED:credential] b64 [REDACTED:credential] url [REDACTED:credential]", masked: 3 });
    const j = await e2.execute(req({ args: { to: "json" } }));
    expect(JSON.stringify(j)).not.toContain(secret);
    expect(JSON.stringify(j)).not.toContain(encodeURIComponent(secret));
    expect(j).toMatchObject({ ok: true, output: { raw: "[REDACTED:credential]" } });
  });

  it("a missing credential fails with CREDENTIAL_MISSING and nothing is sent", async () => {
    const { up, e } = await setup((_r, res) => json(res, 200, {}), { credentials: ["mail_token"], http: { headers: { Authorization: "Bearer ${credential:mail_token}" } } }, { credentials: { mail_token: { env: "WARDEN_TEST_SURELY_UNSET_VAR" } } });
    const r = await e.execute(req());
    expect(r).toMatchObject({ ok: false, code: "CREDENTIAL_MISSING", attempts: 0 });
    if (!r.ok) expect(r.message).toMatch(/WARDEN_TEST_SURELY_UNSET_VAR is not set/);
    expect(up.received).toHaveLength(0);
  });

  it("loads file credentials, trimming the trailing newline", async () => {
    const p = createConfigSecretProvider({ a: { file: "/secret/a" }, b: { file: "/secret/missing" } }, { readFile: async (f) => { if (f === "/secret/a") return "abc\n"; throw Object.assign(new Error("nope"), { code: "ENOENT" }); } });
    expect(await p.get("a")).toBe("abc");
    await expect(p.get("b")).rejects.toMatchObject({ code: "CREDENTIAL_MISSING" });
    await expect(p.get("undeclared")).rejects.toMatchObject({ code: "CREDENTIAL_MISSING" });
  });
});

describe("http adapter: retries", () => {
  const flaky = (failures: number, status = 503, headers: Record<string, string> = {}): Handler => (_r, res, n) => (n <= failures ? json(res, status, { n }, headers) : json(res, 200, { n }));

  it("retries 503 with backoff for an idempotent tool and counts attempts", async () => {
    const { up, e } = await setup(flaky(2));
    expect(await e.execute(req({ idempotent: true }))).toMatchObject({ ok: true, output: { n: 3 }, attempts: 3 });
    expect(up.received).toHaveLength(3);
  });

  it("never retries a non-idempotent call without a key", async () => {
    const { up, e } = await setup(flaky(2));
    expect(await e.execute(req())).toMatchObject({ ok: false, code: "UPSTREAM_HTTP_ERROR", status: 503, attempts: 1, retryable: true });
    expect(up.received).toHaveLength(1);
  });

  it("retries a non-idempotent call that carries an idempotency key, sending the key each time", async () => {
    const { up, e } = await setup(flaky(1, 502));
    expect(await e.execute(req({ idempotencyKey: "k-123" }))).toMatchObject({ ok: true, attempts: 2 });
    expect(up.received.map((r) => r.headers["idempotency-key"])).toEqual(["k-123", "k-123"]);
  });

  it("honours 429 Retry-After (capped at max_delay) and retries", async () => {
    const { up, e } = await setup(flaky(1, 429, { "retry-after": "3600" }));
    expect(await e.execute(req({ idempotent: true }))).toMatchObject({ ok: true, attempts: 2 });
    expect(up.received).toHaveLength(2);
  });

  it("stops after retries.max and reports the last failure", async () => {
    const { up, e } = await setup(flaky(100, 504));
    expect(await e.execute(req({ idempotent: true }))).toMatchObject({ ok: false, code: "UPSTREAM_HTTP_ERROR", status: 504, attempts: 4 });
    expect(up.received).toHaveLength(4);
  });

  it("does not retry a 500 or a 4xx", async () => {
    const { up, e } = await setup(flaky(100, 500));
    expect(await e.execute(req({ idempotent: true }))).toMatchObject({ ok: false, attempts: 1 });
    expect(up.received).toHaveLength(1);
  });

  it("retries connection failures for idempotent calls (UPSTREAM_UNREACHABLE)", async () => {
    const { up, e } = await setup((_r, res) => json(res, 200, {}));
    await up.close(); // nothing listens on that port any more
    expect(await e.execute(req({ idempotent: true }))).toMatchObject({ ok: false, code: "UPSTREAM_UNREACHABLE", attempts: 4, retryable: true });
    expect(await e.execute(req())).toMatchObject({ ok: false, code: "UPSTREAM_UNREACHABLE", attempts: 1 });
  });
});

describe("http adapter: timeouts, aborts, limits", () => {
  const hang: Handler = () => {}; // never answers

  it("times out (UPSTREAM_TIMEOUT) and tears the request down", async () => {
    const { up, e } = await setup(hang);
    const r = await e.execute(req({ timeout_ms: 200 }));
    expect(r).toMatchObject({ ok: false, code: "UPSTREAM_TIMEOUT", attempts: 1 });
    await expect.poll(() => up.closedEarly).toBe(1);
  });

  it("retries a timed-out attempt (attempt_timeout) while the call's time remains", async () => {
    const { up, e } = await setup((_r, res, n) => (n === 1 ? undefined : json(res, 200, { n })), { attempt_timeout: "1s", timeout: "20s" });
    expect(await e.execute(req({ idempotent: true }))).toMatchObject({ ok: true, output: { n: 2 }, attempts: 2 });
    expect(up.received).toHaveLength(2);
  });

  it("an abort signal (emergency stop) stops the in-flight request: EXEC_ABORTED, not retried", async () => {
    const ac = new AbortController();
    const { up, e } = await setup(() => ac.abort());
    const r = await e.execute(req({ idempotent: true }), ac.signal);
    expect(r).toMatchObject({ ok: false, code: "EXEC_ABORTED", attempts: 1, retryable: false });
    expect(up.received).toHaveLength(1);
    await expect.poll(() => up.closedEarly).toBe(1);
  });

  it("an already-aborted signal runs nothing", async () => {
    const { up, e } = await setup((_r, res) => json(res, 200, {}));
    const r = await e.execute(req(), AbortSignal.abort());
    expect(r).toMatchObject({ ok: false, code: "EXEC_ABORTED", attempts: 0 });
    expect(up.received).toHaveLength(0);
  });

  it("caps output while streaming (no Content-Length) and by declared length", async () => {
    const { up, e } = await setup(
      (r, res) => {
        if (r.url.endsWith("declared")) return json(res, 200, { big: "x".repeat(5000) });
        res.writeHead(200, { "content-type": "text/plain" });
        const chunk = "y".repeat(16 * 1024);
        let sent = 0;
        const pump = () => {
          while (sent < 256 && res.write(chunk)) sent++;
          if (sent < 256) res.once("drain", pump);
          else res.end();
        };
        pump();
      },
      { max_output_bytes: 1024 },
    );
    expect(await e.execute(req({ args: { to: "stream" }, idempotent: true }))).toMatchObject({ ok: false, code: "OUTPUT_TOO_LARGE", attempts: 1 });
    expect(await e.execute(req({ args: { to: "declared" } }))).toMatchObject({ ok: false, code: "OUTPUT_TOO_LARGE" });
    await expect.poll(() => up.closedEarly).toBeGreaterThanOrEqual(1);
  });

  it("refuses a request body over max_request_bytes before sending", async () => {
    const { up, e } = await setup((_r, res) => json(res, 200, {}), { max_request_bytes: 64 });
    expect(await e.execute(req({ args: { to: "x", body: "z".repeat(100) } }))).toMatchObject({ ok: false, code: "EXEC_REQUEST_TOO_LARGE" });
    expect(up.received).toHaveLength(0);
  });

  it("the decision's timeout tightens the tool's (never loosens)", async () => {
    const { e } = await setup(hang, { timeout: "150ms" });
    expect(await e.execute(req({ timeout_ms: 60_000 }))).toMatchObject({ ok: false, code: "UPSTREAM_TIMEOUT" });
  });
});
