import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { installKernelspec, ROOT } from "./support/kernel-process";

const PYTHON = "/usr/bin/python3";

/** Whether Debian's Jupyter clients are installed; under CI they must be. */
function clientsMissing(): string | null {
  const probe = spawnSync(PYTHON, ["-c", "import jupyter_kernel_test, jupyter_client"], { encoding: "utf8" });
  if (probe.status === 0) return null;
  return `python3-jupyter-kernel-test / python3-jupyter-client are not installed (${(probe.stderr || probe.error?.message || "").trim().split("\n").pop()})`;
}

const missing = clientsMissing();
if (missing && process.env.CI !== "true") console.log(`[conformance] skipped: ${missing}; .ci/run installs them`);
const suite = missing && process.env.CI !== "true" ? describe.skip : describe;

suite("conformance through clients nobody here wrote", () => {
  it("Debian's clients are present (required under CI=true)", () => {
    expect(missing).toBeNull();
  });

  it("passes jupyter_kernel_test's KernelTests", () => {
    const { jupyterPath } = installKernelspec();
    const run = spawnSync(PYTHON, ["-m", "unittest", "-v", "test_nabla_kernel"], {
      cwd: join(ROOT, "test", "kernel", "conformance"),
      env: { ...process.env, JUPYTER_PATH: jupyterPath },
      encoding: "utf8",
      timeout: 300_000,
    });
    const out = `${run.stdout}\n${run.stderr}`;
    console.log(out.split("\n").filter((l) => / \.\.\. |^Ran |^OK|^FAILED/.test(l)).join("\n"));
    expect(run.status, out).toBe(0);
    // Every test it has that applies ran: only the pager test is skipped (Nabla has no
    // pager payloads: help goes through inspect_request).
    const ran = Number(/Ran (\d+) tests?/.exec(out)?.[1] ?? 0);
    expect(ran).toBeGreaterThanOrEqual(13);
    const skipped = out.split("\n").filter((l) => / \.\.\. skipped/.test(l));
    expect(skipped.map((l) => l.split(" ")[0])).toEqual(["test_pager"]);
  }, 320_000);

  it("works with jupyter_client's KernelManager and blocking client", () => {
    const { jupyterPath } = installKernelspec();
    const run = spawnSync(PYTHON, [join(ROOT, "test", "kernel", "conformance", "jupyter_client_smoke.py")], {
      env: { ...process.env, JUPYTER_PATH: jupyterPath },
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/jupyter_client: ok/);
  }, 130_000);

  it("runs the cell after an interrupted prompt(), with jupyter_client's interrupt (a re-sent SIGINT left in Node's watchdog interrupted it)", () => {
    const { jupyterPath } = installKernelspec();
    const run = spawnSync(PYTHON, [join(ROOT, "test", "kernel", "conformance", "jupyter_client_interrupted_prompt.py")], {
      env: { ...process.env, JUPYTER_PATH: jupyterPath },
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/interrupted prompt: ok/);
  }, 130_000);
});
