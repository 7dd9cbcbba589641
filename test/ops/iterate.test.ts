import { describe, expect, it } from "vitest";
import * as n from "../../src/index";
import { close, numericGrad, rng } from "../support/numeric";
import { checkBothModes } from "../support/modes";

/*
 * Iteration and length of tensors as NumPy has them (src/ops/iterate.ts): a 1-d tensor yields
 * its numbers, an n-d tensor its rows, a 0-d tensor neither; inside a differentiation the
 * entries and rows keep the derivative, and a scalar dual number or tape variable still does
 * not look like an array.
 */

const T = (x: unknown) => (x as n.Tensor).toArray();
const r = rng(29);
const randT = (shape: number[]) => n.fromFunction(shape, () => r() * 2 - 1) as n.Tensor;
const zeroD = () => new n.Tensor([], [3]);

describe("iteration and length of plain tensors", () => {
  it("a 1-d tensor yields its numbers: for…of, spread, Math.max(...v), Array.from", () => {
    const v = n.tensor([3, -1, 2.5]);
    const seen: unknown[] = [];
    for (const e of v) seen.push(e);
    expect(seen).toEqual([3, -1, 2.5]);
    expect([...v]).toEqual([3, -1, 2.5]);
    expect(Math.max(...v)).toBe(3);
    expect(Array.from(v)).toEqual([3, -1, 2.5]);
    expect(v.length).toBe(3);
  });

  it("an n-d tensor yields its rows as tensors (the first axis), and length is shape[0]", () => {
    const A = n.tensor([[1, 2, 3], [4, 5, 6]]);
    const rows = [...A];
    expect(rows.length).toBe(2);
    expect(rows.every((row) => row instanceof n.Tensor)).toBe(true);
    expect(rows.map(T)).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(rows.map((row) => n.sum(row))).toEqual([6, 15]);
    expect(A.length).toBe(2);
    const B = n.reshape(n.arange(12), [3, 2, 2]) as n.Tensor;
    expect(B.length).toBe(3);
    expect([...B].map((m: n.Tensor) => m.shape)).toEqual([[2, 2], [2, 2], [2, 2]]);
    expect([...B].map(T)).toEqual(T(B));
    // Nested loops reach every entry, in row-major order.
    const flat: number[] = [];
    for (const m of B) for (const row of m) for (const e of row) flat.push(e);
    expect(flat).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });

  it("a row is a copy: changing the tensor's storage afterwards leaves it as it was", () => {
    const A = n.tensor([[1, 2], [3, 4]]);
    const [first] = A;
    A.data[0] = 100;
    expect(T(first)).toEqual([1, 2]);
  });

  it("empty tensors: no entries or rows, length 0; rows of an empty axis are empty", () => {
    expect([...n.tensor([])]).toEqual([]);
    expect(n.tensor([]).length).toBe(0);
    expect([...n.zeros([0, 3])]).toEqual([]);
    expect(n.zeros([0, 3]).length).toBe(0);
    const rows = [...n.zeros([3, 0])];
    expect(rows.map((row: n.Tensor) => row.shape)).toEqual([[0], [0], [0]]);
  });

  it("a 0-d tensor has no length and is not iterable: TypeErrors, as NumPy's len() and iter() of a 0-d array", () => {
    const s = zeroD();
    expect(() => s.length).toThrow(TypeError);
    expect(() => s.length).toThrow(/length of a 0-d tensor/);
    expect(() => {
      for (const e of s) void e;
    }).toThrow(/is not iterable/);
    expect(() => [...s]).toThrow(TypeError);
    expect(() => Array.from(s)).toThrow(/length of a 0-d tensor/);
  });
});

describe("vitest's toEqual on tensors still compares shapes and entries", () => {
  it("tensors of different shapes but the same entries are not equal", () => {
    const v = n.tensor([1, 2, 3, 4]);
    expect(n.reshape(v, [2, 2])).not.toEqual(v);
    expect(n.reshape(v, [4, 1])).not.toEqual(v);
    expect(n.reshape(v, [1, 4])).not.toEqual(n.reshape(v, [4, 1]));
    expect(n.reshape(v, [2, 1, 2])).not.toEqual(n.reshape(v, [2, 2]));
    expect(n.zeros([0])).not.toEqual(n.zeros([0, 3]));
    expect(n.zeros([3, 0])).not.toEqual(n.zeros([0, 3]));
  });

  it("equal tensors are equal, and one different entry makes them unequal", () => {
    expect(n.tensor([[1, 2], [3, 4]])).toEqual(n.tensor([[1, 2], [3, 4]]));
    expect(n.tensor([[1, 2], [3, 4]])).not.toEqual(n.tensor([[1, 2], [3, 5]]));
    expect(n.add(n.tensor([1, 2]), 1)).toEqual(n.tensor([2, 3]));
  });

  it("0-d tensors compare by value (an iterator that threw made toEqual throw)", () => {
    expect(zeroD()).toEqual(zeroD());
    expect(zeroD()).not.toEqual(new n.Tensor([], [4]));
    expect(zeroD()).not.toEqual(n.tensor([3]));
  });
});

describe("iteration inside differentiation keeps the derivative", () => {
  // f(X) = Σᵢ (Σⱼ Xᵢⱼ)², a loop over the rows: ∂f/∂Xᵢⱼ = 2 Σₖ Xᵢₖ.
  const rowSquares = (X: n.Tensor) => {
    let s: unknown = 0;
    for (const row of X) s = n.add(s as number, n.pow(n.sum(row), 2));
    return s as number;
  };
  const rowSquaresGradient = (X: number[][]) => X.map((row) => row.map(() => 2 * row.reduce((a, b) => a + b, 0)));

  it("for (const row of X) inside grad, jacfwd and jacrev: the closed form", () => {
    const X = randT([3, 4]);
    const expected = rowSquaresGradient(T(X));
    close(T(n.grad(rowSquares)(X)), expected, 1e-12);
    close(T(n.jacfwd(rowSquares)(X)), expected, 1e-12);
    close(T(n.jacrev(rowSquares)(X)), expected, 1e-12);
  });

  it("a loop to X.length with X.get(i) inside grad and hessian: Σ xᵢ³ has gradient 3xᵢ² and Hessian diag(6xᵢ)", () => {
    const cubes = (x: n.Tensor) => {
      let s: unknown = 0;
      for (let i = 0; i < x.length; i++) s = n.add(s as number, n.pow(x.get(i), 3));
      return s as number;
    };
    const x = n.tensor([0.5, -1.25, 2]);
    const xs = T(x) as number[];
    close(T(n.grad(cubes)(x)), xs.map((v) => 3 * v * v), 1e-12);
    close(T(n.hessian(cubes)(x)), xs.map((v, i) => xs.map((_, j) => (i === j ? 6 * v : 0))), 1e-12);
    close(T(n.hessian(cubes, { mode: "forward-over-reverse" })(x)), xs.map((v, i) => xs.map((_, j) => (i === j ? 6 * v : 0))), 1e-12);
  });

  it("for…of over a 1-d tensor argument and max(...x) against finite differences", () => {
    const softish = (x: n.Tensor) => {
      let s: unknown = 0;
      for (const e of x) s = n.add(s as number, n.mul(n.sin(e as number), e as number));
      return n.add(s as number, n.max(...(x as unknown as number[]))) as number;
    };
    const x = n.tensor([0.3, 1.7, -0.4]);
    const plain = (v: number[]) => softish(n.tensor(v)) as number;
    close(T(n.grad(softish)(x)), numericGrad(plain, T(x)), 1e-7);
    close(T(n.jacfwd(softish)(x)), numericGrad(plain, T(x)), 1e-7);
  });

  it("rows of a matrix argument, stacked back, against jvp, vjp and central differences", () => {
    // Each row scaled by its own squared norm: the rows keep their derivative through index.
    const f = (X: n.Tensor) => n.stack([...X].map((row) => n.mul(row, n.dot(row, row)))) as n.Tensor;
    checkBothModes(f, randT([3, 2]));
    // A 3-d argument yields matrices: each scaled by the sum of its squares.
    const g = (X: n.Tensor) => n.stack([...X].map((m) => n.mul(m, n.sum(n.mul(m, m))))) as n.Tensor;
    checkBothModes(g, randT([2, 3, 2]));
  });

  it("the length of a tensor argument is its first dimension in both modes", () => {
    const lengths: unknown[] = [];
    const f = (X: n.Tensor) => {
      lengths.push(X.length);
      return n.sum(X);
    };
    n.grad(f)(randT([4, 2]));
    n.jacfwd(f)(randT([5]));
    n.hessian(f)(randT([2, 3]));
    // jacfwd and hessian may call f more than once (a chunk of directions each): every call saw the first dimension.
    expect([...new Set(lengths)]).toEqual([4, 5, 2]);
  });
});

describe("a scalar dual number or tape variable does not look like an array", () => {
  const probes: [string, () => unknown][] = [
    ["dual(2, 1)", () => n.dual(2, 1)],
    ["variable(2)", () => n.variable(2)],
    ["a 0-d dual of a tensor", () => n.dual(zeroD(), zeroD())],
  ];

  it.each(probes)("%s: length is undefined, it has no iterator, and for…of throws what a number throws", (_, make) => {
    const x = make() as Record<PropertyKey, unknown>;
    expect(x.length).toBeUndefined();
    expect(x[Symbol.iterator]).toBeUndefined();
    expect(() => {
      for (const e of x as unknown as number[]) void e;
    }).toThrow(/is not iterable/);
    expect(() => [...(x as unknown as number[])]).toThrow(TypeError);
  });

  it("inside derivative and grad of a scalar, x.length is undefined and x is not iterable", () => {
    const seen: unknown[] = [];
    const probe = (x: number) => {
      const v = x as unknown as Record<PropertyKey, unknown>;
      seen.push(v.length, typeof v[Symbol.iterator]);
      return n.mul(x, x);
    };
    expect(n.derivative(probe)(3)).toBe(6);
    expect(n.grad(probe)(3)).toBe(6);
    expect(seen).toEqual([undefined, "undefined", undefined, "undefined"]);
  });

  it("a dual number or tape variable of a 1-d tensor has length and yields its entries as scalar AD values", () => {
    const d = n.dual(n.tensor([1, 2]), n.tensor([10, 20])) as unknown as Iterable<n.Dual> & { length: number };
    expect(d.length).toBe(2);
    const entries = [...d];
    expect(entries.map((e) => [e.value, e.tangent])).toEqual([[1, 10], [2, 20]]);
  });
});
