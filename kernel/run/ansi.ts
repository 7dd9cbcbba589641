/**
 * ANSI SGR escape codes → HTML spans, for tracebacks and streams in the HTML export.
 *
 * The kernel colours tracebacks the way ipykernel does (`\x1b[31m` …), and a page has no
 * terminal to interpret them. The 16 standard colours become classes (`ansi-red-fg`,
 * `ansi-red-intense-fg`, as JupyterLab names them) so the page's stylesheet picks the
 * shades; 256-colour and true-colour codes become inline styles. Other escape sequences
 * (cursor moves, erase) have no meaning on a page and are dropped.
 *
 * @example ansiToHtml("\x1b[31mError\x1b[0m: <x>") // '<span class="ansi-red-fg">Error</span>: &lt;x&gt;'
 */
const NAMES = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"];

interface Style {
  fg?: string;
  bg?: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A colour from `38;5;n` / `38;2;r;g;b` (and the 48 forms): as a class when it is one of the 16, else as CSS. */
function extendedColour(codes: number[], i: number): { colour?: string; used: number } {
  if (codes[i + 1] === 5 && codes[i + 2] !== undefined) {
    const n = codes[i + 2];
    if (n < 16) return { colour: `.${NAMES[n % 8]}${n >= 8 ? "-intense" : ""}`, used: 2 };
    if (n < 232) {
      const level = (v: number): number => (v === 0 ? 0 : 55 + v * 40);
      const k = n - 16;
      return { colour: `rgb(${level(Math.floor(k / 36))},${level(Math.floor(k / 6) % 6)},${level(k % 6)})`, used: 2 };
    }
    const grey = 8 + (n - 232) * 10;
    return { colour: `rgb(${grey},${grey},${grey})`, used: 2 };
  }
  if (codes[i + 1] === 2 && codes.length >= i + 5) {
    return { colour: `rgb(${codes[i + 2]},${codes[i + 3]},${codes[i + 4]})`, used: 4 };
  }
  return { used: 0 };
}

function apply(style: Style, codes: number[]): Style {
  const s = { ...style };
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c === 0) Object.keys(s).forEach((k) => delete s[k as keyof Style]);
    else if (c === 1) s.bold = true;
    else if (c === 3) s.italic = true;
    else if (c === 4) s.underline = true;
    else if (c === 22) s.bold = false;
    else if (c === 23) s.italic = false;
    else if (c === 24) s.underline = false;
    else if (c >= 30 && c <= 37) s.fg = `.${NAMES[c - 30]}`;
    else if (c >= 90 && c <= 97) s.fg = `.${NAMES[c - 90]}-intense`;
    else if (c === 39) delete s.fg;
    else if (c >= 40 && c <= 47) s.bg = `.${NAMES[c - 40]}`;
    else if (c >= 100 && c <= 107) s.bg = `.${NAMES[c - 100]}-intense`;
    else if (c === 49) delete s.bg;
    else if (c === 38 || c === 48) {
      const { colour, used } = extendedColour(codes, i);
      if (colour) s[c === 38 ? "fg" : "bg"] = colour;
      i += used;
    }
  }
  return s;
}

function open(style: Style): string {
  const classes: string[] = [];
  const css: string[] = [];
  for (const [key, value] of [["fg", style.fg], ["bg", style.bg]] as const) {
    if (!value) continue;
    if (value.startsWith(".")) classes.push(`ansi-${value.slice(1)}-${key}`);
    else css.push(`${key === "fg" ? "color" : "background-color"}:${value}`);
  }
  if (style.bold) classes.push("ansi-bold");
  if (style.italic) classes.push("ansi-italic");
  if (style.underline) classes.push("ansi-underline");
  if (classes.length === 0 && css.length === 0) return "";
  return `<span${classes.length ? ` class="${classes.join(" ")}"` : ""}${css.length ? ` style="${css.join(";")}"` : ""}>`;
}

export function ansiToHtml(text: string): string {
  let out = "";
  let style: Style = {};
  let spanOpen = false;
  // CSI sequences (ESC [ params final-byte) and lone two-byte escapes.
  const pattern = /\x1b\[([0-9;]*)([@-~])|\x1b[@-Z\\-_]/g;
  let last = 0;
  const emit = (chunk: string): void => {
    if (!chunk) return;
    if (!spanOpen) {
      const tag = open(style);
      if (tag) {
        out += tag;
        spanOpen = true;
      }
    }
    out += escapeHtml(chunk);
  };
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    emit(text.slice(last, m.index));
    last = pattern.lastIndex;
    if (m[2] !== "m") continue;
    const codes = m[1] === "" ? [0] : m[1].split(";").map((p) => (p === "" ? 0 : Number(p)));
    if (spanOpen) {
      out += "</span>";
      spanOpen = false;
    }
    style = apply(style, codes);
  }
  emit(text.slice(last));
  if (spanOpen) out += "</span>";
  return out;
}
