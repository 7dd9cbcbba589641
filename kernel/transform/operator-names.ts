import { ts } from "ts-morph";

/** The arithmetic operators a cell routes through the runtime, and the helper each becomes. */
export const ARITHMETIC_OPERATORS = new Map<ts.SyntaxKind, string>([
  [ts.SyntaxKind.PlusToken, "__add"],
  [ts.SyntaxKind.MinusToken, "__sub"],
  [ts.SyntaxKind.AsteriskToken, "__mul"],
  [ts.SyntaxKind.SlashToken, "__div"],
  [ts.SyntaxKind.PercentToken, "__mod"],
  [ts.SyntaxKind.AsteriskAsteriskToken, "__pow"],
]);

/** The comparisons, which look at primal values of differentiable operands. */
export const COMPARISON_OPERATORS = new Map<ts.SyntaxKind, string>([
  [ts.SyntaxKind.LessThanToken, "__lt"],
  [ts.SyntaxKind.LessThanEqualsToken, "__le"],
  [ts.SyntaxKind.GreaterThanToken, "__gt"],
  [ts.SyntaxKind.GreaterThanEqualsToken, "__ge"],
  [ts.SyntaxKind.EqualsEqualsToken, "__eq"],
  [ts.SyntaxKind.ExclamationEqualsToken, "__ne"],
  // x === 0 on a dual number compares its value, as x == 0 does (identity would always be false).
  [ts.SyntaxKind.EqualsEqualsEqualsToken, "__seq"],
  [ts.SyntaxKind.ExclamationEqualsEqualsToken, "__sne"],
]);

/** x op= y is x = x op y: each compound assignment with its operator's helper. */
export const COMPOUND_OPERATORS = new Map<ts.SyntaxKind, string>(
  (
    [
      [ts.SyntaxKind.PlusEqualsToken, ts.SyntaxKind.PlusToken],
      [ts.SyntaxKind.MinusEqualsToken, ts.SyntaxKind.MinusToken],
      [ts.SyntaxKind.AsteriskEqualsToken, ts.SyntaxKind.AsteriskToken],
      [ts.SyntaxKind.SlashEqualsToken, ts.SyntaxKind.SlashToken],
      [ts.SyntaxKind.PercentEqualsToken, ts.SyntaxKind.PercentToken],
      [ts.SyntaxKind.AsteriskAsteriskEqualsToken, ts.SyntaxKind.AsteriskAsteriskToken],
    ] as const
  ).map(([compound, op]) => [compound, ARITHMETIC_OPERATORS.get(op)!]),
);
