// Resolve a destination and pick the address to connect to. SECURITY: every address the name resolves to
// must pass (a mixed answer is refused, not filtered), and the connection is pinned to the checked
// address so a second DNS answer (rebinding) can never swap it.
import { lookup as dnsLookup } from "node:dns/promises";
import { ExecError } from "../errors.js";
import { checkAddress, parseIp, type PrivatePolicy } from "./address.js";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** DNS resolution: all addresses for a host name. Injectable for tests. */
export type LookupFn = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemLookup: LookupFn = async (hostname) => {
  const all = await dnsLookup(hostname, { all: true, verbatim: true });
  return all.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** The address to connect to for `host`, after every answer passed the address check. */
export async function resolveChecked(tool: string, host: string, policy: PrivatePolicy, lookup: LookupFn): Promise<ResolvedAddress> {
  const literal = parseIp(host);
  let answers: ResolvedAddress[];
  if (literal) answers = [{ address: literal.toString(), family: literal.kind() === "ipv4" ? 4 : 6 }];
  else {
    try {
      answers = await lookup(host);
    } catch (e) {
      throw new ExecError("UPSTREAM_UNREACHABLE", `tool ${tool}: cannot resolve ${host}; check the host name and the gateway's DNS.`, { retryable: true, cause: e });
    }
  }
  if (answers.length === 0) throw new ExecError("UPSTREAM_UNREACHABLE", `tool ${tool}: ${host} has no addresses.`, { retryable: true });
  for (const a of answers) {
    const v = checkAddress(a.address, host, policy);
    if (!v.ok)
      throw new ExecError(
        "EGRESS_PRIVATE_ADDRESS",
        `tool ${tool}: ${host} resolves to ${a.address} (${v.range}), which Warden does not connect to. If this is an internal service the tool must reach, add it to the tool's allow_private.`,
      );
  }
  const first = answers[0] as ResolvedAddress;
  // An IPv4-mapped answer is connected to as the IPv4 it was judged as.
  const judged = parseIp(first.address);
  return judged ? { address: judged.toString(), family: judged.kind() === "ipv4" ? 4 : 6 } : first;
}
