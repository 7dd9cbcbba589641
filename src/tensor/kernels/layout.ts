import type { NDArray } from "../ndarray";
import { ShapeError } from "../../errors";
import { shapeInParens, sizeOf, stridesOf } from "../shape";

/** Same data, new shape (one entry may be −1). @example reshape(a, [3, -1]) */
export function reshape(a: NDArray, shape: readonly number[]): NDArray {
  const size = a.data.length;
  const unknown = shape.indexOf(-1);
  let target = [...shape];
  if (unknown >= 0) {
    const known = sizeOf(shape.filter((_, i) => i !== unknown));
    target[unknown] = known === 0 ? 0 : size / known;
  }
  if (sizeOf(target) !== size || target.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ShapeError(`reshape: cannot reshape ${shapeInParens(a.shape)} to (${shape.join("×")})`);
  }
  return { shape: target, data: a.data };
}

/** Permutes the axes (default: reverses them; the matrix transpose for 2-d). */
export function transpose(a: NDArray, axes?: readonly number[]): NDArray {
  const n = a.shape.length;
  const perm = axes ? [...axes] : Array.from({ length: n }, (_, i) => n - 1 - i);
  if (perm.length !== n || [...perm].sort((x, y) => x - y).some((v, i) => v !== i)) {
    throw new ShapeError(`transpose: axes ${JSON.stringify(axes)} are not a permutation of the ${n} axes of ${shapeInParens(a.shape)}`);
  }
  const shape = perm.map((p) => a.shape[p]);
  const out = new Float64Array(a.data.length);
  if (n === 2 && perm[0] === 1) {
    const [r, c] = a.shape;
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = a.data[i * c + j];
    return { shape, data: out };
  }
  const inStrides = stridesOf(a.shape);
  const strides = perm.map((p) => inStrides[p]);
  const counter = new Array<number>(n).fill(0);
  let src = 0;
  for (let k = 0; k < out.length; k++) {
    out[k] = a.data[src];
    for (let ax = n - 1; ax >= 0; ax--) {
      counter[ax]++;
      src += strides[ax];
      if (counter[ax] < shape[ax]) break;
      src -= strides[ax] * counter[ax];
      counter[ax] = 0;
    }
  }
  return { shape, data: out };
}
