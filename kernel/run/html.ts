import { HIGHLIGHT_STYLE, highlightTypeScript } from "./highlight";
import { ansiToHtml, escapeHtml } from "./ansi";
import { katexCss } from "./katex-css";
import { renderLatexOutput, renderMarkdown } from "./markdown";
import { sourceOf, type Cell, type Notebook, type Output } from "./notebook";

/**
 * An executed notebook as one standalone HTML page: what `nabla run --html` writes.
 *
 * Standalone means it opens offline, from a file:// URL, with nothing fetched: maths is
 * typeset here with KaTeX (no MathJax from a CDN), KaTeX's fonts are inlined as data URLs,
 * SVG plots are inlined as markup and PNGs as data URIs. Like nbconvert, the page trusts
 * the notebook: text/html outputs go in as they are (the user has just executed its code).
 */
export function notebookToHtml(nb: Notebook, options: { /** Used when no markdown cell has a heading. */ title?: string } = {}): string {
  const cells = nb.cells.map((cell, k) => renderCell(cell, k)).join("\n");
  const title = firstHeading(nb) ?? options.title ?? "Notebook";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="nabla run --html">
<title>${escapeHtml(title)}</title>
<style>${katexCss()}</style>
<style>${STYLE}${HIGHLIGHT_STYLE}</style>
</head>
<body>
<main class="notebook">
${cells}
</main>
</body>
</html>
`;
}

/** The richest representation first, as JupyterLab's rendermime ranks them for a static page. */
export const MIME_ORDER = ["image/svg+xml", "text/html", "text/latex", "image/png", "image/jpeg", "text/markdown", "text/plain"] as const;

function firstHeading(nb: Notebook): string | undefined {
  for (const cell of nb.cells) {
    if (cell.cell_type !== "markdown") continue;
    const m = /^#{1,6}\s+(.+?)\s*#*\s*$/m.exec(sourceOf(cell));
    if (m) return m[1];
  }
  return undefined;
}

function renderCell(cell: Cell, index: number): string {
  const source = sourceOf(cell);
  if (cell.cell_type === "markdown") return `<div class="cell markdown-cell">${inlineAttachments(renderMarkdown(source), cell)}</div>`;
  if (cell.cell_type === "raw") return `<div class="cell raw-cell"><pre>${escapeHtml(source)}</pre></div>`;
  const count = cell.execution_count ?? " ";
  const outputs = (cell.outputs ?? []).map((o, k) => renderOutput(o, `c${index}o${k}`)).join("\n");
  return `<div class="cell code-cell">
<div class="input"><div class="prompt in">In&nbsp;[${count}]:</div><pre class="source"><code class="language-typescript">${highlightTypeScript(source, escapeHtml)}</code></pre></div>
${outputs ? `<div class="outputs">\n${outputs}\n</div>` : ""}
</div>`;
}

/**
 * Images pasted into a markdown cell live in its `attachments` and are referenced as
 * `attachment:NAME`; a page has no notebook to look them up in, so they become data URIs.
 */
function inlineAttachments(html: string, cell: Cell): string {
  const attachments = (cell as Cell & { attachments?: Record<string, Record<string, unknown>> }).attachments;
  if (!attachments) return html;
  return html.replace(/(\ssrc=")attachment:([^"]+)"/g, (whole, prefix: string, encoded: string) => {
    let name: string;
    try {
      name = decodeURIComponent(encoded);
    } catch {
      name = encoded;
    }
    const bundle = attachments[name];
    const mime = bundle && Object.keys(bundle).find((m) => m.startsWith("image/"));
    if (!mime) return whole;
    const value = text(bundle[mime]);
    const data = mime === "image/svg+xml" ? Buffer.from(value).toString("base64") : value.replace(/\s+/g, "");
    return `${prefix}data:${mime};base64,${data}"`;
  });
}

/** nbformat stores multi-line strings either whole or as a list of lines. */
function text(value: unknown): string {
  return Array.isArray(value) ? value.join("") : String(value ?? "");
}

function renderOutput(o: Output, scope: string): string {
  const prompt = o.output_type === "execute_result" ? `<div class="prompt out">Out[${text(o.execution_count ?? " ")}]:</div>` : `<div class="prompt"></div>`;
  let body: string;
  if (o.output_type === "stream") {
    body = `<pre class="stream ${o.name === "stderr" ? "stderr" : "stdout"}">${ansiToHtml(text(o.text))}</pre>`;
  } else if (o.output_type === "error") {
    const traceback = Array.isArray(o.traceback) && o.traceback.length ? o.traceback.join("\n") : `${text(o.ename)}: ${text(o.evalue)}`;
    body = `<pre class="error">${ansiToHtml(traceback)}</pre>`;
  } else {
    body = renderData((o.data ?? {}) as Record<string, unknown>, scope);
  }
  return `<div class="output ${o.output_type}">${prompt}<div class="output-body">${body}</div></div>`;
}

function renderData(data: Record<string, unknown>, scope: string): string {
  const mime = MIME_ORDER.find((m) => data[m] !== undefined);
  if (!mime) return "";
  const value = text(data[mime]);
  switch (mime) {
    case "image/svg+xml":
      return `<div class="svg">${inlineSvg(value, scope)}</div>`;
    case "text/html":
      return `<div class="html">${value}</div>`;
    case "text/latex":
      return `<div class="latex">${renderLatexOutput(value)}</div>`;
    case "image/png":
    case "image/jpeg":
      return `<img src="data:${mime};base64,${value.replace(/\s+/g, "")}" alt="">`;
    case "text/markdown":
      return `<div class="markdown">${renderMarkdown(value)}</div>`;
    default:
      return `<pre class="plain">${ansiToHtml(value)}</pre>`;
  }
}

/**
 * SVG markup ready to sit inside HTML. The XML prolog has no place in HTML, and ids are
 * prefixed per output: every plot names its clip path `plot-area`, and on one page the
 * second plot would otherwise clip to the first one's rectangle.
 */
function inlineSvg(svg: string, scope: string): string {
  const body = svg.replace(/^\s*<\?xml[^>]*\?>\s*/, "").replace(/<!DOCTYPE[^>]*>\s*/i, "");
  const ids = new Set([...body.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
  if (ids.size === 0) return body;
  return body.replace(/(\sid=")([^"]+)(")|(url\(#)([^)]+)(\))|(href="#)([^"]+)(")/g, (whole, ...g: (string | undefined)[]) => {
    for (const at of [0, 3, 6]) {
      const name = g[at + 1];
      if (g[at] !== undefined && name !== undefined) return ids.has(name) ? `${g[at]}${scope}-${name}${g[at + 2]}` : whole;
    }
    return whole;
  });
}

/** A light theme after JupyterLab's: prompts in the margin, grey input boxes, red tracebacks. */
const STYLE = `
:root { --fg: #1f1f1f; --muted: #616161; --border: #e0e0e0; --input-bg: #f7f7f7; --in: #307fc1; --out: #bf5b3d; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: var(--fg); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main.notebook { max-width: 1000px; margin: 0 auto; padding: 24px 16px 64px; }
.cell { margin: 0 0 12px; }
.markdown-cell { padding: 0 8px 0 96px; }
.markdown-cell h1, .markdown-cell h2, .markdown-cell h3 { line-height: 1.25; margin: 1em 0 0.5em; }
.markdown-cell h1 { font-size: 2em; } .markdown-cell h2 { font-size: 1.5em; border-bottom: 1px solid var(--border); padding-bottom: 0.2em; }
.markdown-cell code, .output code { background: var(--input-bg); padding: 0 3px; border-radius: 3px; }
.markdown-cell table, .output table { border-collapse: collapse; margin: 0.5em 0; }
.markdown-cell th, .markdown-cell td, .output th, .output td { border: 1px solid var(--border); padding: 3px 8px; text-align: right; }
.markdown-cell th, .output th { background: var(--input-bg); }
.input, .output { display: flex; align-items: flex-start; }
.prompt { flex: 0 0 88px; padding: 6px 8px 0 0; text-align: right; font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: var(--muted); white-space: nowrap; }
.prompt.in { color: var(--in); } .prompt.out { color: var(--out); }
pre { margin: 0; font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; white-space: pre-wrap; word-break: break-word; }
pre.source { flex: 1; min-width: 0; background: var(--input-bg); border: 1px solid var(--border); border-radius: 2px; padding: 6px 8px; }
.output-body { flex: 1; min-width: 0; padding: 6px 8px 2px; overflow-x: auto; }
.output pre.stderr { background: #fdd; padding: 4px 6px; }
.output pre.error { background: #fdd; padding: 6px 8px; }
.svg svg, .output img { max-width: 100%; height: auto; }
.math-display { margin: 0.5em 0; overflow-x: auto; overflow-y: hidden; position: relative; }
.math-display .eqno { position: absolute; right: 0; top: 50%; transform: translateY(-50%); }
.ansi-black-fg { color: #3e424d; } .ansi-red-fg { color: #e75c58; } .ansi-green-fg { color: #00a250; } .ansi-yellow-fg { color: #ddb62b; }
.ansi-blue-fg { color: #208ffb; } .ansi-magenta-fg { color: #d160c4; } .ansi-cyan-fg { color: #60c6c8; } .ansi-white-fg { color: #c5c1b4; }
.ansi-black-intense-fg { color: #282c36; } .ansi-red-intense-fg { color: #b22b31; } .ansi-green-intense-fg { color: #007427; } .ansi-yellow-intense-fg { color: #b27d12; }
.ansi-blue-intense-fg { color: #0065ca; } .ansi-magenta-intense-fg { color: #a03196; } .ansi-cyan-intense-fg { color: #258f8f; } .ansi-white-intense-fg { color: #a1a6b2; }
.ansi-black-bg { background: #3e424d; } .ansi-red-bg { background: #e75c58; } .ansi-green-bg { background: #00a250; } .ansi-yellow-bg { background: #ddb62b; }
.ansi-blue-bg { background: #208ffb; } .ansi-magenta-bg { background: #d160c4; } .ansi-cyan-bg { background: #60c6c8; } .ansi-white-bg { background: #c5c1b4; }
.ansi-black-intense-bg { background: #282c36; } .ansi-red-intense-bg { background: #b22b31; } .ansi-green-intense-bg { background: #007427; } .ansi-yellow-intense-bg { background: #b27d12; }
.ansi-blue-intense-bg { background: #0065ca; } .ansi-magenta-intense-bg { background: #a03196; } .ansi-cyan-intense-bg { background: #258f8f; } .ansi-white-intense-bg { background: #a1a6b2; }
.ansi-bold { font-weight: bold; } .ansi-italic { font-style: italic; } .ansi-underline { text-decoration: underline; }
@media (max-width: 700px) { .prompt { display: none; } .markdown-cell { padding-left: 8px; } }
`;
