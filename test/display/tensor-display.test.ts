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

describe("display review: numbers, empty tensors, size limits", () => {
  it("a large non-integer is not shown as a wrong integer", () => {
    // 6 significant digits turned 123456789.123 into "123457000", a different whole number.
    expect(tensorText(T([[123456789.123, 1], [1, 1]]))).toBe("Tensor 2×2\n[[123456789.1,           1],\n [          1,           1]]");
    expect(tensorLatex(T([1234567.5]))).toBe("$$\\begin{bmatrix} 1234567.5 \\end{bmatrix}$$");
    expect(tensorText(T([123456.5, 1e12, 2.5e15]))).toBe("Tensor 3\n[     123456.5, 1000000000000,       2.5e+15]");
    // Below 10⁵ six significant digits keep the integer part whole.
    expect(tensorText(T([12345.678]))).toBe("Tensor 1\n[12345.7]");
  });

  it("an empty tensor shows [] in HTML and LaTeX, not an empty table", () => {
    for (const shape of [[0], [2, 0], [0, 3, 2]]) {
      const t = n.zeros(shape);
      const doc = parseHtml(tensorHtml(t));
      expect(doc.getElementsByTagName("table").length).toBe(0);
      expect(doc.documentElement.textContent).toBe(`Tensor ${shape.join("×")}[]`);
      const latex = tensorLatex(t);
      expect(latex).toBe(`$$\\left[\\;\\right]_{${shape.join(" \\times ")}}$$`);
      renderLatex(latex);
    }
  });

  it("a shortened LaTeX matrix states the shape it was cut from", () => {
    const latex = tensorLatex(n.zeros([1000, 1000]));
    expect(latex.endsWith("\\end{bmatrix}_{1000 \\times 1000}$$")).toBe(true);
    renderLatex(latex);
    expect(tensorLatex(T([[1, 2], [3, 4]]))).not.toContain("_{");
    const slices = tensorLatex(n.zeros([20, 3, 3]));
    expect(slices.endsWith("\\quad \\cdots_{20 \\times 3 \\times 3}$$")).toBe(true);
    renderLatex(slices);
  });

  it("3-d and 4-d tensors stay within a cell budget in HTML and LaTeX", () => {
    const t = n.zeros([30, 30, 30, 30]);
    const html = tensorHtml(t);
    parseHtml(html);
    expect(html.length).toBeLessThan(100_000);
    const shown = Math.floor(4000 / (17 * 17));
    expect(html.split("<table").length - 1).toBe(shown);
    expect(html).toContain(`… ${900 - shown} more slices`);
    const latex = tensorLatex(t);
    expect(latex.split("\\begin{bmatrix}").length - 1).toBe(Math.floor(600 / 121));
    expect(latex.length).toBeLessThan(5000);
    renderLatex(latex);
  });
});
