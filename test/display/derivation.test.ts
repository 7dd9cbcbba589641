import { describe, expect, it } from "vitest";
import katex from "katex";
import { DOMParser } from "@xmldom/xmldom";
import * as n from "../../src/index";
import { close } from "../support/numeric";
import { evaluateLatex, evaluateLatex as evaluateStep, latexEngine } from "../support/latex-eval";

type V = n.Value;
// The textbook's evaluation-trace example, written as a student would (with powers).
const f = (x: V) => {
  const a = n.pow(x, 2);
  const b = n.exp(a);
  const c = n.add(a, b);
  return n.add(n.sqrt(c), n.cos(c));
};

describe("derivation (the worked evaluation trace)", () => {
  const x = 0.5;
  const d = n.derivation(f as never, x);
  const a = x * x;
  const b = Math.exp(a);
  const c = a + b;

  it("names the steps a = x², b = exp(a), c = a + b, d = √c, e = cos c, f = d + e with their values", () => {
    expect(d.rows.map((r) => `${r.name} = ${r.formula}`)).toEqual(["a = x^2", "b = exp(a)", "c = a + b", "d = √c", "e = cos(c)", "f = d + e"]);
    close(d.rows.map((r) => r.value), [a, b, c, Math.sqrt(c), Math.cos(c), Math.sqrt(c) + Math.cos(c)], 1e-15);
  });

  it("gives local partials, forward tangents and reverse adjoints that agree on the derivative", () => {
    const exact = 2 * x * (1 / (2 * Math.sqrt(c)) - Math.sin(c)) * (1 + Math.exp(x * x));
    close(d.gradient[0], exact, 1e-14);
    close(d.rows[d.rows.length - 1].tangent, exact, 1e-14);
    const [rowA, rowB, , rowD, rowE] = d.rows;
    close(rowA.partials.map((p) => p.value), [2 * x], 1e-15);
    close(rowB.partials.map((p) => p.value), [b], 1e-15);
    close(rowD.partials.map((p) => p.value), [1 / (2 * Math.sqrt(c))], 1e-15);
    close(rowE.partials.map((p) => p.value), [-Math.sin(c)], 1e-15);
    // The adjoint of c collects both paths: ∂f/∂c = 1/(2√c) − sin c.
    close(d.rows[2].adjoint, 1 / (2 * Math.sqrt(c)) - Math.sin(c), 1e-14);
  });

  it("as text (a console's view) shows the inputs, the tangents and ∂f/∂x as the table does (it had no x row, no tangents and ended '∇f = [-1.36043]')", () => {
    expect(String(d).split("\n")).toEqual([
      "variable                        value      tangent      adjoint",
      "x                                 0.5            1     -1.36043",
      "a = x^2                          0.25            1     -1.36043",
      "b = exp(a)                    1.28403      1.28403    -0.595629",
      "c = a + b                     1.53403      2.28403    -0.595629",
      "d = √c                        1.23856      0.92205            1",
      "e = cos(c)                  0.0367626     -2.28248            1",
      "f = d + e                     1.27532     -1.36043            1",
      "f = 1.27532; ∂f/∂x = -1.36043",
    ]);
    // Several inputs: no tangent column (one forward pass per input), one ∂f/∂ per input.
    const two = String(n.derivation(((x1: V, x2: V) => n.add(n.sin(x1), n.mul(x1, x2))) as never, [2, 3])).split("\n");
    expect(two[0]).toBe("variable                        value      adjoint");
    expect(two[1]).toBe("x1                                  2      2.58385");
    expect(two[two.length - 1]).toBe("f = 6.9093; ∂f/∂x1 = 2.58385, ∂f/∂x2 = 2");
  });

  it("renders LaTeX that KaTeX parses and HTML that parses", () => {
    for (const block of d.toLatex().split("\n")) {
      katex.renderToString(block.replace(/^\$\$|\$\$$/g, ""), { throwOnError: true, displayMode: true });
    }
    const errors: string[] = [];
    new DOMParser({ onError: (level, msg) => { if (level !== "warning") errors.push(msg); } }).parseFromString(`<div>${d.toHTML()}</div>`, "text/xml");
    expect(errors).toEqual([]);
    expect(d.toHTML()).toContain("f = d + e");
  });

  it("works for several inputs, with constants, and says what it cannot show", () => {
    const g = n.derivation((v: V[]) => n.add(n.mul(3, n.mul(v[0], v[1])), n.sin(v[0])) as never, [2, 3]);
    // Inputs are named as f names them: v1, v2 for (v) => …
    expect(g.rows.map((r) => `${r.name} = ${r.formula}`)).toEqual(["a = v1·v2", "b = 3·a", "c = sin(v1)", "f = b + c"]);
    expect(g.toLatex()).toContain("v_{1} & 2");
    // A one-letter name is not reused for an intermediate: t stays the input.
    const h = n.derivation(((t: V) => n.mul(n.sin(t), n.add(t, 1))) as never, 0.5);
    expect(h.rows.map((r) => `${r.name} = ${r.formula}`)).toEqual(["a = sin(t)", "b = t + 1", "f = a·b"]);
    close(g.gradient, [9 + Math.cos(2), 6], 1e-15);
    expect(() => n.derivation((v: V) => n.sum(n.mul(n.tensor([1, 2]), v)) as never, 2)).toThrow(/only scalar programs/);
    // Not a function: "Function.prototype.toString requires that 'this' be a Function".
    expect(() => n.derivation(3 as never, 2)).toThrow("derivation: expected a function, got number 3");
    expect(() => n.graph("f" as never, 2)).toThrow('graph: expected a function, got the string "f"');
    expect(() => n.graph(((x: V) => x) as never, "a" as never)).toThrow(/^graph: the point must be a number/);
    expect(() => n.derivation(() => 5 as never, 1)).toThrow(/computed from its input/);
  });

  it("takes a function of several numbers, one per parameter (regression: (x, y) => … gave NaN and 'must return a number')", () => {
    const f2 = (x: V, y: V) => n.add(n.mul(x, y), n.sin(x));
    const d = n.derivation(f2 as never, [1, 2]);
    expect(d.names).toEqual(["x", "y"]);
    expect(d.rows.map((r) => `${r.name} = ${r.formula}`)).toEqual(["a = x·y", "b = sin(x)", "f = a + b"]);
    close(d.value, 2 + Math.sin(1), 1e-15);
    close(d.gradient, [2 + Math.cos(1), 1], 1e-15);
    // Against central differences.
    const h = 1e-6;
    close(d.gradient[0], ((f2(1 + h, 2) as number) - (f2(1 - h, 2) as number)) / (2 * h), 1e-8);
    close(d.gradient[1], ((f2(1, 2 + h) as number) - (f2(1, 2 - h) as number)) / (2 * h), 1e-8);
    for (const block of d.toLatex().split("\n")) katex.renderToString(block.replace(/^\$\$|\$\$$/g, ""), { throwOnError: true, displayMode: true });
    expect(d.toLatex()).toContain("\\frac{\\partial f}{\\partial y} = 1");
    // Intermediates are not given the parameters' letters.
    expect(n.derivation(((a: V, b: V, c: V) => n.add(n.mul(a, b), c)) as never, [1, 2, 3]).rows.map((r) => r.name)).toEqual(["d", "f"]);
    expect(() => n.derivation(f2 as never, 1)).toThrow(/f takes 2 arguments, so the point must be an array of 2 numbers.*got number 1/);
    expect(() => n.derivation(f2 as never, [1, 2, 3])).toThrow(/array of 2 numbers.*got an array of 3/);
    const g = n.graph(f2 as never, [1, 2]);
    expect(g.nodes.map((node) => node.label)).toEqual(["x", "y", "a = x·y", "b = sin(x)", "f = a + b"]);
  });

  it("an array or matrix named x1, theta0 gets components x1_1 and {x_{1}}_{1} (regression: x_{1}_{1}, a double subscript KaTeX rejects; x11 in text)", () => {
    const typeset = (d: n.Derivation) => {
      for (const block of d.toLatex().split("\n")) katex.renderToString(block.replace(/^\$\$|\$\$$/g, ""), { throwOnError: true, displayMode: true });
    };
    const d = n.derivation(((x1: V[]) => n.mul(x1[0], n.sin(x1[1]))) as never, [2, 1]);
    expect(d.names).toEqual(["x1_1", "x1_2"]);
    expect(d.latexNames).toEqual(["{x_{1}}_{1}", "{x_{1}}_{2}"]);
    expect(d.toLatex()).toContain("\\frac{\\partial f}{\\partial {x_{1}}_{2}} = " + String(Number((2 * Math.cos(1)).toPrecision(6))));
    expect(d.toLatex()).not.toMatch(/\}_\{[^}]*\}_\{/);
    typeset(d);
    expect(n.graph(((x1: V[]) => n.mul(x1[0], n.sin(x1[1]))) as never, [2, 1]).nodes.map((node) => node.label)).toEqual(["x1_1", "x1_2", "a = sin(x1_2)", "f = x1_1·a"]);
    const m = n.derivation(((theta0: V[][]) => n.mul(theta0[0][0], theta0[1][1])) as never, [[1, 2], [3, 4]]);
    expect(m.latexNames).toEqual(["{\\theta_{0}}_{11}", "{\\theta_{0}}_{12}", "{\\theta_{0}}_{21}", "{\\theta_{0}}_{22}"]);
    expect(m.names).toEqual(["theta0_11", "theta0_12", "theta0_21", "theta0_22"]);
    typeset(m);
    // A name without digits keeps x1, x2 and \theta_{1}.
    expect(n.derivation(((theta: V[]) => n.mul(theta[0], theta[1])) as never, [1, 2]).latexNames).toEqual(["\\theta_{1}", "\\theta_{2}"]);
  });

  it("x / −0 keeps its sign in the trace (regression: it read x / 0)", () => {
    const d = n.derivation(((x: V) => n.div(x, -0)) as never, 2);
    expect(d.rows.map((r) => `${r.name} = ${r.formula}`)).toEqual(["f = x / -0"]);
    expect(d.rows[0].latexFormula).toBe("\\frac{x}{-0}");
    expect(d.value).toBe(-Infinity);
  });

  it("takes a matrix, its inputs named X11, X12, …", () => {
    const d = n.derivation(((X: V[][]) => n.sub(n.mul(X[0][0], X[1][1]), n.mul(X[0][1], X[1][0]))) as never, [[1, 2], [3, 4]]);
    expect(d.names).toEqual(["X11", "X12", "X21", "X22"]);
    expect(d.rows.map((r) => `${r.name} = ${r.formula}`)).toEqual(["a = X11·X22", "b = X12·X21", "f = a − b"]);
    close(d.gradient, [4, -3, -2, 1], 0);
    expect(() => n.derivation(((x: V) => x) as never, "a" as never)).toThrow(/the point must be a number, an array of numbers or a matrix .*got the string "a"/);
  });

  describe("formulas read back by an independent LaTeX reader", () => {
    /**
     * Evaluates every row's LaTeX formula with the values of the rows before it and checks it
     * gives the row's value, each local partial against a central difference of that formula,
     * each tangent against the chain rule and each adjoint against the sum over its uses.
     */
    function readBack(d: n.Derivation): void {
      const ce = latexEngine();
      // A LaTeX reader takes e for Euler's number; the step named e (e = cos c, as the course
      // names it) is read as \\epsilon. Euler's e is only ever written e^{…}.
      const tex = (s: string) => s.replace(/(?<![\\a-zA-Z])e(?![a-zA-Z^])/g, "\\epsilon ");
      const evaluateLatex = (ce: ReturnType<typeof latexEngine>, s: string, v: Record<string, number>) =>
        evaluateStep(ce, tex(s), Object.fromEntries(Object.entries(v).map(([k, x]) => [tex(k), x])));
      const values: Record<string, number> = {};
      const tangents: Record<string, number> = {};
      d.latexNames.forEach((name, k) => {
        values[name] = d.inputs[k];
        tangents[name] = 1;
      });
      for (const r of d.rows) {
        const at = (v: Record<string, number>) => evaluateLatex(ce, r.latexFormula, v);
        close(at(values), r.value, 1e-9, `${r.latexName} = ${r.latexFormula}`);
        let tangent = 0;
        for (const p of r.partials) {
          const h = 1e-6 * Math.max(1, Math.abs(values[p.latexWrt]));
          const fd = (at({ ...values, [p.latexWrt]: values[p.latexWrt] + h }) - at({ ...values, [p.latexWrt]: values[p.latexWrt] - h })) / (2 * h);
          close(p.value, fd, 1e-5, `∂${r.latexName}/∂${p.latexWrt} of ${r.latexFormula}`);
          tangent += p.value * tangents[p.latexWrt];
        }
        if (r.tangent !== undefined) close(r.tangent, tangent, 1e-12, `tangent of ${r.latexName}`);
        values[r.latexName] = r.value;
        tangents[r.latexName] = tangent;
      }
      const adjoints: Record<string, number> = { f: 1 };
      for (const r of [...d.rows].reverse()) {
        close(r.adjoint, adjoints[r.latexName] ?? 0, 1e-12, `adjoint of ${r.latexName}`);
        for (const p of r.partials) adjoints[p.latexWrt] = (adjoints[p.latexWrt] ?? 0) + r.adjoint * p.value;
      }
      d.latexNames.forEach((name, k) => close(d.gradient[k], adjoints[name], 1e-12, `∂f/∂${name}`));
      for (const block of d.toLatex().split("\n")) katex.renderToString(block.replace(/^\$\$|\$\$$/g, ""), { throwOnError: true, displayMode: true });
    }

    it.each([
      ["the course's trace", f, 0.5],
      ["log2, log10, log1p, expm1", (x: V) => n.add(n.add(n.log2(x), n.log10(x)), n.add(n.log1p(x), n.expm1(x))), 0.7],
      ["asin, acos, atan", (x: V) => n.mul(n.add(n.asin(x), n.acos(x)), n.atan(x)), 0.3],
      ["cbrt, abs, sign", (x: V) => n.mul(n.cbrt(x), n.add(n.abs(x), n.sign(x))), -0.7],
      ["softplus, relu, sigmoid, tanh", (x: V) => n.add(n.mul(n.softplus(x), n.relu(x)), n.mul(n.sigmoid(x), n.tanh(x))), 0.7],
      ["x − (−0.5), x·(−2), x + (−3)", (x: V) => n.add(n.mul(n.sub(x, -0.5), -2), n.add(x, -3)), 1.5],
      ["JavaScript's %, rem(3x, 2) at a negative x (it was \\operatorname{mod}, which reads 1.3 for −0.7 mod 2)", (x: V) => n.mul(n.operators.mod(n.mul(x, 3), 2), x), -0.7],
      ["exp of the step named e, as \\exp(e)", (x: V) => {
        const a = n.pow(x, 2);
        const c = n.add(a, n.exp(a));
        return n.mul(n.sqrt(c), n.exp(n.cos(c)));
      }, 0.5],
      ["hypot(x, −2), max, min", (x: V) => n.add(n.hypot(x, -2), n.mul(n.ADMath.max(x, -1), n.ADMath.min(x, 3))), 1.5],
      ["a tiny constant, 10⁻²⁰·eˣ and 3.5·10⁻⁷ as a base", (x: V) => n.add(n.mul(1e-20, n.exp(x)), n.pow(3.5e-7, n.mul(0.1, x))), 1.5],
    ] as [string, (x: V) => V, number][])("%s: each row evaluates to its value, with partials, tangents and adjoints that agree", (_name, g, x) => {
      readBack(n.derivation(g as never, x));
    });

    it("several inputs: atan2, hypot and a quotient", () => {
      readBack(n.derivation(((x: V, y: V) => n.add(n.atan2(y, x), n.div(n.hypot(x, y), n.sub(x, y)))) as never, [0.7, -0.3]));
    });

    it("writes functions as the course does and a negative constant in parentheses (regression: -2^{x} for (−2)^x, x - -0.5, 1e-20 \\cdot a, \\operatorname{asin})", () => {
      const rows = (g: (x: V) => V, x = 1.5) => n.derivation(g as never, x).rows.map((r) => [r.formula, r.latexFormula]);
      expect(rows((x) => n.pow(-2, x), 2)).toEqual([["(-2)^x", "\\left(-2\\right)^{x}"]]);
      // (−2)^x at x = 2 is 4, the row's value; −2^{x} read back is −4.
      expect(evaluateLatex(latexEngine(), rows((x) => n.pow(-2, x), 2)[0][1], { x: 2 })).toBeCloseTo(4, 12);
      expect(rows((x) => n.sub(x, -0.5))).toEqual([["x − (-0.5)", "x - \\left(-0.5\\right)"]]);
      expect(rows((x) => n.mul(x, -2))).toEqual([["x·(-2)", "x \\cdot \\left(-2\\right)"]]);
      expect(rows((x) => n.mul(1e-20, x))).toEqual([["1e-20·x", "1 \\times 10^{-20} \\cdot x"]]);
      expect(rows((x) => n.asin(x), 0.3)[0][1]).toBe("\\arcsin x");
      expect(rows((x) => n.log2(x))[0][1]).toBe("\\log_{2} x");
      expect(rows((x) => n.log1p(x))[0][1]).toBe("\\ln\\left(1 + x\\right)");
      expect(rows((x) => n.hypot(x, 2))[0][1]).toBe("\\sqrt{x^{2} + 2^{2}}");
      // exp of the step named e is \\exp(e), not e^{e} (Euler's number to its own power).
      const course = (x: V) => {
        const a = n.pow(x, 2);
        const c = n.add(a, n.exp(a));
        return n.mul(n.sqrt(c), n.exp(n.cos(c)));
      };
      expect(rows(course, 0.5).map((r) => r[1]).slice(-3)).toEqual(["\\cos c", "\\exp(e)", "d \\cdot g"]);
      // Numbers in the LaTeX table: 4.4817 \times 10^{-20}, never 4.4817e-20 (TeX reads e as a symbol).
      const tiny = n.derivation(((x: V) => n.mul(1e-20, n.exp(x))) as never, 1.5).toLatex();
      expect(tiny).toContain("4.4817 \\times 10^{-20}");
      expect(tiny).not.toMatch(/\de[-+]?\d/);
    });
  });
});
