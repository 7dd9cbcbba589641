import { describe, expect, it } from "vitest";
import * as n from "../../src/index";
import { Dual } from "../../src/forward/dual";
import { newTag } from "../../src/core/tags";
import { Var } from "../../src/reverse/var";
import { close, rng } from "../support/numeric";

type V = n.Value;
const r = rng(5);
const randT = (shape: number[], shift = 0) => n.fromFunction(shape, () => r() * 2 - 1 + shift);
const spd = () => { const A = randT([3, 3]); return n.add(n.matmul(A, n.transpose(A)), n.mul(3, n.eye(3))) as n.Tensor; };

/** Tensor primitives with a sample input: each is checked by the dot-product test and central differences. */
const CASES: [string, (x: V) => V, () => n.Tensor][] = [
  ["reshape", (x) => n.reshape(x, [3, 2]), () => randT([2, 3])],
  ["transpose", (x) => n.transpose(x), () => randT([2, 3])],
  ["transpose with axes", (x) => n.transpose(x, [1, 2, 0]), () => randT([2, 3, 2])],
  ["sum over an axis", (x) => n.sum(x, 1), () => randT([2, 3])],
  ["sum keepDims", (x) => n.sum(x, 0, true), () => randT([2, 3])],
  ["mean", (x) => n.mean(x, 0), () => randT([2, 3])],
  ["matmul matrix·matrix", (x) => n.matmul(x, [[1, 2], [3, 4], [5, 6]]), () => randT([2, 3])],
  ["matmul matrix·vector", (x) => n.matmul(x, [1, -1, 2]), () => randT([2, 3])],
  ["matmul vector·matrix", (x) => n.matmul([1, -1], x), () => randT([2, 3])],
  ["dot", (x) => n.dot(x, x), () => randT([4])],
  ["outer", (x) => n.outer(x, [1, 2]), () => randT([3])],
  ["inv", (x) => n.inv(x), spd],
  ["det", (x) => n.det(x), spd],
  ["logdet", (x) => n.logdet(x), spd],
  ["solve (matrix)", (x) => n.solve(x, [1, 2, 3]), spd],
  ["solve (right-hand side)", (x) => n.solve([[2, 1, 0], [1, 3, 1], [0, 1, 4]], x), () => randT([3])],
  ["trace", (x) => n.trace(x), () => randT([3, 3])],
  ["norm", (x) => n.norm(x), () => randT([2, 3])],
  ["logsumexp", (x) => n.logsumexp(x), () => randT([4])],
  ["logsumexp over an axis", (x) => n.logsumexp(x, 1), () => randT([2, 3])],
  ["softmax", (x) => n.softmax(x), () => randT([2, 3])],
  ["mse", (x) => n.mse(x, [[1, 2, 3], [4, 5, 6]]), () => randT([2, 3])],
  ["slice", (x) => n.slice(x, 1, -1), () => randT([4, 2])],
  ["broadcast add", (x) => n.add(x, [[1], [2]]), () => randT([3])],
  ["elementwise chain", (x) => n.tanh(n.mul(n.exp(x), n.sigmoid(x))), () => randT([2, 2])],
];

const data = (v: V): number[] => (typeof v === "number" ? [v] : Array.from((v as n.Tensor).data));
const dotp = (a: number[], b: number[]) => a.reduce((s, ai, i) => s + ai * b[i], 0);

describe.each(CASES)("%s", (_name, f, sample) => {
  it("forward and reverse agree: ⟨v, J u⟩ = ⟨Jᵀ v, u⟩", () => {
    const x = sample();
    const u = randT([...x.shape]);
    const y = f(x);
    const v = typeof y === "number" ? 0.7 : randT([...(y as n.Tensor).shape]);
    const jvp = (f(new Dual(x, u, newTag())) as Dual).tangent;
    const xv = n.variable(x);
    const out = f(xv);
    n.backward(out, v);
    close(dotp(data(v as V), data(jvp)), dotp(data(xv.grad), data(u)), 1e-10);
  });

  it("the reverse gradient of ⟨v, f(x)⟩ matches central differences", () => {
    const x = sample();
    const y = f(x);
    const v = typeof y === "number" ? 1 : randT([...(y as n.Tensor).shape]);
    const report = n.checkGrad((t: V) => n.sum(n.mul(f(t), v)), x, { rtol: 1e-5, atol: 1e-6 });
    expect(report.ok, String(report)).toBe(true);
  });

  it("second derivative through it (forward over reverse) is symmetric", () => {
    const x = sample();
    const y = f(x);
    const v = typeof y === "number" ? 1 : randT([...(y as n.Tensor).shape]);
    const H = n.hessian((t: V) => n.sum(n.mul(f(t), v)))(x) as n.Tensor;
    const m = x.size;
    for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) close(H.data[i * m + j], H.data[j * m + i], 1e-8);
  });
});

describe("tensor structure", () => {
  it("a tensor operation is one tape entry", () => {
    const A = n.variable([[1, 2], [3, 4]]);
    const B = n.variable([[0, 1], [1, 0]]);
    const before = A.tape.size;
    const C = n.matmul(A, B) as Var;
    expect(C.tape.size).toBe(before + 1);
    n.backward(n.sum(C));
    expect((A.grad as n.Tensor).toArray()).toEqual([[1, 1], [1, 1]]);
  });

  it("tensor arithmetic broadcasts like NumPy", () => {
    expect((n.add([[1], [2]], [10, 20, 30]) as n.Tensor).toArray()).toEqual([[11, 21, 31], [12, 22, 32]]);
    expect((n.mul(n.tensor([[1, 2], [3, 4]]), 2) as n.Tensor).toArray()).toEqual([[2, 4], [6, 8]]);
    expect((n.tensor([[1, 2], [3, 4]]) as n.Tensor).T.toArray()).toEqual([[1, 3], [2, 4]]);
  });

  it("creation functions", () => {
    expect(n.arange(4).toArray()).toEqual([0, 1, 2, 3]);
    expect(n.linspace(0, 1, 3).toArray()).toEqual([0, 0.5, 1]);
    expect(n.eye(2).toArray()).toEqual([[1, 0], [0, 1]]);
    expect(n.randn([5], 3).toArray()).toEqual(n.randn([5], 3).toArray());
    const big = n.randn([100000], 9);
    expect(Math.abs((n.mean(big) as number))).toBeLessThan(0.02);
    expect(() => n.tensor([[1, 2], [3]])).toThrow(/ragged array: element \[1\] has shape \(1\) but \[0\] has \(2\)/);
  });

  it("rendering NaN and Infinity does not throw; NaN propagates through linear algebra", () => {
    expect(String(n.tensor([NaN, Infinity]))).toMatch(/NaN|null/);
    expect(Number.isNaN(n.det([[NaN, 1], [1, 1]]) as number)).toBe(true);
  });
});
