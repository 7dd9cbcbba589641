import type { NDArray } from "../ndarray";
import { ShapeError } from "../../errors";
import { broadcastShapes, normalizeAxes, sameShape, shapeInParens, sizeOf } from "../shape";
import { broadcastIndex } from "./broadcast-index";

/** The shape left after reducing `axes` (kept as 1s when keepDims). */
export function reducedShape(shape: readonly number[], axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepDims) out.push(1);
  });
  return out;
}

/**
 * Combines the elements along `axes` (all axes by default) with `step`, starting from `init`.
 */
function reduce(
  a: NDArray,
  axes: number | readonly number[] | undefined,
  keepDims: boolean,
  init: number,
  step: (acc: number, x: number) => number,
  opName: string,
): NDArray {
  const ax = normalizeAxes(axes, a.shape.length, opName);
  const keptShape = reducedShape(a.shape, ax, true);
  const out = new Float64Array(sizeOf(keptShape)).fill(init);
  // Each input element lands on the output element it reduces into (a broadcast in reverse).
  const target = broadcastIndex(keptShape, a.shape);
  const src = a.data;
  for (let i = 0; i < src.length; i++) out[target[i]] = step(out[target[i]], src[i]);
  return { shape: reducedShape(a.shape, ax, keepDims), data: out };
}

/** Sum over the given axes (all by default). @example sum(fromNested([[1, 2], [3, 4]]), 0) // [4, 6] */
export function sum(a: NDArray, axes?: number | readonly number[], keepDims = false): NDArray {
  if (axes === undefined && !keepDims) {
    let s = 0;
    for (let i = 0; i < a.data.length; i++) s += a.data[i];
    return { shape: [], data: Float64Array.of(s) };
  }
  return reduce(a, axes, keepDims, 0, (acc, x) => acc + x, "sum");
}

/** Mean over the given axes. @example mean(fromNested([1, 2, 3])) // 2 */
export function mean(a: NDArray, axes?: number | readonly number[], keepDims = false): NDArray {
  const s = sum(a, axes, keepDims);
  const n = a.data.length / Math.max(s.data.length, 1);
  const data = s.data.map((x) => x / n);
  return { shape: s.shape, data };
}

/** Maximum over the given axes (NaN wins, as in NumPy). */
export function max(a: NDArray, axes?: number | readonly number[], keepDims = false): NDArray {
  if (a.data.length === 0) throw new ShapeError("max: empty array has no maximum");
  return reduce(a, axes, keepDims, -Infinity, (acc, x) => (x > acc || Number.isNaN(x) ? x : acc), "max");
}

/** Minimum over the given axes (NaN wins). */
export function min(a: NDArray, axes?: number | readonly number[], keepDims = false): NDArray {
  if (a.data.length === 0) throw new ShapeError("min: empty array has no minimum");
  return reduce(a, axes, keepDims, Infinity, (acc, x) => (x < acc || Number.isNaN(x) ? x : acc), "min");
}

/** Repeats a along broadcast axes to `shape`. @example broadcastTo(fromNested([1, 2]), [2, 2]) // [[1, 2], [1, 2]] */
export function broadcastTo(a: NDArray, shape: readonly number[]): NDArray {
  const target = broadcastShapes(a.shape, shape, "broadcastTo");
  if (!sameShape(target, shape)) {
    throw new ShapeError(`broadcastTo: shape ${shapeInParens(a.shape)} cannot be broadcast to ${shapeInParens(shape)}`);
  }
  // One value everywhere (the cotangent of a sum, say): a fill, without an index map.
  if (a.data.length === 1) return { shape: [...shape], data: new Float64Array(sizeOf(shape)).fill(a.data[0]) };
  const index = broadcastIndex(a.shape, shape);
  const out = new Float64Array(index.length);
  for (let i = 0; i < index.length; i++) out[i] = a.data[index[i]];
  return { shape: [...shape], data: out };
}

/**
 * Sums a (of a broadcast shape) back down to `shape`: the adjoint of broadcastTo.
 * @example sumToShape(fromNested([[1, 2], [3, 4]]), [2]) // [4, 6]
 */
export function sumToShape(a: NDArray, shape: readonly number[]): NDArray {
  if (sameShape(a.shape, shape)) return a;
  const target = broadcastShapes(shape, a.shape, "sumToShape");
  if (!sameShape(target, a.shape)) {
    throw new ShapeError(`sumToShape: ${shapeInParens(a.shape)} is not a broadcast of ${shapeInParens(shape)}`);
  }
  const index = broadcastIndex(shape, a.shape);
  const out = new Float64Array(sizeOf(shape));
  for (let i = 0; i < index.length; i++) out[index[i]] += a.data[i];
  return { shape: [...shape], data: out };
}

/**
 * Where the maximum (or minimum) along `axes` sits: 1/k at each of the k tied extreme
 * entries, 0 elsewhere — the subgradient that splits ties evenly. NaN throughout where the
 * extreme is NaN.
 */
export function extremeMask(a: NDArray, axes: number | readonly number[] | undefined, which: "max" | "min"): NDArray {
  const ax = normalizeAxes(axes, a.shape.length, which);
  const keptShape = reducedShape(a.shape, ax, true);
  const ext = which === "max" ? max(a, ax, true) : min(a, ax, true);
  const target = broadcastIndex(keptShape, a.shape);
  const counts = new Float64Array(ext.data.length);
  const hit = new Uint8Array(a.data.length);
  for (let i = 0; i < a.data.length; i++) {
    if (a.data[i] === ext.data[target[i]]) {
      hit[i] = 1;
      counts[target[i]]++;
    }
  }
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < out.length; i++) {
    if (hit[i]) out[i] = 1 / counts[target[i]];
    // A NaN extreme matches no entry (NaN !== NaN); its derivative is NaN, not a silent 0.
    else if (Number.isNaN(ext.data[target[i]])) out[i] = NaN;
  }
  return { shape: [...a.shape], data: out };
}
