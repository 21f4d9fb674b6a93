export { createSession, observe, observeStep, type NewSession, type Observed } from "./session.js";
export { provenanceOf, provenanceMap, argLeaves } from "./provenance.js";
export { emptyIndex, indexSource } from "./seen-index.js";
export { tokenize, normalise } from "./tokens.js";
export type { Session, Outcome, SeenIndex, SeenSource } from "./types.js";
export { sessionFromSteps, type SessionSpec, type StepSpec } from "./from-steps.js";
export { coverage, extendSession, joinSession, sessionHead, splitItems, type Covered } from "./stored.js";
export type { SessionHead, SessionItem } from "./types.js";
