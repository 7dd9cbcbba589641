import { describe, expect, it } from "vitest";
import * as n from "../../src/index";

// A typo or a value of the wrong kind in a display's options was ignored: the picture drew
// without it (no tangent, no colour bar change) or drew nothing, and nothing said why.
describe("the options of plot, heatmap, contour and progress are checked", () => {
  const sq = (x: number) => n.mul(x, x) as number;

  it("an unknown option is named with the options there are", () => {
    expect(() => n.plot(sq, [0, 1], { tangent_at: 0.5 } as never)).toThrow('plot: unknown option "tangent_at"; the options are derivative, tangentAt, samples, title, labels, logX, logY');
    expect(() => n.heatmap([[1, 2], [3, 4]], { colourBar: false } as never)).toThrow('heatmap: unknown option "colourBar"; the options are title, rowLabels, rowStem, colLabels, scale, colorBar');
    expect(() => n.contour((x: number, y: number) => x + y, [[0, 1], [0, 1]], { gradients: true } as never)).toThrow('contour: unknown option "gradients"');
    expect(() => n.progress({ totl: 10 } as never)).toThrow('progress: unknown option "totl"; the options are total, title, throttleMs, display');
  });

  it("a value of the wrong kind names the option, what it must be and what it got", () => {
    expect(() => n.plot(sq, [0, 1], { samples: "200" } as never)).toThrow('plot: option samples must be an integer from 2 to 100000, got the string "200"');
    expect(() => n.plot(sq, [0, 1], { samples: 1 })).toThrow("plot: option samples must be an integer from 2 to 100000, got number 1");
    expect(() => n.plot(sq, [0, 1], { tangentAt: [0.5, NaN] })).toThrow("plot: option tangentAt must be a number or an array of numbers, got [0.5, NaN]");
    expect(() => n.plot(sq, [0, 1], { labels: "f" } as never)).toThrow(/^plot: option labels must be an array of strings/);
    expect(() => n.heatmap([[1, 2], [3, 4]], { scale: 0 })).toThrow("heatmap: option scale must be a positive number, got number 0");
    expect(() => n.contour((x: number, y: number) => x + y, [[0, 1], [0, 1]], { path: [[1, 2, 3]] })).toThrow(/^contour: option path must be an array of points \[x, y\]/);
    expect(() => n.contour((x: number, y: number) => x + y, [[0, 1], [0, 1]], { levels: [] })).toThrow(/^contour: option levels must be a count/);
    expect(() => n.progress({ total: -1 })).toThrow("progress: option total must be a non-negative integer, got number -1");
    expect(() => n.plot(sq, [0, 1], "derivative" as never)).toThrow(/^plot: the options must be an object/);
  });

  it("good options still draw what they ask for", () => {
    const withTangent = n.plot(sq, [0, 1], { tangentAt: 0.5, samples: 20, title: "x²", labels: ["f"] }).toSVG();
    expect(withTangent).toContain("x²");
    expect(withTangent).toContain("tangent");
    expect(n.heatmap([[1, -2], [3, 4]], { colorBar: false, scale: 8, rowLabels: ["a", "b"] }).toSVG()).toContain(">a<");
    const p = n.progress({ total: 2, title: "fit", display: () => ({ update: () => undefined }) });
    p.update(2, 0.5);
    expect(String(p)).toBe("fit: iteration 2/2, loss 0.5");
  });
});
