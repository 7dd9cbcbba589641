import type { Input } from "../../core/convert";
import { isValue, shapeOf } from "../../core/value";
import { nestedShape } from "../../tensor/ndarray";
import { describe, isNumberTypedArray } from "../../api/containers";

/**
 * The shape of a number ([]), nested array or tensor.
 * @example
 * shape([[1, 2, 3], [4, 5, 6]])  // [2, 3]
 */
export function shape(x: Input): number[] {
  if (isValue(x)) return [...shapeOf(x)];
  // A typed array is a 1-d array here as everywhere (it read as a number, shape []).
  if (isNumberTypedArray(x)) return [x.length];
  if (!Array.isArray(x)) throw new TypeError(`shape: expected a number, an array of numbers or a tensor, got ${describe(x)}`);
  return nestedShape(x, "shape");
}
