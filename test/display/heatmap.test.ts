import { describe, expect, it } from "vitest";
import { DOMParser } from "@xmldom/xmldom";
import * as n from "../../src/index";

function parse(svg: string): Document {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, msg) => { if (level !== "warning") errors.push(msg); } }).parseFromString(svg, "image/svg+xml");
  expect(errors).toEqual([]);
  expect(doc.documentElement?.nodeName).toBe("svg");
  return doc as unknown as Document;
}
const byClass = (doc: Document, cls: string) => Array.from(doc.getElementsByTagName("*")).filter((e) => e.getAttribute("class") === cls);

describe("heatmap", () => {
  const J = n.jacobian((x: n.Value[]) => [n.mul(x[0], x[1]), n.sin(x[0]), n.sub(x[1], x[0])])([1, 2]) as number[][];

  it("draws one cell per entry with its value, labels ∂fᵢ/∂xⱼ, a colour bar and the title", () => {
    const doc = parse(n.heatmap(J, { title: "Jacobian of f" }).toSVG());
    expect(byClass(doc, "cell")).toHaveLength(6);
    expect(byClass(doc, "value").map((t) => t.textContent)).toEqual(["2", "1", "0.54", "0", "-1", "1"]);
    expect(byClass(doc, "row-label").map((t) => t.textContent)).toEqual(["∂f₁", "∂f₂", "∂f₃"]);
    expect(byClass(doc, "col-label").map((t) => t.textContent)).toEqual(["∂x₁", "∂x₂"]);
    expect(byClass(doc, "colorbar")).toHaveLength(1);
    expect(byClass(doc, "title")[0].textContent).toBe("Jacobian of f");
  });

  it("draws a 4-d derivative tensor (∂K/∂R for K = RᵀR) as small multiples on one scale, checked against the formula", () => {
    const R = [[1, 2], [3, 4], [5, 6]];
    const dK = n.jacobian((r: n.Value[][]) => n.matmul(n.transpose(r as never), r as never))(R) as number[][][][];
    const doc = parse(n.heatmap(dK, { title: "∂K/∂R" }).toSVG());
    const panels = byClass(doc, "panel");
    expect(panels).toHaveLength(4);
    expect(panels.map((p) => byClass(p as unknown as Document, "title")[0].textContent)).toEqual(["∂f₁₁", "∂f₁₂", "∂f₂₁", "∂f₂₂"]);
    expect(byClass(panels[0] as unknown as Document, "row-label").map((t) => t.textContent)).toEqual(["1", "2", "3"]);
    expect(byClass(doc, "cell")).toHaveLength(24);
    expect(byClass(doc, "colorbar")).toHaveLength(1);
    // ∂K₁₂/∂R_{kl} = R_{k2} δ_{l1} + R_{k1} δ_{l2}: panel ∂f₁₂, row k, column l.
    const panel01 = byClass(panels[1] as unknown as Document, "value").map((t) => Number(t.textContent));
    expect(panel01).toEqual([2, 1, 4, 3, 6, 5]);
    // A 3-d tensor gets one panel per leading index.
    const dA = n.jacobian((A: n.Value[][]) => n.matmul(A as never, [1, 2]))([[1, 0], [0, 1], [2, 2]]);
    expect(byClass(parse(n.heatmap(dA as never).toSVG()), "panel")).toHaveLength(3);
  });

  it("a Jacobian or Hessian result shows itself as a heatmap yet stays a plain array", () => {
    const show = (v: unknown) => (v as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")]();
    const doc = parse(show(J)["image/svg+xml"]);
    expect(byClass(doc, "cell")).toHaveLength(6);
    expect(byClass(doc, "title")[0].textContent).toBe("Jacobian");
    expect(JSON.stringify(J)).toBe(JSON.stringify([[2, 1], [Math.cos(1), 0], [-1, 1]]));
    expect(Object.keys(J)).toEqual(["0", "1", "2"]);
    const H = n.hessian((v: n.Value[]) => n.mul(v[0], n.mul(v[1], v[1])))([1, 2]);
    const hdoc = parse(show(H)["image/svg+xml"]);
    expect(byClass(hdoc, "title")[0].textContent).toBe("Hessian");
    // H[i][j] = ∂²f/∂xᵢ∂xⱼ: its rows are inputs as its columns are (they read ∂f₁, ∂f₂ of a scalar f).
    expect(byClass(hdoc, "row-label").map((t) => t.textContent)).toEqual(["∂x₁", "∂x₂"]);
    expect(byClass(hdoc, "col-label").map((t) => t.textContent)).toEqual(["∂x₁", "∂x₂"]);
    expect(byClass(parse(show(J)["image/svg+xml"]), "row-label").map((t) => t.textContent)).toEqual(["∂f₁", "∂f₂", "∂f₃"]);
    // A Hessian by a matrix: small multiples, one panel per entry of the first input, ∂x₁₁ …
    const HM = n.hessian((X: n.Value[][]) => n.mul(X[0][0], X[1][1]))([[1, 2], [3, 4]]);
    expect(byClass(parse(show(HM)["image/svg+xml"]), "title").map((t) => t.textContent)).toEqual(["Hessian", "∂x₁₁", "∂x₁₂", "∂x₂₁", "∂x₂₂"]);
    // A Jacobian that is a Tensor (of a Tensor argument) shows the picture in place of its table.
    const JT = n.jacobian((x: n.Value) => n.tanh(n.mul(x, 2)))(n.tensor([1, 2, 3])) as n.Tensor;
    const shown = show(JT);
    expect(Object.keys(shown).sort()).toEqual(["image/svg+xml", "text/plain"]);
    expect(byClass(parse(shown["image/svg+xml"]), "cell")).toHaveLength(9);
    expect(Object.keys(show(n.mul(JT, 1))).sort()).toEqual(["text/html", "text/latex", "text/plain"]);
    // Deeper than small multiples can draw: no picture, and no error either.
    const deep = n.jacobian((X: n.Value[][]) => [[[X[0][0]]], [[X[0][1]]]])([[1, 2]]);
    expect(show(deep)).toEqual({});
    // A gradient (1-d) has no heatmap of its own.
    expect(Symbol.for("Jupyter.display") in (n.grad((v: n.Value[]) => n.mul(v[0], v[1]))([1, 2]) as object)).toBe(false);
  });

  it("counts indices from 1 as latex, derivation and graph do (regression: heatmap labels read ∂f₀, ∂x₀ beside latex's x₁)", () => {
    const h = (x: n.Value[]) => [n.mul(x[0], x[1]), n.sin(x[0]), n.sub(x[1], x[0])];
    const doc = parse(n.heatmap(J).toSVG());
    const digits = (s: string) => [...s].map((c) => "₀₁₂₃₄₅₆₇₈₉".indexOf(c)).filter((d) => d >= 0).join("");
    const columns = byClass(doc, "col-label").map((t) => digits(t.textContent as string));
    expect(columns).toEqual(["1", "2"]);
    // The same numbers name the same inputs in the formulas, the trace and the graph.
    expect(n.latex(h as never, { at: [1, 2] }).variables.map((v) => /_\{(\d+)\}$/.exec(v.latex)?.[1])).toEqual(columns);
    const sum = (x: n.Value[]) => n.add(n.mul(x[0], x[1]), n.sin(x[0]));
    expect(n.derivation(sum as never, [1, 2]).names).toEqual(columns.map((c) => `x${c}`));
    expect(n.graph(sum as never, [1, 2]).nodes.slice(0, 2).map((node) => node.name)).toEqual(columns.map((c) => `x${c}`));
    // The hover text names the cell the same way: row 1, column 2 is J[0][1] = x₁ = 1.
    const tips = Array.from(doc.getElementsByTagName("title")).map((t) => t.textContent);
    expect(tips.slice(0, 2)).toEqual(["row 1, column 1: 2", "row 1, column 2: 1"]);
    expect(tips[5]).toBe("row 3, column 2: 1");
    // Block means name the rows they average, from 1.
    const tall = parse(n.heatmap(n.fromFunction([1000, 2], (i, j) => i + j)).toSVG());
    expect(byClass(tall, "row-label")[0].textContent).toBe("1");
    expect(Array.from(tall.getElementsByTagName("title"))[0].textContent).toMatch(/^rows 1–17, column 1: /);
  });

  it("centres the palette on zero: positive red, negative blue, zero white", () => {
    const cells = byClass(parse(n.heatmap([[1, -1, 0]]).toSVG()), "cell").map((c) => c.getAttribute("fill"));
    expect(cells).toEqual(["#b2182b", "#2166ac", "#f7f7f7"]);
  });

  it("uses given labels", () => {
    const doc = parse(n.heatmap([[1, 2]], { rowLabels: ["loss"], colLabels: ["w", "b"] }).toSVG());
    expect(byClass(doc, "col-label").map((t) => t.textContent)).toEqual(["w", "b"]);
  });

  it("aggregates a 1000×1000 matrix into a small, legible picture", () => {
    const big = n.fromFunction([1000, 1000], (i, j) => Math.sin(i / 50) * Math.cos(j / 50));
    const svg = n.heatmap(big).toSVG();
    const doc = parse(svg);
    expect(byClass(doc, "cell").length).toBeLessThanOrEqual(60 * 60);
    expect(byClass(doc, "value")).toHaveLength(0);
    expect(svg.length).toBeLessThan(400_000);
    expect(byClass(doc, "note")[0].textContent).toMatch(/1000×1000 shown as 59×59 block means/);
  });

  it("draws empty, constant and NaN matrices without dividing by zero", () => {
    const zero = parse(n.heatmap([[0, 0], [0, 0]]).toSVG());
    expect(byClass(zero, "cell").map((c) => c.getAttribute("fill"))).toEqual(["#f7f7f7", "#f7f7f7", "#f7f7f7", "#f7f7f7"]);
    const nan = parse(n.heatmap([[NaN, 1]]).toSVG());
    expect(byClass(nan, "cell")[0].getAttribute("fill")).toBe("#999999");
    expect(byClass(nan, "value")[0].textContent).toBe("NaN");
    parse(n.heatmap(n.zeros([0, 3])).toSVG());
  });

  it("is displayed as image/svg+xml", () => {
    const bundle = (n.heatmap(J) as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")]();
    expect(Object.keys(bundle).sort()).toEqual(["image/svg+xml", "text/plain"]);
  });
});
