import type { NDArray } from "../tensor/ndarray";
import { scalarArray } from "../tensor/ndarray";
import { Tensor } from "../tensor/tensor";
import type { Value } from "./value";

/*
 * Conversions at the boundary between runtime values and the numeric kernels:
 * scalars travel as numbers in the runtime and as 0-d arrays in the kernels.
 */

/** A plain runtime value (number or Tensor) as a kernel array. */
export function asArray(x: Value, opName: string): NDArray {
  if (typeof x === "number") return scalarArray(x);
  if (x instanceof Tensor) return x;
  throw new TypeError(`${opName}: internal error: expected a plain number or tensor, got ${String(x)}`);
}

/** A kernel result as a runtime value: 0-d arrays become numbers. */
export function fromArray(a: NDArray): number | Tensor {
  return a.shape.length === 0 ? a.data[0] : Tensor.wrap(a);
}
