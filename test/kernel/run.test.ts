import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./support/kernel-process";

const CLI = join(ROOT, "dist", "kernel", "cli.js");

function notebook(cells: string[], kernel = "nabla"): string {
  const dir = mkdtempSync(join(tmpdir(), "nabla-run-test-"));
  const file = join(dir, "nb.ipynb");
  writeFileSync(
    file,
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: kernel, display_name: kernel, language: kernel === "nabla" ? "typescript" : "python" } },
      cells: [{ cell_type: "markdown", metadata: {}, source: "# title" }, ...cells.map((source) => ({ cell_type: "code", metadata: {}, source, outputs: [], execution_count: null }))],
    }),
  );
  return file;
}

function run(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(process.execPath, [CLI, "run", ...args], { encoding: "utf8", timeout: 120_000, env });
}

const codeCells = (file: string) => (JSON.parse(readFileSync(file, "utf8")).cells as { cell_type: string; outputs: Record<string, unknown>[]; execution_count: number | null }[]).filter((c) => c.cell_type === "code");

describe("nabla run", () => {
  it("executes every cell through the kernel and writes outputs and counts back", () => {
    const file = notebook(["const f = (x: number) => x**3\nconsole.log('a')\nconsole.log('b')\nderivative(f)(2)", "const h = display(1, { id: 'p' })\nh!.update(2)", "tensor([[1, 2]])"]);
    const r = run([file]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\[1\/3\] ✓ .*\n\[2\/3\] ✓ .*\n\[3\/3\] ✓ .*\n3 passed, 0 failed \(3 code cells\)/);
    const cells = codeCells(file);
    expect(cells.map((c) => c.execution_count)).toEqual([1, 2, 3]);
    expect(cells[0].outputs).toEqual([
      { output_type: "stream", name: "stdout", text: "a\nb\n" },
      { output_type: "execute_result", execution_count: 1, data: { "text/plain": "12" }, metadata: {} },
    ]);
    expect(cells[1].outputs).toEqual([{ output_type: "display_data", data: { "text/plain": "2" }, metadata: {} }]);
    expect(Object.keys(cells[2].outputs[0].data as object).sort()).toEqual(["text/html", "text/latex", "text/plain"]);
  }, 60_000);

  it("stops at a failing cell and exits 1; --continue-on-error runs the rest; --out leaves the input alone", () => {
    const file = notebook(["throw new Error('boom')", "1 + 1"]);
    const stopped = run([file]);
    expect(stopped.status).toBe(1);
    expect(stopped.stdout).toMatch(/✗ .*throw new Error\('boom'\)\n\s+Error: boom/);
    expect(stopped.stdout).toMatch(/0 passed, 1 failed, 1 not run/);
    const out = join(mkdtempSync(join(tmpdir(), "nabla-out-")), "out.ipynb");
    const all = run([file, "--continue-on-error", "--out", out]);
    expect(all.status).toBe(1);
    expect(codeCells(out)[1].outputs[0].data).toEqual({ "text/plain": "2" });
  }, 60_000);

  it("interrupts a cell that runs past --timeout, reports it and leaves no process behind", () => {
    const file = notebook(["while (true) {}", "1"]);
    // A temporary folder of its own, so that kernels of other tests running at the same time
    // (the notebooks are run through nabla run in parallel) are not mistaken for this one.
    const tmp = mkdtempSync(join(tmpdir(), "nabla-timeout-"));
    const r = run([file, "--timeout", "1"], { ...process.env, TMPDIR: tmp });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/Timeout: the cell ran longer than 1 s/);
    // The kernel nabla run started (its connection file lives in a nabla-run-… folder under tmp) is gone.
    const left = spawnSync("pgrep", ["-f", `${tmp}/nabla-run-[^/]*/connection.json`], { encoding: "utf8" });
    expect(left.stdout.trim()).toBe("");
  }, 60_000);

  it.each([
    ["a missing file", ["/nonexistent/nb.ipynb"], /cannot read \/nonexistent\/nb\.ipynb: no such file/],
    ["an invalid notebook", [(() => { const f = join(mkdtempSync(join(tmpdir(), "bad-")), "x.ipynb"); writeFileSync(f, "{ not json"); return f; })()], /is not a notebook: invalid JSON/],
    ["a notebook for another kernel", [notebook(["print(1)"], "python3")], /is for the kernel "python3" \(python\), not nabla/],
  ])("refuses %s clearly with exit code 2", (_name, args, message) => {
    const r = run(args as string[]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe("the nabla command", () => {
  const nabla = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 60_000 });
  it("answers --version and --help, and shows the usage with exit code 2 when it is not told what to do", () => {
    const version = nabla(["--version"]);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(`nabla ${(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version}`);
    const help = nabla(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/nabla run NOTEBOOK\.\.\. .*--html/);
    const nothing = nabla([]);
    expect(nothing.status).toBe(2);
    expect(nothing.stderr).toMatch(/^usage:/);
  });
});
