import { grad } from "../api/grad";
import { scalarResult } from "../core/value";
import { contourSegments } from "./marching-squares";
import { num, xml, svgTitle } from "./svg";
import { niceTicks } from "./ticks";

export interface ContourOptions {
  /** Draw gradient arrows (computed by AD) on a coarse grid. */
  gradient?: boolean;
  /** An optimisation path to draw over the contours, e.g. gradient-descent iterates. */
  path?: number[][];
  /** Number of contour levels (default 12). */
  levels?: number;
  title?: string;
}

const SIZE = 420;
const PAD = { left: 48, right: 16, top: 30, bottom: 36 };
const GRID = 61;


/**
 * Contour lines of f(x, y) over a box [[x0, x1], [y0, y1]], drawn as SVG; optionally with
 * gradient arrows (by AD; they cross the contours at right angles) and an optimisation path.
 * f takes the point as two numbers, `(x, y) => …`, or as one array, `(v) => …v[0]…v[1]…`.
 *
 * @example
 * contour((v: number[]) => v[0]**2 + 3 * v[1]**2, [[-2, 2], [-2, 2]], { gradient: true, path: [[1.5, 1], [1.2, 0.4], [0.9, 0.16]] })
 * contour((x: number, y: number) => Math.sin(x) * Math.cos(y), [[-3, 3], [-3, 3]], { gradient: true })
 */
export function contour(
  fn: ((v: number[]) => unknown) | ((x: number, y: number) => unknown),
  box: [[number, number], [number, number]],
  options: ContourOptions = {},
): ContourPlot {
  // (x, y) => … called with one array would see y undefined and draw nothing.
  const f = fn.length === 2 ? (v: number[]) => (fn as (x: number, y: number) => unknown)(v[0], v[1]) : (fn as (v: number[]) => unknown);
  const [[x0, x1], [y0, y1]] = box;
  if (!(x1 > x0 && y1 > y0)) throw new RangeError(`contour: the box must be [[x0, x1], [y0, y1]] with x0 < x1 and y0 < y1`);
  const values = new Float64Array(GRID * GRID);
  for (let j = 0; j < GRID; j++) {
    for (let i = 0; i < GRID; i++) values[j * GRID + i] = scalarResult(f([x0 + ((x1 - x0) * i) / (GRID - 1), y0 + ((y1 - y0) * j) / (GRID - 1)]), "contour");
  }
  const arrows: [number, number, number, number][] = [];
  if (options.gradient) {
    const g = grad(f as (v: never) => unknown) as (v: number[]) => number[];
    const k = 9;
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < k; i++) {
        const p = [x0 + ((x1 - x0) * (i + 0.5)) / k, y0 + ((y1 - y0) * (j + 0.5)) / k];
        const [gx, gy] = g(p);
        arrows.push([p[0], p[1], gx, gy]);
      }
    }
  }
  return new ContourPlot(box, values, arrows, options);
}

/** A contour plot, shown in a notebook as SVG. */
export class ContourPlot {
  constructor(
    readonly box: [[number, number], [number, number]],
    readonly values: Float64Array,
    /** (x, y, ∂f/∂x, ∂f/∂y) at the arrow positions. */
    readonly arrows: [number, number, number, number][],
    readonly options: ContourOptions,
  ) {}

  toSVG(): string {
    const [[x0, x1], [y0, y1]] = this.box;
    const w = SIZE - PAD.left - PAD.right;
    const h = SIZE - PAD.top - PAD.bottom;
    const sx = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * w;
    const sy = (y: number) => PAD.top + h - ((y - y0) / (y1 - y0)) * h;
    const finite = Array.from(this.values).filter(Number.isFinite);
    const lo = finite.length ? Math.min(...finite) : 0;
    const hi = finite.length ? Math.max(...finite) : 0;
    const count = this.options.levels ?? 12;
    const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}" font-family="sans-serif" font-size="11">`];
    if (this.options.title) parts.push(svgTitle(this.options.title, PAD.left, 18, SIZE - PAD.left - 8));
    parts.push(`<rect x="${PAD.left}" y="${PAD.top}" width="${w}" height="${h}" fill="#fbfbfb" stroke="#999"/>`);
    if (hi > lo) {
      for (let k = 1; k <= count; k++) {
        // Levels spaced evenly in value; colour from light (low) to dark (high).
        const level = lo + ((hi - lo) * k) / (count + 1);
        const shade = Math.round(200 - (160 * k) / count);
        const d = contourSegments(this.values, GRID, GRID, level)
          .map(([a, b, c, e]) => `M${num(sx(x0 + ((x1 - x0) * a) / (GRID - 1)))} ${num(sy(y0 + ((y1 - y0) * b) / (GRID - 1)))}L${num(sx(x0 + ((x1 - x0) * c) / (GRID - 1)))} ${num(sy(y0 + ((y1 - y0) * e) / (GRID - 1)))}`)
          .join("");
        if (d) parts.push(`<path class="contour" data-level="${num(level)}" d="${d}" fill="none" stroke="rgb(${shade},${shade},255)" stroke-width="1.2"/>`);
      }
    }
    if (this.arrows.length) {
      const longest = Math.max(...this.arrows.map(([, , gx, gy]) => Math.hypot(gx, gy)).filter(Number.isFinite), 0);
      const cell = Math.min(w, h) / 9;
      parts.push(`<defs><marker id="contour-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto"><path d="M0 0L10 5L0 10z" fill="#d62728"/></marker></defs>`);
      for (const [x, y, gx, gy] of this.arrows) {
        const len = Math.hypot(gx, gy);
        if (!(len > 0) || !Number.isFinite(len) || longest === 0) continue;
        // Screen directions: y grows downwards. Length scaled to the largest gradient.
        const scale = (0.8 * cell * len) / longest / len;
        parts.push(`<line class="gradient" x1="${num(sx(x))}" y1="${num(sy(y))}" x2="${num(sx(x) + gx * scale)}" y2="${num(sy(y) - gy * scale)}" stroke="#d62728" stroke-width="1.3" marker-end="url(#contour-arrow)"/>`);
      }
    }
    const path = this.options.path ?? [];
    if (path.length) {
      parts.push(`<polyline class="path" points="${path.map(([x, y]) => `${num(sx(x))},${num(sy(y))}`).join(" ")}" fill="none" stroke="#222" stroke-width="1.8"/>`);
      for (const [x, y] of path) parts.push(`<circle class="iterate" cx="${num(sx(x))}" cy="${num(sy(y))}" r="3" fill="#222"/>`);
    }
    for (const t of niceTicks(x0, x1)) parts.push(`<text class="x-tick" x="${num(sx(t))}" y="${SIZE - PAD.bottom + 14}" text-anchor="middle">${t}</text>`);
    for (const t of niceTicks(y0, y1)) parts.push(`<text class="y-tick" x="${PAD.left - 6}" y="${num(sy(t) + 4)}" text-anchor="end">${t}</text>`);
    parts.push("</svg>");
    return parts.join("");
  }

  toString(): string {
    return `Contour plot over [${this.box[0].join(", ")}] × [${this.box[1].join(", ")}]`;
  }

  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "image/svg+xml": this.toSVG(), "text/plain": this.toString() };
  }
}
