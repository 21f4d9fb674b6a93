// Recall work on issue 8: new secret formats and phone numbers in prose, with the negatives they must not
// catch. Values are synthetic (shaped like the vendor formats), not taken from the evaluation data.
import { describe, expect, it } from "vitest";
import { createSecretsScanner } from "../src/core/guard/secrets/scanner.js";
import { createPiiScanner } from "../src/core/guard/pii/scanner.js";

const sec = createSecretsScanner("secrets", ["post_tool"]);
const pii = createPiiScanner("pii", ["post_tool"]);
const types = (
  s: { scan: (t: string, c: { checkpoint: "post_tool" }) => Array<{ type: string }> },
  t: string,
) => s.scan(t, { checkpoint: "post_tool" }).map((f) => f.type);

describe("secrets: more formats", () => {
  it.each([
    ["figd_" + "Ab3dEfGh1jKlMn0pQrStUvWxYz0123456789ab", "figma_token"],
    ["pplx-" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0u1V2", "perplexity_key"],
    ["NRAK-" + "ABCDEFGHIJ0123456789KLMNOPQ", "newrelic_key"],
    ["key = 'dckr_oat_" + "aB3dEfGh1jKlMn0pQrStUvWxYz0'", "docker_oat"],
    ['val password: String = "xq7Tr2Lm9Pz"', "password_assignment"],
    ["the token is 3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f", "secret_assignment"],
    ["CREATE USER app IDENTIFIED BY Xk29dLq7wP;", "sql_password"],
    ['$p = ConvertTo-SecureString -String "Qm7!vT2xLp9" -AsPlainText -Force', "powershell_secure_string"],
    ["<password>Zr8#kQ2mVt</password>", "xml_password"],
    ['{"kty": "oct", "k": "GawgguFyGrWKav7AX4VKUg"}', "jwk_private"],
  ])("%s", (text, type) => {
    expect(types(sec, text)).toContain(type);
  });

  it("prose after `is` needs a mixed value", () => {
    expect(types(sec, "Sorry, your password is incorrect.")).toEqual([]);
    expect(types(sec, "The password is required for login.")).toEqual([]);
    expect(types(sec, "Visit https://example.com/docs/password-reset for help")).toEqual([]);
  });
});

describe("pii: phone numbers in prose", () => {
  it.each([
    "They're not answering at 020 7946 0958",
    "Reach the desk on 0161-4960000",
    "try 71-33-52-22 later",
  ])("%s", (t) => expect(types(pii, t)).toContain("phone"));
  it.each([
    "logged at 2021-04-16 11:30:02",
    "order 1234 5678 shipped",
    "ip:10.20.30.40 is down",
    "invalid SSN 000-12-3456",
    "IBAN GB82 WEST 1234 5698 7654 33 (bad checksum)",
  ])("not %s", (t) => expect(types(pii, t)).not.toContain("phone"));
});

// Formats from the vendors' and tools' documentation (not from the evaluation data). Several rules may cover the
// same value (the highest-priority one is reported): the test asks that the value is found.
describe("secrets: documented formats and credential syntax", () => {
  const covered = (text: string, value: string): boolean => {
    const at = text.indexOf(value);
    return sec
      .scan(text, { checkpoint: "post_tool" })
      .some((f) => f.start <= at && f.end >= at + value.length);
  };
  it.each([
    ["NRII-aB3dEfGh1jKlMn0pQrSt_vWxYz012345", "NRII-aB3dEfGh1jKlMn0pQrSt_vWxYz012345"],
    ["license_key: 0123456789abcdef0123456789abcdef0123NRAL", "0123456789abcdef0123456789abcdef0123NRAL"],
    [
      "3MVG9lKcPoNINVBIPJjdw1J9LLM82HnFVVX19KY1uA5mu0QqLWL6ZJUjC4Lq8uY",
      "3MVG9lKcPoNINVBIPJjdw1J9LLM82HnFVVX19KY1uA5mu0QqLWL6ZJUjC4Lq8uY",
    ],
    [
      "id 123456789012-abcdefghijklmnopqrstuvwxyz012345.apps.googleusercontent.com",
      "123456789012-abcdefghijklmnopqrstuvwxyz012345.apps.googleusercontent.com",
    ],
    [
      '{"web": {"client_id": "123456789012-abcdefghijklmnopqrstuvwxyz012345.apps.googleusercontent.com", "x": "Xk29dLq7wPzR4mN8bV2cT6yQ"}}',
      "Xk29dLq7wPzR4mN8bV2cT6yQ",
    ],
    ["curl -X POST -u deploy:Xk29dLq7wP https://ci.example.com/api", "Xk29dLq7wP"],
    ["curl --user=deploy:Xk29dLq7wP https://ci.example.com/api", "Xk29dLq7wP"],
    ["curl --oauth2-bearer Xk29dLq7wPzR4mN8 https://api.example.com", "Xk29dLq7wPzR4mN8"],
    ["curl -H 'Authorization: Basic ZGVwbG95Olhr' https://api.example.com", "ZGVwbG95Olhr"],
    ['curl -H "X-Api-Key: 9f8e7d6c5b4a3f2e1d0c" https://api.example.com', "9f8e7d6c5b4a3f2e1d0c"],
    ['SALT = "q8Zr2kL1"', "q8Zr2kL1"],
    ["byte[] salt = {0x1f, 0x2e, 0x3d, 0x4c, 0x5b, 0x6a, 0x79, 0x88};", "0x1f, 0x2e"],
    ["assets at my-bucket.s3.amazonaws.com/logo.png", "my-bucket.s3.amazonaws.com"],
  ])("%s", (text, value) => {
    expect(covered(text, value)).toBe(true);
  });

  it.each([
    "api: https://api.example.com/v1",
    "Authorization: required",
    "curl -u user https://example.com",
    "the salt: fine",
  ])("not %s", (t) => expect(types(sec, t)).toEqual([]));
});

describe("pii: phone extensions and trunk prefixes", () => {
  it.each([
    "call 555-010-0199x1234",
    "dial 1-800-555-0199",
    "office 001-212-555-0199 ext. 42",
    "my cell is 555 0132.",
  ])("%s", (t) => expect(types(pii, t)).toContain("phone"));
  it.each(["Suite 370 3911 Fourth Avenue", "Apt. 117 5720 Skoanveien"])("not %s", (t) =>
    expect(types(pii, t)).not.toContain("phone"),
  );
});
