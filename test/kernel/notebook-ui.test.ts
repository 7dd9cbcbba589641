import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { DOMParser } from "@xmldom/xmldom";
import { installKernelspec, ROOT } from "./support/kernel-process";
import { freePort } from "../../kernel/free-port";

/*
 * The kernel as a Notebook user meets it: Debian's classic Jupyter Notebook (6.x) serving its
 * own page to Debian's headless Chromium, which a test drives with the keyboard — Shift+Enter
 * to run, Tab to complete, Shift+Tab for help, the toolbar's stop button to interrupt. What
 * counts is what the page shows: MathJax's typesetting of our LaTeX, the SVG in place, the
 * traceback, the In [n] prompts. Nothing on the path is ours but the kernel.
 */

const NOTEBOOK = "/usr/bin/jupyter-notebook";
const CHROMIUM = "/usr/bin/chromium";
const OUTPUT = join(ROOT, "test-output");

function clientsMissing(): string | null {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is not installed (apt-get install chromium)`;
  const probe = spawnSync(NOTEBOOK, ["--version"], { encoding: "utf8", timeout: 60_000 });
  return probe.status === 0 ? null : `${NOTEBOOK} is not installed (apt-get install jupyter-notebook)`;
}
const missing = clientsMissing();
const skip = missing !== null && process.env.CI !== "true";
if (skip) console.warn(`[notebook-ui] skipped: ${missing}; .ci/run installs it`);

const CELLS = [
  "const f = (x: number) => Math.sin(2 * x + 1)\nderivative(f)(0.5)",
  "latex(f)",
  "heatmap(jacobian((x: number[]) => [x[0] * x[1], Math.sin(x[0])])([1, 2]))",
  "tensor([[1, 2], [3, 4]])",
  // Two seconds before the error, so the next cell is surely queued behind it (and aborted).
  "console.log('hello'); const t0 = Date.now(); while (Date.now() - t0 < 2000) {} undefinedName",
  "'never run'",
];

describe.skipIf(skip)("in Debian's Jupyter Notebook, in headless Chromium", () => {
  let server: ChildProcess;
  let browser: Browser;
  let page: Page;

  /** The text each cell's output area shows, and its In [n] prompt. */
  const cellsShown = () =>
    page.evaluate(() =>
      (window as any).Jupyter.notebook.get_cells().map((c: any) => ({ prompt: c.input_prompt_number ?? null, text: c.output_area.element[0].innerText as string })),
    ) as Promise<{ prompt: number | string | null; text: string }[]>;
  /** Selects cell i with its editor focused and the text in it, the cursor at its end. */
  const editCell = (i: number, text: string) =>
    page.evaluate(([i, text]) => {
      const nb = (window as any).Jupyter.notebook;
      const cell = nb.get_cell(i);
      nb.select(i);
      cell.set_text(text);
      cell.focus_editor();
      cell.code_mirror.setCursor(cell.code_mirror.lineCount() - 1, text.split("\n").pop()!.length);
    }, [i, text] as const);
  const idle = () => page.waitForFunction(() => (window as any).Jupyter.notebook.kernel_busy === false || document.querySelector("#kernel_indicator_icon.kernel_idle_icon") !== null, null, { timeout: 60_000 });

  beforeAll(async () => {
    expect(missing).toBeNull();
    mkdirSync(OUTPUT, { recursive: true });
    const { jupyterPath } = installKernelspec();
    const root = mkdtempSync(join(tmpdir(), "nabla-notebook-"));
    const cells = CELLS.map((source, i) => ({ cell_type: "code", id: `c${i}`, metadata: {}, source, outputs: [], execution_count: null }));
    writeFileSync(join(root, "course.ipynb"), JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: "nabla", display_name: "TypeScript (Nabla)", language: "typescript" } }, cells }));
    const port = await freePort();
    const token = randomBytes(12).toString("hex");
    server = spawn(
      NOTEBOOK,
      ["--no-browser", "--allow-root", `--port=${port}`, "--ip=127.0.0.1", `--NotebookApp.token=${token}`, `--notebook-dir=${root}`, "--NotebookApp.port_retries=0"],
      { env: { ...process.env, JUPYTER_PATH: jupyterPath, JUPYTER_CONFIG_DIR: join(root, "config"), JUPYTER_DATA_DIR: join(root, "data"), JUPYTER_RUNTIME_DIR: join(root, "runtime") }, stdio: ["ignore", "ignore", "pipe"] },
    );
    let log = "";
    server.stderr?.on("data", (d) => (log += String(d)));
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/api/kernelspecs?token=${token}`)).ok) break;
      } catch {
        // not up yet
      }
      if (i > 150 || server.exitCode !== null) throw new Error(`jupyter-notebook did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"], headless: true });
    page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    await page.goto(`http://127.0.0.1:${port}/notebooks/course.ipynb?token=${token}`);
    await page.waitForFunction(() => (window as any).Jupyter?.notebook?.kernel?.is_connected?.() === true, null, { timeout: 90_000 });
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill("SIGTERM");
  });

  it("Shift+Enter through the cells: the value, MathJax's typesetting, the SVG, the table, the traceback; the cell queued behind the error is not run", async () => {
    await page.evaluate(() => {
      const nb = (window as any).Jupyter.notebook;
      nb.select(0);
      nb.command_mode();
    });
    for (let i = 0; i < CELLS.length; i++) await page.keyboard.press("Shift+Enter");
    // Each cell was sent as the user pressed; the last is answered "aborted" after the error.
    await page.waitForFunction(
      (n) => {
        const cells = (window as any).Jupyter.notebook.get_cells();
        return cells.slice(0, n).every((c: any) => typeof c.input_prompt_number === "number") && cells[n].input_prompt_number !== "*";
      },
      CELLS.length - 1,
      { timeout: 90_000 },
    );
    await idle();
    // Outputs come on iopub and replies on shell, so a prompt can be drawn before its output:
    // wait for every run cell's output (the error's last).
    await page.waitForFunction(
      (n) => (window as any).Jupyter.notebook.get_cells().slice(0, n).every((c: any) => c.output_area.element[0].innerText.trim() !== "") && /ReferenceError/.test((window as any).Jupyter.notebook.get_cell(n - 1).output_area.element[0].innerText),
      CELLS.length - 1,
      { timeout: 30_000 },
    );
    // MathJax typesets in the background: wait until the display math takes its height.
    await page.waitForFunction(() => (document.querySelector(".output_latex .MathJax_Display")?.getBoundingClientRect().height ?? 0) > 10, null, { timeout: 30_000 });
    const shown = await cellsShown();

    expect(shown[0].text).toContain(String(2 * Math.cos(2)));
    // The LaTeX went through MathJax without an error, and takes space on the page.
    expect(await page.$$(".output_latex .MathJax_Error, .output_latex merror")).toHaveLength(0);
    const math = await page.$(".output_latex .MathJax_Display");
    expect((await math!.boundingBox())!.height).toBeGreaterThan(10);
    expect(shown[1].text).toContain("cos");
    // The heatmap is an SVG in the page, well-formed, with a cell per entry and the labels.
    const svg = await page.$eval(".output_svg svg", (e) => e.outerHTML);
    const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
    expect(doc.getElementsByTagName("rect").length).toBeGreaterThanOrEqual(4);
    expect(shown[2].text).toContain("∂x₂");
    // The tensor as an HTML table of its entries.
    expect(await page.$$eval(".output_html table td", (tds) => tds.map((td) => td.textContent?.trim()))).toEqual(expect.arrayContaining(["1", "2", "3", "4"]));
    // stdout, then the error with its name and where in the cell.
    expect(shown[4].text).toMatch(/^hello\s+ReferenceError: undefinedName is not defined\s+at <cell 5>:1:/);
    // Not run: no output and no count of its own (it showed In [5], the failed cell's).
    expect(shown[5].text).toBe("");
    expect(shown[5].prompt).toBeNull();
    expect(shown.slice(0, 5).map((c) => c.prompt)).toEqual([1, 2, 3, 4, 5]);
    await page.screenshot({ path: join(OUTPUT, "notebook-ui.png"), fullPage: true });
  }, 150_000);

  /**
   * Types `text` into the last cell and presses `key`, until `shown()` holds in the page:
   * Notebook drops a reply that arrives once the editor has moved on, which a loaded machine
   * (the whole suite running) made happen now and then. Three tries, ten seconds each.
   */
  const pressUntil = async (text: string, key: string, shown: () => boolean): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      await editCell(5, text);
      await new Promise((r) => setTimeout(r, 300));
      await page.keyboard.press(key);
      try {
        await page.waitForFunction(shown, null, { timeout: 10_000 });
        return;
      } catch (e) {
        if (attempt === 3) throw e;
        await page.keyboard.press("Escape");
      }
    }
  };

  it("Tab completes a runtime name and a cell's own; Shift+Tab shows the function's signature and doc comment", async () => {
    await pressUntil("const gradientOfF = grad(f)\ngradientOf", "Tab", () => (window as any).Jupyter.notebook.get_cell(5).get_text().endsWith("gradientOfF"));
    // Notebook's list of matches, or the one match written in: the runtime's linspace.
    await pressUntil("lin", "Tab", () => document.querySelectorAll("#complete select option").length > 0 || (window as any).Jupyter.notebook.get_cell(5).get_text() !== "lin");
    const offered = await page.evaluate(() => [...document.querySelectorAll("#complete select option")].map((o) => o.textContent));
    const text = await page.evaluate(() => (window as any).Jupyter.notebook.get_cell(5).get_text());
    expect([...offered, text]).toContain("linspace");
    await page.keyboard.press("Escape");

    await pressUntil("hessian(", "Shift+Tab", () => ((document.querySelector("#tooltip") as HTMLElement | null)?.innerText ?? "").includes("hessian"));
    const tooltip = await page.evaluate(() => (document.querySelector("#tooltip") as HTMLElement).innerText);
    expect(tooltip).toMatch(/Hessian/);
    await page.keyboard.press("Escape");
  }, 120_000);

  it("the toolbar's stop button interrupts a cell that never ends; the session's names are still there", async () => {
    await editCell(5, "let spins = 0\nwhile (true) spins++");
    await page.keyboard.press("Control+Enter");
    await page.waitForFunction(() => (window as any).Jupyter.notebook.get_cell(5).input_prompt_number === "*", null, { timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 1000));
    await page.click('button[data-jupyter-action="jupyter-notebook:interrupt-kernel"]');
    await page.waitForFunction(() => typeof (window as any).Jupyter.notebook.get_cell(5).input_prompt_number === "number", null, { timeout: 30_000 });
    // The error comes on iopub, the reply on shell: either may be drawn first.
    await page.waitForFunction(() => /interrupted/i.test((window as any).Jupyter.notebook.get_cell(5).output_area.element[0].innerText), null, { timeout: 30_000 });
    expect((await cellsShown())[5].text).toMatch(/KeyboardInterrupt/);
    await editCell(5, "[derivative(f)(0), spins > 0]");
    await page.keyboard.press("Control+Enter");
    await page.waitForFunction(() => /Out\[\d+\]/.test((window as any).Jupyter.notebook.get_cell(5).output_area.element[0].innerText), null, { timeout: 30_000 });
    expect((await cellsShown())[5].text).toContain(`[ ${2 * Math.cos(1)}, true ]`);
  }, 90_000);
});
