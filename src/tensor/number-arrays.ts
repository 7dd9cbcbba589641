/** A Float64Array, Int32Array, … (not a BigInt64Array or a DataView): taken as a 1-d array of numbers. */
export function isNumberTypedArray(x: unknown): x is ArrayLike<number> {
  return ArrayBuffer.isView(x) && !(x instanceof DataView) && !(x instanceof BigInt64Array) && !(x instanceof BigUint64Array);
}

/**
 * Whether any entry is NaN, in one plain loop: the test made before the rarer, careful way of
 * computing a derivative's products (a strong zero, core/strong-zero-product.ts).
 *
 * @example
 * hasNaN(Float64Array.of(1, NaN))  // true
 */
export function hasNaN(data: ArrayLike<number>): boolean {
  for (let i = 0; i < data.length; i++) if (data[i] !== data[i]) return true;
  return false;
}
