/*
 * html`…`, md`…` and svg`…`: show a string as HTML, markdown or SVG, as Deno's kernel offers
 * (Deno.jupyter.html and friends). Each works as a tagged template — interpolations are
 * inserted as text — and as a plain call with a string.
 */

const DISPLAY = Symbol.for("Jupyter.display");

type Helper = (text: TemplateStringsArray | string, ...values: unknown[]) => { [DISPLAY]: () => Record<string, string> };

function joinTemplate(text: TemplateStringsArray | string, values: unknown[]): string {
  if (typeof text === "string") return text;
  return text.reduce((out, part, i) => out + part + (i < values.length ? String(values[i]) : ""), "");
}

function helper(mime: string): Helper {
  return (text, ...values) => {
    const content = joinTemplate(text, values);
    return { [DISPLAY]: () => ({ [mime]: content, "text/plain": content }) };
  };
}

/** Shows HTML. @example html`<b>bold</b> and ${1 + 1}` */
export const html = helper("text/html");
/** Shows markdown, maths included. @example md`**f′(x)** = $2x$` */
export const md = helper("text/markdown");
/** Shows an SVG picture. @example svg`<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><circle cx="10" cy="10" r="8"/></svg>` */
export const svg = helper("image/svg+xml");
