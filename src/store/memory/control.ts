import type { ControlEntry, ControlStore } from "../../ports/control.js";
import type { Json } from "../../ports/json.js";
import { checkId } from "../../ports/validate.js";

export class MemoryControlStore implements ControlStore {
  private readonly m = new Map<string, { text: string; revision: number }>();
  private revision = 0;

  async get(key: string): Promise<ControlEntry | null> {
    const e = this.m.get(key);
    return e ? { key, value: JSON.parse(e.text) as Json, revision: e.revision } : null;
  }

  async set(key: string, value: Json): Promise<number> {
    checkId("control key", key);
    this.revision += 1;
    this.m.set(key, { text: JSON.stringify(value), revision: this.revision });
    return this.revision;
  }

  async list(): Promise<ControlEntry[]> {
    return this.changesSince(0);
  }

  async changesSince(revision: number): Promise<ControlEntry[]> {
    return [...this.m.entries()]
      .filter(([, e]) => e.revision > revision)
      .sort((a, b) => a[1].revision - b[1].revision)
      .map(([key, e]) => ({ key, value: JSON.parse(e.text) as Json, revision: e.revision }));
  }
}
