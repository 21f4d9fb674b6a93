// A parsed policy source: the plain value plus the YAML document, so any JSON path maps back to file:line:col.
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Document, type Node } from "yaml";
import type { Diagnostic } from "./diagnostic.js";

export interface PolicySource {
  file: string;
  text: string;
  value: unknown;
  doc: Document.Parsed;
  lines: LineCounter;
}

export function parseSource(file: string, text: string): { source: PolicySource; diagnostics: Diagnostic[] } {
  const lines = new LineCounter();
  // SECURITY: cap alias expansion ("billion laughs") and refuse duplicate keys, which hide rules.
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const diagnostics: Diagnostic[] = [];
  for (const err of doc.errors) {
    const pos = err.linePos?.[0] ?? { line: 1, col: 1 };
    diagnostics.push({ code: "POLICY_YAML_SYNTAX", message: firstLine(err.message), file, line: pos.line, col: pos.col });
  }
  let value: unknown = undefined;
  if (diagnostics.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      diagnostics.push({ code: "POLICY_YAML_SYNTAX", message: firstLine(String((e as Error).message)), file, line: 1, col: 1 });
    }
  }
  return { source: { file, text, value, doc, lines }, diagnostics };
}

function firstLine(s: string): string {
  return s.split("\n")[0] ?? s;
}

/** Find the node at a JSON path; `key: true` points at the mapping key instead of its value. */
export function nodeAt(src: PolicySource, path: readonly (string | number)[], key = false): Node | undefined {
  let node: unknown = src.doc.contents;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return node as Node;
      node = last && key ? pair.key : pair.value;
    } else if (isSeq(node) && typeof seg === "number") {
      node = node.items[seg];
    } else {
      return (node as Node | undefined) ?? undefined;
    }
  }
  return node as Node | undefined;
}

/** 1-based line and column of a JSON path (or of an offset within that node's scalar text). */
export function locate(src: PolicySource, path: readonly (string | number)[], key = false): { line: number; col: number } {
  const node = nodeAt(src, path, key);
  const offset = node?.range?.[0] ?? 0;
  return src.lines.linePos(offset);
}
