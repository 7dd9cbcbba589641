import { ts } from "ts-morph";
import type { CellDiagnostic } from "./service";

/**
 * A cell that ends with `a, b` — Python's way to show two values — shows only b: in
 * JavaScript that is the comma operator. TypeScript says nothing when a is a property or
 * element access or a call (`losses[0], losses.at(-1)`), so this is a warning of its own
 * (code 0), at the first comma. Assignments and updates (`i++, j++`) are left alone: there
 * the comma is meant.
 *
 * @example
 * commaResult("const xs = [3, 1]\nxs[0], xs.at(-1)")[0].message // "only the last value of 'a, b' is the cell's result (JavaScript's comma operator): write [a, b] to see them all"
 */
export function commaResult(code: string): CellDiagnostic[] {
  const file = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.ES2022, true);
  const last = file.statements.at(-1);
  if (!last || !ts.isExpressionStatement(last)) return [];
  let expr: ts.Expression = last.expression;
  while (ts.isParenthesizedExpression(expr)) expr = expr.expression;
  if (!isComma(expr)) return [];
  const operands: ts.Expression[] = [];
  const collect = (e: ts.Expression): void => {
    if (isComma(e)) {
      collect(e.left);
      collect(e.right);
    } else operands.push(e);
  };
  collect(expr);
  if (operands.some(hasEffect)) return [];
  let first = expr;
  while (isComma(first.left)) first = first.left;
  const at = file.getLineAndCharacterOfPosition(first.operatorToken.getStart(file));
  return [{ line: at.line + 1, column: at.character + 1, message: "only the last value of 'a, b' is the cell's result (JavaScript's comma operator): write [a, b] to see them all", code: 0 }];
}

function isComma(e: ts.Expression): e is ts.BinaryExpression {
  return ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.CommaToken;
}

/** An assignment or update: the comma that sequences them is meant. */
function hasEffect(e: ts.Expression): boolean {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (ts.isBinaryExpression(e)) return e.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && e.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
  if (ts.isPrefixUnaryExpression(e) || ts.isPostfixUnaryExpression(e)) return e.operator === ts.SyntaxKind.PlusPlusToken || e.operator === ts.SyntaxKind.MinusMinusToken;
  return ts.isDeleteExpression(e) || ts.isAwaitExpression(e);
}
