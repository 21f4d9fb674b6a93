// The gateway's current policy. A reload validates the new file and swaps the reference atomically; an
// invalid file is refused and the old policy keeps serving.
import { watch, type FSWatcher } from "node:fs";
import { formatDiagnostic, type PolicySet } from "../core/index.js";
import { loadPolicyFile } from "../policy-file/index.js";

export interface ReloadStatus {
  file: string;
  version: string;
  loaded_at: string;
  last_error: { at: string; errors: string[] } | null;
}

export class PolicyHolder {
  private current: PolicySet;
  private status: ReloadStatus;
  private watcher: FSWatcher | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  private constructor(readonly file: string, policy: PolicySet, private readonly onEvent: (event: string, data: Record<string, unknown>) => void) {
    this.current = policy;
    this.status = { file, version: policy.version, loaded_at: new Date().toISOString(), last_error: null };
  }

  /** Load the first policy; refuses to start on an invalid one (fail closed). */
  static load(file: string, onEvent: (event: string, data: Record<string, unknown>) => void = () => undefined): { ok: true; holder: PolicyHolder } | { ok: false; errors: string[] } {
    const r = loadPolicyFile(file);
    if (!r.ok) return { ok: false, errors: r.diagnostics.map(formatDiagnostic) };
    return { ok: true, holder: new PolicyHolder(file, r.policy, onEvent) };
  }

  get policy(): PolicySet {
    return this.current;
  }

  get reloadStatus(): ReloadStatus {
    return this.status;
  }

  /** Re-read the file. Returns whether the policy changed. */
  reload(): { ok: boolean; changed: boolean; errors?: string[] } {
    const r = loadPolicyFile(this.file);
    if (!r.ok) {
      const errors = r.diagnostics.map(formatDiagnostic);
      this.status = { ...this.status, last_error: { at: new Date().toISOString(), errors } };
      this.onEvent("policy.reload_refused", { file: this.file, errors, serving: this.current.version });
      return { ok: false, changed: false, errors };
    }
    if (r.policy.version === this.current.version) return { ok: true, changed: false };
    // INVARIANT: one assignment swaps the whole compiled set; in-flight calls keep the set they started with.
    this.current = r.policy;
    this.status = { file: this.file, version: r.policy.version, loaded_at: new Date().toISOString(), last_error: null };
    this.onEvent("policy.reloaded", { file: this.file, version: r.policy.version });
    return { ok: true, changed: true };
  }

  /** Watch the file (debounced; editors write in several steps). */
  watch(debounceMs = 100): void {
    if (this.watcher) return;
    this.watcher = watch(this.file, { persistent: false }, () => {
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.reload();
        // Some editors replace the file (rename): re-arm the watch on the new inode.
        this.unwatch();
        this.watch(debounceMs);
      }, debounceMs);
    });
    this.watcher.on("error", () => this.unwatch());
  }

  unwatch(): void {
    this.watcher?.close();
    this.watcher = null;
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.unwatch();
  }
}
