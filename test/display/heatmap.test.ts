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
    expect(byClass(doc, "row-label").map((t) => t.textContent)).toEqual(["∂f₀", "∂f₁", "∂f₂"]);
    expect(byClass(doc, "col-label").map((t) => t.textContent)).toEqual(["∂x₀", "∂x₁"]);
    expect(byClass(doc, "colorbar")).toHaveLength(1);
    expect(byClass(doc, "title")[0].textContent).toBe("Jacobian of f");
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
