import { beforeAll, describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { existsSync } from "node:fs";
import { LanguageService } from "../../../kernel/language/service";
import * as runtime from "../../../src/index";

const entry = resolve(__dirname, "..", "..", "..", "dist", "src", "index.js");

describe("the language service", () => {
  const ls = new LanguageService(entry, () => Object.keys(runtime));
  beforeAll(() => {
    expect(existsSync(entry), "npm test builds dist/ first").toBe(true);
    ls.warmUp();
  }, 60_000);

  it("knows the standard library (Map, Promise, Array.prototype.includes) and reports only real errors", () => {
    expect(ls.diagnostics("const m = new Map<string, number>(); const p: Promise<number> = Promise.resolve(1); [1, 2].includes(2)")).toEqual([]);
    const d = ls.diagnostics("const q: number = 'text'\nunknownName + 1");
    expect(d.map((x) => [x.line, x.column, x.code])).toEqual([[1, 7, 2322], [2, 1, 2304]]);
  });

  it("does not flag maths the cell transform makes work: tensor operators, comparisons on duals, unknown results", () => {
    expect(ls.diagnostics("const A = tensor([[1, 2], [3, 4]]); A * A + 1\nconst g = grad((x: number) => x * x)(2); g * 2\nconst d = dual(1, 1); d < 2")).toEqual([]);
  });

  it("types operator results as the runtime computes them: tensor arithmetic is a Tensor, dual arithmetic a Dual", () => {
    const cell = "const A = tensor([[1, 2], [3, 4]])\nconst C = A * A + 1\nC.shape;\n(A * A).T\nconst d = dual(2, 1) * 3\nd.tangent\nconst n = 2 * 3 - -1\nn.toFixed(1)\nconst s = 'a' + 1\ns.length";
    expect(ls.diagnostics(cell)).toEqual([]);
    // Completions after an operator expression list the tensor's members, not a number's.
    expect(ls.complete("const A = tensor([1, 2]); (A * A).resh", 38).matches).toEqual(["reshape"]);
    expect(ls.complete("const A = tensor([1, 2]); const B = A - 1; B.", 45).matches).toContain("shape");
    // Real errors keep their place in the cell, after operators that the view rewrote.
    const d = ls.diagnostics("const A = tensor([1, 2]) * 2 + 1\nconst bad: string = A * 2 + 3");
    expect(d.map((x) => [x.line, x.column, x.code])).toEqual([[2, 7, 2322]]);
    expect(d[0].message).toMatch(/Type 'Tensor' is not assignable to type 'string'/);
    // Inspecting a name inside an operator expression finds it.
    expect(ls.inspect("const A = tensor([1, 2]); A * hessian", 37, 0).data["text/plain"]).toMatch(/The Hessian/);
    // Earlier cells are seen through the same view.
    ls.addCell("const K = tensor([[1, 0], [0, 1]]) * 3");
    expect(ls.diagnostics("K.T")).toEqual([]);
  });

  it("types Math as the cell's Math: its functions take tensors, dual numbers and tape variables", () => {
    const cell = "const v = variable(2)\nconst w = v * v + Math.sin(v)\nw.grad\nconst z = tensor([-1, 0, 2])\nconst sig = 1 / (1 + Math.exp(-z))\nsig.shape\nconst m = Math.max(dual(1, 1), 0)\nm.tangent\nMath.tanh(matmul(z, z) * +z).T\nconst k: number = Math.sin(1) + Math.max(...[1, 2]) + Math.pow(2, 3) + Math.min()";
    expect(ls.diagnostics(cell)).toEqual([]);
    // Methods keep the kind of value they are called on (A.matmul(B).T is a tensor).
    expect(ls.diagnostics("const A = tensor([[1, 2], [3, 4]]); const x = tensor([1, 2])\nx.T.matmul(A).matmul(x)\nA.matmul(A).T.shape\nA.sin().exp().reshape(4).shape\ndual(2, 1).mul(3).sin().tangent")).toEqual([]);
    // Arithmetic on an unknown result (grad's) is not a number: it may be a tensor.
    expect(ls.diagnostics("const gr = grad((t: Tensor) => dot(t, t))(tensor([1, 2]));\n(gr / 2).toArray();\n(2 * gr - 1).shape")).toEqual([]);
    // The matrix functions of a tensor or a matrix literal are tensors: X⁻ᵀ is inv(X).T.
    expect(ls.diagnostics("const X = tensor([[2, 1], [1, 3]]);\ninv(X).T.toArray();\nsolve(X, [1, 2]).shape;\ncholesky(X).T;\ntranspose(X).matmul(X);\ninv([[2, 0], [0, 4]]).toArray()")).toEqual([]);
    expect(ls.inspect("inv", 3, 0).data["text/plain"]).toMatch(/The inverse matrix/);
    // On numbers Math is the standard library's, with its errors.
    expect(ls.diagnostics("const s: string = Math.sin(2)").map((x) => x.code)).toEqual([2322]);
  });

  it("types Math's functions passed as values by their argument: xs.map(Math.sin) of numbers is number[] (it was Tensor[], TS2322)", () => {
    const cell = "const f = (xs: number[]) => xs.map(Math.sin).reduce((a, b) => a + b, 0)\nconst k: number = grad(f)([1, 2])[0] + f([1])\nconst e: number[] = [1, 2].map(Math.exp).map(Math.abs)\nconst h = Math.tanh; const hn: number = h(1)\nconst dv: number = derivative(Math.cos)(1)";
    expect(ls.diagnostics(cell)).toEqual([]);
    // A tensor's or a tape variable's stays one.
    expect(ls.diagnostics("const ts = [tensor([1, 2])].map(Math.exp); ts[0].shape\nconst vs = [variable(1)].map((Math.sin)); vs[0].grad")).toEqual([]);
    // A real error is still one, at its place in the cell: reduce passes the index and the array too.
    expect(ls.diagnostics("const s: string = [1].map(Math.sin)[0]\nconst r = [3, 1].reduce(Math.max)").map((d) => [d.line, d.column, d.code])).toEqual([[1, 7, 2322], [2, 25, 2345]]);
  });

  it("types floor, ceil, round, trunc and sign of a scalar dual number or tape variable as a number, as the runtime gives it", () => {
    expect(ls.diagnostics("const fa: number = Math.floor(dual(1.5, 1)) + Math.sign(variable(2)) + floor(dual(1, 1)) + round(variable(1))\nconst fc = Math.ceil(tensor([1.5])); fc.shape\nconst fs = Math.sin(dual(1, 1)); fs.tangent")).toEqual([]);
    expect(ls.diagnostics("Math.floor(dual(1.5, 1)).tangent").map((d) => d.code)).toEqual([2339]);
  });

  it("knows the array methods of ES2023 that Node 20 has (toSorted, with, findLast warned TS2550), not those it lacks", () => {
    expect(ls.diagnostics("const srt: number[] = [3, 1, 2].toSorted((a, b) => a - b).toReversed().with(0, 5)\nconst last: number | undefined = [1, 2].findLast((v) => v > 1)")).toEqual([]);
    // Object.groupBy is ES2024: Node 20 has none.
    expect(ls.diagnostics("Object.groupBy([1], (v) => v)").map((d) => d.code)).toEqual([2550]);
  });

  it("types Math.max.apply(null, xs) and Math.min.call(null, a, b) of numbers as numbers (a Tensor, TS2322)", () => {
    expect(ls.diagnostics("const ma: number = Math.max.apply(null, [1, 2]) + Math.min.call(null, 1, 2)\nconst na: string = Math.sin.name\nconst ga: number = grad((x: number[]) => Math.max.apply(null, [x[0], 2 * x[1]]))([1, 2])[0]")).toEqual([]);
  });

  // A student's Newton step: `0.5 * dot(x, matmul(Q, x))` was typed a Tensor (TS2322 on a
  // `: number` return) and `p0[0] - element(step, 0)` too, though both are numbers at run time.
  it("types dot of two vectors and element of a tensor as numbers, as the runtime gives them", () => {
    const cell =
      "const Q = tensor([[4, 1], [1, 3]]); const cv = tensor([1, 2]);\nconst quad = (x: Tensor): number => 0.5 * dot(x, matmul(Q, x)) - dot(cv, x);\n" +
      "const step = solve([[2, 0], [0, 4]], [2, 4]);\nconst p1: number[] = [1 - element(step, 0), 1 - element(step, 1)];\nconst d2: number = dot([1, 2], tensor([3, 4]));";
    expect(ls.diagnostics(cell)).toEqual([]);
    expect(runtime.dot(runtime.tensor([1, 2]), runtime.matmul(runtime.tensor([[4, 1], [1, 3]]), runtime.tensor([1, 2])))).toBe(20);
    expect(runtime.element(runtime.solve([[2, 0], [0, 4]], [2, 4]), 1)).toBe(1);
  });

  it("types derivatives as the runtime shapes them, so training cells check as written (they warned TS2488, TS2322 on unknown)", () => {
    const cells = [
      // One gradient per listed argument, destructured; a value and a gradient; reductions as numbers.
      "const X = randn([4, 3], 2); let W = randn([3, 2], 1); let b = zeros([2]);\nconst loss = (W: Tensor, b: Tensor) => mean((matmul(X, W) + b) ** 2);\nconst [gW, gb] = grad(loss, { argnums: [0, 1] })(W, b);\nW = W - 0.1 * gW; b = b - 0.1 * gb;\nconst [L, [gW2, gb2]] = valueAndGrad(loss, { argnums: [0, 1] })(W, b);\nconst Ln: number = L; gW2.shape; gb2.T;",
      "const s2: number = sum(tensor([1, 2])) + norm([3, 4]) + mean([[1, 2]]) + det([[1, 2], [3, 4]]) + logdet([[2, 0], [0, 2]]) + trace([[1, 0], [0, 1]]) + mse([1, 2], [1, 3]) + logsumexp([0, 0]) + dot([1, 2], [3, 4]);\nsum(tensor([[1, 2]]), 0).shape; norm(tensor([[1, 2]]), 2, 1).toArray();",
      "const dq: number = derivative((x: number) => x * x)(3);\nconst gq: number[] = grad((v: number[]) => v[0] * v[1])([1, 2]);\nconst J: number[][] = jacobian((v: number[]) => [v[0] * v[1], v[0]])([1, 2]);\nconst Jf: number[][] = jacfwd((v: number[]) => [v[0], v[1]])([1, 2]); const Jr: number[][] = jacrev((v: number[]) => [v[0], v[1]])([1, 2]);\nconst H: number[][] = hessian((v: number[]) => v[0] * v[1])([1, 2]);\nconst hv: number[] = hvp((v: number[]) => v[0] * v[0])([1, 2], [1, 0]);",
      "const gp = grad((p: { W: Tensor; c: number }) => sum(p.W * p.W) + p.c ** 2)({ W: ones([2]), c: 1 });\ngp.W.shape; const gc: number = gp.c;\nconst [y, pb] = vjp((v: number[]) => [v[0] * v[1]], [1, 2]); const y0: number = y[0]; pb([1]);\nconst [yv, t] = jvp((x: number) => Math.sin(x), [1], [1]); const tn: number = t + yv;\nconst ds: number = derivative(Math.sin)(0);",
      "const JT = jacobian((x: Tensor) => softmax(x))(tensor([1, 2, 3])); JT.shape;\nconst [ga, gbb] = grad((a: number, b: number[]) => a * b[0], { argnums: [0, 1] })(1, [2]); const gaN: number = ga; gbb.length;\nconst g1: number[] = grad((a: number, b: number[]) => a * b[0], { argnums: 1 })(1, [2]);",
    ];
    for (const cell of cells) expect(ls.diagnostics(cell), cell).toEqual([]);
    // Objects of parameters: an array result's Jacobian is one block per field (it was typed an
    // array of objects, {a: number; b: number}[], and J.a[0] warned TS2339), an object of outputs
    // is outside them, and a Hessian nests field in field.
    const trees =
      "const Jq = jacobian((q: { a: number; b: number[] }) => [q.a * q.b[0], q.a])({ a: 2, b: [3] });\nconst Ja: number[] = Jq.a; const Jb: number[][] = Jq.b;\n" +
      "const Jo = jacobian((q: { a: number; b: number }) => ({ u: q.a * q.b, v: [q.a, q.b] }))({ a: 2, b: 3 });\nconst Jua: number = Jo.u.a; const Jvb: number[] = Jo.v.b;\n" +
      "const Hq = hessian((q: { w: Tensor; c: number }) => sum(q.w * q.w) * q.c)({ w: ones([2]), c: 1 });\nHq.w.w.shape; Hq.w.c.shape; const Hcc: number = Hq.c.c;";
    expect(ls.diagnostics(trees)).toEqual([]);
    // The types are precise: a gradient of number[] is not a string, a Hessian of a Tensor argument is a Tensor.
    const wrong = ls.diagnostics("const w1: string = grad((v: number[]) => v[0])([1]);\nconst w2: number = hessian((x: Tensor) => sum(x * x))(tensor([1, 2]));\nconst w3: Tensor = sum(tensor([1, 2]));");
    expect(wrong.map((d) => [d.line, d.code])).toEqual([[1, 2322], [2, 2322], [3, 2322]]);
    expect(wrong[0].message).toMatch(/Type 'number\[\]' is not assignable to type 'string'/);
    expect(wrong[1].message).toMatch(/Type 'Tensor' is not assignable to type 'number'/);
  });

  it("types the maths functions as the primal view reads them: scalar functions of numbers are numbers, tensor functions of tensors and arrays are Tensors (they returned Value)", () => {
    const cells = [
      // Scalar functions of numbers: was "Type 'Tensor' is not assignable to type 'number'" (Value * number was a Tensor).
      "const f2 = (x: number) => exp(-x) * cos(2 * x) + sqrt(x);\nconst y1: number = f2(1); const d2: number = derivative(f2)(1);\nconst sg: number = sigmoid(0.5) + tanh(0.2) + pow(2, 3) + atan2(1, 1) + maximum(1, 2) + clip(3, 0, 1) + hypot(3, 4) + softplus(relu(-1));\nconst ex: number[] = [1, 2].map(exp);\nconst sn: number = stopGradient(2) * primal(3); const sv: number[] = stopGradient([1, 2]);",
      // Elementwise functions of tensors: was "Type 'Value' is not assignable to type 'Tensor'".
      "function layer(p: { W1: Tensor; b1: Tensor }, x: Tensor): Tensor {\n  return tanh(matmul(x, p.W1) + p.b1);\n}\nconst z = tensor([1, -2]); sigmoid(z).T; relu(z).shape; exp([1, 2]).toArray(); maximum(z, 0).shape; clip(z, -1, 1).shape; softmax(z).toArray(); logSoftmax(z, 0).shape; scale(2, z).T; where(gt(z, 0), sqrt(z), 0).shape; const wn: number = where(true, 1, 2);",
      // Products and layout: was "Property 'toArray' does not exist on type 'Value'".
      "const A = tensor([[1, 2], [3, 4]]); const x = tensor([1, 2]);\nmatmul(A, x).toArray(); matmul([[1, 2], [3, 4]], [1, 1]).toArray(); const vv: number = matmul([1, 2], [3, 4]);\nouter(x, x).T; kron(A, A).shape; vec(A).shape; unvec([1, 2, 3, 4], 2, 2).T; diag(x).T; diag(A).shape;\nstack([x, x]).shape; stack([1, 2]).shape; concat([A, A], 1).T; reshape(A, [4]).shape; broadcastTo(x, [2, 2]).T; sumToShape(A, [2]).shape; slice(A, 0, 1).T; index(A, [0, [0, 2]]).shape;",
      // Entries, reductions and results of a Tensor: was "Type 'Value' is not assignable to type 'number'" and "Type 'unknown' is not assignable".
      "const M = tensor([[1, 2], [3, 4]]);\nconst m01: number = M.get(0, 1); const ms: number = M.sum() + M.mean(); M.sum(0).shape; M.at(0, [0, 1]).shape;\nconst rows: number[][] = M.toArray(); const e0: number = M.at(1, 1);\nconst am: number = argmax([1, 3, 2]); argmax(M, 1).shape; const mx: number = max([1, 2, 3]) + min(M) + max(1, 4, 2); max(M, 0).shape;\nconst { values, vectors } = eigh(M); vectors.T.matmul(values); qr(M).R.T; svd(M).s.toArray(); const la: number = slogdet(M).logAbsDet;",
      // Newton's method on number[] with a Tensor step: was "Type 'Tensor[]' is not assignable to type 'number[]'".
      "const rosen = (x: number[]) => (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2;\nlet xN = [1.2, 1.2];\nfor (let k = 0; k < 3; k++) {\n  const step = solve(hessian(rosen)(xN), grad(rosen)(xN));\n  xN = xN.map((xi, i) => xi - step.get(i));\n}",
    ];
    for (const cell of cells) expect(ls.diagnostics(cell), cell).toEqual([]);
    // Real errors are still reported: eigh gives an object (array destructuring throws), a Tensor is no string, a misspelt name.
    const wrong = ls.diagnostics("const [vals, vecs] = eigh([[2, 1], [1, 2]]);\nconst w1: string = sin(tensor([1, 2]));\nconst w2: number = matmul([[1, 2]], [1, 1]);\nsinn(1);\nconst w3: Tensor = sin(2);");
    expect(wrong.map((d) => [d.line, d.code])).toEqual([[1, 2488], [2, 2322], [3, 2322], [4, 2552], [5, 2322]]);
    expect(wrong[1].message).toMatch(/Type 'Tensor' is not assignable to type 'string'/);
    expect(wrong[4].message).toMatch(/Type 'number' is not assignable to type 'Tensor'/);
  });

  it("types the objects a course makes by hand: variable(3).grad and dual(2, 1).tangent are numbers, and stay so through arithmetic (they were Value: TS2322)", () => {
    const cells = [
      "const x = variable(3); const yv = variable(4); const z = x * yv + Math.sin(x); backward(z);\nconst gx: number = x.grad; const gy: number = yv.grad; gx.toFixed(2); const zv: number = z.value;",
      "const d = dual(2, 1); const e = Math.sin(d) + d * 3; const ev: number = e.value; const et: number = e.tangent;\nconst m = mul(dual(3, 1), dual(2, 0)); const mt: number = m.tangent; const s = add(sin(d), mul(d, 3)); const st: number = s.tangent;",
      "const W = variable(randn([2, 2])); const L = sum(W * W); backward(L); W.grad.shape; W.value.T;\nconst dd = dual(tensor([1, 2]), tensor([1, 0])); dd.tangent.shape;",
    ];
    for (const cell of cells) expect(ls.diagnostics(cell), cell).toEqual([]);
    const wrong = ls.diagnostics("const w1: string = variable(3).grad;\nconst w2: number = variable([1, 2]).grad;\nconst w3: string = (dual(1, 1) * 2).tangent;");
    expect(wrong.map((d) => [d.line, d.code])).toEqual([[1, 2322], [2, 2322], [3, 2322]]);
  });

  it("completes from types: string members, runtime globals, tensor members", () => {
    expect(ls.complete("'abc'.toUpp", 11).matches).toEqual(["toUpperCase"]);
    expect(ls.complete("jacf", 4).matches).toEqual(["jacfwd"]);
    expect(ls.complete("tensor([1, 2]).resh", 19).matches).toEqual(["reshape"]);
  });

  it("sees earlier cells' declarations, and a name declared again is no error", () => {
    ls.addCell("const learningRate = 0.1\nfunction step(x: number) { return x - learningRate }");
    expect(ls.complete("learningR", 9).matches).toEqual(["learningRate"]);
    expect(ls.diagnostics("step('x')")[0].code).toBe(2345);
    expect(ls.diagnostics("const learningRate = 0.2")).toEqual([]);
  });

  it("a name declared again in a later cell has the later type (x was a number after let x = 'text')", () => {
    ls.addCell("let retyped = 1");
    ls.addCell("let retyped = 'some text'");
    expect(ls.complete("retyped.toUpperC", 16).matches).toEqual(["toUpperCase"]);
    expect(ls.diagnostics("const n: number = retyped").map((d) => d.code)).toEqual([2322]);
  });

  it("a name declared again has the later type also when the earlier cell declared others (partly kept its first type)", () => {
    ls.addCell("let partly = 1; let other = 2");
    ls.addCell("let partly = 'some text'");
    expect(ls.complete("partly.toUpperC", 15).matches).toEqual(["toUpperCase"]);
    expect(ls.complete("other.toFix", 11).matches).toEqual(["toFixed"]);
  });

  it("a cell that failed part-way adds the declarations that ran: later cells saw 'Cannot find name' for them", () => {
    const failed = "const Wfail = tensor([[1, 2, 3], [4, 5, 6]])\nconst vfail = tensor([1, 2])\ninterface Fails { n: number }\nmatmul(Wfail, vfail)\nconst notReached = 1\nfunction hoisted() { return 2 }";
    ls.addCell(failed, ["Wfail", "vfail", "hoisted"]);
    expect(ls.diagnostics("matmul(Wfail.T, vfail)\nconst fl: Fails = { n: hoisted() }")).toEqual([]);
    expect(ls.complete("Wfail.resh", 10).matches).toEqual(["reshape"]);
    expect(ls.diagnostics("notReached").map((d) => [d.line, d.column, d.code])).toEqual([[1, 1, 2304]]);
    // A cell that failed before any declaration ran adds none of its values.
    ls.addCell("throw new Error('first')\nconst neverDeclared = 1", []);
    expect(ls.diagnostics("neverDeclared").map((d) => d.code)).toEqual([2304]);
  });

  it("a line beginning with [ or ( that continues the line before is a warning at it (x * x\n[…] was read as x * x[…] and the cell showed nothing)", () => {
    const d = ls.diagnostics("const fr = (x: number) => x < 0 ? -x : x * x\n[derivative(fr)(-1), derivative(fr)(2)]");
    expect(d).toEqual([{ line: 2, column: 1, code: 0, message: "this line begins with '[', so it continues line 1 (JavaScript inserts no semicolon before '['): it indexes the value line 1 ends with; end line 1 with ';' if these are two statements" }]);
    // TypeScript finds `1(total)` not callable; the warning says why it is read so.
    const call = ls.diagnostics("let total = 1\n  (total as any) = 2").filter((x) => x.code === 0);
    expect(call.map((x) => [x.line, x.column, x.message.split(":")[0]])).toEqual([[2, 3, "this line begins with '(', so it continues line 1 (JavaScript inserts no semicolon before '(')"]]);
    // Not where a line break sits inside the brackets, after a semicolon, or in an array literal or a chain.
    expect(ls.diagnostics("const m = [[1, 2],\n  [3, 4]]\nconst k = m[\n  0]\n;[k].map((r) => r)\nconst s = Math.max(\n  1, 2)\nconst t = [1, 2]\n  .map((v) => v * 2)")).toEqual([]);
  });

  it("a dual number or tape variable passed where a number is declared is no warning: forward mode by hand on a typed function (it warned TS2345)", () => {
    ls.addCell("const sqHand = (x: number) => x * x\nconst dotHand = (v: number[]) => v[0] * v[1]");
    expect(ls.diagnostics("sqHand(dual(3, 1))\nsqHand(variable(3))\nsqHand(dual(3, 1) * 2)\ndotHand([dual(1, 1), 2])\ndotHand([variable(1), variable(2)])")).toEqual([]);
    // Still warnings: a dual where a string or an array is declared, and a string for a number.
    expect(ls.diagnostics("const upperHand = (s: string) => s.toUpperCase()\nupperHand(dual(3, 1))\ndotHand(dual(3, 1))\nsqHand('3')").map((d) => [d.line, d.code])).toEqual([[2, 2345], [3, 2345], [4, 2345]]);
  });

  it("a comparison of tensors is typed a Tensor, so accuracy = mean(eq(pred, labels)) is no warning (it warned TS2769: boolean is not an Input)", () => {
    expect(ls.diagnostics("const P = tensor([0.2, 0.7])\nconst acc: number = mean(eq(gt(P, 0.5), [0, 1]))\nconst m = lt([1, 2], P); m.shape\nconst b: boolean = gt(3, 2)")).toEqual([]);
    // A scalar comparison is still a boolean.
    expect(ls.diagnostics("const t: Tensor = gt(3, 2)").map((d) => d.code)).toEqual([2322]);
  });

  it("a cell ending in a, b, as Python shows two values, is a warning: only b is shown (TypeScript said nothing for losses[0], losses.at(-1))", () => {
    const message = "only the last value of 'a, b' is the cell's result (JavaScript's comma operator): write [a, b] to see them all";
    expect(ls.diagnostics("const lossesC = [0.9, 0.1]\nlossesC[0], lossesC.at(-1)")).toEqual([{ line: 2, column: 11, message, code: 0 }]);
    expect(ls.diagnostics("const lossesD = [0.9, 0.1];\n(lossesD[0], Math.max(...lossesD), lossesD.at(-1))").map((d) => [d.line, d.column, d.code])).toEqual([[2, 12, 0]]);
    // TypeScript's own warning for names is not doubled; a comma that sequences updates, or one inside an expression, is meant.
    expect(ls.diagnostics("const aC = 1, bC = 2\naC, bC").map((d) => d.code)).toEqual([2695]);
    expect(ls.diagnostics("let iC = 0, jC = 0\niC++, jC++")).toEqual([]);
    expect(ls.diagnostics("const pairC = [1, 2]\nconst sC = pairC.map((v, k) => v * k)\n[pairC[0], sC.length]".replace("\n[", ";\n["))).toEqual([]);
  });

  it("a dual number or tape variable of a number is compared, searched and sorted by its value: switch, ===, includes, sort, reduce (they warned TS2678, TS2367, TS2345, TS2769, TS2322)", () => {
    const cells = [
      "switch (dual(2, 1)) { case 2: console.log('two'); break; default: break }\nswitch (variable(2)) { case 1: break; case 2: break }\nconst yc = dual(3, 1); switch (3) { case yc: break }",
      "const dq = dual(2, 1); if (dq === 2) console.log(1); const bq = variable(3) == 3; const cq = 2 !== dq;",
      "const xq = [dual(1, 1), dual(2, 0)]; xq.includes(1); xq.indexOf(2); [variable(1)].lastIndexOf(1);",
      "const xs = [dual(2, 1), dual(1, 0)]; const so = [...xs].sort((a, b) => a - b); so[0].tangent;\nconst to = xs.reduce((s, x) => s + x, 0); to.tangent; const ns: number[] = xs.map((x) => x * 2);",
    ];
    for (const cell of cells) expect(ls.diagnostics(cell), cell).toEqual([]);
    // Still warnings: a string case or comparison, a tensor-valued dual number against a number, a string searched, a string-returning comparator.
    const wrong = ls.diagnostics("switch (dual(2, 1)) { case 'a': break }\nswitch (dual(tensor([1]), tensor([1]))) { case 2: break }\nconst sq = dual(2, 1) === 'a';\n[dual(1, 1)].includes('a');\n[dual(1, 1)].sort((a, b) => 'x');\nconst sn: string[] = [dual(1, 1)].map((x) => x * 2);");
    expect(wrong.map((d) => [d.line, d.code])).toEqual([[1, 2678], [2, 2678], [3, 2367], [4, 2345], [5, 2345], [6, 2322]]);
  });

  it("a let declared with a number and assigned a tensor is read as number | Tensor: let acc = 0; for (…) acc = acc + T (it warned TS2322 at the assignment)", () => {
    const cells = [
      "const Ts = [randn([2]), randn([2])]; let S = 0; for (const x of Ts) S = S + outer(x, x); const M = S / Ts.length; M.T;\nlet acc = 0; for (const T of Ts) { acc = acc + T; acc.shape }",
      "let z = 0; z = tensor([1, 2]); z.shape;\nfunction total(Ts: Tensor[]) { let acc = -1; for (const T of Ts) acc = acc + T; return acc }\nlet e = 0; e = dual(tensor([1]), tensor([1])); e.tangent.shape; e = variable(tensor([1])); e.value;",
    ];
    for (const cell of cells) expect(ls.diagnostics(cell), cell).toEqual([]);
    // Still warnings: an annotated number, a const, a string assigned, a string variable, a use after a loop that may not run (it may be 0), and a later error keeps its column.
    const wrong = ls.diagnostics("let n: number = 0; n = tensor([1]);\nconst c = 0; c = tensor([1]);\nlet s = 0; s = 'a';\nlet q = 'x'; q = tensor([1]);\nlet acc = 0; for (const T of [ones([2])]) acc = acc + T; acc.shape;\nlet z = 0; z = tensor([1]); const zs: string = z * 2;");
    expect(wrong.map((d) => [d.line, d.column, d.code])).toEqual([[1, 20, 2322], [2, 14, 2588], [3, 12, 2322], [4, 14, 2322], [5, 62, 2339], [6, 35, 2322]]);
    expect(wrong[4].message).toMatch(/Property 'shape' does not exist on type 'number \| Tensor'/);
    // acc += T is acc = acc + T, as the cell runs it (TypeScript kept acc a number: (acc * 1).T warned TS2339).
    expect(ls.diagnostics("let accC = 0; for (const T of [ones([2])]) accC += T; (accC * 1).T;\nlet Wc = randn([2, 2]); Wc -= 0.1 * Wc; Wc *= 2; Wc.T;\nconst f = (x: number) => { let y = x; y *= 2; y += Math.sin(x); return y }; derivative(f)(1);\nlet sc = 'a'; sc += 1; sc.toUpperCase();")).toEqual([]);
    expect(ls.diagnostics("let nc = 1;\nnc += 'x';").map((d) => [d.line, d.column, d.code])).toEqual([[2, 1, 2322]]);
    // A number-or-tensor reduces to a number and maps elementwise to a tensor, as the operators take it (it was Value: TS2322, TS2339).
    expect(ls.diagnostics("let accR = 0; for (const T of [ones([2])]) accR += T;\nconst rs: number = sum(accR) + mean(accR) + norm(accR) + logsumexp(accR) + max(accR) + min(accR); relu(accR).shape; maximum(accR, 0).T;\nconst Zt = Math.random() > 2 ? 0 : ones([2]); const zs: number = sum(Zt); exp(Zt).shape;")).toEqual([]);
    expect(ls.diagnostics("const Zw = Math.random() > 2 ? 0 : ones([2]);\nconst zw: string = sum(Zw);\nconst zr: number = relu(Zw);").map((d) => [d.line, d.code])).toEqual([[2, 2322], [3, 2322]]);
    // A later cell sees it so too, once the cell checked has run: arithmetic on it is a tensor.
    const ran = "let accRan = 0; for (const T of [ones([2])]) accRan = accRan + T";
    expect(ls.diagnostics(ran)).toEqual([]);
    ls.addCell(ran);
    expect(ls.diagnostics("(accRan * 2).T; const accT: Tensor = accRan * 1;")).toEqual([]);
  });

  it("a model class whose fields are set after construction is no warning (class Linear { W: Tensor; … } warned TS2564)", () => {
    const cell = "class Linear { W: Tensor; forward(x: Tensor) { return matmul(x, this.W) } }\nconst lin = new Linear(); lin.W = randn([2, 2]); lin.forward(randn([3, 2])).shape;\nconst gl = grad((W: Tensor) => { lin.W = W; return sum(lin.forward(ones([1, 2]))) })(lin.W); gl.T;";
    expect(ls.diagnostics(cell)).toEqual([]);
    // Still warnings: a field of the wrong type, a missing member.
    const wrong = ls.diagnostics("class Lin2 { W: Tensor; n: number }\nconst l2 = new Lin2(); l2.W = 'w'; l2.n = tensor([1]); l2.forward(1);");
    expect(wrong.map((d) => [d.line, d.code])).toEqual([[2, 2322], [2, 2322], [2, 2339]]);
  });

  it("parameters updated by Object.fromEntries(Object.entries(p).map(…)) keep their type (it warned TS2739: '{ [k: string]: Tensor }' is missing W, b)", () => {
    const cell = "let params = { W: randn([2, 2]), b: zeros([2]) };\nconst gP = grad((p: typeof params) => sum(p.W) + sum(p.b))(params);\nparams = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v - 0.1 * gP[k as keyof typeof params]]));\nconst next: typeof params = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v * 2])); next.W.T;";
    expect(ls.diagnostics(cell)).toEqual([]);
    // Still warnings: an object of other keys, an index-signature object not made by Object.fromEntries.
    const wrong = ls.diagnostics("let pw = { W: ones([2]) };\npw = { V: ones([2]) };\nconst rw: { W: Tensor } = {} as Record<string, Tensor>;");
    expect(wrong.map((d) => [d.line, d.code])).toEqual([[2, 2353], [3, 2741]]);
  });

  it("enum members keep TypeScript's arithmetic: const enum K { A = 1 + 1 } warned TS2474 (the view made it a call)", () => {
    expect(ls.diagnostics("const enum K { A = 1 + 1, B = A * 3 }\nconst kb: number = K.B;\nenum Size { Small = 2 * 2, Big = Small * 4 }\nconst sz: Size = Size.Big; Size[16].toUpperCase();")).toEqual([]);
    expect(ls.diagnostics("const enum K2 { A = 1 + 1 }\nconst k2: string = K2.A;\nenum E2 { A = 'a'.length * 2, B = 'b' }\nconst e2: number = E2.B;").map((d) => [d.line, d.code])).toEqual([[2, 2322], [4, 2322]]);
  });

  it("a cell run again replaces its earlier run: 500 re-runs of a cell kept 500 files, a diagnostic took 16 → 85 ms", () => {
    const files = (ls as unknown as { files: Map<string, unknown> }).files;
    const cell = "const rate = 0.1\nfunction update(w: number, g: number) { return w - rate * g }\ninterface Layer { w: number }";
    ls.addCell(cell);
    const size = files.size;
    for (let i = 0; i < 50; i++) ls.addCell(cell);
    expect(files.size).toBe(size);
    // A cell declaring only some of an earlier cell's names leaves it: the others are still its.
    ls.addCell("const rate = 0.2");
    expect(files.size).toBe(size + 1);
    expect(ls.complete("upda", 4).matches).toEqual(["update"]);
  });

  it("grad and valueAndGrad with hasAux type [loss, aux] as a pair, so the aux's fields are known (it was any: a typo went unnoticed)", () => {
    const cell = [
      "const [g, aux] = grad((w: number[]) => [w[0] ** 2 + w[1] ** 2, { norm2: w[0] ** 2 + w[1] ** 2 }], { hasAux: true })([1, 2])",
      "const first: number = g[0] + aux.norm2",
      "const [[loss, info], gW] = valueAndGrad((W: Tensor) => [sum(W * W), { scale: 2 }], { hasAux: true })(tensor([1, 2]))",
      "const total: number = loss + info.scale + gW.get(0)",
    ].join("\n");
    expect(ls.diagnostics(cell)).toEqual([]);
    const typo = ls.diagnostics(`${cell}\naux.norm`);
    expect(typo.map((d) => d.code)).toEqual([2551]);
  });

  it("a cell that is one object literal is checked as the object it shows: no comma or label warnings, and a type error at its column", () => {
    expect(ls.diagnostics("const Wx = tensor([1, 2]), bx = 3\n{ Wx, bx }")).toEqual([]);
    expect(ls.diagnostics("{ loss: 1, acc: 0.5 }")).toEqual([]);
    const d = ls.diagnostics("{ n: (1 as number).toFixed(2).toFixed(1) }");
    // At the second toFixed (column 31), as in the cell: the wrapping `;(` is not counted.
    expect(d.map((x) => [x.line, x.column, x.code])).toEqual([[1, 31, 2551]]);
  });

  it("a tensor is iterable and has a length, as in NumPy: for…of, spread, Math.max(...v), X.length inside grad", () => {
    // They warned "Type 'Tensor' must have a '[Symbol.iterator]()' method" and "Property 'length' does not exist".
    const cell =
      "for (const row of tensor([[1, 2], [3, 4]])) console.log(sum(row))\nconst vi = tensor([3, 1, 2]); const biggest: number = Math.max(...vi); const all = [...vi]; const n: number = vi.length\n" +
      "grad((X: Tensor) => { let s = 0; for (const row of X) s += sum(row) ** 2; for (let i = 0; i < X.length; i++) s += X.get(i, 0); return s })(tensor([[1, 2], [3, 4]]))";
    expect(ls.diagnostics(cell)).toEqual([]);
    // The Like types still map a Tensor argument to a Tensor gradient, not to an array of its rows.
    expect(ls.diagnostics("const gT = grad((X: Tensor) => sum(X))(tensor([1, 2])); gT.shape; const bad: number[] = gT")).toHaveLength(1);
  });

  it("inspects runtime functions with their doc comment and example", () => {
    const r = ls.inspect("hessian", 3, 0);
    expect(r.found).toBe(true);
    expect(r.data["text/plain"]).toMatch(/The Hessian of a scalar function[\s\S]*Example:/);
    expect(ls.inspect("   ", 1, 0).found).toBe(false);
  });
});
