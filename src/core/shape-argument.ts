import { ShapeError } from "../errors";
import { describe } from "../api/containers";
import { checkTensorSize } from "../tensor/allocate";

/**
 * Checks a shape given by the user (zeros, rand, broadcastTo, sumToShape …): an array of
 * non-negative integers, else a ShapeError naming op and the shape as given.
 */
export function checkShapeArgument(shape: unknown, op: string): asserts shape is readonly number[] {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    // zeros(3) is NumPy's habit; here a shape is always a list.
    const hint = Number.isInteger(shape) && (shape as number) >= 0 ? ` (for a 1-d tensor write ${op}([${String(shape)}]))` : "";
    throw new ShapeError(`${op}: shape must be an array of non-negative integers, such as [2, 3], got ${describeShape(shape)}${hint}`);
  }
  // zeros([1e5, 1e5]) read "Invalid typed array length: 10000000000", naming no call, and
  // zeros([1e4, 1e5]), 8 GB, ran the executor out of memory and lost the session.
  checkTensorSize(
    shape.reduce((p: number, d: number) => p * d, 1),
    () => `${op}([${shape.join(", ")}])`,
  );
}

/** A shape argument as given, NaN and strings kept visible (JSON.stringify wrote NaN as null and threw on a bigint). */
function describeShape(shape: unknown): string {
  if (!Array.isArray(shape)) return describe(shape);
  const entry = (d: unknown) => (typeof d === "number" ? String(d) : typeof d === "string" ? JSON.stringify(d) : Array.isArray(d) ? "[…]" : describe(d));
  return `[${shape.map(entry).join(", ")}]`;
}
