import { describeArgument } from "./describe-argument";

/**
 * The keepDims argument of a reduction, checked: anything truthy counted as true, so
 * sum(x, 0, 1) — meant as the sum over axes 0 and 1 — summed axis 0 alone and kept it,
 * silently, and norm(x, 2, 1, "keepdims") read as true by chance. `axesHint` says how the
 * reduction takes several axes, for a number given as keepDims (the likely slip).
 */
export function checkKeepDims(keepDims: unknown, opName: string, axesHint: string): void {
  if (keepDims === undefined || typeof keepDims === "boolean") return;
  const shown = typeof keepDims === "number" ? String(keepDims) : typeof keepDims === "string" ? JSON.stringify(keepDims) : describeArgument(keepDims);
  throw new TypeError(`${opName}: keepDims is true or false, got ${shown}${typeof keepDims === "number" ? `; ${axesHint}` : ""}`);
}

/** The hint of a reduction over a list of axes (sum, mean, max, min). */
export function severalAxesHint(opName: string): string {
  return `to reduce several axes give them as one array, ${opName}(x, [0, 1])`;
}
