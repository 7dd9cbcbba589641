import type { NDArray } from "../ndarray";
import { broadcastShapes, sameShape, shapeToString, sizeOf } from "../shape";
import { allocate } from "../allocate";
import { broadcastIndex } from "./broadcast-index";

/** f applied to every element. @example map(fromNested([1, 4]), Math.sqrt) // [1, 2] */
export function map(a: NDArray, f: (x: number) => number): NDArray {
  const src = a.data;
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = f(src[i]);
  return { shape: [...a.shape], data: out };
}

/**
 * f applied elementwise to a and b with NumPy broadcasting.
 * @example map2(fromNested([[1], [2]]), fromNested([10, 20]), (x, y) => x + y, "add") // [[11, 21], [12, 22]]
 */
export function map2(a: NDArray, b: NDArray, f: (x: number, y: number) => number, opName: string): NDArray {
  const x = a.data;
  const y = b.data;
  if (sameShape(a.shape, b.shape)) {
    const out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = f(x[i], y[i]);
    return { shape: [...a.shape], data: out };
  }
  const shape = broadcastShapes(a.shape, b.shape, opName);
  const size = sizeOf(shape);
  // An outer sum or product of two long vectors is the easy way to ask for 10¹⁰ numbers.
  const out = allocate(size, () => `${opName} of shapes (${shapeToString(a.shape)}) and (${shapeToString(b.shape)}), broadcast to (${shapeToString(shape)}),`);
  if (y.length === 1 && sameShape(shape, a.shape)) {
    const s = y[0];
    for (let i = 0; i < size; i++) out[i] = f(x[i], s);
  } else if (x.length === 1 && sameShape(shape, b.shape)) {
    const s = x[0];
    for (let i = 0; i < size; i++) out[i] = f(s, y[i]);
  } else {
    const ia = broadcastIndex(a.shape, shape);
    const ib = broadcastIndex(b.shape, shape);
    for (let i = 0; i < size; i++) out[i] = f(x[ia[i]], y[ib[i]]);
  }
  return { shape, data: out };
}
