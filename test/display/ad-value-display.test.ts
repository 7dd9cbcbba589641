import { describe, expect, it } from "vitest";
import { DOMParser } from "@xmldom/xmldom";
import * as n from "../../src/index";
import { bundleOf } from "../../kernel/executor/display";

/*
 * A dual number or tape variable shown as a cell's result: its parts labelled, a tensor part
 * as a table (not the tape's internals), and a variable's grad once backward has run.
 */
const show = (v: unknown) => bundleOf(v).data as Record<string, string>;

function tensorCells(html: string): string[][] {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, msg) => { if (level !== "warning") errors.push(msg); } }).parseFromString(`<div>${html}</div>`, "text/xml");
  expect(errors).toEqual([]);
  return Array.from(doc.getElementsByTagName("table"))
    .filter((t) => t.getAttribute("class") === "nabla-tensor")
    .map((t) => Array.from(t.getElementsByTagName("td")).map((td) => td.textContent ?? ""));
}

describe("dual numbers and tape variables in a notebook", () => {
  it("scalars stay one line; a variable shows its grad after backward", () => {
    expect(show(n.dual(2, 1))["text/plain"]).toBe("Dual(2, 1)");
    expect(show(n.dual(n.dual(2, 1), 1))["text/plain"]).toBe("Dual(Dual(2, 1), 1)");
    const x = n.variable(3);
    expect(show(x)["text/plain"]).toBe("Var(3)");
    n.backward(n.mul(x, x));
    expect(show(x)["text/plain"]).toBe("Var(3), grad 6");
    expect(show(x)["text/html"]).toBeUndefined();
  });

  it("JSON.stringify of a dual number lists value, tangent and tag in that order, of numbers or tensors alike (the constructor sets them in two orders)", () => {
    const keys = (d: n.Dual) => Object.keys(JSON.parse(JSON.stringify(d)));
    expect(keys(new n.Dual(2, 1, 0))).toEqual(["value", "tangent", "tag"]);
    expect(keys(new n.Dual(n.tensor([2]), n.tensor([1]), 0))).toEqual(["value", "tangent", "tag"]);
    expect(keys(new n.Dual(new n.Dual(2, 1, 0), 1, 1))).toEqual(["value", "tangent", "tag"]);
    expect(JSON.parse(JSON.stringify(new n.Dual(2, 1, 7)))).toEqual({ value: 2, tangent: 1, tag: 7 });
  });

  it("JSON.stringify of a tape variable gives its value, not the tape (inside grad it printed every node's records)", () => {
    const logged: string[] = [];
    const g = n.grad((x: n.Value[]) => {
      const s = n.mul(x[0], x[1]);
      logged.push(JSON.stringify({ x, s }));
      return s;
    })([2, 3]);
    expect(g).toEqual([3, 2]);
    expect(logged).toEqual(['{"x":[{"value":2},{"value":3}],"s":{"value":6}}']);
    // A copy made through JSON is an object, which arithmetic refuses: no derivative lost silently.
    expect(() => n.grad((x: n.Value) => n.mul(JSON.parse(JSON.stringify(x)), x))(2)).toThrow(/expected numbers or tensors, got Object/);
  });

  it("a tensor-valued dual: value and tangent labelled, each a table", () => {
    const d = n.dual(n.tensor([1, 2]) as n.Tensor, n.tensor([1, 0]) as n.Tensor);
    const b = show(d);
    expect(b["text/plain"]).toBe("Dual\nvalue: Tensor 2\n[1, 2]\ntangent: Tensor 2\n[1, 0]");
    expect(tensorCells(b["text/html"])).toEqual([["1", "2"], ["1", "0"]]);
    expect(b["text/html"]).toContain(">tangent<");
  });

  it("a tensor variable: its value, and its grad once backward has run, never the tape", () => {
    const v = n.variable(n.tensor([1, 2]) as n.Tensor);
    expect(show(v)["text/plain"]).toBe("Var\nvalue: Tensor 2\n[1, 2]");
    expect(show(v)["text/html"]).not.toContain("tape");
    n.backward(n.sum(n.mul(v, v)));
    const b = show(v);
    expect(b["text/plain"]).toBe("Var\nvalue: Tensor 2\n[1, 2]\ngrad: Tensor 2\n[2, 4]");
    expect(tensorCells(b["text/html"])).toEqual([["1", "2"], ["2", "4"]]);
  });
});
