import type { Context } from "hono";

/** Parse a JSON body; undefined when it is not JSON (the route answers REQUEST_INVALID). */
export async function jsonBody(c: Context): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) return { ok: false, message: "send a JSON body with `Content-Type: application/json`" };
  try {
    return { ok: true, value: await c.req.json() };
  } catch (e) {
    return { ok: false, message: `the body is not valid JSON: ${(e as Error).message}` };
  }
}
