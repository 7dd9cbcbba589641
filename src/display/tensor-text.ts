import type { NDArray } from "../tensor/ndarray";
import { formatNumber } from "./format-number";
import { shapeToString, sizeOf, stridesOf } from "../tensor/shape";

/** Along one axis, at most this many entries are printed: the first and last few, with "…". */
const EDGE = 3;
const MAX_FULL = 10;

function indicesOf(n: number): (number | null)[] {
  if (n <= MAX_FULL) return Array.from({ length: n }, (_, i) => i);
  return [...Array.from({ length: EDGE }, (_, i) => i), null, ...Array.from({ length: EDGE }, (_, i) => n - EDGE + i)];
}

/**
 * NumPy-like text: nested brackets with aligned columns, long axes shortened with "…",
 * and the shape in the header.
 * @example
 * tensorText(tensor([[1, 2.5], [3, 4]]))  // "Tensor 2×2\n[[1,   2.5],\n [3,   4  ]]"
 */
export function tensorText(t: NDArray, name = "Tensor"): string {
  const header = `${name} ${shapeToString(t.shape)}`;
  if (t.shape.length === 0) return `${header}\n${formatNumber(t.data[0])}`;
  if (sizeOf(t.shape) === 0) return `${header}\n[]`;
  const strides = stridesOf(t.shape);
  const cells: string[] = [];
  const collect = (axis: number, offset: number): void => {
    for (const i of indicesOf(t.shape[axis])) {
      if (i === null) continue;
      if (axis === t.shape.length - 1) cells.push(formatNumber(t.data[offset + i]));
      else collect(axis + 1, offset + i * strides[axis]);
    }
  };
  collect(0, 0);
  const width = Math.max(...cells.map((c) => c.length));
  const render = (axis: number, offset: number, indent: string): string => {
    const parts = indicesOf(t.shape[axis]).map((i) => {
      if (i === null) return "…";
      if (axis === t.shape.length - 1) return formatNumber(t.data[offset + i]).padStart(width);
      return render(axis + 1, offset + i * strides[axis], `${indent} `);
    });
    const sep = axis === t.shape.length - 1 ? ", " : `,${"\n".repeat(t.shape.length - 1 - axis)}${indent} `;
    return `[${parts.join(sep)}]`;
  };
  return `${header}\n${render(0, 0, "")}`;
}
