import { ts } from "ts-morph";

/** A cell whose last statement, a block, is read as an object literal: its text, and where the `(` went in. */
export interface ObjectLiteralCell {
  /** The cell with its last statement in parentheses. */
  readonly code: string;
  /** The line and column (1-based) where `;(` went in: columns after it on that line are two more than the cell's. */
  readonly line: number;
  readonly column: number;
}

/**
 * A cell that ends with an object literal, `{ W, b }` or `{ loss: l, acc }`, as the cell with
 * that literal in parentheses, or null. JavaScript reads a statement that starts with `{` as a
 * block, so `{ W, b }` showed b (a comma expression) and `{ W: 2 * W, b }` nothing; Node's
 * REPL shows the object, and so does a cell now. A block that is not an object literal
 * (`{ const a = 2; a * 3 }`) stays a block.
 * @example objectLiteralCell("const W = 1\n{ W }")?.code // "const W = 1\n;({ W })"
 */
export function objectLiteralCell(code: string): ObjectLiteralCell | null {
  if (!/\}\s*$/.test(code)) return null;
  const sf = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const last = sf.statements[sf.statements.length - 1];
  // An empty block after other statements is a block (as JavaScript and Node's REPL read it); alone, `{}` is shown as {}.
  if (!last || !ts.isBlock(last) || (last.statements.length === 0 && sf.statements.length > 1)) return null;
  const start = last.getStart(sf);
  // `;(`, not `(`: after `x = 3` on the line before, `(` would call 3 (no semicolon is inserted before it).
  const wrapped = `${code.slice(0, start)};(${code.slice(start, last.end)})${code.slice(last.end)}`;
  const check = ts.createSourceFile("cell.ts", wrapped, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const diagnostics = (check as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
  const statement = check.statements[check.statements.length - 1];
  if (diagnostics.length > 0 || !statement || !ts.isExpressionStatement(statement) || !ts.isParenthesizedExpression(statement.expression)) return null;
  // The parenthesis is ours (at start + 1, after the `;`), holding the block's text as one object literal.
  if (statement.expression.getStart(check) !== start + 1 || !ts.isObjectLiteralExpression(statement.expression.expression)) return null;
  const { line, character } = sf.getLineAndCharacterOfPosition(start);
  return { code: wrapped, line: line + 1, column: character + 1 };
}

/** A position in the wrapped cell as a position in the cell itself. */
export function unwrappedPosition<P extends { line: number; column: number }>(cell: ObjectLiteralCell, p: P): P {
  return p.line === cell.line && p.column > cell.column ? { ...p, column: Math.max(cell.column, p.column - 2) } : p;
}
