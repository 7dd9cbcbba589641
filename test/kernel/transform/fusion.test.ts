import { afterEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import * as vm from "node:vm";
import { createRequire } from "node:module";

/*
 * Fused expressions (kernel/transform/fusion.ts) against the same cells transformed without
 * fusion (NABLA_FUSION=0), in the kernel's own sandbox with the built runtime: the same values
 * on numbers to the bit, the same text on strings, the same errors, and the same derivatives
 * (to rounding) in every mode.
 */

const require = createRequire(import.meta.url);
const { createSandbox } = require("../../../dist/kernel/executor/sandbox.js");
const { transformCell } = require("../../../dist/kernel/transform/transform.js");
const { cellPositionMaps, describeError } = require("../../../dist/kernel/executor/traceback.js");

type Sandbox = { context: vm.Context; scope: Record<string, unknown>; constants: Set<string>; runtimeNames: string[] };
const sandbox: Sandbox = createSandbox(process.cwd(), () => {});
const runtimeNames = new Set(sandbox.runtimeNames);

function transform(code: string, fused: boolean): string {
  const before = process.env.NABLA_FUSION;
  process.env.NABLA_FUSION = fused ? "1" : "0";
  try {
    return transformCell(code, new Set(Object.keys(sandbox.scope)), sandbox.constants, runtimeNames).script;
  } finally {
    if (before === undefined) delete process.env.NABLA_FUSION;
    else process.env.NABLA_FUSION = before;
  }
}

function run(code: string, fused = true): any {
  return new vm.Script(transform(code, fused)).runInContext(sandbox.context);
}

let cells = 9000;
/**
 * The error a cell throws as the kernel shows it: its message, and its traceback's frames in
 * the cell (positions mapped to the cell's as the kernel maps them).
 */
function errorOf(code: string, fused: boolean): { evalue: string; frames: string[] } {
  const before = process.env.NABLA_FUSION;
  process.env.NABLA_FUSION = fused ? "1" : "0";
  const filename = `<cell ${cells++}>`;
  try {
    const cell = transformCell(code, new Set(Object.keys(sandbox.scope)), sandbox.constants, runtimeNames);
    cellPositionMaps.set(filename, cell.cellPosition);
    new vm.Script(cell.script, { filename }).runInContext(sandbox.context);
  } catch (e) {
    const { evalue, traceback } = describeError(e) as { evalue: string; traceback: string[] };
    const frames = traceback.filter((line) => line.includes("<cell")).map((line) => line.replace(/\x1b\[[0-9;]*m/g, "").replace(/<cell \d+>/, "<cell>"));
    return { evalue, frames };
  } finally {
    if (before === undefined) delete process.env.NABLA_FUSION;
    else process.env.NABLA_FUSION = before;
  }
  throw new Error(`${code} did not throw`);
}

/** The cell's own code (the body after the one-line prelude). */
function body(code: string): string {
  const lines = transform(code, true).split("\n");
  return lines.slice(lines.findIndex((l) => l.includes("const __add =")) + 1).join("\n");
}

afterEach(() => {
  delete process.env.NABLA_FUSION;
});

/**
 * Close to rounding: both non-finite alike, or within 1e-10 relative (absolute near 0). The
 * partials are summed in another order than operation by operation, so a cancellation between
 * large partials (d(a/a)/da = 1/a − a/a²) rounds differently.
 */
function close(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-10 * Math.max(1, Math.abs(a), Math.abs(b));
}

function expectClose(actual: unknown, expected: unknown, what: string): void {
  const a = (actual as { toArray?: () => unknown }).toArray?.() ?? actual;
  const e = (expected as { toArray?: () => unknown }).toArray?.() ?? expected;
  if (Array.isArray(e)) {
    expect(Array.isArray(a), what).toBe(true);
    (e as unknown[]).forEach((x, i) => expectClose((a as unknown[])[i], x, `${what}[${i}]`));
    return;
  }
  if (!close(a as number, e as number)) expect(a, what).toBe(e);
}

describe("fused expressions", () => {
  it("make W1's loop body one call, with x[i] read where it stands", () => {
    const text = body("const w1 = (x: number[]) => { let s = 0; for (let i = 0; i < x.length - 1; i++) s += Math.sin(x[i]) * x[i + 1] + Math.exp(-x[i] * x[i]) / (1 + x[i] * x[i]); return s; };");
    expect(text).toMatch(/s = __fz0_add\(s, x\[i\], x\[__add\(i, 1\)\], x\[i\], x\[i\], x\[i\], x\[i\]\)/);
    expect(text).not.toMatch(/__mul|Math\.sin/);
  });

  it("leave alone what is not an expression of fused primitives over operands that only read", () => {
    // A call, a string literal, an optional call, a single operation, a key of x[…].
    expect(body("f(x) * y")).toMatch(/__mul\(f\(x\), y\)/);
    expect(body('"n = " + 2 * k')).toMatch(/__add\("n = ", __mul\(2, k\)\)/);
    expect(body("o?.f() * b + c")).toMatch(/__add\(__mul\(o\?\.f\(\), b\), c\)/);
    expect(body("a * b")).toMatch(/__mul\(a, b\)/);
    expect(body("x[i * n + j]")).toMatch(/x\[__add\(__mul\(i, n\), j\)\]/);
    // A Math or sin the cell declares or shadows is the user's, not the runtime's.
    expect(body("const g = (Math: any) => Math.sin(a) * b")).toMatch(/__mul\(Math\.sin\(a\), b\)/);
    expect(body("function sin(v: number) { return v }\nsin(a) * b + 1")).toMatch(/__add\(__mul\(scope\.sin\(a\), b\), 1\)/);
    // The arguments of a call inside are not operands that only read: its subexpressions fuse on their own.
    expect(body("f(a * b + c) * d")).toMatch(/__mul\(f\(__fz0_add\(a, b, c\)\), d\)/);
  });

  it("give the same numbers as JavaScript's operators, to the bit", () => {
    run("const fz1 = (a: number, b: number, c: number) => Math.sin(a) * b + Math.exp(-a * a) / (1 + c ** 2) - -a / b + Math.atan2(a, c) * Math.pow(b, 3)");
    const plain = (a: number, b: number, c: number) => Math.sin(a) * b + Math.exp(-a * a) / (1 + c ** 2) - -a / b + Math.atan2(a, c) * Math.pow(b, 3);
    for (const [a, b, c] of [[0.3, -2, 5], [0, 0, 0], [-0, 1, -0], [NaN, 1, 2], [Infinity, 2, 3], [1e308, 1e-308, -7]]) {
      expect(Object.is(run(`fz1(${a === 0 && Object.is(a, -0) ? "-0" : a}, ${b}, ${Object.is(c, -0) ? "-0" : c})`), plain(a, b, c))).toBe(true);
    }
  });

  it("keep JavaScript's meaning on strings, bigints, undefined and objects", () => {
    run("const fz2 = (a: any, b: any) => a + b * 2 + a");
    expect(run('fz2("x", 2)')).toBe("x4x");
    // b * 2 of a bigint b throws, as JavaScript's operator does; bigints alone compute.
    expect(() => run("fz2(1n, 2n)")).toThrow(/Cannot mix BigInt/);
    expect(run("((a: any, b: any) => a * b + a)(2n, 3n)")).toBe(8n);
    expect(Number.isNaN(run("fz2(undefined, 1)"))).toBe(true);
    run("const fz3 = (a: any, b: any) => Math.sin(a) * b + 1");
    expect(() => run("fz3(grad, 2)")).toThrow(run("(() => { try { Math.sin(grad) * 2 + 1 } catch (e) { return e.message } })()", false));
  });

  it("read each operand once where it stands (a getter counts its reads)", () => {
    run("let fzReads = 0; const fzO = { get v() { fzReads++; return 3 } }");
    expect(run("fzO.v * fzO.v + fzO.v")).toBe(12);
    expect(run("fzReads")).toBe(3);
  });

  it("differentiate a random expression as the operation-by-operation transform does, in every mode", () => {
    const leaves = ["a", "b", "c", "x[0]", "x[1]", "2", "0.5", "-3"];
    const unary = ["-", "Math.sin", "Math.cos", "Math.exp", "Math.tanh", "Math.atan", "sigmoid", "Math.abs", "softplus", "Math.cbrt"];
    const binary = ["+", "-", "*", "/", "**", "Math.atan2"];
    const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.constantFrom(...leaves),
        fc.tuple(fc.constantFrom(...unary), tie("node")).map(([f, x]) => (f === "-" ? `(-${x})` : `${f}(${x})`)),
        fc.tuple(fc.constantFrom(...binary), tie("node"), tie("node")).map(([op, a, b]) =>
          op === "Math.atan2" ? `Math.atan2(${a}, ${b})` : op === "**" ? `(${a}) ** 2` : `(${a} ${op} ${b})`,
        ),
      ),
    })).node as fc.Arbitrary<string>;
    // Multiples of 1/16 in [−2, 2], zero included: no subnormal a whose 1/a overflows.
    const point = fc.tuple(...Array.from({ length: 5 }, () => fc.integer({ min: -32, max: 32 }).map((k) => k / 16)));
    let sites = 0;
    fc.assert(
      fc.property(expr, point, (e, [a, b, c, x0, x1]) => {
        const code = `(a: any, b: any, c: any, x: any) => ${e}`;
        if (/__fz/.test(transform(code, true))) sites++;
        run(`const fzF = ${code}`, true);
        run(`const fzG = ${code}`, false);
        const args = `${a}, ${b}, ${c}, [${x0}, ${x1}]`;
        const value = run(`fzF(${args})`);
        expect(Object.is(value, run(`fzG(${args})`)), `${e} at ${args}`).toBe(true);
        const opts = "{ argnums: [0, 1, 2, 3] }";
        expectClose(run(`valueAndGrad(fzF, ${opts})(${args})`), run(`valueAndGrad(fzG, ${opts})(${args})`), `valueAndGrad of ${e}`);
        const tangents = "[0.7, -1.1, 0.3, [2, -0.5]]";
        expectClose(run(`jvp(fzF, [${args}], ${tangents})`), run(`jvp(fzG, [${args}], ${tangents})`), `jvp of ${e}`);
        // Nested: a Hessian (forward over reverse) goes operation by operation, through the fused code's fallback.
        expectClose(run(`hessian((v: number[]) => fzF(v[0], v[1], v[2], [v[3], v[4]]))([${a}, ${b}, ${c}, ${x0}, ${x1}])`), run(`hessian((v: number[]) => fzG(v[0], v[1], v[2], [v[3], v[4]]))([${a}, ${b}, ${c}, ${x0}, ${x1}])`), `hessian of ${e}`);
        // Tensors take the fallback, elementwise.
        expectClose(run(`fzF(tensor([${a}, ${b}]), ${c}, tensor([${x0}, 1]), [${x1}, 2])`), run(`fzG(tensor([${a}, ${b}]), ${c}, tensor([${x0}, 1]), [${x1}, 2])`), `tensors in ${e}`);
      }),
      { numRuns: 120, seed: 20261130 },
    );
    // The property is about fused code: most of the random expressions must have been fused.
    expect(sites).toBeGreaterThan(40);
  });

  it("give the derivatives of the closed form (W1's term, and a compound update across cells)", () => {
    run("let fzS = 0; const fzW = (x: number[]) => { let s = 0; for (let i = 0; i < x.length - 1; i++) s += Math.sin(x[i]) * x[i + 1] + Math.exp(-x[i] * x[i]) / (1 + x[i] * x[i]); return s; }");
    const x = [0.3, -1.2, 0.8];
    const [value, g] = run(`valueAndGrad(fzW)([${x}])`);
    const term = (a: number) => Math.exp(-a * a) / (1 + a * a);
    const dterm = (a: number) => term(a) * (-2 * a) - (Math.exp(-a * a) * 2 * a) / (1 + a * a) ** 2;
    expect(value).toBeCloseTo(Math.sin(x[0]) * x[1] + term(x[0]) + Math.sin(x[1]) * x[2] + term(x[1]), 14);
    expectClose(g, [Math.cos(x[0]) * x[1] + dterm(x[0]), Math.sin(x[0]) + Math.cos(x[1]) * x[2] + dterm(x[1]), Math.sin(x[1])], "W1 gradient");
    expect(run(`jvp(fzW, [[${x}]], [[1, 0, 0]])[1]`)).toBeCloseTo(g[0], 13);
    // A session variable updated by a fused compound assignment.
    expect(run("fzS += 2 * Math.PI * 3; fzS")).toBeCloseTo(6 * Math.PI, 14);
    expect(run("derivative((t: number) => { let u = 1; u *= t * t + Math.sin(t); return u })(0.5)")).toBeCloseTo(2 * 0.5 + Math.cos(0.5), 14);
  });

  it("pass 0, not NaN, through a partial that is infinite where nothing depends on it, or a partial of 0", () => {
    expect(run("grad((x: number) => 0 * Math.sqrt(x) + x * 2)(0)")).toBe(2);
    expect(run("grad((x: number) => 0 * Math.sqrt(x) + x * 2)(0)", false)).toBe(2);
    expect(run("jvp((x: number) => 0 * Math.sqrt(x) + x * 2, [0], [1])[1]")).toBe(2);
    // Operation by operation too, and split over statements (products have a strong zero).
    expect(run("jvp((x: number) => 0 * Math.sqrt(x) + x * 2, [0], [1])[1]", false)).toBe(2);
    expect(run("jvp((x: number) => { const r = Math.sqrt(x); return r * 0 + x * 2 }, [0], [1])[1]")).toBe(2);
    // A NaN the fused products make is computed again operation by operation; NaN in gives NaN out.
    expect(run("jvp((x: number) => Math.sqrt(x) * 0 + Math.sqrt(x - 1) * x, [0], [1])")).toEqual([NaN, NaN]);
    expect(run("jvp((x: number[]) => Math.sqrt(x[0]) * x[1] + x[1], [[0, 3]], [[0, 1]])[1]")).toBe(1);
  });

  it("work on variables and dual numbers made by hand", () => {
    expect(run("const fzX = variable(3); const fzY = fzX * fzX + Math.sin(fzX) * 2; backward(fzY); fzX.grad")).toBeCloseTo(6 + 2 * Math.cos(3), 14);
    expect(run("const fzD = dual(2, 1); (fzD * fzD + Math.exp(fzD) / 2).tangent")).toBeCloseTo(4 + Math.exp(2) / 2, 13);
    // Values of two hand tapes are an error, as they are operation by operation.
    const message = (fused: boolean) => run("(() => { const p = variable(1); backward(p * 2); const q = variable(2); try { return String(p * q + Math.sin(q) * 2) } catch (e) { return e.message } })()", fused);
    expect(message(true)).toBe(message(false));
    expect(message(true)).toMatch(/made by variable\(\) before a backward/);
  });

  it("give the same derivatives whether the operands are all dual numbers (or variables) or numbers among them, in turn", () => {
    // One site (fzMix's expression) has a path for operands that are all dual numbers, one for
    // numbers among them, and the same two for tape variables; it is run through each in turn.
    run("const fzMix = (a: any, b: any, c: any) => a * Math.sin(b) + c / (1 + b * b) - a * c");
    // f = a·sin b + c/(1+b²) − a·c: ∂a = sin b − c, ∂b = a·cos b − 2bc/(1+b²)², ∂c = 1/(1+b²) − a.
    const [a, b, c] = [0.7, -1.3, 2.1];
    const partials = [Math.sin(b) - c, a * Math.cos(b) - (2 * b * c) / (1 + b * b) ** 2, 1 / (1 + b * b) - a];
    const value = a * Math.sin(b) + c / (1 + b * b) - a * c;
    for (const pattern of ["ddd", "ndd", "dnd", "ddn", "nnd", "ddd", "dnn", "ddd"]) {
      const args = [a, b, c].map((v, k) => (pattern[k] === "d" ? `dual(${v}, ${k + 1})` : String(v))).join(", ");
      const y = run(`fzMix(${args})`);
      const tangent = [0, 1, 2].reduce((s, k) => s + (pattern[k] === "d" ? (k + 1) * partials[k] : 0), 0);
      expect([pattern, y.value]).toEqual([pattern, value]);
      expect(y.tangent).toBeCloseTo(tangent, 13);
      const held = [0, 1, 2].filter((k) => pattern[k] === "d");
      const names = ["fzA", "fzB", "fzC"];
      const code = `const [${names.join(", ")}] = [${[a, b, c].map((v, k) => (pattern[k] === "d" ? `variable(${v})` : String(v))).join(", ")}]; backward(fzMix(fzA, fzB, fzC)); [${held.map((k) => `${names[k]}.grad`).join(", ")}]`;
      const grads = run(`{ ${code} }`);
      held.forEach((k, j) => expect(grads[j]).toBeCloseTo(partials[k], 13));
    }
    // A dual number of a tensor among scalar ones goes operation by operation, and stays right.
    const t = run("fzMix(dual(tensor([0.7, 0.2]), tensor([1, 0])), dual(-1.3, 0), 2.1)");
    expect(Array.from(t.tangent.data as Float64Array)).toEqual([Math.sin(b) - c, 0].map((v, k) => (k === 0 ? expect.closeTo(v, 13) : 0)));
  });

  it("take operands with ?. and ??, which short-circuit where they stand as they would unfused", () => {
    const code = "const fzOpt = (o: any, w: any) => (o.a?.b ?? w) * w + o?.c * 2";
    expect(transform(code, true)).toMatch(/__fz\d+_add\(o\.a\?\.b \?\? w, w, o\?\.c\)/);
    run(code);
    run(code.replace("fzOpt", "fzOptPlain"), false);
    for (const o of ["{ a: { b: 2 }, c: 3 }", "{ c: 3 }", "{ a: {}, c: -1 }", "{ a: { b: 2 } }"]) {
      for (const fn of ["fzOpt", "fzOptPlain"]) {
        // Values (NaN where o.c is missing), gradients in w and directional derivatives.
        const [value, gradient, tangent] = run(`[${fn}(${o}, 1.5), grad((w: number) => ${fn}(${o}, w))(1.5), jvp((w: number) => ${fn}(${o}, w), [1.5], [1])[1]]`);
        const b = o.includes("b: 2") ? 2 : null;
        const c = o.match(/c: (-?\d+)/)?.[1];
        const expected = c === undefined ? NaN : (b ?? 1.5) * 1.5 + Number(c) * 2;
        expect([fn, o, value]).toEqual([fn, o, expected]);
        // d/dw: b·w gives b where o.a.b is there, w·w gives 2w where it is not; a NaN term
        // that does not depend on w (o.c missing) leaves the derivative as it is.
        const slope = b === null ? 3 : 2;
        expect([gradient, tangent]).toEqual([slope, slope]);
      }
    }
    // o null: o.a throws JavaScript's TypeError, fused or not.
    expect(() => run("fzOpt(null, 1)")).toThrow(/Cannot read properties of null \(reading 'a'\)/);
    expect(() => run("fzOptPlain(null, 1)")).toThrow(/Cannot read properties of null \(reading 'a'\)/);
  });

  it("take the operation-by-operation path where the same text reads different values", () => {
    run("let fzK = 0; const fzP = [variable(1), variable(2)]; const fzQ = { get v() { return fzP[fzK++ % 2] } }");
    const y = run("const fzR = fzQ.v * fzQ.v + fzQ.v * 3; backward(fzR); [fzP[0].grad, fzP[1].grad]");
    // v₁·v₂ + 3·v₁: ∂/∂v₁ = v₂ + 3 = 5, ∂/∂v₂ = v₁ = 1.
    expect(y).toEqual([5, 1]);
  });

  it("list each operation in a derivation, as operation by operation", () => {
    const steps = (fused: boolean) => run("derivation((x: number) => Math.sin(x) * x + Math.exp(-x * x), 0.5)", fused);
    const fused = steps(true);
    const plain = steps(false);
    expect(fused.rows.length).toBe(plain.rows.length);
    expect(fused.rows.length).toBeGreaterThanOrEqual(5);
    expect(fused.value).toBe(plain.value);
    expectClose(fused.gradient, plain.gradient, "derivation gradient");
  });
  it("fuse a long expression in parts, and expressions in methods, getters and compound updates of elements", () => {
    // 40 terms: more operands than one site takes; its parts are fused on their own.
    const terms = Array.from({ length: 40 }, (_, k) => `Math.sin(x[${k % 5}] * ${k + 1})`).join(" + ");
    run(`const fzLong = (x: number[]) => ${terms}`);
    expect(body(`const fzLong2 = (x: number[]) => ${terms}`)).toMatch(/__fz\d+/);
    const x = [0.1, 0.2, 0.3, 0.4, 0.5];
    const closed = (k: number) => Math.cos(x[k % 5] * (k + 1)) * (k + 1);
    const g = run(`grad(fzLong)([${x}])`);
    expectClose(g, x.map((_, i) => Array.from({ length: 40 }, (_, k) => (k % 5 === i ? closed(k) : 0)).reduce((a, b) => a + b, 0)), "40-term gradient");
    run("class FzP { constructor(public w: any, public b: any) {} get out() { return this.w * this.w * 3 + this.b } at(v: any) { return this.w * v + this.b * v * v } }");
    expect(run("grad((w: number) => new FzP(w, 2).out)(1.5)")).toBeCloseTo(9, 14);
    expect(run("grad((v: number) => new FzP(3, 2).at(v))(0.5)")).toBeCloseTo(3 + 4 * 0.5, 14);
    // y[i] += …: an element target reads the element once and writes the sum.
    expect(run("grad((v: number[]) => { const y = [0, 0]; for (let i = 0; i < 2; i++) y[i] += v[i] * v[i] + 1; return y[0] * y[1] })([1, 2])")).toEqual([2 * 1 * 5, 2 * 2 * 2]);
  });

  it("point a traceback at a failing Math call where JavaScript does, at the function's name", () => {
    // It pointed at `Math`: column 10 of the line, where the operation by operation code, as JavaScript, gives 15 (`sin`).
    for (const code of [
      "const fzT = (a: any, b: any) => {\n  return Math.sin(a) * a + a * b\n}\nfzT(1n, 2)",
      "const fzU = (a: any, b: any) =>\n  Math.atan2(a, b) * 2 + Math\n    .pow(b, a) * a\nfzU(tensor([1, 2]), tensor([1, 2, 3]))",
      "const fzV = (a: any, b: any) => sigmoid(a) * 2 + Math.exp(b) * a\nfzV(1, 1n)",
    ]) {
      expect(body(code)).toMatch(/__fz0/);
      const fused = errorOf(code, true).frames;
      expect(fused[0], code).toMatch(/:\d+:\d+\)$/);
      expect(fused, code).toEqual(errorOf(code, false).frames);
    }
  });

  it("quote a fused expression in a TypeError in the cell's words, as operation by operation", () => {
    // It said "__fz0(...) is not a function" for (a * b + 1)().
    run("const fzA = 2, fzB = 3");
    for (const [code, words] of [
      ["(fzA * fzB + 1)()", "(... + ...) is not a function"],
      ["(fzA * fzB - 1).foo()", "(... - ...).foo is not a function"],
      ["new (fzA ** fzB ** 2)()", "(... ** ...) is not a constructor"],
      ["(Math.sin(fzA * fzB))()", "Math.sin(...) is not a function"],
      ["(sigmoid(fzA) * fzB)[Symbol.iterator]()", "(... * ...)[Symbol.iterator] is not a function"],
      ["(-(fzA * fzB))()", "(-...) is not a function"],
      ["for (const q of fzA * fzB / 2) {}", "(... / ...) is not iterable"],
      ["for (const q of Math.atan2(fzA * fzB, 1)) {}", "Math.atan2 is not a function or its return value is not iterable"],
    ]) {
      expect(body(code)).toMatch(/__fz0/);
      expect(errorOf(code, true).evalue, code).toBe(words);
      expect(errorOf(code, false).evalue, code).toBe(words);
    }
  });

  it("transform a long expression in about the time of the operation-by-operation transform", () => {
    // Each operation inside asks whether it roots a fused expression: building each whole
    // subtree before giving up on its size made a 500-term sum 8× slower to transform (1.3 s).
    const code = `const fzX = [1, 2, 3]; const fzY = ${Array.from({ length: 500 }, (_, k) => `fzX[${k % 3}] * ${k + 1}`).join(" + ")}`;
    const fastest = (fused: boolean) => Math.min(...Array.from({ length: 3 }, () => {
      const start = performance.now();
      transform(code, fused);
      return performance.now() - start;
    }));
    const plain = fastest(false);
    expect(fastest(true)).toBeLessThan(3 * plain + 50);
    expect(body(code)).toMatch(/__fz\d+_add/);
  });
});
