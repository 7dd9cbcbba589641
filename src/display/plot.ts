import { derivative } from "../api/derivative";
import { describe } from "../api/containers";
import { isAD, scalarResult } from "../core/value";
import { Tensor } from "../tensor/tensor";
import { num, svgRoot, svgTitle, textWidth, uniqueId, xml } from "./svg";
import { parameterNames } from "./symbolic/names";
import { niceTicks } from "./ticks";
import { checkDisplayOptions } from "./display-options";
import { extent } from "./extent";

export interface PlotOptions {
  /** Also draw f′ of the first function (computed by AD, not by differences). */
  derivative?: boolean;
  /** Draw the tangent line of the first function at this x (or these xs). */
  tangentAt?: number | number[];
  /** Samples across [a, b] (default 200). */
  samples?: number;
  title?: string;
  /** Legend labels, one per function or data series (default f(x), g(x), …). */
  labels?: string[];
  /** Logarithmic x axis (powers of ten); non-positive x are left out. */
  logX?: boolean;
  /** Logarithmic y axis; non-positive y are left out (the line breaks there). */
  logY?: boolean;
}

/** Measured points to draw as a line: `{ x: [...], y: [...], label: "error" }`. */
export interface DataSeries {
  x: readonly number[];
  y: readonly number[];
  label?: string;
}

interface Series {
  label: string;
  color: string;
  points: [number, number][];
  dashed?: boolean;
  /** Draw a dot at each point (data series). */
  dots?: boolean;
}

/** A measured series of more points than this is drawn as a line only. */
const MAX_DOTS = 100;
const WIDTH = 560;
const HEIGHT = 340;
const PAD = { left: 56, right: 16, top: 30, bottom: 36 };
const COLORS = ["#1f77b4", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"];
const NAMES = ["f", "g", "h", "p", "q", "r", "s", "u"];

type Fn1 = (x: number) => unknown;

/**
 * A plot of functions of one variable on [a, b], drawn as SVG. Give one function or an
 * array of functions and measured series (`{ x, y, label }`); with `derivative: true` the
 * exact derivative of the first function (by AD) is drawn too, with `tangentAt: x₀` its
 * tangent line there; `logX`/`logY` make an axis logarithmic (a finite-difference error
 * against step size, say). A measured series shows a dot at each point, up to 100 points (a
 * longer one, a loss per step, is a line). Where f is not finite (ln x for x ≤ 0) its line breaks; a curve
 * with nothing to draw (NaN at every x) is named in a note on the picture rather than left out
 * silently.
 *
 * @example
 * plot((x: number) => Math.sin(2 * x + 1), [-2, 2], { derivative: true, tangentAt: 0.5 })
 * plot([Math.sin, Math.cos], [0, 2 * Math.PI], { labels: ["sin", "cos"] })
 * plot({ x: [1e-1, 1e-4, 1e-8], y: [0.1, 1e-4, 5e-9], label: "error" }, undefined, { logX: true, logY: true })
 */
export function plot(what: Fn1 | DataSeries | readonly (Fn1 | DataSeries)[], range?: [number, number], options: PlotOptions = {}): Plot {
  checkDisplayOptions(options, "plot");
  const items = Array.isArray(what) ? (what as (Fn1 | DataSeries)[]) : [what as Fn1 | DataSeries];
  if (items.length === 0) throw new RangeError("plot: nothing to draw (give a function or a data series)");
  // labels: ["a"] for two curves drew "a" and "g(x)"; three for one drew one and dropped two, silently.
  if (options.labels && options.labels.length !== items.length) {
    throw new RangeError(`plot: ${options.labels.length} label${options.labels.length === 1 ? "" : "s"} for ${items.length} curve${items.length === 1 ? "" : "s"} (functions and data series); give one label per curve`);
  }
  const functions = items.filter((i): i is Fn1 => typeof i === "function");
  // (x, y) => … would be called with y undefined: NaN everywhere, an empty frame.
  functions.forEach((fn, k) => {
    if (fn.length < 2) return;
    const params = parameterNames(fn as (...args: never[]) => unknown)?.join(", ") ?? `${fn.length} parameters`;
    const name = functions.length === 1 ? "f" : `function ${items.indexOf(fn) + 1}`;
    throw new TypeError(
      `plot: ${name} takes ${fn.length} arguments (${params}), but plot draws functions of one variable, f(x). ` +
        `For a function of two variables use contour(f, [[x0, x1], [y0, y1]]); to see it along x, fix the others: plot((x) => f(x, 1), [a, b])`,
    );
  });
  if (functions.length > 0 && range === undefined) throw new RangeError("plot: functions need a range [a, b]");
  const series: Series[] = [];
  const marks: [number, number][] = [];
  let xs: number[] = [];
  if (range !== undefined) {
    // plot(f, { x: [0, 1] }) read "range is not iterable".
    if (!Array.isArray(range)) {
      throw new TypeError(`plot: the second argument is the range [a, b], got ${describe(range)}; options come third, plot(f, [a, b], { … })`);
    }
    // ["0", "1"] read "got [0, 1]", and [0, 1, 2] drew [0, 1] without a word.
    if (range.length !== 2 || !range.every((e) => typeof e === "number")) {
      throw new TypeError(`plot: the range is two numbers [a, b], got [${(range as unknown[]).map(describe).join(", ")}]`);
    }
    const [a, b] = range;
    if (!(Number.isFinite(a) && Number.isFinite(b) && b > a) || (options.logX && a <= 0)) {
      throw new RangeError(`plot: the range must be [a, b] with a < b${options.logX ? " and a > 0 on a log axis" : ""}, got [${a}, ${b}]`);
    }
    const n = Math.max(2, options.samples ?? 200);
    // On a log axis the samples are spaced evenly in log x.
    xs = options.logX
      ? Array.from({ length: n }, (_, i) => a * (b / a) ** (i / (n - 1)))
      : Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
  }
  items.forEach((item, k) => {
    const color = k === 0 ? "#1f77b4" : COLORS[k % COLORS.length];
    const fallback = functions.length === 1 && typeof item === "function" ? "f(x)" : `${NAMES[k % NAMES.length]}(x)`;
    if (typeof item === "function") {
      series.push({ label: options.labels?.[k] ?? fallback, color, points: xs.map((x) => [x, scalarResult(item(x), "plot")]) });
    } else {
      // A dot per measurement, up to MAX_DOTS: a loss curve's 1000 dots merged into a thick band.
      const points = dataPoints(item);
      series.push({ label: options.labels?.[k] ?? item.label ?? `series ${k + 1}`, color, points, dots: points.length <= MAX_DOTS });
    }
  });
  const first = functions[0];
  if (first && (options.derivative || options.tangentAt !== undefined)) {
    const [a, b] = range as [number, number];
    const df = derivative(first as (x: never) => unknown) as (x: number) => unknown;
    const name = series[items.indexOf(first)].label.replace(/\(x\)$/, "");
    if (options.derivative) series.push({ label: `${name}′(x)`, color: "#d62728", points: xs.map((x) => [x, scalarResult(df(x), "plot")]) });
    for (const x0 of ([] as number[]).concat(options.tangentAt ?? [])) {
      const y0 = scalarResult(first(x0), "plot");
      const slope = scalarResult(df(x0), "plot");
      series.push({ label: `tangent at ${Number(x0.toPrecision(4))}`, color: "#2ca02c", dashed: true, points: [[a, y0 + slope * (a - x0)], [b, y0 + slope * (b - x0)]] });
      marks.push([x0, y0]);
    }
  }
  return new Plot(series, options.title, marks, { logX: options.logX ?? false, logY: options.logY ?? false });
}

function dataPoints(d: DataSeries): [number, number][] {
  const shape = "a data series is { x: number[], y: number[], label? } with x and y of the same length";
  if (!d || typeof d !== "object" || Array.isArray(d)) throw new TypeError(`plot: ${shape}, got ${describe(d)}`);
  const x = seriesNumbers(d.x, "x", shape);
  const y = seriesNumbers(d.y, "y", shape);
  if (x.length !== y.length) throw new TypeError(`plot: ${shape}; x has ${x.length} values and y ${y.length}`);
  return x.map((xi, i) => [xi, y[i]]);
}

/**
 * One coordinate of a data series as numbers: an array, or a tensor of one axis (losses kept as
 * a tensor). Strings were turned into NaN by Number() and drew an empty frame; a tensor was
 * refused with "x and y of the same length" when they were.
 */
function seriesNumbers(v: unknown, name: "x" | "y", shape: string): number[] {
  if (v instanceof Tensor && v.shape.length === 1) return Array.from(v.data);
  if (!Array.isArray(v)) throw new TypeError(`plot: ${shape}; ${name} is ${describe(v)}`);
  return v.map((e, i) => {
    if (typeof e === "number") return e;
    // A dual number or tape variable (a loss kept from inside f) says, through Number, to keep primal(loss).
    if (isAD(e)) return Number(e);
    throw new TypeError(`plot: ${shape}; ${name}[${i}] is ${describe(e)}, not a number`);
  });
}

/** A line plot, shown in a notebook as SVG. */
export class Plot {
  constructor(
    readonly series: Series[],
    readonly title: string | undefined,
    /** Points of tangency (x, f(x)). */
    readonly marks: [number, number][],
    readonly scales: { logX: boolean; logY: boolean } = { logX: false, logY: false },
  ) {}

  /** One note for each curve or series that has nothing to draw, saying why. */
  private emptyNotes(): string[] {
    const { logX, logY } = this.scales;
    const notes: string[] = [];
    for (const s of this.series) {
      const visible = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!logX || x > 0) && (!logY || y > 0));
      if (visible.length > 0 || s.points.length === 0) continue;
      const xs = s.points.map(([x]) => x).filter(Number.isFinite);
      const range = xs.length ? `[${extent(xs).map(short).join(", ")}]` : "its range";
      const finite = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
      const why = s.points.every(([, y]) => Number.isNaN(y))
        ? `NaN at every x in ${range}`
        : finite.length === 0
          ? `no finite value on ${range}`
          : logX && finite.every(([x]) => x <= 0)
            ? "no x > 0 for the log x axis"
            : "no value > 0 for the log y axis";
      notes.push(`${s.label}: nothing to draw, ${why}`);
    }
    return notes;
  }

  toSVG(): string {
    // On a log axis everything is drawn in log10 units; points that have no logarithm are left out.
    const { logX, logY } = this.scales;
    const tx = (x: number): number => (logX ? (x > 0 ? Math.log10(x) : NaN) : x);
    const ty = (y: number): number => (logY ? (y > 0 ? Math.log10(y) : NaN) : y);
    const series = this.series.map((s) => ({ ...s, points: s.points.map(([x, y]) => [tx(x), ty(y)] as [number, number]).filter(([x]) => Number.isFinite(x)) }));
    const marks = this.marks.map(([x, y]) => [tx(x), ty(y)] as [number, number]);
    const tickLabel = (t: number, log: boolean): string => (log ? formatPower(t) : String(t));
    const xsAll = series.flatMap((s) => s.points.map((p) => p[0]));
    // The y range comes from the function curves (tangent lines may run off the plot).
    const curveYs = series.filter((s) => !s.dashed).flatMap((s) => s.points.map((p) => p[1])).filter(Number.isFinite);
    let [x0, x1] = xsAll.length ? extent(xsAll) : [NaN, NaN];
    let [y0, y1] = curveYs.length ? extent(curveYs) : [-1, 1];
    if (y1 - y0 < 1e-12) [y0, y1] = [y0 - 1, y1 + 1];
    const margin = (y1 - y0) * 0.05;
    [y0, y1] = [y0 - margin, y1 + margin];
    if (x1 <= x0) x1 = x0 + 1;
    const sx = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * (WIDTH - PAD.left - PAD.right);
    const sy = (y: number) => HEIGHT - PAD.bottom - ((y - y0) / (y1 - y0)) * (HEIGHT - PAD.top - PAD.bottom);
    const clip = uniqueId("plot-area");
    const parts: string[] = [
      svgRoot(WIDTH, HEIGHT, 11),
      `<defs><clipPath id="${clip}"><rect x="${PAD.left}" y="${PAD.top}" width="${WIDTH - PAD.left - PAD.right}" height="${HEIGHT - PAD.top - PAD.bottom}"/></clipPath></defs>`,
    ];
    if (this.title) parts.push(svgTitle(this.title, PAD.left, 18, WIDTH - PAD.left - 8));
    parts.push(`<g class="axes" stroke="#999">`);
    for (const t of ticks(x0, x1, logX)) parts.push(`<line x1="${num(sx(t))}" y1="${PAD.top}" x2="${num(sx(t))}" y2="${HEIGHT - PAD.bottom}" stroke="#eee"/>`);
    for (const t of ticks(y0, y1, logY)) parts.push(`<line x1="${PAD.left}" y1="${num(sy(t))}" x2="${WIDTH - PAD.right}" y2="${num(sy(t))}" stroke="#eee"/>`);
    if (!logY && y0 < 0 && y1 > 0) parts.push(`<line x1="${PAD.left}" y1="${num(sy(0))}" x2="${WIDTH - PAD.right}" y2="${num(sy(0))}" stroke="#888"/>`);
    parts.push(`<rect x="${PAD.left}" y="${PAD.top}" width="${WIDTH - PAD.left - PAD.right}" height="${HEIGHT - PAD.top - PAD.bottom}" fill="none"/>`);
    parts.push(`</g><g class="ticks" fill="#444">`);
    for (const t of ticks(x0, x1, logX)) parts.push(`<text class="x-tick" x="${num(sx(t))}" y="${HEIGHT - PAD.bottom + 14}" text-anchor="middle">${tickLabel(t, logX)}</text>`);
    for (const t of ticks(y0, y1, logY)) parts.push(`<text class="y-tick" x="${PAD.left - 6}" y="${num(sy(t) + 4)}" text-anchor="end">${tickLabel(t, logY)}</text>`);
    parts.push(`</g><g clip-path="url(#${clip})" fill="none" stroke-width="2">`);
    for (const s of series) {
      // A non-finite value breaks the line instead of drawing to infinity.
      const segments: string[] = [];
      let current: string[] = [];
      for (const [x, y] of s.points) {
        if (Number.isFinite(y)) current.push(`${num(sx(x))},${num(sy(Math.max(y0 - (y1 - y0), Math.min(y1 + (y1 - y0), y))))}`);
        else if (current.length) (segments.push(current.join(" ")), (current = []));
      }
      if (current.length) segments.push(current.join(" "));
      for (const seg of segments) {
        parts.push(`<polyline class="series" data-label="${xml(s.label)}" points="${seg}" stroke="${s.color}"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>`);
      }
      if (s.dots) {
        for (const [x, y] of s.points) if (Number.isFinite(y)) parts.push(`<circle class="point" cx="${num(sx(x))}" cy="${num(sy(y))}" r="3" fill="${s.color}"/>`);
      }
    }
    // The points of tangency, clipped with the curves: one outside [a, b] is not drawn over the axes.
    for (const [x, y] of marks) {
      if (Number.isFinite(y)) parts.push(`<circle class="mark" cx="${num(sx(x))}" cy="${num(sy(y))}" r="4" fill="#2ca02c" stroke="none"/>`);
    }
    parts.push(`</g>`);
    // A curve with nothing to draw is named in the frame, not left out without a word.
    this.emptyNotes().forEach((note, i) => {
      parts.push(`<text class="note" x="${num((PAD.left + WIDTH - PAD.right) / 2)}" y="${num((PAD.top + HEIGHT - PAD.bottom) / 2 + 16 * i)}" text-anchor="middle" fill="#b2182b">${xml(note)}</text>`);
    });
    // The legend in the top right corner, as wide as its longest label, on a pale box so
    // that curves behind it do not hide the text.
    const legendWidth = 30 + extent(this.series.map((s) => textWidth(s.label, 11)))[1];
    const lx = WIDTH - PAD.right - 6 - legendWidth;
    parts.push(`<g class="legend">`);
    parts.push(`<rect x="${num(lx - 4)}" y="${PAD.top + 2}" width="${num(legendWidth + 6)}" height="${this.series.length * 16 + 6}" fill="white" fill-opacity="0.85" stroke="#ddd"/>`);
    this.series.forEach((s, i) => {
      const y = PAD.top + 16 + i * 16;
      parts.push(`<line x1="${num(lx)}" y1="${y - 4}" x2="${num(lx + 20)}" y2="${y - 4}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>`);
      parts.push(`<text x="${num(lx + 26)}" y="${y}">${xml(s.label)}</text>`);
    });
    parts.push(`</g></svg>`);
    return parts.join("");
  }

  toString(): string {
    const notes = this.emptyNotes();
    return `${this.title ? `${this.title}: ` : ""}plot of ${this.series.map((s) => s.label).join(", ")}${notes.length ? `\n${notes.join("\n")}` : ""}`;
  }

  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "image/svg+xml": this.toSVG(), "text/plain": this.toString() };
  }
}

/** A bound of a range in a note: 4 significant digits. */
function short(x: number): string {
  return String(Number(x.toPrecision(4)));
}

/**
 * Tick positions: round values, or on a log axis (positions are log₁₀ of the values) the whole
 * powers of ten in range; a range within about a decade gets 1, 2 and 5 times powers of ten
 * (0.005, 0.01, 0.02 rather than 10 to the −2.6, −2.4 …: 0.00251, 0.00398), or every digit.
 */
function ticks(lo: number, hi: number, log: boolean): number[] {
  if (!log) return niceTicks(lo, hi);
  const whole: number[] = [];
  for (let t = Math.ceil(lo); t <= Math.floor(hi); t++) whole.push(t);
  const every = Math.max(1, Math.ceil(whole.length / 8));
  if (whole.length >= 2) return whole.filter((t) => t % every === 0);
  for (const digits of [[1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]]) {
    const inRange: number[] = [];
    for (let k = Math.floor(lo); k <= Math.ceil(hi); k++) {
      for (const d of digits) {
        const t = Math.log10(d) + k;
        if (t >= lo - 1e-9 && t <= hi + 1e-9) inRange.push(t);
      }
    }
    if (inRange.length >= 3) return inRange;
  }
  // Narrower still: round values, placed at their logarithms.
  return niceTicks(10 ** lo, 10 ** hi).filter((v) => v > 0).map(Math.log10);
}

/** 10^t as a tick label: 1, 10, 0.1 for small powers, 1e-8 beyond. */
function formatPower(t: number): string {
  if (!Number.isInteger(t)) return String(Number((10 ** t).toPrecision(3)));
  return Math.abs(t) <= 2 ? String(10 ** t) : `1e${t}`;
}
