// What each task type normally calls: the tools seen executed, and how many sessions taught it. Kept in
// the control store (`learn:task:<task>`) so every replica and a restarted gateway share what was learned.
import type { ControlStore, Json } from "../../ports/index.js";

interface Learned {
  sessions: number;
  tools: Set<string>;
  /** Sessions counted by this process (a session counts once). */
  counted: Set<string>;
}

export const LEARN_PREFIX = "learn:task:";

export class TaskLearner {
  private readonly tasks = new Map<string, Learned>();

  constructor(private readonly store: ControlStore) {}

  private get(task: string): Learned {
    let l = this.tasks.get(task);
    if (!l) this.tasks.set(task, (l = { sessions: 0, tools: new Set(), counted: new Set() }));
    return l;
  }

  /** Merge a value another replica wrote (union of tools, the larger session count). */
  merge(key: string, value: Json): void {
    if (!key.startsWith(LEARN_PREFIX)) return;
    const v = value as { sessions?: number; tools?: string[] };
    const l = this.get(key.slice(LEARN_PREFIX.length));
    l.sessions = Math.max(l.sessions, v.sessions ?? 0);
    for (const t of v.tools ?? []) l.tools.add(t);
  }

  /** Has this task type seen enough sessions to call a new tool unusual? And was this tool seen? */
  isUnusual(task: string, tool: string, learnSessions: number): boolean {
    const l = this.tasks.get(task);
    return l !== undefined && l.sessions >= learnSessions && !l.tools.has(tool);
  }

  learned(task: string): { sessions: number; tools: string[] } {
    const l = this.get(task);
    return { sessions: l.sessions, tools: [...l.tools].sort() };
  }

  /** A call of `tool` ran in `session`: learn from it; persists only when something changed. */
  async observe(task: string, session: string, tool: string, learnSessions: number): Promise<void> {
    const l = this.get(task);
    let changed = false;
    if (l.sessions < learnSessions && !l.counted.has(session)) {
      l.counted.add(session);
      l.sessions++;
      changed = true;
    }
    if (!l.tools.has(tool)) {
      l.tools.add(tool);
      changed = true;
    }
    if (changed) await this.store.set(LEARN_PREFIX + task, { sessions: l.sessions, tools: [...l.tools].sort() });
  }
}
