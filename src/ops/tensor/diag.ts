import type { Value } from "../../core/value";
import type { ArrayInput, Input } from "../../core/convert";
import type { Tensor } from "../../tensor/tensor";
import { toValue } from "../../core/convert";
import { shapeOf } from "../../core/value";
import { ShapeError } from "../../errors";
import { eye, zeros } from "../../tensor/create";
import { concat } from "./concat";
import { index } from "./index";
import { mul } from "../arithmetic";
import { reshape } from "./layout";
import { sum } from "./reduce";

/**
 * NumPy's diag: a vector becomes the diagonal matrix with it on the diagonal; a square
 * matrix gives its diagonal as a vector. With an offset k, the k-th diagonal: above the main
 * one for k > 0, below it for k < 0. Built from mul, sum, index and concat with the identity,
 * so it is differentiable with no rule of its own.
 * @example
 * diag([1, 2]).toArray()                // [[1, 0], [0, 2]]
 * diag([[1, 2], [3, 4]]).toArray()      // [1, 4]
 * diag([[1, 2], [3, 4]], 1).toArray()   // [2]
 */
export function diag(x: ArrayInput, k?: number): Tensor;
export function diag(x: Input, k?: number): Value;
export function diag(x: Input, k = 0): Value {
  const v = toValue(x, "diag");
  const s = shapeOf(v);
  if (!Number.isInteger(k)) throw new ShapeError(`diag: the offset k must be an integer, got ${String(k)}`);
  if (s.length === 1) {
    const d = mul(eye(s[0]), reshape(v, [1, s[0]]));
    if (k === 0) return d;
    // The n×n diagonal matrix padded with |k| zero columns and rows to put it k places off.
    const n = s[0];
    const a = Math.abs(k);
    const wide = k > 0 ? concat([zeros([n, a]), d], 1) : concat([d, zeros([n, a])], 1);
    return k > 0 ? concat([wide, zeros([a, n + a])], 0) : concat([zeros([a, n + a]), wide], 0);
  }
  if (s.length === 2 && s[0] === s[1]) {
    const n = s[0];
    const m = Math.max(0, n - Math.abs(k));
    // The m×m block whose main diagonal is the k-th diagonal of x.
    const block = k >= 0 ? index(v, [[0, m], [k, k + m]]) : index(v, [[-k, -k + m], [0, m]]);
    return sum(mul(block, eye(m)), 1);
  }
  throw new ShapeError(`diag: expected a vector or a square matrix, got shape (${s.join("×")})`);
}
