import type { Value } from "./value";
import type { Dual, ScalarDual } from "../forward/dual";
import type { ScalarVar, Var } from "../reverse/var";
import { isScalarValue, isValue } from "./value";
import { Tensor } from "../tensor/tensor";
import { nestedShape } from "../tensor/ndarray";
import { pack } from "../ops/pack";
import { describe, isNumberTypedArray } from "../api/containers";

/**
 * What the public functions accept: runtime values, or (nested) arrays of them —
 * `add([[1, 2]], A)`, `matmul(A, x)` with `x` a number[] of tape variables.
 */
export type Input = Value | NumberArray | readonly Input[];

/**
 * An array input: a tensor, nested arrays, a typed array. A reduction of all of its entries
 * (sum, mean, norm, det …) is typed `number`, as a notebook reads it (`const L: number =
 * sum(d)`): inside a differentiated function it is a dual number or tape variable standing
 * for that number, as a parameter typed `number` is.
 */
export type ArrayInput = Tensor | NumberArray | readonly Input[];

/** Whether T is `any` (which every conditional type would otherwise split). */
export type IsAny<T> = 0 extends 1 & T ? true : false;

/**
 * What an elementwise function of a (and b) gives, as a notebook reads it: numbers give a
 * number (inside a differentiated function a parameter typed `number` is a dual number or
 * tape variable standing for it, and so is the result), a Tensor or an array operand gives a
 * Tensor (so does a number-or-tensor), dual numbers a Dual, tape variables a Var; other unions a Value. So
 * `(x: number) => sin(x) * x` returns a number and `relu(matmul(X, W) + b)` a Tensor.
 */
export type Elementwise<A, B = A> =
  IsAny<A | B> extends true ? any
  : [A | B] extends [number] ? number
  : [A] extends [ArrayInput] ? Tensor
  : [B] extends [ArrayInput] ? Tensor
  // A number or a tensor (let acc = 0, then acc += T; flag ? 0 : X): a Tensor, as the operators say (acc * 2).
  : [A | B] extends [number | ArrayInput] ? Tensor
  : [A | B] extends [number | ScalarDual] ? ScalarDual
  : [A | B] extends [number | Dual] ? Dual
  : [A | B] extends [number | ScalarVar] ? ScalarVar
  : [A | B] extends [number | Var] ? Var
  : Value;

/** An elementwise function of one argument (sin, exp, relu …), typed as Elementwise says. */
export type Unary = <T extends Input>(x: T) => Elementwise<T>;
/** An elementwise function of two arguments with broadcasting (add, pow, atan2 …). */
export type Binary = <A extends Input, B extends Input>(a: A, b: B) => Elementwise<A, B>;

/** The typed arrays of numbers, taken as 1-d arrays wherever an array is. */
export type NumberArray = Float64Array | Float32Array | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array;

/**
 * Converts a public argument to a runtime value. Arrays of plain numbers become Tensors (a
 * typed array — Float64Array, Int32Array … — a 1-d one); arrays holding AD values are
 * packed into one differentiable tensor (one tape entry).
 */
export function toValue(x: Input, opName: string): Value {
  if (typeof x === "number") return x;
  if (isValue(x)) return x;
  if (isNumberTypedArray(x)) return new Tensor([x.length], Float64Array.from(x));
  if (Array.isArray(x)) {
    const shape = nestedShape(x, opName);
    const flat = (x as unknown[]).flat(Infinity) as unknown[];
    if (flat.every((v) => typeof v === "number")) return Tensor.from(x, opName);
    flat.forEach((v, i) => {
      if (!isValue(v) || !isScalarValue(v)) {
        throw new TypeError(`${opName}: element ${i} (row-major) of the array is ${describe(v)}, not a number`);
      }
    });
    return pack(flat as Value[], shape);
  }
  throw new TypeError(`${opName}: expected a number, an array of numbers or a tensor, got ${describe(x)}`);
}
