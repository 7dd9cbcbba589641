import { describe, expect, it } from "vitest";
import katex from "katex";
import { DOMParser } from "@xmldom/xmldom";
import * as n from "../../src/index";
import { tensorHtml } from "../../src/display/tensor-html";
import { tensorLatex } from "../../src/display/tensor-latex";
import { tensorText } from "../../src/display/tensor-text";

const T = (x: unknown) => n.tensor(x as never) as n.Tensor;

/** KaTeX renders display math between $$ … $$; throwOnError makes a bad string fail the test. */
function renderLatex(latex: string): string {
  const body = /^\$\$([\s\S]*)\$\$$/.exec(latex)?.[1];
  expect(body, latex).toBeDefined();
  return katex.renderToString(body as string, { throwOnError: true, displayMode: true });
}

function parseHtml(html: string): Document {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, msg) => { if (level !== "warning") errors.push(msg); } }).parseFromString(`<div>${html}</div>`, "text/xml");
  expect(errors).toEqual([]);
  return doc as unknown as Document;
}

describe("tensor text like NumPy", () => {
  it("aligns columns and states the shape", () => {
    expect(tensorText(T([[1, 2.5], [3, -4]]))).toBe("Tensor 2×2\n[[  1, 2.5],\n [  3,  -4]]");
    expect(tensorText(T([1, 2, 3]))).toBe("Tensor 3\n[1, 2, 3]");
  });
  it("shortens long axes with …", () => {
    const text = tensorText(n.arange(100));
    expect(text).toBe("Tensor 100\n[ 0,  1,  2, …, 97, 98, 99]");
  });
  it("shows NaN and ±Infinity plainly", () => {
    expect(tensorText(T([NaN, Infinity, -Infinity]))).toBe("Tensor 3\n[      NaN,  Infinity, -Infinity]");
  });
  it("is what String() and the kernel's text/plain show", () => {
    expect(String(T([[1, 0], [0, 1]]))).toBe("Tensor 2×2\n[[1, 0],\n [0, 1]]");
  });
});

describe("tensor HTML and LaTeX", () => {
  it("an HTML table that parses, with one cell per entry", () => {
    const doc = parseHtml(tensorHtml(T([[1, 2, 3], [4, 5, 6]])));
    const cells = Array.from(doc.getElementsByTagName("td")).map((td) => td.textContent);
    expect(cells).toEqual(["1", "2", "3", "4", "5", "6"]);
  });

  it("3-d tensors as a grid of slices labelled by their leading index", () => {
    const html = tensorHtml(n.arange(12).reshape(3, 2, 2) as n.Tensor);
    parseHtml(html);
    for (const k of [0, 1, 2]) expect(html).toContain(`[${k}, :, :]`);
    renderLatex(tensorLatex(n.arange(8).reshape(2, 2, 2) as n.Tensor));
  });

  it.each([
    ["a vector as a column", [1, 2], "\\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}"],
    ["a matrix", [[1, 2], [3, 4]], "\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}"],
    ["NaN and infinities", [NaN, -Infinity], "\\begin{bmatrix} \\mathrm{NaN} \\\\ -\\infty \\end{bmatrix}"],
    ["small numbers in scientific notation", [1e-9], "\\begin{bmatrix} 1 \\times 10^{-9} \\end{bmatrix}"],
  ])("LaTeX of %s parses with KaTeX", (_name, value, expected) => {
    const latex = tensorLatex(T(value));
    expect(latex).toBe(`$$${expected}$$`);
    expect(renderLatex(latex)).toContain("katex");
  });

  it("large matrices are shortened with dots and still parse", () => {
    renderLatex(tensorLatex(n.zeros([30, 30])));
    parseHtml(tensorHtml(n.zeros([50, 50])));
  });

  it("the display protocol method gives all three", () => {
    const bundle = (T([[1, 2], [3, 4]]) as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")]();
    expect(Object.keys(bundle).sort()).toEqual(["text/html", "text/latex", "text/plain"]);
  });
});
