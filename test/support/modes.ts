import * as n from "../../src/index";
import { close, rng } from "./numeric";

/*
 * A function of a tensor checked against itself in both modes and against central
 * differences (STYLE.md: JAX's dot-product test): ⟨v, J u⟩ by jvp equals ⟨Jᵀ v, u⟩ by vjp,
 * and J u equals (f(x + hu) − f(x − hu))/2h, for random directions u and v.
 */

const entries = (v: unknown): number[] => (typeof v === "number" ? [v] : Array.from((v as n.Tensor).data));
const dot = (a: number[], b: number[]) => a.reduce((s, ai, i) => s + ai * b[i], 0);

/** Checks f at x by the dot-product test and central differences, for a few random directions. */
export function checkBothModes(f: (x: n.Tensor) => unknown, x: n.Tensor, seed = 3, tol = 1e-6): void {
  const r = rng(seed);
  const random = (shape: readonly number[]) => n.fromFunction([...shape], () => r() * 2 - 1) as n.Tensor;
  for (let trial = 0; trial < 3; trial++) {
    const u = random(x.shape);
    const y = f(x);
    const v = typeof y === "number" ? 0.7 : random((y as n.Tensor).shape);
    const [, tangent] = n.jvp(f as never, [x], [u]);
    const [, pullback] = n.vjp(f as never, x);
    const [cotangent] = pullback(v as never) as unknown as [n.Tensor];
    close(dot(entries(v), entries(tangent)), dot(entries(cotangent), entries(u)), 1e-12);
    const h = 1e-6;
    const plus = entries(f(n.add(x, n.mul(h, u)) as n.Tensor));
    const minus = entries(f(n.sub(x, n.mul(h, u)) as n.Tensor));
    close(entries(tangent), plus.map((p, i) => (p - minus[i]) / (2 * h)), tol);
  }
}
