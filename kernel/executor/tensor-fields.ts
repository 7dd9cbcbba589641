/*
 * A container holding tensors — grad's `{ W, b }`, eigh's `{ values, vectors }`, a list of
 * parameters, a Map of layers, a class instance with tensor fields — as an HTML table of
 * its entries, each tensor drawn by its own display (a table, or a heatmap for a Jacobian),
 * in place of the text dump alone; so too a container of other drawn values (tensor
 * variables, heatmaps, checks). Anything else, null.
 */
import { inspect } from "node:util";

const DISPLAY = Symbol.for("Jupyter.display");
/** Entries drawn; the rest are counted. */
const MAX_ENTRIES = 20;
/** Characters of drawn HTML; entries past it are shown as text, so twenty big tensors stay a page a browser opens. */
const HTML_BUDGET = 250_000;
/** Containers inside containers drawn as tables this deep; deeper ones as text. */
const MAX_DEPTH = 2;

type Entry = [key: string, value: unknown];
type Entries = { shown: Entry[]; total: number };

/**
 * The HTML table of a container's entries when one of them (or of a nested container's) is
 * drawn — a tensor as its table, or anything else with a display of its own in HTML or SVG
 * (a Jacobian's heatmap, a tensor variable, a check) — null otherwise. Works across realms: a
 * cell's objects come from the sandbox's, so values are recognised by their display method.
 * @example
 * tensorFieldsHtml({ W: tensor([[1, 2], [3, 4]]), b: tensor([0, 1]) })
 * // '<table class="nabla-fields"><tr><th>W</th><td><div …>Tensor 2×2</div><table …>…</table></td></tr>…</table>'
 * tensorFieldsHtml([1, 2, 3])  // null
 */
export function tensorFieldsHtml(value: unknown, depth = 0): string | null {
  const entries = entriesOf(value);
  if (entries === null) return null;
  let used = 0;
  const drawn = entries.shown.map(([, v]) => {
    if (used > HTML_BUDGET) return null;
    const html = richHtml(v, depth);
    used += html?.length ?? 0;
    return html;
  });
  if (drawn.every((d) => d === null)) return null;
  const rows = entries.shown
    .map(([k, v], i) => `<tr><th style="text-align:left;vertical-align:top;font-family:monospace">${escape(k)}</th><td style="text-align:left">${drawn[i] ?? pre(inspect(v, { depth: 2, maxArrayLength: 20, maxStringLength: 200, breakLength: 80 }))}</td></tr>`)
    .join("");
  const more = entries.total > MAX_ENTRIES ? `<tr><td colspan="2">… ${entries.total - MAX_ENTRIES} more entries (${entries.total} in all)</td></tr>` : "";
  return `<table class="nabla-fields">${rows}${more}</table>`;
}

/**
 * The first entries of an array, Set, Map or object (plain or a class instance) and how many
 * it has; null for anything else. Only the entries drawn are looked at, so a long array costs
 * no more than a short one.
 */
function entriesOf(value: unknown): Entries | null {
  if (value === null || typeof value !== "object" || typeof (value as Record<symbol, unknown>)[DISPLAY] === "function") return null;
  const tag = Object.prototype.toString.call(value);
  if (Array.isArray(value)) return { shown: value.slice(0, MAX_ENTRIES).map((v, i) => [String(i), v]), total: value.length };
  if (tag === "[object Map]" || tag === "[object Set]") {
    const shown: Entry[] = [];
    const isMap = tag === "[object Map]";
    for (const item of value as Iterable<unknown>) {
      if (shown.length === MAX_ENTRIES) break;
      if (isMap) {
        const [k, v] = item as [unknown, unknown];
        shown.push([typeof k === "string" ? k : inspect(k, { depth: 0 }), v]);
      } else shown.push([String(shown.length), item]);
    }
    return { shown, total: (value as Set<unknown>).size };
  }
  if (tag !== "[object Object]") return null;
  const keys = Object.keys(value);
  return { shown: keys.slice(0, MAX_ENTRIES).map((k) => [k, (value as Record<string, unknown>)[k]]), total: keys.length };
}

/** An entry's own HTML or SVG (a tensor's table, a heatmap), a nested container's table, or null when it has only text. */
function richHtml(v: unknown, depth: number): string | null {
  const method = v !== null && typeof v === "object" ? (v as Record<symbol, unknown>)[DISPLAY] : undefined;
  if (typeof method === "function") {
    const bundle = (method as () => Record<string, unknown> | null | undefined).call(v);
    if (bundle && typeof bundle["text/html"] === "string") return bundle["text/html"];
    if (bundle && typeof bundle["image/svg+xml"] === "string") return bundle["image/svg+xml"];
    return null;
  }
  return depth < MAX_DEPTH ? tensorFieldsHtml(v, depth + 1) : null;
}

function pre(text: string): string {
  return `<pre style="margin:0">${escape(text)}</pre>`;
}

function escape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
