// Connection pools, one per (tool, scheme, checked address). SECURITY: a pooled socket is only ever reused
// for the same tool and the same address it was checked for, so keep-alive cannot carry one tool's
// private-address allowance, or a stale DNS answer, over to another request.
import http from "node:http";
import https from "node:https";

export class AgentPool {
  private readonly agents = new Map<string, http.Agent>();

  /** `ca`: PEM trust roots replacing the system's (a private CA); undefined = system roots. */
  constructor(private readonly ca?: string) {}

  get(tool: string, protocol: string, address: string): http.Agent {
    const key = `${tool}\u0000${protocol}\u0000${address}`;
    let a = this.agents.get(key);
    if (!a) {
      const opts = { keepAlive: true, maxSockets: 64, maxFreeSockets: 64 };
      a = protocol === "https:" ? new https.Agent(this.ca === undefined ? opts : { ...opts, ca: this.ca }) : new http.Agent(opts);
      this.agents.set(key, a);
    }
    return a;
  }

  close(): void {
    for (const a of this.agents.values()) a.destroy();
    this.agents.clear();
  }
}
