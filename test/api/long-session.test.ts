import { describe, expect, it } from "vitest";
import * as n from "../../src/index";
import { arrayBuffersAfterCollection as arrayBuffers, gc, isCollected } from "../support/collectable";

/*
 * A student's long session: one large computation among many small ones. What the large one
 * needed must not stay with the session once it is done.
 */
describe("nothing outlives a long session's large computation", () => {
  const f = (x: n.Value[]) => {
    let s: n.Value = 0;
    for (let i = 0; i < x.length; i++) s = n.add(s, n.mul(n.sin(x[i]), x[i]));
    return s;
  };

  it("the tape buffers kept for the next grad are bounded (one grad of 6·10⁶ scalar operations kept 274 MB for the rest of the session)", async () => {
    n.grad(f)([1, 2, 3]);
    const before = await arrayBuffers();
    const x = Array.from({ length: 600_000 }, (_, i) => i / 1e5);
    n.grad(f)(x);
    n.grad(f)([1, 2, 3]);
    expect((await arrayBuffers()) - before).toBeLessThan(48e6);
  });
});

describe("variables made by hand and never swept", () => {

  it("a cell run again and again without backward does not keep its earlier runs (500 runs of y = sum(x²) on 10⁵ elements kept 1.2 GB)", async () => {
    const run = () => {
      const x = n.variable(n.randn([100_000], 7));
      return n.sum(n.mul(x, x));
    };
    run();
    const before = await arrayBuffers();
    for (let i = 0; i < 60; i++) run();
    // Each run makes 1.6 MB of arrays; 60 runs kept would be 96 MB.
    expect((await arrayBuffers()) - before).toBeLessThan(16e6);
  });

  it("a tape nothing refers to is collected, and a variable kept alive keeps its tape for the next variable to join", async () => {
    expect(await isCollected(() => n.variable(3).tape)).toBe(true);
    const x = n.variable(3);
    const y = n.variable(4);
    expect(y.tape).toBe(x.tape);
    gc();
    const z = n.variable(5);
    expect(z.tape).toBe(x.tape);
    n.backward(n.mul(n.mul(x, y), z));
    expect([x.grad, y.grad, z.grad]).toEqual([20, 15, 12]);
  });
});
