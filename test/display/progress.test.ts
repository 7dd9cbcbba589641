import { describe, expect, it } from "vitest";
import * as n from "../../src/index";

/** A display function that records what each draw showed, as the notebook's display would. */
function recorder(): { shown: string[]; display: (value: unknown, options: { id: string }) => { update(value: unknown): void } } {
  const shown: string[] = [];
  return {
    shown,
    display: (value) => {
      shown.push(String(value));
      return { update: (v) => shown.push(String(v)) };
    },
  };
}

describe("progress", () => {
  it("a loop that reaches its total shows the last iteration without done() (a training cell ended showing 836/1000)", () => {
    const { shown, display } = recorder();
    const p = n.progress({ total: 1000, display, throttleMs: 60_000 });
    for (let step = 0; step < 1000; step++) p.update(step + 1, 1 / (step + 1));
    // The first update draws, the throttle holds back the rest, the last one draws again.
    expect(shown).toEqual(["iteration 1/1000, loss 1", "iteration 1000/1000, loss 0.001"]);
  });

  it("without a total, the throttle decides and done() draws the final state", () => {
    const { shown, display } = recorder();
    const p = n.progress({ display, throttleMs: 60_000, title: "fit" });
    for (let i = 1; i <= 50; i++) p.update(i, i);
    expect(shown).toEqual(["fit: iteration 1, loss 1"]);
    p.done();
    expect(shown).toEqual(["fit: iteration 1, loss 1", "fit: iteration 50, loss 50"]);
  });
});
