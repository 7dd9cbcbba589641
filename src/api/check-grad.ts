import { primalOf, isValue, scalarResult } from "../core/value";
import type { Value } from "../core/value";
import { Tensor } from "../tensor/tensor";
import { containerOf, containerShape, describe, flatElements, nest } from "./containers";
import { DifferentiationError } from "../errors";
import { valueAndGradNamed } from "./grad";
import { elementsOf } from "../ops/pack";
import { assertFunction, checkOptions } from "./options";

/** What checkGrad found: AD and central differences side by side. */
export interface GradCheckReport {
  /** True when every entry agrees within the tolerances. */
  readonly ok: boolean;
  readonly maxAbsError: number;
  readonly maxRelError: number;
  /** The entry with the largest error (row-major index). */
  readonly worst: { index: number; ad: number; numeric: number };
  readonly ad: number[];
  readonly numeric: number[];
  toString(): string;
}

/**
 * Checks the AD gradient of a scalar function against central differences
 * (f(x + hεᵢ) − f(x − hεᵢ)) / 2h for every entry of x, and reports the largest error. The
 * step is 6e-6·max(1, |xᵢ|); for 0 < |xᵢ| < 1 the step 6e-6·|xᵢ| is tried too and the
 * difference nearer the AD value is kept (log x at x = 1e-3 needs it). `step` fixes h.
 *
 * @example
 * checkGrad((x: number[]) => Math.sin(x[0]) * x[1], [0.5, 2]).ok  // true
 */
export function checkGrad(
  f: (x: never) => unknown,
  x: unknown,
  opts: { rtol?: number; atol?: number; step?: number } = {},
): GradCheckReport {
  assertFunction(f, "checkGrad");
  // checkGrad(f, 2, 3) for f of two arguments took 3 as the options and called f(2), which
  // failed inside f on `undefined`.
  if (typeof opts !== "object" || opts === null || Array.isArray(opts) || isValue(opts)) {
    throw new DifferentiationError(
      `checkGrad: the third argument is the options { rtol, atol, step }, got ${describe(opts)}; checkGrad checks the gradient in f's one argument — fix the others with a closure, checkGrad((a) => f(a, b), a)`,
    );
  }
  checkOptions(opts, "checkGrad", ["rtol", "atol", "step"]);
  const rtol = opts.rtol ?? 1e-5;
  const atol = opts.atol ?? 1e-7;
  const container = containerOf(x, "checkGrad: x");
  const shape = containerShape(container);
  const base = container.kind === "tensor" ? Array.from((primalOf(x as Value) as Tensor).data) : flatElements(x).map((v) => scalarResult(v, "checkGrad"));
  // Named checkGrad: an f that returns a vector or a string is the caller's mistake in checkGrad.
  const g = valueAndGradNamed(f, undefined, "checkGrad")(x)[1];
  const ad = (isValue(g) ? elementsOf(g as Value) : flatElements(g)).map((v) => scalarResult(v, "checkGrad"));
  const evalAt = (values: number[]): number => {
    const arg = container.kind === "tensor" ? new Tensor(shape, Float64Array.from(values)) : nest(values, shape);
    return scalarResult(f(arg as never) as Value, "checkGrad");
  };
  const centralDifference = (i: number, h: number): number => {
    const plus = base.slice();
    const minus = base.slice();
    plus[i] = base[i] + h;
    minus[i] = base[i] - h;
    return (evalAt(plus) - evalAt(minus)) / (plus[i] - minus[i]);
  };
  const numeric = base.map((xi, i) => {
    if (opts.step !== undefined) return centralDifference(i, opts.step);
    const coarse = centralDifference(i, 6e-6 * Math.max(1, Math.abs(xi)));
    // Near a singularity at 0 (log x, √x, 1/x at x = 1e-3) a step of 6e-6 is too coarse or
    // crosses 0 (NaN); a step relative to x is then right, but is swamped by rounding where f
    // varies on a scale of 1 (cos x, x + 1000 at x = 1e-7). Both are taken for |x| < 1, and the
    // one nearer the AD value is reported: a wrong gradient is far from both.
    if (!(Math.abs(xi) < 1) || xi === 0) return coarse;
    const fine = centralDifference(i, 6e-6 * Math.abs(xi));
    return Math.abs(fine - ad[i]) < Math.abs(coarse - ad[i]) || Number.isNaN(coarse) ? fine : coarse;
  });
  let maxAbsError = 0;
  let maxRelError = 0;
  let worst = { index: 0, ad: ad[0] ?? 0, numeric: numeric[0] ?? 0 };
  let ok = true;
  ad.forEach((a, i) => {
    const err = Math.abs(a - numeric[i]);
    const rel = err / Math.max(Math.abs(a), Math.abs(numeric[i]), Number.MIN_VALUE);
    if (!(err <= atol + rtol * Math.abs(numeric[i]))) ok = false;
    if (err > maxAbsError || Number.isNaN(err)) {
      maxAbsError = err;
      worst = { index: i, ad: a, numeric: numeric[i] };
    }
    if (rel > maxRelError && err > 0) maxRelError = rel;
  });
  const rows = ad.map((a, i) => `${String(i).padStart(5)}  ${fmt(a)}  ${fmt(numeric[i])}  ${fmt(Math.abs(a - numeric[i]))}`);
  const text = [
    `checkGrad: ${ok ? "ok" : "MISMATCH"} — max abs error ${maxAbsError.toExponential(2)}, max rel error ${maxRelError.toExponential(2)}`,
    `index  ${"AD".padStart(14)}  ${"numeric".padStart(14)}  ${"error".padStart(14)}`,
    ...rows.slice(0, 50),
    ...(rows.length > 50 ? [`… ${rows.length - 50} more`] : []),
  ].join("\n");
  const html = checkGradHtml(ok, maxAbsError, maxRelError, ad, numeric);
  return {
    ok, maxAbsError, maxRelError, worst, ad, numeric,
    toString: () => text,
    [Symbol.for("Jupyter.display")]: () => ({ "text/plain": text, "text/html": html }),
  } as GradCheckReport;
}


function fmt(x: number): string {
  return x.toPrecision(8).padStart(14);
}

/** The report as an HTML table: a pass/fail line, then AD against central differences per entry. */
function checkGradHtml(ok: boolean, maxAbs: number, maxRel: number, ad: number[], numeric: number[]): string {
  const head = `<div style="font-family:sans-serif;font-weight:bold;color:${ok ? "#1a7f37" : "#cf222e"}">${ok ? "✔" : "✘"} checkGrad: ${ok ? "AD agrees with central differences" : "MISMATCH"} — max abs error ${maxAbs.toExponential(2)}, max rel error ${maxRel.toExponential(2)}</div>`;
  const rows = ad
    .slice(0, 50)
    .map((a, i) => {
      const err = Math.abs(a - numeric[i]);
      return `<tr><td>${i}</td><td>${fmt(a).trim()}</td><td>${fmt(numeric[i]).trim()}</td><td>${err.toExponential(2)}</td></tr>`;
    })
    .join("");
  return `${head}<table style="font-family:monospace;text-align:right"><tr><th>index</th><th>AD</th><th>numeric</th><th>error</th></tr>${rows}</table>`;
}
