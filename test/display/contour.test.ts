import { describe, expect, it } from "vitest";
import { DOMParser } from "@xmldom/xmldom";
import * as n from "../../src/index";
import { contourSegments } from "../../src/display/marching-squares";

type V = n.Value;
const byClass = (doc: Document, cls: string) => Array.from(doc.getElementsByTagName("*")).filter((e) => e.getAttribute("class") === cls);
const parse = (svg: string) => {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, msg) => { if (level !== "warning") errors.push(msg); } }).parseFromString(svg, "image/svg+xml");
  expect(errors).toEqual([]);
  return doc as unknown as Document;
};

describe("contour", () => {
  const f = (v: V[]) => n.add(n.mul(v[0], v[0]), n.mul(3, n.mul(v[1], v[1])));

  it("takes f(x, y) as two numbers (regression: (x, y) => … drew an empty plot, every value NaN)", () => {
    const g = (x: V, y: V) => n.add(n.mul(x, x), n.mul(3, n.mul(y, y)));
    const c = n.contour(g as never, [[-2, 2], [-2, 2]], { gradient: true, levels: 8 });
    const asArray = n.contour(f as never, [[-2, 2], [-2, 2]], { gradient: true, levels: 8 });
    expect(Array.from(c.values)).toEqual(Array.from(asArray.values));
    expect(c.values.every(Number.isFinite)).toBe(true);
    const h = 1e-6;
    for (const [x, y, gx, gy] of c.arrows) {
      expect(gx).toBeCloseTo(((g(x + h, y) as number) - (g(x - h, y) as number)) / (2 * h), 6);
      expect(gy).toBeCloseTo(((g(x, y + h) as number) - (g(x, y - h) as number)) / (2 * h), 6);
    }
    const doc = parse(c.toSVG());
    expect(byClass(doc, "contour")).toHaveLength(8);
    expect(byClass(doc, "gradient")).toHaveLength(80);
  });

  it("draws contour levels, AD gradient arrows and the optimisation path", () => {
    const path = [[1.8, 1.5], [1.44, 0.6], [1.15, 0.24]];
    const c = n.contour(f as never, [[-2, 2], [-2, 2]], { gradient: true, path, levels: 8 });
    const doc = parse(c.toSVG());
    expect(byClass(doc, "contour")).toHaveLength(8);
    // 9×9 arrows, but none at the centre, where ∇f = 0.
    expect(byClass(doc, "gradient")).toHaveLength(80);
    expect(byClass(doc, "iterate")).toHaveLength(3);
    for (const [x, y, gx, gy] of c.arrows) {
      expect(gx).toBeCloseTo(2 * x, 12);
      expect(gy).toBeCloseTo(6 * y, 12);
    }
  });

  it("marching squares puts the level-1 circle of x² + y² at radius 1", () => {
    const cols = 41;
    const values = new Float64Array(cols * cols);
    for (let j = 0; j < cols; j++) for (let i = 0; i < cols; i++) values[j * cols + i] = ((i - 20) / 10) ** 2 + ((j - 20) / 10) ** 2;
    const segments = contourSegments(values, cols, cols, 1);
    expect(segments.length).toBeGreaterThan(40);
    for (const [a, b] of segments) expect(Math.hypot((a - 20) / 10, (b - 20) / 10)).toBeCloseTo(1, 1);
  });

  it("a constant function and a bad box are handled plainly", () => {
    expect(byClass(parse(n.contour(() => 3 as never, [[0, 1], [0, 1]], { gradient: true }).toSVG()), "contour")).toHaveLength(0);
    expect(() => n.contour(f as never, [[1, 0], [0, 1]])).toThrow(/x0 < x1/);
  });
});
