import { ts } from "ts-morph";
import type { CellDiagnostic } from "./service";

/**
 * Lines that begin with `[` or `(` and so continue the line before: JavaScript inserts no
 * semicolon there, so a cell written as two statements,
 *
 *     const fr = (x: number) => x < 0 ? -x : x * x
 *     [derivative(fr)(-1), derivative(fr)(2)]
 *
 * is one (`x * x[derivative(fr)(-1), derivative(fr)(2)]`): it shows nothing, and fr is not
 * what it looks like. TypeScript accepts it (indexing a number is `any`), so this is a
 * warning of its own (code 0: not one of TypeScript's), at the `[` or `(`.
 *
 * @example
 * continuedLines("const y = 2 * 3\n[1, 2].map((k) => k * y)")[0].line // 2
 */
export function continuedLines(code: string): CellDiagnostic[] {
  const file = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.ES2022, true);
  const found: CellDiagnostic[] = [];
  const visit = (node: ts.Node): void => {
    const continued =
      (ts.isElementAccessExpression(node) && !node.questionDotToken) ||
      (ts.isCallExpression(node) && !node.questionDotToken && !node.typeArguments);
    if (continued) {
      const before = node.expression.end;
      const open = before + (/^(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/.exec(code.slice(before))?.[0].length ?? 0);
      const bracket = code[open];
      if ((bracket === "[" || bracket === "(") && code.slice(before, open).includes("\n") && /^\s*$/.test(code.slice(code.lastIndexOf("\n", open - 1) + 1, open))) {
        const at = file.getLineAndCharacterOfPosition(open);
        const previous = file.getLineAndCharacterOfPosition(before).line + 1;
        const reads = bracket === "[" ? "indexes" : "calls";
        found.push({
          line: at.line + 1,
          column: at.character + 1,
          message: `this line begins with '${bracket}', so it continues line ${previous} (JavaScript inserts no semicolon before '${bracket}'): it ${reads} the value line ${previous} ends with; end line ${previous} with ';' if these are two statements`,
          code: 0,
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}
