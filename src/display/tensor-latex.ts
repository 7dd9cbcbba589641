import type { NDArray } from "../tensor/ndarray";
import { formatNumberLatex as entry } from "./format-number";
import { stridesOf, sizeOf } from "../tensor/shape";

const MAX = 12;
/** Entries typeset for a 3-d or 4-d tensor across all its slices. */
const ENTRY_BUDGET = 600;

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

/** The shape as a subscript, `_{1000 \\times 1000}`, telling what a shortened display left out. */
function shapeNote(shape: readonly number[]): string {
  return `_{${shape.join(" \\times ")}}`;
}

/**
 * LaTeX: a vector as a column, a matrix as a bmatrix, 3-d and 4-d tensors as a row of
 * matrices labelled by their leading indices (as many as fit in about 600 entries). A
 * shortened display and an empty tensor carry the shape as a subscript.
 * @example
 * tensorLatex(tensor([1, 2]))  // "$$\\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}$$"
 * tensorLatex(zeros([2, 0]))   // "$$\\left[\\;\\right]_{2 \\times 0}$$"
 */
export function tensorLatex(t: NDArray): string {
  const nd = t.shape.length;
  if (nd === 0) return `$$${entry(t.data[0])}$$`;
  if (sizeOf(t.shape) === 0) return `$$\\left[\\;\\right]${shapeNote(t.shape)}$$`;
  const cut = t.shape.some((n) => n > MAX) ? shapeNote(t.shape) : "";
  if (nd === 1) return `$$${matrix(t.data, 0, t.shape[0], 1)}${cut}$$`;
  if (nd === 2) return `$$${matrix(t.data, 0, t.shape[0], t.shape[1])}${cut}$$`;
  const [r, c] = t.shape.slice(-2);
  const lead = t.shape.slice(0, -2);
  const strides = stridesOf(lead);
  const shown = (n: number): number => (n <= MAX ? n : 11);
  const shownEntries = shown(r) * shown(c);
  const count = Math.min(sizeOf(lead), 16, Math.max(1, Math.floor(ENTRY_BUDGET / shownEntries)));
  const parts: string[] = [];
  for (let k = 0; k < count; k++) {
    const index = strides.map((s, ax) => Math.floor(k / s) % lead[ax]);
    parts.push(`\\underset{[${index.join(",")},:,:]}{${matrix(t.data, k * r * c, r, c)}}`);
  }
  if (sizeOf(lead) > count) return `$$${parts.join(" \\quad ")} \\quad \\cdots${shapeNote(t.shape)}$$`;
  return `$$${parts.join(" \\quad ")}${cut}$$`;
}
