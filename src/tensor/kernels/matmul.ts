import type { NDArray } from "../ndarray";
import { ShapeError } from "../../errors";
import { shapeToString } from "../shape";

/**
 * The matrix product with NumPy's rules for 1-d operands: matrix·matrix, matrix·vector,
 * vector·matrix, vector·vector (a scalar). Loops in i-k-j order so the inner loop runs
 * along rows of both b and the result.
 * @example matmul(fromNested([[1, 2], [3, 4]]), fromNested([1, 1])) // [3, 7]
 */
export function matmul(a: NDArray, b: NDArray): NDArray {
  if (a.shape.length === 0 || b.shape.length === 0 || a.shape.length > 2 || b.shape.length > 2) {
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
