import { describe, expect, it } from "vitest";
import * as n from "../../src/index";
import { close, rng } from "../support/numeric";
import { checkBothModes } from "../support/modes";

/*
 * cumsum (NumPy's cumsum) against running sums written as loops; its Jacobian is the
 * lower-triangular matrix of ones L, so the gradient of ⟨w, cumsum(x)⟩ is Lᵀw, the sums of
 * w from the end, and the Hessian of ‖cumsum(x)‖² is 2LᵀL.
 */

const T = (x: unknown) => (x as n.Tensor).toArray();
const r = rng(23);
const randT = (shape: number[]) => n.fromFunction(shape, () => r() * 2 - 1) as n.Tensor;
const running = (xs: number[]) => xs.map((_, k) => xs.slice(0, k + 1).reduce((s, v) => s + v, 0));

describe("cumsum: values", () => {
  const A = [[1, 2, 3], [4, 5, 6]];
  it("without an axis of the flattened entries; along an axis, negative too, as NumPy's cumsum", () => {
    expect(T(n.cumsum(A))).toEqual(running(A.flat()));
    expect(T(n.cumsum(A, 0))).toEqual([A[0], A[0].map((v, j) => v + A[1][j])]);
    expect(T(n.cumsum(A, 1))).toEqual(A.map(running));
    expect(T(n.cumsum(A, -1))).toEqual(A.map(running));
    const B = randT([2, 3, 2]);
    const b = T(B) as number[][][];
    close(T(n.cumsum(B, 1)), b.map((m) => [0, 1, 2].map((i) => [0, 1].map((j) => m.slice(0, i + 1).reduce((s, row) => s + row[j], 0)))), 1e-15);
  });

  it("of a number is a 1-d Tensor of it; of no entries an empty Tensor", () => {
    expect(T(n.cumsum(4))).toEqual([4]);
    expect(T(n.cumsum(4, 0))).toEqual([4]);
    expect(T(n.cumsum([]))).toEqual([]);
  });

  it("a bad axis is an error naming cumsum", () => {
    expect(() => n.cumsum(A, 2)).toThrow("cumsum: axis 2 is out of range for a 2-d array");
    expect(() => n.cumsum(A, [0, 1] as never)).toThrow("cumsum: the axis is one integer, got [0,1]");
  });
});

describe("cumsum: derivatives", () => {
  const L = (m: number) => Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => (j <= i ? 1 : 0)));

  it("the Jacobian is the lower-triangular ones, in both modes", () => {
    const x = n.tensor([0.3, -1, 2, 0.5]);
    expect(T(n.jacfwd((v: n.Tensor) => n.cumsum(v))(x))).toEqual(L(4));
    expect(T(n.jacrev((v: n.Tensor) => n.cumsum(v))(x))).toEqual(L(4));
  });

  it("the gradient of ⟨w, cumsum(x)⟩ is w summed from the end; the Hessian of ‖cumsum(x)‖² is 2LᵀL", () => {
    const w = [1, 2, 3, 4];
    expect(n.grad((v: number[]) => n.sum(n.mul(n.cumsum(v), w)))([5, 6, 7, 8])).toEqual([10, 9, 7, 4]);
    const H = n.hessian((v: number[]) => n.sum(n.mul(n.cumsum(v), n.cumsum(v))))([0.5, -1, 2]);
    const l = L(3);
    expect(H).toEqual(l.map((_, i) => l.map((_, j) => 2 * l.reduce((s, row) => s + row[i] * row[j], 0))));
  });

  it.each([
    ["flattened", (x: n.Tensor) => n.cumsum(x)],
    ["axis 0", (x: n.Tensor) => n.cumsum(x, 0)],
    ["axis -1", (x: n.Tensor) => n.cumsum(x, -1)],
  ])("%s: jvp and vjp agree (dot test) and match central differences", (_name, f) => {
    checkBothModes(f, randT([3, 2, 2]));
  });
});
