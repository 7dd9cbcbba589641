/*
 * The primitives a fused expression may hold (see fusion.ts), by name: shared by the runtime,
 * which gives their values and partials, and the cell transform, which recognises them in a
 * cell (`Math.sin(x)`, `sin(x)`, `a * b`). No imports: the kernel reads this list too.
 */

/** Functions of one argument: `Math.NAME(x)` or the runtime's `NAME(x)`, and `-x` (neg). */
export const FUSED_UNARY = [
  "neg", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
  "exp", "expm1", "log", "log1p", "log2", "log10", "sqrt", "cbrt", "abs", "sigmoid", "relu", "softplus", "erf", "erfc",
] as const;

/** Functions of two arguments: the operators + − · / ** and `Math.pow`, `Math.atan2`. */
export const FUSED_BINARY = ["add", "sub", "mul", "div", "pow", "atan2"] as const;

export type FusedUnaryName = (typeof FUSED_UNARY)[number];
export type FusedBinaryName = (typeof FUSED_BINARY)[number];

/** Members of `Math` that are fused functions (Math has no sigmoid, relu, softplus, erf or erfc). */
export const FUSED_MATH_UNARY: ReadonlySet<string> = new Set(FUSED_UNARY.filter((n) => !["neg", "sigmoid", "relu", "softplus", "erf", "erfc"].includes(n)));

/** The runtime's free functions of one argument that are fused functions (`sin(x)`, `neg(x)` in a cell). */
export const FUSED_RUNTIME_UNARY: ReadonlySet<string> = new Set(FUSED_UNARY);

/** Members of `Math` of two arguments that are fused functions. */
export const FUSED_MATH_BINARY: ReadonlySet<string> = new Set(["pow", "atan2"]);

/** The runtime's free functions of two arguments that are fused functions (`mul(a, b)`). */
export const FUSED_RUNTIME_BINARY: ReadonlySet<string> = new Set(FUSED_BINARY);
