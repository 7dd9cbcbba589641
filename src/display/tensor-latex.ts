import type { NDArray } from "../tensor/ndarray";
import { formatNumberLatex as entry } from "./format-number";
import { stridesOf, sizeOf } from "../tensor/shape";

const MAX = 12;

function matrix(data: Float64Array, offset: number, rows: number, cols: number): string {
  const pick = (n: number): (number | null)[] =>
    n <= MAX ? Array.from({ length: n }, (_, i) => i) : [...Array.from({ length: 5 }, (_, i) => i), null, ...Array.from({ length: 5 }, (_, i) => n - 5 + i)];
  const lines = pick(rows).map((i) =>
    pick(cols)
      .map((j) => (i === null ? (j === null ? "\\ddots" : "\\vdots") : j === null ? "\\cdots" : entry(data[offset + i * cols + j])))
      .join(" & "),
  );
  return `\\begin{bmatrix} ${lines.join(" \\\\ ")} \\end{bmatrix}`;
}

/**
 * LaTeX: a vector as a column, a matrix as a bmatrix, 3-d and 4-d tensors as a row of
 * matrices labelled by their leading indices.
 * @example
 * tensorLatex(tensor([1, 2]))  // "$$\\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}$$"
 */
export function tensorLatex(t: NDArray): string {
  const nd = t.shape.length;
  if (nd === 0) return `$$${entry(t.data[0])}$$`;
  if (nd === 1) return `$$${matrix(t.data, 0, t.shape[0], 1)}$$`;
  if (nd === 2) return `$$${matrix(t.data, 0, t.shape[0], t.shape[1])}$$`;
  const [r, c] = t.shape.slice(-2);
  const lead = t.shape.slice(0, -2);
  const strides = stridesOf(lead);
  const count = Math.min(sizeOf(lead), 16);
  const parts: string[] = [];
  for (let k = 0; k < count; k++) {
    const index = strides.map((s, ax) => Math.floor(k / s) % lead[ax]);
    parts.push(`\\underset{[${index.join(",")},:,:]}{${matrix(t.data, k * r * c, r, c)}}`);
  }
  return `$$${parts.join(" \\quad ")}${sizeOf(lead) > count ? " \\quad \\cdots" : ""}$$`;
}
