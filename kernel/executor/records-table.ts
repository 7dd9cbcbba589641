/**
 * An array of records — `[{ step: 1, loss: 0.5 }, { step: 2, loss: 0.3 }]` — as an HTML
 * table, the way a data frame shows in a notebook; null for anything else. Columns are the
 * keys in order of first appearance; long arrays show their first rows and say how many
 * more there are.
 */
export function recordsTable(value: unknown, maxRows = 100): string | null {
  if (!Array.isArray(value) || value.length === 0 || !value.every(isRecord)) return null;
  const rows = value as Record<string, unknown>[];
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) if (!seen.has(k)) (seen.add(k), columns.push(k));
  if (columns.length === 0) return null;
  const head = `<tr><th></th>${columns.map((c) => `<th>${escape(c)}</th>`).join("")}</tr>`;
  const body = rows
    .slice(0, maxRows)
    .map((r, i) => `<tr><th>${i}</th>${columns.map((c) => `<td>${c in r ? escape(cell(r[c])) : ""}</td>`).join("")}</tr>`)
    .join("");
  const more = rows.length > maxRows ? `<p>… ${rows.length - maxRows} more rows (${rows.length} in all)</p>` : "";
  return `<table class="nabla-records"><thead>${head}</thead><tbody>${body}</tbody></table>${more}`;
}

/** A plain object (from any realm: a cell's objects come from the sandbox's) of simple values. */
function isRecord(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object" || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x) as object | null;
  if (proto !== null && Object.getPrototypeOf(proto) !== null) return false;
  return Object.values(x).every((v) => v === null || v === undefined || ["number", "string", "boolean", "bigint"].includes(typeof v));
}

function cell(v: unknown): string {
  if (v === undefined) return "";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(8)));
  return String(v);
}

function escape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
