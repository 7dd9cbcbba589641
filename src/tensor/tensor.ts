import type { NDArray } from "./ndarray";
import { fromNested, toNested } from "./ndarray";
import { sizeOf } from "./shape";
import { tensorText } from "../display/tensor-text";
import { tensorBundle } from "../display/tensor-bundle";
import { computePending, madePending, type Pending } from "./deferred";
import { ShapeError } from "../errors";
import { describeArgument } from "./describe-argument";
import { isNumberTypedArray } from "./number-arrays";

const EMPTY = new Float64Array(0);
let tensorsMade = 0;

/**
 * An n-dimensional array of float64 numbers, row-major. Plain tensors hold numbers; a
 * differentiable tensor is a `Dual` or `Var` whose value is a Tensor, so one tensor
 * operation is one tape entry.
 *
 * @example
 * const A = tensor([[1, 2], [3, 4]]);
 * A.shape;      // [2, 2]
 * A.toArray();  // [[1, 2], [3, 4]]
 */
export class Tensor implements NDArray {
  /** The elements, or null while they are pending. */
  private stored: Float64Array | null;
  /**
   * For internal use: an elementwise result not computed yet (see deferred.ts), null once
   * computed. Reading `data` computes it.
   * @internal
   */
  pending: Pending | null = null;
  /**
   * How many tensors were made before this one (see detachPending). Private, so that equal
   * tensors stay equal (toEqual, JSON) whenever they were made.
   */
  readonly #serial = tensorsMade++;

  /**
   * A tensor of this shape holding `data` row-major (shared, not copied). Any other array of
   * numbers is copied into a Float64Array. data must fill the shape exactly: a ShapeError
   * says otherwise. Most code builds tensors with `tensor([[1, 2], [3, 4]])`.
   *
   * @example
   * new Tensor([2, 2], new Float64Array([1, 2, 3, 4]));   // [[1, 2], [3, 4]]
   * new Tensor([3], [1, 2, 3]);                            // [1, 2, 3]
   */
  constructor(
    readonly shape: readonly number[],
    data: Float64Array | ArrayLike<number>,
  ) {
    // EMPTY is the placeholder of a pending tensor (deferred), whose elements come later.
    this.stored = data instanceof Float64Array && (data === EMPTY || fits(shape, data)) ? data : checkedData(shape, data);
  }

  /** The elements, row-major. */
  get data(): Float64Array {
    return this.stored ?? this.compute();
  }

  /** For internal use: how many tensors have been made so far. @internal */
  static made(): number {
    return tensorsMade;
  }

  /** For internal use: whether this tensor was made after `Tensor.made()` returned `count`. @internal */
  madeSince(count: number): boolean {
    return this.#serial >= count;
  }

  /** For internal use: a tensor whose elements are computed when first read (see deferred.ts). @internal */
  static deferred(shape: readonly number[], pending: Pending): Tensor {
    const t = new Tensor(shape, EMPTY);
    t.stored = null;
    t.pending = pending;
    madePending(t);
    return t;
  }

  private compute(): Float64Array {
    const data = computePending(this);
    this.settle(data);
    return data;
  }

  /** For internal use: a pending tensor's elements, computed (see deferred.ts). @internal */
  settle(data: Float64Array): void {
    this.stored = data;
    // The operands are no longer needed here (the tape keeps what backward needs).
    this.pending = null;
  }

  /** A Tensor sharing the kernel result's storage. */
  static wrap(a: NDArray): Tensor {
    return a instanceof Tensor ? a : new Tensor(a.shape, a.data);
  }

  /** Builds a tensor from a number or nested arrays of numbers; errors name opName, the function called. */
  static from(nested: unknown, opName = "tensor"): Tensor {
    return Tensor.wrap(fromNested(nested as never, opName));
  }

  get ndim(): number {
    return this.shape.length;
  }

  get size(): number {
    return sizeOf(this.shape);
  }

  /** Nested arrays (a number for a 0-d tensor): typed any, as the rank decides which. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  toArray(): any {
    return toNested(this);
  }

  /**
   * JSON.stringify gives the shape and the elements, row-major, as a plain array (a
   * Float64Array's JSON is an object with keys "0", "1", …), from which `new Tensor(shape,
   * Float64Array.from(data))` makes the tensor again. (The fields themselves are the storage and
   * a pending computation.) NaN and ±∞ are null in JSON, as for any number.
   *
   * @example
   * JSON.stringify(tensor([[1, 2], [3, 4]]))  // '{"shape":[2,2],"data":[1,2,3,4]}'
   */
  toJSON(): { shape: number[]; data: number[] } {
    return { shape: [...this.shape], data: Array.from(this.data) };
  }

  /** console.log shows the same text as toString (Node looks this symbol up; browsers ignore it). */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  toString(): string {
    return tensorText(this);
  }

  /** How Jupyter shows a tensor: text, an HTML table and LaTeX (see src/display). */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return tensorBundle(this);
  }
}

/** Whether shape is a list of non-negative integers with as many elements as data holds. */
function fits(shape: readonly number[], data: Float64Array): boolean {
  if (!Array.isArray(shape)) return false;
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) return false;
    n *= d;
  }
  return n === data.length;
}

/**
 * The data of `new Tensor(shape, data)` as a Float64Array, or a ShapeError saying which part
 * does not fit: a short data array was read past its end (NaN, or a crash in display), and a
 * shape given as a number failed later as `shape.join is not a function`.
 */
function checkedData(shape: unknown, data: unknown): Float64Array {
  const shown = Array.isArray(shape) ? `[${shape.map((d) => (typeof d === "number" ? String(d) : describeArgument(d))).join(", ")}]` : describeArgument(shape);
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ShapeError(`new Tensor: shape must be an array of non-negative integers, such as [2, 3], got ${shown}`);
  }
  if (Array.isArray(data)) {
    // A for loop, not every(): every() skips the holes of [1, , 3], which became NaN silently.
    for (let i = 0; i < data.length; i++) {
      const v: unknown = data[i];
      if (typeof v === "number") continue;
      // A dual number or tape variable entry (new Tensor([2], [x, y]) inside grad): its derivative cannot live in a Float64Array.
      const ad = typeof v === "object" && v !== null && (v.constructor?.name === "Dual" || v.constructor?.name === "Var");
      const what = !(i in data) ? "a hole (an empty slot)" : ad ? `a differentiable value (${String(v)}), whose derivative a Float64Array cannot hold` : describeArgument(v);
      const fix = ad ? "tensor([x, y]) or pack([x, y]) builds a differentiable tensor from them" : "tensor([[1, 2], [3, 4]]) builds one from nested arrays";
      throw new ShapeError(`new Tensor: data must be a Float64Array (or an array of numbers); entry ${i} is ${what}; ${fix}`);
    }
  } else if (!isNumberTypedArray(data)) {
    const fix = data instanceof Tensor ? "; a tensor is used as it is, or reshape(t, shape) gives it another shape" : "; tensor([[1, 2], [3, 4]]) builds one from nested arrays";
    throw new ShapeError(`new Tensor: data must be a Float64Array (or an array of numbers), got ${describeArgument(data)}${fix}`);
  }
  const values = data instanceof Float64Array ? data : Float64Array.from(data as ArrayLike<number>);
  const size = sizeOf(shape);
  if (values.length !== size) {
    throw new ShapeError(`new Tensor: shape ${shown} holds ${size} elements but data has ${values.length}`);
  }
  return values;
}

/**
 * Members for the runtime's own use (deferred evaluation). The notebook's types omit them
 * (@internal); the kernel's completion from a live tensor, before its types are ready or where
 * they offer nothing (W.pe), leaves out the names listed here (it listed pending and settle).
 */
Object.defineProperty(Tensor.prototype, Symbol.for("nabla.internalMembers"), { value: ["pending", "stored", "compute", "settle", "madeSince"] });
