export { replayTrace, markDifferences, type ReplayOptions, type ReplayResult, type ReplayStep } from "./replay.js";
export { parseTraceLine, TRACE_SCHEMA, type Trace, type TraceStep } from "./trace.js";
