import { describe, expect, it } from "vitest";
import * as n from "../../src/index";
import { gc } from "../support/collectable";

/*
 * A student's long session: one large computation among many small ones. What the large one
 * needed must not stay with the session once it is done.
 */
describe("nothing outlives a long session's large computation", () => {
  // Array buffers are freed after the collection that finds them unreachable, not during it.
  const arrayBuffers = async (): Promise<number> => {
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return process.memoryUsage().arrayBuffers;
  };
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
