import { ShapeError } from "../errors";
import { sizeOf } from "./shape";

/** What the numeric kernels work on: a row-major, contiguous float64 array. */
export interface NDArray {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/** Nested arrays of numbers, any depth. */
export type Nested = number | readonly Nested[];

/** An NDArray of the given shape (zeros unless data is given). */
export function ndarray(shape: readonly number[], data?: Float64Array): NDArray {
  const size = sizeOf(shape);
  if (data && data.length !== size) {
    throw new ShapeError(`ndarray: ${data.length} values do not fill shape (${shape.join("×")})`);
  }
  return { shape: [...shape], data: data ?? new Float64Array(size) };
}

/** A 0-d array holding x. */
export function scalarArray(x: number): NDArray {
  return { shape: [], data: Float64Array.of(x) };
}

/** True for anything shaped like an NDArray (works across realms, no instanceof). */
export function isNDArray(x: unknown): x is NDArray {
  return typeof x === "object" && x !== null && Array.isArray((x as NDArray).shape) && (x as NDArray).data instanceof Float64Array;
}

/**
 * The shape of nested arrays; ragged arrays are an error naming the index path and opName,
 * the function the user called (`matmul: ragged array: …`, not the internal `tensor: …`).
 */
export function nestedShape(x: unknown, opName = "tensor", path = ""): number[] {
  if (!Array.isArray(x)) return [];
  if (x.length === 0) return [0];
  const inner = nestedShape(x[0], opName, `${path}[0]`);
  for (let i = 1; i < x.length; i++) {
    const s = nestedShape(x[i], opName, `${path}[${i}]`);
    if (s.length !== inner.length || s.some((d, k) => d !== inner[k])) {
      throw new ShapeError(
        `${opName}: ragged array: element ${path}[${i}] has shape (${s.join("×") || "scalar"}) but ${path}[0] has (${inner.join("×") || "scalar"})`,
      );
    }
  }
  return [x.length, ...inner];
}

/** An NDArray from a number or nested arrays of numbers; errors name opName. @example fromNested([[1, 2], [3, 4]]).shape // [2, 2] */
export function fromNested(x: Nested, opName = "tensor"): NDArray {
  const shape = nestedShape(x, opName);
  const data = new Float64Array(sizeOf(shape));
  let k = 0;
  const fill = (v: unknown, path: string): void => {
    if (Array.isArray(v)) v.forEach((e, i) => fill(e, `${path}[${i}]`));
    else if (typeof v === "number") data[k++] = v;
    else throw new TypeError(`${opName}: element ${path || "(root)"} is ${v === null ? "null" : typeof v}, not a number`);
  };
  fill(x, "");
  return { shape, data };
}

/** Nested arrays from an NDArray (a number for 0-d). @example toNested(fromNested([1, 2])) // [1, 2] */
export function toNested(a: NDArray): Nested {
  if (a.shape.length === 0) return a.data[0];
  const build = (axis: number, offset: number): Nested => {
    const n = a.shape[axis];
    if (axis === a.shape.length - 1) return Array.from(a.data.subarray(offset, offset + n));
    const stride = sizeOf(a.shape.slice(axis + 1));
    return Array.from({ length: n }, (_, i) => build(axis + 1, offset + i * stride));
  };
  return build(0, 0);
}
