import type { NDArray } from "../ndarray";
import { ShapeError } from "../../errors";
import { broadcastShapes, shapeToString, sizeOf } from "../shape";
import { broadcastIndex } from "./broadcast-index";

/**
 * The matrix product with NumPy's rules for 1-d operands: matrix·matrix, matrix·vector,
 * vector·matrix, vector·vector (a scalar). Loops in i-k-j order so the inner loop runs
 * along rows of both b and the result.
 * @example matmul(fromNested([[1, 2], [3, 4]]), fromNested([1, 1])) // [3, 7]
 */
export function matmul(a: NDArray, b: NDArray): NDArray {
  if (a.shape.length > 2 || b.shape.length > 2) return batchedMatmul(a, b);
  if (a.shape.length === 0 || b.shape.length === 0) {
    throw new ShapeError(`matmul: (${shapeToString(a.shape)})·(${shapeToString(b.shape)}): operands must be vectors or matrices`);
  }
  const aMatrix = a.shape.length === 2;
  const bMatrix = b.shape.length === 2;
  const m = aMatrix ? a.shape[0] : 1;
  const k = aMatrix ? a.shape[1] : a.shape[0];
  const kb = bMatrix ? b.shape[0] : b.shape[0];
  const n = bMatrix ? b.shape[1] : 1;
  if (k !== kb) {
    throw new ShapeError(`matmul: (${shapeToString(a.shape)})·(${shapeToString(b.shape)}): inner dimensions ${k} and ${kb} differ`);
  }
  const out = new Float64Array(m * n);
  const x = a.data;
  const y = b.data;
  if (n === 1) {
    // A mostly-zero vector (a one-hot tangent in jacfwd, say): add up only the columns it picks.
    let nonzero = 0;
    for (let p = 0; p < k; p++) if (y[p] !== 0) nonzero++;
    if (nonzero * 4 < k) {
      for (let p = 0; p < k; p++) {
        const yp = y[p];
        if (yp === 0) continue;
        for (let i = 0; i < m; i++) out[i] += x[i * k + p] * yp;
      }
      return { shape: aMatrix && bMatrix ? [m, n] : aMatrix ? [m] : bMatrix ? [n] : [], data: out };
    }
    // Matrix·vector: one dot product per row (the i-k-j loop would run an inner loop of length 1).
    for (let i = 0; i < m; i++) {
      let s = 0;
      const row = i * k;
      for (let p = 0; p < k; p++) s += x[row + p] * y[p];
      out[i] = s;
    }
    return { shape: aMatrix && bMatrix ? [m, n] : aMatrix ? [m] : bMatrix ? [n] : [], data: out };
  }
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let p = 0; p < k; p++) {
      const aip = x[i * k + p];
      if (aip === 0) continue;
      const brow = p * n;
      for (let j = 0; j < n; j++) out[row + j] += aip * y[brow + j];
    }
  }
  const shape = aMatrix && bMatrix ? [m, n] : aMatrix ? [m] : bMatrix ? [n] : [];
  return { shape, data: out };
}

/**
 * Stacks of matrices, (…, m, k)·(…, k, n) → (…, m, n), with the leading (batch) axes
 * broadcast as in NumPy. Both operands must be at least 2-d here.
 */
export function batchedMatmul(a: NDArray, b: NDArray): NDArray {
  if (a.shape.length < 2 || b.shape.length < 2) {
    throw new ShapeError(`matmul: (${shapeToString(a.shape)})·(${shapeToString(b.shape)}): batched products need matrices on both sides`);
  }
  const [m, k] = a.shape.slice(-2);
  const [kb, n] = b.shape.slice(-2);
  if (k !== kb) {
    throw new ShapeError(`matmul: (${shapeToString(a.shape)})·(${shapeToString(b.shape)}): inner dimensions ${k} and ${kb} differ`);
  }
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const batch = broadcastShapes(batchA, batchB, "matmul");
  const ia = broadcastIndex(batchA, batch);
  const ib = broadcastIndex(batchB, batch);
  const count = sizeOf(batch);
  const out = new Float64Array(count * m * n);
  for (let t = 0; t < count; t++) {
    const r = matmul(
      { shape: [m, k], data: a.data.subarray(ia[t] * m * k, (ia[t] + 1) * m * k) },
      { shape: [k, n], data: b.data.subarray(ib[t] * k * n, (ib[t] + 1) * k * n) },
    );
    out.set(r.data, t * m * n);
  }
  return { shape: [...batch, m, n], data: out };
}
