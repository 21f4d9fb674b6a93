import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "dist-check/**", "node_modules/**", "coverage/**", ".warden/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", Buffer: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly", performance: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    // INVARIANT: the decision core is pure. No I/O, clock or randomness can be imported there.
    files: ["src/core/**/*.ts"],
    ignores: ["src/core/**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: ["node:*", "fs", "path", "http", "https", "net", "crypto", "child_process", "os", "worker_threads", "dns"], message: "src/core is pure: no I/O. Load facts in the caller and pass them in." },
          { group: ["**/store/**", "**/gateway/**", "**/cli/**", "**/exec/**"], message: "src/core must not depend on outer layers." },
        ],
      }],
      "no-restricted-globals": ["error",
        { name: "Date", message: "src/core is pure: take `now` as an argument." },
        { name: "performance", message: "src/core is pure: no clock." },
        { name: "fetch", message: "src/core is pure: no I/O." },
        { name: "setTimeout", message: "src/core is pure: no timers." },
        { name: "process", message: "src/core is pure: no environment access." },
      ],
      "no-restricted-properties": ["error", { object: "Math", property: "random", message: "src/core is pure: no randomness." }],
    },
  },
);
