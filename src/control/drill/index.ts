export { runKillDrill, drillLevel, recordDrill, type DrillReport, type DrillTarget, type LevelResult } from "./run.js";
export { startEmbedded, DRILL_POLICY, type Embedded } from "./embedded.js";
export { request, errorCode, type Reply } from "./client.js";
