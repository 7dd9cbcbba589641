import { underName } from "../errors";
import type { Value } from "../core/value";
import { isAD, isScalarValue, isValue, primalOf } from "../core/value";
import { toValue, type Binary, type Elementwise, type Input, type Unary } from "../core/convert";
import { binaryOp, unaryOp } from "../core/elementwise";
import { piecewiseConstant, type PiecewiseConstant } from "../core/piecewise-constant";
import * as arithmetic from "./arithmetic";
import { sinRule } from "../rules/sin";
import { cosRule } from "../rules/cos";
import { tanRule } from "../rules/tan";
import { asinRule } from "../rules/asin";
import { acosRule } from "../rules/acos";
import { atanRule } from "../rules/atan";
import { sinhRule } from "../rules/sinh";
import { coshRule } from "../rules/cosh";
import { tanhRule } from "../rules/tanh";
import { asinhRule } from "../rules/asinh";
import { acoshRule } from "../rules/acosh";
import { atanhRule } from "../rules/atanh";
import { expRule } from "../rules/exp";
import { expm1Rule } from "../rules/expm1";
import { logRule } from "../rules/log";
import { log1pRule } from "../rules/log1p";
import { log2Rule } from "../rules/log2";
import { log10Rule } from "../rules/log10";
import { sqrtRule } from "../rules/sqrt";
import { cbrtRule } from "../rules/cbrt";
import { absRule } from "../rules/abs";
import { signRule } from "../rules/sign";
import { floorRule } from "../rules/floor";
import { ceilRule } from "../rules/ceil";
import { roundRule } from "../rules/round";
import { truncRule } from "../rules/trunc";
import { froundRule } from "../rules/fround";
import { sigmoidRule } from "../rules/sigmoid";
import { reluRule } from "../rules/relu";
import { softplusRule } from "../rules/softplus";
import { erfRule } from "../rules/erf";
import { erfcRule } from "../rules/erfc";
import { powRule } from "../rules/pow";
import { atan2Rule } from "../rules/atan2";
import { hypotRule } from "../rules/hypot";
import { maxRule } from "../rules/max";
import { minRule } from "../rules/min";

/*
 * Scalar maths on numbers, dual numbers, tape variables and (elementwise) tensors. Each
 * function is differentiable in forward and reverse mode, any number of times; arrays are
 * accepted too and give a Tensor. The rules live in src/rules, one file each.
 */

/**
 * a + b, elementwise with broadcasting.
 * @example
 * add(2, 3) // 5
 * grad((x: number) => add(x, x))(3)
 */
export const add: Binary = arithmetic.add as Binary;

/**
 * a − b, elementwise with broadcasting.
 * @example
 * sub(2, 3) // -1
 * grad((x: number) => sub(x, x))(3)
 */
export const sub: Binary = arithmetic.sub as Binary;

/**
 * a · b, elementwise with broadcasting (matrix product: matmul).
 * @example
 * mul(2, 3) // 6
 * grad((x: number) => mul(x, x))(3)
 */
export const mul: Binary = arithmetic.mul as Binary;

/**
 * a / b, elementwise with broadcasting.
 * @example
 * div(3, 2) // 1.5
 * grad((x: number) => div(x, x))(3)
 */
export const div: Binary = arithmetic.div as Binary;

/**
 * −x.
 * @example
 * neg(2) // -2
 */
export const neg: Unary = arithmetic.neg as Unary;

/**
 * The sine.
 * @example
 * sin(0) // 0
 * derivative(sin)(0.5) // cos 0.5 = 0.8775825618903728
 */
export const sin: Unary = unaryOp(sinRule) as Unary;

/**
 * The cosine.
 * @example
 * cos(0) // 1
 * derivative(cos)(0.5) // −sin 0.5 = -0.479425538604203
 */
export const cos: Unary = unaryOp(cosRule) as Unary;

/**
 * The tangent.
 * @example
 * tan(0) // 0
 * derivative(tan)(0.5) // 1/cos² 0.5 = 1.2984464104095248
 */
export const tan: Unary = unaryOp(tanRule) as Unary;

/**
 * The arcsine.
 * @example
 * asin(1) // π/2
 * derivative(asin)(0.5) // 1/√(1 − 0.5²) = 1.1547005383792517
 */
export const asin: Unary = unaryOp(asinRule) as Unary;

/**
 * The arccosine.
 * @example
 * acos(1) // 0
 * derivative(acos)(0.5) // −1/√(1 − 0.5²) = -1.1547005383792517
 */
export const acos: Unary = unaryOp(acosRule) as Unary;

/**
 * The arctangent.
 * @example
 * atan(1) // π/4
 * derivative(atan)(0.5) // 1/(1 + 0.5²) = 0.8
 */
export const atan: Unary = unaryOp(atanRule) as Unary;

/**
 * The hyperbolic sine.
 * @example
 * sinh(0) // 0
 * derivative(sinh)(0.5) // cosh 0.5 = 1.1276259652063807
 */
export const sinh: Unary = unaryOp(sinhRule) as Unary;

/**
 * The hyperbolic cosine.
 * @example
 * cosh(0) // 1
 * derivative(cosh)(0.5) // sinh 0.5 = 0.5210953054937474
 */
export const cosh: Unary = unaryOp(coshRule) as Unary;

/**
 * The hyperbolic tangent.
 * @example
 * tanh(0) // 0
 * derivative(tanh)(0.5) // 1 − tanh² 0.5 = 0.7864477329659274
 */
export const tanh: Unary = unaryOp(tanhRule) as Unary;

/**
 * The inverse hyperbolic sine.
 * @example
 * asinh(0) // 0
 * derivative(asinh)(0.5) // 1/√(0.5² + 1) = 0.8944271909999159
 */
export const asinh: Unary = unaryOp(asinhRule) as Unary;

/**
 * The inverse hyperbolic cosine.
 * @example
 * acosh(1) // 0
 * derivative(acosh)(2) // 1/√(2² − 1) = 0.5773502691896258
 */
export const acosh: Unary = unaryOp(acoshRule) as Unary;

/**
 * The inverse hyperbolic tangent.
 * @example
 * atanh(0) // 0
 * derivative(atanh)(0.5) // 1/(1 − 0.5²) = 1.3333333333333333
 */
export const atanh: Unary = unaryOp(atanhRule) as Unary;

/**
 * The exponential eˣ.
 * @example
 * exp(1) // 2.718281828459045
 * derivative(exp)(0.5) // e^0.5 = 1.6487212707001282
 */
export const exp: Unary = unaryOp(expRule) as Unary;

/**
 * eˣ − 1, accurate near 0.
 * @example
 * expm1(1e-10) // 1.00000000005e-10
 * derivative(expm1)(0.5) // e^0.5 = 1.6487212707001282
 */
export const expm1: Unary = unaryOp(expm1Rule) as Unary;

/**
 * The natural logarithm.
 * @example
 * log(Math.E) // 1
 * derivative(log)(0.5) // 1/0.5 = 2
 */
export const log: Unary = unaryOp(logRule) as Unary;

/**
 * ln(1 + x), accurate near 0.
 * @example
 * log1p(1e-10) // 9.9999999995e-11
 * derivative(log1p)(0.5) // 1/1.5 = 0.6666666666666666
 */
export const log1p: Unary = unaryOp(log1pRule) as Unary;

/**
 * The base-2 logarithm.
 * @example
 * log2(8) // 3
 * derivative(log2)(0.5) // 1/(0.5 ln 2) = 2.8853900817779268
 */
export const log2: Unary = unaryOp(log2Rule) as Unary;

/**
 * The base-10 logarithm.
 * @example
 * log10(1000) // 3
 * derivative(log10)(0.5) // 1/(0.5 ln 10) = 0.8685889638065035
 */
export const log10: Unary = unaryOp(log10Rule) as Unary;

/**
 * The square root.
 * @example
 * sqrt(9) // 3
 * derivative(sqrt)(0.5) // 1/(2√0.5) = 0.7071067811865475
 */
export const sqrt: Unary = unaryOp(sqrtRule) as Unary;

/**
 * The cube root.
 * @example
 * cbrt(27) // 3
 * derivative(cbrt)(0.5) // 1/(3·0.5^(2/3)) = 0.5291336839893998
 */
export const cbrt: Unary = unaryOp(cbrtRule) as Unary;

/**
 * The absolute value (derivative 0 at 0).
 * @example
 * abs(-2) // 2
 * derivative(abs)(0.5) // 1
 */
export const abs: Unary = unaryOp(absRule) as Unary;

/**
 * The sign: −1, 0 or 1 (derivative 0; of a dual number or tape variable, the plain number).
 * @example
 * sign(-3) // -1
 * derivative(sign)(0.5) // 0
 */
export const sign: PiecewiseConstant = piecewiseConstant(signRule, unaryOp(signRule));

/**
 * x rounded down, as Math.floor (derivative 0; of a dual number or tape variable, the
 * plain number).
 * @example
 * floor(1.7) // 1
 * derivative(floor)(0.5) // 0
 * derivative((x: number) => [1, 4, 9][floor(x)] * x)(1.5) // 4: a number (also of a dual number), so an index
 */
export const floor: PiecewiseConstant = piecewiseConstant(floorRule, unaryOp(floorRule));

/**
 * x rounded up, as Math.ceil (derivative 0; of a dual number or tape variable, the plain
 * number, so `new Array(ceil(x))` works).
 * @example
 * ceil(1.2) // 2
 * derivative(ceil)(0.5) // 0
 */
export const ceil: PiecewiseConstant = piecewiseConstant(ceilRule, unaryOp(ceilRule));

/**
 * x rounded to the nearest integer, as Math.round (derivative 0; of a dual number or tape
 * variable, the plain number).
 * @example
 * round(1.5) // 2
 * derivative(round)(0.5) // 0
 */
export const round: PiecewiseConstant = piecewiseConstant(roundRule, unaryOp(roundRule));

/**
 * x with its fraction dropped, as Math.trunc (derivative 0; of a dual number or tape
 * variable, the plain number).
 * @example
 * trunc(-1.7) // -1
 * derivative(trunc)(0.5) // 0
 */
export const trunc: PiecewiseConstant = piecewiseConstant(truncRule, unaryOp(truncRule));

/**
 * The nearest float32 to x, as Math.fround (derivative 1: a change of precision, not of value).
 * @example
 * fround(0.1) // 0.10000000149011612
 * derivative(fround)(0.5) // 1
 */
export const fround: Unary = unaryOp(froundRule) as Unary;

/**
 * The logistic function 1/(1 + e⁻ˣ), stable for large |x|.
 * @example
 * sigmoid(0) // 0.5
 * derivative(sigmoid)(0.5) // σ(0.5)(1 − σ(0.5)) = 0.2350037122015945
 */
export const sigmoid: Unary = unaryOp(sigmoidRule) as Unary;

/**
 * max(x, 0) (derivative 0 at 0).
 * @example
 * relu(-1) // 0
 * derivative(relu)(0.5) // 1
 */
export const relu: Unary = unaryOp(reluRule) as Unary;

/**
 * ln(1 + eˣ), stable: softplus(800) === 800.
 * @example
 * softplus(0) // 0.6931471805599453
 * derivative(softplus)(0.5) // σ(0.5) = 0.6224593312018546
 */
export const softplus: Unary = unaryOp(softplusRule) as Unary;

/**
 * The error function erf x = (2/√π)∫₀ˣ e^(−t²) dt, to about 1e−15 relative everywhere
 * (JavaScript's Math has no erf, so this is a runtime function only, not part of ADMath).
 * Derivative (2/√π)·e^(−x²). Elementwise on tensors and arrays. The normal distribution's
 * CDF is Φ(x) = (1 + erf(x/√2))/2 = erfc(−x/√2)/2.
 * @example
 * erf(0)   // 0
 * erf(1)   // 0.8427007929497149
 * erf(-Infinity)   // -1
 * derivative(erf)(0)   // 2/√π = 1.1283791670955126
 * erf([0.5, 2]).toArray()   // [0.52049987781305, 0.99532226501895]
 */
export const erf: Unary = unaryOp(erfRule) as Unary;

/**
 * The complementary error function erfc x = 1 − erf x, computed directly, so it keeps its
 * digits where 1 − erf(x) is 0: erfc(10) ≈ 2.088e−45 (and erfc(−x) = 2 − erfc x). Derivative
 * −(2/√π)·e^(−x²). Elementwise on tensors and arrays; a runtime function, not part of ADMath.
 * @example
 * erfc(0)    // 1
 * erfc(10)   // 2.088487583762545e-45
 * 1 - erf(10)   // 0
 * derivative(erfc)(1)   // −2e⁻¹/√π = -0.41510749742059
 */
export const erfc: Unary = unaryOp(erfcRule) as Unary;

/**
 * x to the power y, xʸ.
 * @example
 * pow(2, 10) // 1024
 */
export const pow: Binary = binaryOp(powRule) as Binary;

/**
 * The angle of the point (x, y): atan2(y, x).
 * @example
 * atan2(1, 1) // π/4
 */
export const atan2: Binary = binaryOp(atan2Rule) as Binary;

const hypot2 = binaryOp(hypotRule);
const max2 = binaryOp(maxRule);
const min2 = binaryOp(minRule);

/**
 * The larger of a and b elementwise, with broadcasting (NumPy's maximum; `max` of a tensor
 * reduces it instead). Ties split the derivative evenly.
 * @example
 * maximum([1, 5, -2], 0).toArray()  // [1, 5, 0]
 */
export function maximum<A extends Input, B extends Input>(a: A, b: B): Elementwise<A, B>;
export function maximum(a: Input, b: Input): Value {
  return underName("maximum", ["max"], () => max2(a, b));
}

/**
 * The smaller of a and b elementwise, with broadcasting (NumPy's minimum).
 * @example
 * minimum([1, 5, -2], 2).toArray()  // [1, 2, -2]
 */
export function minimum<A extends Input, B extends Input>(a: A, b: B): Elementwise<A, B>;
export function minimum(a: Input, b: Input): Value {
  return underName("minimum", ["min"], () => min2(a, b));
}

/**
 * x limited to [lo, hi] elementwise: derivative 1 inside, 0 outside, ½ exactly at a bound.
 * A bound left out (undefined or null) does not limit x, as in NumPy and JAX.
 * @example
 * clip([-2, 0.5, 3], -1, 1).toArray()  // [-1, 0.5, 1]
 * clip([-2, 0.5, 3], 0).toArray()      // [0, 0.5, 3]
 */
export function clip<T extends Input>(x: T, lo?: number | null, hi?: number | null): Elementwise<T>;
export function clip(x: Input, lo?: Input | null, hi?: Input | null): Value;
export function clip(x: Input, lo?: Input | null, hi?: Input | null): Value {
  // clip(x, 0) was "expected numbers or tensors, got Tensor and undefined undefined".
  return underName("clip", ["max", "min"], () => {
    const low = lo === undefined || lo === null ? toValue(x, "clip") : max2(x, lo);
    return hi === undefined || hi === null ? low : min2(low, hi);
  });
}

/**
 * √(x₁² + x₂² + …), like Math.hypot; derivative 0 (not NaN) at the origin.
 * @example
 * hypot(3, 4) // 5
 */
export function hypot<T extends Input[]>(...xs: T): Elementwise<T[number]>;
export function hypot(...xs: Input[]): Value;
export function hypot(a?: Input, b?: Input, c?: Input): Value {
  // Fixed parameters read through `arguments` (see max): the rest array cost Math.hypot(i, 2, 3) in a cell 2.3× Node's.
  const few = foldFew(Math.hypot, arguments.length, a, b, c);
  if (few !== undefined) return few;
  const xs: Input[] = Array.prototype.slice.call(arguments);
  if (xs.length === 1) return abs(xs[0]);
  return fold(xs, hypot2, 0);
}

/**
 * The largest argument, like Math.max (−Infinity for none). The derivative follows the
 * selected argument; ties split it evenly.
 * @example
 * max(1, 5, 3) // 5
 */
export function max(...xs: Input[]): Value;
export function max(a?: Input, b?: Input, c?: Input): Value {
  // Two or three plain numbers answer before any array is made: through a rest parameter,
  // Math.max(i, 5) in a cell's loop took 7–20× Node's, Math.max(i, 5, 7) 6.5× (the array is
  // allocated on every call). Math.max of two numbers is max2's value, and of three the
  // fold's, to the bit.
  const few = foldFew(Math.max, arguments.length, a, b, c);
  if (few !== undefined) return few;
  const xs: Input[] = Array.prototype.slice.call(arguments);
  if (xs.length > 2 && allNumbers(xs)) return numberFold(xs, Math.max, -Infinity);
  return tiesShared(xs, Math.max) ?? fold(xs, max2, -Infinity);
}

/**
 * The smallest argument, like Math.min (Infinity for none). The derivative follows the
 * selected argument; ties split it evenly.
 * @example
 * min(1, 5, 3) // 1
 */
export function min(...xs: Input[]): Value;
export function min(a?: Input, b?: Input, c?: Input): Value {
  // Two or three plain numbers first, without an array (see max).
  const few = foldFew(Math.min, arguments.length, a, b, c);
  if (few !== undefined) return few;
  const xs: Input[] = Array.prototype.slice.call(arguments);
  if (xs.length > 2 && allNumbers(xs)) return numberFold(xs, Math.min, Infinity);
  return tiesShared(xs, Math.min) ?? fold(xs, min2, Infinity);
}

/**
 * Two or three plain numbers (`count` of them given) folded two at a time by op, the value the
 * fold below gives to the bit; undefined for anything else, which takes the general path.
 */
function foldFew(op: (a: number, b: number) => number, count: number, a: Input | undefined, b: Input | undefined, c: Input | undefined): number | undefined {
  if (typeof a !== "number" || typeof b !== "number") return undefined;
  if (count === 2) return op(a, b);
  if (count === 3 && typeof c === "number") return op(op(a, b), c);
  return undefined;
}

/**
 * Three or more numbers: the fold below on plain numbers, without its checks for dual numbers and tape
 * variables (two are fast there already; Math.min(i, 3, 4) in a cell's loop took 12× Node's through them). max2 and min2 of
 * two numbers are Math.max and Math.min, so the result is the fold's to the bit.
 */
function allNumbers(xs: Input[]): boolean {
  for (let i = 0; i < xs.length; i++) if (typeof xs[i] !== "number") return false;
  return true;
}

function numberFold(xs: Input[], op: (a: number, b: number) => number, empty: number): number {
  if (xs.length === 0) return empty;
  let acc = xs.length === 1 ? op(xs[0] as number, xs[0] as number) : op(xs[0] as number, xs[1] as number);
  for (let i = 2; i < xs.length; i++) acc = op(acc, xs[i] as number);
  return acc;
}

/**
 * Three or more scalar arguments tied at the extreme, t₁ … t_k: t₁ + Σⱼ (tⱼ − t₁)/k, whose
 * value is exactly t₁ (each difference is exactly 0) and whose derivative is 1/k for each
 * tied argument. A fold of two-argument max would give ½ to the last and halve the share
 * of each one before it (¼, ¼, ½ for max(x, x, x) at a tie). Undefined otherwise (no
 * such tie, tensors, infinite values): the fold is right there.
 */
function tiesShared(xs: Input[], extreme: (...values: number[]) => number): Value | undefined {
  if (xs.length < 3 || !xs.some(isAD)) return undefined;
  if (!xs.every((x) => isValue(x) && isScalarValue(x))) return undefined;
  const primals = xs.map((x) => primalOf(x as Value) as number);
  const best = extreme(...primals);
  if (!Number.isFinite(best)) return undefined;
  const tied = xs.filter((_, i) => primals[i] === best) as Value[];
  if (tied.length < 3) return undefined;
  let out: Value = tied[0];
  for (let j = 1; j < tied.length; j++) out = arithmetic.add(out, arithmetic.div(arithmetic.sub(tied[j], tied[0]), tied.length));
  return out;
}

function fold(xs: Input[], op: (a: Input, b: Input) => Value, empty: number): Value {
  if (xs.length === 0) return empty;
  let acc = xs.length === 1 ? op(xs[0], xs[0]) : op(xs[0], xs[1]);
  for (let i = 2; i < xs.length; i++) acc = op(acc, xs[i]);
  return acc;
}
