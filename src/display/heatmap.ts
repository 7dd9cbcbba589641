import type { Input } from "../core/convert";
import { toValue } from "../core/convert";
import { primalOf } from "../core/value";
import type { NDArray } from "../tensor/ndarray";
import { ShapeError } from "../errors";
import { formatNumber } from "./format-number";
import { diverging, inkOn } from "./palette";
import { num, xml } from "./svg";
import { tensorText } from "./tensor-text";

export interface HeatmapOptions {
  title?: string;
  /** Labels of the rows (default ∂f₀ … ∂fₘ). */
  rowLabels?: string[];
  /** Labels of the columns (default ∂x₀ … ∂xₙ). */
  colLabels?: string[];
}

/** Above this many rows or columns, blocks of entries are averaged into one cell. */
const MAX_CELLS = 60;
/** Values are written in the cells up to this size. */
const MAX_ANNOTATED = 12;

const SUB = "₀₁₂₃₄₅₆₇₈₉";
const subscript = (i: number): string => String(i).replace(/\d/g, (d) => SUB[Number(d)]);

/**
 * A matrix (a Jacobian, say) drawn as a heatmap: a diverging palette centred on zero, a
 * colour bar, rows labelled ∂fᵢ and columns ∂xⱼ, the value in each cell when it fits (up
 * to 12×12). Large matrices are averaged in blocks so the picture stays small. NaN cells
 * are grey; an empty or all-zero matrix draws without dividing by zero.
 *
 * @example
 * heatmap(jacobian((x: number[]) => [x[0] * x[1], Math.sin(x[0])])([1, 2]), { title: "J" })
 */
export function heatmap(matrix: Input, options: HeatmapOptions = {}): Heatmap {
  return new Heatmap(asMatrix(matrix), options);
}

function asMatrix(m: Input): NDArray {
  const p = primalOf(toValue(m, "heatmap"));
  const a: NDArray = typeof p === "number" ? { shape: [1, 1], data: Float64Array.of(p) } : p;
  if (a.shape.length === 1) return { shape: [1, a.shape[0]], data: a.data };
  if (a.shape.length !== 2) {
    throw new ShapeError(`heatmap: expected a vector or a matrix, got shape (${a.shape.join("×")}); reshape it first`);
  }
  return a;
}

/** Block averages of an m×n matrix down to at most MAX_CELLS per side. */
function aggregate(a: NDArray): { rows: number; cols: number; values: Float64Array; rowStep: number; colStep: number } {
  const [m, n] = a.shape;
  const rowStep = Math.max(1, Math.ceil(m / MAX_CELLS));
  const colStep = Math.max(1, Math.ceil(n / MAX_CELLS));
  const rows = Math.ceil(m / rowStep);
  const cols = Math.ceil(n / colStep);
  const values = new Float64Array(rows * cols);
  const counts = new Float64Array(rows * cols);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const k = Math.floor(i / rowStep) * cols + Math.floor(j / colStep);
      values[k] += a.data[i * n + j];
      counts[k]++;
    }
  }
  for (let k = 0; k < values.length; k++) values[k] /= counts[k] || 1;
  return { rows, cols, values, rowStep, colStep };
}

/** A heatmap, shown in a notebook as SVG (with a text fallback). */
export class Heatmap {
  constructor(
    readonly matrix: NDArray,
    readonly options: HeatmapOptions,
  ) {}

  /** The picture as a standalone SVG document. */
  toSVG(): string {
    const { rows, cols, values, rowStep, colStep } = aggregate(this.matrix);
    let scale = 0;
    for (const v of values) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
    const norm = (v: number): number => (scale === 0 ? 0 : v / scale);
    const annotate = rows <= MAX_ANNOTATED && cols <= MAX_ANNOTATED;
    const cell = annotate ? 44 : Math.max(4, Math.floor(480 / Math.max(rows, cols)));
    const left = 56;
    const top = this.options.title ? 48 : 28;
    const width = left + cols * cell + 90;
    const height = top + rows * cell + 40;
    const label = (labels: string[] | undefined, i: number, step: number, stem: string): string => {
      if (labels && step === 1) return labels[i] ?? "";
      return step === 1 ? `∂${stem}${subscript(i)}` : `${i * step}`;
    };
    const parts: string[] = [];
    parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
    if (this.options.title) parts.push(`<text class="title" x="${left}" y="20" font-size="15" font-weight="bold">${xml(this.options.title)}</text>`);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const v = values[i * cols + j];
        const x = left + j * cell;
        const y = top + i * cell;
        // Hover titles only on small maps: they would triple the size of a large one.
        const tip = rows * cols <= 400 ? `<title>(${i * rowStep}, ${j * colStep}): ${xml(formatNumber(v))}</title>` : "";
        parts.push(`<rect class="cell" x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${diverging(norm(v))}">${tip}</rect>`);
        if (annotate) {
          parts.push(`<text class="value" x="${x + cell / 2}" y="${y + cell / 2 + 4}" text-anchor="middle" font-size="11" fill="${inkOn(norm(v))}">${xml(shortNumber(v))}</text>`);
        }
      }
    }
    const rowEvery = Math.ceil(16 / cell);
    for (let i = 0; i < rows; i += rowEvery) {
      parts.push(`<text class="row-label" x="${left - 6}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end">${xml(label(this.options.rowLabels, i, rowStep, "f"))}</text>`);
    }
    const colEvery = Math.ceil(36 / cell);
    for (let j = 0; j < cols; j += colEvery) {
      parts.push(`<text class="col-label" x="${left + j * cell + cell / 2}" y="${top - 6}" text-anchor="middle">${xml(label(this.options.colLabels, j, colStep, "x"))}</text>`);
    }
    // The colour bar: −max … 0 … +max.
    const barX = left + cols * cell + 24;
    const barH = Math.max(rows * cell, 60);
    parts.push(`<g class="colorbar">`);
    for (let k = 0; k < 20; k++) {
      const t = 1 - (2 * k) / 19;
      parts.push(`<rect x="${barX}" y="${num(top + (k * barH) / 20)}" width="14" height="${num(barH / 20 + 0.5)}" fill="${diverging(t)}"/>`);
    }
    parts.push(`<text x="${barX + 18}" y="${top + 10}">${xml(shortNumber(scale))}</text>`);
    parts.push(`<text x="${barX + 18}" y="${num(top + barH / 2 + 4)}">0</text>`);
    parts.push(`<text x="${barX + 18}" y="${top + barH}">${xml(shortNumber(-scale))}</text>`);
    parts.push(`</g>`);
    if (rowStep > 1 || colStep > 1) {
      parts.push(`<text class="note" x="${left}" y="${height - 10}" fill="#555">${this.matrix.shape.join("×")} shown as ${rows}×${cols} block means</text>`);
    }
    parts.push(`</svg>`);
    return parts.join("");
  }

  toString(): string {
    return `${this.options.title ? `${this.options.title}\n` : ""}${tensorText(this.matrix, "Heatmap of")}`;
  }

  /** How Jupyter shows it: the SVG, with text for front ends without SVG. */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "image/svg+xml": this.toSVG(), "text/plain": this.toString() };
  }
}

function shortNumber(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  const a = Math.abs(v);
  if (a !== 0 && (a < 0.01 || a >= 1e4)) return v.toExponential(1);
  return String(Number(v.toPrecision(3)));
}
