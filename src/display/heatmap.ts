import type { Input } from "../core/convert";
import { toValue } from "../core/convert";
import { primalOf } from "../core/value";
import type { NDArray } from "../tensor/ndarray";
import { ShapeError } from "../errors";
import { formatNumber } from "./format-number";
import { diverging, inkOn } from "./palette";
import { num, svgRoot, svgTitle, xml } from "./svg";
import { tensorText } from "./tensor-text";
import { checkDisplayOptions } from "./display-options";

export interface HeatmapOptions {
  title?: string;
  /** Labels of the rows (default ∂f₁ … ∂fₘ). */
  rowLabels?: string[];
  /**
   * The name the default row labels (and the panels of small multiples) differentiate: "f"
   * (∂f₁ …, a Jacobian's outputs) by default; a Hessian's rows are its inputs, "x" (∂x₁ …).
   */
  rowStem?: string;
  /** Labels of the columns (default ∂x₁ … ∂xₙ). */
  colLabels?: string[];
  /** The value drawn at full colour (default: the largest |entry|); small multiples share one. */
  scale?: number;
  /** Draw the colour bar (default true; small multiples draw one for all panels). */
  colorBar?: boolean;
}

/** Above this many rows or columns, blocks of entries are averaged into one cell. */
const MAX_CELLS = 60;
/** Values are written in the cells up to this size. */
const MAX_ANNOTATED = 12;

const SUB = "₀₁₂₃₄₅₆₇₈₉";
const subscript = (i: number): string => String(i).replace(/\d/g, (d) => SUB[Number(d)]);

/**
 * A matrix (a Jacobian, say) drawn as a heatmap: a diverging palette centred on zero, a
 * colour bar, rows labelled ∂f₁ … ∂fₘ and columns ∂x₁ … ∂xₙ, the value in each cell when it
 * fits (up to 12×12). Large matrices are averaged in blocks so the picture stays small. NaN
 * cells are grey; an empty or all-zero matrix draws without dividing by zero. A 3- or 4-d
 * derivative tensor (∂f/∂A, ∂K/∂R) is drawn as small multiples: one panel per leading
 * index (∂f₁, ∂f₁₂ …), all on one colour scale.
 *
 * Every index shown counts from 1, as the course writes x₁ … xₙ and as `latex` and
 * `derivation` do: the cell in row 1, column 2 (∂f₁/∂x₂) is `J[0][1]` in code.
 *
 * @example
 * heatmap(jacobian((x: number[]) => [x[0] * x[1], Math.sin(x[0])])([1, 2]), { title: "J" })
 * heatmap(jacobian((R: number[][]) => matmul(transpose(R), R))([[1, 2], [3, 4], [5, 6]]), { title: "∂K/∂R" })
 */
export function heatmap(matrix: Input, options: HeatmapOptions = {}): Heatmap {
  checkDisplayOptions(options, "heatmap");
  const a = asMatrix(matrix);
  if (a.shape.length === 2) checkLabelCounts(a.shape as [number, number], options);
  return new Heatmap(a, options);
}

/**
 * One label per row and per column of a matrix: rowLabels: ["a"] for two rows labelled the
 * second "f2", and a longer list dropped its tail, silently. (A 3-/4-d derivative's panels
 * label each of their own rows and columns.)
 */
function checkLabelCounts([m, n]: [number, number], options: HeatmapOptions): void {
  for (const [name, labels, count, what] of [["rowLabels", options.rowLabels, m, "row"], ["colLabels", options.colLabels, n, "column"]] as const) {
    if (labels !== undefined && labels.length !== count) {
      throw new RangeError(`heatmap: ${labels.length} ${name} for a ${m}×${n} matrix; give one label per ${what}, ${count}`);
    }
  }
}

function asMatrix(m: Input): NDArray {
  const p = primalOf(toValue(m, "heatmap"));
  const a: NDArray = typeof p === "number" ? { shape: [1, 1], data: Float64Array.of(p) } : p;
  if (a.shape.length === 1) return { shape: [1, a.shape[0]], data: a.data };
  if (a.shape.length < 2 || a.shape.length > 4) {
    throw new ShapeError(`heatmap: expected a vector, a matrix or a 3-/4-d derivative tensor, got shape (${a.shape.join("×")}); reshape it first`);
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
    if (this.matrix.shape.length > 2) return smallMultiples(this.matrix, this.options);
    const { rows, cols, values, rowStep, colStep } = aggregate(this.matrix);
    let scale = this.options.scale ?? 0;
    if (this.options.scale === undefined) for (const v of values) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
    const norm = (v: number): number => (scale === 0 ? 0 : v / scale);
    const annotate = rows <= MAX_ANNOTATED && cols <= MAX_ANNOTATED;
    const cell = annotate ? 44 : Math.max(4, Math.floor(480 / Math.max(rows, cols)));
    const left = 56;
    const top = this.options.title ? 48 : 28;
    const width = left + cols * cell + (this.options.colorBar === false ? 12 : 90);
    const height = top + rows * cell + 40;
    const label = (labels: string[] | undefined, i: number, step: number, stem: string): string => {
      if (labels && step === 1) return labels[i] ?? "";
      return step === 1 ? `∂${stem}${subscript(i + 1)}` : `${i * step + 1}`;
    };
    const parts: string[] = [];
    parts.push(svgRoot(width, height, 12));
    if (this.options.title) parts.push(svgTitle(this.options.title, left, 20, Math.max(width - left - 8, 120), 15));
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const v = values[i * cols + j];
        const x = left + j * cell;
        const y = top + i * cell;
        // Hover titles only on small maps: they would triple the size of a large one.
        const tip = rows * cols <= 400 ? `<title>${span("row", i, rowStep, this.matrix.shape[0])}, ${span("column", j, colStep, this.matrix.shape[1])}: ${xml(formatNumber(v))}</title>` : "";
        parts.push(`<rect class="cell" x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${diverging(norm(v))}">${tip}</rect>`);
        if (annotate) {
          parts.push(`<text class="value" x="${x + cell / 2}" y="${y + cell / 2 + 4}" text-anchor="middle" font-size="11" fill="${inkOn(norm(v))}">${xml(shortNumber(v))}</text>`);
        }
      }
    }
    const rowEvery = Math.ceil(16 / cell);
    for (let i = 0; i < rows; i += rowEvery) {
      parts.push(`<text class="row-label" x="${left - 6}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end">${xml(label(this.options.rowLabels, i, rowStep, this.options.rowStem ?? "f"))}</text>`);
    }
    const colEvery = Math.ceil(36 / cell);
    for (let j = 0; j < cols; j += colEvery) {
      parts.push(`<text class="col-label" x="${left + j * cell + cell / 2}" y="${top - 6}" text-anchor="middle">${xml(label(this.options.colLabels, j, colStep, "x"))}</text>`);
    }
    if (this.options.colorBar !== false) parts.push(colorBar(left + cols * cell + 24, top, Math.max(rows * cell, 60), scale));
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

/** Which rows (or columns) cell i covers, counted from 1: "row 3", or "rows 1–17" for a block mean. */
function span(what: string, i: number, step: number, size: number): string {
  return step === 1 ? `${what} ${i + 1}` : `${what}s ${i * step + 1}–${Math.min((i + 1) * step, size)}`;
}

/** The colour bar: −scale … 0 … +scale, top to bottom from +scale. */
function colorBar(x: number, top: number, height: number, scale: number): string {
  const parts = [`<g class="colorbar">`];
  for (let k = 0; k < 20; k++) {
    const t = 1 - (2 * k) / 19;
    parts.push(`<rect x="${x}" y="${num(top + (k * height) / 20)}" width="14" height="${num(height / 20 + 0.5)}" fill="${diverging(t)}"/>`);
  }
  parts.push(`<text x="${x + 18}" y="${top + 10}">${xml(shortNumber(scale))}</text>`);
  parts.push(`<text x="${x + 18}" y="${num(top + height / 2 + 4)}">0</text>`);
  parts.push(`<text x="${x + 18}" y="${top + height}">${xml(shortNumber(-scale))}</text>`);
  parts.push(`</g>`);
  return parts.join("");
}

/** At most this many panels are drawn; the rest are noted. */
const MAX_PANELS = 36;

/**
 * A 3-d tensor (p, m, n) as p panels, a 4-d one (p, q, m, n) as a p×q grid of panels, each
 * panel the m×n matrix at its leading indices, on one shared colour scale.
 */
function smallMultiples(t: NDArray, options: HeatmapOptions): string {
  const [m, n] = t.shape.slice(-2);
  const lead = t.shape.slice(0, -2);
  const panels = lead.reduce((a, b) => a * b, 1);
  const gridCols = lead.length === 2 ? lead[1] : Math.min(panels, Math.max(1, Math.ceil(Math.sqrt(panels))));
  let scale = options.scale ?? 0;
  if (options.scale === undefined) for (const v of t.data) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  const shown = Math.min(panels, MAX_PANELS);
  const svgs: { svg: string; width: number; height: number }[] = [];
  for (let k = 0; k < shown; k++) {
    // ∂f₁₂ is the panel of f's component (1, 2), f[0][1] in code; ∂f₁,₁₂ once an index has two digits.
    const at = lead.length === 2 ? [Math.floor(k / lead[1]) + 1, (k % lead[1]) + 1] : [k + 1];
    const index = `∂${options.rowStem ?? "f"}${at.map(subscript).join(lead.some((n) => n >= 10) ? "," : "")}`;
    const slice: NDArray = { shape: [m, n], data: t.data.subarray(k * m * n, (k + 1) * m * n) };
    // Inside a panel the rows and columns are the input's own indices, from 1.
    const rowLabels = options.rowLabels ?? Array.from({ length: m }, (_, i) => String(i + 1));
    const colLabels = options.colLabels ?? Array.from({ length: n }, (_, j) => String(j + 1));
    const svg = new Heatmap(slice, { rowLabels, colLabels, title: index, scale, colorBar: false }).toSVG();
    const size = /width="(\d+)" height="(\d+)"/.exec(svg) as RegExpExecArray;
    svgs.push({ svg, width: Number(size[1]), height: Number(size[2]) });
  }
  const cellW = Math.max(...svgs.map((s) => s.width), 1);
  const cellH = Math.max(...svgs.map((s) => s.height), 1);
  const top = options.title ? 30 : 6;
  const gridRows = Math.ceil(shown / gridCols);
  const width = gridCols * cellW + 90;
  const height = top + gridRows * cellH + (shown < panels ? 24 : 0);
  const parts = [svgRoot(width, height, 12)];
  if (options.title) parts.push(svgTitle(options.title, 8, 20, width - 16, 15));
  svgs.forEach((s, k) => {
    const x = (k % gridCols) * cellW;
    const y = top + Math.floor(k / gridCols) * cellH;
    parts.push(`<g class="panel" transform="translate(${x},${y})">${s.svg}</g>`);
  });
  parts.push(colorBar(gridCols * cellW + 24, top + 48, Math.max(gridRows * cellH - 80, 60), scale));
  if (shown < panels) parts.push(`<text class="note" x="8" y="${height - 8}" fill="#555">first ${shown} of ${panels} panels (shape ${t.shape.join("×")})</text>`);
  parts.push(`</svg>`);
  return parts.join("");
}

function shortNumber(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  const a = Math.abs(v);
  if (a !== 0 && (a < 0.01 || a >= 1e4)) return v.toExponential(1);
  return String(Number(v.toPrecision(3)));
}
