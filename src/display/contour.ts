import { grad } from "../api/grad";
import { describe } from "../api/containers";
import { scalarResult } from "../core/value";
import { contourSegments } from "./marching-squares";
import { num, svgRoot, svgTitle, uniqueId, xml } from "./svg";
import { niceTicks } from "./ticks";
import { formatNumber } from "./format-number";
import { checkDisplayOptions } from "./display-options";

export interface ContourOptions {
  /** Draw gradient arrows (computed by AD) on a coarse grid. */
  gradient?: boolean;
  /** An optimisation path to draw over the contours, e.g. gradient-descent iterates. */
  path?: number[][];
  /**
   * Number of contour levels spaced evenly in value (default 12), or the levels themselves,
   * each drawn and labelled with its value: `levels: [0]` is a classifier's decision boundary.
   */
  levels?: number | number[];
  title?: string;
}

const PAD = { left: 48, right: 16, top: 30, bottom: 36 };
/** The longer side of the frame, in pixels. */
const FRAME = 356;
/** The shorter side is at least FRAME / MAX_STRETCH: a longer box is drawn with x and y to different scales. */
const MAX_STRETCH = 4;
const GRID = 61;

/**
 * Contour lines of f(x, y) over a box [[x0, x1], [y0, y1]], drawn as SVG; optionally with
 * gradient arrows and an optimisation path. f takes the point as two numbers, `(x, y) => …`,
 * or as one array, `(v) => …v[0]…v[1]…`.
 *
 * The arrows are ∇f = (∂f/∂x, ∂f/∂y) by AD, drawn in its direction in (x, y) — the direction
 * of steepest ascent — with lengths proportional to |∇f|, the longest 0.8 of the arrow spacing.
 * x and y are drawn to the same scale (the frame has the box's shape), so the arrows cross
 * the contours at right angles on screen too. A box more than 4 times as wide as it is high
 * (or the reverse) is stretched to stay legible; the picture then says that the axes are to
 * different scales, where the arrows, still in ∇f's direction, no longer look perpendicular.
 * A function that is NaN everywhere, or constant, is named in a note instead of a blank frame.
 *
 * @example
 * contour((v: number[]) => v[0]**2 + 3 * v[1]**2, [[-2, 2], [-2, 2]], { gradient: true, path: [[1.5, 1], [1.2, 0.4], [0.9, 0.16]] })
 * contour((x: number, y: number) => Math.sin(x) * Math.cos(y), [[-3, 3], [-3, 3]], { gradient: true })
 * contour((x: number, y: number) => 2 * x - y + 1, [[-3, 3], [-3, 3]], { levels: [0] })
 */
export function contour(
  fn: ((v: number[]) => unknown) | ((x: number, y: number) => unknown),
  box: [[number, number], [number, number]],
  options: ContourOptions = {},
): ContourPlot {
  checkDisplayOptions(options, "contour");
  if (typeof fn !== "function") throw new TypeError(`contour: expected a function of two variables, (x, y) => … or (v) => …, got ${describe(fn)}`);
  // contour(f) or contour(f, [0, 1]) read "box is not iterable".
  if (!Array.isArray(box) || box.length !== 2 || !box.every((r) => Array.isArray(r) && r.length === 2 && r.every((e) => typeof e === "number"))) {
    throw new TypeError(`contour: the box must be [[x0, x1], [y0, y1]], got ${describe(box)}`);
  }
  if (fn.length > 2) throw new TypeError(`contour: f takes ${fn.length} arguments, but contour draws a function of two variables: (x, y) => … or (v) => … with v = [x, y]`);
  // (x, y) => … called with one array would see y undefined and draw nothing.
  const f = fn.length === 2 ? (v: number[]) => (fn as (x: number, y: number) => unknown)(v[0], v[1]) : (fn as (v: number[]) => unknown);
  const [[x0, x1], [y0, y1]] = box;
  // An infinite side drew an empty frame without a word: every grid point but the corners is ±∞ or NaN.
  if (!box.flat().every(Number.isFinite)) throw new RangeError(`contour: the box must be finite, [[x0, x1], [y0, y1]], got [[${x0}, ${x1}], [${y0}, ${y1}]]`);
  if (!(x1 > x0 && y1 > y0)) throw new RangeError(`contour: the box must be [[x0, x1], [y0, y1]] with x0 < x1 and y0 < y1, got [[${x0}, ${x1}], [${y0}, ${y1}]]`);
  const values = new Float64Array(GRID * GRID);
  for (let j = 0; j < GRID; j++) {
    for (let i = 0; i < GRID; i++) values[j * GRID + i] = scalarResult(f([x0 + ((x1 - x0) * i) / (GRID - 1), y0 + ((y1 - y0) * j) / (GRID - 1)]), "contour");
  }
  const arrows: [number, number, number, number][] = [];
  if (options.gradient) {
    const g = grad(f as (v: never) => unknown) as (v: number[]) => number[];
    // 9 arrows along the longer side, as many along the shorter as fit at the same spacing.
    const { w, h } = frameOf(box);
    const [cols, rows] = [Math.max(1, Math.round((9 * w) / Math.max(w, h))), Math.max(1, Math.round((9 * h) / Math.max(w, h)))];
    for (let j = 0; j < rows; j++) {
      for (let i = 0; i < cols; i++) {
        const p = [x0 + ((x1 - x0) * (i + 0.5)) / cols, y0 + ((y1 - y0) * (j + 0.5)) / rows];
        const [gx, gy] = g(p);
        arrows.push([p[0], p[1], gx, gy]);
      }
    }
  }
  return new ContourPlot(box, values, arrows, options);
}

/** The frame's width and height in pixels: the box's shape (x and y to one scale), unless that is too long and thin. */
function frameOf(box: [[number, number], [number, number]]): { w: number; h: number; sameScale: boolean } {
  const [[x0, x1], [y0, y1]] = box;
  const ratio = (x1 - x0) / (y1 - y0);
  const w = ratio >= 1 ? FRAME : Math.max(FRAME * ratio, FRAME / MAX_STRETCH);
  const h = ratio >= 1 ? Math.max(FRAME / ratio, FRAME / MAX_STRETCH) : FRAME;
  return { w, h, sameScale: ratio <= MAX_STRETCH && ratio >= 1 / MAX_STRETCH };
}

/** Notes need this much width, however narrow the frame. */
const MIN_WIDTH = 340;

/** A contour plot, shown in a notebook as SVG. */
export class ContourPlot {
  constructor(
    readonly box: [[number, number], [number, number]],
    readonly values: Float64Array,
    /** (x, y, ∂f/∂x, ∂f/∂y) at the arrow positions. */
    readonly arrows: [number, number, number, number][],
    readonly options: ContourOptions,
  ) {}

  /** The frame's width and height in pixels, and whether x and y are drawn to one scale. */
  frame(): { w: number; h: number; sameScale: boolean } {
    return frameOf(this.box);
  }

  /** A note on what the picture cannot show: f NaN everywhere, or constant. */
  private note(): string | undefined {
    const finite = this.values.filter(Number.isFinite);
    if (finite.length === 0) {
      return this.values.every(Number.isNaN) ? "f is NaN everywhere on the box: nothing to draw" : "f has no finite value on the box: nothing to draw";
    }
    const first = finite[0];
    if (finite.every((v) => v === first)) return `f is constant (${num(first)}) on the box: no contour lines`;
    return undefined;
  }

  toSVG(): string {
    const [[x0, x1], [y0, y1]] = this.box;
    const { w, h, sameScale } = this.frame();
    const width = Math.max(PAD.left + w + PAD.right, MIN_WIDTH);
    const height = PAD.top + h + PAD.bottom + (sameScale ? 0 : 14);
    const sx = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * w;
    const sy = (y: number) => PAD.top + h - ((y - y0) / (y1 - y0)) * h;
    const finite = Array.from(this.values).filter(Number.isFinite);
    const lo = finite.length ? Math.min(...finite) : 0;
    const hi = finite.length ? Math.max(...finite) : 0;
    const levels = this.options.levels;
    const count = typeof levels === "number" ? levels : 12;
    const parts = [svgRoot(width, height, 11)];
    if (this.options.title) parts.push(svgTitle(this.options.title, PAD.left, 18, Math.max(width - PAD.left - 8, 120)));
    parts.push(`<rect x="${PAD.left}" y="${PAD.top}" width="${num(w)}" height="${num(h)}" fill="#fbfbfb" stroke="#999"/>`);
    const segmentsPath = (level: number) =>
      contourSegments(this.values, GRID, GRID, level)
        .map(([a, b, c, e]) => `M${num(sx(x0 + ((x1 - x0) * a) / (GRID - 1)))} ${num(sy(y0 + ((y1 - y0) * b) / (GRID - 1)))}L${num(sx(x0 + ((x1 - x0) * c) / (GRID - 1)))} ${num(sy(y0 + ((y1 - y0) * e) / (GRID - 1)))}`)
        .join("");
    if (Array.isArray(levels)) {
      // Levels asked for by value: each drawn dark and labelled where its line starts.
      const sorted = [...levels].sort((a, b) => a - b);
      sorted.forEach((level, k) => {
        const d = segmentsPath(level);
        if (!d) return;
        const shade = sorted.length === 1 ? 40 : Math.round(160 - (120 * k) / (sorted.length - 1));
        parts.push(`<path class="contour" data-level="${num(level)}" d="${d}" fill="none" stroke="rgb(${shade},${shade},255)" stroke-width="2"/>`);
        const [mx, my] = d.slice(1, d.indexOf("L")).split(" ").map(Number);
        const lx = Math.min(Math.max(mx, PAD.left + 4), PAD.left + w - 40);
        const ly = Math.min(Math.max(my - 4, PAD.top + 12), PAD.top + h - 4);
        parts.push(`<text class="level-label" x="${num(lx)}" y="${num(ly)}" fill="rgb(${shade},${shade},200)">${xml(formatNumber(level))}</text>`);
      });
    } else if (hi > lo) {
      for (let k = 1; k <= count; k++) {
        // Levels spaced evenly in value; colour from light (low) to dark (high).
        const level = lo + ((hi - lo) * k) / (count + 1);
        const shade = Math.round(200 - (160 * k) / count);
        const d = segmentsPath(level);
        if (d) parts.push(`<path class="contour" data-level="${num(level)}" d="${d}" fill="none" stroke="rgb(${shade},${shade},255)" stroke-width="1.2"/>`);
      }
    }
    if (this.arrows.length) {
      // ∇f is a vector in (x, y): mapped to the screen like any displacement in (x, y), its
      // components scale by pixels per unit of x and of y (and y grows downwards). On the
      // same scale this is perpendicular to the contours on screen as well.
      const kx = w / (x1 - x0);
      const ky = h / (y1 - y0);
      const screen = this.arrows.map(([, , gx, gy]) => [gx * kx, -gy * ky]);
      const longest = Math.max(...screen.map(([u, v]) => Math.hypot(u, v)).filter(Number.isFinite), 0);
      const cell = Math.max(w, h) / 9;
      const arrow = uniqueId("contour-arrow");
      parts.push(`<defs><marker id="${arrow}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto"><path d="M0 0L10 5L0 10z" fill="#d62728"/></marker></defs>`);
      this.arrows.forEach(([x, y], k) => {
        const [u, v] = screen[k];
        const len = Math.hypot(u, v);
        if (!(len > 0) || !Number.isFinite(len) || longest === 0) return;
        // Lengths relative to the largest gradient.
        const scale = (0.8 * cell) / longest;
        parts.push(`<line class="gradient" x1="${num(sx(x))}" y1="${num(sy(y))}" x2="${num(sx(x) + u * scale)}" y2="${num(sy(y) + v * scale)}" stroke="#d62728" stroke-width="1.3" marker-end="url(#${arrow})"/>`);
      });
    }
    const path = this.options.path ?? [];
    if (path.length) {
      parts.push(`<polyline class="path" points="${path.map(([x, y]) => `${num(sx(x))},${num(sy(y))}`).join(" ")}" fill="none" stroke="#222" stroke-width="1.8"/>`);
      for (const [x, y] of path) parts.push(`<circle class="iterate" cx="${num(sx(x))}" cy="${num(sy(y))}" r="3" fill="#222"/>`);
    }
    const note = this.note();
    // Centred on the frame but right of the y ticks and inside the picture; squeezed when
    // longer than the room (≈ 0.55 em per character).
    const room = width - PAD.left - 8;
    const noteAt = (text: string, y: number, colour: string): string => {
      const length = Math.min([...text].length * 0.55 * 11, room);
      const centre = Math.max(PAD.left + w / 2, PAD.left + length / 2);
      const squeeze = length === room ? ` textLength="${num(room)}" lengthAdjust="spacingAndGlyphs"` : "";
      return `<text class="note" x="${num(centre)}" y="${num(y)}" text-anchor="middle" fill="${colour}"${squeeze}>${xml(text)}</text>`;
    };
    if (note) parts.push(noteAt(note, PAD.top + h / 2, "#b2182b"));
    if (!sameScale) parts.push(noteAt("x and y not to the same scale", height - 6, "#555"));
    for (const t of niceTicks(x0, x1)) parts.push(`<text class="x-tick" x="${num(sx(t))}" y="${num(PAD.top + h + 14)}" text-anchor="middle">${t}</text>`);
    for (const t of niceTicks(y0, y1)) parts.push(`<text class="y-tick" x="${PAD.left - 6}" y="${num(sy(t) + 4)}" text-anchor="end">${t}</text>`);
    parts.push("</svg>");
    return parts.join("");
  }

  toString(): string {
    const note = this.note();
    return `Contour plot over [${this.box[0].join(", ")}] × [${this.box[1].join(", ")}]${note ? `\n${note}` : ""}`;
  }

  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "image/svg+xml": this.toSVG(), "text/plain": this.toString() };
  }
}
