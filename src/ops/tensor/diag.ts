import type { Value } from "../../core/value";
import type { Input } from "../../core/convert";
import { toValue } from "../../core/convert";
import { shapeOf } from "../../core/value";
import { ShapeError } from "../../errors";
import { eye } from "../../tensor/create";
import { mul } from "../arithmetic";
import { reshape } from "./layout";
import { sum } from "./reduce";

/**
 * NumPy's diag: a vector becomes the diagonal matrix with it on the diagonal; a square
 * matrix gives its diagonal as a vector. Built from mul and sum with the identity, so it is
 * differentiable with no rule of its own.
 * @example
 * diag([1, 2]).toArray()                // [[1, 0], [0, 2]]
 * diag([[1, 2], [3, 4]]).toArray()      // [1, 4]
 */
export function diag(x: Input): Value {
  const v = toValue(x, "diag");
  const s = shapeOf(v);
  if (s.length === 1) return mul(eye(s[0]), reshape(v, [1, s[0]]));
  if (s.length === 2 && s[0] === s[1]) return sum(mul(v, eye(s[0])), 1);
  throw new ShapeError(`diag: expected a vector or a square matrix, got shape (${s.join("×")})`);
}
