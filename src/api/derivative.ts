import type { Value } from "../core/value";
import { isScalarValue, isValue } from "../core/value";
import { differentiating, newTag } from "../core/tags";
import { Dual } from "../forward/dual";
import { DifferentiationError } from "../errors";
import { describe, mapOutput, outputOf } from "./containers";
import { assertFunction } from "./options";
import { mapLeaves, ownLevel, tangentAt } from "./seed";
import type { AnyFunction, ResultLike } from "./types";

/**
 * The derivative of order `order` of a function of one real variable, by nested forward
 * mode (exact, no finite differences). f may return a number or an array of numbers.
 * Further arguments are passed on to f as constants.
 *
 * @example
 * derivative(Math.sin)(0)                  // 1
 * derivative((x: number) => x ** 4, 3)(1)  // 24
 * derivative((x: number, a: number) => a * x ** 2)(3, 5)  // 2·5·3 = 30
 */
export function derivative<F extends AnyFunction>(f: F, order?: number): (x: number | Value, ...rest: any[]) => ResultLike<F>;
export function derivative(f: (x: never, ...rest: never[]) => unknown, order?: number): (x: number | Value, ...rest: any[]) => any;
export function derivative(f: (x: never, ...rest: never[]) => unknown, order = 1): (x: number | Value, ...rest: unknown[]) => unknown {
  assertFunction(f, "derivative");
  if (!Number.isInteger(order) || order < 0) {
    throw new DifferentiationError(`derivative: order must be a non-negative integer, got ${describe(order)}`);
  }
  let g = f as (x: Value, ...rest: unknown[]) => unknown;
  for (let k = 0; k < order; k++) g = firstDerivative(g);
  return (x, ...rest) => {
    if (!(typeof x === "number" || (isValue(x) && isScalarValue(x)))) {
      throw new DifferentiationError(`derivative: x is ${describe(x)}; derivative is for functions of one real variable — use grad, jacobian or jvp for arrays and tensors`);
    }
    return g(x, ...rest);
  };
}

/** Arguments after x are passed to f unchanged, as constants (JAX's grad with argnums 0). */
function firstDerivative(f: (x: Value, ...rest: unknown[]) => unknown): (x: Value, ...rest: unknown[]) => unknown {
  return (x, ...rest) => {
    const tag = newTag();
    const y = ownLevel(differentiating(tag, () => f(new Dual(x, 1, tag), ...rest)), tag);
    // A list or a record of outputs gives the derivative of each, in the same list or record.
    return mapLeaves(y, (output) => {
      const out = outputOf(output, "derivative");
      return out.container.kind === "tensor" ? tangentAt(output as Value, tag) : mapOutput(output, (v) => tangentAt(v, tag));
    });
  };
}
