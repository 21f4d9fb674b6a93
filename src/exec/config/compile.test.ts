import { describe, expect, it } from "vitest";
import { compileExecConfig } from "./compile.js";
import type { ExecConfig } from "./types.js";

const problems = (c: ExecConfig): string => {
  try {
    compileExecConfig(c, {});
    return "";
  } catch (e) {
    return (e as Error).message;
  }
};

describe("compileExecConfig", () => {
  it("accepts the documented example and fills defaults", () => {
    const tools = compileExecConfig(
      {
        credentials: { mail_token: { env: "MAIL_TOKEN" } },
        tools: {
          send_email: {
            http: { method: "POST", url: "https://mail.example/api/v1/send/{to}", headers: { Authorization: "Bearer ${credential:mail_token}" }, body: "args" },
            credentials: ["mail_token"],
            retries: { max: 3, base: "100ms", max_delay: "2s" },
            max_output_bytes: 1048576,
            allow_private: false,
          },
        },
      },
      {},
    );
    const t = tools.get("send_email");
    expect(t?.retries).toEqual({ max: 3, base_ms: 100, max_delay_ms: 2000 });
    expect(t?.http?.hosts).toEqual(["mail.example"]);
    expect(t?.http?.credentialHeaders).toEqual(new Set(["authorization"]));
    expect(t?.timeout_ms).toBeUndefined();
  });

  it("refuses schema violations (unknown key, both or neither adapter, bad duration)", () => {
    expect(problems({ tools: { t: { http: { url: "https://a.example/" }, retrys: 1 } as never } })).toMatch(/EXEC|additional/);
    expect(problems({ tools: { t: { http: { url: "https://a.example/" }, builtin: "x" } } })).toMatch(/invalid/);
    expect(problems({ tools: { t: {} } })).toMatch(/invalid/);
    expect(problems({ tools: { t: { builtin: "x", timeout: "10 seconds" } } })).toMatch(/invalid/);
    expect(problems({ tools: { t: { http: { url: "ftp://a.example/" } } } })).toMatch(/invalid/);
  });

  it("refuses templates in the scheme or host", () => {
    expect(problems({ tools: { t: { http: { url: "https://{host}/x" } } } })).toMatch(/only in the path and query/);
    expect(problems({ tools: { t: { http: { url: "https://a.example:{port}/x" } } } })).toMatch(/only in the path and query/);
    expect(problems({ credentials: { k: { env: "K" } }, tools: { t: { credentials: ["k"], http: { url: "https://${credential:k}@a.example/x" } } } })).toMatch(/only in the path and query/);
  });

  it("refuses credentials that are used but not declared, or declared but not defined", () => {
    expect(problems({ credentials: { k: { env: "K" } }, tools: { t: { http: { url: "https://a.example/x", headers: { A: "${credential:k}" } } } } })).toMatch(/not in tools.t.credentials/);
    expect(problems({ tools: { t: { credentials: ["k"], http: { url: "https://a.example/x" } } } })).toMatch(/not declared under credentials/);
  });

  it("refuses args in headers, unknown builtins, bad allow_private entries", () => {
    expect(problems({ tools: { t: { http: { url: "https://a.example/x", headers: { "X-To": "{to}" } } } } })).toMatch(/args cannot be templated into headers/);
    expect(problems({ tools: { t: { builtin: "no.such" } } })).toMatch(/no builtin named no.such/);
    expect(problems({ tools: { t: { http: { url: "https://a.example/x" }, allow_private: ["10.0.0.0/33"] } } })).toMatch(/allow_private/);
  });
});
