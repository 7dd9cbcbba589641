import { formatNumber } from "./format-number";
import { num, xml } from "./svg";
import { checkDisplayOptions } from "./display-options";

type DisplayFn = (value: unknown, options: { id: string }) => { update(value: unknown): void } | undefined;

export interface ProgressOptions {
  /** The number of iterations expected (for the bar); optional. */
  total?: number;
  title?: string;
  /** At most one redraw per this many milliseconds (default 100). */
  throttleMs?: number;
  /** Where to show it; in a Nabla cell the notebook's `display`, found by default. */
  display?: DisplayFn;
}

let nextId = 0;

/**
 * A progress display for long loops, updated in place (one output that changes, not a
 * flood): iteration, loss and a small loss curve, redrawn at most every 100 ms and at the
 * last iteration (`total`); `done()` draws the final state of a loop without a total.
 *
 * @example
 * const p = progress({ total: 1000, title: "training" });
 * for (let i = 1; i <= 1000; i++) p.update(i, 1 / i);
 * String(p) // "training: iteration 1000/1000, loss 0.001"
 */
export function progress(options: ProgressOptions = {}): Progress {
  checkDisplayOptions(options, "progress");
  return new Progress(options);
}

/** The state of a long computation, shown as a display that updates in place. */
export class Progress {
  readonly losses: number[] = [];
  iteration = 0;
  redraws = 0;
  private handle: { update(value: unknown): void } | undefined;
  private lastDraw = -Infinity;
  private readonly id = `nabla-progress-${++nextId}`;

  constructor(readonly options: ProgressOptions) {}

  private displayFn(): DisplayFn | undefined {
    const fromGlobal = (globalThis as { display?: unknown }).display;
    return this.options.display ?? (typeof fromGlobal === "function" ? (fromGlobal as DisplayFn) : undefined);
  }

  /**
   * Records an iteration (and its loss); redraws when the throttle allows, and always at the
   * last iteration, `total`, so a finished loop shows its end without `done()`.
   */
  update(iteration: number, loss?: number): void {
    this.iteration = iteration;
    if (loss !== undefined) this.losses.push(loss);
    const now = Date.now();
    const last = iteration === this.options.total;
    if (last || now - this.lastDraw >= (this.options.throttleMs ?? 100)) this.draw(now);
  }

  /** Draws the final state whatever the throttle says. */
  done(): void {
    this.draw(Date.now());
  }

  private draw(now: number): void {
    this.lastDraw = now;
    const show = this.displayFn();
    if (!show) return;
    this.redraws++;
    if (this.handle) this.handle.update(this);
    else this.handle = show(this, { id: this.id });
  }

  private curve(): string {
    const ys = this.losses.filter(Number.isFinite);
    if (ys.length < 2) return "";
    const step = Math.max(1, Math.floor(ys.length / 200));
    const pts = ys.filter((_, i) => i % step === 0);
    const lo = Math.min(...pts);
    const hi = Math.max(...pts);
    const w = 240;
    const h = 60;
    const coords = pts.map((y, i) => `${num((i / (pts.length - 1)) * w)},${num(hi > lo ? h - ((y - lo) / (hi - lo)) * h : h / 2)}`);
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><polyline points="${coords.join(" ")}" fill="none" stroke="#1f77b4" stroke-width="1.5"/></svg>`;
  }

  toString(): string {
    const total = this.options.total ? `/${this.options.total}` : "";
    const loss = this.losses.length ? `, loss ${formatNumber(this.losses[this.losses.length - 1])}` : "";
    return `${this.options.title ? `${this.options.title}: ` : ""}iteration ${this.iteration}${total}${loss}`;
  }

  [Symbol.for("Jupyter.display")](): Record<string, string> {
    const total = this.options.total;
    const bar = total
      ? `<div style="width:240px;height:8px;background:#eee;border-radius:4px"><div style="width:${num(Math.min(1, this.iteration / total) * 240)}px;height:8px;background:#1f77b4;border-radius:4px"></div></div>`
      : "";
    return { "text/plain": this.toString(), "text/html": `<div style="font-family:sans-serif">${xml(this.toString())}</div>${bar}${this.curve()}` };
  }
}
