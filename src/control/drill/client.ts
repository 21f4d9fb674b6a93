// A small HTTP client for the admin and agent APIs (drills and the CLI act on running gateways).

export interface Reply {
  status: number;
  body: Record<string, unknown>;
}

export async function request(url: string, method: string, path: string, token: string | undefined, body?: unknown, timeoutMs = 60_000): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (token) headers["authorization"] = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(url.replace(/\/+$/, "") + path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}), signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { text };
  }
  return { status: res.status, body: parsed };
}

export const errorCode = (r: Reply): string | undefined => (r.body["error"] as { code?: string } | undefined)?.code;
