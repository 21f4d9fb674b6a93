export { createLogger, type Logger } from "./logger.js";
export { createMetrics, type Metrics } from "./metrics.js";
export { createTracing, inSpan, type Tracing } from "./tracing.js";
