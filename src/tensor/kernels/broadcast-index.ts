import { sizeOf, stridesOf } from "../shape";

/**
 * For each element of `outShape` (row-major), the flat index of the element of an operand
 * of shape `inShape` that broadcasts onto it. Used by the general (slow) broadcasting paths.
 */
export function broadcastIndex(inShape: readonly number[], outShape: readonly number[]): Int32Array {
  const n = outShape.length;
  const inStrides = stridesOf(inShape);
  // Stride of each output axis in the input: 0 where the input is broadcast along it.
  const strides = outShape.map((d, i) => {
    const j = i - (n - inShape.length);
    return j < 0 || inShape[j] === 1 ? 0 : inStrides[j];
  });
  const size = sizeOf(outShape);
  const index = new Int32Array(size);
  const counter = new Array<number>(n).fill(0);
  let flat = 0;
  for (let k = 0; k < size; k++) {
    index[k] = flat;
    for (let ax = n - 1; ax >= 0; ax--) {
      counter[ax]++;
      flat += strides[ax];
      if (counter[ax] < outShape[ax]) break;
      flat -= strides[ax] * counter[ax];
      counter[ax] = 0;
    }
  }
  return index;
}
