import { afterEach } from "vitest";

/** How a conformance suite gets a fresh adapter and disposes of it after each test. */
export interface AdapterFactory<T> {
  make(): Promise<T> | T;
  dispose?(adapter: T): Promise<void> | void;
}

/** Returns a `fresh()` that makes an adapter and registers it for disposal after the current test. */
export function useAdapters<T>(factory: AdapterFactory<T>): () => Promise<T> {
  const made: T[] = [];
  afterEach(async () => {
    for (const a of made.splice(0)) await factory.dispose?.(a);
  });
  return async () => {
    const a = await factory.make();
    made.push(a);
    return a;
  };
}
