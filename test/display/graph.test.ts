import { describe, expect, it } from "vitest";
import { DOMParser } from "@xmldom/xmldom";
import * as n from "../../src/index";

type V = n.Value;
const byClass = (doc: Document, cls: string) => Array.from(doc.getElementsByTagName("*")).filter((e) => e.getAttribute("class") === cls);

describe("graph (the computation graph as SVG)", () => {
  const f = (x: V) => { const a = n.pow(x, 2); const b = n.exp(a); const c = n.add(a, b); return n.add(n.sqrt(c), n.cos(c)); };

  it("has one node per operation with value and gradient, and one edge per operand", () => {
    const g = n.graph(f as never, 0.5);
    const errors: string[] = [];
    const doc = new DOMParser({ onError: (level, msg) => { if (level !== "warning") errors.push(msg); } }).parseFromString(g.toSVG(), "image/svg+xml") as unknown as Document;
    expect(errors).toEqual([]);
    expect(byClass(doc, "label").map((t) => t.textContent)).toEqual(["x", "a = x^2", "b = exp(a)", "c = a + b", "d = √c", "e = cos(c)", "f = d + e"]);
    // x→a, a→b, a→c, b→c, c→d, c→e, d→f, e→f
    expect(byClass(doc, "edge")).toHaveLength(8);
    // a→c skips b's layer: it curves around b's box instead of running through it.
    expect(byClass(doc, "edge").filter((e) => e.tagName === "path")).toHaveLength(1);
    const c = 0.25 + Math.exp(0.25);
    const exact = 2 * 0.5 * (1 / (2 * Math.sqrt(c)) - Math.sin(c)) * (1 + Math.exp(0.25));
    expect(g.nodes[0].grad).toBeCloseTo(exact, 14);
    expect(byClass(doc, "grad")[0].textContent).toBe(`grad ${Number(exact.toPrecision(6))}`);
  });
});
