import { describe, expect, it } from "vitest";
import * as n from "../../src/index";
import { close } from "../support/numeric";

type V = n.Value;

describe("COURSE: vector-valued functions and Jacobians", () => {
  it("f(t) = [cos t, sin t, t²]: f′(π/2) = [−1, 0, π]", () => {
    close(n.jacobian((t: V) => [n.cos(t), n.sin(t), n.mul(t, t)])(Math.PI / 2), [-1, 0, Math.PI], 1e-15);
  });

  it("the Jacobians of the worked examples", () => {
    close(n.jacobian((x: V[]) => [n.add(n.mul(x[0], x[0]), x[1]), n.mul(x[0], x[1]), n.add(n.sin(x[0]), n.cos(x[1]))])([1, 0]), [[2, 1], [0, 1], [Math.cos(1), 0]], 1e-15);
    expect(n.jacobian((x: V[]) => [n.add(n.mul(x[0], x[0]), x[1]), n.mul(x[0], x[1])])([1, 2])).toEqual([[2, 1], [2, 1]]);
    expect(n.jacobian((x: V[]) => [n.add(x[0], x[1]), n.sub(x[0], x[1])])([0.3, 0.9])).toEqual([[1, 1], [1, -1]]);
  });

  it("f(x) = Ax: J = A in numerator layout, Aᵀ in denominator layout", () => {
    const A = [[1, 2, 3], [4, 5, 6]];
    expect(n.jacobian((x: V[]) => n.matmul(A, x))([1, 1, 1])).toBeInstanceOf(n.Tensor);
    expect((n.jacobian((x: V[]) => n.matmul(A, x))([1, 1, 1]) as n.Tensor).toArray()).toEqual(A);
    expect((n.jacobian((x: V[]) => n.matmul(A, x), { layout: "denominator" })([1, 1, 1]) as n.Tensor).toArray()).toEqual([[1, 4], [2, 5], [3, 6]]);
  });

  it("F(x) = [[x, x²], [x³, x⁴]] at 2 → [[1, 4], [12, 32]]; the rotation matrix's derivative", () => {
    expect(n.jacobian((x: V) => [[x, n.pow(x, 2)], [n.pow(x, 3), n.pow(x, 4)]])(2)).toEqual([[1, 4], [12, 32]]);
    const t = 0.4;
    close(n.jacobian((s: V) => [[n.cos(s), n.sin(s)], [n.neg(n.sin(s)), n.cos(s)]])(t), [[-Math.sin(t), Math.cos(t)], [-Math.cos(t), -Math.sin(t)]], 1e-15);
  });

  it("areas scale by |det J|: [[−2, 1], [1, 1]] → 3; f = [x² + y², xy] at (1, 2): det J = −6 exactly", () => {
    expect(Math.abs(n.det([[-2, 1], [1, 1]]) as number)).toBeCloseTo(3, 14);
    const J = n.jacobian((v: V[]) => [n.add(n.mul(v[0], v[0]), n.mul(v[1], v[1])), n.mul(v[0], v[1])])([1, 2]) as number[][];
    expect(J).toEqual([[2, 4], [2, 1]]);
    expect(n.det(J)).toBeCloseTo(-6, 14);
  });

  it("the chain rule is a product of Jacobians", () => {
    const g = (x: V[]) => [n.mul(x[0], x[1]), n.sin(x[0])];
    const f = (y: V[]) => [n.add(y[0], n.mul(y[1], y[1])), n.exp(y[0])];
    const x = [0.5, 1.5];
    const gx = [x[0] * x[1], Math.sin(x[0])];
    const Jf = n.jacobian(f as never)(gx);
    const Jg = n.jacobian(g as never)(x);
    const composed = n.jacobian((v: V[]) => f(g(v) as V[]))(x);
    close(composed, (n.matmul(Jf as number[][], Jg as number[][]) as n.Tensor).toArray(), 1e-14);
  });
});
