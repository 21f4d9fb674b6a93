// The execution layer: runs calls the policy allowed. HTTP upstreams and builtins, credentials injected at
// execution time, egress allowlists with DNS-pinned address checks, timeouts, retries, output caps.
export { createExecutor } from "./executor.js";
export type { ExecRequest, ExecResult, ExecErrorCode, Executor, ExecutorOptions } from "./types.js";
export type { ExecConfig, ToolExecConfig, HttpAdapterConfig, RetriesConfig, CredentialSource, Duration } from "./config/types.js";
export { EXEC_CONFIG_SCHEMA, TOOLS_EXEC_SCHEMA, TOOL_EXEC_SCHEMA, CREDENTIALS_SCHEMA } from "./config/schema.js";
export { compileExecConfig, DEFAULTS as EXEC_DEFAULTS } from "./config/compile.js";
export { ExecError, isExecError } from "./errors.js";
export { createConfigSecretProvider, staticSecretProvider, type SecretProvider } from "./credentials/provider.js";
export { MASK as CREDENTIAL_MASK } from "./credentials/mask.js";
export { systemLookup, type LookupFn, type ResolvedAddress } from "./egress/resolve.js";
export { registerBuiltin, unregisterBuiltin, type BuiltinFn, type BuiltinContext } from "./builtin/registry.js";
export { createFinanceDemo, financeDemoExecConfig, type FinanceDemo } from "./demo/index.js";
