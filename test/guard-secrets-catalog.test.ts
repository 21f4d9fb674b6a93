// Secrets recall (issue 8): vendor formats from CredSweeper's public rule catalog and gitleaks, and keyed syntax
// across languages. Every value here is synthetic (made up in the documented shape), not evaluation data.
import { describe, expect, it } from "vitest";
import { createSecretsScanner } from "../src/core/guard/secrets/scanner.js";
import { applyRedactions } from "../src/core/guard/redact.js";
import { decodeBase64 } from "../src/core/guard/secrets/b64.js";

const sec = createSecretsScanner("secrets", ["post_tool"]);
const scan = (t: string) => sec.scan(t, { checkpoint: "post_tool" });
const covered = (text: string, value: string): boolean => {
  const at = text.indexOf(value);
  return scan(text).some((f) => f.start <= at && f.end >= at + value.length);
};
const rep = (s: string, n: number): string => s.repeat(Math.ceil(n / s.length)).slice(0, n);
const A62 = "aB3dEfGh1jKlMn0pQrStUvWxYz9Z8y7X6w5V4u3T2s1RqPoNmLkJiHgFeDcBa0"; // 62 mixed characters
const HEX = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const b64 = (s: string): string => btoa(s);

describe("secrets: vendor formats (CredSweeper catalog, gitleaks)", () => {
  it.each([
    ["aws_mws_key", "amzn.mws.4ea38b7b-f563-7709-4bae-87aeaf0d8a73"],
    [
      "dynatrace_token",
      "dt0c01.ST2EY72KQINMH574WMNVI7YN.G3DFPBEJYMODIDAEX454M7YWBUVEFOWKPRVMWFASS64NFH52PX6BNDVFFM572RZM",
    ],
    ["facebook_access_token", "EAAB" + rep(A62, 100)],
    ["google_oauth_access_token", "ya29.a0AfH6SMB" + rep(A62, 40)],
    ["google_oauth_refresh_token", "1//0g" + rep(A62, 90)],
    ["instagram_token", "IGQVJ" + rep(A62, 120)],
    ["braintree_token", "access_token$production$x7k2m9p4q8r3s6t1$" + rep("a1b2c3d4e5f6g7h8i9j0", 32)],
    ["jfrog_token", "cmVmdGtuOjAxOjE3" + rep(A62, 48)],
    ["bitbucket_token", "ATBB" + rep(A62, 24) + "0A1B2C3D"],
    ["bitbucket_token", "BBDC-NzQ3" + rep(A62, 40)],
    ["vault_token", "hvs." + rep(A62, 95)],
    ["terraform_token", "Ab3dEfGh1jKlMn.atlasv1." + rep(A62, 67)],
    ["notion_token", "ntn_123456789" + rep(A62, 40)],
    ["notion_token", "secret_" + rep(A62, 43)],
    ["tavily_key", "tvly-" + rep(A62, 32)],
    ["sentry_token", "sntryu_" + rep(HEX, 64)],
    ["ntlm_token", "TlRMTVNTUAADAAAA" + rep("GAAYAEAAAAAYABgAWAAAAAwADABwAAAA", 64)],
    ["aws_appsync_key", "da2-" + rep("k3m9p2q7r4s8t1v6w5x0y3z2ab", 26)],
    ["openai_api_key", "sk-" + rep(A62, 20) + "PcGVuQU" + rep(A62, 20)],
    ["huggingface_token", "hf_" + rep("a1B2c3D4e5F6g7H8i9J0", 34)],
    ["square_token", "sq0idp-" + rep(A62, 22)],
    ["salesforce_token", "3MVG" + rep(A62, 60)],
  ])("%s", (type, value) => {
    const text = `export TOKEN_VALUE=${value}\n`;
    expect(scan(text).map((f) => f.type)).toContain(type);
    expect(covered(text, value)).toBe(true);
  });

  it("compact JWE and unsecured JWTs (RFC 7516/7519), not a bare eyJ with dots", () => {
    const u = (o: object): string =>
      btoa(JSON.stringify(o)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
    const jwe = [
      u({ alg: "RSA-OAEP", enc: "A256GCM" }),
      rep(A62, 342),
      rep(A62, 16),
      rep(A62, 60),
      rep(A62, 22),
    ].join(".");
    expect(covered(`token=${jwe}`, jwe)).toBe(true);
    const unsecured = `${u({ alg: "none" })}.${u({ sub: "1" })}.`;
    expect(covered(`auth: ${unsecured}`, unsecured)).toBe(true);
    expect(scan("eyJ.foo.bar")).toEqual([]);
    expect(scan(`${u({ note: "not a header" })}.${rep(A62, 20)}.${rep(A62, 20)}`)).toEqual([]);
  });

  it("a token after an escape sequence or an ANSI colour code is still a token", () => {
    const key = "AKIA" + "Q2WERTYUIOPASDFG";
    for (const pre of ["\\n", "\\t", "%2F", "\\x20", "\u001b[93m", "\\u0022"])
      expect(covered(`msg: "${pre}${key}"`, key)).toBe(true);
    expect(scan(`x${key}`)).toEqual([]); // glued to a letter: not a token boundary
  });

  it("a base64 blob holding a PEM private key, at any alignment; not an encrypted one, not a certificate", () => {
    const pem =
      "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC" +
      rep(A62, 300) +
      "\n-----END PRIVATE KEY-----\n";
    for (const pre of ["", "a", "ab"]) {
      const blob = b64(`kind: Secret\nname: ${pre}x\ntls.key: |\n` + pem);
      expect(covered(`data: ${blob}`, blob)).toBe(true);
    }
    const enc = b64(
      "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + rep(A62, 300) + "\n-----END ENCRYPTED PRIVATE KEY-----\n",
    );
    expect(scan(`data: ${enc}`)).toEqual([]);
    const cert = b64("-----BEGIN CERTIFICATE-----\n" + rep(A62, 300) + "\n-----END CERTIFICATE-----\n");
    expect(scan(`data: ${cert}`)).toEqual([]);
  });

  it("negatives: near misses of the vendor shapes", () => {
    for (const t of [
      "amzn.mws.not-a-key",
      "ya29.short",
      "EAA" + rep("ab+/", 100), // base64 with symbols: not a Facebook token
      "hvs.abc",
      "the secret_sauce is love",
      "ATBB is an airport code",
      "tvly-short",
    ])
      expect(scan(t)).toEqual([]);
  });
});

describe("secrets: keyed syntax across languages", () => {
  it.each([
    ['conn.setPassword("Qx7mR2kLp");', "Qx7mR2kLp"],
    ["builder.withToken('Zt8qW3nVx5Lr2Kp9');", "Zt8qW3nVx5Lr2Kp9"],
    ['props.put("password", "Mv4nQ8zRt");', "Mv4nQ8zRt"],
    ['Map.of("api_key", "Hq7Lm2Xz9Rt4Vb8N")', "Hq7Lm2Xz9Rt4Vb8N"],
    ['db_pass = os.getenv("DB_PASS", "Wq3rT7yU9p")', "Wq3rT7yU9p"],
    ['SECRET := env.Get("APP_KEY", default="KWERTY7Z2")', "KWERTY7Z2"],
    ['PASSWORD = os.environ.get("PASSWORD") or "hT5r!kq2W"', "hT5r!kq2W"],
    ['const token = process.env.TOKEN ?? "Rk2Lm9Qx7Vt4Zb8W"', "Rk2Lm9Qx7Vt4Zb8W"],
    ["url: postgres://${DB_USER}:${DB_PASSWORD:-Hx83kdL2q}@db/app", "Hx83kdL2q"],
    ['if passwd != "Lk8mQ2vX9": return', "Lk8mQ2vX9"],
    ['#define ADMIN_PASSWORD "Pw9xQ2mLk"', "Pw9xQ2mLk"],
    ['"#define\\tPASSWORD\\t\\"Pw9xQ2mLk\\""', "Pw9xQ2mLk"],
    ['SET password "r4d.Xq83Lm"', "r4d.Xq83Lm"],
    ['api_key = ("Jq2Wz8Lx5Rt9Vm3K")', "Jq2Wz8Lx5Rt9Vm3K"],
    ["password <- 'Gz7Lq2Xm'", "Gz7Lq2Xm"],
    ["value=&quot;password: Qm2Lx8Zr7&quot;", "Qm2Lx8Zr7"],
    ["ALTER USER 'app'@'%' IDENTIFIED WITH 'caching_sha2_password' AS 'Zq8Lm2Xr7Tk4'", "Zq8Lm2Xr7Tk4"],
    ["CREATE LOGIN svc WITH PASSWORD = 'Rt5Lq9Xm2W'", "Rt5Lq9Xm2W"],
    ["openssl rsa -in k.pem -passin pass:Xq8Lm2Rt", "Xq8Lm2Rt"],
    ["curl --tlsuser app --tlspassword Zq8Lm2Xr7 https://h", "Zq8Lm2Xr7"],
    ["curl --proxy-cert client.pem:Kq8Lm2Xr7 https://h", "Kq8Lm2Xr7"],
    ["curl -b 'sessionid=Xq8Lm2Rt7Vk4' https://h", "Xq8Lm2Rt7Vk4"],
    ['curl --cookie "token=Wq3rT7yU9pZ2" https://h', "Wq3rT7yU9pZ2"],
    ['args = ["--password", "Zq8Lm2Xr7"]', "Zq8Lm2Xr7"],
    ['az login --service-principal --client-secret "Rq7~Lm2Xz9"', "Rq7~Lm2Xz9"],
    ["deploy --api-token Lq8Zm2Xr7Tk4Wb9V", "Lq8Zm2Xr7Tk4Wb9V"],
    ["id/pw: admin/Xk29dLq7", "Xk29dLq7"],
    ['curl -H "Authorization: Basic ' + b64("admin:s3cr3t") + '" https://h', b64("admin:s3cr3t")],
    ["redis://:Xk29dLq7wP@cache:6379/0", "Xk29dLq7wP"],
    ["key_multi = '''Kq8Lm2Xr7Tz4Wb9Vn3Jc6'''", "Kq8Lm2Xr7Tz4Wb9Vn3Jc6"],
    [
      "aws_access_key_id = AKIAQ2WERTYUIOPASDFG\naws_secret = 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",
      "Zx8Lm2Qr7Tk4Wb9Vn3Jc6Hf1Gd5Sa0PoIuYtRe2W",
    ],
    ["ak = LTAI5tQ2WeRtYuIoPa; sk = Qw8Er2Ty7Ui4Op9As3Df6Gh1Jk5Lzx", "Qw8Er2Ty7Ui4Op9As3Df6Gh1Jk5Lzx"],
  ])("%s", (text, value) => {
    expect(covered(text, value)).toBe(true);
    const red = applyRedactions(text, scan(text));
    expect(red).not.toContain(value);
  });

  it.each([
    "checkPassword(input)",
    "validatePassword(newPasswordValue)",
    'password = os.getenv("PASSWORD", "changeme")',
    'password = os.getenv("PASSWORD", "${DB_PASSWORD}")',
    'token = process.env.TOKEN || "<your-token>"',
    'setPassword("xxxxxxxx")',
    '{"name": "api-key", "a1b2c3d4-0000-4000-8000-000000000001": "not a key"}',
    "url: ${DB_PASSWORD:-changeme}",
    "Your password is incorrect.",
    "password = config.dbPassword",
    "the token (see below) expires",
    "cmd --password-file /etc/app/pw",
    "curl -b 'theme=dark' https://h",
    'token_type = "authorization_code"',
    "grant_type: client_credentials",
    "curl --cookie-jar cookies.txt https://h",
    "mysql --password=$DB_PASSWORD",
    "openssl enc -aes256 -pass env:PW -in x",
    "see Basic " + b64("no colon here"),
    "basic usage notes for the token",
    "commit Zx8Lm2Qr7Tk4Wb9Vn3Jc6Hf1Gd5Sa0PoIuYtRe2W with no key id near it",
  ])("not: %s", (text) => {
    expect(scan(text)).toEqual([]);
  });

  it("JWK: the key type of a JWK with private members is masked with them; a public JWK is not", () => {
    const priv = '{"kty": "EC", "crv": "P-256", "d": "' + rep(A62, 43) + '"}';
    const types = scan(priv).map((f) => priv.slice(f.start, f.end));
    expect(types).toContain('"kty": "EC"');
    expect(scan('{"kty": "EC", "crv": "P-256", "x": "' + rep(A62, 43) + '"}')).toEqual([]);
  });

  it("base64 decoder", () => {
    expect(decodeBase64(b64("user:pass"))).toBe("user:pass");
    expect(decodeBase64("a$b")).toBeUndefined();
  });
});
