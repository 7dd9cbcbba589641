import { describe, expect, it } from "vitest";
import * as n from "../../src/index";

// Bad input to plot and contour, as a student gets it wrong: each case crashed the kernel's
// executor, drew an empty or wrong picture without a word, or said something unreadable.

const T = (x: unknown) => x as never;
const svgOf = (p: { toSVG(): string }) => p.toSVG();

describe("plot and contour refuse work no picture can show", () => {
  it("samples: 1e9 is an error (it ran the executor out of memory and lost the session)", () => {
    expect(() => n.plot(Math.sin, [0, 1], { samples: 1e9 })).toThrow("plot: option samples must be an integer from 2 to 100000, got number 1000000000");
    // The largest allowed draws (it overflowed the stack at 2e5).
    expect(svgOf(n.plot(Math.sin, [0, 1], { samples: 100_000 }))).toContain("<polyline");
  });

  it("levels: 100000 is an error (it took 30 s and wrote a 320 MB picture)", () => {
    expect(() => n.contour((x: number, y: number) => x + y, [[0, 1], [0, 1]], { levels: 100_000 })).toThrow("contour: option levels must be a count (an integer from 1 to 1000)");
    expect(() => n.contour((x: number, y: number) => x + y, [[0, 1], [0, 1]], { levels: Array.from({ length: 1001 }, (_, i) => i / 1000) })).toThrow("contour: option levels must be");
  });

  it("a measured series of 300 000 points draws (Math.min(...xs) overflowed the stack: 'Maximum call stack size exceeded')", () => {
    const x = Array.from({ length: 300_000 }, (_, i) => i);
    const svg = svgOf(n.plot({ x, y: x.map((v) => 1 / (v + 1)), label: "loss" }));
    // The x range is [0, 299 999]: the line runs from the frame's left edge (56 px) to its right (560 − 16 px).
    const points = /class="series"[^>]* points="([^"]+)"/.exec(svg)![1].split(" ");
    expect(Number(points[0].split(",")[0])).toBeCloseTo(56, 6);
    expect(Number(points[points.length - 1].split(",")[0])).toBeCloseTo(544, 6);
    expect(points).toHaveLength(300_000);
  });
});

describe("what a plotted function returned, and the range and data given, are named", () => {
  it.each([
    // String() showed [x, x] as "0,0" and a tensor as "Tensor 2\n[0, 0]".
    ["f returns an array", () => n.plot(T((x: number) => [x, x]), [0, 1]), "plot: f must return a number, got an array of 2; for several curves, plot an array of functions, plot([f, g], [a, b])"],
    ["f returns a tensor", () => n.plot(T((x: number) => n.tensor([x, x])), [0, 1]), "plot: f must return a number, got a tensor of shape (2) (reduce it to one number, with sum or element, say)"],
    ["f forgets return", () => n.plot(T((_x: number) => {}), [0, 1]), "plot: f must return a number, got undefined (did you forget `return`?)"],
    ["contour's f returns [x, y]", () => n.contour(T((x: number, y: number) => [x, y]), [[0, 1], [0, 1]]), "contour: f must return a number, got an array of 2"],
    // ["0", "1"] read "got [0, 1]"; [0, 1, 2] drew [0, 1] silently.
    ["the range as strings", () => n.plot(Math.sin, T(["0", "1"])), 'plot: the range is two numbers [a, b], got [the string "0", the string "1"]'],
    ["a range of three", () => n.plot(Math.sin, T([0, 1, 2])), "plot: the range is two numbers [a, b], got [number 0, number 1, number 2]"],
    // Strings became NaN and drew an empty frame; a length mismatch did not say the lengths.
    ["a series of strings", () => n.plot({ x: T(["a", "b"]), y: [1, 2] }), 'x[0] is the string "a", not a number'],
    ["a series of unequal lengths", () => n.plot({ x: [0, 1], y: [1, 2, 3] }), "x has 2 values and y 3"],
    // labels: ["a"] for two curves drew "a" and "g(x)"; three for one dropped two.
    ["one label for two curves", () => n.plot([Math.sin, Math.cos], [0, 1], { labels: ["a"] }), "plot: 1 label for 2 curves (functions and data series); give one label per curve"],
    ["three labels for one curve", () => n.plot(Math.sin, [0, 1], { labels: ["a", "b", "c"] }), "plot: 3 labels for 1 curve"],
    // rowLabels: ["a"] for two rows labelled the second "f2"; three columns' labels for two dropped one.
    ["one row label for two rows", () => n.heatmap([[1, 2], [3, 4]], { rowLabels: ["a"] }), "heatmap: 1 rowLabels for a 2×2 matrix; give one label per row, 2"],
    ["three column labels for two columns", () => n.heatmap([[1, 2], [3, 4]], { colLabels: ["a", "b", "c"] }), "heatmap: 3 colLabels for a 2×2 matrix; give one label per column, 2"],
    ["labels of a vector's one row", () => n.heatmap([1, 2, 3], { rowLabels: ["a", "b", "c"] }), "heatmap: 3 rowLabels for a 1×3 matrix; give one label per row, 1"],
    // An infinite side drew an empty frame.
    ["an infinite contour box", () => n.contour((x: number, y: number) => x + y, [[-Infinity, 1], [0, 1]]), "contour: the box must be finite, [[x0, x1], [y0, y1]], got [[-Infinity, 1], [0, 1]]"],
  ])("%s", (_name, run, message) => {
    expect(run).toThrow(message);
  });

  it("a series given as tensors of one axis draws its points (it was refused with 'x and y of the same length' when they were)", () => {
    const p = n.plot({ x: n.tensor([0, 1, 2]), y: n.tensor([1, 4, 9]) } as never);
    expect(p.series[0].points).toEqual([[0, 1], [1, 4], [2, 9]]);
  });
});
