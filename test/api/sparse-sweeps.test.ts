import { describe, expect, it } from "vitest";
import * as n from "../../src/index";
import { close, rng } from "../support/numeric";

/*
 * jacrev and hessian sweep one tape once per output. Where a sweep reached few of the tape's
 * nodes, the next one visits only the nodes its output reaches (src/reverse/backward.ts,
 * sweepReached), and clears only the adjoints the last one wrote. The numbers must be those
 * of a full sweep, to the last bit, whichever kind of sweep came before.
 */
type V = n.Value;
const r = rng(41);

/** Outputs that each read a few inputs (banded), with shared subexpressions, then one that reads all. */
function outputs(x: V[]): V[] {
  const m = x.length;
  const ys: V[] = [];
  for (let k = 0; k < m - 2; k++) {
    const s = n.sin(x[k]);
    ys.push(n.add(n.mul(s, x[k + 1]), n.div(n.mul(s, s), n.add(1, n.mul(x[k + 2], x[k + 2])))));
  }
  let total: V = 0;
  for (const v of x) total = n.add(total, n.mul(v, v));
  // A dense row between sparse ones, then sparse again.
  ys.splice(5, 0, total);
  return ys;
}

/** Row k of the Jacobian on a tape of its own: one full sweep, nothing before it. */
function freshRow(x0: number[], k: number): number[] {
  const x = x0.map((v) => n.variable(v));
  n.backward(outputs(x)[k]);
  return x.map((v) => v.grad as number);
}

describe("sweeps of the nodes an output reaches", () => {
  it("jacrev of banded outputs with a dense one among them: each row is the full sweep's, bit for bit, and matches forward mode", () => {
    const x0 = Array.from({ length: 120 }, () => r() * 2 - 1);
    const J = n.jacrev(outputs)(x0) as number[][];
    expect(J.length).toBe(119);
    for (const k of [0, 1, 4, 5, 6, 7, 60, 118]) expect(J[k], `row ${k}`).toEqual(freshRow(x0, k));
    close(J, n.jacfwd(outputs)(x0) as number[][], 1e-12);
  });

  it("the same tape swept by hand: sparse after sparse, dense after sparse, sparse after dense", () => {
    const x0 = Array.from({ length: 80 }, () => r() * 2 - 1);
    const x = x0.map((v) => n.variable(v));
    const ys = outputs(x);
    // Output 5 reads every input. Which sweep each backward takes follows from the one before:
    // a full one first, then the reached nodes alone after a sweep that reached few.
    const plan: [number, "full" | "reached"][] = [[0, "full"], [3, "reached"], [5, "reached"], [9, "full"], [5, "reached"], [40, "full"], [2, "reached"]];
    for (const [k, kind] of plan) {
      n.backward(ys[k]);
      expect((x[0] as n.Var).tape.sweep.touched > 0 ? "reached" : "full", `output ${k}`).toBe(kind);
      expect(x.map((v) => v.grad as number), `output ${k}`).toEqual(freshRow(x0, k));
    }
  });

  it("the Hessian of the 100-d Rosenbrock function is its closed form", () => {
    const x = Array.from({ length: 100 }, (_, i) => 0.5 + 0.01 * i + 0.1 * r());
    const rosen = (v: V[]): V => {
      let s: V = 0;
      for (let i = 0; i < v.length - 1; i++) {
        const a = n.sub(v[i + 1], n.mul(v[i], v[i]));
        const c = n.sub(1, v[i]);
        s = n.add(s, n.add(n.mul(100, n.mul(a, a)), n.mul(c, c)));
      }
      return s;
    };
    const H = n.hessian(rosen)(x) as number[][];
    for (let i = 0; i < 100; i++) {
      for (let j = 0; j < 100; j++) {
        let want = 0;
        if (i === j) want = (i < 99 ? 1200 * x[i] ** 2 - 400 * x[i + 1] + 2 : 0) + (i > 0 ? 200 : 0);
        else if (j === i + 1) want = -400 * x[i];
        else if (i === j + 1) want = -400 * x[j];
        close(H[i][j], want, 1e-10, `H[${i}][${j}]`);
      }
    }
  });
});
