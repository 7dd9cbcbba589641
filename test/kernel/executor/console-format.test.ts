import { describe, expect, it } from "vitest";
import { format } from "node:util";
import { Console } from "node:console";
import { Writable } from "node:stream";
import { formatNumbersOfAD, tableOfAD } from "../../../kernel/executor/console-format";
import * as n from "../../../src/index";

/** The number a scalar dual number or tape variable holds, as the sandbox gives it. */
const numberOf = (v: unknown): number | undefined => {
  if (!(v instanceof n.Dual || v instanceof n.Var)) return undefined;
  const p = n.primal(v as n.Value);
  return typeof p === "number" ? p : undefined;
};

describe("console.log's %d, %i and %f of a dual number or tape variable", () => {
  it("print the number it holds, as they print the number itself (%d threw DerivativeLostError, %f printed NaN)", () => {
    const x = n.dual(1.5, 1);
    const v = n.variable(-2.75);
    const spec = "step %d, %i, loss %f; %s %o %% %d %j %c%f";
    const withAD = [spec, x, v, v, x, v, x, { a: 1 }, "color: red", x];
    const withNumbers = [spec, 1.5, -2.75, -2.75, x, v, 1.5, { a: 1 }, "color: red", 1.5];
    expect(format(...formatNumbersOfAD(withAD, numberOf))).toBe(format(...withNumbers));
    expect(format(...formatNumbersOfAD(withAD, numberOf))).toMatch(/^step 1.5, -2, loss -2.75; Dual\(1.5, 1\) /);
  });

  it("leaves everything else as it is: no format string, more arguments than specifiers, a tensor's variable", () => {
    const x = n.dual(1.5, 1);
    const args = [x, "%d", x];
    expect(formatNumbersOfAD(args, numberOf)).toBe(args);
    const extra = ["%d", x, x];
    expect(formatNumbersOfAD(extra, numberOf)).toEqual(["%d", 1.5, x]);
    const T = n.variable([1, 2]);
    expect(formatNumbersOfAD(["%d", T], numberOf)[1]).toBe(T);
  });

  it("console.table shows each entry's number, as Node's table of the numbers (it showed the fields value, tape and index)", () => {
    const tableText = (data: unknown): string => {
      let text = "";
      const out = new Writable({ write: (chunk, _enc, done) => ((text += chunk.toString()), done()) });
      new Console({ stdout: out, colorMode: false }).table(data);
      return text;
    };
    const v = n.variable(1.5);
    const d = n.dual(-2, 1);
    expect(tableText(tableOfAD([v, d, 3], numberOf))).toBe(tableText([1.5, -2, 3]));
    expect(tableText(tableOfAD({ a: v, b: [d, 5], c: { p: v, q: "s" } }, numberOf))).toBe(tableText({ a: 1.5, b: [-2, 5], c: { p: 1.5, q: "s" } }));
    expect(tableText([v])).toMatch(/tape/);
    // Anything else as it is.
    const m = new Map([["k", 1]]);
    expect(tableOfAD(m, numberOf)).toBe(m);
  });
});
