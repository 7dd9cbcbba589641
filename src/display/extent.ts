/**
 * The smallest and largest of many values, by a loop: Math.min(...values) passes each value
 * as an argument and overflowed the stack for a loss curve of 300 000 steps (or samples: 2e5),
 * "Maximum call stack size exceeded" with no line of the cell. Empty: [Infinity, -Infinity],
 * as Math.min() and Math.max() give.
 */
export function extent(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  // NaN compares false both ways; Math.min gave NaN for any NaN, kept here for the callers that filter first.
  return [lo, hi];
}
