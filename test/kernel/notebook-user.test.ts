import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { TestClient } from "./support/client";
import { installKernelspec, makeConnection, spawnFromSpec, startKernel } from "./support/kernel-process";

/*
 * Regressions found by using the kernel as a notebook user would: each test is a cell (or a
 * few) as typed in JupyterLab, sent over signed ZeroMQ to the kernel started from its
 * kernelspec.
 */
describe("cells as notebook users write them", () => {
  let kernel: ChildProcess;
  let client: TestClient;

  beforeAll(async () => {
    ({ kernel, client } = await startKernel());
  });

  afterAll(() => {
    client?.close();
    kernel?.kill("SIGKILL");
  });

  const resultOf = (code: string): Promise<string | undefined> => client.resultOf(code);

  it("a class extends a class of the session, in the same cell and in a later one", async () => {
    expect(await resultOf("class Base { f() { return 1 } }\nclass Derived extends Base {}\nnew Derived().f()")).toBe("1");
    expect(await resultOf("abstract class Shape { abstract area(): number; describe() { return `area ${this.area()}` } }\nclass Sq extends Shape { constructor(readonly s: number) { super() } area() { return this.s ** 2 } }\nnew Sq(3).describe()")).toBe("'area 9'");
    expect(await resultOf("class Later<T> extends Base implements Iterable<T> { *[Symbol.iterator]() {} }\nnew Later<number>().f() + (new Later() instanceof Base ? 1 : 0)")).toBe("2");
    expect(await resultOf("const mk = () => class extends Base { g() { return 3 } }; new (mk())().g()")).toBe("3");
  });

  it("++ and -- keep JavaScript's meaning on bigints and strings, and differentiate on duals", async () => {
    expect(await resultOf("let big = 5n; big++; ++big; big--; big")).toBe("6n");
    expect(await resultOf("let str: any = '5'; str++; str")).toBe("6");
    expect(await resultOf("let none: any; none++; none")).toBe("NaN");
    expect(await resultOf("derivative((x: number) => { let y = x * x; y++; y--; y++; return y })(3)")).toBe("6");
  });

  it("a differentiable value stored in a Float64Array or under x | 0 is an error that names those conversions and what to use", async () => {
    for (const code of ["grad((v: number[]) => { const y = new Float64Array(2); y[0] = v[0] * v[1]; return y[0] })([2, 3])", "derivative((x: number) => [1, 4, 9][(x * 1) | 0] * x)(1.5)"]) {
      const { reply } = await client.execute(code);
      expect(reply.content.ename, code).toBe("DerivativeLostError");
      expect(reply.content.evalue).toMatch(/a store into a Float64Array \(keep such values in a plain array\), or a bitwise operator such as x \| 0 \(Math\.trunc\(x\) gives the same integer\)/);
    }
    // What it says works: Math.trunc(x) is an integer to index with; d/dx 4x = 4.
    expect(await resultOf("derivative((x: number) => [1, 4, 9][Math.trunc(x)] * x)(1.5)")).toBe("4");
  });

  it("console.log('loss %f', loss) inside grad prints the number (%d threw DerivativeLostError, %f printed NaN)", async () => {
    const { reply, iopub } = await client.execute("grad((v: number[]) => { const loss = v[0] * v[1]; console.log('step %d loss %f of %i', 3, loss, v[0]); return loss })([1.5, 2])");
    expect(reply.content.status, JSON.stringify(reply.content)).toBe("ok");
    expect(iopub.filter((m) => m.header.msg_type === "stream").map((m) => m.content.text).join("")).toBe("step 3 loss 3 of 1\n");
    expect(iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"]).toBe("[ 2, 1.5 ]");
  });

  it("x++ and ++x whose value is used differentiate (const old = y[0]++ threw DerivativeLostError)", async () => {
    // f(v) = 10·v0 + 100·(v1 + 1) + (v0 + 1)·v1: the old v0, the new v1, then y0 = v0 + 1.
    expect(await resultOf("grad((v: number[]) => { const y = [...v]; const old = y[0]++; const nw = ++y[1]; return old * 10 + nw * 100 + y[0] * v[1] })([2, 3])")).toBe("[ 13, 103 ]");
    // On a name and through a computed key: d/dx of (x, then x − 1 kept in t, then x − 2)·… = 3x² − 6x + 2 at x = 3: 11.
    expect(await resultOf("derivative((x: number) => { let z = x; const a = z--; const b = z; const ys = [z]; const k = 0; const c = --ys[k + 0]; return a * b * c })(3)")).toBe("11");
    expect(await resultOf("derivative((x: number) => { const o = { p: x * x }; const before = o.p++; return before * o.p })(2)")).toBe("36");
  });

  it("updates of array elements and nested properties differentiate (acc[i] += x * w[i])", async () => {
    expect(await resultOf("grad((v: number[]) => { const s = [0]; s[0] += v[0] * v[1]; s[0]++; return s[0] })([2, 3])")).toBe("[ 3, 2 ]");
    expect(await resultOf("grad((v: number[]) => { const o = { a: { b: 0 } }; o.a.b += v[0] * v[1]; return o.a.b })([2, 3])")).toBe("[ 3, 2 ]");
    expect(await resultOf("derivative((x: number) => { const acc = [0, 0]; for (let i = 0; i < 2; i++) acc[i] += x * i; return acc[1] })(5)")).toBe("1");
    // A computed key is evaluated once.
    expect(await resultOf("grad((v: number[]) => { const n = 2; const y = [0, 0, 0, 0]; for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) y[i * n + j] += v[i] * v[j]; return y[1] + y[3] })([2, 3])")).toBe("[ 3, 8 ]");
    expect(await resultOf("grad((v: number[]) => { const layers = [{ w: 1 }]; layers[0].w -= v[0] ** 2; layers[0].w *= 3; return layers[0].w })([2])")).toBe("[ -12 ]");
    expect(await resultOf("const ws = [dual(1, 1)]; ws[0] *= 3; ws[0 + 0] += 1; ws[0]")).toBe("Dual(4, 3)");
  });

  it("element updates keep JavaScript's meaning and order of evaluation", async () => {
    expect(await resultOf("const mixed = [1, 's'] as any[]; mixed[0] += 'x'; mixed[1 - 0] += 1; mixed")).toBe("[ '1x', 's1' ]");
    expect(await resultOf("let ii = 0; const aa = [1, 2]; aa[ii++] += 10; [aa, ii]")).toBe("[ [ 11, 2 ], 1 ]");
    expect(await resultOf("const log: string[] = []; const oo = { get a() { log.push('get a'); return [1] } }; oo.a[(log.push('key'), 0)] += (log.push('value'), 1); log")).toBe("[ 'get a', 'key', 'value' ]");
    expect(await resultOf("const bigs = [5n]; bigs[0]++; bigs[0 + 0] += 2n; bigs")).toBe("[ 8n ]");
    // x++ as the cell's value is the old value, as in Node's REPL.
    expect(await resultOf("let kk = 1; kk++")).toBe("1");
  });

  it("tracebacks name the cell by its execution count, In [n], also after completions and silent cells", async () => {
    await client.request("complete_request", { code: "Math.si", cursor_pos: 7 });
    await client.request("inspect_request", { code: "grad", cursor_pos: 4, detail_level: 0 });
    const { reply } = await client.execute("const failsHere = 1\nthrow new Error('where?')");
    const n = reply.content.execution_count;
    expect(reply.content.traceback.join("\n").replace(/\x1b\[\d+m/g, "")).toContain(`at <cell ${n}>:2:`);
    const silent = await client.execute("function quiet() {\n  throw new Error('quiet')\n}", { silent: true, store_history: false });
    expect(silent.reply.content.status).toBe("ok");
    const later = await client.execute("quiet()");
    const text = later.reply.content.traceback.join("\n").replace(/\x1b\[\d+m/g, "");
    expect(text).toContain(`at quiet (<cell ${n}.2>:2:`);
    expect(text).toContain(`at <cell ${n + 1}>:1:`);
  });

  it("import() as an expression loads a module, at top level and inside a function", async () => {
    expect(await resultOf("const osModule = await import('node:os'); typeof osModule.cpus")).toBe("'function'");
    expect(await resultOf("const { readFile } = await import('node:fs/promises'); typeof readFile")).toBe("'function'");
    expect(await resultOf("async function joined() { const p = await import('node:path'); return p.join('a', 'b') }\nawait joined()")).toBe("'a/b'");
  });

  it("a timer that prints and then throws shows its output before its error", async () => {
    const started = await client.execute("setTimeout(() => { console.log('before the throw'); throw new Error('in a timer') }, 100); 'started'");
    expect(started.reply.content.status).toBe("ok");
    await client.execute("await new Promise((r) => setTimeout(r, 600))");
    const late = client.iopubMessages.filter((m) => m.parent_header.msg_id === started.reply.parent_header.msg_id && m.header.msg_type === "stream");
    const text = late.map((m) => `${m.content.name}: ${m.content.text}`).join("");
    expect(text).toMatch(/^stdout: before the throw\nstderr: .*Error.*: in a timer\n/);
  });

  /** A failing cell's reply: its ename, evalue and traceback without colours, and its execution count. */
  const errorOf = async (code: string): Promise<{ ename: string; evalue: string; traceback: string; n: number }> => {
    const { reply } = await client.execute(code);
    expect(reply.content.status, JSON.stringify(reply.content)).toBe("error");
    const { ename, evalue, traceback, execution_count: n } = reply.content;
    return { ename, evalue, traceback: (traceback as string[]).join("\n").replace(/\x1b\[\d+m/g, ""), n };
  };

  it("a runtime error's traceback goes from the message to the user's lines: no 'at Array.forEach (<anonymous>)' of the runtime's own loops", async () => {
    // plot's items.forEach and xs.map called the user's f, which returned [x, x]: the frames read
    // "at Array.map (<anonymous>)", "at Array.forEach (<anonymous>)", then the cell.
    let e = await errorOf("const pairOf = (x: number) => [x, x] as any\nplot(pairOf, [0, 1])");
    expect(e.evalue).toBe("plot: f must return a number, got an array of 2; for several curves, plot an array of functions, plot([f, g], [a, b])");
    expect(e.traceback.split("\n").slice(1)).toEqual([`    at <cell ${e.n}>:2:1`]);
    e = await errorOf("function pick(v: number[]) {\n  return where(v.map((x) => String(x)) as any, 1, 2)\n}\npick([1, 2])");
    expect(e.traceback).not.toContain("<anonymous>");
    expect(e.traceback).toContain(`at pick (<cell ${e.n}>:2:`);
    // A built-in the cell itself called, with the cell's callback throwing, stays: it is on the user's path.
    e = await errorOf("[1, 2].map((v) => { throw new Error(`mine ${v}`) })");
    expect(e.traceback).toContain("at Array.map (<anonymous>)");
    expect(e.traceback).toContain(`<cell ${e.n}>:1:`);
  });

  it("tracebacks give the column in the cell, as JavaScript would, also after operators were rewritten", async () => {
    let e = await errorOf("null.x");
    expect(e.traceback).toContain(`at <cell ${e.n}>:1:6`); // JavaScript points at the property: null.x
    e = await errorOf("const nothing: any = null; nothing.x");
    expect(e.traceback).toContain(`at <cell ${e.n}>:1:36`);
    e = await errorOf("const u1 = 2, u2 = 3\nconst y1 = u1 * u2 + undefinedThing.z");
    expect(e.evalue).toBe("undefinedThing is not defined");
    expect(e.traceback).toContain(`at <cell ${e.n}>:2:22`);
    e = await errorOf("let t9 = 0\nfor (let i = 0; i < 2; i++) {\n    t9 += i * 2\n}\nconst v9 = -t9 * 2 + (t9 as any).a.b");
    expect(e.traceback).toContain(`at <cell ${e.n}>:5:36`);
    // A function of an earlier cell: its frame at its own cell's line and column.
    const declared = await client.execute("function deep(x: any) {\n  const sq = x * x\n  return sq + x.q.r\n}");
    const d = declared.reply.content.execution_count;
    e = await errorOf("const z9: number = 1 + 2\n  deep(z9)");
    expect(e.traceback).toContain(`at deep (<cell ${d}>:3:19)`);
    expect(e.traceback).toContain(`at <cell ${e.n}>:2:3`);
    // A tensor operation that throws points at its expression; the operator's own helper is not a frame.
    e = await errorOf("const P9 = tensor([1, 2]), Q9 = tensor([1, 2, 3])\nconst R9 = 2 * P9 + P9 * Q9");
    expect(e.ename).toBe("ShapeError");
    expect(e.traceback).toContain(`at <cell ${e.n}>:2:21`);
    expect(e.traceback).not.toMatch(/__mul|__add/);
    // The runtime's own frames are not shown either: the error names the operation and shapes.
    e = await errorOf("const M9 = tensor([[1, 2], [3, 4]])\nconst N9 = matmul(M9, tensor([1, 2, 3]))");
    expect(e.evalue).toMatch(/^matmul: \(2×2\)·\(3\)/);
    expect(e.traceback).toContain(`at <cell ${e.n}>:2:12`);
    expect(e.traceback).not.toMatch(/dist\/src|\.js:\d+/);
  });

  it("a TypeError quotes the cell's code, not the transformed one (it said 'scope.W.tranpose is not a function')", async () => {
    await resultOf("const Wtypo = tensor([[1, 2], [3, 4]]); const fiveTypo = 5; let notFnTypo = 3");
    const cases: [string, string][] = [
      ["Wtypo.tranpose()", "Wtypo.tranpose is not a function"],
      ["(Wtypo * Wtypo).foo()", "(... * ...).foo is not a function"],
      ["for (const q of fiveTypo) {}", "fiveTypo is not iterable"],
      ["notFnTypo()", "notFnTypo is not a function"],
      ["new fiveTypo()", "fiveTypo is not a constructor"],
      ["Math.sinn(2)", "Math.sinn is not a function"],
      // In the cell that declares it, a constant is read from a local; a runtime name is one too.
      ["const Wsame = tensor([1, 2]);\nWsame.tranpose()", "Wsame.tranpose is not a function"],
      ["for (const q of sin) {}", "sin is not iterable"],
      ["Number.isFinit(1)", "Number.isFinit is not a function"],
    ];
    for (const [code, evalue] of cases) {
      const e = await errorOf(code);
      expect([code, e.ename, e.evalue]).toEqual([code, "TypeError", evalue]);
      expect(e.traceback.split("\n")[0]).toBe(`TypeError: ${evalue}`);
    }
    // A message of the user's own is left as it is.
    expect((await errorOf("throw new TypeError('scope.x and __mul(...) are mine')")).evalue).toBe("scope.x and __mul(...) are mine");
  });

  it("a name declared twice in one cell is JavaScript's SyntaxError, and the cell does not run; a later cell may declare it again", async () => {
    await resultOf("let twice = 0");
    const e = await errorOf("twice = 5\nlet twice = 1\nlet twice = 2");
    expect(e.ename).toBe("SyntaxError");
    expect(e.evalue).toBe("Identifier 'twice' has already been declared (3:5)");
    expect(e.traceback.split("\n").slice(1)).toEqual(["let twice = 2", "    ^"]);
    expect(await resultOf("twice")).toBe("0"); // nothing of the cell ran
    const mixed = await errorOf("const [firstOne, other] = [1, 2]\nfunction other() {}");
    expect(mixed.evalue).toBe("Identifier 'other' has already been declared (2:10)");
    expect((await errorOf("let inBlock = 1\nif (inBlock) { var inBlock = 2 }")).evalue).toBe("Identifier 'inBlock' has already been declared (2:20)");
    // Inside a function V8 finds it: the same error at the cell's line and column, and nothing runs.
    const inner = await errorOf("const beforeInner = 1\nfunction inner() {\n  if (beforeInner) {}\n    let h = 1; let h = 2\n}");
    expect([inner.ename, inner.evalue]).toEqual(["SyntaxError", "Identifier 'h' has already been declared (4:20)"]);
    expect(inner.traceback.split("\n").slice(1)).toEqual(["    let h = 1; let h = 2", " ".repeat(19) + "^"]);
    expect((await errorOf("beforeInner")).evalue).toBe("beforeInner is not defined");
    // Not errors in JavaScript either: two vars, two functions, the same name in an inner scope, overloads.
    expect(await resultOf("var vv = 1\nvar vv = 2\nfunction ff2() { return 1 }\nfunction ff2() { return 2 }\nlet inner = 3\n{ let inner = 4 }\nvv + ff2() + inner")).toBe("7");
    expect(await resultOf("function over(x: number): number\nfunction over(x: any) { return x }\nover(8)")).toBe("8");
    // Re-running a cell, or declaring the name again in a later cell, still works.
    expect(await resultOf("let twice = 1\ntwice")).toBe("1");
    expect(await resultOf("const twice = 2\ntwice")).toBe("2");
  });

  it("assigning to a const throws JavaScript's TypeError, in its cell and later ones; a later cell may declare it again", async () => {
    let e = await errorOf("const fixed = 1; fixed = 2; fixed");
    expect([e.ename, e.evalue]).toEqual(["TypeError", "Assignment to constant variable."]);
    expect(e.traceback).toContain(`at <cell ${e.n}>:1:24`); // where V8 points for JavaScript: the assignment
    expect(await resultOf("fixed")).toBe("1");
    for (const write of ["fixed++", "fixed += 1", "fixed = fixed * 2", "[fixed] = [5]", "({ fixed } = { fixed: 5 })", "({ key: fixed } = { key: 5 })", "for (fixed of [5]) {}", "fixed ||= 0 as any; fixed &&= 5"]) {
      e = await errorOf(write);
      expect([write, e.ename, e.evalue]).toEqual([write, "TypeError", "Assignment to constant variable."]);
    }
    expect(await resultOf("fixed")).toBe("1");
    // The error is the cell's own TypeError; what ran before the assignment ran, as in JavaScript.
    expect(await resultOf("let reached = 0\ntry { fixed = (reached = 1, 2) } catch (err) { reached += err instanceof TypeError ? 10 : 100 }\n[reached, fixed]")).toBe("[ 11, 1 ]");
    // Inside a function of a later cell too, but not where a local shadows the name.
    await resultOf("function bump() { fixed++ }\nfunction local() { let fixed = 1; fixed++; return fixed }");
    e = await errorOf("bump()");
    expect(e.evalue).toBe("Assignment to constant variable.");
    expect(await resultOf("local()")).toBe("2");
    // Members of a const object stay writable, and imports are constants as in JavaScript.
    expect(await resultOf("const box = { n: 1, a: [1] }; box.n = 2; box.a[0] += 1; box")).toBe("{ n: 2, a: [ 2 ] }");
    expect((await errorOf("import { sep } from 'node:path'\nsep = '-'")).evalue).toBe("Assignment to constant variable.");
    // Declaring it again in a later cell works, as re-running a cell does; let makes it writable.
    expect(await resultOf("const fixed = 3\nfixed")).toBe("3");
    expect(await resultOf("let fixed = 4\nfixed = 5\nfixed")).toBe("5");
    expect(await resultOf("fixed++; fixed")).toBe("6");
    expect((await errorOf("const fixed = 7\nfixed--")).evalue).toBe("Assignment to constant variable.");
  });

  it("%time and %timeit errors point at their argument's column in the cell, not the expansion's", async () => {
    let e = await errorOf("%time null.y");
    expect(e.traceback).toContain(`at <cell ${e.n}>:1:12`);
    e = await errorOf("  %time const onTime: any = null; onTime.q");
    expect(e.traceback).toContain(`at <cell ${e.n}>:1:42`);
    e = await errorOf("%timeit -n 1 -r 1 null.v");
    expect(e.traceback).toContain(`at <cell ${e.n}>:1:24`);
    e = await errorOf("%%timeit -n1 -r1\n  null.q");
    expect(e.traceback).toContain(`at <cell ${e.n}>:2:8`);
    e = await errorOf("%time 1 +* 2");
    expect([e.ename, e.evalue]).toEqual(["SyntaxError", "Expression expected. (1:10)"]);
    expect(e.traceback.split("\n").slice(1)).toEqual(["%time 1 +* 2", " ".repeat(9) + "^"]);
    // -n 0 timed nothing and printed "Infinity s ± NaN ns per loop".
    e = await errorOf("%timeit -n 0 1");
    expect([e.ename, e.evalue]).toEqual(["UsageError", "%timeit: -n must be at least 1"]);
  });

  it("a name becomes a constant when its const runs: a cell that fails before it leaves the name as it was", async () => {
    await resultOf("let wasLet = 1");
    expect((await errorOf("throw new Error('first'); const wasLet = 2")).evalue).toBe("first");
    expect(await resultOf("wasLet = 5; wasLet")).toBe("5");
    await resultOf("const wasConst = 1");
    expect((await errorOf("throw new Error('first'); let wasConst = 2")).evalue).toBe("first");
    expect((await errorOf("wasConst = 3")).evalue).toBe("Assignment to constant variable.");
    // Reached, then the cell fails: the const holds, as before.
    expect((await errorOf("const reachedConst = 1; throw new Error('after')")).evalue).toBe("after");
    expect((await errorOf("reachedConst = 2")).evalue).toBe("Assignment to constant variable.");
  });

  it("a function of an earlier cell cannot write a name a later cell declared const; a later let frees it", async () => {
    await resultOf("let level = 1\nfunction setLevel(v: number) { level = v }");
    await resultOf("const level = 10");
    const e = await errorOf("setLevel(3)");
    expect(e.ename).toBe("TypeError");
    expect(e.traceback).toContain("at setLevel (");
    expect(await resultOf("level")).toBe("10");
    expect(await resultOf("let caught = 'none'; try { setLevel(4) } catch (err) { caught = err instanceof TypeError ? 'TypeError' : 'other' }; [caught, level]")).toBe("[ 'TypeError', 10 ]");
    expect(await resultOf("let level = 4; setLevel(6); level")).toBe("6");
    // The other way round: a function made while the name was const writes it once a later cell declares it with let.
    await resultOf("const frozen = 1\nfunction setFrozen(v: number) { frozen = v }");
    expect((await errorOf("setFrozen(2)")).evalue).toBe("Assignment to constant variable.");
    expect(await resultOf("let frozen = 3; setFrozen(4); frozen")).toBe("4");
  });

  it("a name used before its let, const or class in the same cell is JavaScript's ReferenceError", async () => {
    let e = await errorOf("early; let early = 1");
    expect([e.ename, e.evalue]).toEqual(["ReferenceError", "Cannot access 'early' before initialization"]);
    expect(e.traceback).toContain(`at <cell ${e.n}>:1:1`);
    expect((await errorOf("early")).evalue).toBe("early is not defined");
    // Also when an earlier cell declared the name: re-running a cell behaves as its first run.
    await resultOf("let counter = 1");
    e = await errorOf("counter = counter + 1\nlet counter = 5");
    expect(e.evalue).toBe("Cannot access 'counter' before initialization");
    expect(await resultOf("counter")).toBe("1");
    for (const [code, name] of [["let self = self + 1", "self"], ["typeof later; const later = 1", "later"], ["new Made(); class Made {}", "Made"], ["const { a: viaDefault = viaDefault } = {} as any", "viaDefault"]]) {
      expect((await errorOf(code)).evalue).toBe(`Cannot access '${name}' before initialization`);
    }
    // Code that runs later sees the declaration, as in JavaScript.
    expect(await resultOf("function readsLate() { return lateValue }\nconst lateValue = 3\nreadsLate()")).toBe("3");
    expect(await resultOf("class Field { v = fieldLater }\nconst fieldLater = 5\nnew Field().v")).toBe("5");
    expect(await resultOf("let first1 = 1, second1 = first1 + 1, sum1 = 0\n{ let counter = 2; sum1 = counter + second1 }\nsum1")).toBe("4");
  });

  it("a class refers to itself in its static fields and methods", async () => {
    expect(await resultOf("class Vec2 { constructor(public x: number) {} static zero = new Vec2(0) }\nVec2.zero instanceof Vec2")).toBe("true");
    expect(await resultOf("class Counter { static n = 0; static inc() { return ++Counter.n } }\nCounter.inc(); Counter.inc()")).toBe("2");
  });

  it("=== and !== on a dual number or tape variable compare its value, so a branch on x === 0 is taken", async () => {
    // sinc with its removable singularity written as a student would: sinc′(0) = 0, sinc(0) = 1.
    expect(await resultOf("const sinc = (x: number) => x === 0 ? 1 : Math.sin(x) / x\nderivative(sinc)(0)")).toBe("0");
    expect(await resultOf("grad((v: number[]) => v[0] !== 0 ? Math.log(v[0]) * v[1] : v[1])([0, 2])")).toBe("[ 0, 1 ]");
    expect(await resultOf("grad((v: number[]) => v[0] !== 0 ? Math.log(v[0]) * v[1] : v[1])([2, 3])")).toBe(`[ 1.5, ${Math.log(2)} ]`);
    expect(await resultOf("const dd = dual(2, 1); [dd === 2, dd !== 2, dd === dd, tensor([1]) === tensor([1]), 'a' === 'a', null === undefined]")).toBe("[ true, false, true, false, true, false ]");
  });

  it("if (x), x ? : , !x, x || d and x && y read a dual number or tape variable as its value (an object was always truthy: x || 1 at x = 0 took x)", async () => {
    // At x = 0 JavaScript takes the other branch: f(x) = 5x there, so f′(0) = 5 (it gave 3 and 0).
    expect(await resultOf("grad((x: number) => (x || 1) * 3 + (!x ? 5 * x : x * x))(0)")).toBe("5");
    // (x ? x² : 4x) + (x && 7) at x = 0 is 4x + x (0 && 7 is the 0 itself): 5.
    expect(await resultOf("derivative((x: number) => (x ? x * x : 4 * x) + (x && 7))(0)")).toBe("5");
    expect(await resultOf("derivative((x: number) => (x ? x * x : 4 * x) + (x && 7))(2)")).toBe("4");
    expect(await resultOf("grad((x: number) => { if (x) return x * x; return 2 * x })(0)")).toBe("2");
    expect(await resultOf("grad((x: number) => { if (x) return x * x; return 2 * x })(3)")).toBe("6");
    // A tensor is an object, truthy as in JavaScript (if (bias) …); plain values keep their meaning.
    expect(await resultOf("grad((w: Tensor) => sum(w && w * w))(tensor([0, 2])).toArray()")).toBe("[ 0, 4 ]");
    expect(await resultOf("[0 || 'none', '' && 1, !null, [] ? 'yes' : 'no']")).toBe("[ 'none', '', true, 'yes' ]");
  });

  it("y ||= b and y &&= b read a dual number or tape variable as its value, as y || b does (y ||= 5 * x at x = 0 kept x)", async () => {
    // At x = 0, y = x is falsy: ||= makes y = 5x (derivative 5), &&= keeps y = x (derivative 1); at x = 2 the other way round.
    expect(await resultOf("derivative((x: number) => { let y: any = x; y ||= 5 * x; return y })(0)")).toBe("5");
    expect(await resultOf("derivative((x: number) => { let y: any = x; y ||= 5 * x; return y })(2)")).toBe("1");
    expect(await resultOf("derivative((x: number) => { let y: any = x; y &&= 5 * x; return y })(0)")).toBe("1");
    expect(await resultOf("grad((x: number) => { const o: any = { a: x }; o.a ||= 5 * x; return o.a })(0)")).toBe("5");
    // && in a condition: 0 && 1 is falsy, so f(x) = 2x at 0.
    expect(await resultOf("grad((x: number) => { if (x && 1) return x * x; return 2 * x })(0)")).toBe("2");
    expect(await resultOf("grad((x: number) => { if (x && 1) return x * x; return 2 * x })(3)")).toBe("6");
  });

  it("Boolean(x) reads a dual number or tape variable as its value, as !x does (Boolean(x) of a dual at 0 was true)", async () => {
    // At x = 0 Boolean(x) is false: f(x) = 3x there, derivative 3.
    expect(await resultOf("derivative((x: number) => Boolean(x) ? x * x : 3 * x)(0)")).toBe("3");
    expect(await resultOf("grad((x: number) => Boolean(x) ? x * x : 3 * x)(2)")).toBe("4");
  });

  it("xs.filter(Boolean) reads a dual number or tape variable as its value (a dual at 0 was kept)", async () => {
    // x = [0, 2]: the zero entry is dropped, so f = 3·x₁ and its gradient is [0, 3].
    expect(await resultOf("grad((x: number[]) => x.filter(Boolean).length === 1 ? 3 * x[1] : x[0] + x[1])([0, 2])")).toBe("[ 0, 3 ]");
    expect(await resultOf("jacfwd((x: number[]) => x.filter(Boolean).map((v) => v * v))([0, 2, 3])")).toBe("[ [ 0, 4, 0 ], [ 0, 0, 6 ] ]");
    expect(await resultOf("[dual(0, 1), dual(2, 1), variable(0), variable(-1)].filter(Boolean).length")).toBe("2");
  });

  it("typeof x is 'number' for a dual number or tape variable holding a number, as its type says (a typeof guard took the other branch: derivative 0)", async () => {
    const f = "(x: number | number[]) => typeof x === 'number' ? x * x : x[0] * 3";
    expect(await resultOf(`derivative(${f})(3)`)).toBe("6");
    expect(await resultOf(`grad(${f})(3)`)).toBe("6");
    expect(await resultOf(`grad(${f})([2, 5])`)).toBe("[ 3, 0 ]");
    // A tensor stays an object; plain values keep JavaScript's answers.
    expect(await resultOf("grad((w: Tensor) => typeof w === 'object' ? sum(w * w) : 0)(tensor([1, 2])).toArray()")).toBe("[ 2, 4 ]");
    expect(await resultOf("[typeof dual(1, 1), typeof variable([1, 2]), typeof 'a', typeof undefinedName]")).toBe("[ 'number', 'object', 'string', 'undefined' ]");
  });

  it("xs.includes(x), indexOf and lastIndexOf find a dual number or tape variable by its value (never found: the other branch's derivative)", async () => {
    const f = "(x: number) => [1, 2, 3].includes(x) ? x * x : x";
    expect(await resultOf(`derivative(${f})(2)`)).toBe("4");
    expect(await resultOf(`grad(${f})(2.5)`)).toBe("1");
    // An array argument's elements are tape variables: searched for a number, and for one another.
    expect(await resultOf("grad((v: number[]) => v[v.indexOf(3)] * 2 + (v.includes(v[0]) ? v[0] : 0))([1, 3])")).toBe("[ 1, 2 ]");
    expect(await resultOf("jacfwd((v: number[]) => [v.lastIndexOf(7) * v[1]])([7, 2, 7])")).toBe("[ [ 0, 2, 0 ] ]");
    // Plain arrays: JavaScript's own, a fromIndex given as undefined included (lastIndexOf(v, undefined) searches from 0).
    expect(await resultOf("const ys = [1, 2, 1, NaN]; JSON.stringify([ys.lastIndexOf(1), ys.lastIndexOf(1, undefined), ys.indexOf(1, 1), ys.includes(2, undefined), ys.includes(NaN), ys.indexOf(NaN), 'aba'.lastIndexOf('a', undefined)])")).toBe(
      "'[2,0,2,true,true,-1,2]'",
    );
  });

  it("switch (x) on a dual number or tape variable matches its cases by value (no case matched: the default's derivative)", async () => {
    const f = "(x: number) => { switch (x) { case 2: return 5 * x; case 3: return x * x * x; default: return x * x } }";
    expect(await resultOf(`derivative(${f})(2)`)).toBe("5");
    expect(await resultOf(`grad(${f})(3)`)).toBe("27");
    expect(await resultOf(`derivative(${f})(1.5)`)).toBe("3");
    // latex(f) names the cases it compared: the ones that did not match and the one that did.
    await resultOf(`const fsw = ${f}`);
    expect(await resultOf("[latex(fsw, { at: 1.5 }).branches, latex(fsw, { at: 3 }).branches]")).toBe("[ [ 'x \\\\ne 2', 'x \\\\ne 3' ], [ 'x \\\\ne 2', 'x = 3' ] ]");
    // A case label that is itself differentiable: x matches the case y (y = x at this point).
    expect(await resultOf("grad((v: number[]) => { switch (v[0]) { case v[1]: return v[0] * v[1]; default: return 0 } })([2, 2])")).toBe("[ 2, 2 ]");
  });

  it("x || (yield d) reads a dual number as its value: a generator asks for d when x is 0 (it kept x, JavaScript's operator for a right operand that yields)", async () => {
    // At x = 0 the generator yields and is resumed with 3x: f(x) = 3x there, derivative 3.
    expect(await resultOf("derivative((x: number) => { const it = (function* () { return x || (yield 0) })(); const r = it.next(); return r.done ? r.value : it.next(3 * x).value })(0)")).toBe("3");
    expect(await resultOf("derivative((x: number) => { const it = (function* () { return x || (yield 0) })(); const r = it.next(); return r.done ? r.value : it.next(3 * x).value })(2)")).toBe("1");
  });

  it("completing a tensor's member with a prefix only internals have (W.pe, W.se) offers nothing: the live values' fallback listed pending, settle, stored", async () => {
    await resultOf("const Wc = tensor([1, 2])");
    for (const [code, internal] of [["Wc.pe", "pending"], ["Wc.se", "settle"], ["Wc.st", "stored"], ["Wc.madeS", "madeSince"]]) {
      const r = await client.request("complete_request", { code, cursor_pos: code.length });
      expect(r.content.matches, code).not.toContain(internal);
    }
  });

  it("[...x].sort((a, b) => a - b) inside grad orders the values and keeps their derivatives (it threw DerivativeLostError)", async () => {
    // A median of three: the middle value, x₂ of [3, 1, 2].
    expect(await resultOf("grad((x: number[]) => [...x].sort((a, b) => a - b)[1])([3, 1, 2])")).toBe("[ 0, 0, 1 ]");
    expect(await resultOf("derivative((t: number) => { const s = [t, 2 * t, -t].sort((a, b) => b - a); return s[0] * 10 + s[2] })(1)")).toBe(String(2 * 10 - 1));
  });

  it("Math and methods on tensors, dual numbers and tape variables give no type warning, and unary + keeps a tensor", async () => {
    // Type warnings start once the language service is warm: wait until completions carry types.
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((res) => setTimeout(res, 250))) {
      const r = await client.request("complete_request", { code: "gra", cursor_pos: 3 });
      if (r.content.metadata?._jupyter_types_experimental) break;
    }
    const run = async (code: string) => {
      const { reply, iopub } = await client.execute(code);
      expect(reply.content.status).toBe("ok");
      const stderr = iopub.filter((m) => m.header.msg_type === "stream" && m.content.name === "stderr").map((m) => m.content.text).join("");
      return { stderr, result: iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"] };
    };
    const tape = await run("const vm1 = variable(2); const wm1 = vm1 * vm1 + Math.sin(vm1); backward(wm1); vm1.grad");
    expect(tape.stderr).toBe("");
    expect(Number(tape.result)).toBeCloseTo(4 + Math.cos(2), 14);
    expect(await run("const zm = tensor([0, Math.log(3)]); const sig = 1 / (1 + Math.exp(-zm)); (sig.toArray() as number[]).map((s) => s.toFixed(14))")).toEqual({ stderr: "", result: "[ '0.50000000000000', '0.75000000000000' ]" });
    expect(await run("Math.max(dual(1, 1), 0).tangent")).toEqual({ stderr: "", result: "1" });
    expect(await run("const Pm = tensor([[1, 2], [3, 4]]); (+Pm).T.toArray()")).toEqual({ stderr: "", result: "[ [ 1, 3 ], [ 2, 4 ] ]" });
    // Methods keep the kind of value they are called on: xᵀAx written with .T and .matmul.
    expect(await run("const xm = tensor([1, 2]); [xm.T.matmul(Pm).matmul(xm), Pm.matmul(Pm).T.shape, Pm.sin().exp().reshape(4).shape]")).toEqual({ stderr: "", result: "[ 27, [ 2, 2 ], [ 4 ] ]" });
    expect(await run("grad((w: Tensor) => w.T.matmul(Pm).matmul(w))(xm).toArray()")).toEqual({ stderr: "", result: "[ 12, 21 ]" }); // (P + Pᵀ)x
    expect(await run("dual(2, 1).mul(3).sin().tangent")).toEqual({ stderr: "", result: String(3 * Math.cos(6)) });
    // ∂ log det X/∂X = X⁻ᵀ, checked as a student writes it: inv(X).T is a tensor.
    expect(await run("const Xm = tensor([[2, 1], [1, 3]]); [grad((M: Tensor) => logdet(M))(Xm).toArray(), inv(Xm).T.toArray(), solve(Xm, [1, 2]).T.shape]")).toEqual({ stderr: "", result: "[ [ [ 0.6, -0.2 ], [ -0.2, 0.4 ] ], [ [ 0.6, -0.2 ], [ -0.2, 0.4 ] ], [ 2 ] ]" });
    // grad's result is unknown to the checker, and arithmetic on it is not a number: it is a tensor here.
    expect(await run("const gr = grad((t: Tensor) => dot(t, t))(tensor([1, 2])); (gr / 2).toArray()")).toEqual({ stderr: "", result: "[ 1, 2 ]" });
    // A real type error is still a warning.
    expect((await run("const notText: string = Math.sin(2)")).stderr).toMatch(/warning: <cell \d+>:1:7: Type 'number' is not assignable to type 'string'/);
  });

  it("a tensor iterates as in NumPy: rows of a matrix, numbers of a vector, also inside grad, with no type warning", async () => {
    // Type warnings start once the language service is warm: wait until completions carry types.
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((res) => setTimeout(res, 250))) {
      const r = await client.request("complete_request", { code: "gra", cursor_pos: 3 });
      if (r.content.metadata?._jupyter_types_experimental) break;
    }
    const run = async (code: string) => {
      const { reply, iopub } = await client.execute(code);
      expect(reply.content.status, JSON.stringify(reply.content)).toBe("ok");
      const text = (name: string) => iopub.filter((m) => m.header.msg_type === "stream" && m.content.name === name).map((m) => m.content.text).join("");
      return { stdout: text("stdout"), stderr: text("stderr"), result: iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"] };
    };
    // It was "TypeError: tensor(...) is not iterable", after the warning "Type 'Tensor' must have a '[Symbol.iterator]()' method".
    expect(await run("for (const row of tensor([[1, 2], [3, 4]])) console.log(sum(row))")).toEqual({ stdout: "3\n7\n", stderr: "", result: undefined });
    expect(await run("const vIt = tensor([3, 1, 2]); [Math.max(...vIt), [...vIt].length, vIt.length]")).toEqual({ stdout: "", stderr: "", result: "[ 3, 3, 3 ]" });
    // f(X) = Σᵢ (Σⱼ Xᵢⱼ)²: ∂f/∂Xᵢⱼ = 2 Σₖ Xᵢₖ, row sums 3 and 7.
    expect(await run("grad((X: Tensor) => { let s = 0; for (const row of X) s += sum(row) ** 2; return s })(tensor([[1, 2], [3, 4]])).toArray()")).toEqual({
      stdout: "",
      stderr: "",
      result: "[ [ 6, 6 ], [ 14, 14 ] ]",
    });
    // Σ xᵢ³ by an index loop to X.length: 3xᵢ².
    expect(await run("grad((x: Tensor) => { let s = 0; for (let i = 0; i < x.length; i++) s += x.get(i) ** 3; return s })(tensor([1, 2])).toArray()")).toEqual({ stdout: "", stderr: "", result: "[ 3, 12 ]" });
  }, 60_000);

  it("names a failed cell declared before its error give no type warning in the next cell (matmul's shape mistake, then the fix)", async () => {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((res) => setTimeout(res, 250))) {
      const r = await client.request("complete_request", { code: "gra", cursor_pos: 3 });
      if (r.content.metadata?._jupyter_types_experimental) break;
    }
    const e = await errorOf("const Wbad = tensor([[1, 2, 3], [4, 5, 6]])\nconst vbad = tensor([1, 2])\nmatmul(Wbad, vbad)\nconst afterBad = 1");
    expect(e.evalue).toBe("matmul: (2×3)·(2): inner dimensions 3 and 2 differ");
    const { reply, iopub } = await client.execute("matmul(Wbad.T, vbad).toArray()");
    expect(reply.content.status).toBe("ok");
    const stderr = iopub.filter((m) => m.header.msg_type === "stream" && m.content.name === "stderr").map((m) => m.content.text).join("");
    expect(stderr).toBe("");
    expect(iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"]).toBe("[ 9, 12, 15 ]");
    // A declaration the error skipped is still unknown, to the checker as to JavaScript.
    const later = await client.execute("afterBad");
    expect(later.iopub.filter((m) => m.header.msg_type === "stream").map((m) => m.content.text).join("")).toMatch(/Cannot find name 'afterBad'/);
  });

  it("a line beginning with [ that continues the line before is a warning in the cell, not silence (the cell showed nothing)", async () => {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((res) => setTimeout(res, 250))) {
      const r = await client.request("complete_request", { code: "gra", cursor_pos: 3 });
      if (r.content.metadata?._jupyter_types_experimental) break;
    }
    const { reply, iopub } = await client.execute("const frAsi = (x: number) => x < 0 ? -x : x * x\n[derivative(frAsi)(-1), derivative(frAsi)(2)]");
    expect(reply.content.status).toBe("ok");
    const stderr = iopub.filter((m) => m.header.msg_type === "stream" && m.content.name === "stderr").map((m) => m.content.text).join("");
    expect(stderr).toBe(`warning: <cell ${reply.content.execution_count}>:2:1: this line begins with '[', so it continues line 1 (JavaScript inserts no semicolon before '['): it indexes the value line 1 ends with; end line 1 with ';' if these are two statements\n`);
    expect(iopub.find((m) => m.header.msg_type === "execute_result")).toBeUndefined();
    // With the semicolon, the two statements the student meant.
    expect(await resultOf("const frAsi = (x: number) => x < 0 ? -x : x * x;\n[derivative(frAsi)(-1), derivative(frAsi)(2)]")).toBe("[ -1, 4 ]");
  });

  it("< and > on a tensor are an error that points to where, not JavaScript's NaN comparison (relu as z > 0 ? z : 0 gave a zero gradient)", async () => {
    for (const code of ["tensor([[1, -2], [3, 4]]) > 0", "grad((z: Tensor) => sum(z > 0 ? z : 0))(tensor([1, -2]))", "grad((z: Tensor) => sum(z * z <= 1 ? z : 0))(tensor([1, 2]))"]) {
      const { reply } = await client.execute(code);
      expect(reply.content.status, code).toBe("error");
      expect(reply.content.evalue).toMatch(/^operator (>|<=): comparisons need scalars, got a tensor of shape \((2×2|2)\); for an elementwise choice use where\(gt\(x, 0\), a, b\) \(or maximum/);
      expect(reply.content.evalue).toContain("for a 0/1 mask gt(x, 0) (lt, ge, le, eq, ne)");
    }
    // The elementwise way, and comparisons of scalars taken from tensors, work.
    expect(await resultOf("grad((z: Tensor) => sum(maximum(z, 0) ** 2))(tensor([1, -2])).toArray()")).toBe("[ 2, 0 ]");
    expect(await resultOf("grad((z: Tensor) => sum(where(gt(z, 0), z * z, -z)))(tensor([1, -2])).toArray()")).toBe("[ 2, -1 ]");
    expect(await resultOf("grad((z: Tensor) => z.get(0) > 0 ? sum(z * z) : 0)(tensor([1, -2])).toArray()")).toBe("[ 2, -4 ]");
    expect(await resultOf("const Tq = tensor([1]); [Tq == Tq, Tq === Tq, Tq != Tq]")).toBe("[ true, true, false ]");
  });

  it("gt, eq … on tensors give a 0/1 mask entry by entry, so accuracy is mean(eq(argmax(logits, 1), labels)) (they threw 'comparisons need scalars')", async () => {
    expect(await resultOf("const pAcc = tensor([0.2, 0.7, 0.9, 0.4]); const yAcc = tensor([0, 1, 0, 0]); mean(eq(gt(pAcc, 0.5), yAcc))")).toBe("0.75");
    expect(await resultOf("mean(eq(argmax(tensor([[1, 3, 2], [5, 0, 1]]), 1), [1, 2]))")).toBe("0.5");
    expect(await resultOf("gt(tensor([[1, -2], [3, 0]]), [0, -3]).toArray()")).toBe("[ [ 1, 1 ], [ 1, 1 ] ]");
    expect(await resultOf("le(tensor([[1, -2], [3, 0]]), 0).toArray()")).toBe("[ [ 0, 1 ], [ 0, 1 ] ]");
    // A mask is a constant: relu written with it differentiates as relu does.
    expect(await resultOf("grad((z: Tensor) => sum(z * gt(z, 0)))(tensor([1, -2, 3])).toArray()")).toBe("[ 1, 0, 1 ]");
    // Scalars still give booleans, and mismatched shapes are a ShapeError naming the comparison.
    expect(await resultOf("[gt(3, 2), eq(dual(2, 1), 2)]")).toBe("[ true, true ]");
    const { reply } = await client.execute("eq(tensor([1, 2, 3]), tensor([1, 2]))");
    expect(reply.content.evalue).toBe("eq: shapes (3) and (2) cannot be broadcast");
  });

  it("parseFloat and parseInt of a dual number or tape variable throw DerivativeLostError, as Number(x) does (they gave NaN and a derivative of 0)", async () => {
    for (const code of ["derivative((x: number) => parseFloat(x as any) * 2)(3)", "grad((v: number[]) => Number.parseFloat(v[0] as any) + v[1])([1, 2])", "derivative((x: number) => parseInt(x as any, 10))(3)"]) {
      const { reply } = await client.execute(code);
      expect(reply.content.status, code).toBe("error");
      expect(reply.content.ename).toBe("DerivativeLostError");
      expect(reply.content.evalue).toMatch(/^A (dual number \(Dual\(3, 1\)\)|tape variable \(Var\(1\)\)) was converted to a plain number/);
    }
    expect(await resultOf("[parseFloat('2.5e1'), parseInt('ff', 16), Number.parseFloat('1.5'), Number.parseInt === parseInt, parseFloat(String(primal(dual(3, 1))))]")).toBe("[ 25, 255, 1.5, true, 3 ]");
  });

  it("a tensor and an array under an operator broadcast as mul(A, [1, 2]) does (JavaScript gave NaN or joined them as text, silently)", async () => {
    await resultOf("const Tb = tensor([[1, 2], [3, 4]])");
    expect(await resultOf("(Tb * [10, 100]).toArray()")).toBe("[ [ 10, 200 ], [ 30, 400 ] ]");
    expect(await resultOf("(Tb + [[1], [2]]).toArray()")).toBe("[ [ 2, 3 ], [ 5, 6 ] ]");
    expect(await resultOf("([1, 2] - Tb).toArray()")).toBe("[ [ 0, 0 ], [ -2, -2 ] ]");
    expect(await resultOf("(Tb ** new Float64Array([2, 1])).toArray()")).toBe("[ [ 1, 2 ], [ 9, 4 ] ]");
    // Under differentiation, in both modes: d/dX Σ (X·[1, 2])² = 2X·[1, 4].
    expect(await resultOf("grad((X: Tensor) => sum((X * [1, 2]) ** 2))(Tb).toArray()")).toBe("[ [ 2, 16 ], [ 6, 32 ] ]");
    expect(await resultOf("jacfwd((X: Tensor) => sum((X * [1, 2]) ** 2))(Tb).toArray()")).toBe("[ [ 2, 16 ], [ 6, 32 ] ]");
    // An array argument of grad next to a tensor: Σ X·v, ∂/∂v = column sums.
    expect(await resultOf("grad((v: number[]) => sum(Tb * v))([1, 2])")).toBe("[ 4, 6 ]");
    // A differentiable number next to an array would be NaN as a plain number: an error that says what to write.
    const { reply } = await client.execute("grad((x: number) => x * [1, 2])(3)");
    expect(reply.content.ename).toBe("DerivativeLostError");
    expect(reply.content.evalue).toMatch(/^operator \*: a differentiable number and an array; .*tensor\(\[1, 2\]\) \* x/);
    // Plain numbers, strings and arrays keep JavaScript's meaning; a shape mismatch names the shapes.
    expect(await resultOf("[2 * [3] as any, 'v' + [1, 2], [1] + [2] as any, String(Tb + ' ').length > 0]")).toBe("[ 6, 'v1,2', '12', true ]");
    expect((await client.execute("Tb * [1, 2, 3]")).reply.content.evalue).toBe("mul: shapes (2×2) and (3) cannot be broadcast");
  });

  it("Number.isFinite, Number.isNaN, Number.isInteger, isFinite and isNaN read a dual number or tape variable as its value (a guard took the other branch: derivative 0)", async () => {
    expect(await resultOf("const finiteSq = (x: number) => Number.isFinite(x) ? x * x : 0; [derivative(finiteSq)(3), grad(finiteSq)(3)]")).toBe("[ 6, 6 ]");
    expect(await resultOf("const guarded = (x: number) => isFinite(x) && !isNaN(x) && !Number.isNaN(x) ? x * x : 0; [derivative(guarded)(3), grad(guarded)(3)]")).toBe("[ 6, 6 ]");
    expect(await resultOf("const cubeInt = (n: number) => Number.isInteger(n) && Number.isSafeInteger(n) ? n ** 3 : n; [derivative(cubeInt)(2), derivative(cubeInt)(2.5)]")).toBe("[ 12, 1 ]");
    expect(await resultOf("[Number.isFinite(Infinity), Number.isFinite('1'), isFinite('1'), isNaN('x'), Number.isNaN(dual(NaN, 1)), isFinite(dual(Infinity, 1)), Number.isFinite(tensor([1]))]")).toBe(
      "[\n  false, false,\n  true,  true,\n  true,  false,\n  false\n]",
    );
  });

  it("+ with a string is JavaScript's own for numbers, strings and other primitives, and reads a dual number as its text", async () => {
    expect(await resultOf("let line = ''\nfor (let i = 0; i < 3; i++) line += 'x' + i + ','\nJSON.stringify([line, 'a' + -0, 1 + 'a', 'a' + null, 'a' + undefined, 2n + 'n', 'a' + [1, 2], 'a' + {}, 'v = ' + dual(3, 1), dual(2, 0) + '!'])")).toBe(
      `'["x0,x1,x2,","a0","1a","anull","aundefined","2n","a1,2","a[object Object]","v = Dual(3, 1)","Dual(2, 0)!"]'`,
    );
  });

  it("the sandbox's globals and guarded built-ins, read into a cell's locals, keep their meaning: in a later cell, after globalThis.x = …, and as named functions", async () => {
    await resultOf("const stamp = () => typeof performance.now() === 'number' && typeof console.log === 'function' && Number.isFinite(performance.now())");
    expect(await resultOf("stamp()")).toBe("true");
    expect(await resultOf("const keptPerformance = performance\nglobalThis.performance = { now: () => 42 } as any\nconst seen = performance.now()\nglobalThis.performance = keptPerformance;\n[seen, stamp()]")).toBe("[ 42, true ]");
    expect(await resultOf("[parseInt.length, parseFloat.length, Number.isFinite.name, Number.isInteger.length, isNaN.name, Number.parseInt === parseInt]")).toBe("[ 1, 1, 'isFinite', 1, 'isNaN', true ]");
  });

  it("runaway recursion is a RangeError with the frame shown once and a count; the session is kept", async () => {
    await resultOf("let keptThrough = 42");
    const e = await errorOf("const runaway = (): any => runaway()\nrunaway()");
    expect([e.ename, e.evalue]).toEqual(["RangeError", "Maximum call stack size exceeded"]);
    const lines = e.traceback.split("\n");
    expect(lines[1]).toBe(`    at runaway (<cell ${e.n}>:1:28)`);
    expect(lines[2]).toMatch(/^ {4}\.\.\. the frame above repeated \d+ more times$/);
    expect(lines.length).toBeLessThan(6);
    expect(await resultOf("keptThrough")).toBe("42");
  });

  it("results holding tensors show as tables: grad's { W, b }, a variable with its grad after backward", async () => {
    const bundle = async (code: string): Promise<Record<string, string>> => {
      const { reply, iopub } = await client.execute(code);
      expect(reply.content.status, JSON.stringify(reply.content)).toBe("ok");
      return iopub.find((m) => m.header.msg_type === "execute_result")?.content.data;
    };
    const g = await bundle("const Wg = tensor([[1, 2], [3, 4]]), bg = tensor([0.5, -0.5])\ngrad((p: { W: Tensor; b: Tensor }) => sum(add(matmul(p.W, tensor([1, 3])), p.b)))({ W: Wg, b: bg })");
    expect(g["text/plain"]).toContain("W: Tensor 2×2");
    expect(g["text/html"]).toMatch(/^<table class="nabla-fields"><tr><th[^>]*>W<\/th><td[^>]*><div[^>]*>Tensor 2×2<\/div><table class="nabla-tensor"[^>]*><tr><td>1<\/td><td>3<\/td><\/tr>/);
    const v = await bundle("const vg = variable(tensor([1, 2]))\nbackward(sum(vg * vg))\nvg");
    expect(v["text/plain"]).toBe("Var\nvalue: Tensor 2\n[1, 2]\ngrad: Tensor 2\n[2, 4]");
    expect(v["text/html"]).not.toContain("tape");
    const s = await bundle("const sg = variable(3)\nbackward(sg * sg)\nsg");
    expect(s["text/plain"]).toBe("Var(3), grad 6");
  });
});

describe("completion before the language service is warm", () => {
  it("offers no global names after a member dot on an expression (`[1, 2].ma`, `tensor([1]).`)", async () => {
    const { spec } = installKernelspec();
    const { file, info } = await makeConnection("tcp");
    const kernel = spawnFromSpec(spec.argv, file);
    const client = new TestClient(info);
    try {
      await client.connect();
      await client.waitReady();
      const array = await client.request("complete_request", { code: "[1, 2].ma", cursor_pos: 9 });
      expect(array.content.matches).not.toContain("matmul");
      const tensorMembers = await client.request("complete_request", { code: "tensor([1]).", cursor_pos: 12 });
      expect(tensorMembers.content.matches).not.toContain("AbortController");
      // A tensor's members read from the live value leave out the runtime's internals (deferred evaluation).
      await client.execute("const early = tensor([1, 2])");
      const live = await client.request("complete_request", { code: "early.", cursor_pos: 6 });
      expect(live.content.matches).toContain("toArray");
      for (const internal of ["pending", "settle", "stored", "compute", "madeSince"]) expect(live.content.matches).not.toContain(internal);
      // A name's members, and names at the start of a word, as before.
      const names = await client.request("complete_request", { code: "matm", cursor_pos: 4 });
      expect(names.content.matches).toContain("matmul");
    } finally {
      client.close();
      kernel.kill("SIGKILL");
    }
  }, 30_000);
});
