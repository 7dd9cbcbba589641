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

  it("levels as values draw those lines, labelled: [0] is a classifier's decision boundary (only a count was taken; the boundary could not be picked out)", () => {
    // w·x + b = 0 with w = (2, -1), b = 1: the line y = 2x + 1.
    const c = n.contour(((x: V, y: V) => n.add(n.sub(n.mul(2, x), y), 1)) as never, [[-3, 3], [-3, 3]], { levels: [0] });
    const doc = parse(c.toSVG());
    const lines = byClass(doc, "contour");
    expect(lines.map((l) => l.getAttribute("data-level"))).toEqual(["0"]);
    expect(byClass(doc, "level-label").map((t) => t.textContent)).toEqual(["0"]);
    // Every vertex lies on y = 2x + 1 (frame 356 px for 6 units, origin at pixel (48 + 178, 30 + 178)).
    const pts = lines[0].getAttribute("d")!.split(/[ML]/).filter(Boolean).map((p) => p.trim().split(" ").map(Number));
    for (const [px, py] of pts) expect(-(py - 208) / (356 / 6)).toBeCloseTo(2 * ((px - 226) / (356 / 6)) + 1, 1);
    // Several values: one line each, sorted; a count still gives evenly spaced levels.
    const prob = n.contour(((x: V, y: V) => n.sigmoid(n.sub(x, y))) as never, [[-3, 3], [-3, 3]], { levels: [0.9, 0.5, 0.1] });
    expect(byClass(parse(prob.toSVG()), "contour").map((l) => l.getAttribute("data-level"))).toEqual(["0.1", "0.5", "0.9"]);
    expect(() => n.contour(((x: V, y: V) => x) as never, [[0, 1], [0, 1]], { levels: [NaN] })).toThrow("contour: option levels must be a count (an integer from 1 to 1000) or a non-empty list of at most 1000 finite values such as [0], got [NaN]");
    expect(() => n.contour(((x: V, y: V) => x) as never, [[0, 1], [0, 1]], { levels: 0 })).toThrow("contour: option levels must be a count (an integer from 1 to 1000) or a non-empty list of at most 1000 finite values such as [0], got number 0");
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
    const constant = parse(n.contour(() => 3 as never, [[0, 1], [0, 1]], { gradient: true }).toSVG());
    expect(byClass(constant, "contour")).toHaveLength(0);
    expect(byClass(constant, "note").map((t) => t.textContent)).toEqual(["f is constant (3) on the box: no contour lines"]);
    expect(() => n.contour(f as never, [[1, 0], [0, 1]])).toThrow(/x0 < x1/);
    // These read "box is not iterable" and "Cannot read properties of undefined (reading 'length')".
    expect(() => n.contour(f as never, undefined as never)).toThrow("contour: the box must be [[x0, x1], [y0, y1]], got undefined");
    expect(() => n.contour(f as never, [0, 1] as never)).toThrow("contour: the box must be [[x0, x1], [y0, y1]], got an array of 2");
    expect(() => n.contour(undefined as never, [[0, 1], [0, 1]])).toThrow("contour: expected a function of two variables, (x, y) => … or (v) => …, got undefined");
    expect(() => n.contour(((x: V, y: V, z: V) => n.add(x, n.add(y, z))) as never, [[0, 1], [0, 1]])).toThrow(/contour: f takes 3 arguments, but contour draws a function of two variables/);
  });

  it("says so in the picture when f is NaN everywhere (regression: an empty frame without a word)", () => {
    const nowhere = n.contour(((x: V, y: V) => n.sqrt(n.sub(-1, n.add(n.mul(x, x), n.mul(y, y))))) as never, [[-1, 1], [-1, 1]], { gradient: true });
    const doc = parse(nowhere.toSVG());
    expect(byClass(doc, "contour")).toHaveLength(0);
    expect(byClass(doc, "gradient")).toHaveLength(0);
    expect(byClass(doc, "note").map((t) => t.textContent)).toEqual(["f is NaN everywhere on the box: nothing to draw"]);
    expect(String(nowhere)).toContain("f is NaN everywhere on the box");
    // NaN on part of the box: the rest is drawn, with no note.
    const half = parse(n.contour(((x: V, y: V) => n.add(n.log(x), n.mul(y, y))) as never, [[-1, 1], [-1, 1]], { levels: 5 }).toSVG());
    expect(byClass(half, "contour").length).toBeGreaterThan(0);
    expect(byClass(half, "note")).toHaveLength(0);
  });

  /** The arrows and the frame of a contour plot, on screen, with the map from (x, y) to the screen. */
  function onScreen(c: n.ContourPlot) {
    const doc = parse(c.toSVG());
    const frame = Array.from(doc.getElementsByTagName("rect")).find((r) => r.getAttribute("fill") === "#fbfbfb") as Element;
    const [left, top, w, h] = ["x", "y", "width", "height"].map((a) => Number(frame.getAttribute(a)));
    const [[x0, x1], [y0, y1]] = c.box;
    const kx = w / (x1 - x0);
    const ky = h / (y1 - y0);
    const toData = (sx: number, sy: number) => [x0 + (sx - left) / kx, y0 + (top + h - sy) / ky];
    const arrows = byClass(doc, "gradient").map((l) => ["x1", "y1", "x2", "y2"].map((a) => Number(l.getAttribute(a))));
    return { doc, w, h, kx, ky, toData, arrows };
  }
  const degrees = (a: number[], b: number[]) => (Math.acos((a[0] * b[0] + a[1] * b[1]) / Math.hypot(a[0], a[1]) / Math.hypot(b[0], b[1])) * 180) / Math.PI;

  it("on a box 4 times as wide as high, arrows are ∇f in (x, y) and cross the contours at right angles on screen (regression: neither)", () => {
    const c = n.contour(f as never, [[-4, 4], [-1, 1]], { gradient: true, levels: 10 });
    const { doc, w, h, kx, ky, toData, arrows } = onScreen(c);
    expect(w / h).toBeCloseTo(4, 6); // x and y to one scale
    expect(kx).toBeCloseTo(ky, 9);
    expect(byClass(doc, "note")).toHaveLength(0);
    expect(arrows.length).toBeGreaterThan(10);
    const contours = byClass(doc, "contour").flatMap((p) =>
      [...(p.getAttribute("d") as string).matchAll(/M([-\d.]+) ([-\d.]+)L([-\d.]+) ([-\d.]+)/g)].map((m) => m.slice(1).map(Number)),
    );
    let checked = 0;
    for (const [sx1, sy1, sx2, sy2] of arrows) {
      const [x, y] = toData(sx1, sy1);
      // Direction: the arrow, read back into (x, y), is ∇f = (2x, 6y).
      const [ex, ey] = toData(sx2, sy2);
      expect(degrees([ex - x, ey - y], [2 * x, 6 * y])).toBeLessThan(1);
      // On screen: at right angles to the contour through the arrow's start, its tangent
      // (−∂f/∂y, ∂f/∂x) mapped to the screen (y down)…
      const tangent = [-6 * y * kx, -2 * x * ky];
      expect(Math.abs(degrees([sx2 - sx1, sy2 - sy1], tangent) - 90)).toBeLessThan(1);
      // …and to the drawn contour segment nearest to it, where one passes within 3 px.
      let nearest: number[] | undefined;
      let distance = 3;
      for (const s of contours) {
        const d = Math.hypot((s[0] + s[2]) / 2 - sx1, (s[1] + s[3]) / 2 - sy1);
        if (d < distance && Math.hypot(s[2] - s[0], s[3] - s[1]) > 0.5) [nearest, distance] = [s, d];
      }
      if (nearest) {
        checked++;
        expect(Math.abs(degrees([sx2 - sx1, sy2 - sy1], [nearest[2] - nearest[0], nearest[3] - nearest[1]]) - 90)).toBeLessThan(6);
      }
    }
    expect(checked).toBeGreaterThan(3);
  });

  it("a box too long to draw to scale is stretched, says so, and its arrows still point along ∇f", () => {
    const c = n.contour(f as never, [[-10, 10], [-1, 1]], { gradient: true });
    const { doc, toData, arrows } = onScreen(c);
    expect(byClass(doc, "note").map((t) => t.textContent)).toEqual(["x and y not to the same scale"]);
    for (const [sx1, sy1, sx2, sy2] of arrows) {
      const [x, y] = toData(sx1, sy1);
      const [ex, ey] = toData(sx2, sy2);
      expect(degrees([ex - x, ey - y], [2 * x, 6 * y])).toBeLessThan(1);
    }
  });
});
