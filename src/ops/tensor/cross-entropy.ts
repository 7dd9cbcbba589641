import type { Value } from "../../core/value";
import type { ArrayInput, Input } from "../../core/convert";
import { toValue } from "../../core/convert";
import { shapeOf } from "../../core/value";
import { div, mul, sub } from "../arithmetic";
import { sum } from "./reduce";
import { logSoftmax } from "./ml";
import { oneHot } from "./one-hot";
import { transpose } from "./layout";
import { normalizeAxes, sameShape, shapeToString, sizeOf } from "../../tensor/shape";
import { ShapeError, underName } from "../../errors";

/**
 * The cross-entropy loss of a classifier (PyTorch's cross_entropy, mean reduction): the mean
 * over the batch of −log softmax(logits)[label], the classes along `axis` (the last by default).
 * Labels are either integer classes, one per row (logits' shape without the class axis; a
 * number for one row of logits), or a target distribution over the classes per row —
 * one-hot rows or probabilities, of logits' shape — giving the mean of −Σ targetᵢ·log softmaxᵢ.
 * Computed through logSoftmax, so it is finite for huge logits ([1000, 0] with label 1 gives
 * 1000, where log(softmax) is log 0 = −∞), and its gradient is (softmax − target)/batch.
 * @example
 * crossEntropy([0, 0], 1)                       // ln 2 = 0.6931471805599453
 * crossEntropy([[2, 0, 0], [0, 3, 0]], [0, 1])  // (ln(1 + 2e⁻²) + ln(1 + 2e⁻³))/2 = 0.16723386132142
 * crossEntropy([[1000, 0]], [1])                // 1000
 * crossEntropy([[0, 0]], [[0.5, 0.5]])          // ln 2 = 0.6931471805599453
 * grad((z: number[]) => crossEntropy(z, 0))([0, 0])  // softmax − e₀ = [-0.5, 0.5]
 */
export function crossEntropy(logits: ArrayInput, labels: Input, axis?: number): number;
export function crossEntropy(logits: Input, labels: Input, axis?: number): Value;
export function crossEntropy(logits: Input, labels: Input, axis = -1): Value {
  return underName("crossEntropy", ["oneHot", "logSoftmax", "logsumexp"], () => {
    const z = toValue(logits, "crossEntropy");
    const shape = shapeOf(z);
    if (shape.length === 0) throw new ShapeError("crossEntropy: logits need an axis of classes; got a number (give one row of logits per example)");
    const ax = normalizeAxes(axis, shape.length, "crossEntropy")[0];
    const classes = shape[ax];
    const batch = sizeOf(shape) / classes;
    const y = toValue(labels, "crossEntropy");
    const labelShape = shapeOf(y);
    const rowShape = shape.filter((_, i) => i !== ax);
    let targets: Value;
    if (sameShape(labelShape, shape)) targets = y;
    else if (sameShape(labelShape, rowShape)) targets = classesAt(oneHot(y, classes), ax);
    else {
      throw new ShapeError(
        `crossEntropy: labels of shape (${shapeToString(labelShape)}) fit logits of shape (${shapeToString(shape)}) neither as integer classes, shape (${shapeToString(rowShape)}), nor as targets over the classes, shape (${shapeToString(shape)})`,
      );
    }
    // 0 − …, not −…: a perfect prediction's loss is 0, not −0.
    return sub(0, div(sum(mul(targets, logSoftmax(z, ax))), batch));
  });
}

/** One-hot rows (classes last) with their class axis moved to `axis`. */
function classesAt(rows: Value, axis: number): Value {
  const rank = shapeOf(rows).length;
  if (axis === rank - 1) return rows;
  const order = Array.from({ length: rank }, (_, i) => (i < axis ? i : i === axis ? rank - 1 : i - 1));
  return transpose(rows, order);
}
