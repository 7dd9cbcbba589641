/*
 * The error function and its complement on plain numbers, to a few units in the last place
 * (≤ 1e-15 relative against CPython's math.erf/erfc, which call the C library's). JavaScript's
 * Math has neither. Two expansions, each used where it has no cancellation:
 *
 * - |x| < 1/2 for erfc, |x| < 1 for erf: the series erf x = (2x/√π)·e^(−x²)·Σ (2x²)ⁿ/(2n+1)!!,
 *   whose terms are all positive (the Maclaurin series alternates and cancels as x grows);
 * - otherwise erfc by Laplace's continued fraction, in its even contraction
 *   erfc x = (2x·e^(−x²)/√π) / (2x² + 1 − 1·2/(2x² + 5 − 3·4/(2x² + 9 − …))),
 *   evaluated backwards from a depth that grows as 1/x² (150/x² + 12 terms: 612 at x = ½,
 *   13 at x = 27); erf x = 1 − erfc x there, where erfc x < ½ costs at most a bit.
 *
 * erfc(x) for large x is never 1 − erf(x) (which is 0 from x ≈ 6): erfc(10) = 2.088e−45.
 */

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const SQRT_PI = Math.sqrt(Math.PI);
/** erfc x underflows to 0 beyond this (erfc 27.3 ≈ 5e−326, below the least subnormal). */
const ERFC_ZERO_FROM = 28;

/**
 * e^(−x²) without the rounding of x² reaching the exponent: x² ≈ 700 carries an absolute
 * error of 1e−13, which e^(−x²) turns into a relative one. x = hi + lo with hi a float32,
 * so hi² is exact in a double: e^(−x²) = e^(−hi²)·e^(−lo(x + hi)).
 */
function expMinusSquare(x: number): number {
  const hi = Math.fround(x);
  const lo = x - hi;
  return Math.exp(-hi * hi) * Math.exp(-lo * (x + hi));
}

/** erf x by the positive-term series, for |x| < 1. */
function erfSeries(x: number): number {
  const twoX2 = 2 * x * x;
  let term = 1;
  let s = 1;
  for (let n = 1; term > s * 1e-17; n++) {
    term *= twoX2 / (2 * n + 1);
    s += term;
  }
  return TWO_OVER_SQRT_PI * x * expMinusSquare(x) * s;
}

/** erfc x by the continued fraction, for x ≥ 1/2. */
function erfcFraction(x: number): number {
  if (x >= ERFC_ZERO_FROM) return 0;
  const depth = Math.ceil(150 / (x * x)) + 12;
  const twoX2 = 2 * x * x;
  let t = twoX2 + 1 + 4 * depth;
  for (let k = depth; k >= 1; k--) t = twoX2 + 4 * k - 3 - ((2 * k - 1) * (2 * k)) / t;
  return (2 * x * expMinusSquare(x)) / (SQRT_PI * t);
}

/** The error function (2/√π)∫₀ˣ e^(−t²) dt; odd, erf(±∞) = ±1. */
export function erf(x: number): number {
  const a = Math.abs(x);
  if (a < 1) return erfSeries(x);
  if (a >= 1) {
    const v = 1 - erfcFraction(a);
    return x < 0 ? -v : v;
  }
  return NaN;
}

/** The complementary error function 1 − erf x, without cancellation for large x; erfc(−x) = 2 − erfc x. */
export function erfc(x: number): number {
  const a = Math.abs(x);
  if (a < 0.5) return 1 - erfSeries(x);
  if (a >= 0.5) return x > 0 ? erfcFraction(a) : 2 - erfcFraction(a);
  return NaN;
}
