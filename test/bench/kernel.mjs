// Kernel benchmarks (issue 2): start → kernel_info_reply, first cell, 1+1 round trips,
// and a loop-heavy cell (naive fib(30)) in the kernel against plain node.
// Talks to the real kernel over signed ZeroMQ, as a front end would.
import { createRequire } from "node:module";
import { spawn } from "node:child_process";
import { createHmac, randomUUID, randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { median, table, fmt } from "./timing.mjs";

const require = createRequire(import.meta.url);
const zmq = require("zeromq");
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

const { freePort } = require("../../dist/kernel/free-port.js");

async function startKernel() {
  const ports = await Promise.all([1, 2, 3, 4, 5].map(freePort));
  const info = { transport: "tcp", ip: "127.0.0.1", shell_port: ports[0], control_port: ports[1], stdin_port: ports[2], iopub_port: ports[3], hb_port: ports[4], key: randomBytes(16).toString("hex"), signature_scheme: "hmac-sha256" };
  const file = join(mkdtempSync(join(tmpdir(), "nabla-bench-")), "conn.json");
  writeFileSync(file, JSON.stringify(info));
  const t0 = performance.now();
  const proc = spawn(process.execPath, [join(root, "dist", "kernel", "main.js"), file], { stdio: "ignore" });
  const shell = new zmq.Dealer({ linger: 0 });
  shell.connect(`tcp://127.0.0.1:${info.shell_port}`);
  const session = randomUUID();
  const sign = (frames) => { const h = createHmac("sha256", info.key); frames.forEach((f) => h.update(f)); return h.digest("hex"); };
  const request = async (msg_type, content) => {
    const header = { msg_id: randomUUID(), session, username: "bench", date: new Date().toISOString(), msg_type, version: "5.3" };
    const body = [header, {}, {}, content].map((o) => Buffer.from(JSON.stringify(o)));
    await shell.send(["<IDS|MSG>", sign(body), ...body]);
    for (;;) {
      const frames = await shell.receive();
      const i = frames.findIndex((f) => f.toString() === "<IDS|MSG>");
      const parent = JSON.parse(frames[i + 3].toString());
      if (parent.msg_id === header.msg_id) return JSON.parse(frames[i + 5].toString());
    }
  };
  return { proc, request, t0, close: () => { shell.close(); proc.kill("SIGKILL"); } };
}

const exec = (k, code) => k.request("execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true });

const startTimes = [];
const firstCell = [];
for (let run = 0; run < 5; run++) {
  const k = await startKernel();
  await k.request("kernel_info_request", {});
  startTimes.push(performance.now() - k.t0);
  await exec(k, "1 + 1");
  firstCell.push(performance.now() - k.t0);
  k.close();
}

const k = await startKernel();
await k.request("kernel_info_request", {});
await exec(k, "1 + 1");
const rt = [];
for (let i = 0; i < 100; i++) {
  const t = performance.now();
  await exec(k, "1+1");
  rt.push(performance.now() - t);
}
// Let the language service finish warming up in the background first (it shares the CPU).
await new Promise((r) => setTimeout(r, 3000));
await exec(k, "function fib(n: number): number { return n < 2 ? n : fib(n - 1) + fib(n - 2) }\nfib(25)");
const fibKernel = [];
// Read the in-cell timing of fib(30) from user_expressions, so IPC is not counted.
for (let i = 0; i < 7; i++) {
  const r = await k.request("execute_request", { code: "const t1 = performance.now(); fib(30); const dt = performance.now() - t1", silent: false, store_history: true, user_expressions: { dt: "dt" }, allow_stdin: false, stop_on_error: true });
  fibKernel.push(Number(r.user_expressions.dt.data["text/plain"]));
}
// W1 as a student writes it in a cell (operators, Math.sin, runtime names), timed inside the cell.
await exec(k, [
  "const w1x = Array.from({ length: 10000 }, (_, i) => Math.sin(i) * 1.5);",
  "const w1v = Array.from({ length: 10000 }, (_, i) => (i % 3) - 1);",
  "const w1 = (x: number[]) => { let s = 0; for (let i = 0; i < x.length - 1; i++) s += Math.sin(x[i]) * x[i + 1] + Math.exp(-x[i] * x[i]) / (1 + x[i] * x[i]); return s; };",
  "const w1r = (x: number[]) => { let s = 0; for (let i = 0; i < x.length - 1; i++) s += sin(x[i]) * x[i + 1] + exp(-x[i] * x[i]) / (1 + x[i] * x[i]); return s; };",
  "const median = (g: () => unknown, runs: number) => { for (let r = 0; r < 15; r++) g(); const ts: number[] = []; for (let r = 0; r < runs; r++) { const t = performance.now(); g(); ts.push(performance.now() - t); } return ts.sort((a, b) => a - b)[runs >> 1]; };",
].join("\n"));
const w1 = await k.request("execute_request", {
  code: "const w1Plain = median(() => w1(w1x), 51), w1Grad = median(() => valueAndGrad(w1)(w1x), 31), w1Jvp = median(() => jvp(w1, [w1x], [w1v]), 31), w1Names = median(() => valueAndGrad(w1r)(w1x), 31)",
  silent: false, store_history: true, allow_stdin: false, stop_on_error: true,
  user_expressions: { plain: "w1Plain", grad: "w1Grad", jvp: "w1Jvp", names: "w1Names" },
});
const w1Cell = Object.fromEntries(Object.entries(w1.user_expressions).map(([key, r]) => [key, Number(r.data["text/plain"])]));
const w1NodeX = Array.from({ length: 10000 }, (_, i) => Math.sin(i) * 1.5);
const w1Node = (x) => { let s = 0; for (let i = 0; i < x.length - 1; i++) s += Math.sin(x[i]) * x[i + 1] + Math.exp(-x[i] * x[i]) / (1 + x[i] * x[i]); return s; };
for (let r = 0; r < 15; r++) w1Node(w1NodeX);
const w1NodeTimes = [];
for (let r = 0; r < 51; r++) { const t = performance.now(); w1Node(w1NodeX); w1NodeTimes.push(performance.now() - t); }
// Notebook loops that went through slow paths (global lookups, closures per update, the runtime's
// checks): each in a cell and in plain node, timed the same way (medians after warm-up).
const loops = {
  flatMatmul: "(() => { const n = 40, A = new Float64Array(n * n).fill(1.5), C = new Float64Array(n * n); return () => { C.fill(0); for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) C[i * n + j] += A[i * n + k] * A[k * n + j]; return C[5]; }; })()",
  builtins: "() => { let s = 0; const z = [1]; for (let i = 0; i < 100000; i++) if (Number.isFinite(i) && Array.isArray(z)) s += Math.max(i, 5) + Math.min(i, 3, 4); return s; }",
  text: "() => { let s = ''; for (let i = 0; i < 20000; i++) s += 'x' + i + ','; return s.length; }",
  // Math.max/min of two numbers and hypot of three went through a rest array (7–20×, 2.3×).
  minMaxHypot: "() => { let s = 0; for (let i = 0; i < 100000; i++) s += Math.max(i, 5) + Math.min(i, 3) + Math.hypot(i, 2, 3); return s; }",
};
const loopCell = await k.request("execute_request", {
  code: Object.entries(loops).map(([name, f]) => `const loop_${name} = ${f};\nconst loopT_${name} = median(loop_${name}, 31);`).join("\n"),
  silent: false, store_history: true, allow_stdin: false, stop_on_error: true,
  user_expressions: Object.fromEntries(Object.keys(loops).map((name) => [name, `loopT_${name}`])),
});
const loopNode = {};
for (const [name, f] of Object.entries(loops)) {
  const g = eval(f);
  for (let r = 0; r < 15; r++) g();
  const ts = [];
  for (let r = 0; r < 31; r++) { const t = performance.now(); g(); ts.push(performance.now() - t); }
  loopNode[name] = median(ts);
}
const loopRows = Object.keys(loops).map((name) => {
  const cell = Number(loopCell.user_expressions[name].data["text/plain"]);
  return [`${name} loop in a cell ÷ plain node`, `${(cell / loopNode[name]).toFixed(2)}× (${fmt(cell)})`, ""];
});
// Completion from types, after the language service has warmed up.
const completeTimes = [];
for (let i = 0; i < 20; i++) {
  const t = performance.now();
  const r = await k.request("complete_request", { code: `const v${i} = 1\nv${i} + gra`, cursor_pos: 17 + String(i).length });
  completeTimes.push(performance.now() - t);
  if (!r.matches.includes("grad")) throw new Error(`completion did not offer grad: ${JSON.stringify(r.matches)}`);
}
k.close();
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
const fibNode = [];
for (let i = 0; i < 9; i++) { const t = performance.now(); fib(30); fibNode.push(performance.now() - t); }

table([
  ["measure", "median", "target"],
  ["start → kernel_info_reply", fmt(median(startTimes)), "< 300 ms"],
  ["start → first cell's result", fmt(median(firstCell)), "< 1.5 s"],
  ["execute_request '1+1' round trip (100×)", fmt(median(rt)), "< 5 ms"],
  ["fib(30) in a kernel cell", fmt(median(fibKernel)), ""],
  ["fib(30) in plain node", fmt(median(fibNode)), ""],
  ["kernel ÷ node", `${(median(fibKernel) / median(fibNode)).toFixed(2)}×`, "≤ 1.3×"],
  ["complete_request after warm-up (20×)", fmt(median(completeTimes)), "< 100 ms"],
  ["W1 loop in a cell ÷ plain node", `${(w1Cell.plain / median(w1NodeTimes)).toFixed(2)}×`, ""],
  ["W1 valueAndGrad in a cell (Math.sin, operators) ÷ plain node", `${(w1Cell.grad / median(w1NodeTimes)).toFixed(1)}× (${fmt(w1Cell.grad)})`, "8×"],
  ["  the same with sin, exp (runtime names)", `${(w1Cell.names / median(w1NodeTimes)).toFixed(1)}× (${fmt(w1Cell.names)})`, ""],
  ["W1 jvp in a cell (dual numbers) ÷ plain node", `${(w1Cell.jvp / median(w1NodeTimes)).toFixed(1)}× (${fmt(w1Cell.jvp)})`, "4×"],
  ...loopRows,
]);
process.exit(0);
