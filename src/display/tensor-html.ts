import type { NDArray } from "../tensor/ndarray";
import { formatNumber } from "./format-number";
import { shapeToString, sizeOf, stridesOf } from "../tensor/shape";

const MAX = 20;
/** Table cells drawn for a 3-d or 4-d tensor across all its slices: more freezes a page. */
const CELL_BUDGET = 4000;

function escape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** One matrix (or vector as a row) as an HTML table, long axes shortened with "…". */
function table(data: Float64Array, offset: number, rows: number, cols: number): string {
  const pick = (n: number): (number | null)[] =>
    n <= MAX ? Array.from({ length: n }, (_, i) => i) : [...Array.from({ length: 8 }, (_, i) => i), null, ...Array.from({ length: 8 }, (_, i) => n - 8 + i)];
  const body = pick(rows)
    .map((i) =>
      i === null
        ? `<tr>${pick(cols).map(() => "<td>⋮</td>").join("")}</tr>`
        : `<tr>${pick(cols).map((j) => (j === null ? "<td>…</td>" : `<td>${escape(formatNumber(data[offset + i * cols + j]))}</td>`)).join("")}</tr>`,
    )
    .join("");
  return `<table class="nabla-tensor" style="border-collapse:collapse;font-family:monospace;text-align:right">${body}</table>`;
}

/**
 * An HTML rendering: a table for vectors and matrices; for 3-d and 4-d tensors a grid of
 * matrix slices labelled by their leading indices, as many as fit in about 4000 cells; an
 * empty tensor as [].
 * @example
 * tensorHtml(tensor([1, 2]))  // '<div …>Tensor 2</div><table class="nabla-tensor" …><tr><td>1</td><td>2</td></tr></table>'
 */
export function tensorHtml(t: NDArray, name = "Tensor"): string {
  const caption = `<div style="font-family:monospace;color:#555">${escape(name)} ${escape(shapeToString(t.shape))}</div>`;
  const nd = t.shape.length;
  if (nd === 0) return `${caption}<div style="font-family:monospace">${escape(formatNumber(t.data[0]))}</div>`;
  if (sizeOf(t.shape) === 0) return `${caption}<div style="font-family:monospace">[]</div>`;
  if (nd === 1) return caption + table(t.data, 0, 1, t.shape[0]);
  if (nd === 2) return caption + table(t.data, 0, t.shape[0], t.shape[1]);
  const [r, c] = t.shape.slice(-2);
  const lead = t.shape.slice(0, -2);
  const shown = (n: number): number => (n <= MAX ? n : 17);
  const shownCells = shown(r) * shown(c);
  const count = Math.min(sizeOf(lead), 64, Math.max(1, Math.floor(CELL_BUDGET / shownCells)));
  const strides = stridesOf(lead);
  const slices: string[] = [];
  for (let k = 0; k < count; k++) {
    const index = strides.map((s, ax) => Math.floor(k / s) % lead[ax]);
    slices.push(
      `<div style="display:inline-block;margin:4px;vertical-align:top"><div style="font-family:monospace;color:#777">[${index.join(", ")}, :, :]</div>${table(t.data, k * r * c, r, c)}</div>`,
    );
  }
  const more = sizeOf(lead) > count ? `<div>… ${sizeOf(lead) - count} more slices</div>` : "";
  return `${caption}<div>${slices.join("")}</div>${more}`;
}
