export { createSession, observe, type NewSession } from "./session.js";
export { provenanceOf, provenanceMap, argLeaves } from "./provenance.js";
export { emptyIndex, indexSource } from "./seen-index.js";
export { tokenize, normalise } from "./tokens.js";
export type { Session, Outcome, SeenIndex, SeenSource } from "./types.js";
export { sessionFromSteps, type SessionSpec, type StepSpec } from "./from-steps.js";
