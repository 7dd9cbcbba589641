/**
 * Nabla's runtime: exact derivatives of ordinary TypeScript maths, in forward mode (dual
 * numbers) and reverse mode (a tape), on numbers, arrays and tensors. Every export is a
 * global in a Nabla notebook cell, and the module can be imported from Node.
 */

import "./ops/methods";
import "./ops/iterate";

// Differentiation
export { grad, valueAndGrad } from "./api/grad";
export { derivative } from "./api/derivative";
export { jvp } from "./api/jvp";
export { vjp } from "./api/vjp";
export { jacfwd, jacrev, jacobian } from "./api/jacobian";
export { hessian, hvp } from "./api/hessian";
export { checkGrad, type GradCheckReport } from "./api/check-grad";
export { expectClose, CheckResult, CheckFailedError } from "./api/expect-close";
export type { DiffOptions } from "./api/options";
export type { GradOptions } from "./api/grad";

// The objects a course teaches: dual numbers and the tape
export { Dual, type ScalarDual } from "./forward/dual";
export { dual } from "./forward/api";
export { Var, type ScalarVar, type TensorVar } from "./reverse/var";
export { variable, backward } from "./reverse/api";

// Scalar maths (also elementwise on tensors and arrays)
export {
  add, sub, mul, div, pow, neg,
  sin, cos, tan, asin, acos, atan, atan2, sinh, cosh, tanh, asinh, acosh, atanh,
  exp, expm1, log, log1p, log2, log10, sqrt, cbrt, abs, sign, floor, ceil, round, trunc, fround,
  hypot, sigmoid, relu, softplus, erf, erfc, maximum, minimum, clip,
} from "./ops/scalar";
export { lt, le, gt, ge, eq, ne, primal, stopGradient } from "./ops/compare";
export { ADMath } from "./ops/math-object";
export { operators } from "./ops/operators";

// Tensors
export { Tensor } from "./tensor/tensor";
export * from "./tensor/index";

// Pictures
export { heatmap, Heatmap, type HeatmapOptions } from "./display/heatmap";
export { plot, Plot, type PlotOptions, type DataSeries } from "./display/plot";
export { derivation, Derivation, type TraceRow } from "./display/derivation";
export { latex, Formulas, type LatexOptions, type FormulaVariable } from "./display/formulas";
export { graph, ComputationGraph } from "./display/graph";
export { contour, ContourPlot, type ContourOptions } from "./display/contour";
export { progress, Progress, type ProgressOptions } from "./display/progress";

// Errors
export {
  ShapeError, LinAlgError, DerivativeLostError, DifferentiationError,
  isShapeError, isLinAlgError, isDerivativeLostError, isDifferentiationError,
} from "./errors";
export type { Value } from "./core/value";
