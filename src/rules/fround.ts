import type { UnaryRule } from "../core/elementwise";

/**
 * Math.fround, rounding to the nearest float32: a change of precision, not of value, so its
 * derivative is 1, as JAX's and PyTorch's conversions to float32 have it (and as latex reads
 * fround(x), as x). It was 0, the derivative of a step function: latex then printed
 * f(x) = x² with f′(x) = x for fround(x)·x.
 */
export const froundRule: UnaryRule = { name: "fround", fn: Math.fround, partial: () => 1 };
