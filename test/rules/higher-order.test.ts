import { describe, expect, it } from "vitest";
import * as n from "../../src/index";
import { close } from "../support/numeric";

/*
 * Derivatives of order 1 to 6, by derivative(f, k) and by nesting every mode k times,
 * against closed forms computed here without the runtime: known series, and Faà di Bruno's
 * formula (complete Bell polynomials) for e^g.
 */
type V = n.Value;
type Scalar = (x: V) => V;

/** One derivative of a scalar function, in each mode. */
const nestings: [string, (g: Scalar) => Scalar][] = [
  ["derivative", (g) => n.derivative(g) as Scalar],
  ["grad", (g) => n.grad(g as never) as Scalar],
  ["jacfwd", (g) => n.jacfwd(g as never) as Scalar],
  ["jacrev", (g) => (x) => (n.jacrev((v: V[]) => [g(v[0])])([x as never]) as V[][])[0][0]],
  ["jvp", (g) => (x) => n.jvp(g, [x], [1])[1] as V],
  ["vjp", (g) => (x) => (n.vjp(g, x)[1](1) as V[])[0]],
];

/** k nested derivatives, the modes taken in turn from `start` (forward over reverse over …). */
function nested(f: Scalar, k: number, start: number): Scalar {
  let g = f;
  for (let i = 0; i < k; i++) g = nestings[(start + i) % nestings.length][1](g);
  return g;
}

const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
const binomial = (a: number, b: number): number => factorial(a) / (factorial(b) * factorial(a - b));

/** dᵏ/dxᵏ e^g from g's derivatives g⁽¹⁾ … g⁽ᵏ⁾ (Faà di Bruno: e^g times the complete Bell polynomial). */
function expOfDerivatives(eg: number, dg: number[], k: number): number {
  const bell = [1];
  for (let m = 0; m < k; m++) {
    let next = 0;
    for (let i = 0; i <= m; i++) next += binomial(m, i) * bell[m - i] * dg[i];
    bell.push(next);
  }
  return eg * bell[k];
}

const x0 = 0.7;
/** [name, f, the k-th derivative at x] */
const cases: [string, Scalar, (k: number, x: number) => number][] = [
  ["sin", (x) => n.sin(x), (k, x) => Math.sin(x + (k * Math.PI) / 2)],
  // exp(x²): g = x², g′ = 2x, g″ = 2, the rest 0.
  ["exp(x²)", (x) => n.exp(n.mul(x, x)), (k, x) => expOfDerivatives(Math.exp(x * x), [2 * x, 2, 0, 0, 0, 0], k)],
  // 1/(1 + x²) = Im 1/(x − i): its k-th derivative is (−1)ᵏ k! sin((k + 1)θ)/(1 + x²)^((k+1)/2), θ = arccot x.
  ["1/(1 + x²)", (x) => n.div(1, n.add(1, n.mul(x, x))), (k, x) => ((-1) ** k * factorial(k) * Math.sin((k + 1) * Math.atan2(1, x))) / (1 + x * x) ** ((k + 1) / 2)],
  // xˣ = e^(x ln x): g′ = ln x + 1, g⁽ʲ⁾ = (−1)ʲ (j − 2)!/x^(j−1) for j ≥ 2.
  ["xˣ", (x) => n.pow(x, x), (k, x) => expOfDerivatives(x ** x, [Math.log(x) + 1, ...[2, 3, 4, 5, 6].map((j) => ((-1) ** j * factorial(j - 2)) / x ** (j - 1))], k)],
  // atan2(1, x) = π/2 − atan x; atan's (k)-th derivative is 1/(1 + x²)'s (k − 1)-th.
  ["atan2(1, x)", (x) => n.atan2(1, x), (k, x) => -((-1) ** (k - 1) * factorial(k - 1) * Math.sin(k * Math.atan2(1, x))) / (1 + x * x) ** (k / 2)],
  // atan2(sin x, cos x) = x on (−π, π).
  ["atan2(sin x, cos x)", (x) => n.atan2(n.sin(x), n.cos(x)), (k) => (k === 1 ? 1 : 0)],
  // A tensor inside: v = [x, 2x, sin x], Σv² = 5x² + sin²x = 5x² + (1 − cos 2x)/2.
  ["Σv², v = [x, 2x, sin x] a tensor", (x) => { const v = n.stack([x, n.mul(2, x), n.sin(x)]); return n.sum(n.mul(v, v)); },
    (k, x) => (k === 1 ? 10 * x : k === 2 ? 10 : 0) - 0.5 * 2 ** k * Math.cos(2 * x + (k * Math.PI) / 2)],
  // The same through a matrix: xᵀAx for x·[1, 2] with A = [[2, 1], [1, 3]] is 18x², then sin.
  ["sin(uᵀAu), u = x·[1, 2]", (x) => { const u = n.mul(x, n.tensor([1, 2])); return n.sin(n.dot(u, n.matmul(n.tensor([[2, 1], [1, 3]]), u))); },
    (k, x) => sinOfSquare(18, k, x)],
];

/** dᵏ/dxᵏ sin(c·x²) by Faà di Bruno on Im e^(i c x²), done with complex Bell polynomials. */
function sinOfSquare(c: number, k: number, x: number): number {
  // g = i c x²: g′ = 2icx, g″ = 2ic; e^g = cos + i sin. Bell polynomials with complex entries.
  type C = [number, number];
  const mul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
  const dg: C[] = [[0, 2 * c * x], [0, 2 * c], [0, 0], [0, 0], [0, 0], [0, 0]];
  const bell: C[] = [[1, 0]];
  for (let m = 0; m < k; m++) {
    let next: C = [0, 0];
    for (let i = 0; i <= m; i++) {
      const t = mul(bell[m - i], dg[i]);
      next = [next[0] + binomial(m, i) * t[0], next[1] + binomial(m, i) * t[1]];
    }
    bell.push(next);
  }
  return mul([Math.cos(c * x * x), Math.sin(c * x * x)], bell[k])[1];
}

describe("derivatives of order 1 to 6 against closed forms", () => {
  it.each(cases)("%s: derivative(f, k) and k nested derivatives of every mode", (_name, f, exact) => {
    const x = _name === "sin(uᵀAu), u = x·[1, 2]" ? 0.3 : x0;
    for (let k = 1; k <= 6; k++) {
      const expected = exact(k, x);
      const scale = Math.max(1, Math.abs(expected));
      close(n.derivative(f, k)(x), expected, 1e-11 * scale, `derivative(f, ${k})`);
      // Every mode starting the nesting, each pair of modes in turn (forward over reverse, …).
      for (let start = 0; start < nestings.length; start++) close(nested(f, k, start)(x), expected, 1e-11 * scale, `order ${k} starting with ${nestings[start][0]}`);
    }
  });

  it("a piecewise function, branch by value: exp x for x < 0, its Taylor polynomial 1 + x + x²/2 for x ≥ 0", () => {
    const f = (x: V): V => (n.lt(x, 0) ? n.exp(x) : n.add(n.add(1, x), n.div(n.mul(x, x), 2)));
    // The same with where on a tensor: both branches computed, one selected per entry.
    const g = (x: V): V => { const t = n.mul(x, n.ones([1])); return n.sum(n.where(n.lt(t, 0), n.exp(t), n.add(n.add(1, t), n.div(n.mul(t, t), 2)))); };
    for (const h of [f, g]) {
      for (let k = 1; k <= 6; k++) {
        close(n.derivative(h, k)(-0.5), Math.exp(-0.5), 1e-13, `order ${k} at −0.5`);
        close(n.derivative(h, k)(0.5), [1.5, 1, 0, 0, 0, 0][k - 1], 1e-13, `order ${k} at 0.5`);
        close(nested(h, k, k)(0.5), [1.5, 1, 0, 0, 0, 0][k - 1], 1e-13, `nested order ${k} at 0.5`);
      }
    }
  });
});

describe("perturbation confusion, every pair of modes", () => {
  const pairs = nestings.flatMap(([outer, D]) => nestings.map(([inner, E]) => [outer, inner, D, E] as const));
  it.each(pairs)("%s over %s: D(x ↦ x·D(y ↦ x + y)(1))(1) = 1, D(x ↦ x·D(y ↦ xy)(2))(3) = 6, D(x ↦ D(y ↦ xy²)(x))(3) = 12", (_o, _i, D, E) => {
    expect(D((x) => n.mul(x, E((y) => n.add(x, y))(1)))(1)).toBe(1);
    expect(D((x) => n.mul(x, E((y) => n.mul(x, y))(2)))(3)).toBe(6);
    // The inner derivative taken at the outer variable: 2xy at y = x is 2x², whose derivative is 4x.
    expect(D((x) => E((y) => n.mul(x, n.mul(y, y)))(x))(3)).toBe(12);
  });

  // A value made inside one differentiation and kept (a cache, a closure) into a later one.
  const makers: [string, (f: (x: V) => V, x: V) => unknown][] = [
    ["derivative", (f, x) => n.derivative(f)(x)],
    ["grad", (f, x) => n.grad(f as never)(x)],
    ["valueAndGrad", (f, x) => n.valueAndGrad(f as never)(x)],
    ["jacfwd", (f, x) => n.jacfwd(f as never)(x)],
    ["jacrev", (f, x) => n.jacrev(f as never)(x)],
    ["jvp", (f, x) => n.jvp(f, [x], [1])],
    ["hessian", (f, x) => n.hessian(f as never)(x)],
  ];
  const users = makers.filter(([name]) => name !== "valueAndGrad" && name !== "hessian");
  const combos = makers.flatMap(([a, make]) => users.map(([b, use]) => [a, b, make, use] as const));
  it.each(combos)("a value kept from %s and used in a later %s is an error, for a number and for a tensor", (_a, _b, make, use) => {
    // The kept value a number (x²) or a tensor (x²·[1, 2]) on the first differentiation's tape or duals.
    for (const direction of [1, n.tensor([1, 2])]) {
      let kept: V = 0;
      make((x) => {
        kept = n.mul(n.mul(x, x), direction);
        return n.sum(kept);
      }, 2);
      expect(() => use((y) => n.sum(n.mul(kept, y)), 1)).toThrow(/differentiation that has finished/);
    }
  });
});
