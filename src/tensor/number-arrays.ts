/** A Float64Array, Int32Array, … (not a BigInt64Array or a DataView): taken as a 1-d array of numbers. */
export function isNumberTypedArray(x: unknown): x is ArrayLike<number> {
  return ArrayBuffer.isView(x) && !(x instanceof DataView) && !(x instanceof BigInt64Array) && !(x instanceof BigUint64Array);
}
