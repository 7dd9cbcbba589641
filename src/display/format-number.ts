/**
 * A number as a table cell or matrix entry: integers as they are, others with up to 6
 * significant digits (NumPy's default print precision is 8 decimals; 6 significant digits
 * keeps matrices narrow) but never fewer than their whole part and one decimal (six digits
 * made 123456789.123 the different whole number 123457000), NaN and ±Infinity spelled plainly.
 *
 * @example
 * formatNumber(1 / 3)          // "0.333333"
 * formatNumber(123456789.123)  // "123456789.1"
 * formatNumber(1e-12)          // "1e-12"
 */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e15)) return x.toExponential(4).replace(/\.?0+e/, "e");
  const whole = a < 1 ? 1 : Math.floor(Math.log10(a)) + 1;
  return String(Number(x.toPrecision(Math.max(6, whole + 1))));
}

/**
 * formatNumber as LaTeX: an exponent written × 10ⁿ (TeX would read 1e-20 as the product of
 * 1, a symbol e and −20), NaN and ±∞ as symbols.
 *
 * @example
 * formatNumberLatex(4.4817e-20) // "4.4817 \\times 10^{-20}"
 * formatNumberLatex(-0.5)       // "-0.5"
 */
export function formatNumberLatex(x: number): string {
  if (Number.isNaN(x)) return "\\mathrm{NaN}";
  if (x === Infinity) return "\\infty";
  if (x === -Infinity) return "-\\infty";
  const s = formatNumber(x);
  const m = /^(-?[\d.]+)e([+-]\d+)$/.exec(s);
  return m ? `${m[1]} \\times 10^{${Number(m[2])}}` : s;
}
