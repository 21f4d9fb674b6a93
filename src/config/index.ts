export { loadConfig, DEFAULT_POLICY, type GatewayConfig, type ConfigResult } from "./config.js";
export { CONFIG_SCHEMA } from "./schema.js";
