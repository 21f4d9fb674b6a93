export { startGateway, type Gateway, type StartOptions } from "./start.js";
export { listen, type Listening } from "./node.js";
export { createApp } from "./app.js";
export { openApiDocument } from "./routes/openapi.js";
export type { Runtime } from "./runtime.js";
