export { decide } from "./decide.js";
export { BUILTIN } from "./builtin.js";
export { tierFloor, tierRisk } from "./combine.js";
