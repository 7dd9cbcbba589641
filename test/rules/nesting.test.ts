import { describe, expect, it } from "vitest";
import * as n from "../../src/index";
import { close } from "../support/numeric";

describe("nested differentiation", () => {
  it("passes ForwardDiff's perturbation-confusion test: D(x ↦ x·D(y ↦ x + y)(1))(1) = 1", () => {
    const D = (f: (x: n.Value) => n.Value) => (x: n.Value) => n.derivative(f as never)(x) as n.Value;
    expect(D((x) => n.mul(x, D((y) => n.add(x, y))(1)))(1)).toBe(1);
  });

  it("a dual number kept from an earlier call (a cache outside f) is an error, not a derivative that is a dual number (it gave Dual(2, 2))", () => {
    let cached: n.Value | undefined;
    const f = (x: n.Value) => {
      cached = cached ?? n.mul(x, 2);
      return n.mul(cached, x);
    };
    expect(n.derivative(f)(1)).toBe(4); // the first call: 2x·x, derivative 4x
    expect(() => n.derivative(f)(2)).toThrow(/a dual number of a differentiation that has finished .*Keep primal\(v\)/);
    expect(() => n.grad(f as never)(2)).toThrow(/differentiation that has finished/);
    expect(() => n.jvp(f as never, [2], [1])).toThrow(/differentiation that has finished/);
    // Kept as its primal, it is a constant: d/dx (2·x) = 2.
    const kept = n.primal(cached as n.Value);
    expect(n.derivative((x: n.Value) => n.mul(kept, x))(2)).toBe(2);
    // Dual numbers made by hand outside f, and an outer differentiation's, are not finished.
    const d = n.dual(2, 1);
    expect(n.derivative((x: n.Value) => n.mul(x, d))(3)).toEqual(d);
    expect(n.derivative((x: n.Value) => n.mul(x, n.derivative((y: n.Value) => n.mul(x, y))(1) as n.Value))(3)).toBe(6);
    // Many differentiations in a loop, and one after them, as a training loop makes them.
    for (let i = 0; i < 100; i++) expect(n.grad((x: n.Value) => n.mul(x, x))(i)).toBe(2 * i);
    expect(n.derivative((x: n.Value) => n.mul(n.mul(x, x), d))(3)).toEqual(n.mul(6, d));
  });

  it("a loss kept from inside f (losses.push(loss)) and used afterwards: the errors say to keep primal(loss) (they said to make a variable(x))", () => {
    const losses: n.Value[] = [];
    const kept: number[] = [];
    const f = (x: n.Value) => {
      const loss = n.mul(x, x);
      losses.push(loss);
      kept.push(n.primal(loss) as number);
      return loss;
    };
    for (const x of [3, 2]) n.grad(f as never)(x);
    n.derivative(f)(1);
    // Arithmetic on the finished tape's variables, and conversions of them and of the dual number.
    expect(() => n.add(losses[0], losses[1])).toThrow(/belongs to a differentiation that has finished: a value kept from inside a differentiated function \(losses\.push\(loss\) in f, say\) is used after it — keep primal\(loss\)/);
    for (const l of [losses[0], losses[2]]) {
      expect(() => Number(l)).toThrow(/of a differentiation that has finished was converted to a plain number: it was kept from inside a differentiated function .* Keep primal\(loss\)/);
    }
    // Dual numbers of two finished derivatives, added, nested into Dual(Dual(1, 2), 4), silently.
    n.derivative(f)(2);
    expect(() => n.add(losses[2], losses[3])).toThrow(/^add: Dual\(1, 2\) and Dual\(4, 4\) are dual numbers of differentiations that have finished, kept from inside a differentiated function .* Keep primal\(loss\)/);
    // What they say works: the numbers, x² at 3, 2, 1 and 2.
    expect(kept).toEqual([9, 4, 1, 4]);
    expect(losses.map((l) => n.primal(l))).toEqual([9, 4, 1, 4]);
    // Dual numbers made by hand, of two levels, still nest.
    const d = n.dual(2, 1);
    expect(String(n.add(n.dual(d, 1), d))).toBe("Dual(Dual(4, 2), 1)");
    // A dual number made by hand still gets the general advice.
    expect(() => Number(n.dual(2, 1))).toThrow(/^A dual number \(Dual\(2, 1\)\) was converted to a plain number, which would drop its derivative\. In a cell/);
  });

  it.each([
    ["grad", (f: (x: n.Value) => n.Value) => n.grad(f as never)(n.tensor([1, 2]))],
    ["valueAndGrad", (f: (x: n.Value) => n.Value) => n.valueAndGrad(f as never)(n.tensor([1, 2]))],
    ["jacrev", (f: (x: n.Value) => n.Value) => n.jacrev(f as never)(n.tensor([1, 2]))],
    ["jacobian", (f: (x: n.Value) => n.Value) => n.jacobian(f as never)(n.tensor([1, 2]))],
    ["hessian", (f: (x: n.Value) => n.Value) => n.hessian(f as never)(n.tensor([1, 2]))],
  ] as const)("a tensor kept from inside %s and used afterwards is an error, as a number's is (sum(kept) was Var(5); grad(y ↦ Σ kept·y) returned the tape variable Var([1, 4]))", (_name, differentiate) => {
    let kept: n.Value = 0;
    let closure: (y: n.Value) => n.Value = (y) => y;
    differentiate((x) => {
      kept = n.mul(x, x);
      closure = (y) => n.sum(n.mul(x, y));
      return n.sum(n.mul(kept, x));
    });
    const finished = /belongs to a differentiation that has finished: .* keep primal\(loss\)/;
    expect(() => n.sum(kept)).toThrow(finished);
    expect(() => n.matmul(kept, n.tensor([1, 1]))).toThrow(finished);
    expect(() => n.grad((y: n.Value) => n.sum(n.mul(kept, y)))(n.tensor([1, 1]))).toThrow(finished);
    expect(() => n.jacfwd((y: n.Value) => n.mul(kept, y))(n.tensor([1, 1]))).toThrow(finished);
    expect(() => n.grad(closure as never)(n.tensor([3, 4]))).toThrow(finished);
    // What the error says works: its numbers, x² at [1, 2].
    expect((n.primal(kept) as n.Tensor).toArray()).toEqual([1, 4]);
    expect((n.stopGradient(kept) as n.Tensor).toArray()).toEqual([1, 4]);
  });

  it("backward(loss) and loss.grad of a loss kept from inside grad are errors (backward swept nothing and .grad read 0)", () => {
    const kept: n.Var[] = [];
    n.grad((x: n.Value) => {
      const loss = n.mul(x, x) as n.Var;
      kept.push(loss);
      return loss;
    })(3);
    n.grad((x: n.Value) => {
      const loss = n.sum(n.mul(x, x)) as n.Var;
      kept.push(loss);
      return loss;
    })(n.tensor([1, 2]));
    for (const loss of kept) {
      expect(() => n.backward(loss)).toThrow(/^backward: y belongs to a differentiation that has finished: .* keep primal\(loss\)/);
      expect(() => loss.grad).toThrow(/^Var\((9|5)\), whose \.grad was read, belongs to a differentiation that has finished/);
    }
    // Shown in a notebook, it is its value.
    expect((kept[0] as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")]()["text/plain"]).toBe("Var(9)");
    // Variables made by hand keep their tape after a backward: backward again, and .grad.
    const x = n.variable(3);
    const y = n.mul(x, x);
    n.backward(y);
    n.backward(y);
    expect([x.grad, y.grad]).toEqual([6, 1]);
  });

  it("the same with reverse mode inside forward and forward inside reverse", () => {
    expect(n.derivative((x: n.Value) => n.mul(x, n.grad((y: n.Value) => n.add(x, y))(1) as n.Value))(1)).toBe(1);
    expect(n.grad((x: n.Value) => n.mul(x, n.derivative((y: n.Value) => n.mul(x, y))(1) as n.Value))(3)).toBe(6);
  });

  it.each([1, 2, 3, 4])("the %i-th derivative of sin and of exp(x²) match closed forms", (k) => {
    const x = 0.7;
    const sinK = [Math.cos, (t: number) => -Math.sin(t), (t: number) => -Math.cos(t), Math.sin][k - 1];
    close(n.derivative(n.sin as never, k)(x), sinK(x), 1e-13);
    const e = Math.exp(x * x);
    const expK = [2 * x * e, (2 + 4 * x * x) * e, (12 * x + 8 * x ** 3) * e, (12 + 48 * x * x + 16 * x ** 4) * e][k - 1];
    close(n.derivative((t: n.Value) => n.exp(n.mul(t, t)), k)(x), expK, 1e-12);
  });

  it("grad of grad equals the second derivative", () => {
    const f = (x: n.Value) => n.mul(n.pow(x, 3), n.sin(x));
    const x = 1.3;
    const exact = 6 * x * Math.sin(x) + 6 * x * x * Math.cos(x) - x ** 3 * Math.sin(x);
    close(n.grad(n.grad(f as never) as never)(x), exact, 1e-12);
    close(n.derivative(f as never, 2)(x), exact, 1e-12);
  });

  it("by hand: dual numbers and the tape as a course teaches them", () => {
    const x = n.dual(2, 1);
    const y = n.add(n.sin(x), n.mul(x, 3)) as n.Dual;
    close(y.value, Math.sin(2) + 6, 1e-15);
    close(y.tangent, Math.cos(2) + 3, 1e-15);
    const a = n.variable(3);
    const b = n.variable(4);
    const z = a.mul(b).add(n.sin(a));
    n.backward(z);
    close(a.grad, 4 + Math.cos(3), 1e-15);
    expect(b.grad).toBe(3);
    const c = n.variable(2);
    n.backward(c.mul(c).mul(c));
    expect(c.grad).toBe(12);
  });

  it("by hand: variables made before a backward and after it are not combined silently (the earlier counted as a constant: its gradient stayed 4, the later's was Var(2))", () => {
    const x = n.variable(2);
    n.backward(n.mul(x, x));
    expect(x.grad).toBe(4);
    const w = n.variable(3);
    expect(() => n.mul(w, x)).toThrow("mul: Var(2) was made by variable() before a backward and Var(3) after it; the backward ended the first one's tape, and combined with the second it would count as a constant. Make it again after the backward: variable(primal(x))");
    const X = n.variable([1, 2]);
    n.backward(n.sum(n.mul(X, X)));
    expect(() => n.matmul(n.variable([[1, 2]]), X)).toThrow("matmul: the tape variable of shape (2) was made by variable() before a backward and the tape variable of shape (1×2) after it");
    // Each tape on its own still works, the earlier one after its backward too.
    n.backward(n.mul(x, n.mul(x, x)));
    expect(x.grad).toBe(12);
    const v = n.variable(5);
    n.backward(n.mul(v, v));
    expect(v.grad).toBe(10);
    // Made again after the backward, the earlier value takes part.
    const x2 = n.variable(n.primal(x));
    const u = n.variable(3);
    n.backward(n.mul(u, x2));
    expect([u.grad, x2.grad]).toEqual([2, 3]);
  });

  it("by hand: dual numbers share one ε — partial derivatives seed 1 and 0; hyper-duals give second derivatives", () => {
    // f(x, y) = x²y + sin(xy) at (3, 2): ∂f/∂x = 2xy + y cos(xy), ∂f/∂y = x² + x cos(xy).
    const f = (x: n.Value, y: n.Value) => n.add(n.mul(n.mul(x, x), y), n.sin(n.mul(x, y)));
    const dx = f(n.dual(3, 1), n.dual(2, 0)) as n.Dual;
    const dy = f(n.dual(3, 0), n.dual(2, 1)) as n.Dual;
    close(dx.value, 18 + Math.sin(6), 1e-15);
    close(dx.tangent, 12 + 2 * Math.cos(6), 1e-14);
    close(dy.tangent, 9 + 3 * Math.cos(6), 1e-14);
    // (3 + ε)(2 + 0ε) = 6 + 2ε: one dual number, not one nested in another.
    const p = n.mul(n.dual(3, 1), n.dual(2, 0)) as n.Dual;
    expect([p.value, p.tangent]).toEqual([6, 2]);
    // x = (2 + ε₁) + (1 + 0ε₁)ε₂: x³'s ε₁ε₂ part is (x³)″ = 6x = 12, its ε₁ and ε₂ parts 3x² = 12.
    const x = n.dual(n.dual(2, 1), n.dual(1, 0));
    const cube = n.mul(x, n.mul(x, x)) as n.Dual;
    expect(((cube.tangent as n.Dual).tangent)).toBe(12);
    expect((cube.tangent as n.Dual).value).toBe(12);
    expect((cube.value as n.Dual).tangent).toBe(12);
    // A differentiation in between (another cell's grad, making its own by-hand values) changes nothing outside it.
    const a = n.dual(3, 1);
    const va = n.variable(3);
    expect(n.grad((t: n.Value) => n.mul(n.mul(n.dual(2, 1), n.variable(5)), t))(1)).toBe(10);
    const ab = n.mul(a, n.dual(2, 0)) as n.Dual;
    expect([ab.value, ab.tangent]).toEqual([6, 2]);
    const vb = n.variable(4);
    n.backward(n.mul(va, vb));
    expect([va.grad, vb.grad]).toEqual([4, 3]);
    // A dual made by hand is a constant inside a derivative taken later (no perturbation confusion).
    const k = n.dual(5, 1);
    const inner = n.derivative((t: n.Value) => n.mul(t, k))(2) as n.Dual;
    expect([inner.value, inner.tangent]).toEqual([5, 1]);
  });

  // A dual number made by hand inside f is a newer, inner perturbation: f's result still
  // depends on x through its value. Every API read the result as independent of x: 0.
  it.each([
    ["grad", () => n.grad((x: n.Value) => n.mul(n.dual(3, 1), x))(2), 3],
    ["derivative", () => n.derivative((x: n.Value) => n.mul(n.dual(3, 1), x))(2), 3],
    ["jacfwd", () => n.jacfwd((x: n.Value) => n.mul(n.dual(3, 1), x))(2), 3],
    ["jacrev", () => n.jacrev((x: n.Value[]) => [n.mul(n.dual(3, 1), x[0])])([2]), [[3]]],
    ["jvp", () => n.jvp((x: n.Value) => n.mul(n.dual(3, 1), x), [2], [1])[1], 3],
    ["vjp", () => n.vjp((x: n.Value) => n.mul(n.dual(3, 1), x), 2)[1](1), [3]],
    ["hessian", () => n.hessian((x: n.Value) => n.mul(n.dual(3, 1), n.mul(x, x)))(2), 6],
    ["jacfwd of a tensor", () => n.jacfwd((x: n.Value) => n.mul(n.dual(n.tensor([1, 2]), n.tensor([1, 1])), x))(n.tensor([2, 3])), [[1, 0], [0, 2]]],
    // The same with a variable, whether or not one was left on the outside tape before.
    ["grad, variable", () => n.grad((x: n.Value) => n.mul(n.variable(3), x))(2), 3],
    ["grad, variable after one left outside", () => (n.variable(7), n.grad((x: n.Value) => n.mul(n.variable(3), x))(2)), 3],
    ["jacrev, variable", () => n.jacrev((x: n.Value[]) => [n.mul(n.variable(3), x[0])])([2]), [[3]]],
  ] as [string, () => unknown, unknown][])("%s: a dual made by hand inside f does not hide the dependence on x", (_name, run, expected) => {
    expect(dualParts(run())).toEqual(expected);
  });
});

/** A dual number as [value, tangent] (a tensor's as nested arrays), arrays walked. */
function dualParts(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dualParts);
  if (v instanceof n.Dual) return [dualParts(v.value), dualParts(v.tangent)];
  if (v instanceof n.Tensor) return v.toArray();
  return v;
}
