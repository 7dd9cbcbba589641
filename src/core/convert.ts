import type { Value } from "./value";
import { isScalarValue, isValue } from "./value";
import { Tensor } from "../tensor/tensor";
import { nestedShape } from "../tensor/ndarray";
import { pack } from "../ops/pack";

/**
 * What the public functions accept: runtime values, or (nested) arrays of them —
 * `add([[1, 2]], A)`, `matmul(A, x)` with `x` a number[] of tape variables.
 */
export type Input = Value | readonly Input[];

/**
 * Converts a public argument to a runtime value. Arrays of plain numbers become Tensors;
 * arrays holding AD values are packed into one differentiable tensor (one tape entry).
 */
export function toValue(x: Input, opName: string): Value {
  if (typeof x === "number") return x;
  if (isValue(x)) return x;
  if (Array.isArray(x)) {
    const shape = nestedShape(x);
    const flat = (x as unknown[]).flat(Infinity) as unknown[];
    if (flat.every((v) => typeof v === "number")) return Tensor.from(x);
    flat.forEach((v, i) => {
      if (!isValue(v) || !isScalarValue(v)) {
        throw new TypeError(`${opName}: element ${i} (row-major) of the array is ${String(v)}, not a number`);
      }
    });
    return pack(flat as Value[], shape);
  }
  throw new TypeError(`${opName}: expected a number, an array of numbers or a tensor, got ${String(x)}`);
}
