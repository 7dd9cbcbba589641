import { describe, expect, it } from "vitest";
import { DOMParser } from "@xmldom/xmldom";
import * as n from "../../src/index";
import { bundleOf } from "../../kernel/executor/display";

/*
 * A cell's result that holds tensors — grad's { W, b }, eigh's { values, vectors }, a list of
 * tensors — is shown as a table of its entries, each tensor drawn as a table, not only as the
 * text dump.
 */
function parseHtml(html: string): Document {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, msg) => { if (level !== "warning") errors.push(msg); } }).parseFromString(`<div>${html}</div>`, "text/xml");
  expect(errors).toEqual([]);
  return doc as unknown as Document;
}

/** The entries of the tensor tables inside an element. */
const cellsOf = (el: Element): (string | null)[] =>
  Array.from(el.getElementsByTagName("table"))
    .filter((t) => t.getAttribute("class") === "nabla-tensor")
    .flatMap((t) => Array.from(t.getElementsByTagName("td")).map((td) => td.textContent));
const fieldRows = (doc: Document): Element[] =>
  Array.from(doc.getElementsByTagName("table")).filter((t) => t.getAttribute("class") === "nabla-fields").flatMap((t) => Array.from(t.childNodes) as Element[]);

describe("containers of tensors as tables", () => {
  it("grad's { W, b }: one row per parameter, each its tensor's table", () => {
    const W = n.tensor([[1, 2], [3, 4]]) as n.Tensor;
    const b = n.tensor([0.5, -0.5]) as n.Tensor;
    const g = n.grad((p: { W: n.Tensor; b: n.Tensor }) => n.sum(n.add(n.matmul(p.W, n.tensor([1, 3]) as n.Tensor), p.b)))({ W, b });
    const { data } = bundleOf(g);
    expect(data["text/plain"]).toContain("W: Tensor 2×2");
    const doc = parseHtml(data["text/html"] as string);
    const rows = fieldRows(doc);
    expect(rows.map((r) => r.getElementsByTagName("th")[0].textContent)).toEqual(["W", "b"]);
    const [wCell, bCell] = rows.map((r) => r.getElementsByTagName("td")[0]);
    expect(wCell.textContent?.startsWith("Tensor 2×2")).toBe(true);
    expect(cellsOf(wCell)).toEqual(["1", "3", "1", "3"]);
    expect(cellsOf(bCell)).toEqual(["1", "1"]);
  });

  it("eigh's result, a list of tensors, a Map and a class instance", () => {
    const eig = parseHtml(bundleOf(n.eigh(n.tensor([[2, 1], [1, 2]]) as n.Tensor)).data["text/html"] as string);
    expect(fieldRows(eig).map((r) => r.getElementsByTagName("th")[0].textContent)).toEqual(["values", "vectors"]);
    const list = parseHtml(bundleOf([n.tensor([1, 2]), n.tensor([3, 4])]).data["text/html"] as string);
    expect(fieldRows(list).map((r) => cellsOf(r))).toEqual([["1", "2"], ["3", "4"]]);
    const map = parseHtml(bundleOf(new Map([["layer", n.tensor([7])]])).data["text/html"] as string);
    expect(fieldRows(map)[0].getElementsByTagName("th")[0].textContent).toBe("layer");
    class Layer { W = n.tensor([[1]]); name = "<dense> & co" }
    const inst = bundleOf(new Layer()).data["text/html"] as string;
    const rows = fieldRows(parseHtml(inst));
    expect(rows.map((r) => r.getElementsByTagName("th")[0].textContent)).toEqual(["W", "name"]);
    expect(rows[1].textContent).toBe("name'<dense> & co'");
    expect(inst).toContain("&lt;dense&gt; &amp; co");
  });

  it("nested containers and a Jacobian inside are drawn; long ones are cut and counted", () => {
    const nested = parseHtml(bundleOf({ layer1: { W: n.tensor([1]) }, step: 3 }).data["text/html"] as string);
    const tables = Array.from(nested.getElementsByTagName("table")).filter((t) => t.getAttribute("class") === "nabla-fields");
    expect(tables.length).toBe(2);
    const J = n.jacobian((x: n.Tensor) => n.mul(x, x))(n.tensor([1, 2]) as n.Tensor);
    const withJ = bundleOf({ J, t: n.tensor([1]) }).data["text/html"] as string;
    parseHtml(withJ);
    expect(withJ).toContain("<svg");
    const many = bundleOf(Array.from({ length: 1000 }, (_, i) => n.tensor([i]))).data["text/html"] as string;
    const doc = parseHtml(many);
    expect(doc.getElementsByTagName("table").length).toBe(21);
    expect(many).toContain("… 980 more entries (1000 in all)");
  });

  it("values without tensors keep their usual display", () => {
    expect(bundleOf({ a: 1, b: [1, 2] }).data["text/html"]).toBeUndefined();
    expect(bundleOf([1, 2, 3]).data["text/html"]).toBeUndefined();
    expect(bundleOf([{ step: 1, loss: 0.5 }]).data["text/html"]).toContain("nabla-records");
  });
});

describe("containers of other drawn values", () => {
  it("a tensor variable or a list of checks in an object is drawn; a scalar dual stays text", () => {
    const html = bundleOf({ x: n.dual(2, 1), v: n.variable(n.tensor([1, 2]) as n.Tensor) }).data["text/html"] as string;
    const rows = fieldRows(parseHtml(html));
    expect(rows.map((r) => r.getElementsByTagName("th")[0].textContent)).toEqual(["x", "v"]);
    expect(rows[0].textContent).toBe("xDual(2, 1)");
    expect(cellsOf(rows[1])).toEqual(["1", "2"]);
    expect(html).not.toContain("tape");
    const checks = bundleOf([n.expectClose(1, 1, 0, "a"), n.expectClose(2, 2, 0, "b")]).data["text/html"] as string;
    expect(fieldRows(parseHtml(checks)).map((r) => r.getElementsByTagName("td")[0].textContent)).toEqual(["✔ a: 1 ≈ 1", "✔ b: 2 ≈ 2"]);
    expect(bundleOf({ x: n.dual(2, 1) }).data["text/html"]).toBeUndefined();
  });
});

describe("size of a container's table", () => {
  it("twenty large tensors: the first six drawn, the rest as their text, the page under 400 KB", () => {
    const big = Array.from({ length: 20 }, () => n.zeros([30, 30, 30, 30]));
    const html = bundleOf(big).data["text/html"] as string;
    parseHtml(html);
    expect(html.length).toBeLessThan(400_000);
    expect(html.split("<table class=\"nabla-tensor\"").length - 1).toBe(6 * Math.floor(4000 / (17 * 17)));
    expect(html).toContain("<pre style=\"margin:0\">Tensor 30×30×30×30\n[[[[0, 0, 0, …, 0, 0, 0],");
  });
});
