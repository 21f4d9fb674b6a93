// The benchmark's child processes (upstream, bare proxy, gateway): start one and wait for its first stdout
// line, stop it, and ask it over IPC (CPU time, profiles).
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));

export interface Child {
  proc: ChildProcess;
  info: Record<string, unknown>;
}

export function start(file: string, args: string[], stderrTo: "ignore" | "inherit" = "inherit"): Promise<Child> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ["--import", "tsx", join(here, file), ...args], { stdio: ["ignore", "pipe", stderrTo, "ipc"] });
    let buf = "";
    proc.stdout?.on("data", (c: Buffer) => {
      buf += c.toString();
      const nl = buf.indexOf("\n");
      if (nl >= 0) resolve({ proc, info: JSON.parse(buf.slice(0, nl)) as Record<string, unknown> });
    });
    proc.once("exit", (code) => reject(new Error(`${file} exited with ${code} before it was ready`)));
  });
}

export function stop(c: Child): Promise<void> {
  return new Promise((resolve) => {
    if (c.proc.exitCode !== null) return resolve();
    const t = setTimeout(() => c.proc.kill("SIGKILL"), 15_000);
    c.proc.once("exit", () => {
      clearTimeout(t);
      resolve();
    });
    c.proc.kill("SIGTERM");
  });
}

export function ask<T = Record<string, unknown>>(c: Child, msg: Record<string, unknown>, answer: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: Record<string, unknown>) => {
      if (answer in m) {
        c.proc.off("message", on);
        resolve(m as T);
      }
    };
    c.proc.on("message", on);
    c.proc.send(msg);
  });
}

/** The child's CPU time so far (user + system), µs. */
export const cpuOf = async (c: Child): Promise<number> => (await ask<{ cpu_us: number }>(c, { cmd: "cpu" }, "cpu_us")).cpu_us;
