const DISPLAY = Symbol.for("Jupyter.display");

/** A part of a dual number or tape variable: its label and value (a number, a Tensor, another AD value). */
export type LabelledPart = [label: string, value: unknown];

/**
 * How a notebook shows a dual number or tape variable. With scalar parts, one line —
 * `Dual(2, 1)`, `Var(3)`, `Var(3), grad 6` after backward; with a tensor part, each part
 * labelled on its own lines and, in HTML, each tensor as its table. `parts` starts with the
 * ones that go inside the parentheses (`inside` of them); the rest follow as `, label value`.
 *
 * @example
 * adValueBundle("Var", [["value", 3], ["grad", 6]], 1)["text/plain"]  // "Var(3), grad 6"
 * adValueBundle("Dual", [["value", tensor([1, 2])], ["tangent", tensor([1, 0])]], 2)["text/plain"]
 * // "Dual\nvalue: Tensor 2\n[1, 2]\ntangent: Tensor 2\n[1, 0]"
 */
export function adValueBundle(kind: string, parts: LabelledPart[], inside: number): Record<string, string> {
  const texts = parts.map(([, v]) => String(v));
  if (!texts.some((t) => t.includes("\n"))) {
    const after = parts.slice(inside).map(([label], i) => `, ${label} ${texts[inside + i]}`);
    return { "text/plain": `${kind}(${texts.slice(0, inside).join(", ")})${after.join("")}` };
  }
  const text = [kind, ...parts.map(([label], i) => `${label}: ${texts[i]}`)].join("\n");
  const rows = parts
    .map(([label, v], i) => `<tr><th style="text-align:left;vertical-align:top;font-family:monospace">${label}</th><td style="text-align:left">${htmlOf(v, texts[i])}</td></tr>`)
    .join("");
  return { "text/plain": text, "text/html": `<div style="font-family:monospace;color:#555">${kind}</div><table class="nabla-ad-value">${rows}</table>` };
}

/** A part's own HTML (a tensor's table), else its text. */
function htmlOf(v: unknown, text: string): string {
  const method = v !== null && typeof v === "object" ? (v as Record<symbol, unknown>)[DISPLAY] : undefined;
  const html = typeof method === "function" ? (method as () => Record<string, string>).call(v)["text/html"] : undefined;
  return typeof html === "string" ? html : `<pre style="margin:0">${text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")}</pre>`;
}
