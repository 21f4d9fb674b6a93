// The pure core: compile a policy once, then decide and observe as often as needed.
export * from "./types.js";
export * from "./errors/index.js";
export * from "./policy/index.js";
export * from "./decide/index.js";
export * from "./session/index.js";
export * from "./schemas/index.js";
export * from "./guard/index.js";
export * from "./inspect/index.js";
