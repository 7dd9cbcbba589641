import type { NDArray } from "../ndarray";
import { sizeOf } from "../shape";

/*
 * Scans and products along one axis. The array is read as (outer, n, inner): `outer` blocks
 * before the axis, `n` positions on it, `inner` contiguous entries after it, so the entry at
 * position j of line (o, i) is data[(o·n + j)·inner + i].
 */

/** The (outer, n, inner) view of an axis. */
function lines(shape: readonly number[], axis: number): { outer: number; n: number; inner: number } {
  return { outer: sizeOf(shape.slice(0, axis)), n: shape[axis], inner: sizeOf(shape.slice(axis + 1)) };
}

/** The product of the entries along `axis` (1 for an empty axis); the axis kept with length 1 or dropped. */
export function prodAlong(a: NDArray, axis: number, keepDims: boolean): NDArray {
  const { outer, n, inner } = lines(a.shape, axis);
  const out = new Float64Array(outer * inner).fill(1);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < n; j++) {
      const from = (o * n + j) * inner;
      for (let i = 0; i < inner; i++) out[o * inner + i] *= a.data[from + i];
    }
  }
  const shape = keepDims ? a.shape.map((d, k) => (k === axis ? 1 : d)) : a.shape.filter((_, k) => k !== axis);
  return { shape, data: out };
}

/**
 * For each entry, the product of the other entries on its line along `axis`: Πⱼ≠ₖ xⱼ, the
 * partial derivative of the line's product. Made from the products before and after k (one
 * pass each way), never as Π/xₖ, so it is exact where entries are 0: with one zero on a
 * line, only the zero's own entry is nonzero; with two or more, all are 0.
 */
export function prodOthersAlong(a: NDArray, axis: number): NDArray {
  const { outer, n, inner } = lines(a.shape, axis);
  const out = new Float64Array(a.data.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let before = 1;
      for (let j = 0; j < n; j++) {
        out[base + j * inner] = before;
        before *= a.data[base + j * inner];
      }
      let after = 1;
      for (let j = n - 1; j >= 0; j--) {
        out[base + j * inner] *= after;
        after *= a.data[base + j * inner];
      }
    }
  }
  return { shape: [...a.shape], data: out };
}

/** Running sums along `axis`, from its start (`reverse`: from its end, the transpose of the scan). */
export function cumsumAlong(a: NDArray, axis: number, reverse: boolean): NDArray {
  const { outer, n, inner } = lines(a.shape, axis);
  const out = new Float64Array(a.data.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let s = 0;
      for (let step = 0; step < n; step++) {
        const k = base + (reverse ? n - 1 - step : step) * inner;
        s += a.data[k];
        out[k] = s;
      }
    }
  }
  return { shape: [...a.shape], data: out };
}
