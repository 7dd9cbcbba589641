import { Tensor } from "./tensor";
import { isScalarValue, isValue } from "../core/value";
import { pack } from "../ops/pack";
import { add, mul, sub } from "../ops/arithmetic";
import { describe } from "../api/containers";
import { toValue, type Input, type NumberArray } from "../core/convert";
import type { Value } from "../core/value";
import { ShapeError } from "../errors";
import { sizeOf, stridesOf } from "./shape";
import { allocate } from "./allocate";
import { checkShapeArgument } from "../core/shape-argument";
import { normalGenerator, uniformGenerator } from "./random";

/**
 * A tensor from nested arrays (or a number, or a tensor). Arrays holding differentiable
 * values give a differentiable tensor.
 * @example
 * tensor([[1, 2], [3, 4]]).shape  // [2, 2]
 */
export function tensor(x: number[] | number[][] | number[][][] | number[][][][] | NumberArray | Tensor): Tensor;
export function tensor(x: Input): Value;
export function tensor(x: Input): Value {
  if (isValue(x)) return x;
  return toValue(x, "tensor");
}

/** A tensor of zeros. @example zeros([2, 3]).shape // [2, 3] */
export function zeros(shape: readonly number[]): Tensor {
  return filled(shape, 0, "zeros");
}

/** A tensor of ones. @example ones([2]).toArray() // [1, 1] */
export function ones(shape: readonly number[]): Tensor {
  return filled(shape, 1, "ones");
}

/** A tensor filled with one value. @example full([2], 7).toArray() // [7, 7] */
export function full(shape: readonly number[], value: number): Tensor {
  return filled(shape, value, "full");
}

/** full under the name the user called (zeros, ones, full). */
function filled(shape: readonly number[], value: number, op: string): Tensor {
  checkShapeArgument(shape, op);
  if (typeof value !== "number") {
    const hint = isValue(value) ? " (a differentiable value: mul(value, ones(shape)) keeps its derivative)" : "";
    throw new TypeError(`${op}: the fill value must be a number, got ${describe(value)}${hint}`);
  }
  return new Tensor([...shape], allocate(sizeOf(shape), () => `${op}([${shape.join(", ")}])`).fill(value));
}

/** The n×m identity matrix (m = n by default). @example eye(2).toArray() // [[1, 0], [0, 1]] */
export function eye(n: number, m = n): Tensor {
  for (const d of [n, m]) {
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(`eye: the size must be a non-negative integer, got ${describe(d)}`);
  }
  const t = zeros([n, m]);
  for (let i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = 1;
  return t;
}

/**
 * Evenly spaced values in [start, stop) with the given step; `arange(n)` is 0 … n−1.
 * @example arange(4).toArray() // [0, 1, 2, 3]
 */
export function arange(start: number, stop?: number, step = 1): Tensor {
  if (stop === undefined) [start, stop] = [0, start];
  for (const [what, v] of [["start", start], ["stop", stop], ["step", step]] as const) {
    // A string, an array or NaN made a tensor of NaN length; Infinity an impossible one.
    if (typeof v !== "number") throw new TypeError(`arange: ${what} must be a number, got ${describe(v)}`);
    if (!Number.isFinite(v)) throw new RangeError(`arange: ${what} must be finite, got ${v}`);
  }
  if (step === 0) throw new RangeError("arange: step must not be 0");
  const n = Math.max(0, Math.ceil((stop - start) / step));
  return new Tensor([n], Float64Array.from({ length: n }, (_, i) => start + i * step));
}

/**
 * n evenly spaced values from a to b inclusive. Differentiable ends (inside grad) give a
 * differentiable tensor a + (b − a)·k/(n − 1).
 * @example linspace(0, 1, 3).toArray() // [0, 0.5, 1]
 */
export function linspace(a: number, b: number, n?: number): Tensor;
export function linspace(a: Value, b: Value, n?: number): Value;
export function linspace(a: Value, b: Value, n = 50): Value {
  const scalar = (v: unknown) => isValue(v) && isScalarValue(v);
  if (!scalar(a) || !scalar(b)) throw new TypeError(`linspace: the ends must be numbers, got ${describe(a)} and ${describe(b)}`);
  if (!Number.isInteger(n) || n < 0) throw new ShapeError(`linspace: the number of points must be a non-negative integer, got ${n}`);
  if (typeof a === "number" && typeof b === "number") {
    return new Tensor([n], Float64Array.from({ length: n }, (_, i) => (n === 1 ? a : a + ((b - a) * i) / (n - 1))));
  }
  // The same values, a + (b − a)·k/(n − 1), as differentiable arithmetic on the ends.
  const fractions = new Tensor([n], Float64Array.from({ length: n }, (_, i) => (n === 1 ? 0 : i / (n - 1))));
  return add(a, mul(sub(b, a), fractions));
}

/**
 * A tensor whose entry at (i, j, …) is f(i, j, …). Differentiable entries give a
 * differentiable tensor, as tensor() of an array holding them does.
 * @example fromFunction([2, 2], (i, j) => i + j).toArray() // [[0, 1], [1, 2]]
 */
export function fromFunction(shape: readonly number[], f: (...index: number[]) => number): Tensor;
export function fromFunction(shape: readonly number[], f: (...index: number[]) => Value): Value;
export function fromFunction(shape: readonly number[], f: (...index: number[]) => Value): Value {
  checkShapeArgument(shape, "fromFunction");
  if (typeof f !== "function") throw new TypeError(`fromFunction: expected a function of the indices, (i, j, …) => value, got ${describe(f)}`);
  const strides = stridesOf(shape);
  const indexOf = (k: number) => strides.map((s, ax) => Math.floor(k / s) % shape[ax]);
  const values = Array.from({ length: sizeOf(shape) }, (_, k) => f(...indexOf(k)));
  if (values.every((v) => typeof v === "number")) return new Tensor([...shape], Float64Array.from(values as number[]));
  // A dual number or tape variable in a Float64Array would lose its derivative: pack them instead.
  values.forEach((v, k) => {
    if (!isValue(v) || !isScalarValue(v)) throw new TypeError(`fromFunction: f(${indexOf(k).join(", ")}) returned ${describe(v)}, not a number`);
  });
  return pack(values, shape);
}

let defaultSeed = 42;

/**
 * Uniform random numbers in [0, 1). The same seed gives the same tensor; without a seed,
 * each call continues a fixed sequence (so a re-run notebook gets the same numbers).
 * @example rand([2], 1).shape // [2]
 */
export function rand(shape: readonly number[], seed?: number): Tensor {
  checkShapeArgument(shape, "rand");
  checkSeed(seed, "rand");
  const u = uniformGenerator(seed ?? defaultSeed++);
  return new Tensor([...shape], fillWith(allocate(sizeOf(shape), () => `rand([${shape.join(", ")}])`), u));
}

/**
 * Standard normal random numbers, seeded like rand.
 * @example randn([3], 7).shape // [3]
 */
export function randn(shape: readonly number[], seed?: number): Tensor {
  checkShapeArgument(shape, "randn");
  checkSeed(seed, "randn");
  const n = normalGenerator(uniformGenerator(seed ?? defaultSeed++));
  return new Tensor([...shape], fillWith(allocate(sizeOf(shape), () => `randn([${shape.join(", ")}])`), n));
}

/** data with each entry drawn from next(), in order. */
function fillWith(data: Float64Array, next: () => number): Float64Array {
  for (let i = 0; i < data.length; i++) data[i] = next();
  return data;
}

/** A seed that is not a finite number (a string, NaN) gave the same numbers as every other such seed. */
function checkSeed(seed: unknown, op: string): void {
  if (seed !== undefined && !(typeof seed === "number" && Number.isFinite(seed))) {
    throw new TypeError(`${op}: the seed must be a finite number, got ${describe(seed)}`);
  }
}
