import type { Input } from "../../core/convert";
import { isValue, shapeOf } from "../../core/value";
import { nestedShape } from "../../tensor/ndarray";

/**
 * The shape of a number ([]), nested array or tensor.
 * @example
 * shape([[1, 2, 3], [4, 5, 6]])  // [2, 3]
 */
export function shape(x: Input): number[] {
  return isValue(x) ? [...shapeOf(x)] : nestedShape(x);
}
