import { describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { existsSync } from "node:fs";
import { LanguageService } from "../../kernel/language/service";
import * as runtime from "../../src/index";
import { examples } from "../support/doc-examples";

/*
 * A doc comment's example is what a user pastes from the inspector into a cell: it should
 * run (doc-examples.test.ts) and draw no type warning on stderr either. `new Tensor([3],
 * [1, 2, 3])` (its comment allows any array of numbers) warned TS2345, and
 * `pack([1, 2, 3, 4], [2, 2]).toArray()` warned that toArray does not exist on number.
 */
describe("the doc comments' examples type-check in a cell", () => {
  it("no @example draws a warning from the language service", () => {
    const entry = resolve(__dirname, "..", "..", "dist", "src", "index.js");
    expect(existsSync(entry), "npm test builds dist/ first").toBe(true);
    const ls = new LanguageService(entry, () => Object.keys(runtime));
    ls.warmUp();
    const all = examples();
    expect(all.length).toBeGreaterThan(100);
    const warned = all.flatMap(({ name, code }) => ls.diagnostics(`{\n${code}\n}`).map((d) => `${name}: line ${d.line - 1}: ${d.message}`));
    expect(warned).toEqual([]);
  }, 120_000);
});
