import { describe, expect, it } from "vitest";
import * as n from "../../src/index";
import { close } from "../support/numeric";

type V = n.Value;

describe("COURSE: differentiation of one variable", () => {
  it("forward differences of x² at 2: ε = 0.1 → 4.1, ε = 0.01 → 4.01; AD gives 4 exactly", () => {
    const f = (x: number) => x * x;
    close((f(2.1) - f(2)) / 0.1, 4.1, 1e-12);
    close((f(2.01) - f(2)) / 0.01, 4.01, 1e-11);
    expect(n.derivative((x: V) => n.mul(x, x))(2)).toBe(4);
  });

  it("power rule d/dx xⁿ = n xⁿ⁻¹", () => {
    for (const k of [2, 3, 5]) close(n.derivative((x: V) => n.pow(x, k))(1.5), k * 1.5 ** (k - 1), 1e-14);
  });

  it("gradient descent on x² − 4x + 3 from 4 with η = 0.1: 3.6, 3.28, 3.024 → 2", () => {
    const f = (x: V) => n.add(n.sub(n.mul(x, x), n.mul(4, x)), 3);
    const df = n.grad(f as never) as (x: number) => number;
    let x = 4;
    const iterates: number[] = [];
    for (let k = 0; k < 100; k++) {
      x -= 0.1 * df(x);
      iterates.push(x);
    }
    close(iterates.slice(0, 3), [3.6, 3.28, 3.024], 1e-12);
    close(iterates[99], 2, 1e-8);
  });

  it.each([0.3, 1.1, -0.8])("the rules at x = %f", (x) => {
    close(n.derivative((t: V) => n.sin(n.add(n.mul(2, t), 1)))(x), 2 * Math.cos(2 * x + 1), 1e-14);
    // (sin(x⁴))⁵: the correct derivative keeps the x³ the notes drop.
    const s = Math.sin(x ** 4);
    close(n.derivative((t: V) => n.pow(n.sin(n.pow(t, 4)), 5))(x), 20 * x ** 3 * s ** 4 * Math.cos(x ** 4), 1e-12);
    close(n.derivative((t: V) => n.mul(n.pow(t, 3), n.sin(t)))(x), 3 * x * x * Math.sin(x) + x ** 3 * Math.cos(x), 1e-13);
    const q = x * x + 5 * x + 6;
    close(n.derivative((t: V) => n.pow(n.add(n.add(n.mul(t, t), n.mul(5, t)), 6), 10))(x), 10 * q ** 9 * (2 * x + 5), 1e-12);
  });

  it("f(x) = x³ + 2x² − 5x + 7: f′(0) = −5, f′(1) = 2", () => {
    const f = (x: V) => n.add(n.sub(n.add(n.pow(x, 3), n.mul(2, n.pow(x, 2))), n.mul(5, x)), 7);
    expect(n.derivative(f as never)(0)).toBe(-5);
    expect(n.derivative(f as never)(1)).toBe(2);
  });
});

describe("COURSE: partial derivatives, gradients, chain rule", () => {
  it("f(x, y) = (x + 2y³)²", () => {
    const [x, y] = [0.7, -1.3];
    const g = n.grad((v: V[]) => n.pow(n.add(v[0], n.mul(2, n.pow(v[1], 3))), 2))([x, y]) as number[];
    const inner = x + 2 * y ** 3;
    close(g, [2 * inner, 12 * inner * y * y], 1e-13);
  });

  it("∇(x₁²x₂ + x₁x₂³) = [2x₁x₂ + x₂³, x₁² + 3x₁x₂²]", () => {
    const [a, b] = [1.5, -0.5];
    const g = n.grad((x: V[]) => n.add(n.mul(n.mul(x[0], x[0]), x[1]), n.mul(x[0], n.pow(x[1], 3))))([a, b]);
    close(g, [2 * a * b + b ** 3, a * a + 3 * a * b * b], 1e-14);
  });

  it("∇(x₁² + 3x₁x₂ + x₂²) at [1, 2] = [8, 7]", () => {
    expect(n.grad((x: V[]) => n.add(n.add(n.mul(x[0], x[0]), n.mul(3, n.mul(x[0], x[1]))), n.mul(x[1], x[1])))([1, 2])).toEqual([8, 7]);
  });

  it("df/dt through x(t): sin/cos and sin/e^{2t} examples", () => {
    const t = 0.8;
    const h1 = (s: V) => { const x1 = n.sin(s); const x2 = n.cos(s); return n.add(n.mul(x1, x1), n.mul(2, x2)); };
    close(n.derivative(h1 as never)(t), 2 * Math.sin(t) * Math.cos(t) - 2 * Math.sin(t), 1e-14);
    const h2 = (s: V) => { const x1 = n.sin(s); const x2 = n.exp(n.mul(2, s)); return n.add(n.add(n.mul(n.mul(x1, x1), x2), n.mul(3, x1)), n.mul(6, x2)); };
    const [x1, x2] = [Math.sin(t), Math.exp(2 * t)];
    close(n.derivative(h2 as never)(t), (2 * x1 * x2 + 3) * Math.cos(t) + (x1 * x1 + 6) * 2 * Math.exp(2 * t), 1e-13);
  });

  it("f = 3xy + yz² with x = pqr, y = 2p² + q + 5r, z = p cos(q + 2r): ∂f/∂p", () => {
    const [p, q, r] = [0.6, -0.4, 1.1];
    const f = (v: V[]) => {
      const x = n.mul(n.mul(v[0], v[1]), v[2]);
      const y = n.add(n.add(n.mul(2, n.mul(v[0], v[0])), v[1]), n.mul(5, v[2]));
      const z = n.mul(v[0], n.cos(n.add(v[1], n.mul(2, v[2]))));
      return n.add(n.mul(3, n.mul(x, y)), n.mul(y, n.mul(z, z)));
    };
    const x = p * q * r, y = 2 * p * p + q + 5 * r, z = p * Math.cos(q + 2 * r);
    const g = n.grad(f as never)([p, q, r]) as number[];
    close(g[0], 3 * y * q * r + (3 * x + z * z) * 4 * p + 2 * y * z * Math.cos(q + 2 * r), 1e-12);
  });

  it("h(t) = exp(x₁x₂²) with x = [t cos t, t sin t]", () => {
    const t = 0.9;
    const h = (s: V) => { const x1 = n.mul(s, n.cos(s)); const x2 = n.mul(s, n.sin(s)); return n.exp(n.mul(x1, n.mul(x2, x2))); };
    const x1 = t * Math.cos(t), x2 = t * Math.sin(t);
    const exact = Math.exp(x1 * x2 * x2) * (x2 * x2 * (Math.cos(t) - t * Math.sin(t)) + 2 * x1 * x2 * (Math.sin(t) + t * Math.cos(t)));
    close(n.derivative(h as never)(t), exact, 1e-13);
  });

  it("∇(cᵀx) = cᵀ and ∇(xᵀx) = 2xᵀ", () => {
    const c = [1, -2, 3];
    expect(n.grad((x: V) => n.dot(c, x))(n.tensor([4, 5, 6])).toArray()).toEqual(c);
    expect(n.grad((x: V) => n.dot(x, x))(n.tensor([4, 5, 6])).toArray()).toEqual([8, 10, 12]);
  });
});
