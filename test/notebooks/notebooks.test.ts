import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installKernelspec, ROOT } from "../kernel/support/kernel-process";
import { notebookToHtml } from "../../kernel/run/html";
import { readNotebook } from "../../kernel/run/notebook";

const NOTEBOOKS = readdirSync(join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort();
const PYTHON = "/usr/bin/python3";
const hasNbclient = spawnSync(PYTHON, ["-c", "import nbclient, nbformat"]).status === 0;
if (!hasNbclient && process.env.CI !== "true") console.log("[notebooks] nbclient checks skipped: python3-nbclient is not installed; .ci/run installs it");

describe.each(NOTEBOOKS)("notebooks/%s re-runs and checks itself", (name) => {
  it("through nabla run", () => {
    const out = join(mkdtempSync(join(tmpdir(), "nb-")), name);
    const r = spawnSync(process.execPath, [join(ROOT, "dist", "kernel", "cli.js"), "run", join(ROOT, "notebooks", name), "--out", out], { encoding: "utf8", timeout: 300_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ passed, 0 failed/);
  }, 310_000);

  it("typesets: every formula in its markdown and outputs parses with KaTeX", () => {
    const page = notebookToHtml(readNotebook(join(ROOT, "notebooks", name)));
    const errors = [...page.matchAll(/class="katex-error" title="([^"]*)"/g)].map((m) => m[1]);
    expect(errors).toEqual([]);
    expect(page).toMatch(/class="katex"/);
  });

  (hasNbclient || process.env.CI === "true" ? it : it.skip)("through Debian's nbclient against the installed kernelspec", () => {
    const { jupyterPath } = installKernelspec();
    const script = [
      "import sys, nbformat",
      "from nbclient import NotebookClient",
      "nb = nbformat.read(sys.argv[1], as_version=4)",
      "NotebookClient(nb, timeout=300, kernel_name='nabla').execute()",
      "errors = [o for c in nb.cells if c.cell_type == 'code' for o in c.outputs if o.output_type == 'error']",
      "print('errors', len(errors))",
      "sys.exit(1 if errors else 0)",
    ].join("\n");
    const r = spawnSync(PYTHON, ["-c", script, join(ROOT, "notebooks", name)], { encoding: "utf8", timeout: 300_000, env: { ...process.env, JUPYTER_PATH: jupyterPath } });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/errors 0/);
  }, 310_000);
});
