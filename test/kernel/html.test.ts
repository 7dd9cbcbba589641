import { describe, expect, it } from "vitest";
import { DOMParser } from "@xmldom/xmldom";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ansiToHtml } from "../../kernel/run/ansi";
import { notebookToHtml } from "../../kernel/run/html";
import type { Cell, Notebook, Output } from "../../kernel/run/notebook";
import { ROOT } from "./support/kernel-process";

const CLI = join(ROOT, "dist", "kernel", "cli.js");

/** Parses the page with a real parser; any error (not a warning) fails the test. */
function parse(html: string): Document {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, msg) => { if (level !== "warning") errors.push(msg); } }).parseFromString(html, "text/html");
  expect(errors).toEqual([]);
  return doc as unknown as Document;
}

const all = (doc: Document): Element[] => Array.from(doc.getElementsByTagName("*"));
const withClass = (doc: Document | Element, cls: string): Element[] =>
  Array.from((doc as Document).getElementsByTagName("*")).filter((e) => (e.getAttribute("class") ?? "").split(/\s+/).includes(cls));

/** Every reference the browser would fetch: src/href attributes, CSS url() and @import. */
function resourceRefs(html: string, doc: Document): string[] {
  const refs: string[] = [];
  for (const e of all(doc)) {
    for (const attr of ["src", "href", "xlink:href", "srcset", "poster", "data"]) {
      const v = e.getAttribute(attr);
      // <a href> is a link the reader may follow, not a resource the page loads.
      if (v && !(attr === "href" && e.tagName.toLowerCase() === "a")) refs.push(v);
    }
  }
  for (const m of html.matchAll(/url\(\s*["']?([^"')]+)/g)) refs.push(m[1]);
  for (const m of html.matchAll(/@import\s+["']?([^"';\s]+)/g)) refs.push(m[1]);
  return refs;
}

const md = (source: string): Cell => ({ cell_type: "markdown", metadata: {}, source });
const code = (source: string, outputs: Output[], count = 1): Cell => ({ cell_type: "code", metadata: {}, source, outputs, execution_count: count });
const display = (data: Record<string, string>): Output => ({ output_type: "display_data", data, metadata: {} });
const nb = (cells: Cell[]): Notebook => ({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells });

const SVG = (title: string) =>
  `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><defs><clipPath id="plot-area"><rect width="10" height="10"/></clipPath></defs><text class="title">${title}</text><g clip-path="url(#plot-area)"><rect width="50" height="20"/></g></svg>`;

describe("notebookToHtml", () => {
  const page = notebookToHtml(
    nb([
      md("# Chain rule\n\nInline $\\frac{d}{dx}\\sin(2x+1)$, a price of $5, code `$x$`, and display:\n\n$$\\int_0^1 x^2\\,dx = \\tfrac13$$\n"),
      code("derivativeLatex()", [{ output_type: "execute_result", execution_count: 1, data: { "text/latex": "$$\\frac{\\partial f}{\\partial x} = 2x$$", "text/plain": "2x" }, metadata: {} }]),
      code("plot(a)\nplot(b)", [display({ "image/svg+xml": SVG("first plot"), "text/html": "<b>not me</b>", "text/plain": "plot" }), display({ "image/svg+xml": SVG("second plot"), "text/plain": "plot" })], 2),
      code("tensor(x)", [display({ "text/html": "<table class='t'><tr><td>1</td></tr></table>", "text/latex": "\\begin{bmatrix}1\\end{bmatrix}", "text/plain": "[1]" })], 3),
      code("png()", [display({ "image/png": "iVBORw0KGgo=\n", "text/plain": "img" }), display({ "text/markdown": "**bold** $y$", "text/plain": "md" }), display({ "text/plain": "a < b & c" })], 4),
      code("console.log(1); throw new Error('boom')", [
        { output_type: "stream", name: "stdout", text: ["1\n", "2\n"] },
        { output_type: "error", ename: "Error", evalue: "boom", traceback: ["\x1b[31mError\x1b[0m: boom <here>", "    at \x1b[36mCell 6:1:22\x1b[0m"] },
      ], 5),
    ]),
  );
  const doc = parse(page);

  it("typesets markdown maths and text/latex outputs with KaTeX, without errors", () => {
    expect(withClass(doc, "katex").length).toBeGreaterThanOrEqual(4);
    expect(withClass(doc, "katex-error")).toEqual([]);
    expect(withClass(doc, "katex-display").length).toBe(2); // the $$ block and the text/latex output
    const latex = withClass(doc, "latex")[0];
    expect(withClass(latex, "katex-display")).toHaveLength(1);
    // The TeX source survives in KaTeX's MathML annotation, delimiters stripped.
    expect(latex.textContent).toContain("\\frac{\\partial f}{\\partial x} = 2x");
    expect(latex.textContent).not.toContain("$$");
  });

  it("leaves dollars that are not maths, and code spans, alone", () => {
    const paragraph = Array.from(doc.getElementsByTagName("p")).find((p) => p.textContent?.includes("price"))!;
    expect(paragraph.textContent).toContain("a price of $5, code $x$");
    expect(Array.from(paragraph.getElementsByTagName("code")).map((c) => c.textContent)).toEqual(["$x$"]);
  });

  it("shows invalid TeX as KaTeX's error span rather than failing", () => {
    const bad = parse(notebookToHtml(nb([md("broken $\\frac{1}{$ here")])));
    expect(withClass(bad, "katex-error")).toHaveLength(1);
  });

  it("picks the richest MIME type: SVG inline, then HTML, LaTeX, PNG, markdown, plain", () => {
    const svgs = withClass(doc, "svg").map((d) => d.getElementsByTagName("svg")[0]);
    expect(svgs.map((s) => s.getElementsByTagName("text")[0].textContent)).toEqual(["first plot", "second plot"]);
    expect(page).not.toContain("<b>not me</b>");
    expect(page).not.toContain("<?xml");
    expect(withClass(doc, "html")[0].getElementsByTagName("table")[0].getAttribute("class")).toBe("t");
    const img = doc.getElementsByTagName("img")[0];
    expect(img.getAttribute("src")).toBe("data:image/png;base64,iVBORw0KGgo=");
    const markdown = withClass(doc, "markdown")[0];
    expect(markdown.getElementsByTagName("strong")[0].textContent).toBe("bold");
    expect(withClass(markdown, "katex")).toHaveLength(1);
    expect(withClass(doc, "plain")[0].textContent).toBe("a < b & c");
  });

  it("gives each inline SVG its own ids, so the second plot clips to its own rectangle", () => {
    const [first, second] = withClass(doc, "svg").map((d) => d.getElementsByTagName("svg")[0]);
    const ids = [first, second].map((s) => s.getElementsByTagName("clipPath")[0].getAttribute("id"));
    expect(new Set(ids).size).toBe(2);
    for (const [k, s] of [first, second].entries()) expect(s.getElementsByTagName("g")[0].getAttribute("clip-path")).toBe(`url(#${ids[k]})`);
  });

  it("shows source, prompts, streams and the traceback with its colours as spans", () => {
    const sources = withClass(doc, "source").map((p) => p.textContent);
    expect(sources[0]).toBe("derivativeLatex()");
    expect(withClass(doc, "in").map((p) => p.textContent)).toEqual(["In\u00a0[1]:", "In\u00a0[2]:", "In\u00a0[3]:", "In\u00a0[4]:", "In\u00a0[5]:"]);
    expect(withClass(doc, "out")[0].textContent).toBe("Out[1]:");
    expect(withClass(doc, "stdout")[0].textContent).toBe("1\n2\n");
    const error = withClass(doc, "error").find((e) => e.tagName === "pre")!;
    expect(error.textContent).toBe("Error: boom <here>\n    at Cell 6:1:22");
    expect(withClass(error, "ansi-red-fg").map((s) => s.textContent)).toEqual(["Error"]);
    expect(withClass(error, "ansi-cyan-fg").map((s) => s.textContent)).toEqual(["Cell 6:1:22"]);
    expect(page).not.toContain("\x1b");
  });

  it("colours code cells as TypeScript, keeping their text exactly", () => {
    const source = withClass(doc, "source")[4];
    expect(source.textContent).toBe("console.log(1); throw new Error('boom')");
    expect(withClass(source, "hljs-keyword").map((s) => s.textContent)).toEqual(["throw", "new"]);
    expect(withClass(source, "hljs-string").map((s) => s.textContent)).toEqual(["'boom'"]);
    expect(page).toContain(".hljs-keyword");
  });

  it("needs no network: KaTeX's CSS and its woff2 fonts are inlined, nothing refers to http(s)", () => {
    const refs = resourceRefs(page, doc);
    expect(refs.length).toBeGreaterThan(10); // the fonts and the PNG at least
    expect(refs.filter((r) => !r.startsWith("data:") && !r.startsWith("#"))).toEqual([]);
    const faces = [...page.matchAll(/@font-face\{[^}]*\}/g)].map((m) => m[0]);
    expect(faces.length).toBeGreaterThanOrEqual(15);
    for (const face of faces) expect(face).toMatch(/src:url\(data:font\/woff2;base64,[A-Za-z0-9+/]{1000,}={0,2}\) format\("woff2"\)/);
    expect(doc.getElementsByTagName("link")).toHaveLength(0);
    expect(doc.getElementsByTagName("script")).toHaveLength(0);
  });

  it("inlines images attached to a markdown cell as data URIs", () => {
    const cell: Cell & { attachments: Record<string, Record<string, string>> } = {
      ...md("![a figure](attachment:my%20figure.png) and ![missing](attachment:nope.png)"),
      attachments: { "my figure.png": { "image/png": "iVBORw0KGgo=" } },
    };
    const imgs = Array.from(parse(notebookToHtml(nb([cell]))).getElementsByTagName("img"));
    expect(imgs.map((i) => i.getAttribute("src"))).toEqual(["data:image/png;base64,iVBORw0KGgo=", "attachment:nope.png"]);
  });

  it("takes its title from the first heading", () => {
    expect(doc.getElementsByTagName("title")[0].textContent).toBe("Chain rule");
  });
});

describe("ansiToHtml", () => {
  it.each([
    ["plain <text> & more", "plain &lt;text&gt; &amp; more"],
    ["\x1b[31mred\x1b[0m plain", '<span class="ansi-red-fg">red</span> plain'],
    ["\x1b[1;92mbold green\x1b[39m bold", '<span class="ansi-green-intense-fg ansi-bold">bold green</span><span class="ansi-bold"> bold</span>'],
    ["\x1b[38;5;196mx\x1b[m", '<span style="color:rgb(255,0,0)">x</span>'],
    ["\x1b[48;2;1;2;3mx", '<span style="background-color:rgb(1,2,3)">x</span>'],
    ["\x1b[2Kerased\x1b[1A", "erased"],
  ])("%j", (input, html) => {
    expect(ansiToHtml(input)).toBe(html);
  });
});

describe("nabla run --html", () => {
  function notebookFile(dir: string, name: string, cells: { markdown?: string; code?: string }[]): string {
    const file = join(dir, name);
    writeFileSync(
      file,
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: { kernelspec: { name: "nabla", display_name: "Nabla", language: "typescript" } },
        cells: cells.map((c) => (c.markdown !== undefined ? { cell_type: "markdown", metadata: {}, source: c.markdown } : { cell_type: "code", metadata: {}, source: c.code, outputs: [], execution_count: null })),
      }),
    );
    return file;
  }
  const run = (args: string[]) => spawnSync(process.execPath, [CLI, "run", ...args], { encoding: "utf8", timeout: 120_000 });

  it("writes a standalone page with typeset maths, an inline SVG plot and the traceback of a failing cell", () => {
    const dir = mkdtempSync(join(tmpdir(), "nabla-html-"));
    const file = notebookFile(dir, "nb.ipynb", [
      { markdown: "# Export\n\nThe derivative of $x^2$ is $$2x.$$" },
      { code: '({ [Symbol.for("Jupyter.display")]: () => ({ "text/latex": "$$\\\\frac{\\\\partial f}{\\\\partial x} = 2x$$", "text/plain": "2x" }) })' },
      { code: 'plot((x: number) => x ** 2, [-1, 1], { title: "the parabola" })' },
      { code: "throw new Error('boom from the cell')" },
    ]);
    const out = join(dir, "out", "nb.html");
    const r = run([file, "--continue-on-error", "--html", out]);
    expect(r.status, r.stdout + r.stderr).toBe(1); // the last cell fails on purpose
    expect(r.stdout).toContain(`wrote ${out}`);
    const page = readFileSync(out, "utf8");
    const doc = parse(page);
    expect(withClass(doc, "katex").length).toBeGreaterThanOrEqual(3);
    expect(withClass(doc, "katex-error")).toEqual([]);
    expect(withClass(withClass(doc, "latex")[0], "katex-display")).toHaveLength(1);
    const plot = withClass(doc, "svg")[0].getElementsByTagName("svg")[0];
    expect(withClass(plot, "title")[0].textContent).toBe("the parabola");
    expect(plot.getElementsByTagName("path").length + plot.getElementsByTagName("polyline").length).toBeGreaterThan(0);
    const error = withClass(doc, "error").find((e) => e.tagName === "pre")!;
    expect(error.textContent).toContain("Error: boom from the cell");
    expect(resourceRefs(page, doc).filter((ref) => !ref.startsWith("data:") && !ref.startsWith("#"))).toEqual([]);
    expect(page).not.toMatch(/(src|href)=["']?https?:/);
  }, 60_000);

  it("with several notebooks writes DIR/NAME.html for each", () => {
    const dir = mkdtempSync(join(tmpdir(), "nabla-html-"));
    const a = notebookFile(dir, "a.ipynb", [{ code: "1 + 1" }]);
    const b = notebookFile(dir, "b.ipynb", [{ code: "2 + 2" }]);
    const r = run([a, b, "--html", join(dir, "pages") + "/"]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(withClass(parse(readFileSync(join(dir, "pages", "a.html"), "utf8")), "plain")[0].textContent).toBe("2");
    expect(withClass(parse(readFileSync(join(dir, "pages", "b.html"), "utf8")), "plain")[0].textContent).toBe("4");
  }, 60_000);

  it.each([
    ["--html without a value", ["--html"], /--html needs a file name \(or a directory ending in \/ for several notebooks\)/],
    ["--html followed by another option", ["--html", "--continue-on-error"], /--html needs a file name/],
    ["--html FILE with several notebooks", ["second.ipynb", "--html", "page.html"], /with several notebooks --html takes a directory: write --html page\.html\//],
    ["--out without a value", ["--out"], /--out needs a file name/],
  ])("refuses %s with a clear message and exit code 2", (_name, extra, message) => {
    const dir = mkdtempSync(join(tmpdir(), "nabla-html-"));
    const file = notebookFile(dir, "nb.ipynb", [{ code: "1" }]);
    const r = spawnSync(process.execPath, [CLI, "run", file, ...extra], { encoding: "utf8", timeout: 30_000, cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/usage:|--html/);
    expect(existsSync(join(dir, "page.html"))).toBe(false);
  });
});
