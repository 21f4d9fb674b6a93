// The only file that listens on a port.
import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import type { Gateway } from "./start.js";

export interface Listening {
  url: string;
  server: ServerType;
  close(): Promise<void>;
}

export function listen(gw: Gateway, port: number, host: string): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: gw.app.fetch, port, hostname: host }, (info: AddressInfo) => {
      const h = info.address.includes(":") ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${h}:${info.port}`,
        server,
        close: () => new Promise<void>((res) => server.close(() => res())),
      });
    });
    server.once("error", reject);
  });
}
