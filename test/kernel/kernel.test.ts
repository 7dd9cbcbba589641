import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import * as zmq from "zeromq";
import { readFileSync } from "node:fs";
import { ts } from "ts-morph";
import { TestClient, type Msg } from "./support/client";
import { installKernelspec, makeConnection, ROOT, spawnFromSpec, startKernel } from "./support/kernel-process";

const types = (msgs: Msg[]): string[] => msgs.map((m) => m.header.msg_type);

describe("the kernel over signed ZeroMQ, started from its kernelspec", () => {
  let kernel: ChildProcess;
  let client: TestClient;

  beforeAll(async () => {
    ({ kernel, client } = await startKernel());
  });

  afterAll(() => {
    client?.close();
    kernel?.kill("SIGKILL");
  });

  it("answers kernel_info with TypeScript language_info and busy/idle around it", async () => {
    const reply = await client.request("kernel_info_request");
    expect(reply.header.msg_type).toBe("kernel_info_reply");
    expect(reply.content.protocol_version).toBe("5.3");
    expect(reply.content.language_info).toMatchObject({ name: "typescript", file_extension: ".ts", mimetype: "text/typescript", pygments_lexer: "typescript" });
    // The version of the TypeScript that compiles and checks cells (ts-morph's), not a fixed "5.9".
    expect(reply.content.language_info.version).toBe(ts.version);
    expect(reply.content.banner).toMatch(/Nabla/);
    const iopub = await client.iopubFor(reply.parent_header.msg_id as string);
    expect(iopub.map((m) => m.content.execution_state)).toEqual(["busy", "idle"]);
  });

  it("executes a cell: execute_input, stream, execute_result, reply, with counts and parents", async () => {
    const { reply, iopub } = await client.execute("const a: number = 20\nconsole.log('hello', a)\na + 22");
    expect(reply.content.status).toBe("ok");
    const count = reply.content.execution_count;
    expect(types(iopub)).toEqual(["status", "execute_input", "stream", "execute_result", "status"]);
    expect(iopub[1].content).toMatchObject({ execution_count: count });
    expect(iopub[2].content).toEqual({ name: "stdout", text: "hello 20\n" });
    expect(iopub[3].content.data["text/plain"]).toBe("42");
    expect(iopub[3].content.execution_count).toBe(count);
    const next = await client.execute("a * 2");
    expect(next.reply.content.execution_count).toBe(count + 1);
    expect(next.iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"]).toBe("40");
  });

  it("differentiates in a cell with operators and Math, as written in a textbook", async () => {
    const { iopub } = await client.execute("const f = (x: number) => x**2 + Math.exp(x**2)\ngrad(f)(2)");
    const result = Number(iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"]);
    expect(result).toBeCloseTo(2 * 2 + 2 * 2 * Math.exp(4), 9);
  });

  const resultOf = (code: string): Promise<string | undefined> => client.resultOf(code);

  it("runs the issue's examples as written, with exact values", async () => {
    expect(await resultOf("const g = (x: number[]) => [x[0]**2 + x[1], x[0]*x[1]]\njacobian(g)([1, 2])")).toBe("[ [ 2, 1 ], [ 2, 1 ] ]");
    expect(await resultOf("const T = tensor([[1, 2], [3, 4]]); (T * T + 1).toArray()")).toBe("[ [ 2, 5 ], [ 10, 17 ] ]");
    expect(await resultOf("hessian((v: number[]) => v[0]**2 + v[1]**2 + v[0]*v[1])([1, 2])")).toBe("[ [ 2, 1 ], [ 1, 2 ] ]");
    expect(await resultOf("derivative((x: number) => Math.sin(2*x + 1))(0.5) === 2 * Math.cos(2)")).toBe("true");
    // Compound assignment, ++ and comparisons on differentiable values, in a loop.
    expect(await resultOf("grad((x: number) => { let s = 0; let k = 0; for (let i = 0; i < 3; i++) { s += x * i; k++ } return x > 0 ? s * k : -s })(2)")).toBe("9");
  });

  it("shows a tensor as text, an HTML table and LaTeX", async () => {
    const { iopub } = await client.execute("tensor([[1, 2], [3, 4]])");
    const data = iopub.find((m) => m.header.msg_type === "execute_result")?.content.data;
    expect(data["text/plain"]).toBe("Tensor 2×2\n[[1, 2],\n [3, 4]]");
    expect(data["text/latex"]).toBe("$$\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}$$");
    expect(data["text/html"]).toMatch(/<table class="nabla-tensor"/);
  });

  it("latex(f) of a function written as in a textbook: its derivative typeset, and the branch an `if` took", async () => {
    const { iopub } = await client.execute("latex((x: number) => Math.sin(2*x + 1) + x**3)");
    const data = iopub.find((m) => m.header.msg_type === "execute_result")?.content.data;
    expect(data["text/latex"]).toContain("f'(x) &= 2 \\cos\\left(2 x + 1\\right) + 3 x^{2}");
    const branchy = await client.execute("latex((x: number) => { if (x > 1) return x * x; return 2 * x - 1 }, { at: 3 })");
    const text = branchy.iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"];
    expect(text).toContain("f'(x) &= 2 x");
    expect(text).toContain("on the branch traced: } x > 1");
  });

  it("a progress display updates one output in place, throttled", async () => {
    const { iopub } = await client.execute("const pr = progress({ total: 300, title: 'fit' })\nfor (let i = 1; i <= 300; i++) { const t0 = Date.now(); while (Date.now() - t0 < 1) {} pr.update(i, 1 / i) }\npr.done()");
    const displays = iopub.filter((m) => m.header.msg_type === "display_data");
    const updates = iopub.filter((m) => m.header.msg_type === "update_display_data");
    expect(displays).toHaveLength(1);
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.length).toBeLessThan(30);
    const id = displays[0].content.transient.display_id;
    expect(updates.every((m) => m.content.transient.display_id === id)).toBe(true);
    expect(updates[updates.length - 1].content.data["text/plain"]).toBe("fit: iteration 300/300, loss 0.00333333");
    expect(updates[updates.length - 1].content.data["text/html"]).toMatch(/<polyline/);
  });

  it("shows a promise's result, and an Error value as its message and the cell's frames", async () => {
    expect(await resultOf("Promise.resolve(6 * 7)")).toBe("42");
    const failing = await client.execute("Promise.reject(new RangeError('out of range'))");
    expect(failing.reply.content).toMatchObject({ status: "error", ename: "RangeError", evalue: "out of range" });
    expect(await resultOf("const madeHere = new Error('shown, not thrown')\nmadeHere")).toMatch(/^Error: shown, not thrown\n {4}at <cell \d+>:1:\d+$/);
  });

  it("prints a promise inside a value or through console.log as Node's REPL does, without the async bookkeeping Node tags it with", async () => {
    // It was Promise { 1, [Symbol(async_id_symbol)]: 37, [Symbol(trigger_async_id_symbol)]: 34, [Symbol(kResourceStore)]: 1 }.
    const { iopub } = await client.execute("console.log(Promise.resolve(1)); console.log([new Promise(() => {})])");
    expect(iopub.filter((m) => m.header.msg_type === "stream").map((m) => m.content.text).join("")).toBe("Promise { 1 }\n[ Promise { <pending> } ]\n");
    expect(await resultOf("async function oneLater() { return 1 }\n({ r: oneLater(), m: new Map([[1, Promise.reject(new Error('no'))]]) })")).toMatch(/^\{\n  r: Promise \{ 1 \},\n  m: Map\(1\) \{\n    1 => Promise \{\n      <rejected> Error: no\n/);
    // Node's own promises (fetch, timers/promises) too; a tensor inside a promise still shows as a tensor.
    const nested = await resultOf("[require('node:timers/promises').setTimeout(1, 'x'), Promise.resolve(tensor([1, 2]))]");
    expect(nested).toMatch(/^\[\n  Promise \{ <pending> \},\n  Promise \{\n    Tensor 2\n {4}\[1, 2\]\n  \}\n\]$/);
  });

  it("keeps JavaScript's meaning of the operators for everything else", async () => {
    expect(await resultOf("'a' + 1 + 2")).toBe("'a12'");
    expect(await resultOf("2n ** 10n + 1n")).toBe("1025n");
    expect(await resultOf("[null + 1, undefined + 1, null == undefined, -'3']")).toBe("[ 1, NaN, true, -3 ]");
    expect(await resultOf("({ valueOf: () => 6 } as any) * 7")).toBe("42");
    expect(await resultOf("'x = ' + dual(2, 1)")).toBe("'x = Dual(2, 1)'");
  });

  it("points runtime errors at the cell's line and names the shapes at fault", async () => {
    const shapes = await client.execute("const P = tensor([[1, 2, 3], [4, 5, 6]])\nconst Q = tensor([1, 2, 3, 4])\nP + Q");
    expect(shapes.reply.content).toMatchObject({ status: "error", ename: "ShapeError", evalue: "add: shapes (2×3) and (4) cannot be broadcast" });
    expect(shapes.reply.content.traceback.join("\n")).toMatch(/<cell \d+>(\x1b\[0m)?:3/);
    const unknown = await client.execute("const fine = 1\nnotDefinedAnywhere + 1");
    expect(unknown.reply.content).toMatchObject({ ename: "ReferenceError", evalue: "notDefinedAnywhere is not defined" });
    expect(unknown.reply.content.traceback.join("\n")).toMatch(/<cell \d+>(\x1b\[0m)?:2/);
  });

  it("lets a cell be re-run: const declared again", async () => {
    await client.execute("const k = 1");
    const { reply, iopub } = await client.execute("const k = 2\nk");
    expect(reply.content.status).toBe("ok");
    expect(iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"]).toBe("2");
  });

  it("silent cells neither broadcast nor count", async () => {
    const before = (await client.execute("1")).reply.content.execution_count;
    const { reply, iopub } = await client.execute("console.log('quiet'); display(1); 5", { silent: true, store_history: false });
    expect(reply.content.execution_count).toBe(before);
    expect(types(iopub)).toEqual(["status", "status"]);
    const failing = await client.execute("throw new Error('quietly')", { silent: true, store_history: false });
    expect(failing.reply.content.status).toBe("error");
    expect(types(failing.iopub)).toEqual(["status", "status"]);
  });

  it("evaluates user_expressions", async () => {
    const { reply } = await client.execute("const u = 6", { user_expressions: { twice: "u * 2", bad: "nope(" } });
    expect(reply.content.user_expressions.twice).toMatchObject({ status: "ok", data: { "text/plain": "12" } });
    expect(reply.content.user_expressions.bad.status).toBe("error");
  });

  it("reports errors with the cell's line number in the traceback", async () => {
    const { reply, iopub } = await client.execute("const z = 1\n\nthrow new TypeError('bad thing')");
    expect(reply.content).toMatchObject({ status: "error", ename: "TypeError", evalue: "bad thing" });
    const error = iopub.find((m) => m.header.msg_type === "error");
    expect(error?.content.ename).toBe("TypeError");
    expect(error?.content.traceback.join("\n")).toMatch(/<cell \d+>(\x1b\[0m)?:3/);
  });

  it.each([
    ["throw 42", "42"],
    ["throw null", "null"],
    ["throw 'text'", "'text'"],
  ])("survives non-Error throws: %s", async (code, evalue) => {
    const { reply } = await client.execute(code);
    expect(reply.content.status).toBe("error");
    expect(reply.content.evalue).toBe(evalue);
    expect((await client.execute("1 + 1")).reply.content.status).toBe("ok");
  });

  it("points syntax errors at line and column", async () => {
    const { reply } = await client.execute("const ok = 1\nlet x = ;");
    expect(reply.content.ename).toBe("SyntaxError");
    expect(reply.content.evalue).toMatch(/\(2:9\)/);
  });

  it("aborts executes queued behind a failing one (stop_on_error)", async () => {
    const send = (code: string) =>
      client.request("execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true });
    const [first, second, third] = await Promise.all([send("throw new Error('first')"), send("1"), send("2")]);
    expect(first.content.status).toBe("error");
    expect(second.content.status).toBe("aborted");
    expect(third.content.status).toBe("aborted");
    // Not run, so no count of its own (Notebook showed the failed cell's In [n] on them).
    expect(second.content).not.toHaveProperty("execution_count");
    expect((await client.execute("3")).reply.content.status).toBe("ok");
  });

  it("a failing silent cell aborts nothing queued behind it (ipykernel stops only after an error the user sees)", async () => {
    const send = (code: string, silent: boolean) =>
      client.request("execute_request", { code, silent, store_history: !silent, user_expressions: {}, allow_stdin: false, stop_on_error: true });
    // A front end's own probe (a variable inspector's silent execute) fails while the user's cell waits.
    const [probe, user] = await Promise.all([send("throw new Error('probe failed')", true), send("6 * 7", false)]);
    expect(probe.content).toMatchObject({ status: "error", ename: "Error", evalue: "probe failed" });
    expect(user.content.status).toBe("ok");
    const iopub = await client.iopubFor(user.parent_header.msg_id as string);
    expect(iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"]).toBe("42");
  });

  /** Resolves once a cell sent after iopub message `before` has started (its execute_input). */
  const started = async (before: number): Promise<void> => {
    const deadline = Date.now() + 30_000;
    while (!client.iopubMessages.slice(before).some((m) => m.header.msg_type === "execute_input")) {
      if (Date.now() > deadline) throw new Error("the cell did not start");
      await new Promise((r) => setTimeout(r, 20));
    }
    // Give it a moment to be inside its loop.
    await new Promise((r) => setTimeout(r, 100));
  };

  it("still looks busy while a cell runs and other requests are answered meanwhile (front ends read the last status, whatever its parent)", async () => {
    const mark = client.iopubMessages.length;
    const cell = client.execute("await new Promise((r) => setTimeout(r, 3000)); 'slept'");
    await started(mark);
    const info = await client.request("kernel_info_request");
    const completion = await client.request("complete_request", { code: "Math.", cursor_pos: 5 });
    // Each request answered meanwhile still gets its own busy/idle pair.
    for (const r of [info, completion]) {
      const own = await client.iopubFor(r.parent_header.msg_id as string);
      expect(own.filter((m) => m.header.msg_type === "status").map((m) => m.content.execution_state)).toEqual(["busy", "idle"]);
    }
    // JupyterLab's indicator (and jupyter_server's culling) take the state of the last status message.
    const lastStatus = (): Msg | undefined => client.iopubMessages.slice(mark).filter((m) => m.header.msg_type === "status").at(-1);
    const deadline = Date.now() + 1000;
    while (lastStatus()?.content.execution_state !== "busy" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(lastStatus()?.content.execution_state).toBe("busy");
    expect(lastStatus()?.parent_header.msg_id).toBe(client.iopubMessages.slice(mark).find((m) => m.header.msg_type === "execute_input")?.parent_header.msg_id);
    const { reply, iopub } = await cell;
    expect(iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"]).toBe("'slept'");
    // The cell's own idle is the last word.
    expect(lastStatus()).toMatchObject({ content: { execution_state: "idle" }, parent_header: { msg_id: reply.parent_header.msg_id } });
  }, 30_000);

  it("interrupts an infinite loop and keeps earlier variables", async () => {
    await client.execute("const kept = 'still here'");
    const before = client.iopubMessages.length;
    const running = client.execute("while (true) {}");
    await started(before);
    // The heartbeat answers while the cell loops.
    const hb = new zmq.Request({ linger: 0, receiveTimeout: 5000 });
    hb.connect(client.address(client.info.hb_port));
    await hb.send("ping");
    const [echo] = await hb.receive();
    hb.close();
    expect(echo.toString()).toBe("ping");
    const ir = await client.request("interrupt_request", {}, "control");
    expect(ir.content.status).toBe("ok");
    const { reply } = await running;
    expect(reply.content.ename).toBe("KeyboardInterrupt");
    const { iopub } = await client.execute("kept");
    expect(iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"]).toBe("'still here'");
  });

  it("an interrupted loop of jacfwd leaves no differentiation running (matmul(W, x) read a result remembered before W.data changed, and every later grad counted as nested)", async () => {
    await client.execute("const Wi = tensor([[1, 2], [3, 4]]); const xi = tensor([1, 1])");
    const before = client.iopubMessages.length;
    const running = client.execute("for (;;) jacfwd((v: Tensor) => tanh(matmul(Wi, v)))(xi)");
    await started(before);
    // Interrupted inside the loop, not while the cell is type-checked.
    await new Promise((r) => setTimeout(r, 800));
    await client.request("interrupt_request", {}, "control");
    expect((await running).reply.content.ename).toBe("KeyboardInterrupt");
    const { iopub } = await client.execute("Wi.data[0] = 10; [matmul(Wi, xi).toArray(), (variable(randn([2000])) * 2).value.pending === null]");
    expect(iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"]).toBe("[ [ 12, 7 ], true ]");
  });

  it("interrupts on SIGINT to the kernel process too, and the kernel survives it", async () => {
    await client.execute("const keptToo = 5");
    const before = client.iopubMessages.length;
    const running = client.execute("for (;;) {}");
    await started(before);
    kernel.kill("SIGINT");
    expect((await running).reply.content.ename).toBe("KeyboardInterrupt");
    kernel.kill("SIGINT"); // idle: nothing to stop, and Node must not die of it
    await new Promise((r) => setTimeout(r, 100));
    const { iopub } = await client.execute("keptToo");
    expect(iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"]).toBe("5");
  });

  it("interrupts on SIGINT to the kernel's process group, as jupyter_client sends it, and keeps the variables", async () => {
    // jupyter_client starts a kernel in a session of its own and interrupts it with killpg.
    const { spec } = installKernelspec();
    const { file, info } = await makeConnection("tcp");
    const args = spec.argv.map((a) => (a === "{connection_file}" ? file : a));
    const leader = spawn(args[0], args.slice(1), { cwd: ROOT, stdio: "ignore", detached: true });
    const own = new TestClient(info);
    try {
      await own.connect();
      await own.waitReady();
      await own.execute("const survives = 7");
      // The sandbox gets only the SIGINT the kernel forwards, not the group's too.
      const sandboxPid = Number((await own.execute("process.pid")).iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"]);
      const group = Number(readFileSync(`/proc/${sandboxPid}/stat`, "utf8").replace(/^.*\) /, "").split(" ")[2]);
      expect(group).not.toBe(leader.pid);
      for (let i = 0; i < 20; i++) {
        const before = own.iopubMessages.length;
        const running = own.execute("for (;;) {}");
        while (!own.iopubMessages.slice(before).some((m) => m.header.msg_type === "execute_input")) await new Promise((r) => setTimeout(r, 10));
        // Time for the cell to be inside its loop: Node's vm leaves SIGINT at its default for a
        // moment as it enters and leaves a script, and a signal then ends the process.
        await new Promise((r) => setTimeout(r, 300));
        process.kill(-(leader.pid as number), "SIGINT");
        expect((await running).reply.content.ename).toBe("KeyboardInterrupt");
      }
      const { iopub } = await own.execute("survives");
      expect(iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"]).toBe("7");
    } finally {
      own.close();
      leader.kill("SIGKILL");
    }
  }, 60_000);

  it("abandons an await that never settles on interrupt", async () => {
    const before = client.iopubMessages.length;
    const running = client.execute("await new Promise(() => {})");
    await started(before);
    await client.request("interrupt_request", {}, "control");
    expect((await running).reply.content.ename).toBe("KeyboardInterrupt");
  });

  it("recovers from process.exit() with a clear message and a fresh sandbox", async () => {
    await client.execute("const lost = 1");
    const { reply } = await client.execute("process.exit(3)");
    expect(reply.content.status).toBe("error");
    expect(reply.content.evalue).toMatch(/process\.exit\(3\)/);
    const after = await client.execute("typeof lost");
    expect(after.iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"]).toBe("'undefined'");
  });

  it("says so in the next cell when the sandbox ended between cells (process.exit in a timer lost every variable without a word)", async () => {
    await client.execute("const lostLater = 1; setTimeout(() => process.exit(5), 50); 'scheduled'");
    await new Promise((r) => setTimeout(r, 1000));
    const { reply, iopub } = await client.execute("typeof lostLater");
    expect(reply.content.status).toBe("ok");
    const stderr = iopub.filter((m) => m.header.msg_type === "stream" && m.content.name === "stderr").map((m) => m.content.text).join("");
    expect(stderr).toMatch(/process\.exit\(5\) was called from a timer or a callback\. This cell runs in a fresh sandbox: earlier variables are gone/);
    expect(iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"]).toBe("'undefined'");
    // Said once: the cell after it has no such note.
    const next = await client.execute("1 + 1");
    expect(next.iopub.filter((m) => m.header.msg_type === "stream")).toEqual([]);
  });

  it("recovers from a cell that exhausts memory", async () => {
    const { reply } = await client.execute("const hog: number[][] = []\nwhile (true) hog.push(new Array(1e6).fill(1))", {}, 110_000);
    expect(reply.content.status).toBe("error");
    expect(reply.content.evalue).toMatch(/out of memory/);
    expect((await client.execute("1 + 1")).reply.content.status).toBe("ok");
  }, 120_000);

  it("routes output of a timer to the cell that started it", async () => {
    const { reply } = await client.execute("setTimeout(() => console.log('late'), 200)\nundefined");
    const parent = reply.parent_header.msg_id;
    // Poll (a loaded machine may fire the timer late) rather than sleep a fixed time.
    const deadline = Date.now() + 10_000;
    const lateStream = () => client.iopubMessages.find((m) => m.parent_header.msg_id === parent && m.header.msg_type === "stream");
    while (!lateStream() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const late = lateStream();
    expect(late?.content.text).toBe("late\n");
  });

  it("batches an output flood into few messages", async () => {
    const { reply, iopub } = await client.execute("for (let i = 0; i < 200000; i++) console.log(i)");
    expect(reply.content.status).toBe("ok");
    const streams = iopub.filter((m) => m.header.msg_type === "stream");
    const text = streams.map((m) => m.content.text).join("");
    expect(text.split("\n").length - 1).toBe(200000);
    expect(streams.length).toBeLessThan(500);
  }, 60_000);

  it("every renderer's display carries the MIME types it promises, parented to its request", async () => {
    const cases: [string, string[]][] = [
      ["tensor([[1, 2], [3, 4]])", ["text/html", "text/latex", "text/plain"]],
      ["heatmap([[1, -2], [3, 4]], { title: 'J' })", ["image/svg+xml", "text/plain"]],
      ["plot((x: number) => x * x, [0, 1])", ["image/svg+xml", "text/plain"]],
      ["contour((v: number[]) => v[0] ** 2 + v[1] ** 2, [[-1, 1], [-1, 1]], { gradient: true })", ["image/svg+xml", "text/plain"]],
      ["derivation((x: number) => Math.sin(x * x), 0.5)", ["text/html", "text/latex", "text/plain"]],
      ["graph((x: number) => Math.exp(x) * x, 1)", ["image/svg+xml", "text/plain"]],
      ["latex((x: number) => Math.exp(x) * x)", ["text/latex", "text/plain"]],
      ["checkGrad((v: number[]) => v[0] * v[1], [1, 2])", ["text/html", "text/plain"]],
      ["[{ step: 1, loss: 0.5 }, { step: 2, loss: 0.25 }]", ["text/html", "text/plain"]],
    ];
    for (const [code, mimes] of cases) {
      for (const wrap of [(c: string) => c, (c: string) => `display(${c})`]) {
        const before = client.iopubMessages.length;
        const { reply } = await client.execute(wrap(code));
        // Every output published since the request (whatever its parent) belongs to it.
        const outputs = client.iopubMessages.slice(before).filter((m) => m.header.msg_type === "execute_result" || m.header.msg_type === "display_data");
        expect(outputs, code).toHaveLength(1);
        expect(Object.keys(outputs[0].content.data).sort(), code).toEqual(mimes);
        expect(outputs[0].parent_header.msg_id, code).toBe(reply.parent_header.msg_id);
      }
    }
    const { iopub } = await client.execute("[{ step: 1, loss: 0.5 }, { step: 2, loss: 0.25, note: '<b>' }]");
    const html = iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/html"];
    expect(html).toBe('<table class="nabla-records"><thead><tr><th></th><th>step</th><th>loss</th><th>note</th></tr></thead><tbody><tr><th>0</th><td>1</td><td>0.5</td><td></td></tr><tr><th>1</th><td>2</td><td>0.25</td><td>&lt;b&gt;</td></tr></tbody></table>');
  });

  it("html`…`, md`…` and svg`…` show their text as that MIME type, as Deno's kernel does", async () => {
    const cases: [string, string, string][] = [
      ["html`<b>${1 + 1}</b>`", "text/html", "<b>2</b>"],
      ["md('**f′(x)** = $2x$')", "text/markdown", "**f′(x)** = $2x$"],
      ["svg`<svg xmlns=\"http://www.w3.org/2000/svg\"/>`", "image/svg+xml", '<svg xmlns="http://www.w3.org/2000/svg"/>'],
    ];
    for (const [code, mime, text] of cases) {
      const { iopub } = await client.execute(code);
      expect(iopub.find((m) => m.header.msg_type === "execute_result")?.content.data[mime], code).toBe(text);
    }
  });

  it("shows a Jacobian result as a heatmap and a raw MIME bundle as itself", async () => {
    const { iopub } = await client.execute("jacobian((x: number[]) => [x[0] * x[1], Math.sin(x[0])])([1, 2])");
    const data = iopub.find((m) => m.header.msg_type === "execute_result")?.content.data;
    expect(data["text/plain"]).toBe("[ [ 2, 1 ], [ 0.5403023058681398, 0 ] ]");
    expect(data["image/svg+xml"]).toMatch(/^<svg[^>]*>.*class="cell"/);
    const raw = await client.execute("display({ 'image/svg+xml': '<svg xmlns=\"http://www.w3.org/2000/svg\"/>', 'text/plain': 'a picture' })");
    const shown = raw.iopub.find((m) => m.header.msg_type === "display_data")?.content.data;
    expect(shown).toEqual({ "image/svg+xml": '<svg xmlns="http://www.w3.org/2000/svg"/>', "text/plain": "a picture" });
  });

  it("display, display handles and clear_output", async () => {
    const { iopub } = await client.execute("display(7)\nconst h = display('a', { id: 'p' })\nh!.update('b')\nclearOutput({ wait: true })");
    const kinds = types(iopub).filter((t) => t !== "status" && t !== "execute_input");
    expect(kinds).toEqual(["display_data", "display_data", "update_display_data", "clear_output"]);
    const update = iopub.find((m) => m.header.msg_type === "update_display_data");
    expect(update?.content.transient).toEqual({ display_id: "p" });
    expect(update?.content.data["text/plain"]).toBe("'b'");
  });

  it("asks for input on stdin when allowed, and refuses clearly when not", async () => {
    client.stdinHandler = (m) => {
      if (m.header.msg_type === "input_request") void client.inputReply(`answer to ${m.content.prompt}`);
    };
    const { iopub } = await client.execute("prompt('q?')", { allow_stdin: true });
    expect(iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"]).toBe("'answer to q?'");
    const refused = await client.execute("prompt('q?')", { allow_stdin: false });
    expect(refused.reply.content.evalue).toMatch(/allow_stdin/);
  });

  it("a late answer to an interrupted prompt() is not taken as the answer to the next one", async () => {
    const requests: Msg[] = [];
    client.stdinHandler = (m) => {
      if (m.header.msg_type === "input_request") requests.push(m);
    };
    const asked = async (n: number): Promise<void> => {
      while (requests.length < n) await new Promise((r) => setTimeout(r, 20));
    };
    const first = client.execute("prompt('first?')", { allow_stdin: true });
    await asked(1);
    await client.request("interrupt_request", {}, "control");
    expect((await first).reply.content.ename).toBe("KeyboardInterrupt");
    // The front end's box for the first prompt is still open, and the user answers it: while
    // no prompt waits (dropped), and again once the next cell's prompt waits (it names the
    // first request, as JupyterLab's replies do, so it is not taken either).
    await client.inputReply("stale", requests[0]);
    const second = client.execute("prompt('second?')", { allow_stdin: true });
    await asked(2);
    expect(requests.map((m) => m.content.prompt)).toEqual(["first?", "second?"]);
    await client.inputReply("stale again", requests[0]);
    await client.inputReply("fresh", requests[1]);
    const { iopub } = await second;
    expect(iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"]).toBe("'fresh'");
    client.stdinHandler = null;
  });

  it("runs magics: %time, %timeit, %%time, %%html, %%latex, %%svg; unknown magics are a clear error", async () => {
    const time = await client.execute("%time const timed = [1, 2, 3].map((x) => x * 2)\ntimed.length");
    const timeText = time.iopub.filter((m) => m.header.msg_type === "stream").map((m) => m.content.text).join("");
    expect(timeText).toMatch(/^CPU times: user .+, sys: .+, total: .+\nWall time: \d/);
    expect(time.iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"]).toBe("3");
    // %time of an expression on the last line shows its value too, as IPython does.
    const timedValue = await client.execute("const half = 21\n%time half * 2");
    expect(timedValue.iopub.filter((m) => m.header.msg_type === "stream").map((m) => m.content.text).join("")).toMatch(/Wall time: \d/);
    expect(timedValue.iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"]).toBe("42");
    const timeit = await client.execute("%timeit -n 5 -r 2 Math.sqrt(2)");
    expect(timeit.iopub.find((m) => m.header.msg_type === "stream")?.content.text).toMatch(/per loop \(mean ± std\. dev\. of 2 runs, 5 loops each\)/);
    const cellTime = await client.execute("%%time\nconst fromTimedCell = 21\nfromTimedCell * 2");
    expect(cellTime.iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"]).toBe("42");
    expect((await client.execute("fromTimedCell")).reply.content.status).toBe("ok");
    for (const [magic, mime] of [["%%html", "text/html"], ["%%latex", "text/latex"], ["%%svg", "image/svg+xml"]]) {
      const body = magic === "%%svg" ? '<svg xmlns="http://www.w3.org/2000/svg"><circle r="3"/></svg>' : "<b>x</b> $x^2$";
      const { iopub } = await client.execute(`${magic}\n${body}`);
      expect(iopub.find((m) => m.header.msg_type === "display_data")?.content.data[mime]).toBe(body);
    }
    const bad = await client.execute("%nonsense 1");
    expect(bad.reply.content).toMatchObject({ status: "error", ename: "UsageError" });
    expect(bad.reply.content.evalue).toMatch(/unknown magic %nonsense; Nabla knows %time/);
  });

  it("imports node built-ins", async () => {
    const { iopub } = await client.execute("import { join } from 'node:path'\nimport fs from 'fs'\njoin('a', 'b') + String(typeof fs.readFileSync)");
    expect(iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"]).toBe("'a/bfunction'");
  });

  it("answers complete, inspect and is_complete", async () => {
    await client.execute("const gradient_steps = 3");
    const c = await client.request("complete_request", { code: "gradient_s", cursor_pos: 10 });
    expect(c.content).toMatchObject({ status: "ok", cursor_start: 0, cursor_end: 10 });
    expect(c.content.matches).toContain("gradient_steps");
    const i = await client.request("inspect_request", { code: "gradient_steps", cursor_pos: 3, detail_level: 0 });
    expect(i.content.found).toBe(true);
    // From the live value before the language service is warm, from types after.
    expect(i.content.data["text/plain"]).toMatch(/gradient_steps: (number|3)/);
    for (const [code, status] of [["1 + 1", "complete"], ["for (let i = 0; i < 3; i++) {", "incomplete"], ["let = = 1", "invalid"]]) {
      const r = await client.request("is_complete_request", { code });
      expect(r.content.status).toBe(status);
    }
  });

  it("the language service: typed completion, inspection with examples, type errors as warnings", async () => {
    // Warm-up runs in the background; wait until completions carry type metadata.
    const deadline = Date.now() + 30_000;
    let typed: Msg | null = null;
    while (Date.now() < deadline) {
      const r = await client.request("complete_request", { code: "gra", cursor_pos: 3 });
      if (r.content.metadata?._jupyter_types_experimental) {
        typed = r;
        break;
      }
      await new Promise((res) => setTimeout(res, 250));
    }
    expect(typed, "the language service did not warm up within 30 s").not.toBeNull();
    expect(typed!.content.matches).toContain("grad");
    const gradType = typed!.content.metadata._jupyter_types_experimental.find((t: { text: string }) => t.text === "grad");
    expect(gradType).toMatchObject({ type: "function", start: 0, end: 3 });
    // Its simplest call's signature and how many more (grad has overloads for argnums and hasAux).
    expect(gradType.signature).toMatch(/^const grad: (<[^>]*>)?\(f: F, opts\?: .* \(\+4 overloads\)$/);

    await client.execute("const M = tensor([[1, 2], [3, 4]]) as Tensor");
    const members = await client.request("complete_request", { code: "M.resh", cursor_pos: 6 });
    expect(members.content.matches).toEqual(["reshape"]);
    expect([members.content.cursor_start, members.content.cursor_end]).toEqual([2, 6]);
    // A tensor's public members only: not the runtime's internals (deferred evaluation).
    const all = await client.request("complete_request", { code: "M.", cursor_pos: 2 });
    expect(all.content.matches).toEqual(expect.arrayContaining(["shape", "data", "toArray", "reshape"]));
    for (const internal of ["pending", "settle", "stored", "compute", "madeSince"]) expect(all.content.matches).not.toContain(internal);
    // Cursor positions count code points: the emoji is one, not two UTF-16 units.
    const emoji = await client.request("complete_request", { code: "'😀'; M.resh", cursor_pos: 11 });
    expect(emoji.content).toMatchObject({ matches: ["reshape"], cursor_start: 7, cursor_end: 11 });

    const doc = await client.request("inspect_request", { code: "grad", cursor_pos: 4, detail_level: 0 });
    expect(doc.content.found).toBe(true);
    expect(doc.content.data["text/plain"]).toMatch(/The gradient of a scalar function[\s\S]*Example:[\s\S]*grad\(\(x: number\) => x \*\* 3\)\(2\)/);
    expect(doc.content.data["text/markdown"]).toMatch(/```ts\nconst grad/);
    // Shift+Tab inside a call's arguments (JupyterLab's and Notebook's tooltip) shows the called
    // function, as IPython does; the cursor sits after `(` or an argument, on no name.
    await client.execute("function addScaled(a: number, b: number, k = 2): number { return a + k * b }");
    for (const code of ["addScaled(", "addScaled(1, ", "addScaled(Math.max(1, 2), "]) {
      const tip = await client.request("inspect_request", { code, cursor_pos: code.length, detail_level: 0 });
      expect(tip.content.found, code).toBe(true);
      expect(tip.content.data["text/plain"]).toMatch(/^function addScaled\(a: number, b: number, k\?: number\): number/);
    }
    const inner = await client.request("inspect_request", { code: "addScaled(Math.max(1, ", cursor_pos: 22, detail_level: 0 });
    expect(inner.content.data["text/plain"]).toMatch(/^\(method\) Math\.max\b/);
    // On a name, that name (not the call around it).
    const onArg = await client.request("inspect_request", { code: "addScaled(M, 1)", cursor_pos: 11, detail_level: 0 });
    expect(onArg.content.data["text/plain"]).toMatch(/^const M: Tensor/);

    const { reply, iopub } = await client.execute("const wrong: number = 'text'\nwrong.length");
    expect(reply.content.status).toBe("ok");
    const stderr = iopub.filter((m) => m.header.msg_type === "stream" && m.content.name === "stderr").map((m) => m.content.text).join("");
    expect(stderr).toMatch(/warning: <cell \d+>:1:7: Type 'string' is not assignable to type 'number'\. \(TS2322\)/);
    expect(iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"]).toBe("4");
    // Declaring a name again in a later cell is not a type error.
    const again = await client.execute("const wrong = 5");
    expect(again.iopub.some((m) => m.header.msg_type === "stream" && m.content.name === "stderr")).toBe(false);
  }, 60_000);

  it("keeps history: tail, range and search", async () => {
    await client.execute("const historic = 'h1'");
    const tail = await client.request("history_request", { hist_access_type: "tail", n: 2, output: false, raw: true });
    expect(tail.content.history.length).toBe(2);
    expect(tail.content.history[1][2]).toBe("const historic = 'h1'");
    const search = await client.request("history_request", { hist_access_type: "search", pattern: "const historic*", output: false, raw: true });
    expect(search.content.history.map((h: unknown[]) => h[2])).toEqual(["const historic = 'h1'"]);
    const range = await client.request("history_request", { hist_access_type: "range", session: 0, start: 1, stop: 2, output: false, raw: true });
    expect(range.content.history.length).toBe(1);
  });

  it("accepts comms without targets", async () => {
    const info = await client.request("comm_info_request", {});
    expect(info.content).toEqual({ status: "ok", comms: {} });
    // comm_open has no reply; with no such target the kernel closes the comm on iopub.
    await client.sendRaw(client.frames("comm_open", { comm_id: "c1", target_name: "none", data: {} }, { msgId: "open-c1" }));
    const iopub = await client.iopubFor("open-c1");
    expect(iopub.find((m) => m.header.msg_type === "comm_close")?.content.comm_id).toBe("c1");
  });

  it("drops badly signed and malformed messages and keeps serving", async () => {
    await client.sendRaw(client.frames("execute_request", { code: "globalThis.hacked = 1" }, { signature: "0".repeat(64) }));
    await client.sendRaw(["<IDS|MSG>", "sig"]); // too few frames
    await client.sendRaw(["no delimiter", "x", "{}", "{}", "{}", "{}"]);
    const header = Buffer.from("not json");
    await client.sendRaw(["<IDS|MSG>", client.sign([header, Buffer.from("{}"), Buffer.from("{}"), Buffer.from("{}")]), header, "{}", "{}", "{}"]);
    const wrongType = [Buffer.from("[1,2]"), Buffer.from("{}"), Buffer.from("{}"), Buffer.from("{}")];
    await client.sendRaw(["<IDS|MSG>", client.sign(wrongType), ...wrongType]);
    await client.sendRaw(client.frames("no_such_request", {}));
    const { iopub } = await client.execute("typeof hacked");
    expect(iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"]).toBe("'undefined'");
  });

  it("survives a huge message", async () => {
    const big = "x".repeat(20_000_000);
    const { reply, iopub } = await client.execute(`const s = ${JSON.stringify(big.slice(0, 10))}.repeat(2_000_000)\ns.length`, { user_expressions: { junk: "1" }, padding: big });
    expect(reply.content.status).toBe("ok");
    expect(iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"]).toBe("20000000");
  }, 60_000);

  it("runs 200 cells in a row with the kernel's memory flat", async () => {
    const rss = (): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${kernel.pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
    for (let i = 0; i < 20; i++) await client.execute(`${i} + 1`);
    const before = rss();
    for (let i = 0; i < 200; i++) {
      const { reply } = await client.execute(`const cell${i % 5} = ${i}\ncell${i % 5} * 2`);
      expect(reply.content.status).toBe("ok");
    }
    expect(rss() - before).toBeLessThan(50 * 1024 * 1024);
  }, 120_000);

  it("exits after its shutdown_reply when restart is true too: jupyter_client starts the new process itself", async () => {
    // jupyter_client's restart_kernel (JupyterLab, Notebook, nbclient) waits for this process
    // to end, and SIGTERMs it after half of shutdown_wait_time (2.5 s) when it lingers.
    const exited = new Promise<number | null>((res) => kernel.once("exit", (code) => res(code)));
    const lingered = new Promise<string>((res) => setTimeout(() => res("still running after 2 s"), 2000));
    const r = await client.request("shutdown_request", { restart: true }, "control");
    expect(r.content).toEqual({ status: "ok", restart: true });
    expect(await Promise.race([exited, lingered])).toBe(0);
  }, 60_000);
});

describe("imports resolved from the notebook's directory", () => {
  it("imports a CommonJS package and an ESM-only package installed next to the notebook", async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = mkdtempSync(join(tmpdir(), "nabla-notebook-"));
    const pkg = (name: string, json: object, file: string, code: string) => {
      mkdirSync(join(dir, "node_modules", name), { recursive: true });
      writeFileSync(join(dir, "node_modules", name, "package.json"), JSON.stringify({ name, version: "1.0.0", ...json }));
      writeFileSync(join(dir, "node_modules", name, file), code);
    };
    pkg("cjs-pkg", { main: "index.js" }, "index.js", "exports.triple = (x) => 3 * x;");
    pkg("esm-only", { type: "module", exports: { ".": { import: "./index.js" } } }, "index.js", "export const greet = (n) => `hi ${n}`; export default 7;");
    writeFileSync(join(dir, "local.js"), "module.exports = { four: 4 };");
    const { spec } = installKernelspec();
    const { file, info } = await makeConnection("tcp");
    const kernel = spawnFromSpec(spec.argv, file, dir);
    const client = new TestClient(info);
    try {
      await client.connect();
      await client.waitReady();
      const { reply, iopub } = await client.execute(
        "import { triple } from 'cjs-pkg'\nimport seven, { greet } from 'esm-only'\nconst local = require('./local.js');\n`${triple(2)} ${greet('x')} ${seven} ${local.four}`",
      );
      expect(reply.content.status, JSON.stringify(reply.content)).toBe("ok");
      expect(iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"]).toBe("'6 hi x 7 4'");
    } finally {
      client.close();
      kernel.kill("SIGKILL");
    }
  });
});

describe("the kernel on the ipc transport", () => {
  it("executes a cell over ipc:// sockets", async () => {
    const { spec } = installKernelspec();
    const { file, info } = await makeConnection("ipc");
    const kernel = spawnFromSpec(spec.argv, file);
    const client = new TestClient(info);
    try {
      await client.connect();
      await client.waitReady();
      const { iopub } = await client.execute("6 * 7");
      expect(iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"]).toBe("42");
      const exited = new Promise<number | null>((res) => kernel.once("exit", (code) => res(code)));
      const s = await client.request("shutdown_request", { restart: false }, "control");
      expect(s.content).toEqual({ status: "ok", restart: false });
      expect(await exited).toBe(0);
    } finally {
      client.close();
      kernel.kill("SIGKILL");
    }
  });
});

describe("inspection in a session's first seconds", () => {
  let kernel: ChildProcess;
  let client: TestClient;

  beforeAll(async () => {
    ({ kernel, client } = await startKernel());
  });

  afterAll(() => {
    client?.close();
    kernel?.kill("SIGKILL");
  });

  it("Shift+Tab on a runtime function shows its signature, doc comment and example at once, as it does once the type checker is warm (it showed the first line of its JavaScript source)", async () => {
    const early = await client.request("inspect_request", { code: "hessian(", cursor_pos: 8, detail_level: 0 });
    expect(early.content.found).toBe(true);
    const text = early.content.data["text/plain"] as string;
    expect(text).toMatch(/^const hessian: /);
    expect(text).toMatch(/The Hessian of a scalar function[\s\S]*Example:/);
    expect(text).not.toMatch(/function hessian\(f, opts\) \{/);
    // A name the session declares again is its own, not the runtime's.
    await client.execute("const sigmoid = 'mine'");
    const own = await client.request("inspect_request", { code: "sigmoid", cursor_pos: 7, detail_level: 0 });
    expect(own.content.data["text/plain"]).not.toMatch(/logistic|The sigmoid/i);
    expect(own.content.data["text/plain"]).toMatch(/mine/);
    // Once warm (a cell's own name has its type), the same answer for the runtime function.
    await client.execute("const warmMarker = 41");
    for (let i = 0; ; i++) {
      const r = await client.request("inspect_request", { code: "warmMarker", cursor_pos: 10, detail_level: 0 });
      if (/^const warmMarker: 41/.test(r.content.data["text/plain"] as string)) break;
      if (i > 300) throw new Error("the type checker did not warm up");
      await new Promise((r) => setTimeout(r, 100));
    }
    const warm = await client.request("inspect_request", { code: "hessian(", cursor_pos: 8, detail_level: 0 });
    expect(warm.content.data).toEqual(early.content.data);
  }, 60_000);
});
