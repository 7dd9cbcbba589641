import katex from "katex";
import MarkdownIt from "markdown-it";
import texmath from "markdown-it-texmath";

/**
 * Markdown and TeX to HTML on the server, as Jupyter shows them: CommonMark with raw HTML
 * allowed (notebooks use it), `$…$` inline and `$$…$$` display maths typeset by KaTeX.
 *
 * markdown-it-texmath finds the maths (a `$` right after a digit, or a closing one right before
 * a digit, is money, not a delimiter); the rendering is ours, so the markup is plain KaTeX spans
 * rather than texmath's custom `<eq>` elements, and a TeX error shows KaTeX's red
 * `katex-error` span instead of stopping the export.
 */
const md = new MarkdownIt({ html: true, linkify: false });

// texmath's inline `$…$` rule runs before code spans are parsed and its match may run into
// one: in "a price of $5, code `$x$`" it took "5, code `" for maths. Jupyter protects code
// spans first; here a rule set like texmath's "dollars" whose inline maths cannot contain a
// backtick does the same (TeX has no use for one).
const dollars = texmath.rules.dollars;
texmath.rules.nabla_dollars = {
  block: dollars.block,
  inline: dollars.inline.map((rule) =>
    rule.name === "math_inline" ? { ...rule, rex: /\$((?:[^\s\\`])|(?:[^\s`][^`\n]*?[^\s\\`]))\$/gy } : rule,
  ),
};
md.use(texmath, { engine: katex, delimiters: "nabla_dollars" });

// texmath's "dollars" rules: math_inline ($…$), math_inline_double ($$…$$ inside a paragraph),
// math_block ($$…$$ on its own lines) and math_block_eqno ($$…$$ (1)).
for (const name of ["math_inline", "math_inline_double", "math_block", "math_block_eqno"]) {
  const display = name !== "math_inline";
  md.renderer.rules[name] = (tokens, idx) => {
    const tex = renderTex(tokens[idx].content, display);
    if (!display) return tex;
    const number = name === "math_block_eqno" ? `<span class="eqno">(${md.utils.escapeHtml(tokens[idx].info)})</span>` : "";
    return `<div class="math-display">${tex}${number}</div>${name.startsWith("math_block") ? "\n" : ""}`;
  };
}

/** TeX to KaTeX HTML; `displayMode` for a centred block. Invalid TeX becomes a `katex-error` span. */
export function renderTex(tex: string, displayMode: boolean): string {
  return katex.renderToString(tex, { displayMode, throwOnError: false, output: "htmlAndMathml" });
}

/**
 * A `text/latex` output to KaTeX HTML. Front ends accept it with or without its maths
 * delimiters (`$$…$$`, `$…$`, `\[…\]`); KaTeX wants the bare TeX.
 */
export function renderLatexOutput(latex: string): string {
  const t = latex.trim();
  const m = /^\$\$([\s\S]*)\$\$$/.exec(t) ?? /^\\\[([\s\S]*)\\\]$/.exec(t) ?? /^\$([\s\S]*)\$$/.exec(t);
  return `<div class="math-display">${renderTex(m ? m[1] : t, true)}</div>`;
}

/** Markdown (with maths) to HTML. */
export function renderMarkdown(source: string): string {
  return md.render(source);
}
