import type { Input } from "../core/convert";
import type { Value } from "../core/value";
import { primalOf, shapeOf } from "../core/value";
import { Dual } from "../forward/dual";
import { Var } from "../reverse/var";
import { Tensor } from "../tensor/tensor";
import * as scalar from "./scalar";
import { reshape, transpose } from "./tensor/layout";
import { sum, mean } from "./tensor/reduce";
import { matmul } from "./tensor/matmul";
import { element, elementsOf } from "./pack";
import { index, type IndexSpec } from "./tensor/index";
import { stridesOf } from "../tensor/shape";
import { DerivativeLostError, ShapeError } from "../errors";

/*
 * Methods, so a course can write `x.mul(y).sin()` and `A.matmul(B).T`: the same set on
 * Tensors, dual numbers and tape variables, installed in this one place. Each calls the
 * free function of the same name.
 */

/**
 * The type of a method's result on `T` with an argument `Y`, as a cell types `a * b`: a tensor
 * if either is one, else a tape variable, else a dual number (`A.matmul(B).T` is a tensor).
 */
type MethodResult<T, Y> = [Extract<T | Y, Tensor>] extends [never] ? ([Extract<T | Y, Var>] extends [never] ? ([Extract<T | Y, Dual>] extends [never] ? number : Dual) : Var) : Tensor;

/**
 * A scalar taken from a value of type T: a number from a Tensor (inside a differentiated
 * function a Tensor argument is an AD value standing for it, and so is its entry), a dual
 * number from a Dual, a tape variable from a Var.
 */
type ScalarOf<T> = T extends Tensor ? number : T;

interface MathMethods {
  add<Y extends Input>(y: Y): MethodResult<this, Y>;
  sub<Y extends Input>(y: Y): MethodResult<this, Y>;
  mul<Y extends Input>(y: Y): MethodResult<this, Y>;
  div<Y extends Input>(y: Y): MethodResult<this, Y>;
  pow<Y extends Input>(y: Y): MethodResult<this, Y>;
  neg(): this;
  sin(): this;
  cos(): this;
  tan(): this;
  exp(): this;
  log(): this;
  sqrt(): this;
  abs(): this;
  tanh(): this;
  sigmoid(): this;
  relu(): this;
  /** The matrix product this·y. */
  matmul<Y extends Input>(y: Y): MethodResult<this, Y>;
  /** Sum over all entries (a number, as `sum(x)` is typed) or the given axes. */
  sum(axes?: undefined, keepDims?: false): ScalarOf<this>;
  sum(axes: number | number[], keepDims?: boolean): this;
  sum(axes?: number | number[], keepDims?: boolean): Value;
  mean(axes?: undefined, keepDims?: false): ScalarOf<this>;
  mean(axes: number | number[], keepDims?: boolean): this;
  mean(axes?: number | number[], keepDims?: boolean): Value;
  reshape(...shape: number[] | [number[]]): this;
  /** Axes permuted (reversed by default). */
  transpose(...axes: [] | [number[] | undefined] | number[]): this;
  /** The transpose. */
  readonly T: this;
  /** Entry (i, j, …) as a scalar (differentiable): a number of a Tensor. */
  get(...index: number[]): ScalarOf<this>;
  /**
   * Indexing and slicing along every axis: numbers, [start, stop, step?] ranges or null per
   * axis. With numbers only, an entry or a slice as the rank decides (typed any); with a
   * range or null, a tensor.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  at(...specs: number[]): any;
  at(...specs: IndexSpec[]): this;
}

declare module "../tensor/tensor" {
  interface Tensor extends MathMethods {}
}
declare module "../forward/dual" {
  interface Dual extends MathMethods {
    readonly shape: readonly number[];
    /**
     * The entries as nested arrays of differentiable scalars, so array code on them keeps the
     * derivative (a scalar gives itself; primal(x).toArray() gives the numbers).
     * @example
     * grad((x: Tensor) => x.toArray().reduce((a: number, b: number) => a + b * b, 0))(tensor([1, 2]))  // [2, 4] (a Tensor)
     */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    toArray(): any;
    /** The value as text, as Number's method gives it (text carries no derivative). */
    toFixed(digits?: number): string;
    toPrecision(precision?: number): string;
    toExponential(digits?: number): string;
  }
}
declare module "../reverse/var" {
  interface Var extends MathMethods {
    readonly shape: readonly number[];
    /**
     * The entries as nested arrays of differentiable scalars, so array code on them keeps the
     * derivative (a scalar gives itself; primal(x).toArray() gives the numbers).
     * @example
     * grad((x: Tensor) => x.toArray().reduce((a: number, b: number) => a + b * b, 0))(tensor([1, 2]))  // [2, 4] (a Tensor)
     */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    toArray(): any;
    /** The value as text, as Number's method gives it (text carries no derivative). */
    toFixed(digits?: number): string;
    toPrecision(precision?: number): string;
    toExponential(digits?: number): string;
  }
}

const binary = ["add", "sub", "mul", "div", "pow"] as const;
const unary = ["neg", "sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh", "sigmoid", "relu"] as const;

function install(proto: object, withShape: boolean): void {
  const define = (name: string, value: unknown): void => {
   
    Object.defineProperty(proto, name, { value, writable: true, configurable: true, enumerable: false });
  };
  for (const name of binary) {
    const f = scalar[name] as (a: Input, b: Input) => Value;
    define(name, function (this: Value, y: Input) {
      return f(this, y);
    });
  }
  for (const name of unary) {
    const f = scalar[name] as (a: Input) => Value;
    define(name, function (this: Value) {
      return f(this);
    });
  }
  define("matmul", function (this: Value, y: Input) {
    return matmul(this, y);
  });
  define("sum", function (this: Value, axes?: number | number[], keepDims?: boolean) {
    return sum(this, axes, keepDims);
  });
  define("mean", function (this: Value, axes?: number | number[], keepDims?: boolean) {
    return mean(this, axes, keepDims);
  });
  define("reshape", function (this: Value, ...shape: (number | number[])[]) {
    return reshape(this, Array.isArray(shape[0]) ? shape[0] : (shape as number[]));
  });
  define("at", function (this: Value, ...specs: IndexSpec[]) {
    return index(this, specs);
  });
  define("transpose", function (this: Value, ...axes: number[]) {
    return transpose(this, ...axes);
  });
  define("get", function (this: Value, ...index: number[]) {
    const s = shapeOf(this);
    if (index.length !== s.length || index.some((i, ax) => !Number.isInteger(i) || i < 0 || i >= s[ax])) {
      throw new ShapeError(`get: index (${index.join(", ")}) is out of range for shape (${s.join("×")})`);
    }
    const strides = stridesOf(s);
    return element(this, index.reduce((acc, i, ax) => acc + i * strides[ax], 0));
  });
  Object.defineProperty(proto, "T", {
    get(this: Value) {
      return transpose(this);
    },
    configurable: true,
  });
  if (withShape) {
    Object.defineProperty(proto, "shape", {
      get(this: Value) {
        return shapeOf(this);
      },
      configurable: true,
    });
    // A tensor's storage read inside a differentiated function (x.data[0], as on a Tensor): a
    // dual number or tape variable has none, and the read failed as "Cannot read properties of
    // undefined (reading '0')". Its numbers carry no derivative: the error says what keeps it.
    Object.defineProperty(proto, "data", {
      get(this: Value) {
        const kind = this instanceof Dual ? "dual number" : "tape variable";
        const s = shapeOf(this);
        const what = s.length === 0 ? `${kind} (${String(this)})` : `${kind} of shape (${s.join("×")})`;
        throw new DerivativeLostError(
          `.data of a ${what} would give its numbers without their derivative: read entries with x.get(i, j), x.toArray() or element(x, i), ` +
            `or use the tensor functions (sum, matmul, …); primal(x).data reads the numbers on purpose`,
        );
      },
      configurable: true,
    });
    // The entries as differentiable scalars in nested arrays: x.toArray().reduce(…) inside
    // grad of a tensor gave the numbers alone, and the gradient came out 0, silently.
    define("toArray", function (this: Value) {
      const p = primalOf(this);
      return typeof p === "number" ? this : nestedEntries(elementsOf(this), p.shape);
    });
    // Number's formatting methods: text carries no derivative, so nothing is lost
    // (loss.toFixed(4) inside a differentiated function was "toFixed is not a function").
    for (const name of ["toFixed", "toPrecision", "toExponential"] as const) {
      define(name, function (this: Value, digits?: number) {
        const p = primalOf(this);
        if (typeof p !== "number") throw new TypeError(`${name}: expected a scalar, got a value of shape (${p.shape.join("×")})`);
        return p[name](digits);
      });
    }
  }
}

install(Tensor.prototype, false);
install(Dual.prototype, true);
install(Var.prototype, true);

/** Row-major entries laid out as nested arrays of the given shape (at least one axis). */
function nestedEntries(entries: readonly Value[], shape: readonly number[]): unknown[] {
  const build = (axis: number, offset: number, stride: number): unknown[] => {
    const inner = stride / shape[axis];
    return Array.from({ length: shape[axis] }, (_, i) => (axis === shape.length - 1 ? entries[offset + i] : build(axis + 1, offset + i * inner, inner)));
  };
  return build(0, 0, entries.length);
}
