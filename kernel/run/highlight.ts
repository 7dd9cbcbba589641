import hljs from "highlight.js/lib/core";
import typescript from "highlight.js/lib/languages/typescript";

/**
 * Code coloured as JupyterLab colours it, on the server (the exported page runs no
 * script): highlight.js's TypeScript grammar, spans with `hljs-*` classes, styled by
 * HIGHLIGHT_STYLE. Unknown languages and odd input fall back to escaped text.
 */
hljs.registerLanguage("typescript", typescript);

export function highlightTypeScript(code: string, escape: (s: string) => string): string {
  try {
    return hljs.highlight(code, { language: "typescript", ignoreIllegals: true }).value;
  } catch {
    return escape(code);
  }
}

/** JupyterLab's light theme colours for the classes highlight.js emits. */
export const HIGHLIGHT_STYLE = `
.hljs-keyword, .hljs-built_in, .hljs-literal { color: #008000; font-weight: bold; }
.hljs-string, .hljs-regexp { color: #ba2121; }
.hljs-number { color: #080; }
.hljs-comment { color: #408080; font-style: italic; }
.hljs-title.function_, .hljs-title.class_ { color: #0000ff; }
.hljs-type { color: #00f; }
.hljs-operator { color: #aa22ff; font-weight: bold; }
.hljs-meta { color: #aa22ff; }
`;
