// URL and header templates: `{name}` = a top-level arg, URL-encoded; `${credential:name}` = a credential.
// SECURITY: one pass over the template, so an arg whose value looks like `${credential:x}` is encoded
// as text and can never pull a secret into the request; templates are refused in the scheme and host.
import { ExecError } from "../errors.js";

export type Token = { kind: "text"; text: string } | { kind: "arg"; name: string } | { kind: "credential"; name: string };

const TOKEN = /\$\{credential:([A-Za-z_][A-Za-z0-9_.-]*)\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function tokenize(template: string): Token[] {
  const out: Token[] = [];
  let last = 0;
  for (const m of template.matchAll(TOKEN)) {
    if (m.index > last) out.push({ kind: "text", text: template.slice(last, m.index) });
    if (m[1] !== undefined) out.push({ kind: "credential", name: m[1] });
    else out.push({ kind: "arg", name: m[2] as string });
    last = m.index + m[0].length;
  }
  if (last < template.length) out.push({ kind: "text", text: template.slice(last) });
  return out;
}

/** Length of `scheme://authority`: the part of a URL template no placeholder may touch. */
export function originLength(template: string): number {
  const start = template.indexOf("://") + 3;
  const rest = template.slice(start);
  const end = rest.search(/[/?#]/);
  return start + (end < 0 ? rest.length : end);
}

export function credentialNames(tokens: Token[]): string[] {
  return tokens.flatMap((t) => (t.kind === "credential" ? [t.name] : []));
}

function argText(args: unknown, name: string, tool: string): string {
  const v = args && typeof args === "object" && !Array.isArray(args) ? (args as Record<string, unknown>)[name] : undefined;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") {
    const s = String(v);
    // SECURITY: `.` and `..` (also as %2e) are dot segments: the URL parser would climb the path.
    if (s === "." || s === "..") throw new ExecError("EXEC_BAD_ARGS", `tool ${tool}: argument \`${name}\` may not be "." or ".."; pass a real value.`);
    return encodeURIComponent(s);
  }
  throw new ExecError("EXEC_BAD_ARGS", `tool ${tool}: argument \`${name}\` is ${v === undefined ? "missing" : "not a string, number or boolean"}; the URL template needs it.`);
}

export interface RenderInput {
  tool: string;
  args: unknown;
  secrets: ReadonlyMap<string, string>;
  /** URL templates encode credentials; header templates insert them as they are. */
  encode: boolean;
}

export function render(tokens: Token[], inp: RenderInput): string {
  let out = "";
  for (const t of tokens) {
    if (t.kind === "text") out += t.text;
    else if (t.kind === "arg") out += argText(inp.args, t.name, inp.tool);
    else {
      const v = inp.secrets.get(t.name);
      // INVARIANT: the executor loads every credential a template names before rendering.
      if (v === undefined) throw new ExecError("CREDENTIAL_MISSING", `tool ${inp.tool}: credential ${t.name} was not loaded.`);
      // SECURITY: a line break in a header value would split the request (and Node's error would be vague).
      if (!inp.encode && /[\r\n\0]/.test(v)) throw new ExecError("CREDENTIAL_MISSING", `tool ${inp.tool}: credential ${t.name} contains a line break, so it cannot be sent in a header; fix the stored value.`);
      out += inp.encode ? encodeURIComponent(v) : v;
    }
  }
  return out;
}
