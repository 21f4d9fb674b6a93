// Map an offset inside a CEL expression to the file position of that character in the YAML source.
import { isScalar, Scalar } from "yaml";
import { nodeAt, type PolicySource } from "./source.js";

export function celLocation(src: PolicySource, path: readonly (string | number)[], offset: number): { line: number; col: number } {
  const node = nodeAt(src, path);
  if (!isScalar(node) || !node.range) return { line: 1, col: 1 };
  const start = node.range[0];
  const value = String(node.value);
  const before = value.slice(0, offset);
  const exprLine = before.split("\n").length - 1;
  const exprCol = offset - (before.lastIndexOf("\n") + 1);
  const base = src.lines.linePos(start);
  switch (node.type) {
    case Scalar.BLOCK_LITERAL:
    case Scalar.BLOCK_FOLDED: {
      // Content starts on the line after the indicator; indentation is that of the first content line.
      const raw = src.text.slice(start, node.range[1]);
      const firstContent = raw.split("\n")[1] ?? "";
      const indent = firstContent.length - firstContent.trimStart().length;
      return { line: base.line + 1 + exprLine, col: indent + exprCol + 1 };
    }
    case Scalar.QUOTE_DOUBLE:
    case Scalar.QUOTE_SINGLE:
      return exprLine === 0 ? { line: base.line, col: base.col + 1 + exprCol } : { line: base.line + exprLine, col: exprCol + 1 };
    default:
      return exprLine === 0 ? { line: base.line, col: base.col + exprCol } : { line: base.line + exprLine, col: exprCol + 1 };
  }
}
