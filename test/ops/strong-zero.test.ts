import { describe, expect, it } from "vitest";
import * as n from "../../src/index";
import { unaryOp, type UnaryRule } from "../../src/core/elementwise";

/*
 * Products of derivatives with a strong zero (src/core/strong-zero-product.ts): when a tangent
 * or cotangent, or a partial, is 0, the product is 0 — not 0·∞ = NaN — on tensors as on
 * numbers, in both modes. Each derivative is checked against its closed form and against the
 * other mode, on arrays swept node by node (small) and in fused loops (large).
 */
type V = n.Value;
// −0 and 0 are one value here (0·(−1/16) is −0 in one mode and a skipped 0 in the other).
const rows = (x: unknown): number[][] => ((x as n.Tensor).toArray() as number[][]).map((r) => r.map((v) => (v === 0 ? 0 : v)));
const entries = (x: unknown): number[] => Array.from((x as n.Tensor).data);

describe("a zero tangent or cotangent through an infinite partial", () => {
  it("jacfwd and jacrev of √x at [0, 1]: ∞ and 1/2 on the diagonal, 0 off it", () => {
    const expected = [[Infinity, 0], [0, 0.5]];
    expect(rows(n.jacfwd((x: V) => n.sqrt(x))(n.tensor([0, 1])))).toEqual(expected);
    expect(rows(n.jacrev((x: V) => n.sqrt(x))(n.tensor([0, 1])))).toEqual(expected);
  });

  it("binary rules too: ∂(1/x) and ∂x^½ at [0, 4]", () => {
    const at = n.tensor([0, 4]);
    for (const jac of [n.jacfwd, n.jacrev]) {
      expect(rows(jac((x: V) => n.div(1, x))(at))).toEqual([[-Infinity, 0], [0, -1 / 16]]);
      expect(rows(jac((x: V) => n.pow(x, 0.5))(at))).toEqual([[Infinity, 0], [0, 0.25]]);
    }
  });

  it("the gradient of Σ √xᵢ·cᵢ is 0 where cᵢ = 0, and cᵢ/(2√xᵢ) elsewhere, small and large, swept once or again", () => {
    for (const size of [4, 2000]) {
      const x = n.tensor(Array.from({ length: size }, (_, i) => (i % 2 === 0 ? 0 : i)));
      const c = n.tensor(Array.from({ length: size }, (_, i) => (i % 4 === 0 ? 0 : 1)));
      const expected = Array.from({ length: size }, (_, i) => (i % 4 === 0 ? 0 : i % 2 === 0 ? Infinity : 1 / (2 * Math.sqrt(i))));
      const g = n.grad((v: V) => n.sum(n.mul(n.sqrt(v), c)))(x);
      expect(entries(g)).toEqual(expected);
      // jacrev sweeps the tape once per output; the second sweep uses the kept partials.
      const J = n.jacrev((v: V) => n.stack([n.sum(n.mul(n.sqrt(v), c)), n.sum(n.mul(n.sqrt(v), c))]))(x);
      expect(rows(J)).toEqual([expected, expected]);
    }
  });

  it("the directional derivative along a direction that leaves x₀ = 0 still", () => {
    const [value, tangent] = n.jvp((x: V) => n.sum(n.add(n.sqrt(x), n.mul(2, x))), [n.tensor([0, 1])], [n.tensor([0, 1])]);
    expect([value, tangent]).toEqual([3, 2.5]);
  });

  it("x⁰'s x-partial is 0 at x = 0 on tensors as on numbers: xʸ with y = [0, 1, 2] at x = 0, both modes, small and large, and its Hessian", () => {
    // d/dx x^y = y·x^(y−1): 0 for y = 0 (x⁰ = 1 everywhere), 1 for y = 1, 0 for y = 2 at x = 0.
    // The rule on numbers says so (y = 0 gives 0); on tensors it computed 0·0⁻¹ = NaN.
    expect(n.derivative((x: V) => n.pow(x, 0))(0)).toBe(0);
    for (const size of [3, 1500]) {
      const y = n.tensor(Array.from({ length: size }, (_, i) => i % 3));
      const expected = Array.from({ length: size }, (_, i) => (i % 3 === 1 ? 1 : 0));
      const f = (x: V) => n.pow(x, y);
      expect(entries(n.jvp(f, [n.zeros([size])], [n.ones([size])])[1]).map((v) => v + 0)).toEqual(expected);
      expect(entries(n.grad((x: V) => n.sum(f(x)))(n.zeros([size]))).map((v) => v + 0)).toEqual(expected);
      // A number base broadcast against the exponents.
      expect(n.jvp((x: V) => n.sum(f(x)), [0], [1])[1]).toBe(expected.reduce((a, b) => a + b, 0));
    }
    // ∂²/∂x² of x⁰, x¹, x² at 0: 0, 0, 2 (x¹'s partial is x⁰, whose own x-partial is the one above).
    expect(rows(n.hessian((x: V) => n.sum(n.pow(x, n.tensor([0, 1, 2]))))(n.zeros([3])))).toEqual([[0, 0, 0], [0, 0, 0], [0, 0, 2]]);
    // And the real singularity stays: x^½ at 0 is ∞, 0·∞ is not taken for 0 where y is not 0.
    expect(entries(n.jvp((x: V) => n.pow(x, n.tensor([0.5, 0])), [n.zeros([2])], [n.ones([2])])[1])).toEqual([Infinity, 0]);
  });

  it("keeps NaN where a tangent that is not 0 meets a NaN partial", () => {
    const J = rows(n.jacfwd((x: V) => n.sqrt(x))(n.tensor([-1, 1])));
    expect(J[0][0]).toBeNaN();
    expect([J[0][1], J[1][0], J[1][1]]).toEqual([0, 0, 0.5]);
  });

  it("gives the same with and without compiled loops", () => {
    const rule: UnaryRule = { name: "sqrtByHand", fn: (x) => Math.sqrt(x), partial: (x, out) => n.div(0.5, out) };
    const compiled = unaryOp(rule);
    const closures = unaryOp(rule, false);
    const x = n.tensor([0, 9, 0, 16]);
    const c = n.tensor([0, 1, 0, 2]);
    const expected = [0, 1 / 6, 0, 2 / 8];
    expect(entries(n.grad((v: V) => n.sum(n.mul(compiled(v), c)))(x))).toEqual(expected);
    expect(entries(n.grad((v: V) => n.sum(n.mul(closures(v), c)))(x))).toEqual(expected);
  });
});

describe("an infinite tangent or cotangent through a partial of 0", () => {
  // d/dx (0·√x + 2x) = 2 at 0: √'s tangent is ∞ there, and the product's partial in it is 0.
  const f = (x: V) => n.add(n.mul(0, n.sqrt(x)), n.mul(2, x));

  it("0·√x + 2x has derivative 2 at 0, on numbers and tensors, in both modes", () => {
    expect(n.derivative(f)(0)).toBe(2);
    expect(n.grad(f)(0)).toBe(2);
    expect(n.jvp(f, [0], [1])[1]).toBe(2);
    const at = n.tensor([0, 1]);
    expect(rows(n.jacfwd(f)(at))).toEqual([[2, 0], [0, 2]]);
    expect(rows(n.jacrev(f)(at))).toEqual([[2, 0], [0, 2]]);
  });

  it("relu of an overflowed value passes 0 back: d/dx relu(−eˣ) = 0 at x = 1000 (eˣ = ∞), as on either side of it", () => {
    const g = (x: V) => n.relu(n.neg(n.exp(x)));
    expect([n.grad(g)(1000), n.jvp(g, [1000], [1])[1], n.grad(g)(1)]).toEqual([0, 0, 0]);
    const at = n.tensor(Array.from({ length: 1500 }, (_, i) => (i % 2 === 0 ? 1000 : 1)));
    expect(entries(n.grad((x: V) => n.sum(g(x)))(at)).every((v) => v === 0)).toBe(true);
    expect(n.jvp((x: V) => n.sum(g(x)), [at], [n.ones([1500])])[1]).toBe(0);
  });

  it("forward and reverse mode agree where a program passes through ∞: random paths of √, exp, relu and products", () => {
    // Each program is a chain over x of steps that can reach ∞ (exp of a large value, √ at 0) or
    // stop a derivative (relu below 0, a product with 0); the two modes multiply the same
    // partials along the same paths, so with a strong zero they give the same number (NaN only
    // where both do).
    const steps: ((v: V) => V)[] = [n.sqrt, n.exp, n.relu, (v) => n.mul(0, v), (v) => n.neg(v), (v) => n.mul(v, 3), (v) => n.sub(v, 2)];
    for (let seed = 0; seed < 400; seed++) {
      const chain = Array.from({ length: 2 + (seed % 5) }, (_, k) => steps[(seed * 7 + k * 3 + ((seed >> 3) % 5)) % steps.length]);
      const h = (x: V) => n.add(chain.reduce((v, step) => step(v), x), n.mul(x, 0.5));
      for (const x0 of [0, 1000, -1, 2]) {
        const reverse = n.grad(h)(x0) as number;
        const forward = n.jvp(h, [x0], [1])[1] as number;
        expect([seed, x0, forward]).toEqual([seed, x0, reverse]);
      }
    }
  });
});

describe("products of derivatives inside linear algebra have the strong zero too", () => {
  // Each: the closed form c/(2√x) with 0 where c is 0 (the strong zero), and jacfwd = jacrev.
  const both = (f: (x: V) => V, at: n.Tensor): [number[], number[]] => [entries(n.jacfwd(f)(at)).map((v) => v + 0), entries(n.jacrev(f)(at)).map((v) => v + 0)];

  it("dot(√x, c) and outer(√x, c) at x = 0 where c is 0: the tangent ∞ meets a 0 in a sum of products", () => {
    const c = n.tensor([0, 1, 0, 1]);
    const expected = [0, 0.5, 0, 0.25];
    for (const J of both((x) => n.dot(n.sqrt(x), c), n.tensor([0, 1, 0, 4]))) expect(J).toEqual(expected);
    // ∂(√xᵢ·vⱼ)/∂xₖ = δᵢₖ·vⱼ/(2√xᵢ), v = [0, 1], x = [0, 4].
    const outer = [0, 0, Infinity, 0, 0, 0, 0, 0.25];
    for (const J of both((x) => n.outer(n.sqrt(x), n.tensor([0, 1])), n.tensor([0, 4]))) expect(J).toEqual(outer);
  });

  it("matmul(C, √X) with zero columns of C, blocked (8×8) and not (2×2): the gradient is 0 there, the column sum / 2√X elsewhere", () => {
    for (const size of [2, 8]) {
      const C = n.tensor(Array.from({ length: size }, (_, i) => Array.from({ length: size }, (_, p) => (p % 2 === 0 ? 0 : i + p))));
      const X = n.tensor(Array.from({ length: size }, (_, p) => Array.from({ length: size }, () => (p % 2 === 0 ? 0 : 4))));
      const colSum = (p: number) => Array.from({ length: size }, (_, i) => i + p).reduce((a, b) => a + b, 0);
      const expected = Array.from({ length: size * size }, (_, e) => {
        const p = Math.floor(e / size);
        return p % 2 === 0 ? 0 : colSum(p) / 4;
      });
      for (const J of both((x) => n.sum(n.matmul(C, n.sqrt(x))), X)) expect(J).toEqual(expected);
    }
  });

  it("an infinite cotangent through trace, det, logdet, norm and a vector dot reaches only the entries its partial is not 0 at", () => {
    // √tr X at 0: ∞ on the diagonal, 0 off it.
    for (const J of both((x) => n.sqrt(n.trace(x)), n.zeros([2, 2]))) expect(J).toEqual([Infinity, 0, 0, Infinity]);
    // √det X at diag(1, 0): cofactors [[0, 0], [0, 1]] over 2√0.
    for (const J of both((x) => n.sqrt(n.det(x)), n.tensor([[1, 0], [0, 0]]))) expect(J).toEqual([0, 0, 0, Infinity]);
    // √logdet X at I: (X⁻¹)ᵀ = I over 2√0.
    for (const J of both((x) => n.sqrt(n.logdet(x)), n.eye(2))) expect(J).toEqual([Infinity, 0, 0, Infinity]);
    // √(‖x‖ − 1) at [1, 0]: x/‖x‖ = [1, 0] over 2√0.
    for (const J of both((x) => n.sqrt(n.sub(n.norm(x), 1)), n.tensor([1, 0]))) expect(J).toEqual([Infinity, 0]);
    // √(x·c) at 0, c = [0, 1]: c over 2√0.
    for (const J of both((x) => n.sqrt(n.dot(x, n.tensor([0, 1]))), n.zeros([2]))) expect(J).toEqual([0, Infinity]);
  });
});

describe("products of derivatives inside reductions have the strong zero too", () => {
  const both = (f: (x: V) => V, at: number[]): [number[], number[]] => [entries(n.jacfwd(f)(n.tensor(at))).map((v) => v + 0), entries(n.jacrev(f)(n.tensor(at))).map((v) => v + 0)];

  it("prod: ∂Πxⱼ/∂xᵢ = Π of the others, 0 where another is 0, whatever meets it", () => {
    // Π√xⱼ at [0, 1, 0, 4]: each partial has a √0 among the others (0) over 2√xᵢ.
    for (const J of both((x) => n.prod(n.sqrt(x)), [0, 1, 0, 4])) expect(J).toEqual([0, 0, 0, 0]);
    // √(Πxⱼ − Πx⁰ⱼ) at x⁰ = [0, 1, 2, 4]: the others' product (8, 0, 0, 0) over 2√0.
    for (const J of both((x) => n.sqrt(n.sub(n.prod(x), 0)), [0, 1, 2, 4])) expect(J).toEqual([Infinity, 0, 0, 0]);
    // Along an axis: Σ over rows of √(xᵢ₀·xᵢ₁) at rows [0, 1] and [2, 4]: [1, 0]/(2√0), then [4, 2]/(2√8).
    for (const J of both((x) => n.sum(n.sqrt(n.prod(n.reshape(x, [2, 2]), 1))), [0, 1, 2, 4])) expect(J).toEqual([Infinity, 0, 4 / (2 * Math.sqrt(8)), 2 / (2 * Math.sqrt(8))]);
  });

  it("max and min: only the extreme takes an infinite cotangent, and only its infinite tangent reaches the result", () => {
    for (const J of both((x) => n.sqrt(n.sub(n.max(x), 4)), [0, 1, 0, 4])) expect(J).toEqual([0, 0, 0, Infinity]);
    for (const J of both((x) => n.max(n.sqrt(x)), [0, 1, 0, 4])) expect(J).toEqual([0, 0, 0, 0.25]);
    for (const J of both((x) => n.sqrt(n.sub(n.min(x), 1)), [1, 2, 3, 4])) expect(J).toEqual([Infinity, 0, 0, 0]);
    for (const J of both((x) => n.sqrt(n.sub(n.norm(x, Infinity), 4)), [0, 1, 0, 4])) expect(J).toEqual([0, 0, 0, Infinity]);
  });
});
