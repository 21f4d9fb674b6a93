// The Hono app: correlation ids, body limits, one error envelope, and the route groups.
import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { isWardenError } from "../core/errors/index.js";
import type { Vars } from "./http/auth.js";
import { limitBody } from "./http/body-limit.js";
import { errorBody, fail, statusFor } from "./http/errors.js";
import { adminRoutes } from "./routes/admin.js";
import { adminControlRoutes, usageRoutes } from "./routes/admin-control.js";
import { adminApprovalRoutes } from "./routes/admin-approvals.js";
import { approvalRoutes } from "./routes/approvals.js";
import { healthRoutes } from "./routes/health.js";
import { openApiRoutes } from "./routes/openapi.js";
import { sessionRoutes } from "./routes/sessions.js";
import { scanRoutes } from "./routes/scan.js";
import type { Runtime } from "./runtime.js";

const CORRELATION = /^[A-Za-z0-9._:-]{1,128}$/;

export function createApp(rt: Runtime) {
  const app = new Hono<{ Variables: Vars }>();
  app.use("*", async (c, next) => {
    // A caller's correlation id is kept when it is well-formed, so traces join up across systems.
    const given = c.req.header("x-correlation-id");
    const id = given && CORRELATION.test(given) ? given : randomUUID();
    c.set("correlationId", id);
    // Set before the route answers, so c.json() builds its response with it. Setting a header on a finished
    // response makes Hono rebuild it as a streamed web Response, which cost ~5% of a governed call.
    c.header("x-correlation-id", id);
    await next();
    // A response built without c (none today) still gets it, the slow way.
    if (c.res.headers.get("x-correlation-id") === null) c.header("x-correlation-id", id);
  });
  app.use("*", limitBody(rt.config.bodyBytes, (c) => fail(c, "REQUEST_TOO_LARGE", `the body is larger than ${rt.config.bodyBytes} bytes`, { headers: { connection: "close" } })));
  // ^ The rest of an oversized body is never read, so the connection cannot be reused: say so.
  app.route("/", healthRoutes(rt));
  app.route("/", openApiRoutes());
  app.route("/v1/sessions", sessionRoutes(rt));
  app.route("/v1/sessions", scanRoutes(rt));
  app.route("/v1/approvals", approvalRoutes(rt));
  app.route("/admin/approvals", adminApprovalRoutes(rt));
  app.route("/admin", adminRoutes(rt));
  app.route("/admin/control", adminControlRoutes(rt));
  app.route("/v1/sessions", usageRoutes(rt));
  app.notFound((c) => fail(c, "NOT_FOUND", `no route ${c.req.method} ${c.req.path}; see /openapi.json`));
  app.onError((err, c) => {
    if (isWardenError(err)) return c.json(errorBody(c, err.code, err.message), statusFor(err.code));
    rt.logger.error({ event: "http.error", err: String((err as Error)?.stack ?? err), correlation_id: c.get("correlationId") }, "unhandled error");
    return c.json(errorBody(c, "INTERNAL", "an unexpected error; quote the correlation id when reporting it (the logs carry the details)"), 500);
  });
  return app;
}
