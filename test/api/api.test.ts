import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as n from "../../src/index";
import { close, numericJacobian } from "../support/numeric";
import { normalGenerator, uniformGenerator } from "../../src/tensor/random";

const f2 = (x: n.Value[]) => [n.add(n.mul(x[0], x[0]), x[1]), n.mul(x[0], x[1]), n.add(n.sin(x[0]), n.cos(x[1]))];

describe("containers mirror the input", () => {
  it("number → number, number[] → number[], number[][] → number[][], Tensor → Tensor", () => {
    expect(n.grad((x: n.Value) => n.mul(x, x))(3)).toBe(6);
    expect(n.grad((x: n.Value[]) => n.mul(x[0], x[1]))([3, 4])).toEqual([4, 3]);
    expect(n.grad((X: n.Value[][]) => n.mul(X[0][1], X[1][0]))([[1, 2], [3, 4]])).toEqual([[0, 3], [2, 0]]);
    const g = n.grad((X: n.Value) => n.sum(n.mul(X, X)))(n.tensor([[1, 2], [3, 4]]));
    expect(g).toBeInstanceOf(n.Tensor);
    expect((g as n.Tensor).toArray()).toEqual([[2, 4], [6, 8]]);
  });

  it("typed arrays (Float64Array, Float32Array, …) are 1-d arrays of numbers", () => {
    const f = (x: n.Value[]) => n.mul(x[0], n.mul(x[0], x[1]));
    expect(n.grad(f)(new Float64Array([2, 3]) as never)).toEqual([12, 4]);
    expect(n.hessian(f)(new Float32Array([2, 3]) as never)).toEqual([[6, 4], [4, 0]]);
    expect(n.jacobian((x: n.Value[]) => [x[1], n.sin(x[0])])(new Int32Array([0, 5]) as never)).toEqual([[0, 1], [1, 0]]);
    expect(n.jvp(f, [new Float64Array([2, 3])], [new Float64Array([0, 1])])).toEqual([12, 4]);
    expect(n.checkGrad(f, new Float64Array([2, 3])).ok).toBe(true);
    expect(() => n.grad(f)(new BigInt64Array(2) as never)).toThrow(/argument 0 is an object \(BigInt64Array\)/);
  });

  it("typed arrays are 1-d tensors for tensor(), variable() and every operation; bad arguments are described briefly", () => {
    expect(n.tensor(new Float32Array([0.5, 2])).toArray()).toEqual([0.5, 2]);
    expect((n.add(new Int32Array([1, 2, 3]), 1) as n.Tensor).toArray()).toEqual([2, 3, 4]);
    close((n.sin(new Float64Array([0, 1])) as n.Tensor).toArray(), [0, Math.sin(1)], 0);
    expect(n.matmul(new Float64Array([1, 2]), [[3], [4]]) as n.Tensor).toEqual(n.tensor([11]));
    const x = n.variable(new Float64Array([3, 4]));
    n.backward(n.sum(n.mul(x, x)));
    expect((x.grad as n.Tensor).toArray()).toEqual([6, 8]);
    // A huge argument is named by its kind, not printed element by element.
    const huge = Array.from({ length: 10_000 }, (_, i) => ({ i }));
    const message = (() => { try { n.sum(huge as never); } catch (e) { return (e as Error).message; } return ""; })();
    expect(message).toMatch(/^sum: element 0 \(row-major\) of the array is an object \(Object\), not a number$/);
    expect(() => n.exp({ a: 1 } as never)).toThrow(/^exp: expected a number or a tensor, got Object$/);
  });

  it("array arguments work both ways a user writes them: element access and tensor functions", () => {
    const f = (x: n.Value[]) => n.add(n.mul(x[0], x[1]), n.sum(n.matmul([[1, 2], [3, 4]], x)));
    // ∂/∂x of x0·x1 + Σ(Ax) = [x1 + 4, x0 + 6]
    expect(n.grad(f as never)([2, 5])).toEqual([9, 8]);
    expect(n.jacfwd(f as never)([2, 5])).toEqual([9, 8]);
    const g = (X: n.Value[][]) => n.add(n.logdet(X), n.mul(X.length, X[0][0]));
    close(n.grad(g as never)([[2, 1], [1, 3]]), [[0.6 + 2, -0.2], [-0.2, 0.4]], 1e-12);
  });

  // Each public function on an array argument, as grad and jacfwd hand it over (an array of
  // tape variables or duals), in both modes, against central differences of the same function.
  it.each([
    ["sumToShape", (X: n.Value[][]) => n.sumToShape(X as never, [3])],
    ["element", (X: n.Value[][]) => n.mul(n.element(X, 4), n.element(X, 0))],
    ["broadcastTo", (X: n.Value[][]) => n.broadcastTo(n.sin(X as never), [2, 2, 3])],
  ] as [string, (X: n.Value[][]) => n.Value][])("%s of an array argument: jacfwd = jacrev = central differences", (_name, f) => {
    const X = [[0.5, -1, 2], [1.5, 0.3, -0.7]];
    const entries = (v: unknown): number[] => (typeof v === "number" ? [v] : [...(n.tensor(v as never) as n.Tensor).data]);
    const expected = numericJacobian((v) => entries(f([v.slice(0, 3), v.slice(3)] as never)), X.flat());
    const asRows = entries;
    close(asRows(n.jacfwd(f as never)(X)), expected.flat(), 1e-6);
    close(asRows(n.jacrev(f as never)(X)), expected.flat(), 1e-6);
  });

  it("element: a flat index out of range is a ShapeError, not undefined", () => {
    expect(() => n.element(n.tensor([1, 2]), 5)).toThrow("element: flat index 5 is out of range for shape (2), which has 2 entries");
    expect(() => n.element([[1, 2]], -1)).toThrow("element: flat index -1 is out of range for shape (1×2)");
    expect(() => n.element(3, 1)).toThrow("element: flat index 1 is out of range for a scalar");
    expect(n.element([[1, 2], [3, 4]], 2)).toBe(3);
  });

  it("Jacobians have shape S_out ++ S_in (numerator layout) and the transpose in denominator layout", () => {
    const J = n.jacobian(f2 as never)([1, 0]);
    close(J, [[2, 1], [0, 1], [Math.cos(1), 0]], 1e-15);
    const Jd = n.jacobian(f2 as never, { layout: "denominator" })([1, 0]);
    close(Jd, [[2, 0, Math.cos(1)], [1, 1, 0]], 1e-15);
    const A = [[1, 2, 3], [4, 5, 6]];
    expect(n.jacobian((x: n.Value) => n.matmul(A, x))(n.tensor([1, 1, 1]))).toBeInstanceOf(n.Tensor);
  });

  it("jacfwd = jacrev = central differences", () => {
    const x = [0.3, -1.2];
    const jf = n.jacfwd(f2 as never)(x);
    const jr = n.jacrev(f2 as never)(x);
    close(jf, jr, 1e-14);
    close(jf, numericJacobian((v) => [v[0] * v[0] + v[1], v[0] * v[1], Math.sin(v[0]) + Math.cos(v[1])], x), 1e-6);
  });

  it("jacfwd on tensor programs (whose primal results it reuses across passes) = jacrev, nested too", () => {
    const W = n.fromFunction([5, 4], (i, j) => Math.sin(3 * i + j));
    const b = n.tensor([0.1, -0.2, 0.3, 0.4, -0.5]);
    // W·x appears twice, and a primal result feeds a later primitive (sum, matmul again).
    const f = (x: n.Value) => n.mul(n.tanh(n.add(n.matmul(W, x), b)), n.add(1, n.sum(n.mul(n.matmul(W, x), n.matmul(W, x)))));
    const x = n.tensor([0.3, -0.7, 1.1, 0.2]);
    close((n.jacfwd(f as never)(x) as n.Tensor).toArray(), (n.jacrev(f as never)(x) as n.Tensor).toArray(), 1e-13);
    // Two calls at different points do not share remembered results.
    const x2 = n.tensor([1, 2, 3, 4]);
    close((n.jacfwd(f as never)(x2) as n.Tensor).toArray(), (n.jacrev(f as never)(x2) as n.Tensor).toArray(), 1e-12);
    // jacfwd of jacfwd (a Hessian, forward over forward) against the default Hessian.
    const g = (v: n.Value) => n.sum(n.tanh(n.matmul(W, v)));
    const hff = n.jacfwd((v: n.Value) => n.jacfwd(g as never)(v) as n.Value)(x) as n.Tensor;
    close(hff.toArray(), (n.hessian(g as never)(x) as n.Tensor).toArray(), 1e-13);
  });

  it("grad and valueAndGrad take objects of parameters ({ W, b }, nested) and mirror them", () => {
    const X = n.tensor([[1, 2], [3, 4], [-1, 0.5]]);
    const y = n.tensor([1, 0, 2]);
    const loss = (p: { layer: { W: n.Value; b: n.Value }; scale: number[] }) =>
      n.sum(n.pow(n.sub(n.mul(p.scale[0], n.add(n.matmul(X, p.layer.W), p.layer.b)), y), 2));
    const params = { layer: { W: n.tensor([0.5, -0.5]), b: 0.1 }, scale: [2], unused: 7 };
    const [value, g] = n.valueAndGrad(loss as never)(params) as [number, { layer: { W: n.Tensor; b: number }; scale: number[]; unused: number }];
    // The same gradient field by field, with argnums over separate arguments.
    const separate = (W: n.Value, b: n.Value, s: n.Value[]) => loss({ layer: { W, b }, scale: s as never });
    const [gW, gb, gs] = n.grad(separate as never, { argnums: [0, 1, 2] })(params.layer.W, 0.1, [2]) as [n.Tensor, number, number[]];
    expect(value).toBeCloseTo(separate(params.layer.W, 0.1, [2] as never) as number, 14);
    close(g.layer.W.toArray(), gW.toArray(), 1e-14);
    expect(g.layer.b).toBeCloseTo(gb, 14);
    expect(g.scale).toEqual(gs);
    expect(g.unused).toBe(0);
    expect(Object.keys(g)).toEqual(["layer", "scale", "unused"]);
    expect(() => n.grad((p: { a: number }) => p.a)({ a: 1, s: "x" } as never)).toThrow(/argument 0\.s is the string "x"/);
  });

  it("a list of parameters ([W, b], layers: [{ W, b }, …], arrays of different shapes) is taken like an object (it was 'holds a value of shape (2×2)')", () => {
    // L = Σ (W·x + b)² with x = [1, 2]: ∂L/∂W = 2 r xᵀ, ∂L/∂b = 2 r, r = W·x + b.
    const x = [1, 2];
    const W = [[1, 0], [2, -1]];
    const b = [0.5, -1];
    const r = [1 + 0.5, 0 - 1]; // W·x + b
    const gW = r.map((ri) => x.map((xj) => 2 * ri * xj));
    const gb = r.map((ri) => 2 * ri);
    const L = (W_: n.Value, b_: n.Value) => n.sum(n.pow(n.add(n.matmul(W_, x), b_), 2));
    // A list of tensors gives a list of tensors.
    const [tW, tb] = n.grad((ps: n.Value[]) => L(ps[0], ps[1]))([n.tensor(W), n.tensor(b)] as never) as [n.Tensor, n.Tensor];
    close(tW.toArray(), gW, 1e-14);
    close(tb.toArray(), gb, 1e-14);
    // Arrays of different shapes give arrays.
    expect(n.grad((ps: n.Value[]) => L(ps[0], ps[1]))([W, b] as never)).toEqual([gW, gb]);
    expect(n.grad((ps: n.Value[]) => L(ps[0], ps[1]))([W, Float64Array.from(b)] as never)).toEqual([gW, gb]);
    // Records inside lists, lists inside records; the value comes too.
    const layers = { layers: [{ W, b }, { W: [[0]], b: [3] }] };
    const [value, g] = n.valueAndGrad((p: { layers: { W: n.Value; b: n.Value }[] }) => n.add(L(p.layers[0].W, p.layers[0].b), n.mul((p.layers[1].b as n.Value[])[0], 0)))(layers as never) as [number, typeof layers];
    expect(value).toBe(r[0] ** 2 + r[1] ** 2);
    expect(g).toEqual({ layers: [{ W: gW, b: gb }, { W: [[0]], b: [0] }] });
    expect(() => n.grad((ps: n.Value[]) => ps[0])([1, [2, "x"]] as never)).toThrow(/argument 0\[1\] holds the string "x"/);
  });

  it("hasAux: f returns [value, aux]; the value is differentiated and aux comes back as plain values", () => {
    const f = (w: n.Value[]) => {
      const prediction = n.add(n.mul(w[0], 3), w[1]);
      const loss = n.pow(n.sub(prediction, 1), 2);
      return [loss, { prediction, label: "fit" }];
    };
    const [[value, aux], g] = n.valueAndGrad(f as never, { hasAux: true })([0.5, 0.25]) as [[number, { prediction: number; label: string }], number[]];
    expect(value).toBeCloseTo(0.5625, 14);
    expect(aux).toEqual({ prediction: 1.75, label: "fit" });
    expect(typeof aux.prediction).toBe("number"); // not a tape variable
    close(g, [2 * 0.75 * 3, 2 * 0.75], 1e-14);
    const [g2, aux2] = n.grad(f as never, { hasAux: true })([0.5, 0.25]) as [number[], { prediction: number }];
    expect(g2).toEqual(g);
    expect(aux2.prediction).toBe(1.75);
    expect(() => n.grad(((x: n.Value) => n.mul(x, x)) as never, { hasAux: true })(2)).toThrow(/with hasAux, f must return \[value, aux\]/);
  });

  it("sorting differentiable values with a comparator (a, b) => a − b orders them by value; each keeps its derivative (the comparator's result threw DerivativeLostError)", () => {
    // sorted([3, 1, 2]) = [x₁, x₂, x₀]: f = 2·x₁ + x₀ (min and max), so ∇f = [1, 2, 0].
    const f = (x: n.Value[]) => {
      const s = [...x].sort((a, b) => n.sub(a, b) as never);
      return n.add(n.mul(2, s[0]), s[2]);
    };
    expect(n.grad(f as never)([3, 1, 2])).toEqual([1, 2, 0]);
    expect(n.jacfwd(f as never)([3, 1, 2])).toEqual([1, 2, 0]);
    // Any other conversion still throws.
    expect(() => n.grad((x: n.Value) => Number(x))(3)).toThrow(n.DerivativeLostError);
    expect(() => n.grad((x: n.Value) => Float64Array.of(x as never)[0])(3)).toThrow(n.DerivativeLostError);
  });

  it("a model written as a class, passed to grad, is an error that says to pass its fields (it said objects are taken, and rejected it)", () => {
    class Lin {
      constructor(public w: number, public b: number) {}
      predict(x: number) {
        return n.add(n.mul(this.w, x), this.b);
      }
    }
    const loss = (m: Lin) => n.pow(n.sub(m.predict(2), 1), 2);
    for (const call of [() => n.grad(loss as never)(new Lin(1, 0)), () => n.valueAndGrad(loss as never)(new Lin(1, 0)), () => n.hessian(loss as never)(new Lin(1, 0))]) {
      expect(call).toThrow(/is an instance of the class Lin, not a plain object of parameters: pass its fields, (grad|valueAndGrad|hessian)\(f\)\(\{ \.\.\.model \}\) \(f gets \{ w, b \}\)/);
    }
    // What it says works: (2w + b − 1)² at w = 1, b = 0 has gradient 2(2w + b − 1)·(2, 1) = (4, 2).
    expect(n.grad((p: { w: number; b: number }) => loss(new Lin(p.w, p.b)))({ ...new Lin(1, 0) })).toEqual({ w: 4, b: 2 });
    // Built-in objects keep the general message.
    expect(() => n.grad(((m: Map<string, number>) => m.size) as never)(new Map())).toThrow(/is an object \(Map\); expected a number/);
  });

  it(".data of a tensor being differentiated is a DerivativeLostError that says what to use (it was 'Cannot read properties of undefined')", () => {
    const byData = (x: n.Tensor) => n.mul(x.data[0], x.data[1]);
    expect(() => n.grad(byData as never)(n.tensor([2, 3]))).toThrow(n.DerivativeLostError);
    expect(() => n.grad(byData as never)(n.tensor([2, 3]))).toThrow(/^\.data of a tape variable of shape \(2\) would give its numbers without their derivative: read entries with x\.get\(i, j\), x\.toArray\(\)/);
    expect(() => n.jacfwd(byData as never)(n.tensor([2, 3]))).toThrow(/^\.data of a dual number of shape \(2\)/);
    // What it says works: ∂(x₀x₁) = (x₁, x₀).
    expect((n.grad((x: n.Tensor) => n.mul(x.get(0), x.get(1)))(n.tensor([2, 3])) as n.Tensor).toArray()).toEqual([3, 2]);
    // primal(x).data reads the numbers on purpose (constants: the gradient is 0); a Tensor's .data is its storage.
    expect((n.grad((x: n.Tensor) => n.mul((n.primal(x) as n.Tensor).data[0], n.sum(x)))(n.tensor([2, 3])) as n.Tensor).toArray()).toEqual([2, 2]);
    expect(Array.from(n.tensor([2, 3]).data)).toEqual([2, 3]);
  });

  it("toArray() of a tensor inside grad gives differentiable entries: array code on them keeps the derivative (the gradient was 0, silently)", () => {
    const sumSquares = (x: n.Tensor) => (x.toArray() as n.Value[][]).flat().reduce((a: n.Value, b) => n.add(a, n.mul(b, b)), 0);
    const X = n.tensor([[1, -2, 0.5], [3, 4, -1]]);
    // ∇ Σ x² = 2x, in both modes and against central differences.
    expect((n.grad(sumSquares as never)(X) as n.Tensor).toArray()).toEqual([[2, -4, 1], [6, 8, -2]]);
    expect((n.jacfwd(sumSquares as never)(X) as n.Tensor).toArray()).toEqual([[2, -4, 1], [6, 8, -2]]);
    const h = 1e-6;
    const fd = X.data.map((_, i) => {
      const p = Float64Array.from(X.data), m = Float64Array.from(X.data);
      p[i] += h;
      m[i] -= h;
      return ((sumSquares(new n.Tensor(X.shape, p)) as number) - (sumSquares(new n.Tensor(X.shape, m)) as number)) / (2 * h);
    });
    (n.grad(sumSquares as never)(X) as n.Tensor).data.forEach((g, i) => expect(g).toBeCloseTo(fd[i], 6));
    // The Hessian of x₀·x₁ through toArray: [[0, 1], [1, 0]].
    expect((n.hessian((x: n.Tensor) => n.mul(...(x.toArray() as [n.Value, n.Value])))(n.tensor([2, 3])) as n.Tensor).toArray()).toEqual([[0, 1], [1, 0]]);
    // Outside a differentiation: a dual number's entries carry their tangents; a scalar gives itself.
    expect(n.dual([1, 2], [1, 0]).toArray().map((d: n.Dual) => [d.value, d.tangent])).toEqual([[1, 1], [2, 0]]);
    const d = n.dual(2, 1);
    expect(d.toArray()).toBe(d);
    expect(n.primal(n.dual([1, 2], [1, 0])) instanceof n.Tensor && (n.primal(n.dual([1, 2], [1, 0])) as n.Tensor).toArray()).toEqual([1, 2]);
  });

  it("toFixed, toPrecision and toExponential of a dual number or tape variable format its value, as a number's do (they were 'not a function')", () => {
    const log: string[] = [];
    const f = (x: n.Value) => {
      const y = n.mul(x, x) as n.Var;
      log.push(`${y.toFixed(2)} ${y.toPrecision(3)} ${y.toExponential(1)}`);
      return y;
    };
    expect(n.grad(f as never)(1.5)).toBe(3);
    expect(n.derivative(f as never)(1.5)).toBe(3);
    expect(log).toEqual(["2.25 2.25 2.3e+0", "2.25 2.25 2.3e+0"]);
    expect(() => n.variable([1, 2]).toFixed(1)).toThrow("toFixed: expected a scalar, got a value of shape (2)");
  });

  it("stopGradient keeps a value out of the derivative", () => {
    expect(n.grad(((x: n.Value) => n.mul(x, n.stopGradient(x))) as never)(3)).toBe(3);
    expect(n.derivative(((x: n.Value) => n.mul(x, n.stopGradient(n.mul(x, x)))) as never)(2)).toBe(4);
  });

  it("stopGradient and primal of an array argument (tape variables or duals) give its numbers (they read .value of undefined)", () => {
    // f(x) = Σ xᵢ·c(xᵢ) with c held constant: ∂f/∂xᵢ = xᵢ.
    const f = (x: n.Value[]) => n.sum(n.mul(x as never, n.stopGradient(x as never) as never));
    expect(n.grad(f as never)([3, 4])).toEqual([3, 4]);
    expect(n.jacfwd(f as never)([3, 4])).toEqual([3, 4]);
    expect(n.grad(((X: n.Value[][]) => n.sum(n.mul(X as never, n.primal(X as never) as never))) as never)([[1, 2], [3, 4]])).toEqual([[1, 2], [3, 4]]);
    n.grad(((x: n.Value[]) => {
      expect(n.stopGradient(x as never)).toEqual([3, 4]);
      return x[0];
    }) as never)([3, 4]);
    expect(() => n.stopGradient("3" as never)).toThrow(/stopGradient: expected a number, a tensor, or an array or a plain object of them, got the string "3"/);
  });

  it("stopGradient of an object of parameters, as JAX's of a pytree: a target network's { W, b } held constant (it threw 'got object')", () => {
    // f(p) = Σ W·c(W) + b·c(b) with c held constant: ∂f/∂W = W, ∂f/∂b = b — half of what
    // f(p) = Σ W² + b² gives. Forward mode and second order see the same constant.
    const f = (p: { W: n.Tensor; b: V }) => {
      const target = n.stopGradient(p);
      return n.add(n.sum(n.mul(p.W, target.W)), n.mul(p.b, target.b));
    };
    const p = { W: n.tensor([1, -2]), b: 3 };
    const g = n.grad(f as never)(p) as { W: n.Tensor; b: number };
    expect([g.W.toArray(), g.b]).toEqual([[1, -2], 3]);
    const [, dir] = n.jvp(f as never, [p], [{ W: n.tensor([1, 1]), b: 1 }]);
    expect(dir).toBe(1 - 2 + 3);
    expect(n.hessian(((q: { a: V; b: V }) => n.mul(n.mul(q.a, q.a), n.stopGradient(q).b)) as never)({ a: 2, b: 5 })).toEqual({ a: { a: 10, b: 0 }, b: { a: 0, b: 0 } });
    expect(() => n.stopGradient({ W: "w" } as never)).toThrow('stopGradient: .W: expected a number, a tensor, or an array or a plain object of them, got the string "w"');
    expect(() => n.stopGradient(new Map() as never)).toThrow("got an object (Map)");
  });

  it("an output that does not depend on the input gives zeros", () => {
    expect(n.grad(() => 5)(3)).toBe(0);
    expect(n.jacobian((x: n.Value[]) => [x[0], 7])([1, 2])).toEqual([[1, 0], [0, 0]]);
  });
});

describe("argnums", () => {
  const f = (a: n.Value, b: n.Value) => n.mul(n.mul(a, a), b);
  it("a number picks one argument; an array gives one result per argument", () => {
    expect(n.grad(f as never)(3, 2)).toBe(12);
    expect(n.grad(f as never, { argnums: 1 })(3, 2)).toBe(9);
    expect(n.grad(f as never, { argnums: [0, 1] })(3, 2)).toEqual([12, 9]);
    const [Ja, Jb] = n.jacobian((a: n.Value[], b: n.Value) => [n.mul(a[0], b), n.mul(a[1], b)], { argnums: [0, 1] })([1, 2], 3) as unknown[];
    expect(Ja).toEqual([[3, 0], [0, 3]]);
    expect(Jb).toEqual([1, 2]);
  });
  it("hessian with argnums [0, 1] gives the blocks H[i][j]", () => {
    const H = n.hessian(f as never, { argnums: [0, 1] })(3, 2) as number[][];
    // f = a²b: f_aa = 2b, f_ab = 2a, f_bb = 0
    expect(H).toEqual([[4, 6], [6, 0]]);
  });
  it("jacobian, jacfwd, jacrev and hessian take hasAux as grad does, as JAX's has_aux (it was 'unknown option \"hasAux\"')", () => {
    // f(x) = [[x₀x₁, x₁], { n2: x₀² + x₁², t: 2x }] at [1, 2]: J = [[x₁, x₀], [0, 1]]; aux as plain data.
    const g = (x: V[]) => [[n.mul(x[0], x[1]), x[1]], { n2: n.add(n.mul(x[0], x[0]), n.mul(x[1], x[1])), t: n.mul(x as never, 2) }];
    for (const jac of [n.jacobian, n.jacfwd, n.jacrev]) {
      const [J, aux] = jac(g as never, { hasAux: true })([1, 2]) as [number[][], { n2: number; t: n.Tensor }];
      expect(J).toEqual([[2, 1], [0, 1]]);
      expect([aux.n2, aux.t.toArray()]).toEqual([5, [2, 4]]);
      expect(() => jac(((x: V[]) => n.sum(x as never)) as never, { hasAux: true })([1, 2])).toThrow(/with hasAux, f must return \[value, aux\], got a single value/);
    }
    // hessian: f = x₀²x₁, H = [[2x₁, 2x₀], [2x₀, 0]]; with argnums, one result per argument beside aux.
    for (const mode of ["reverse-over-reverse", "forward-over-reverse"] as const) {
      expect(n.hessian(((x: V[]) => [n.mul(n.mul(x[0], x[0]), x[1]), { x0: x[0] }]) as never, { hasAux: true, mode })([1, 2])).toEqual([[[4, 2], [2, 0]], { x0: 1 }]);
    }
    expect(n.jacobian(((a: V, b: V) => [n.mul(a, b), b]) as never, { hasAux: true, argnums: [0, 1] })(2, 3)).toEqual([[3, 2], 3]);
    // Inside another derivative aux keeps that derivative's values: d/ds (J + aux) = d/ds (s + 10s) = 11.
    expect(n.grad((s: V) => {
      const [J, aux] = n.jacobian(((x: V) => [n.mul(x, s), n.mul(s, 10)]) as never, { hasAux: true })(2) as [V, V];
      return n.add(J, aux);
    })(3)).toBe(11);
  });
  it("out-of-range argnums is a clear error", () => {
    expect(() => n.grad(f as never, { argnums: 2 })(1, 2)).toThrow(/argnums 2 is out of range/);
  });
  // Options were read with ?. and anything else ignored: a typo or a wrong value silently
  // differentiated another argument or gave another layout.
  it.each([
    ["grad", () => n.grad(f as never, { argnum: 1 } as never), 'grad: unknown option "argnum"; the options are argnums, hasAux, layout'],
    ["valueAndGrad", () => n.valueAndGrad(f as never, { argnums: "1" } as never), 'valueAndGrad: option argnums must be a non-negative integer or an array of them, such as 0 or [0, 1], got the string "1"'],
    ["grad", () => n.grad(f as never, { argnums: [0, -1] }), "grad: option argnums must be a non-negative integer or an array of them, such as 0 or [0, 1], got [0, -1]"],
    ["grad", () => n.grad(f as never, { hasAux: "yes" } as never), 'grad: option hasAux must be true or false, got the string "yes"'],
    ["jacobian", () => n.jacobian(f as never, { layout: "row" } as never), 'jacobian: option layout must be "numerator" or "denominator", got the string "row"'],
    ["jacfwd", () => n.jacfwd(f as never, { mode: "forward" } as never), 'jacfwd: unknown option "mode"; the options are argnums, layout, hasAux'],
    ["jacrev", () => n.jacrev(f as never, 1 as never), "jacrev: the options must be an object such as { argnums: … } (options: argnums, layout, hasAux), got number 1"],
    ["hessian", () => n.hessian(f as never, { mode: "fast" } as never), 'hessian: option mode must be "reverse-over-reverse" or "forward-over-reverse", got the string "fast"'],
    ["checkGrad", () => n.checkGrad((x: n.Value) => x, 1, { eps: 1e-3 } as never), 'checkGrad: unknown option "eps"; the options are rtol, atol, step'],
  ])("bad options to %s are a DifferentiationError saying what is accepted", (_name, make, message) => {
    expect(make).toThrow(message);
    expect(make).toThrow(n.DifferentiationError);
  });
  it("valid options, including layout on grad (its type allows it) and an undefined field, still work", () => {
    expect(n.grad(f as never, { argnums: 1, layout: "denominator" })(3, 2)).toBe(9);
    expect(n.jacobian(f as never, { argnums: undefined, layout: "numerator" })(3, 2)).toBe(12);
    expect(n.checkGrad((x: n.Value) => n.mul(x, x), 1, { rtol: 1e-4, step: 1e-6 }).ok).toBe(true);
  });
  it("valueAndGrad and checkGrad name themselves when f returns a vector (they said grad:)", () => {
    expect(() => n.valueAndGrad((x: n.Value[]) => x)([1, 2])).toThrow(/^valueAndGrad: f returned a value of shape \(2\); valueAndGrad needs a scalar result/);
    expect(() => n.checkGrad((x: n.Value[]) => x, [1, 2])).toThrow(/^checkGrad: f returned a value of shape \(2\)/);
    expect(() => n.grad((x: n.Value[]) => x)([1, 2])).toThrow(/^grad: f returned a value of shape \(2\)/);
  });
  // derivative(f)(3, 2) called f with b undefined: a DerivativeLostError about a dual number.
  it("derivative passes further arguments to f as constants, like grad's default argnums 0", () => {
    expect(n.derivative(f as never)(3, 2)).toBe(12); // 2ab
    expect(n.derivative(f as never, 2)(3, 2)).toBe(4); // 2b
    expect(n.derivative(f as never)(3, 2)).toBe(n.grad(f as never)(3, 2));
  });
});

describe("jvp, vjp, hvp and hessian", () => {
  it("jvp of f of one array given the array's entries as its primals says primals lists f's arguments (it said 'x[i] of a tensor is undefined')", () => {
    const f = (v: number[]) => [n.mul(v[0], v[1]), n.sin(v[0])];
    expect(() => n.jvp(f as never, [1, 2], [1, 0])).toThrow(
      /^jvp: f takes 1 argument but primals lists 2: primals and tangents give one entry per argument of f, so for f of one array write jvp\(f, \[\[1, 2\]\], \[\[1, 0\]\]\) \(f failed: mul: expected numbers or tensors, got undefined\)$/,
    );
    // Written as the message says, it is J·u; and an f with a default parameter still takes two primals.
    expect(n.jvp(f as never, [[1, 2]], [[1, 0]])).toEqual([[2, Math.sin(1)], [2, Math.cos(1)]]);
    expect(n.jvp(((x: n.Value, y: n.Value = 1) => n.mul(x, y)) as never, [2, 3], [1, 0])).toEqual([6, 3]);
    // f's own error stands when the count of primals is not in question.
    expect(() => n.jvp(((v: number[]) => n.sin(v[5])) as never, [[1, 2]], [[1, 0]])).toThrow(/^sin: expected a number/);
  });

  it("jvp and vjp pass the dot-product test on random points", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 6, maxLength: 6 }), (r) => {
        const x = [r[0], r[1]];
        const u = [r[2], r[3]];
        const v = [r[4], r[5], 0.5];
        const [, Ju] = n.jvp(f2 as never, [x], [u]) as [unknown, number[]];
        const [, pullback] = n.vjp(f2 as never, x);
        const [JTv] = pullback(v) as number[][];
        const lhs = v.reduce((s, vi, i) => s + vi * Ju[i], 0);
        const rhs = u.reduce((s, ui, i) => s + ui * JTv[i], 0);
        close(lhs, rhs, 1e-12);
      }),
      { numRuns: 100, seed: 1 },
    );
  });

  it("a list or an object of outputs ([A·x, Σx²], { p, q }) gives one Jacobian per output, as JAX's pytrees (it was 'f's result holds a value of shape (2)')", () => {
    const A = n.tensor([[1, 2], [3, 4]]);
    const x = [1, 2];
    // f(x) = [A·x, Σxᵢ², { p: x₀x₁, q: [x₀, x₁²] }]: ∂(A·x)/∂x = A, ∂Σx²/∂x = 2x, ∂p/∂x = [x₁, x₀], ∂q/∂x = [[1, 0], [0, 2x₁]].
    const f = (v: n.Value[]) => [n.matmul(A, v as never), n.sum(n.mul(v as never, v as never)), { p: n.mul(v[0], v[1]), q: [v[0], n.mul(v[1], v[1])] }];
    const expected = [[[1, 2], [3, 4]], [2, 4], { p: [2, 1], q: [[1, 0], [0, 4]] }];
    const plain = (J: unknown): unknown =>
      J instanceof n.Tensor ? J.toArray() : Array.isArray(J) ? J.map(plain) : typeof J === "object" && J !== null ? Object.fromEntries(Object.entries(J).map(([k, v]) => [k, plain(v)])) : J;
    for (const jac of [n.jacobian, n.jacfwd, n.jacrev]) {
      const J = jac(f as never)(x) as unknown[];
      expect(J[0]).toBeInstanceOf(n.Tensor); // A·x is a tensor
      expect(plain(J)).toEqual(expected);
      expect(plain(jac(f as never, { layout: "denominator" })(x))).toEqual([[[1, 3], [2, 4]], [2, 4], { p: [2, 1], q: [[1, 0], [0, 4]] }]);
    }
    // jvp: J·u leaf by leaf; vjp: Σ over leaves of cᵀJ.
    const u = [1, -1];
    const [y, Ju] = n.jvp(f as never, [x], [u]) as [unknown[], unknown[]];
    expect(plain(y)).toEqual([[5, 11], 5, { p: 2, q: [1, 4] }]);
    expect(plain(Ju)).toEqual([[-1, -1], -2, { p: 1, q: [1, -4] }]);
    const [y2, pullback] = n.vjp(f as never, x);
    expect(plain(y2)).toEqual(plain(y));
    const [g] = pullback([[1, 0], 1, { p: 1, q: [0, 1] }]) as number[][];
    expect(g).toEqual([1 + 2 + 2, 2 + 4 + 1 + 4]);
    expect(() => pullback([[1, 0], 1])).toThrow("vjp: the cotangent has 2 entries but f's result has 3");
    expect(() => pullback([[1, 0], 1, { q: [0, 1] }])).toThrow("vjp: the cotangent [2] lacks the key p (f's result [2] has p, q)");
    expect(() => pullback([[1, 0, 0], 1, { p: 1, q: [0, 1] }])).toThrow("vjp: the cotangent [0] has shape (3) but f's result [0] has shape (2)");
    // derivative of a curve given as a list or a record: d/dt [t·[1, 2], t³] = [[1, 2], 3t²], d²/dt² = [0, 6t].
    const curve = (t: n.Value) => [n.mul(n.tensor([1, 2]), t), { cube: n.pow(t, 3) }];
    expect(plain(n.derivative(curve as never)(2))).toEqual([[1, 2], { cube: 12 }]);
    expect(plain(n.derivative(curve as never, 2)(2))).toEqual([[0, 0], { cube: 12 }]);
  });

  it("vjp's pullback differentiates at the primals it was given, also after the caller changes a tensor argument in place (it read the changed data)", () => {
    // f(V) = Σ (V·V): ∂f/∂V = 1·Vᵀ + Vᵀ·1 (1 the all-ones matrix), at V = [[1, 2], [3, 4]].
    const V = n.tensor([[1, 2], [3, 4]]);
    const f = (v: n.Value) => n.sum(n.matmul(v, v));
    const expected = [[1 + 2 + 1 + 3, 3 + 4 + 1 + 3], [1 + 2 + 2 + 4, 3 + 4 + 2 + 4]];
    expect((n.grad(f as never)(V) as n.Tensor).toArray()).toEqual(expected);
    const [value, pullback] = n.vjp(f as never, V);
    const params = { W: n.tensor([1, 2]), b: [n.tensor([3])] };
    const [, pullbackTree] = n.vjp(((p: { W: n.Value; b: n.Value[] }) => n.sum(n.mul(n.mul(p.W, p.W), p.b[0]))) as never, params);
    V.data[0] = 5;
    params.W.data[1] = 10;
    params.b[0].data[0] = -1;
    // V·V = [[7, 10], [15, 22]].
    expect(value).toBe(7 + 10 + 15 + 22);
    expect((pullback(1)[0] as n.Tensor).toArray()).toEqual(expected);
    // ∂/∂W Σ W²·b = 2W·b = [6, 12]; ∂/∂b = Σ W² = 5.
    const [g] = pullbackTree(1) as [{ W: n.Tensor; b: n.Tensor[] }];
    expect([g.W.toArray(), g.b[0].toArray()]).toEqual([[6, 12], [5]]);
  });

  it("vjp's pullback is differentiable in its cotangent: grad, jacfwd, jacrev and jvp through a pullback made outside (they read 0)", () => {
    // f(u) = u ⊙ u at u = [1, 2]: pullback(c) = [2u ⊙ c] = [[2c₀, 4c₁]], linear in c.
    const [, pullback] = n.vjp(((u: n.Value) => n.mul(u, u)) as never, [1, 2]);
    const first = (c: unknown) => (pullback(c) as n.Value[])[0];
    expect(n.grad((c: n.Value) => n.sum(first(c) as never))([1, 1])).toEqual([2, 4]);
    expect(n.jacfwd(first as never)([1, 1])).toEqual([[2, 0], [0, 4]]);
    expect(n.jacrev(first as never)([1, 1])).toEqual([[2, 0], [0, 4]]);
    expect(n.jvp(first as never, [[1, 1]], [[1, 0]])).toEqual([[2, 4], [2, 0]]);
    expect(pullback([1, 1])).toEqual([[2, 4]]); // a plain cotangent is as before
    // Arguments and results as trees: f(x, q) = { a: A·x, b: q.s·Σx } at x = [1, 1], s = 3, with
    // the cotangent { a: c, b: c₀c₁ }: Σ(∂/∂x) + ∂/∂s = 3c₀ + 7c₁ + 6c₀c₁ + 2c₀c₁, gradient [3 + 8c₁, 7 + 8c₀].
    const A = n.tensor([[1, 2], [3, 4]]);
    const [, pb2] = n.vjp(((x: n.Value, q: { s: n.Value }) => ({ a: n.matmul(A, x), b: n.mul(q.s, n.sum(x)) })) as never, n.tensor([1, 1]), { s: 3 });
    const L = (c: n.Value[]) => {
      const [gx, gq] = pb2({ a: c, b: n.mul(c[0], c[1]) }) as [n.Value, { s: n.Value }];
      return n.add(n.sum(gx), gq.s);
    };
    close(n.grad(L as never)([1, 0]), [3, 15], 1e-14);
    close(n.grad(L as never)([0.5, 2]), [19, 11], 1e-14);
  });

  it("jvp and vjp take an object or a list of parameters ({ W, b }, [W, b]) with tangents of the same shape, as grad does (it was 'primal 0 is an object')", () => {
    // L(W, b) = Σ (W·x + b)² with x = [1, 2]; r = W·x + b. ∂L/∂W = 2 r xᵀ, ∂L/∂b = 2 r.
    const x = [1, 2];
    const L = (p: { W: n.Value; b: n.Value }) => n.sum(n.pow(n.add(n.matmul(p.W, x), p.b), 2));
    const params = { W: [[1, 0], [2, -1]], b: [0.5, -1] };
    const r = [1.5, -1];
    const gW = [[2 * r[0] * 1, 2 * r[0] * 2], [2 * r[1] * 1, 2 * r[1] * 2]];
    const gb = [2 * r[0], 2 * r[1]];
    const [value, pullback] = n.vjp(L as never, params);
    expect(value).toBe(r[0] ** 2 + r[1] ** 2);
    expect(pullback(1)).toEqual([{ W: gW, b: gb }]);
    // J·u for u = (dW, db) is Σ ∂L/∂θ · u.
    const u = { W: [[1, 0], [0, 1]], b: [1, 1] };
    const [, Lu] = n.jvp(L as never, [params], [u]) as [number, number];
    expect(Lu).toBe(gW[0][0] + gW[1][1] + gb[0] + gb[1]);
    const [, Lu2] = n.jvp(((ps: n.Value[]) => L({ W: ps[0], b: ps[1] })) as never, [[n.tensor(params.W), params.b]], [[n.tensor(u.W), u.b]]) as [number, number];
    expect(Lu2).toBe(Lu);
    expect(() => n.jvp(L as never, [params], [{ W: u.W }])).toThrow("jvp: tangent 0 lacks the key b (primal 0 has W, b)");
  });

  it("hessian of a vector-valued f gives one Hessian per output, S_out ++ S ++ S, as JAX's (it was 'hessian needs a scalar result')", () => {
    // f(x) = [x₀²x₁, sin x₀ + x₁³] at [1, 2]: H₀ = [[2x₁, 2x₀], [2x₀, 0]], H₁ = [[−sin x₀, 0], [0, 6x₁]].
    const f = (x: n.Value[]) => [n.mul(n.mul(x[0], x[0]), x[1]), n.add(n.sin(x[0]), n.pow(x[1], 3))];
    const expected = [[[4, 2], [2, 0]], [[-Math.sin(1), 0], [0, 12]]];
    close(n.hessian(f as never)([1, 2]), expected, 1e-14);
    close(n.hessian(f as never, { mode: "forward-over-reverse" } as never)([1, 2]), expected, 1e-14);
    close((n.hessian(((x: n.Value) => n.mul(x, n.mul(x, x))) as never)(n.tensor([1, 2])) as n.Tensor).toArray(), [[[6, 0], [0, 0]], [[0, 0], [0, 12]]], 1e-14);
    // A scalar f is as before.
    expect(n.hessian(((x: n.Value[]) => n.mul(x[0], x[1])) as never)([1, 2])).toEqual([[0, 1], [1, 0]]);
  });

  it("hessian of f returning an object or a list of outputs gives one Hessian per output, as the README says (it was 'f's result is an object')", () => {
    // f(x) = { a: x₀²x₁, b: [sin x₀ + x₁³, Σxᵢ²] } at [1, 2]: H_a = [[2x₁, 2x₀], [2x₀, 0]],
    // H_b = [[[−sin x₀, 0], [0, 6x₁]], [[2, 0], [0, 2]]].
    const f = (x: n.Value[]) => ({ a: n.mul(n.mul(x[0], x[0]), x[1]), b: [n.add(n.sin(x[0]), n.pow(x[1], 3)), n.sum(n.mul(x as never, x as never))] });
    const expected = { a: [[4, 2], [2, 0]], b: [[[-Math.sin(1), 0], [0, 12]], [[2, 0], [0, 2]]] };
    for (const mode of ["reverse-over-reverse", "forward-over-reverse"] as const) {
      const H = n.hessian(f as never, { mode } as never)([1, 2]) as { a: number[][]; b: number[][][] };
      close(H.a, expected.a, 1e-14);
      close(H.b, expected.b, 1e-14);
    }
    // A number in, a record out: d²(x³)/dx² = 6x; objects of parameters in, one Hessian per output, blocks per field inside it.
    expect(n.hessian(((x: n.Value) => ({ cube: n.mul(x, n.mul(x, x)) })) as never)(2)).toEqual({ cube: 12 });
    const H = n.hessian(((q: { a: n.Value; b: n.Value }) => ({ u: n.mul(q.a, n.mul(q.b, q.b)) })) as never)({ a: 1, b: 2 }) as { u: Record<string, Record<string, number>> };
    expect([H.u.a.a, H.u.a.b, H.u.b.a, H.u.b.b]).toEqual([0, 4, 4, 2]);
  });

  it("hessian is symmetric and hvp = H·v", () => {
    const f = (x: n.Value[]) => n.add(n.mul(n.sin(x[0]), n.pow(x[1], 3)), n.mul(x[0], n.exp(x[1])));
    const x = [0.4, 0.9];
    const H = n.hessian(f as never)(x) as number[][];
    close(H[0][1], H[1][0], 1e-13);
    close(H, n.hessian(f as never, { mode: "forward-over-reverse" } as never)(x), 1e-13);
    const v = [0.3, -0.7];
    const Hv = n.hvp(f as never)(x, v) as number[];
    close(Hv, [H[0][0] * v[0] + H[0][1] * v[1], H[1][0] * v[0] + H[1][1] * v[1]], 1e-13);
  });

  it("checkGrad reports agreement with central differences", () => {
    const report = n.checkGrad((x: n.Value[]) => n.mul(n.sin(x[0]), x[1]), [0.5, 2]);
    expect(report.ok).toBe(true);
    expect(report.maxAbsError).toBeLessThan(1e-8);
    expect(report.ad).toEqual([2 * Math.cos(0.5), Math.sin(0.5)]);
    expect(String(report)).toMatch(/checkGrad: ok/);
    const bundle = (report as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")]();
    expect(bundle["text/html"]).toMatch(/✔ checkGrad: AD agrees with central differences/);
    expect(bundle["text/html"].match(/<tr>/g)).toHaveLength(3);
  });
});

describe("expectClose, for notebooks that check themselves", () => {
  it("passes with a line naming the check, and throws with the gap when wrong", () => {
    expect(String(n.expectClose(n.grad((x: n.Value[]) => n.mul(x[0], x[1]))([3, 4]), [4, 3], 1e-12, "∇(x₁x₂)"))).toBe("✔ ∇(x₁x₂): [4, 3] ≈ [4, 3]");
    expect(() => n.expectClose(3.1, 3, 1e-3, "pi-ish")).toThrow("✘ pi-ish: got 3.1, expected 3 (relative gap 3.33e-2 > 0.001)");
    // An options object as the tolerance failed every check: "relative gap 0.00e+0 > [object Object]".
    expect(() => n.expectClose(1, 1, { rtol: 1e-6 } as never)).toThrow("expectClose: the tolerance (third argument) must be a non-negative number, such as 1e-6, got an object (Object)");
    expect(() => n.expectClose([1, 2], [1], 1e-9)).toThrow(/got 2 values, expected 1/);
    expect(() => n.expectClose(NaN, 1)).toThrow(n.CheckFailedError);
  });
  // grad of an object of parameters gives an object, and comparing it threw
  // "expectClose: cannot compare [object Object]".
  it("compares objects of parameters field by field, by name", () => {
    const g = n.grad((p: { w: number; b: number }) => n.pow(n.add(n.mul(p.w, 3), p.b), 2))({ w: 2, b: -1 });
    expect(String(n.expectClose(g, { b: 10, w: 30 }, 0, "∇"))).toBe("✔ ∇: { b: 10, w: 30 } ≈ { b: 10, w: 30 }");
    expect(() => n.expectClose(g, { w: 10, b: 30 }, 1e-9, "swapped")).toThrow(/^✘ swapped: got \{ w: 30, b: 10 \}, expected \{ w: 10, b: 30 \}/);
    expect(() => n.expectClose(g, { w: 30 }, 0, "fields")).toThrow("✘ fields: got fields w, b, expected w");
    expect(() => n.expectClose(g, [30, 10], 0, "array")).toThrow("✘ array: got fields w, b, expected a plain value");
    // Tensors in fields, nested objects and lists of them.
    const J = n.jacobian((t: n.Tensor) => ({ loss: n.sum(n.mul(t, t)), pred: n.mul(t, 2) }))(n.tensor([1, 2]));
    expect(n.expectClose(J, { loss: [2, 4], pred: [[2, 0], [0, 2]] }, 0).message).toBe("✔ check: { loss: [2, 4], pred: [[2, 0], [0, 2]] } ≈ { loss: [2, 4], pred: [[2, 0], [0, 2]] }");
    expect(() => n.expectClose({ layers: [{ W: n.tensor([1, 2]) }] }, { layers: [{ W: [1, 3] }] }, 1e-9, "deep")).toThrow(/^✘ deep: got \{ layers\[0\]\.W: \[1, 2\] \}/);
    expect(() => n.expectClose({ W: [1, 2] }, { W: [1, 2, 3] }, 0, "size")).toThrow("✘ size: got 2 values in W, expected 3");
    expect(() => n.expectClose(new Map(), 1)).toThrow("expectClose: cannot compare an object (Map); it compares numbers, arrays, tensors and objects of them");
  });
  // Compared as flat lists of entries, a 1×2 Jacobian passed as the gradient [2, 1] and a
  // column as a row: the layout a check was meant to pin down went unchecked.
  it("fails on a shape that differs, though the entries agree, and shows matrices as rows", () => {
    const J = n.jacobian((x: number[]) => [n.mul(x[0], x[1])])([1, 2]);
    expect(() => n.expectClose(J, [2, 1], 0, "∇ or J")).toThrow("✘ ∇ or J: got shape (1×2), expected (2)");
    expect(() => n.expectClose(n.tensor([[1], [2]]), [[1, 2]], 0, "column")).toThrow("✘ column: got shape (2×1), expected (1×2)");
    expect(() => n.expectClose({ W: n.tensor([[1, 2]]) }, { W: [1, 2] }, 0, "field")).toThrow("✘ field: got shape (1×2) in W, expected (2)");
    // One number and a one-entry array are the same answer; a ragged array compares entry by entry.
    expect(n.expectClose(5, [[5]], 0).message).toBe("✔ check: 5 ≈ 5");
    expect(n.expectClose([[1], [2, 3]], [1, 2, 3], 0).message).toBe("✔ check: [1, 2, 3] ≈ [1, 2, 3]");
    const J3 = n.jacobian((x: number[]) => [n.add(n.pow(x[0], 2), x[1]), n.mul(x[0], x[1]), n.sin(x[0])])([1, 0]);
    expect(n.expectClose(J3, [[2, 1], [0, 1], [Math.cos(1), 0]], 0, "J").message).toBe(`✔ J: [[2, 1], [0, 1], [${Math.cos(1)}, 0]] ≈ [[2, 1], [0, 1], [${Math.cos(1)}, 0]]`);
  });
});

describe("bad input gets a clear error", () => {
  it("f returning undefined, a string or a vector to grad", () => {
    expect(() => n.grad(() => undefined)(1)).toThrow(/returned undefined.*forget `return`/);
    expect(() => n.grad(() => "x")(1)).toThrow(/returned the string "x"/);
    expect(() => n.grad((x: n.Value[]) => x)([1, 2])).toThrow(/shape \(2\).*use jacobian/);
  });
  it("something other than a function to differentiate, named when the derivative is made", () => {
    expect(() => n.grad(5 as never)).toThrow("grad: expected a function to differentiate, got number 5");
    expect(() => n.jacobian("f" as never)).toThrow('jacobian: expected a function to differentiate, got the string "f"');
    for (const [name, make] of [["valueAndGrad", n.valueAndGrad], ["jacfwd", n.jacfwd], ["jacrev", n.jacrev], ["hessian", n.hessian], ["hvp", n.hvp], ["derivative", n.derivative]] as const) {
      expect(() => (make as (f: unknown) => unknown)(null), name).toThrow(`${name}: expected a function to differentiate, got null`);
    }
    expect(() => n.jvp([1] as never, [1], [1])).toThrow(/jvp: expected a function to differentiate, got an array/);
    expect(() => n.vjp({} as never, 1)).toThrow(/vjp: expected a function to differentiate, got an object/);
    expect(() => n.checkGrad(undefined as never, [1])).toThrow(/checkGrad: expected a function/);
  });
  it("an undefined operand, most often x[i] of a tensor, says how to read an entry (it was 'got undefined undefined')", () => {
    expect(() => n.grad(((x: n.Value[]) => n.mul(x[0], 2)) as never)(n.tensor([1, 2]))).toThrow(
      "mul: expected numbers or tensors, got undefined (x[i] of a tensor is undefined: read an entry with x.get(i) or x.at(i)) and number 2",
    );
    expect(() => n.sin(undefined as never)).toThrow(/^sin: expected a number or a tensor, got undefined \(x\[i\] of a tensor/);
  });

  it("the function the user called is named; by-hand values and constructors check their input", () => {
    // (A vector-valued f has a Hessian per output now; a string is still an error.)
    expect(() => n.hessian((() => "x") as never)([1, 2])).toThrow(/^hessian: f returned the string "x"/);
    expect(() => n.hvp((x: n.Value[]) => x)([1, 2], [1, 0])).toThrow(/^hvp: f returned a value of shape \(2\)/);
    // These named jacrev and jvp, which hessian and hvp are built on.
    expect(() => n.hessian((x: n.Value) => x)("a" as never)).toThrow(/^hessian: argument 0 is the string "a"/);
    expect(() => n.hvp((x: n.Value) => x)("a", [1])).toThrow(/^hvp: x is the string "a"/);
    expect(() => n.hvp((x: n.Value[]) => x[0])([1], [1, 2])).toThrow("hvp: v has shape (2) but x has shape (1)");
    expect(() => n.derivative((x: n.Value) => x)([1, 2] as never)).toThrow("derivative: x is an array of 2; derivative is for functions of one real variable — use grad, jacobian or jvp for arrays and tensors");
    expect(n.derivative(n.sin as never, 2)(1)).toBeCloseTo(-Math.sin(1), 15);
    expect(() => n.variable("x" as never)).toThrow('variable: expected a number, an array of numbers or a tensor, got the string "x"');
    expect(() => n.dual("x" as never)).toThrow('dual: the value must be a number, an array of numbers or a tensor, got the string "x"');
    expect(() => n.dual([1, 2], [1, 2, 3])).toThrow("dual: the tangent has shape (3) but the value has shape (2)");
    expect((n.dual([1, 2]).tangent as n.Tensor).toArray()).toEqual([1, 1]);
    expect(() => n.linspace(0, 1, -3)).toThrow("linspace: the number of points must be a non-negative integer, got -3");
    expect(() => n.outer([[1, 2]], [1])).toThrow("outer: expected two vectors, got shapes (1×2) and (1)");
    expect(() => n.broadcastTo([1, 2, 3], [2, 2])).toThrow("broadcastTo: shape (3) cannot be broadcast to (2×2)");
    expect((n.broadcastTo([1, 2], [2, 2]) as n.Tensor).toArray()).toEqual([[1, 2], [1, 2]]);
    // Both made tensors whose data did not fill their shape.
    expect(() => n.broadcastTo([1, 2], [1.5, 2])).toThrow("broadcastTo: shape must be an array of non-negative integers, such as [2, 3], got [1.5, 2]");
    expect(() => n.pack([1, 2, 3], [2, 2])).toThrow("pack: 3 values do not fill shape (2×2)");
    // zeros([1e5, 1e5]) said only "Invalid typed array length: 10000000000"; at 2³² numbers V8
    // says "Array buffer allocation failed". Both now name the call and its size (8 bytes a number).
    expect(() => n.zeros([1e5, 1e5])).toThrow("zeros([100000, 100000]) needs 10,000,000,000 numbers (80 GB), more than the 268,435,456 numbers (2.15 GB) a tensor may hold");
    expect(() => n.randn([3, 2 ** 31])).toThrow("randn([3, 2147483648]) needs 6,442,450,944 numbers (51.5 GB)");
    expect(() => n.full([2 ** 16, 2 ** 16, 2], 1)).toThrow(RangeError);
    // matmul and outer said V8's "Invalid typed array length: 10000000000".
    expect(() => n.matmul(n.ones([1e5, 1]), n.ones([1, 1e5]))).toThrow("matmul: (100000×1)·(1×100000) gives a 100000×100000 result, which needs 10,000,000,000 numbers (80 GB)");
    expect(() => n.outer(n.ones([1e5]), n.ones([1e5]))).toThrow(/^outer: .* needs 10,000,000,000 numbers \(80 GB\)/);
    expect(() => n.kron(n.ones([400, 400]), n.ones([400, 400]))).toThrow("kron: (400×400) ⊗ (400×400) gives a 160000×160000 result, which needs 25,600,000,000 numbers (205 GB)");
    expect(() => n.add(n.ones([1e5, 1]), n.ones([1, 1e5]))).toThrow("add of shapes (100000×1) and (1×100000), broadcast to (100000×100000), needs 10,000,000,000 numbers (80 GB)");
    // A size that fits is made as before: the seed's sequence, in order.
    expect(Array.from(n.rand([3], 5).data)).toEqual(Array.from({ length: 3 }, uniformGenerator(5)));
    expect(Array.from(n.randn([2, 2], 9).data)).toEqual(Array.from({ length: 4 }, normalGenerator(uniformGenerator(9))));
    // full([2], "a") was a tensor of NaN.
    expect(() => n.full([2], "a" as never)).toThrow('full: the fill value must be a number, got the string "a"');
    expect(() => n.full([2], n.variable(2) as never)).toThrow("mul(value, ones(shape)) keeps its derivative");
  });
  it("new Tensor(shape, data) checks that data fills the shape (a short one read NaN or crashed the display; a number shape failed as 'shape.join is not a function')", () => {
    expect(() => new n.Tensor([2, 2], new Float64Array(3))).toThrow("new Tensor: shape [2, 2] holds 4 elements but data has 3");
    expect(() => new n.Tensor([2, -1], new Float64Array(3))).toThrow("new Tensor: shape must be an array of non-negative integers, such as [2, 3], got [2, -1]");
    expect(() => new n.Tensor(3 as never, new Float64Array(3))).toThrow("new Tensor: shape must be an array of non-negative integers, such as [2, 3], got number 3");
    expect(() => new n.Tensor([2], ["a", "b"] as never)).toThrow(/^new Tensor: data must be a Float64Array \(or an array of numbers\)/);
    // A Float64Array is shared; other arrays of numbers are copied into one.
    const data = new Float64Array([1, 2, 3, 4]);
    const shared = new n.Tensor([2, 2], data);
    data[3] = 40;
    expect(shared.toArray()).toEqual([[1, 2], [3, 40]]);
    const copied = new n.Tensor([3], [1, 2, 3] as never);
    expect(copied.data).toBeInstanceOf(Float64Array);
    expect(n.sum(n.mul(copied, new n.Tensor([3], new Float32Array([1, 10, 100]) as never)))).toBe(321);
    expect(new n.Tensor([], new Float64Array([5])).toArray()).toBe(5);
  });
  it("non-numeric arguments and mismatched tangents", () => {
    expect(() => n.grad((x: n.Value) => x)("a" as never)).toThrow(/argument 0 is the string "a"/);
    expect(() => n.jvp((x: n.Value[]) => x[0], [[1, 2]], [[1]])).toThrow(/tangent 0 has shape \(1\) but primal 0 has shape \(2\)/);
  });
  it("shape mismatches name the operation and both shapes", () => {
    expect(() => n.matmul([[1, 2], [3, 4], [5, 6]], [[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]])).toThrow("matmul: (3×2)·(3×4): inner dimensions 2 and 3 differ");
    expect(() => n.add(n.tensor([[1, 2, 3], [4, 5, 6]]), n.tensor([1, 2, 3, 4]))).toThrow("add: shapes (2×3) and (4) cannot be broadcast");
    expect(() => n.dot([1, 2], [1, 2, 3])).toThrow("dot: vectors of lengths 2 and 3 differ");
  });
  it("a broadcast error says what was meant: a row statistic without keepDims, a bias as a column (both said only 'cannot be broadcast')", () => {
    const logits = n.ones([4, 3]);
    expect(() => n.div(n.exp(logits), n.sum(n.exp(logits), 1))).toThrow(
      "div: shapes (4×3) and (4) cannot be broadcast; (4) is lined up with the last axis of (4×3) — to go along its first axes give it shape (4×1): keep the reduced axis (sum(x, axis, true), keepDims) or reshape",
    );
    expect(() => n.add(logits, n.zeros([3, 1]))).toThrow("add: shapes (4×3) and (3×1) cannot be broadcast; to go along the last axes of (4×3), (3×1) should have shape (3): reshape it");
    // With keepDims, and with the bias as a row, both work.
    expect(n.div(n.exp(logits), n.sum(n.exp(logits), 1, true)).toArray()[0]).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(n.add(logits, n.reshape(n.zeros([3, 1]), [3])).shape).toEqual([4, 3]);
  });
  it("dot of two vectors is a number; with a matrix operand it is NumPy's dot, the matrix product", () => {
    expect(n.dot([1, 2, 3], [4, 5, 6])).toBe(32);
    expect((n.dot(n.tensor([[1, 2], [3, 4]]), n.tensor([1, 1])) as unknown as n.Tensor).toArray()).toEqual([3, 7]);
    expect((n.dot([1, 1], [[1, 2], [3, 4]]) as unknown as n.Tensor).toArray()).toEqual([4, 6]);
    // Differentiable in both operands, as matmul is: ∂(xᵀAx)/∂x = (A + Aᵀ)x.
    const A = n.tensor([[2, 1], [0, 3]]);
    expect((n.grad((x: n.Value) => n.dot(x, n.dot(A, x)))(n.tensor([1, 2])) as n.Tensor).toArray()).toEqual([4 * 1 + 1 * 2, 1 * 1 + 6 * 2]); // A + Aᵀ = [[4, 1], [1, 6]]
  });
  // Operations built on others named the inner one: max, matmul, slogdet, logsumexp, full.
  it.each([
    ["maximum", () => n.maximum([1, 2], [1, 2, 3]), "maximum: shapes (2) and (3) cannot be broadcast"],
    ["minimum", () => n.minimum([1, 2], [1, 2, 3]), "minimum: shapes (2) and (3) cannot be broadcast"],
    ["clip", () => n.clip([1, 2], [1, 2, 3], 5), "clip: shapes (2) and (3) cannot be broadcast"],
    ["dot", () => n.dot([1, 2], [1, 2, 3]), "dot: vectors of lengths 2 and 3 differ"],

    ["dot of a matrix", () => n.dot([1, 2], [[1, 2], [3, 4], [5, 6]]), "dot: (2)·(3×2): inner dimensions 2 and 3 differ"],
    ["logdet", () => n.logdet([[1, 2, 3]]), "logdet: expected a square matrix, got shape (1×3)"],
    ["softmax", () => n.softmax([[1, 2]], 3), "softmax: axis 3 is out of range for a 2-d array"],
    ["logSoftmax", () => n.logSoftmax([[1, 2]], -3), "logSoftmax: axis -3 is out of range for a 2-d array"],
    ["eye", () => n.eye(-1), /^eye: /],
  ] as [string, () => unknown, string | RegExp][])("%s names itself in its errors", (_name, run, message) => {
    expect(run).toThrow(typeof message === "string" ? new RegExp(`^${message.replace(/[()[\]×·]/g, "\\$&")}$`) : message);
  });
  it("transpose takes negative axes, counted from the end as in NumPy", () => {
    const X = n.reshape(n.arange(24), [2, 3, 4]);
    expect(n.shape(n.transpose(X, [-1, 0, 1]))).toEqual([4, 2, 3]);
    expect(n.transpose(X, [-1, -3, -2])).toEqual(n.transpose(X, [2, 0, 1]));
    expect(() => n.transpose(X, [-4, 0, 1])).toThrow("transpose: axes [-4,0,1] are not a permutation of the 3 axes of (2×3×4)");
  });
  // A shape of [NaN, 3] or [0.5, 3] came back, and grad gave [0, 1, 1, 0] for slice(x, 1.5).
  it("slice bounds must be integers (or ±Infinity)", () => {
    const X = n.ones([4, 3]);
    expect(() => n.slice(X, 1.5)).toThrow("slice: the start 1.5 is not an integer (a row index along the first axis)");
    expect(() => n.slice(X, 0, NaN)).toThrow("slice: the stop NaN is not an integer");
    expect(() => n.slice(X, [0, 1] as never)).toThrow("slice: the start, an array of 2, is not an integer");
    expect(() => n.grad((x: n.Value) => n.sum(n.slice(x, 1.5)))([1, 2, 3, 4])).toThrow(n.ShapeError);
    expect(n.shape(n.slice(X, -Infinity, Infinity))).toEqual([4, 3]);
    expect(n.grad((x: n.Value) => n.sum(n.slice(x, 1, -1)))([1, 2, 3, 4])).toEqual([0, 1, 1, 0]);
  });
  // A cell's `x * 2` on an array argument: JavaScript joins the array into text (NaN), so
  // jacfwd gave [0, 0] and grad a derivative without x's entries.
  it.each([
    ["*", (x: n.Value[]) => n.operators.mul(x, 2)],
    ["+", (x: n.Value[]) => n.operators.add(n.operators.add(x, 1), x[0])],
    ["-", (x: n.Value[]) => n.operators.neg(x)],
    ["**", (x: n.Value[]) => n.operators.pow(2, x)],
  ] as [string, (x: n.Value[]) => unknown][])("operator %s on an array of differentiable values is a DerivativeLostError, not NaN", (op, f) => {
    const message = `operator ${op}: an array of differentiable values would be converted to text`;
    expect(() => n.jacfwd(f as never)([1, 2])).toThrow(message);
    expect(() => n.jacrev(f as never)([1, 2])).toThrow(message);
    expect(() => f([1, 2])).not.toThrow(); // plain arrays keep JavaScript's meaning
  });
  // A + b with b undefined gave the text "Tensor 2×2 …undefined"; dual * undefined a
  // DerivativeLostError blaming the dual number.
  it("an operator on a tensor or differentiable number and undefined, null, a boolean or an object is a TypeError naming both", () => {
    const A = n.tensor([[1, 2], [3, 4]]);
    expect(() => n.operators.add(A, undefined)).toThrow("operator +: a tensor of shape (2×2) and undefined; arithmetic needs numbers, tensors or arrays of numbers (is a variable not yet assigned, or an entry read past the end?)");
    expect(() => n.operators.mul(null, A)).toThrow("operator *: a tensor of shape (2×2) and null; arithmetic needs numbers, tensors or arrays of numbers");
    expect(() => n.grad((x: n.Value) => n.operators.mul(x, true))(2)).toThrow(/^operator \*: a differentiable number and boolean true; .*Number\(c\)/);
    expect(() => n.operators.sub(n.variable(1), {})).toThrow(TypeError);
    // Strings, numbers, arrays and plain operands keep their meaning.
    expect(n.operators.add("loss ", n.dual(1, 0))).toBe("loss Dual(1, 0)");
    expect(n.operators.add(1, null)).toBe(1);
    expect((n.operators.mul(A, [1, 2]) as n.Tensor).toArray()).toEqual([[1, 4], [3, 8]]);
  });
  it("singular matrices raise LinAlgError; NaN propagates", () => {
    expect(() => n.inv([[1, 2], [2, 4]])).toThrow(/singular/);
    expect(() => n.solve([[1, 2], [2, 4]], [1, 1])).toThrow(n.LinAlgError);
    expect(Number.isNaN(n.grad((x: n.Value) => n.mul(x, x))(NaN) as number)).toBe(true);
  });
  // cholesky read the lower triangle only: [[4, 1], [0, 4]] gave [[2, 0], [0, 2]] silently.
  it("cholesky and eigh of a matrix that is not symmetric raise LinAlgError naming the entries; rounding and NaN pass", () => {
    for (const name of ["cholesky", "eigh"] as const) {
      expect(() => (n[name] as (a: number[][]) => unknown)([[4, 1], [0, 4]])).toThrow(`${name}: the matrix is not symmetric (entries (1, 0) and (0, 1) differ)`);
    }
    const A = n.matmul(n.transpose(n.tensor([[1.1, 0.3], [0.7, 2.9]])), n.tensor([[1.1, 0.3], [0.7, 2.9]])) as n.Tensor;
    const L = n.cholesky(n.add(A, n.tensor([[0, 1e-14], [0, 0]]))) as n.Tensor;
    close((n.matmul(L, n.transpose(L)) as n.Tensor).toArray(), A.toArray(), 1e-12);
    expect((n.cholesky([[NaN, 0], [0, 1]]) as n.Tensor).toArray().flat().every(Number.isNaN)).toBe(true);
  });
  // max over a tensor holding NaN is NaN; its gradient was [0, 0], hiding the NaN from an optimiser.
  it.each([
    ["max", (x: n.Value) => n.max(x), [NaN, 1]],
    ["min", (x: n.Value) => n.min(x), [2, NaN, 1]],
    ["max over an axis", (x: n.Value) => n.sum(n.max(x, 0)), [NaN, 1]],
  ] as [string, (x: n.Value) => n.Value, number[]][])("%s: a NaN entry gives NaN derivatives in both modes", (_name, f, x) => {
    for (const g of [n.grad(f)(x), n.jacfwd(f)(x)] as number[][]) expect(g.every(Number.isNaN)).toBe(true);
  });
});

type V = n.Value;

describe("argnums listing an argument twice", () => {
  it("grad((a, b) => a·b, { argnums: [0, 0] })(2, 3) is [3, 3], as jacobian gives (the first read 0)", () => {
    expect(n.grad((a: V, b: V) => n.mul(a, b), { argnums: [0, 0] })(2, 3)).toEqual([3, 3]);
    expect(n.jacobian((a: V, b: V) => n.mul(a, b), { argnums: [0, 0] })(2, 3)).toEqual([3, 3]);
    const [value, grads] = n.valueAndGrad((a: V, b: V) => n.mul(n.mul(a, a), b), { argnums: [1, 0, 1] })(2, 3);
    expect([value, grads]).toEqual([12, [4, 12, 4]]);
  });
});

describe("backward(y, seed): the seed is y's cotangent, of y's shape", () => {
  const square = () => { const v = n.variable(n.tensor([1, 2])); return { v, y: n.mul(v, v) }; };
  it("a seed of y's shape, tensor or array, gives seedᵢ·2vᵢ", () => {
    for (const seed of [n.tensor([1, 10]), [1, 10]]) {
      const { v, y } = square();
      n.backward(y, seed);
      expect((v.grad as n.Tensor).toArray()).toEqual([2, 40]);
    }
  });
  it.each([
    ["(3) for y of shape (2) (it used the first two entries)", n.tensor([1, 10, 3]), /the seed has shape \(3\) but y has shape \(2\)/],
    ["(1) for y of shape (2) (it gave NaN)", n.tensor([1]), /the seed has shape \(1\) but y has shape \(2\)/],
    ["(1×2) for y of shape (2)", n.tensor([[1, 10]]), /the seed has shape \(1×2\)/],
    ["a number for y of shape (2)", 5, /the seed has shape \(\) but y has shape \(2\)/],
  ])("a seed of shape %s is an error", (_what, seed, message) => {
    const { y } = square();
    expect(() => n.backward(y, seed)).toThrow(message);
  });
  it("a tensor seed for a scalar y is an error (the scalar's .grad became a tensor)", () => {
    const v = n.variable(3);
    expect(() => n.backward(n.mul(v, v), n.tensor([2, 3]))).toThrow(/the seed has shape \(2\) but y has shape \(\)/);
    n.backward(n.mul(v, v), 2);
    expect(v.grad).toBe(12);
  });
});

describe("checkGrad", () => {
  it("checkGrad(f, 2, 3) for f of two arguments says how to fix the second (it called f(2) and failed on undefined)", () => {
    expect(() => n.checkGrad((a: V, b: V) => n.mul(a, b), 2, 3 as never)).toThrow(/checkGrad: the third argument is the options \{ rtol, atol, step \}, got number 3/);
    const report = n.checkGrad((a: V) => n.mul(a, 3), 2);
    expect([report.ok, report.ad]).toEqual([true, [3]]);
  });

  // [name, f, x, f′(x)]: AD is right in every row, so checkGrad must say ok.
  const awkward: [string, (x: V) => V, number, number][] = [
    ["log x at 1e-3 (the step 6e-6 was too coarse: 1.2e-5 relative error)", (x) => n.log(x), 1e-3, 1e3],
    ["√x at 1e-7 (x − h was negative: NaN)", (x) => n.sqrt(x), 1e-7, 0.5 / Math.sqrt(1e-7)],
    ["1/x at 1e-4", (x) => n.div(1, x), 1e-4, -1e8],
    ["x⁻² at 1e-3", (x) => n.pow(x, -2), 1e-3, -2e9],
    // And the cases a step relative to x alone gets wrong, which must stay ok:
    ["cos x at 1e-7", (x) => n.cos(x), 1e-7, -Math.sin(1e-7)],
    ["x + 1000 at 1e-7", (x) => n.add(x, 1000), 1e-7, 1],
    ["x² at 1e8", (x) => n.mul(x, x), 1e8, 2e8],
    ["sin x at 0", (x) => n.sin(x), 0, 1],
  ];
  it.each(awkward)("a right gradient near a singularity or at a small x is ok: %s", (_name, f, x, expected) => {
    const report = n.checkGrad(f, x);
    expect(report.ok, String(report)).toBe(true);
    close(report.numeric[0], expected, 1e-5);
  });

  it("a wrong gradient at a small x is still found", () => {
    // x·c(x) with c held constant: AD gives x, the derivative of x² is 2x.
    const report = n.checkGrad((x: V) => n.mul(x, n.stopGradient(x)), 1e-3);
    expect(report.ok).toBe(false);
    close(report.numeric[0], 2e-3, 1e-6);
  });

  it("finds a gradient that stopGradient made wrong, on a tensor", () => {
    const report = n.checkGrad((x: V) => n.sum(n.mul(x, n.stopGradient(x))), n.tensor([[1, 2], [3, 4]]));
    expect(report.ok).toBe(false);
    expect(report.ad).toEqual([1, 2, 3, 4]);
    close(report.numeric, [2, 4, 6, 8], 1e-8);
  });
});

describe("hvp", () => {
  it("hvp(f)(x, v) = H·v; hvp(f, x, v) is an error (it returned a function)", () => {
    const f = (x: V) => n.sum(n.mul(x, n.mul(x, x)));
    expect((n.hvp(f)(n.tensor([1, 2]), n.tensor([1, 1])) as n.Tensor).toArray()).toEqual([6, 12]);
    expect(() => (n.hvp as (...a: unknown[]) => unknown)(f, n.tensor([1, 2]), n.tensor([1, 1]))).toThrow("hvp: hvp(f) is the function (x, v) => H·v; call it as hvp(f)(x, v)");
  });

  it("jacobian, jacfwd, jacrev and hessian in an object or a list of parameters give one block per field, in its shape (it was 'argument 0 is an object')", () => {
    // f(p) = [w²·v₀, v₁³] with p = { w, v: [v₀, v₁] } at w = 2, v = [3, 4]:
    // ∂f/∂w = [2w·v₀, 0] = [12, 0]; ∂f/∂v = [[w², 0], [0, 3v₁²]] = [[4, 0], [0, 48]].
    const f = (p: { w: V; v: V[] }) => [n.mul(n.mul(p.w, p.w), p.v[0]), n.pow(p.v[1], 3)];
    const p = { w: 2, v: [3, 4] };
    for (const jac of [n.jacobian, n.jacfwd, n.jacrev]) {
      expect(jac(f as never)(p)).toEqual({ w: [12, 0], v: [[4, 0], [0, 48]] });
      expect(jac(((q: typeof p, scale: number) => n.mul(scale, n.sum(f(q as never) as never))) as never, { argnums: [1, 0] })(p, 2)).toEqual([4 * 3 + 64, { w: 24, v: [8, 96] }]);
    }
    // g(p) = w²·v₀ + v₁³: H.w.w = 2v₀, H.w.v = [2w, 0], H.v.v = [[0, 0], [0, 6v₁]].
    const g = (q: { w: V; v: V[] }) => n.add(n.mul(n.mul(q.w, q.w), q.v[0]), n.pow(q.v[1], 3));
    const expected = { w: { w: 6, v: [4, 0] }, v: [{ w: 4, v: [0, 0] }, { w: 0, v: [0, 24] }] };
    close(flatten(n.hessian(g as never)(p)), flatten(expected), 0);
    close(flatten(n.hessian(g as never, { mode: "forward-over-reverse" } as never)(p)), flatten(expected), 0);
    // With argnums, the blocks between an object and a number.
    const h = (q: { w: V; v: V[] }, s: V) => n.mul(s, g(q));
    const [[Hqq, Hqs], [Hsq, Hss]] = n.hessian(h as never, { argnums: [0, 1] })(p, 1) as unknown[][];
    close(flatten(Hqq), flatten(expected), 0);
    expect([Hqs, Hsq, Hss]).toEqual([{ w: 12, v: [4, 48] }, { w: 12, v: [4, 48] }, 0]);
  });

  it("an object of outputs of an object of parameters nests output outside, J.u.a = ∂u/∂a, as S_out ++ S_in and as an array argument does (it was J.a.u)", () => {
    // f(q) = { u: a·b², v: [a, b³] } at a = 2, b = 3 (v is one array output of shape (2)):
    // ∂u/∂a = b² = 9, ∂u/∂b = 2ab = 12; ∂v/∂a = [1, 0], ∂v/∂b = [0, 3b²] = [0, 27].
    const f = (q: { a: V; b: V }) => ({ u: n.mul(q.a, n.mul(q.b, q.b)), v: [q.a, n.pow(q.b, 3)] });
    const expected = { u: { a: 9, b: 12 }, v: { a: [1, 0], b: [0, 27] } };
    for (const jac of [n.jacobian, n.jacfwd, n.jacrev]) {
      expect(jac(f as never)({ a: 2, b: 3 })).toEqual(expected);
      // The same function of an array [a, b] has the output outside too: J.u = [∂u/∂a, ∂u/∂b].
      expect(jac(((x: V[]) => f({ a: x[0], b: x[1] })) as never)([2, 3])).toEqual({ u: [9, 12], v: [[1, 0], [0, 27]] });
      // A list of outputs, a list of parameters: J[output][parameter].
      expect(jac(((ps: [V, V[]]) => [n.mul(ps[0], ps[1][0]), [ps[0], ps[1][0]]]) as never)([2, [3]])).toEqual([[3, [2]], [[1, 0], [[0], [1]]]]);
    }
    // Hessian: H.u.a.b = ∂²u/∂a∂b = 2b = 6, H.u.b.b = 2a = 4, H.u.a.a = 0; H.v.b.b = [0, 6b] = [0, 18].
    for (const mode of ["reverse-over-reverse", "forward-over-reverse"] as const) {
      const H = n.hessian(f as never, { mode } as never)({ a: 2, b: 3 }) as { u: Record<string, Record<string, number>>; v: Record<string, Record<string, number[]>> };
      expect([H.u.a.a, H.u.a.b, H.u.b.a, H.u.b.b]).toEqual([0, 6, 6, 4]);
      expect([H.v.a.a, H.v.a.b, H.v.b.b]).toEqual([[0, 0], [0, 0], [0, 18]]);
    }
  });

  it("a tangent or a cotangent of another list or object shape than the primal or the result is an error naming the keys (an extra key was ignored; a number for an object said 'tangent 0.a is undefined')", () => {
    const f = (p: { a: V; b: V }) => ({ s: n.mul(p.a, p.b), t: [p.a, p.b] });
    const p = { a: 2, b: 3 };
    // The right shapes: J·u with u = (1, 0) is ∂/∂a = { s: b, t: [1, 0] }; cᵀJ with c = { s: 1, t: [0, 1] } is (b, a + 1).
    expect(n.jvp(f as never, [p], [{ a: 1, b: 0 }])).toEqual([{ s: 6, t: [2, 3] }, { s: 3, t: [1, 0] }]);
    const [, pullback] = n.vjp(f as never, p);
    expect(pullback({ s: 1, t: [0, 1] })).toEqual([{ a: 3, b: 3 }]);
    expect(() => n.jvp(f as never, [p], [{ a: 1, b: 0, c: 1 }])).toThrow("jvp: tangent 0 has the key c, which primal 0 has not (primal 0 has a, b)");
    expect(() => n.jvp(f as never, [p], [{ a: 1 }])).toThrow("jvp: tangent 0 lacks the key b (primal 0 has a, b)");
    expect(() => n.jvp(f as never, [p], [1])).toThrow("jvp: tangent 0 is number 1 but primal 0 is an object of a, b");
    expect(() => n.jvp(((ps: V[][]) => ps[0][0]) as never, [[[1], [2, 3]]], [[[1]]])).toThrow("jvp: tangent 0 has 1 entries but primal 0 has 2");
    expect(() => pullback({ s: 1, t: [0, 1], loss: 1 })).toThrow("vjp: the cotangent has the key loss, which f's result has not (f's result has s, t)");
    expect(() => pullback([1, [0, 1]])).toThrow("vjp: the cotangent is an array of 2 but f's result is an object of s, t");
    // hvp takes v as jvp takes its tangent.
    expect(() => n.hvp(((q: { a: V; b: V }) => n.mul(q.a, q.b)) as never)(p, { a: 1, c: 0 })).toThrow("jvp: tangent 0 lacks the key b and has the key c, which primal 0 has not (primal 0 has a, b)");
    // A pullback of a tensor result called without a cotangent says what to pass.
    const [, pb] = n.vjp(((x: n.Tensor) => n.mul(x, x)) as never, n.tensor([1, 2, 3]));
    expect(() => pb(undefined)).toThrow("vjp: the cotangent is undefined; f's result has shape (3): pass a cotangent of that shape");
  });

  it("hvp of an object of parameters, with v of its shape, as grad takes one (it was 'x is an object')", () => {
    // f(p) = w²·b + b³: H = [[2b, 2w], [2w, 6b]] in (w, b); H·(1, 0) = (2b, 2w).
    const f = (p: { w: V; b: V }) => n.add(n.mul(n.mul(p.w, p.w), p.b), n.pow(p.b, 3));
    expect(n.hvp(f as never)({ w: 3, b: 2 }, { w: 1, b: 0 })).toEqual({ w: 4, b: 6 });
    expect(n.hvp(((ps: [V, V[]]) => f({ w: ps[0], b: ps[1][0] })) as never)([3, [2]], [0, [1]])).toEqual([6, [12]]);
  });

  it("hvp(f)(x, v, ...rest) passes the rest to f undifferentiated, as hessian does (f got undefined: 'mul: … got undefined')", () => {
    // f(x, a, w) = a·Σ wᵢxᵢ³: H = diag(6a·wᵢxᵢ), so H·v = 6a·w·x·v.
    const f = (x: V, a: V, w: number[], label: string) => (label === "cubic" ? n.mul(a, n.sum(n.mul(w, n.pow(x, 3)))) : 0);
    expect(n.hvp(f as never)([1, 2], [1, 1], 3, [1, -1], "cubic")).toEqual([18, -36]);
    close(n.hessian(f as never)([1, 2], 3, [1, -1], "cubic"), [[18, 0], [0, -36]], 0);
  });
});

/** The numbers of a result made of numbers, arrays, tensors and objects, in order. */
function flatten(x: unknown): number[] {
  if (typeof x === "number") return [x];
  if (x instanceof n.Tensor) return Array.from(x.data);
  if (Array.isArray(x)) return x.flatMap(flatten);
  return Object.values(x as object).flatMap(flatten);
}
