import type { Value } from "../core/value";
import { shapeOf } from "../core/value";
import { Dual } from "../forward/dual";
import { Var } from "../reverse/var";
import { Tensor } from "../tensor/tensor";
import { element } from "./pack";
import { index } from "./tensor/index";

/*
 * Iteration and length as NumPy has them, so code written for arrays runs on tensors:
 * `for (const row of A)`, `[...v]`, `Math.max(...v)`, `for (let i = 0; i < X.length; i++)`.
 * A 1-d tensor yields its entries, an n-d tensor its rows (the first axis, as NumPy); inside
 * a differentiated function (a dual number or tape variable of a tensor) the entries and rows
 * are differentiable, so such a loop keeps the derivative.
 *
 * Everything is an accessor on the prototypes: W1's dual and tape paths (core/specialise.ts)
 * stay monomorphic because no instance gains a field. `Symbol.iterator` is a getter, not a
 * method, so that what cannot be iterated has none: a 0-d tensor, and a scalar dual number or
 * tape variable, give `undefined` for it (and for a scalar, for `length`), so code that asks
 * `typeof x[Symbol.iterator] === "function"` or `x.length !== undefined` (vitest's toEqual,
 * Array.from) does not take a scalar for an array, and `for (const e of x)` throws the
 * TypeError a number gives ("x is not iterable"). (`Symbol.iterator in x` is true on every
 * instance: what `in` sees lives on the prototype, shared by scalars and tensors.)
 */

declare module "../tensor/tensor" {
  interface Tensor {
    /**
     * The number of rows, shape[0], as NumPy's len(): a 0-d tensor has none (a TypeError).
     * @example
     * tensor([[1, 2], [3, 4], [5, 6]]).length   // 3
     */
    readonly length: number;
    /**
     * A 1-d tensor yields its numbers, an n-d tensor its rows as Tensors (NumPy iterates the
     * first axis); a 0-d tensor is not iterable. Inside grad, a tensor argument yields
     * differentiable entries or rows.
     * @example
     * for (const row of tensor([[1, 2], [3, 4]])) console.log(sum(row));   // 3, then 7
     * Math.max(...tensor([3, 1, 2]))                                       // 3
     */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    [Symbol.iterator](): Iterator<any>;
  }
}

/** The entries (1-d) or rows (n-d) of a tensor, or of a dual number or tape variable of one. */
function* entriesOrRows(this: Value): Generator<Value, void, undefined> {
  const shape = shapeOf(this);
  const n = shape[0];
  if (this instanceof Tensor) {
    // Copies, not views sharing the storage: a row kept after A changes stays what it was.
    const data = this.data;
    const stride = data.length / Math.max(n, 1);
    for (let i = 0; i < n; i++) yield shape.length === 1 ? data[i] : new Tensor(shape.slice(1), data.slice(i * stride, (i + 1) * stride));
    return;
  }
  for (let i = 0; i < n; i++) yield shape.length === 1 ? element(this, i) : index(this, [i]);
}

/** The message of NumPy's len() of a 0-d array, for `.length` of a 0-d tensor. */
function noLength(): never {
  throw new TypeError("length of a 0-d tensor: it has no axis whose rows to count, as NumPy's len() of a 0-d array; x.size is its number of entries, 1");
}

Object.defineProperty(Tensor.prototype, "length", {
  get(this: Tensor) {
    return this.shape.length === 0 ? noLength() : this.shape[0];
  },
  configurable: true,
});
Object.defineProperty(Tensor.prototype, Symbol.iterator, {
  // undefined for a 0-d tensor: vitest's toEqual iterates whatever has an iterator, and a
  // throwing one made toEqual(tensor(3), tensor(3)) throw.
  get(this: Tensor) {
    return this.shape.length === 0 ? undefined : entriesOrRows;
  },
  configurable: true,
});

for (const proto of [Dual.prototype, Var.prototype]) {
  // A scalar has neither: it must not look like an array to code that tests x.length.
  Object.defineProperty(proto, "length", {
    get(this: Value) {
      const shape = shapeOf(this);
      return shape.length === 0 ? undefined : shape[0];
    },
    configurable: true,
  });
  Object.defineProperty(proto, Symbol.iterator, {
    get(this: Value) {
      return shapeOf(this).length === 0 ? undefined : entriesOrRows;
    },
    configurable: true,
  });
}
