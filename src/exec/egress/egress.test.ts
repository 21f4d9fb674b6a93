import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkAddress, compilePrivatePolicy, NO_PRIVATE, type PrivatePolicy } from "./address.js";
import { egressAllows, hostMatches } from "./allowlist.js";

const policy = (v: boolean | string[]) => compilePrivatePolicy(v) as PrivatePolicy;

describe("checkAddress", () => {
  it.each(["127.0.0.1", "10.0.0.1", "172.31.255.255", "192.168.0.1", "169.254.1.1", "100.64.0.1", "0.0.0.0", "224.0.0.251", "255.255.255.255",
    "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a00:1", "2002:a00:1::1"])("refuses %s", (a) => {
    expect(checkAddress(a, "h", NO_PRIVATE).ok).toBe(false);
  });

  it.each(["8.8.8.8", "93.184.216.34", "2606:4700:4700::1111", "::ffff:8.8.8.8"])("allows public %s", (a) => {
    expect(checkAddress(a, "h", NO_PRIVATE).ok).toBe(true);
  });

  it("metadata endpoints need an explicit CIDR, even with allow_private: true", () => {
    for (const m of ["169.254.169.254", "fd00:ec2::254", "100.100.100.200"]) {
      expect(checkAddress(m, "h", policy(true))).toEqual({ ok: false, range: "cloud metadata" });
      expect(checkAddress(m, "h", policy([m])).ok).toBe(true);
    }
    expect(checkAddress("10.1.1.1", "h", policy(true)).ok).toBe(true);
  });

  it("allow_private by CIDR or host, nothing else", () => {
    const p = policy(["10.20.0.0/16", "payments.internal"]);
    expect(checkAddress("10.20.3.4", "x", p).ok).toBe(true);
    expect(checkAddress("10.21.3.4", "x", p).ok).toBe(false);
    expect(checkAddress("10.21.3.4", "Payments.Internal", p).ok).toBe(true);
    expect(checkAddress("169.254.169.254", "payments.internal", p).ok).toBe(false);
  });

  it("refuses every IPv4-mapped form of a private IPv4 (property)", () => {
    const privateV4 = fc.oneof(
      fc.tuple(fc.constant(10), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(127), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(192), fc.constant(168), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(169), fc.constant(254), fc.nat(255), fc.nat(255)),
    );
    fc.assert(
      fc.property(privateV4, (o) => {
        const v4 = o.join(".");
        expect(checkAddress(v4, "h", NO_PRIVATE).ok).toBe(false);
        expect(checkAddress(`::ffff:${v4}`, "h", NO_PRIVATE).ok).toBe(false);
      }),
    );
  });
});

describe("allowlists", () => {
  it("matches exact hosts, subdomain wildcards (not the apex), and *", () => {
    expect(hostMatches("docs.financeapp.example", "docs.financeapp.example")).toBe(true);
    expect(hostMatches("DOCS.financeapp.example.", "docs.financeapp.example")).toBe(true);
    expect(hostMatches("a.b.example.com", "*.example.com")).toBe(true);
    expect(hostMatches("example.com", "*.example.com")).toBe(false);
    expect(hostMatches("evilexample.com", "*.example.com")).toBe(false);
    expect(hostMatches("example.com.evil.net", "example.com")).toBe(false);
    expect(hostMatches("[::1]", "::1")).toBe(true);
    expect(hostMatches("anything.net", "*")).toBe(true);
  });

  it("the decision can only narrow the adapter's list", () => {
    expect(egressAllows("a.example", ["a.example"], undefined)).toBe(true);
    expect(egressAllows("a.example", ["a.example"], ["b.example"])).toBe(false);
    expect(egressAllows("b.example", ["a.example"], ["b.example"])).toBe(false);
    expect(egressAllows("a.example", ["*"], ["a.example"])).toBe(true);
  });
});
