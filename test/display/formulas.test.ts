import { describe, expect, it } from "vitest";
import katex from "katex";
import fc from "fast-check";
import { ComputeEngine } from "@cortex-js/compute-engine";
import * as n from "../../src/index";
import { evaluateLatex, latexEngine } from "../support/latex-eval";

/*
 * latex(f): every formula Nabla prints is read back by an independent LaTeX reader (the
 * Cortex compute engine), evaluated at random points and compared with AD. KaTeX must
 * typeset every display.
 */

type V = n.Value;
type Scalar = (x: V) => V;

/**
 * One engine per set of formulas: the engine infers a type for each symbol the first time it
 * sees one, and a name (u, w, …) means something different in every set.
 */
const engines = new WeakMap<n.Formulas, ComputeEngine>();
function engineFor(formulas: n.Formulas): ComputeEngine {
  let ce = engines.get(formulas);
  if (!ce) {
    const engine = new ComputeEngine();
    engine.declare("sigma", { signature: "(real) -> real", evaluate: (ops) => engine.number(1 / (1 + Math.exp(-(ops[0].re as number)))) });
    engine.declare("atan2", { signature: "(real, real) -> real", evaluate: (ops) => engine.number(Math.atan2(ops[0].re as number, ops[1].re as number)) });
    engine.declare("rem", { signature: "(real, real) -> real", evaluate: (ops) => engine.number((ops[0].re as number) % (ops[1].re as number)) });
    engines.set(formulas, (ce = engine));
  }
  return ce;
}

/** Evaluates a printed formula at a point, with the named subexpressions defined first. */
function evaluate(formulas: n.Formulas, tex: string, point: number[]): number {
  const ce = engineFor(formulas);
  const values: Record<string, number> = {};
  formulas.variables.forEach((v, i) => (values[ce.parse(v.latex).symbol as string] = point[i]));
  for (const [name, definition] of formulas.definitions) {
    values[ce.parse(name).symbol as string] = ce.parse(definition).subs(values).N().re as number;
  }
  const out = ce.parse(tex).subs(values).N().re as number;
  if (typeof out !== "number" || Number.isNaN(out)) throw new Error(`the compute engine could not evaluate ${tex} with ${JSON.stringify(values)} -> ${JSON.stringify(ce.parse(tex).subs(values).N().json)}`);
  return out;
}

function closeTo(actual: number, expected: number, what: string): void {
  const tol = 1e-8 * Math.max(1, Math.abs(expected));
  if (!(Math.abs(actual - expected) <= tol)) throw new Error(`${what}: printed formula gives ${actual}, AD gives ${expected}`);
}

function typesets(formulas: n.Formulas): void {
  const bundle = formulas[Symbol.for("Jupyter.display") as never] as () => Record<string, string>;
  const tex = bundle.call(formulas)["text/latex"];
  expect(tex.startsWith("$$")).toBe(true);
  expect(() => katex.renderToString(tex.slice(2, -2), { throwOnError: true, displayMode: true })).not.toThrow();
}

/** No 1·x, x + 0, x¹, double negatives or +- in anything printed. */
function readable(formulas: n.Formulas): void {
  const all = formulas.toLatex();
  for (const bad of [/(^|[\s{(=])1 (\\[a-zA-Z]|[a-z])/, /\+ 0(?![0-9.])/, /\^\{1\}/, /- -/, /\+ -/, /--/, /\\cdot 1(?![0-9.])/, / 0 [a-z\\]/]) {
    expect(all, `${bad} in ${all}`).not.toMatch(bad);
  }
}

// One-variable functions, each with the interval its random points come from.
const ONE_VARIABLE: [string, Scalar, [number, number]][] = [
  ["sin(2x + 1)", (x) => n.sin(n.add(n.mul(2, x), 1)), [-3, 3]],
  ["exp(x²)", (x) => n.exp(n.mul(x, x)), [-1.5, 1.5]],
  ["the course's √(x² + e^{x²}) + cos(x² + e^{x²})", (x) => {
    const a = n.pow(x, 2);
    const c = n.add(a, n.exp(a));
    return n.add(n.sqrt(c), n.cos(c));
  }, [-1, 1]],
  ["1/(1 + x²)", (x) => n.div(1, n.add(1, n.mul(x, x))), [-3, 3]],
  ["sigmoid", (x) => n.sigmoid(x), [-4, 4]],
  ["(sin x⁴)⁵", (x) => n.pow(n.sin(n.pow(x, 4)), 5), [-1.2, 1.2]],
  ["ln(x/(1 − x))", (x) => n.log(n.div(x, n.sub(1, x))), [0.1, 0.9]],
  ["tanh(3x) − x", (x) => n.sub(n.tanh(n.mul(3, x)), x), [-2, 2]],
  ["atan(x)·x", (x) => n.mul(n.atan(x), x), [-3, 3]],
  ["xˣ", (x) => n.pow(x, x), [0.2, 2]],
  ["softplus", (x) => n.softplus(x), [-3, 3]],
  ["erf(2x) + erfc(x)", (x) => n.add(n.erf(n.mul(2, x)), n.erfc(x)), [-1.5, 1.5]],
  ["hypot(x, 1)", (x) => n.hypot(x, 1), [-3, 3]],
  ["expm1 and log1p", (x) => n.add(n.expm1(x), n.log1p(n.mul(x, x))), [-2, 2]],
  ["cbrt(x² + 1)", (x) => n.cbrt(n.add(n.mul(x, x), 1)), [-2, 2]],
  ["asin, acos", (x) => n.add(n.asin(x), n.mul(2, n.acos(n.div(x, 2)))), [-0.9, 0.9]],
  ["sinh, cosh", (x) => n.div(n.sinh(x), n.cosh(n.mul(2, x))), [-2, 2]],
  ["log2, log10", (x) => n.add(n.log2(x), n.mul(x, n.log10(x))), [0.2, 5]],
  ["x³ − 2x + 5/x", (x) => n.add(n.sub(n.pow(x, 3), n.mul(2, x)), n.div(5, x)), [0.5, 3]],
  ["atan2(x, 2)", (x) => n.atan2(x, 2), [-3, 3]],
  ["|x|·x", (x) => n.mul(n.abs(x), x), [0.1, 3]],
  ["e^{sin x} (f in its own derivative)", (x) => n.exp(n.sin(x)), [-3, 3]],
  ["√(1 − x²)/x", (x) => n.div(n.sqrt(n.sub(1, n.mul(x, x))), x), [0.1, 0.9]],
];

describe("latex(f) for functions of one variable", () => {
  for (const [name, f, [lo, hi]] of ONE_VARIABLE) {
    it(`${name}: f, f′ and f″ as printed agree with AD at random points`, () => {
      const formulas = n.latex(f as never, { order: 2, at: (lo + hi) / 2 + 0.1 * (hi - lo) * 0.37 });
      typesets(formulas);
      readable(formulas);
      const d1 = n.derivative(f as never);
      const d2 = n.derivative(f as never, 2);
      fc.assert(
        fc.property(fc.double({ min: lo, max: hi, noNaN: true }), (x) => {
          closeTo(evaluate(formulas, formulas.value as string, [x]), f(x) as number, `${name}: f(${x})`);
          closeTo(evaluate(formulas, formulas.derivative as string, [x]), d1(x) as number, `${name}: f′(${x})`);
          closeTo(evaluate(formulas, formulas.second as string, [x]), d2(x) as number, `${name}: f″(${x})`);
        }),
        { numRuns: 12, seed: 7 },
      );
    });
  }

  it("writes derivatives as by hand: sin(2x + 1) gives 2 cos(2x + 1), x³ − 2x gives 3x² − 2", () => {
    expect(n.latex((x: V) => n.sin(n.add(n.mul(2, x), 1))).derivative).toBe("2 \\cos\\left(2 x + 1\\right)");
    expect(n.latex((x: V) => n.sub(n.pow(x, 3), n.mul(2, x))).derivative).toBe("3 x^{2} - 2");
    expect(n.latex((x: V) => n.div(1, x)).derivative).toBe("-\\frac{1}{x^{2}}");
    expect(n.latex((x: V) => n.mul(n.mul(x, x), x), { order: 2 }).second).toBe("6 x");
    expect(n.latex((x: V) => n.sigmoid(x)).derivative).toBe("\\sigma\\left(x\\right) \\left(1 - \\sigma\\left(x\\right)\\right)");
  });

  it("opens a sum that is subtracted or scaled inside a sum (regression: x − (y − (x − y)) stayed nested, max(x, 1 − x)′ read (u + 1)/2 − (1 − u)/2)", () => {
    const nested = n.latex(((x: V, y: V) => n.sub(x, n.sub(y, n.sub(x, y)))) as never);
    expect([nested.value, nested.derivative]).toEqual(["2 x - 2 y", ["2", "-2"]]);
    const kink = n.latex(((x: V) => n.ADMath.max(x, n.sub(1, x))) as never, { at: 0.7 });
    expect(kink.derivative).toBe("\\operatorname{sgn}\\left(2 x - 1\\right)");
    const quotient = n.latex(((x: V) => n.sub(n.neg(n.pow(x, 3)), n.div(n.sub(x, 1), n.sub(2, x)))) as never);
    expect(quotient.derivative).toBe("-3 x^{2} - \\frac{x - 1}{\\left(2 - x\\right)^{2}} - \\frac{1}{2 - x}");
    for (const formulas of [nested, kink, quotient]) {
      typesets(formulas);
      readable(formulas);
    }
    for (const x of [0.3, 0.8, 1.6]) {
      closeTo(evaluate(kink, kink.derivative as string, [x]), n.derivative(((t: V) => n.ADMath.max(t, n.sub(1, t))) as never)(x) as number, `max′(${x})`);
      closeTo(evaluate(quotient, quotient.derivative as string, [x]), n.derivative(((x: V) => n.sub(n.neg(n.pow(x, 3)), n.div(n.sub(x, 1), n.sub(2, x)))) as never)(x) as number, `quotient′(${x})`);
    }
  });

  it("names a subexpression that repeats, and the named formula still evaluates right", () => {
    const f = ONE_VARIABLE[2][1];
    const formulas = n.latex(f as never);
    expect(formulas.definitions.map(([name]) => name)).toContain("u");
    expect(formulas.definitions.find(([name]) => name === "u")?.[1]).toBe("x^{2} + e^{x^{2}}");
    const x = 0.5;
    closeTo(evaluate(formulas, formulas.derivative as string, [x]), n.derivative(f as never)(x) as number, "f′(0.5)");
  });
});

describe("latex(f) on random programs", () => {
  // Random compositions of the primitives, kept in the domain where each is smooth.
  type Node = { kind: "x" } | { kind: "c"; v: number } | { kind: "u"; op: string; a: Node } | { kind: "b"; op: string; a: Node; b: Node };
  const UNARY: Record<string, (v: V) => V> = {
    sin: n.sin, cos: n.cos, exp: (v) => n.exp(n.mul(0.3, v)), tanh: n.tanh, sigmoid: n.sigmoid, neg: n.neg,
    sq: (v) => n.mul(v, v), log1p2: (v) => n.log(n.add(1, n.mul(v, v))), sqrt1p2: (v) => n.sqrt(n.add(1, n.mul(v, v))), atan: n.atan,
  };
  const BINARY: Record<string, (a: V, b: V) => V> = {
    add: n.add, sub: n.sub, mul: n.mul, div: (a, b) => n.div(a, n.add(2, n.mul(b, b))), pow3: (a) => n.pow(a, 3), hyp: (a, b) => n.hypot(a, n.add(1, n.mul(b, b))),
  };
  const node: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constant<Node>({ kind: "x" }),
      fc.integer({ min: -3, max: 3 }).map((v): Node => ({ kind: "c", v: v / 2 })),
      fc.record({ kind: fc.constant("u" as const), op: fc.constantFrom(...Object.keys(UNARY)), a: tie("node") }) as fc.Arbitrary<Node>,
      fc.record({ kind: fc.constant("b" as const), op: fc.constantFrom(...Object.keys(BINARY)), a: tie("node"), b: tie("node") }) as fc.Arbitrary<Node>,
    ),
  })).node;
  const build = (t: Node): ((x: V) => V) => {
    switch (t.kind) {
      case "x":
        return (x) => x;
      case "c":
        return () => t.v;
      case "u": {
        const a = build(t.a);
        return (x) => UNARY[t.op](a(x));
      }
      case "b": {
        const a = build(t.a);
        const b = build(t.b);
        return (x) => BINARY[t.op](a(x), b(x));
      }
    }
  };

  it("f, f′ and f″ as printed agree with AD for random compositions", () => {
    fc.assert(
      fc.property(node, fc.double({ min: -1.5, max: 1.5, noNaN: true }), (tree, x) => {
        const f = build(tree);
        const formulas = n.latex(((v: V) => n.add(f(v), n.mul(0, v))) as never, { order: 2 });
        typesets(formulas);
        const d1 = n.derivative(f as never)(x) as number;
        const d2 = n.derivative(f as never, 2)(x) as number;
        const scale = (v: number) => 1e-7 * Math.max(1, Math.abs(v));
        const check = (tex: string, expected: number, what: string) => {
          const got = evaluate(formulas, tex, [x]);
          if (!(Math.abs(got - expected) <= scale(expected))) throw new Error(`${what} at ${x}: printed ${tex} gives ${got}, AD ${expected}`);
        };
        check(formulas.value as string, f(x) as number, "f");
        check(formulas.derivative as string, d1, "f′");
        check(formulas.second as string, d2, "f″");
      }),
      { numRuns: 60, seed: 42 },
    );
  });
});

describe("latex(f) for several variables", () => {
  const f = (x: V, y: V, z: V) => n.add(n.mul(n.mul(3, x), y), n.mul(y, n.mul(z, z)));
  it("the gradient of 3xy + yz² (the course's exercise) is (3y, 3x + z², 2yz)", () => {
    const formulas = n.latex(f as never);
    expect(formulas.head).toBe("f(x, y, z)");
    expect(formulas.value).toBe("3 x y + y z^{2}");
    expect(formulas.derivative).toEqual(["3 y", "3 x + z^{2}", "2 y z"]);
    typesets(formulas);
  });

  it("gradient and Hessian as printed agree with grad and hessian at random points", () => {
    const g = (x: V, y: V) => n.add(n.mul(n.exp(n.mul(x, y)), n.sin(x)), n.div(n.mul(x, x), n.add(1, n.mul(y, y))));
    const formulas = n.latex(g as never, { order: 2 });
    typesets(formulas);
    readable(formulas);
    const gradient = n.grad(g as never, { argnums: [0, 1] });
    const H = n.hessian((v: V[]) => g(v[0], v[1]));
    fc.assert(
      fc.property(fc.double({ min: -1.5, max: 1.5, noNaN: true }), fc.double({ min: -1.5, max: 1.5, noNaN: true }), (x, y) => {
        const ga = gradient(x, y) as number[];
        const ha = H([x, y]) as number[][];
        (formulas.derivative as string[]).forEach((tex, i) => closeTo(evaluate(formulas, tex, [x, y]), ga[i], `∂f/∂x${i}`));
        (formulas.second as string[][]).forEach((row, i) => row.forEach((tex, j) => closeTo(evaluate(formulas, tex, [x, y]), ha[i][j], `H${i}${j}`)));
      }),
      { numRuns: 10, seed: 3 },
    );
  });

  it("a vector argument gives x₁, x₂, … and a vector result gives the Jacobian", () => {
    const h = (x: V[]) => [n.mul(x[0], x[1]), n.add(x[0], n.sin(x[1])), n.exp(n.sub(x[0], n.mul(2, x[1])))];
    const formulas = n.latex(h as never, { at: [1, 2] });
    expect(formulas.variables.map((v) => v.latex)).toEqual(["x_{1}", "x_{2}"]);
    expect((formulas.derivative as string[][])[0]).toEqual(["x_{2}", "x_{1}"]);
    typesets(formulas);
    expect(formulas.toLatex()).toContain("J_f &=");
    const J = n.jacobian(h as never);
    for (const p of [[0.3, -0.7], [1.2, 0.4]]) {
      const Ja = J(p) as number[][];
      (formulas.derivative as string[][]).forEach((row, i) => row.forEach((tex, j) => closeTo(evaluate(formulas, tex, p), Ja[i][j], `J${i}${j}`)));
    }
  });

  // latex(F) of the course's matrix functions of one number threw "f returned nested arrays".
  it("a matrix result of one number gives the matrix and its derivative: F(x) = [[x, x²], [x³, x⁴]], the rotation matrix", () => {
    const F = (x: V) => [[x, n.pow(x, 2)], [n.pow(x, 3), n.pow(x, 4)]];
    const formulas = n.latex(F as never);
    expect(formulas.value).toEqual([["x", "x^{2}"], ["x^{3}", "x^{4}"]]);
    expect(formulas.derivative).toEqual([["1", "2 x"], ["3 x^{2}", "4 x^{3}"]]);
    expect(formulas.toLatex()).toContain("f'(x) &= \\begin{bmatrix}");
    typesets(formulas);
    // dF/dx at 2 = [[1, 4], [12, 32]], read back from the printed formulas.
    (formulas.derivative as string[][]).forEach((row, i) => row.forEach((tex, j) => closeTo(evaluate(formulas, tex, [2]), [[1, 4], [12, 32]][i][j], `F′${i}${j}`)));
    const R = (t: V) => [[n.cos(t), n.sin(t)], [n.neg(n.sin(t)), n.cos(t)]];
    const rotation = n.latex(R as never);
    typesets(rotation);
    const dR = n.jacobian(R as never);
    for (const t of [0.3, 2.1]) {
      const exact = dR(t) as number[][];
      (rotation.derivative as string[][]).forEach((row, i) => row.forEach((tex, j) => closeTo(evaluate(rotation, tex, [t]), exact[i][j], `R′${i}${j}(${t})`)));
      expect(exact).toEqual([[-Math.sin(t), Math.cos(t)], [-Math.cos(t), -Math.sin(t)]]);
    }
    // Of a vector the derivative is a 3-tensor: no formula layout, an error that says what to use.
    expect(() => n.latex(((x: V[]) => [[x[0]], [x[1]]]) as never, { at: [1, 2] })).toThrow(/the derivative of a matrix by a vector is a 3-tensor: use jacobian\(f\) and heatmap/);
  });

  it("a matrix argument gives X₁₁, X₁₂, …", () => {
    const formulas = n.latex(((X: V[][]) => n.sub(n.mul(X[0][0], X[1][1]), n.mul(X[0][1], X[1][0]))) as never, { at: [[1, 2], [3, 4]] });
    expect(formulas.value).toBe("X_{11} X_{22} - X_{12} X_{21}");
    expect(formulas.derivative).toEqual(["X_{22}", "-X_{21}", "-X_{12}", "X_{11}"]);
  });

  it.each([
    ["x1", "x_{1}"],
    ["w2", "w_{2}"],
    ["theta0", "\\theta_{0}"],
    ["lambda3", "\\lambda_{3}"],
  ])("an array parameter named %s gets components {%s}_{i} (regression: x1 gave x_{1}_{1}, a double subscript KaTeX rejects)", (name, tex) => {
    // The parameter's own name decides the symbols, so f is built with it in its source.
    const h = new Function("n", `return (${name}) => [n.mul(${name}[0], n.sin(${name}[1])), n.exp(${name}[1])]`)(n) as (v: V[]) => V[];
    const formulas = n.latex(h as never, { at: [0.5, 2] });
    expect(formulas.head).toBe(`f(${tex})`);
    expect(formulas.variables.map((v) => v.latex)).toEqual([`{${tex}}_{1}`, `{${tex}}_{2}`]);
    expect(formulas.variables.map((v) => v.name)).toEqual([`${name}_1`, `${name}_2`]);
    expect((formulas.derivative as string[][])[1]).toEqual(["0", `e^{{${tex}}_{2}}`]);
    expect(formulas.toLatex()).not.toMatch(/\}_\{[^}]*\}_\{/);
    typesets(formulas);
    // Read back by an independent parser, each component a symbol of its own.
    const J = n.jacobian(h as never);
    for (const p of [[0.3, -0.7], [1.2, 0.4]]) {
      const Ja = J(p) as number[][];
      (formulas.derivative as string[][]).forEach((row, i) => row.forEach((t, j) => closeTo(evaluate(formulas, t, p), Ja[i][j], `J${i}${j}`)));
    }
  });

  it("a matrix parameter named W2 and the Hessian of a vector named theta1 typeset (regression: W_{2}_{11}, \\theta_{1}_{1})", () => {
    const W2 = n.latex(((W2: V[][]) => n.sub(n.mul(W2[0][0], W2[1][1]), n.mul(W2[0][1], W2[1][0]))) as never, { at: [[1, 2], [3, 4]] });
    expect(W2.value).toBe("{W_{2}}_{11} {W_{2}}_{22} - {W_{2}}_{12} {W_{2}}_{21}");
    typesets(W2);
    const theta1 = n.latex(((theta1: V[]) => n.mul(n.mul(theta1[0], theta1[0]), theta1[1])) as never, { at: [1, 2], order: 2 });
    expect(theta1.second).toEqual([
      ["2 {\\theta_{1}}_{2}", "2 {\\theta_{1}}_{1}"],
      ["2 {\\theta_{1}}_{1}", "0"],
    ]);
    typesets(theta1);
    closeTo(evaluate(theta1, (theta1.second as string[][])[0][1], [1.5, 2]), 3, "H12");
  });

  it("writes exp as \\exp when a parameter is named e (regression: f(e) = e^{2 e}, Euler's number to the power 2e, read back as e^{2e} = 0.607 at e = 0.7 where f is 4.06)", () => {
    const f = (e: V) => n.exp(n.mul(2, e));
    const formulas = n.latex(f as never);
    expect(formulas.head).toBe("f(e)");
    expect([formulas.value, formulas.derivative]).toEqual(["\\exp\\left(2 e\\right)", "2 \\exp\\left(2 e\\right)"]);
    typesets(formulas);
    // A LaTeX reader takes e for Euler's number everywhere: read the variable e as \\epsilon,
    // and \\exp as a function of its own, to check what a reader of the display sees.
    const ce = latexEngine();
    ce.declare("expfn", { signature: "(real) -> real", evaluate: (ops) => ce.number(Math.exp(ops[0].re as number)) });
    const reading = (tex: string) => tex.replace(/\\exp/g, "\\operatorname{expfn}").replace(/(?<![\\a-zA-Z])e(?![a-zA-Z^])/g, "\\epsilon ");
    for (const e of [0.7, -1.2]) {
      closeTo(evaluateLatex(ce, reading(formulas.value as string), { "\\epsilon": e }), f(e) as number, `f(${e})`);
      closeTo(evaluateLatex(ce, reading(formulas.derivative as string), { "\\epsilon": e }), n.derivative(f as never)(e) as number, `f′(${e})`);
    }
    // Any other name keeps e^{…}.
    expect(n.latex(((t: V) => n.exp(n.mul(2, t))) as never).value).toBe("e^{2 t}");
  });

  it("reads parameter names from the function, Greek letters included", () => {
    const formulas = n.latex(((theta: V, lambda: V) => n.mul(theta, n.exp(lambda))) as never);
    expect(formulas.head).toBe("f(\\theta, \\lambda)");
    expect(formulas.derivative).toEqual(["e^{\\lambda}", "\\theta e^{\\lambda}"]);
  });
});

describe("latex(f) folds constants without changing the function", () => {
  it("x / 0 stays a division (regression: it printed f(x) = ∞ x)", () => {
    const formulas = n.latex(((x: V) => n.div(x, 0)) as never);
    expect(formulas.value).toBe("\\frac{x}{0}");
    typesets(formulas);
    expect(n.latex(((x: V) => n.add(n.div(n.mul(3, x), 0), x)) as never).value).toBe("x + \\frac{3 x}{0}");
    expect(n.latex(((x: V) => n.div(n.sin(x), 0)) as never).value).toBe("\\frac{\\sin\\left(x\\right)}{0}");
    // A constant over 0 is the number JavaScript computes; a nonzero divisor is still folded.
    expect(n.latex(((x: V) => n.add(x, n.div(n.sub(x, x), 0))) as never).value).toBe("x + \\text{NaN}");
    expect(n.latex(((x: V) => n.div(x, 4)) as never).value).toBe("\\frac{x}{4}");
  });

  it("x / −0 keeps its sign (regression: it printed \\frac{x}{0}, which is +∞ where x/−0 is −∞)", () => {
    const formulas = n.latex(((x: V) => n.div(x, -0)) as never);
    expect(formulas.value).toBe("\\frac{x}{-0}");
    expect(formulas.derivative).toBe("-\\infty");
    typesets(formulas);
    expect(n.latex(((x: V) => n.div(x, 0)) as never).value).toBe("\\frac{x}{0}");
    // Elsewhere −0 vanishes as 0 does: no "x + -0" or "-0 x", and a zero derivative reads 0.
    expect(n.latex(((x: V) => n.add(x, n.mul(x, -0))) as never).value).toBe("x");
    expect(n.latex(((x: V, y: V) => n.neg(n.mul(x, x))) as never).derivative).toEqual(["-2 x", "0"]);
  });

  it("writes a division by 2π or ln 2 so, and thirds plus sevenths as 21sts (they printed as 0.159154943092 x, 1.44269504089 ln x, 0.47619047619 x)", () => {
    const cases: [Scalar, string, string][] = [
      [(x) => n.div(x, n.mul(2, Math.PI)), "\\frac{x}{2\\pi}", "\\frac{1}{2\\pi}"],
      [(x) => n.div(n.log(x), Math.log(2)), "\\frac{\\ln\\left(x\\right)}{\\ln\\left(2\\right)}", "\\frac{1}{\\ln\\left(2\\right) x}"],
      [(x) => n.add(n.div(x, 3), n.div(x, 7)), "\\frac{10 x}{21}", "\\frac{10}{21}"],
    ];
    for (const [f, value, derivative] of cases) {
      const formulas = n.latex(f as never);
      expect([formulas.value, formulas.derivative]).toEqual([value, derivative]);
      typesets(formulas);
      closeTo(evaluate(formulas, formulas.value as string, [1.3]), f(1.3) as number, value);
      closeTo(evaluate(formulas, formulas.derivative as string, [1.3]), n.derivative(f as never)(1.3) as number, derivative);
    }
  });

  it("splits a fraction of π, e or ln 2 over the bar (regression: \\frac{\\frac{\\pi}{2}}{x \\sqrt{x}}, 1.38629436112/x³ for 2 ln 2/x³)", () => {
    const cases: [Scalar, string, string, string][] = [
      [(x) => n.div(Math.PI, n.sqrt(x)), "\\frac{\\pi}{\\sqrt{x}}", "-\\frac{\\pi}{2 x \\sqrt{x}}", "\\frac{3\\pi}{4 x^{2} \\sqrt{x}}"],
      [(x) => n.div(n.mul(Math.PI / 3, x), n.add(x, 1)), "\\frac{\\pi x}{3 \\left(x + 1\\right)}", "", ""],
      [(x) => n.div(Math.LN2, x), "\\frac{\\ln\\left(2\\right)}{x}", "-\\frac{\\ln\\left(2\\right)}{x^{2}}", "\\frac{2 \\ln\\left(2\\right)}{x^{3}}"],
      [(x) => n.div(1, n.mul(Math.LN2, x)), "\\frac{1}{\\ln\\left(2\\right) x}", "-\\frac{1}{\\ln\\left(2\\right) x^{2}}", "\\frac{2}{\\ln\\left(2\\right) x^{3}}"],
      [(x) => n.mul(2 * Math.E, n.sin(x)), "2 e \\sin\\left(x\\right)", "2 e \\cos\\left(x\\right)", "-2 e \\sin\\left(x\\right)"],
      // A dot before a parenthesis after e: 2 e (x + 1) would read as 2·e(x + 1).
      [(x) => n.mul(2 * Math.E, n.add(x, 1)), "2 e \\cdot \\left(x + 1\\right)", "2 e", "0"],
    ];
    for (const [f, value, d1, d2] of cases) {
      const formulas = n.latex(f as never, { order: 2 });
      expect(formulas.value).toBe(value);
      if (d1) expect([formulas.derivative, formulas.second]).toEqual([d1, d2]);
      expect(formulas.toLatex()).not.toMatch(/\\frac\{[^{}]*\\frac/);
      typesets(formulas);
      readable(formulas);
      for (const x of [0.4, 2.3]) {
        closeTo(evaluate(formulas, formulas.value as string, [x]), f(x) as number, `${value} at ${x}`);
        closeTo(evaluate(formulas, formulas.derivative as string, [x]), n.derivative(f as never)(x) as number, `f′ of ${value} at ${x}`);
        closeTo(evaluate(formulas, formulas.second as string, [x]), n.derivative(f as never, 2)(x) as number, `f″ of ${value} at ${x}`);
      }
    }
  });

  it("writes JavaScript's % as rem, the remainder with the sign of x (regression: x \\bmod 2 reads 1.3 at x = −0.7, where x % 2 is −0.7)", () => {
    const f = (x: V) => n.add(n.operators.mod(x, 2), n.mul(x, x));
    const formulas = n.latex(f as never, { at: -0.7 });
    expect(formulas.value).toBe("\\operatorname{rem}\\left(x, 2\\right) + x^{2}");
    expect(formulas.notation.join(" ")).toContain("\\operatorname{rem}(a, b) = a - b \\operatorname{trunc}");
    typesets(formulas);
    for (const x of [-0.7, -1.3, 0.4, 3.7]) closeTo(evaluate(formulas, formulas.value as string, [x]), f(x) as number, `f(${x})`);
    closeTo(evaluate(formulas, formulas.derivative as string, [-0.7]), n.derivative(f as never)(-0.7) as number, "f′(−0.7)");
  });

  it("puts a constant base that is not a plain number in parentheses (regression: \\frac{3}{2}^{x}, and 1 \\times 10^{-9}^{x}, a double superscript KaTeX rejects)", () => {
    const cases: [Scalar, string][] = [
      [(x) => n.pow(1.5, x), "\\left(\\frac{3}{2}\\right)^{x}"],
      [(x) => n.pow(1 / Math.PI, x), "\\left(\\frac{1}{\\pi}\\right)^{x}"],
      [(x) => n.pow(Math.SQRT2, x), "\\left(\\sqrt{2}\\right)^{x}"],
      [(x) => n.pow(3e-9, x), "\\left(3 \\times 10^{-9}\\right)^{x}"],
      [(x) => n.pow(2, x), "2^{x}"],
      [(x) => n.pow(Math.PI, x), "\\pi^{x}"],
      [(x) => n.pow(2.5, x), "\\left(\\frac{5}{2}\\right)^{x}"],
    ];
    for (const [f, value] of cases) {
      const formulas = n.latex(f as never, { order: 2 });
      expect(formulas.value).toBe(value);
      typesets(formulas);
      for (const x of [0.3, 1.7]) {
        closeTo(evaluate(formulas, formulas.value as string, [x]), f(x) as number, `${value} at ${x}`);
        closeTo(evaluate(formulas, formulas.derivative as string, [x]), n.derivative(f as never)(x) as number, `(${value})′ at ${x}`);
        closeTo(evaluate(formulas, formulas.second as string, [x]), n.derivative(f as never, 2)(x) as number, `(${value})″ at ${x}`);
      }
    }
  });

  it("combines powers of e: exp(x)/exp(x) is 1 (it printed e^{x} e^{-x}, with f′ = e^{x} e^{-x} − e^{-2x} e^{2x})", () => {
    const quotient = n.latex(((x: V) => n.div(n.exp(x), n.exp(x))) as never);
    expect([quotient.value, quotient.derivative]).toEqual(["1", "0"]);
    expect(n.latex(((x: V) => n.log(n.exp(x))) as never).derivative).toBe("1");
    const product = n.latex(((x: V) => n.mul(n.exp(x), n.exp(n.mul(2, x)))) as never);
    expect([product.value, product.derivative]).toEqual(["e^{3 x}", "3 e^{3 x}"]);
    typesets(product);
    closeTo(evaluate(product, product.derivative as string, [0.4]), 3 * Math.exp(1.2), "f′(0.4)");
  });
});

describe("latex(f) on branches and bad input", () => {
  const f = (x: V) => (n.gt(x, 0) ? n.mul(x, x) : n.neg(x));
  it("says which branch it traced", () => {
    const right = n.latex(f as never, { at: 2 });
    expect(right.branches).toEqual(["x > 0"]);
    expect(right.derivative).toBe("2 x");
    const left = n.latex(f as never, { at: -2 });
    expect(left.branches).toEqual(["x \\le 0"]);
    expect(left.derivative).toBe("-1");
    const display = (left[Symbol.for("Jupyter.display") as never] as () => Record<string, string>).call(left);
    expect(display["text/plain"]).toContain("branch taken at x = -2");
    typesets(left);
  });

  it("bad options are an error naming them (order: 3 or a misspelt name was ignored, giving f′ alone)", () => {
    const f = (x: V) => n.sin(x);
    expect(() => n.latex(f as never, { order: 3 } as never)).toThrow("latex: option order must be 1 or 2, got number 3");
    expect(() => n.latex(f as never, { ordr: 2 } as never)).toThrow('latex: unknown option "ordr"; the options are at, order, names');
    expect(() => n.latex(f as never, { names: "t" } as never)).toThrow('latex: option names must be an array of names, such as ["x", "y"], got the string "t"');
    expect(String(n.latex(f as never, { order: 2, at: 1, names: ["t"] }))).toContain("f(t)");
  });

  it("an array argument without `at` is named, with the point to give (regression: exp: expected a number or a tensor, got undefined)", () => {
    const jac = (v: V[]) => [n.mul(v[0], v[1]), n.exp(v[0])];
    expect(() => n.latex(jac as never)).toThrow(/latex: f reads v as an array \(v\[1\]\).*latex\(f, \{ at: \[0\.7, 0\.3\] \}\)/);
    // A loop over v.length of a number does not run: f came out 0 instead of failing.
    const sumSquares = (v: V[]) => {
      let s: V = 0;
      for (let i = 0; i < v.length; i++) s = n.add(s, n.mul(v[i], v[i]));
      return s;
    };
    expect(() => n.latex(sumSquares as never)).toThrow(/f reads v as an array \(v\.length\).*one number per element/);
    expect(() => n.latex(((v: V[], s: V) => n.mul(v[2], s)) as never)).toThrow(/at: \[\[0\.7, 0\.3, 0\.45\], 0\.3\]/);
    // With the point it asks for, the Jacobian is written out.
    const formulas = n.latex(jac as never, { at: [0.7, 0.3] });
    expect(formulas.derivative).toEqual([["v_{2}", "v_{1}"], ["e^{v_{1}}", "0"]]);
    typesets(formulas);
    // A scalar function that fails for its own reasons keeps its own error.
    expect(() => n.latex(((x: V) => n.mul(x, (undefined as unknown as { y: V }).y)) as never)).toThrow(/Cannot read properties of undefined/);
    expect(() => n.latex((() => { throw new RangeError("boom"); }) as never)).toThrow(/^boom$/);
  });

  it("names the problem for what it cannot write", () => {
    expect(() => n.latex(3 as never)).toThrow(/expected a function, got number 3/);
    expect(() => n.latex((() => "x") as never)).toThrow(/f returned the string "x"/);
    expect(() => n.latex(((x: V) => [x, x]) as never, { order: 2 })).toThrow(/order 2 .* needs a scalar function/);
    expect(() => n.latex(((x: V[]) => n.sum(n.mul(n.tensor([1, 2]), x as never))) as never, { at: [1, 2] })).toThrow(/latex: /);
    expect(() => n.latex(((a: V, b: V) => n.mul(a, b)) as never, { at: 3 })).toThrow(/`at` must be an array of 2 arguments/);
    // matmul(A, x) returns a tensor (regression: "f returned a value of shape (2); it must return … an array of numbers").
    const A = n.tensor([[1, 2], [3, 4]]);
    expect(() => n.latex(((x: V[]) => n.matmul(A, x as never)) as never, { at: [1, 2] })).toThrow(/latex: f returned a tensor, a value of shape \(2\); formulas are written from scalar operations/);
  });
});
