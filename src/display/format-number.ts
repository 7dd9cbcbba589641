/**
 * A number as a table cell or matrix entry: integers as they are, others with up to 6
 * significant digits (NumPy's default print precision is 8 decimals; 6 significant digits
 * keeps matrices narrow), NaN and ±Infinity spelled plainly.
 */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e15)) return x.toExponential(4).replace(/\.?0+e/, "e");
  return String(Number(x.toPrecision(6)));
}
