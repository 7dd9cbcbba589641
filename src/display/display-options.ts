import { checkOptionsWith, type OptionCheck } from "../api/options";

/*
 * The options of the displays, checked when the display is made: a typo (`tangent_at`,
 * `colourBar`) or a value of the wrong kind (`samples: "200"`, `levels: -1`) was ignored and
 * the picture silently drew without it, or drew nothing.
 */

const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isStrings = (v: unknown): boolean => Array.isArray(v) && v.every((e) => typeof e === "string");

const BOOLEAN: OptionCheck = { ok: (v) => typeof v === "boolean", expected: "true or false" };
const TEXT: OptionCheck = { ok: (v) => typeof v === "string", expected: "a string" };
const LABELS: OptionCheck = { ok: isStrings, expected: 'an array of strings, such as ["a", "b"]' };

/*
 * Upper bounds on the work a picture asks for: samples: 1e9 ran the kernel's executor out of
 * memory (the session was lost), levels: 100000 took 30 s and wrote a 320 MB SVG. A plot is
 * 560 px wide and a contour's grid has 61 points a side, so more shows nothing more.
 */
const MAX_SAMPLES = 100_000;
const MAX_LEVELS = 1000;

const PLOT: Record<string, OptionCheck> = {
  derivative: BOOLEAN,
  tangentAt: { ok: (v) => isNumber(v) || (Array.isArray(v) && v.every(isNumber)), expected: "a number or an array of numbers" },
  samples: { ok: (v) => Number.isInteger(v) && (v as number) >= 2 && (v as number) <= MAX_SAMPLES, expected: `an integer from 2 to ${MAX_SAMPLES}` },
  title: TEXT,
  labels: LABELS,
  logX: BOOLEAN,
  logY: BOOLEAN,
};

const HEATMAP: Record<string, OptionCheck> = {
  title: TEXT,
  rowLabels: LABELS,
  rowStem: TEXT,
  colLabels: LABELS,
  scale: { ok: (v) => isNumber(v) && v > 0, expected: "a positive number" },
  colorBar: BOOLEAN,
};

const CONTOUR: Record<string, OptionCheck> = {
  gradient: BOOLEAN,
  path: {
    ok: (v) => Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2 && p.every(isNumber)),
    expected: "an array of points [x, y], such as [[1, 1], [0.5, 0.2]]",
  },
  levels: {
    ok: (v) => (Number.isInteger(v) && (v as number) >= 1 && (v as number) <= MAX_LEVELS) || (Array.isArray(v) && v.length > 0 && v.length <= MAX_LEVELS && v.every(isNumber)),
    expected: `a count (an integer from 1 to ${MAX_LEVELS}) or a non-empty list of at most ${MAX_LEVELS} finite values such as [0]`,
  },
  title: TEXT,
};

const PROGRESS: Record<string, OptionCheck> = {
  total: { ok: (v) => Number.isInteger(v) && (v as number) >= 0, expected: "a non-negative integer" },
  title: TEXT,
  throttleMs: { ok: (v) => isNumber(v) && v >= 0, expected: "a non-negative number of milliseconds" },
  display: { ok: (v) => typeof v === "function", expected: "a function (the notebook's display)" },
};

const CHECKS = { plot: PLOT, heatmap: HEATMAP, contour: CONTOUR, progress: PROGRESS };

/** Checks the options given to one of the displays; a TypeError names the display and the option. */
export function checkDisplayOptions(options: unknown, display: keyof typeof CHECKS): void {
  checkOptionsWith(options, display, CHECKS[display], TypeError);
}
