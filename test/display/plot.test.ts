import { describe, expect, it } from "vitest";
import { DOMParser } from "@xmldom/xmldom";
import * as n from "../../src/index";

function parse(svg: string): Document {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, msg) => { if (level !== "warning") errors.push(msg); } }).parseFromString(svg, "image/svg+xml");
  expect(errors).toEqual([]);
  return doc as unknown as Document;
}
const byClass = (doc: Document, cls: string) => Array.from(doc.getElementsByTagName("*")).filter((e) => e.getAttribute("class") === cls);

describe("plot", () => {
  const f = (x: n.Value) => n.sin(n.add(n.mul(2, x), 1));

  it("draws several functions and measured series with a legend, on log axes when asked", () => {
    const p = n.plot([Math.sin, Math.cos] as never, [0, 6], { labels: ["sin", "cos"], title: "two" });
    const doc = parse(p.toSVG());
    expect(byClass(doc, "series").map((s) => s.getAttribute("data-label"))).toEqual(["sin", "cos"]);
    expect(new Set(byClass(doc, "series").map((s) => s.getAttribute("stroke"))).size).toBe(2);
    expect(p.toString()).toBe("two: plot of sin, cos");
    // The finite-difference error of x² at 2 against the step, on log-log axes.
    const eps = [1e-1, 1e-3, 1e-5, 1e-7, 1e-9, 1e-11];
    const err = eps.map((e) => Math.abs(((2 + e) ** 2 - 4) / e - 4));
    const loglog = n.plot({ x: eps, y: err, label: "error" }, undefined, { logX: true, logY: true });
    const d2 = parse(loglog.toSVG());
    expect(byClass(d2, "point")).toHaveLength(eps.filter((_, i) => err[i] > 0).length);
    expect(byClass(d2, "x-tick").map((t) => t.textContent)).toEqual(["1e-10", "1e-8", "1e-6", "1e-4", "0.01"]);
    // Evenly spaced decades: the x positions of 1e-1 … 1e-11 step by the same amount.
    const cx = byClass(d2, "point").map((c) => Number(c.getAttribute("cx")));
    for (let i = 2; i < cx.length; i++) expect(cx[i] - cx[i - 1]).toBeCloseTo(cx[1] - cx[0], 0);
    // A title too long for the picture is made to fit rather than cut off at the edge.
    const long = parse(n.plot(Math.sin as never, [0, 1], { title: "a very long title ".repeat(8) }).toSVG());
    const title = byClass(long, "title")[0];
    const width = Number(long.documentElement.getAttribute("width"));
    const room = width - Number(title.getAttribute("x"));
    const drawn = Number(title.getAttribute("textLength") || [...(title.textContent ?? "")].length * 0.6 * Number(title.getAttribute("font-size")));
    expect(drawn).toBeLessThanOrEqual(room);
    expect(() => n.plot({ x: [1, 2], y: [1] } as never)).toThrow(/same length/);
    expect(() => n.plot(Math.sin as never)).toThrow(/need a range/);
    // Options in place of the range read "range is not iterable".
    expect(() => n.plot(Math.sin as never, { x: [0, 1] } as never)).toThrow("plot: the second argument is the range [a, b], got an object (Object); options come third, plot(f, [a, b], { … })");
    expect(() => n.plot(Math.log as never, [0, 1], { logX: true })).toThrow(/a > 0 on a log axis/);
  });

  it("a log axis over less than a decade has ticks at 1, 2 and 5 times powers of ten (it had 0.00251, 0.00398, 0.00631 …)", () => {
    // A training loss from 0.0223 down to 0.0025 over 1000 steps, on a log y axis.
    const loss = Array.from({ length: 1000 }, (_, i) => 0.0223 * Math.exp((-i / 999) * Math.log(0.0223 / 0.0025)));
    const doc = parse(n.plot({ x: loss.map((_, i) => i), y: loss, label: "loss" }, [0, 1000], { logY: true }).toSVG());
    expect(byClass(doc, "y-tick").map((t) => t.textContent)).toEqual(["0.005", "0.01", "0.02"]);
    // 1000 dots merged into a band 6 px thick: a series that long is drawn as its line.
    expect(byClass(doc, "point")).toHaveLength(0);
    expect(byClass(doc, "series")).toHaveLength(1);
    // Narrower ranges get every digit, then round values.
    const digits = parse(n.plot({ x: [1, 2], y: [0.0021, 0.0079], label: "e" }, undefined, { logY: true }).toSVG());
    expect(byClass(digits, "y-tick").map((t) => t.textContent)).toEqual(["0.002", "0.003", "0.004", "0.005", "0.006", "0.007", "0.008"]);
    expect(byClass(digits, "point")).toHaveLength(2);
    const narrow = parse(n.plot({ x: [1, 2], y: [1.01, 1.05], label: "e" }, undefined, { logY: true }).toSVG());
    expect(byClass(narrow, "y-tick").map((t) => Number(t.textContent))).toEqual([1.01, 1.02, 1.03, 1.04, 1.05]);
  });

  it("the legend box holds its longest label in a wide face: 'momentum' ran past it (6.2 px a character; DejaVu Sans sets it 63.9 px wide at 11 px)", () => {
    const xs = [1, 2, 3];
    const p = n.plot([{ x: xs, y: [1, 0.5, 0.2], label: "SGD" }, { x: xs, y: [1, 0.3, 0.1], label: "momentum" }, { x: xs, y: [1, 0.4, 0.15], label: "Adam" }], [1, 3], { logY: true });
    const legend = byClass(parse(p.toSVG()), "legend")[0];
    const rect = legend.getElementsByTagName("rect")[0];
    const right = Number(rect.getAttribute("x")) + Number(rect.getAttribute("width"));
    const label = Array.from(legend.getElementsByTagName("text")).find((t) => t.textContent === "momentum")!;
    // m 0.974 em ×3, o 0.612, e 0.615, n 0.634, t 0.392, u 0.634: 5.81 em = 63.9 px at 11 px.
    expect(right - Number(label.getAttribute("x"))).toBeGreaterThanOrEqual(63.9);
    // And it stays inside the picture.
    expect(right).toBeLessThanOrEqual(Number(parse(p.toSVG()).documentElement.getAttribute("width")));
  });

  it("draws f, its exact derivative and the tangent line, with axes, ticks and a legend", () => {
    const p = n.plot(f as never, [-2, 2], { derivative: true, tangentAt: 0.5, title: "sin(2x + 1)" });
    const doc = parse(p.toSVG());
    expect(byClass(doc, "series").map((s) => s.getAttribute("data-label"))).toEqual(["f(x)", "f′(x)", "tangent at 0.5"]);
    expect(byClass(doc, "x-tick").map((t) => t.textContent)).toContain("0");
    expect(byClass(doc, "mark")).toHaveLength(1);
    expect(byClass(doc, "title")[0].textContent).toBe("sin(2x + 1)");
    // The derivative is AD's, not a difference quotient: 2cos(2x + 1) at every sample.
    for (const [x, y] of p.series[1].points) expect(y).toBeCloseTo(2 * Math.cos(2 * x + 1), 12);
    // The tangent passes through (x₀, f(x₀)) with slope f′(x₀).
    const [[a, ya], [b, yb]] = p.series[2].points;
    expect((yb - ya) / (b - a)).toBeCloseTo(2 * Math.cos(2), 12);
    expect(ya + ((yb - ya) * (0.5 - a)) / (b - a)).toBeCloseTo(Math.sin(2), 12);
  });

  it("clips a point of tangency outside [a, b] with the curves (it was drawn over the frame and the padding)", () => {
    const doc = parse(n.plot(f as never, [-2, 2], { tangentAt: [0.5, 2.1] }).toSVG());
    const marks = byClass(doc, "mark");
    expect(marks).toHaveLength(2);
    const clip = doc.getElementsByTagName("clipPath")[0].getAttribute("id");
    for (const m of marks) expect((m.parentNode as Element).getAttribute("clip-path")).toBe(`url(#${clip})`);
    expect(Number(marks[1].getAttribute("cx"))).toBeGreaterThan(560 - 16);
  });

  it("each picture's clip path and arrowheads have ids of their own: inline in one page, url(#plot-area) found the first plot's, and a hidden (collapsed) first output took the others' clipping with it", () => {
    const ids = (svg: string) => [...svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    const refs = (svg: string) => [...svg.matchAll(/url\(#([^)]+)\)/g)].map((m) => m[1]);
    const pictures = [
      n.plot(f as never, [0, 1]).toSVG(),
      n.plot(f as never, [0, 1]).toSVG(),
      n.contour((x: n.Value, y: n.Value) => n.add(n.mul(x, x), y) as never, [[-1, 1], [-1, 1]], { gradient: true }).toSVG(),
      n.graph((x: n.Value) => n.exp(n.sin(x)), 1).toSVG(),
    ];
    const all = pictures.flatMap(ids);
    expect(all.length).toBe(4);
    expect(new Set(all).size).toBe(all.length);
    // Every reference in a picture is to an element of that picture.
    for (const svg of pictures) for (const r of refs(svg)) expect(ids(svg)).toContain(r);
  });

  it("breaks the line where f is not finite instead of drawing to infinity", () => {
    const doc = parse(n.plot((x: n.Value) => n.div(1, x), [-1, 1], { samples: 201 }).toSVG());
    expect(byClass(doc, "series")).toHaveLength(2);
  });

  it("a function of two arguments is an error that points to contour (regression: plot((x, y) => …) drew an empty frame)", () => {
    const hypot = (x: number, y: number) => Math.hypot(x, y);
    expect(() => n.plot(hypot as never, [0, 1])).toThrow(/plot: f takes 2 arguments \(x, y\), but plot draws functions of one variable.*contour\(f, \[\[x0, x1\], \[y0, y1\]\]\).*plot\(\(x\) => f\(x, 1\), \[a, b\]\)/);
    expect(() => n.plot([Math.sin, hypot] as never, [0, 1])).toThrow(/plot: function 2 takes 2 arguments/);
    // A default for the second parameter makes it a function of one variable.
    expect(byClass(parse(n.plot(((x: number, y = 2) => x * y) as never, [0, 1]).toSVG()), "series")).toHaveLength(1);
  });

  it("says so in the picture when a curve is NaN everywhere (regression: an empty frame without a word)", () => {
    const nowhere = (x: n.Value) => n.log(n.sub(-1, n.mul(x, x)));
    const p = n.plot(nowhere as never, [-1, 1]);
    const doc = parse(p.toSVG());
    expect(byClass(doc, "series")).toHaveLength(0);
    expect(byClass(doc, "note").map((t) => t.textContent)).toEqual(["f(x): nothing to draw, NaN at every x in [-1, 1]"]);
    expect(String(p)).toContain("f(x): nothing to draw, NaN at every x in [-1, 1]");
    // Beside a function that draws, only the empty one is named.
    const both = parse(n.plot([Math.sin, () => NaN] as never, [0, 3], { labels: ["sin", "broken"] }).toSVG());
    expect(byClass(both, "series").map((s) => s.getAttribute("data-label"))).toEqual(["sin"]);
    expect(byClass(both, "note").map((t) => t.textContent)).toEqual(["broken: nothing to draw, NaN at every x in [0, 3]"]);
    // ±∞ everywhere, and nothing positive on a log axis, are named for what they are.
    expect(byClass(parse(n.plot(() => Infinity as never, [0, 1]).toSVG()), "note")[0].textContent).toBe("f(x): nothing to draw, no finite value on [0, 1]");
    expect(byClass(parse(n.plot((x: n.Value) => n.sub(-1, x), [0, 1], { logY: true }).toSVG()), "note")[0].textContent).toBe("f(x): nothing to draw, no value > 0 for the log y axis");
  });

  it("draws the finite part of a partly NaN function without a note (ln x on [−1, 1])", () => {
    const doc = parse(n.plot(Math.log as never, [-1, 1], { samples: 201 }).toSVG());
    const lines = byClass(doc, "series");
    expect(lines).toHaveLength(1);
    const xs = (lines[0].getAttribute("points") as string).split(" ").map((p) => Number(p.split(",")[0]));
    expect(xs.length).toBe(100); // x = 0.01 … 1
    const middle = (56 + 560 - 16) / 2;
    for (const x of xs) expect(x).toBeGreaterThan(middle);
    expect(byClass(doc, "note")).toHaveLength(0);
  });

  it("rejects an empty range and a non-numeric f clearly", () => {
    expect(() => n.plot(f as never, [1, 1])).toThrow(/a < b/);
    expect(() => n.plot(() => "x" as never, [0, 1])).toThrow(/must return a number/);
  });
});
