import type { Input } from "../../core/convert";
import { toValue } from "../../core/convert";
import { primalOf } from "../../core/value";
import { Tensor } from "../../tensor/tensor";
import { stridesOf } from "../../tensor/shape";

/**
 * Integer class labels as one-hot rows: a Tensor of the labels' shape followed by `classes`,
 * 1 at each label's class and 0 elsewhere (a number gives one row of `classes` entries).
 * Labels are integers from 0 to classes − 1; anything else is an error naming the label and
 * where it is. The result does not depend on the labels continuously, so its derivative is 0:
 * of dual numbers or tape variables it reads their values (as floor does).
 * @example
 * oneHot([0, 2, 1], 3).toArray()  // [[1, 0, 0], [0, 0, 1], [0, 1, 0]]
 * oneHot(1, 4).toArray()          // [0, 1, 0, 0]
 */
export function oneHot(labels: Input, classes: number): Tensor {
  if (typeof classes !== "number" || !Number.isInteger(classes) || classes < 1) {
    throw new RangeError(`oneHot: classes is the number of classes, a positive integer; got ${typeof classes === "number" ? classes : JSON.stringify(classes)}`);
  }
  const p = primalOf(toValue(labels, "oneHot"));
  const shape = typeof p === "number" ? [] : p.shape;
  const values = typeof p === "number" ? [p] : p.data;
  const out = new Float64Array(values.length * classes);
  values.forEach((label, i) => {
    if (!Number.isInteger(label)) throw new RangeError(`oneHot: label ${label}${where(shape, i)} is not an integer class`);
    if (label < 0 || label >= classes) throw new RangeError(`oneHot: label ${label}${where(shape, i)} is out of range for ${classes} classes (0 … ${classes - 1})`);
    out[i * classes + label] = 1;
  });
  return new Tensor([...shape, classes], out);
}

/** " at [i, j]": the position of entry `flat` in an array of this shape (nothing for a number). */
function where(shape: readonly number[], flat: number): string {
  if (shape.length === 0) return "";
  const strides = stridesOf(shape);
  return ` at [${strides.map((s, k) => Math.floor(flat / s) % shape[k]).join(", ")}]`;
}
