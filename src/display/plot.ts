import { derivative } from "../api/derivative";
import { scalarResult } from "../core/value";
import { num, xml } from "./svg";
import { niceTicks } from "./ticks";

export interface PlotOptions {
  /** Also draw f′ (computed by AD, not by differences). */
  derivative?: boolean;
  /** Draw the tangent line of f at this x (or these xs). */
  tangentAt?: number | number[];
  /** Samples across [a, b] (default 200). */
  samples?: number;
  title?: string;
}

interface Series {
  label: string;
  color: string;
  points: [number, number][];
  dashed?: boolean;
}

const WIDTH = 560;
const HEIGHT = 340;
const PAD = { left: 56, right: 16, top: 30, bottom: 36 };


/**
 * A plot of a function of one variable on [a, b], drawn as SVG; with `derivative: true`
 * its exact derivative (by AD) too, and with `tangentAt: x₀` the tangent line there.
 *
 * @example
 * plot((x: number) => Math.sin(2 * x + 1), [-2, 2], { derivative: true, tangentAt: 0.5 })
 */
export function plot(f: (x: number) => unknown, range: [number, number], options: PlotOptions = {}): Plot {
  const [a, b] = range;
  if (!(Number.isFinite(a) && Number.isFinite(b) && b > a)) {
    throw new RangeError(`plot: the range must be [a, b] with a < b, got [${a}, ${b}]`);
  }
  const n = Math.max(2, options.samples ?? 200);
  const xs = Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
  const series: Series[] = [{ label: "f(x)", color: "#1f77b4", points: xs.map((x) => [x, scalarResult(f(x), "plot")]) }];
  const df = derivative(f as (x: never) => unknown) as (x: number) => unknown;
  if (options.derivative) series.push({ label: "f′(x)", color: "#d62728", points: xs.map((x) => [x, scalarResult(df(x), "plot")]) });
  const tangents = options.tangentAt === undefined ? [] : ([] as number[]).concat(options.tangentAt);
  for (const x0 of tangents) {
    const y0 = scalarResult(f(x0), "plot");
    const slope = scalarResult(df(x0), "plot");
    series.push({ label: `tangent at ${Number(x0.toPrecision(4))}`, color: "#2ca02c", dashed: true, points: [[a, y0 + slope * (a - x0)], [b, y0 + slope * (b - x0)]] });
  }
  return new Plot(series, options.title, tangents.map((x0) => [x0, scalarResult(f(x0), "plot")]));
}

/** A line plot, shown in a notebook as SVG. */
export class Plot {
  constructor(
    readonly series: Series[],
    readonly title: string | undefined,
    /** Points of tangency (x, f(x)). */
    readonly marks: [number, number][],
  ) {}

  toSVG(): string {
    const xsAll = this.series.flatMap((s) => s.points.map((p) => p[0]));
    // The y range comes from the function curves (tangent lines may run off the plot).
    const curveYs = this.series.filter((s) => !s.dashed).flatMap((s) => s.points.map((p) => p[1])).filter(Number.isFinite);
    let [x0, x1] = [Math.min(...xsAll), Math.max(...xsAll)];
    let [y0, y1] = curveYs.length ? [Math.min(...curveYs), Math.max(...curveYs)] : [-1, 1];
    if (y1 - y0 < 1e-12) [y0, y1] = [y0 - 1, y1 + 1];
    const margin = (y1 - y0) * 0.05;
    [y0, y1] = [y0 - margin, y1 + margin];
    if (x1 <= x0) x1 = x0 + 1;
    const sx = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * (WIDTH - PAD.left - PAD.right);
    const sy = (y: number) => HEIGHT - PAD.bottom - ((y - y0) / (y1 - y0)) * (HEIGHT - PAD.top - PAD.bottom);
    const parts: string[] = [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11">`,
      `<defs><clipPath id="plot-area"><rect x="${PAD.left}" y="${PAD.top}" width="${WIDTH - PAD.left - PAD.right}" height="${HEIGHT - PAD.top - PAD.bottom}"/></clipPath></defs>`,
    ];
    if (this.title) parts.push(`<text class="title" x="${PAD.left}" y="18" font-size="14" font-weight="bold">${xml(this.title)}</text>`);
    parts.push(`<g class="axes" stroke="#999">`);
    for (const t of niceTicks(x0, x1)) parts.push(`<line x1="${num(sx(t))}" y1="${PAD.top}" x2="${num(sx(t))}" y2="${HEIGHT - PAD.bottom}" stroke="#eee"/>`);
    for (const t of niceTicks(y0, y1)) parts.push(`<line x1="${PAD.left}" y1="${num(sy(t))}" x2="${WIDTH - PAD.right}" y2="${num(sy(t))}" stroke="#eee"/>`);
    if (y0 < 0 && y1 > 0) parts.push(`<line x1="${PAD.left}" y1="${num(sy(0))}" x2="${WIDTH - PAD.right}" y2="${num(sy(0))}" stroke="#888"/>`);
    parts.push(`<rect x="${PAD.left}" y="${PAD.top}" width="${WIDTH - PAD.left - PAD.right}" height="${HEIGHT - PAD.top - PAD.bottom}" fill="none"/>`);
    parts.push(`</g><g class="ticks" fill="#444">`);
    for (const t of niceTicks(x0, x1)) parts.push(`<text class="x-tick" x="${num(sx(t))}" y="${HEIGHT - PAD.bottom + 14}" text-anchor="middle">${t}</text>`);
    for (const t of niceTicks(y0, y1)) parts.push(`<text class="y-tick" x="${PAD.left - 6}" y="${num(sy(t) + 4)}" text-anchor="end">${t}</text>`);
    parts.push(`</g><g clip-path="url(#plot-area)" fill="none" stroke-width="2">`);
    for (const s of this.series) {
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
    }
    parts.push(`</g>`);
    // The points of tangency.
    for (const [x, y] of this.marks) {
      if (Number.isFinite(y)) parts.push(`<circle class="mark" cx="${num(sx(x))}" cy="${num(sy(y))}" r="4" fill="#2ca02c"/>`);
    }
    parts.push(`<g class="legend">`);
    this.series.forEach((s, i) => {
      const y = PAD.top + 12 + i * 16;
      parts.push(`<line x1="${WIDTH - PAD.right - 130}" y1="${y - 4}" x2="${WIDTH - PAD.right - 110}" y2="${y - 4}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ""}/>`);
      parts.push(`<text x="${WIDTH - PAD.right - 104}" y="${y}">${xml(s.label)}</text>`);
    });
    parts.push(`</g></svg>`);
    return parts.join("");
  }

  toString(): string {
    return `Plot of ${this.series.map((s) => s.label).join(", ")}`;
  }

  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "image/svg+xml": this.toSVG(), "text/plain": this.toString() };
  }
}
