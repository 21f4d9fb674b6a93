// Which IP addresses a tool may connect to. Only global unicast is public; every special range ipaddr.js
// knows (private, loopback, link-local, unique-local, CGNAT, multicast, unspecified, reserved, NAT64/6to4/
// Teredo tunnels that can embed a private IPv4) is refused unless the tool's `allow_private` allows it.
import ipaddr from "ipaddr.js";

type Addr = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * Cloud instance metadata endpoints. SECURITY: refused even with `allow_private: true`; only an explicit
 * CIDR/IP entry in `allow_private` reaches them (they hand out the host's cloud credentials).
 */
const METADATA: readonly string[] = ["169.254.169.254", "169.254.170.2", "169.254.169.253", "100.100.100.200", "192.0.0.192", "fd00:ec2::254", "fd00:ec2::23"];
const METADATA_ADDRS: Addr[] = METADATA.map((a) => ipaddr.parse(a));
// The same, as `kind normalized-text`: one lookup per check instead of normalising both sides seven times.
const METADATA_KEYS = new Set(METADATA_ADDRS.map(metadataKey));

function metadataKey(a: Addr): string {
  return `${a.kind()} ${a.toNormalizedString()}`;
}

export interface PrivatePolicy {
  /** `allow_private: true`: any non-public address except metadata. */
  all: boolean;
  cidrs: Array<[Addr, number]>;
  /** Hosts whose addresses may be private (internal services named in config). */
  hosts: string[];
}

export const NO_PRIVATE: PrivatePolicy = { all: false, cidrs: [], hosts: [] };

/** Compile `allow_private`; returns a message for an entry that is neither CIDR, IP nor host name. */
export function compilePrivatePolicy(v: boolean | string[] | undefined): PrivatePolicy | string {
  if (v === undefined || v === false) return NO_PRIVATE;
  if (v === true) return { all: true, cidrs: [], hosts: [] };
  const p: PrivatePolicy = { all: false, cidrs: [], hosts: [] };
  for (const e of v) {
    if (ipaddr.isValidCIDR(e)) p.cidrs.push(ipaddr.parseCIDR(e));
    else if (ipaddr.isValid(e)) {
      const a = ipaddr.parse(e);
      p.cidrs.push([a, a.kind() === "ipv4" ? 32 : 128]);
    } else if (/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(e)) p.hosts.push(e.toLowerCase());
    else return `allow_private entry "${e}" is not a CIDR, an IP address or a host name`;
  }
  return p;
}

// Parsed addresses by text: a call parses the same address three times (the URL's host, the answer it
// resolves to, the address connected to), and ipaddr.js validates and parses each time. Parsing is a pure
// function of the text and the parsed objects are only read, so the answer is reused; bounded, so hosts
// chosen by callers cannot grow it (past the bound, addresses are parsed as before).
const parsed = new Map<string, Addr | null>();
const PARSED_MAX = 1024;

/** Parse an IP; an IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as the IPv4 it carries. */
export function parseIp(s: string): Addr | undefined {
  const hit = parsed.get(s);
  if (hit !== undefined) return hit ?? undefined;
  const a = parseUncached(s);
  if (parsed.size < PARSED_MAX) parsed.set(s, a ?? null);
  return a;
}

function parseUncached(s: string): Addr | undefined {
  const bare = s.startsWith("[") && s.endsWith("]") ? s.slice(1, -1) : s;
  if (!ipaddr.isValid(bare)) return undefined;
  const a = ipaddr.parse(bare);
  return a.kind() === "ipv6" && (a as ipaddr.IPv6).isIPv4MappedAddress() ? (a as ipaddr.IPv6).toIPv4Address() : a;
}

function sameFamilyMatch(a: Addr, [net, bits]: [Addr, number]): boolean {
  return a.kind() === net.kind() && a.match(net, bits);
}

export type AddressVerdict = { ok: true } | { ok: false; range: string };

/** May this tool connect to `address` (reached via `host`)? */
export function checkAddress(address: string, host: string, policy: PrivatePolicy): AddressVerdict {
  const a = parseIp(address);
  // SECURITY: an address we cannot parse is not an address we can vouch for.
  if (!a) return { ok: false, range: "unparseable" };
  if (policy.cidrs.some((c) => sameFamilyMatch(a, c))) return { ok: true };
  if (METADATA_KEYS.has(metadataKey(a))) return { ok: false, range: "cloud metadata" };
  const range = a.range();
  if (range === "unicast") return { ok: true };
  if (policy.all || policy.hosts.includes(host.toLowerCase())) return { ok: true };
  return { ok: false, range };
}
