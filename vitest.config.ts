import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "examples/**/*.test.ts", "bench/**/*.test.ts"],
    globalSetup: ["test/global-tmp.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
