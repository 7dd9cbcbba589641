import { heatmap, type HeatmapOptions } from "./heatmap";
import { Tensor } from "../tensor/tensor";

const DISPLAY = Symbol.for("Jupyter.display");

/**
 * Lets a derivative (a Jacobian, a Hessian, ∂f/∂A) show itself in a notebook as a heatmap —
 * small multiples for 3- and 4-d ones. Nested arrays stay plain arrays: the display method
 * is a non-enumerable symbol, invisible to JSON, equality and printing. A Tensor result gets
 * the same picture in place of its table (its text stays). Values holding AD values (a
 * derivative inside another derivative) are left alone. `options` label it (a Hessian's rows
 * are inputs: `rowStem: "x"`).
 */
export function displayAsHeatmap<T>(result: T, title: string, options: HeatmapOptions = {}): T {
  if (result instanceof Tensor) {
    if (result.shape.length >= 2 && result.shape.length <= 4) {
      Object.defineProperty(result, DISPLAY, {
        value: (): Record<string, string> => ({ "image/svg+xml": heatmap(result, { ...options, title }).toSVG(), "text/plain": result.toString() }),
        enumerable: false,
        configurable: true,
      });
    }
    return result;
  }
  if (!Array.isArray(result) || !Array.isArray(result[0])) return result;
  // Checked when shown, not here: derivatives are computed far more often than displayed.
  Object.defineProperty(result, DISPLAY, {
    value: (): Record<string, string> => (depthOf(result) <= 4 && allNumbers(result) ? { "image/svg+xml": heatmap(result as never, { ...options, title }).toSVG() } : {}),
    enumerable: false,
    configurable: true,
  });
  return result;
}

/** How deeply arrays nest (a heatmap draws up to 4: small multiples of matrices). */
function depthOf(x: unknown): number {
  let depth = 0;
  for (let v = x; Array.isArray(v); v = v[0]) depth++;
  return depth;
}

function allNumbers(x: unknown): boolean {
  if (Array.isArray(x)) return x.length > 0 && x.every(allNumbers);
  return typeof x === "number";
}
