import { describe, expect, it } from "vitest";
import * as n from "../../src/index";

/* A passed or failed check on a long array stays one readable line, not every value. */
describe("expectClose lines on long arrays", () => {
  it("a pass on 20 000 values lists the first and last few and the count", () => {
    const r = n.expectClose(n.arange(20000), n.arange(20000), 0, "long");
    expect(r.toString()).toBe("✔ long: [0, 1, 2, 3, 4, 5, 6, 7, …, 19997, 19998, 19999] (20000 values) ≈ [0, 1, 2, 3, 4, 5, 6, 7, …, 19997, 19998, 19999] (20000 values)");
    const html = (r as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")]()["text/html"];
    expect(html.length).toBeLessThan(300);
  });

  it("a failure names the entry that failed", () => {
    const expected = Array.from({ length: 100 }, (_, i) => i);
    const got = expected.map((v, i) => (i === 50 ? 50.5 : v));
    expect(() => n.expectClose(got, expected, 1e-9, "v")).toThrow(
      "✘ v: got [0, 1, 2, 3, 4, 5, 6, 7, …, 97, 98, 99] (100 values), expected [0, 1, 2, 3, 4, 5, 6, 7, …, 97, 98, 99] (100 values) (relative gap 1.00e-2 > 1e-9; at index 50: got 50.5, expected 50)",
    );
  });

  it("short arrays and numbers read as before", () => {
    expect(n.expectClose([1, 2], [1, 2], 0, "s").toString()).toBe("✔ s: [1, 2] ≈ [1, 2]");
    expect(() => n.expectClose(1, 2, 0, "one")).toThrow("✘ one: got 1, expected 2 (relative gap 5.00e-1 > 0)");
  });
});
