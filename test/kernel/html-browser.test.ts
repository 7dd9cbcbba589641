import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { ROOT } from "./support/kernel-process";

/**
 * The exported page as a reader sees it: Debian's Chromium, headless, opening the file
 * offline. Only a browser shows whether KaTeX's inlined fonts load and the SVGs take space.
 */
const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const CLI = join(ROOT, "dist", "kernel", "cli.js");
const OUTPUT = join(ROOT, "test-output");

/** Why the browser test cannot run here, or null; under CI=true Chromium must be there. */
function chromiumMissing(): string | null {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is not installed (apt-get install chromium)`;
  const probe = spawnSync(CHROMIUM, ["--version"], { encoding: "utf8", timeout: 30_000 });
  return probe.status === 0 ? null : `${CHROMIUM} --version failed: ${(probe.stderr || probe.error?.message || "").trim()}`;
}

const missing = chromiumMissing();
const skip = missing !== null && process.env.CI !== "true";
if (skip) console.warn(`[html-browser] skipped: ${missing}; .ci/run installs it`);

/** Runs `nabla run NOTEBOOK --html PAGE` and returns the page's path. */
function exportPage(notebook: string, name: string): string {
  const page = join(OUTPUT, `${name}.html`);
  const out = join(mkdtempSync(join(tmpdir(), "nabla-browser-")), `${name}.ipynb`);
  const r = spawnSync(process.execPath, [CLI, "run", notebook, "--out", out, "--html", page], { encoding: "utf8", timeout: 300_000 });
  expect(r.status, r.stdout + r.stderr).toBe(0);
  return page;
}

/** Opens a page from file://, recording every URL it asks for. */
async function open(browser: Browser, file: string): Promise<{ page: Page; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const requests: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return { page, requests };
}

/** Width and height of every element matching the selector. */
const boxes = (page: Page, selector: string) =>
  page.$$eval(selector, (els) => els.map((e) => { const r = e.getBoundingClientRect(); return { width: r.width, height: r.height }; }));

describe.skipIf(skip)("the exported page in headless Chromium", () => {
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    if (missing === null) browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("Chromium is present (required under CI=true)", () => {
    expect(missing).toBeNull();
  });

  it("notebooks/01-one-variable: typeset maths with KaTeX's own fonts, a visible plot, nothing fetched", async () => {
    const file = exportPage(join(ROOT, "notebooks", "01-one-variable.ipynb"), "01-one-variable");
    const { page, requests } = await open(browser, file);
    try {
      const katex = await boxes(page, ".katex");
      expect(katex.length).toBeGreaterThan(0);
      expect(katex.filter((b) => b.width > 0 && b.height > 0).length).toBe(katex.length);
      expect(await page.$$(".katex-error")).toHaveLength(0);

      const plots = await boxes(page, ".output .svg > svg");
      expect(plots.length).toBeGreaterThan(0);
      expect(plots.every((b) => b.width > 100 && b.height > 100)).toBe(true);

      // The woff2 data URLs were decoded and used, not a fallback system font.
      const fonts = await page.evaluate(() => [...document.fonts].map((f) => ({ family: f.family.replace(/["']/g, ""), status: f.status })));
      const loaded = fonts.filter((f) => f.family.startsWith("KaTeX_") && f.status === "loaded").map((f) => f.family);
      expect(loaded).toContain("KaTeX_Main");
      expect(loaded).toContain("KaTeX_Math");
      expect(fonts.filter((f) => f.status === "error")).toEqual([]);
      expect(await page.evaluate(() => getComputedStyle(document.querySelector(".katex .mord.mathnormal")!).fontFamily)).toMatch(/KaTeX_Math/);

      expect(requests.filter((u) => !u.startsWith("file:") && !u.startsWith("data:"))).toEqual([]);
      await page.screenshot({ path: join(OUTPUT, "01-one-variable.png"), fullPage: true });
    } finally {
      await page.close();
    }
  }, 120_000);

  it("a heatmap output renders as a visible SVG of rects", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nabla-heatmap-"));
    const notebook = join(dir, "heatmap.ipynb");
    writeFileSync(
      notebook,
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: { kernelspec: { name: "nabla", display_name: "Nabla", language: "typescript" } },
        cells: [
          { cell_type: "markdown", metadata: {}, source: "# A Jacobian as a heatmap\n\n$J = \\begin{pmatrix}1 & -2\\\\ 3 & 4\\end{pmatrix}$" },
          { cell_type: "code", metadata: {}, source: 'heatmap([[1, -2], [3, 4]], { title: "J" })', outputs: [], execution_count: null },
        ],
      }),
    );
    const { page } = await open(browser, exportPage(notebook, "heatmap"));
    try {
      const svg = await page.$(".output .svg > svg");
      expect(svg).not.toBeNull();
      const box = await svg!.boundingBox();
      expect(box!.width).toBeGreaterThan(50);
      expect(box!.height).toBeGreaterThan(50);
      const rects = await svg!.$$eval("rect", (els) => els.map((e) => { const r = e.getBoundingClientRect(); return { width: r.width, height: r.height, fill: e.getAttribute("fill") }; }));
      // Four coloured cells at least (plus the colour bar), each one taking space.
      expect(rects.filter((r) => r.width > 0 && r.height > 0).length).toBeGreaterThanOrEqual(4);
      expect(await svg!.$$eval("text", (els) => els.map((e) => e.textContent))).toContain("J");
      expect(await page.$$(".katex")).not.toHaveLength(0);
      await page.screenshot({ path: join(OUTPUT, "heatmap.png"), fullPage: true });
    } finally {
      await page.close();
    }
  }, 120_000);
});
