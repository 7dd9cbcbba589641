/** Escapes text for XML content and attribute values. */
export function xml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

let idsMade = 0;
/** Different for each page of one session, so that pictures saved from two sessions differ too. */
const SESSION = Math.random().toString(36).slice(2, 8);

/**
 * An id for an element of one picture (a clip path, an arrowhead) that no other picture on the
 * page has. Notebooks put SVG outputs inline in one document, where `url(#plot-area)` resolves
 * to the first element of that id on the page: with that output hidden (a collapsed output is
 * display: none) or gone, the other plots lost their clipping or arrowheads.
 * @example uniqueId("plot-area") // "plot-area-k3x9q1-1" (the middle part differs per session)
 */
export function uniqueId(stem: string): string {
  return `${stem}-${SESSION}-${(++idsMade).toString(36)}`;
}

/**
 * The opening tag of a picture width × height pixels, on white: a notebook in a dark theme
 * (JupyterLab's, VS Code's) shows outputs on a dark background, where the axes, labels and
 * dark lines of a transparent picture could not be read (matplotlib draws its figures on
 * white for the same reason).
 */
export function svgRoot(width: number, height: number, fontSize: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}" font-family="sans-serif" font-size="${fontSize}" style="background-color: #fff">`;
}

/** A number for an SVG attribute (short, never "NaN"). */
export function num(x: number): string {
  return Number.isFinite(x) ? String(Math.round(x * 100) / 100) : "0";
}

/**
 * A bold title that fits in maxWidth: long titles get a smaller font (down to 10 px) and,
 * if still too long, are squeezed with textLength rather than cut off at the picture's edge.
 * Widths are estimated (≈ 0.6 em per character of a sans-serif bold face).
 */
export function svgTitle(text: string, x: number, y: number, maxWidth: number, fontSize = 14): string {
  const chars = [...text].length;
  const size = Math.max(10, Math.min(fontSize, Math.floor(maxWidth / (0.6 * Math.max(chars, 1)))));
  const squeeze = chars * 0.6 * size > maxWidth ? ` textLength="${num(maxWidth)}" lengthAdjust="spacingAndGlyphs"` : "";
  return `<text class="title" x="${num(x)}" y="${num(y)}" font-size="${size}" font-weight="bold"${squeeze}>${xml(text)}</text>`;
}

/** Advance widths in em of DejaVu Sans, the widest common sans-serif (Linux's default). */
const NARROW = new Set("ijl.,:;'|!ı");
const SEMI = new Set("frt()[]{} I/\\-");
const WIDE = new Set("mwMW%@");

/**
 * An estimate, in pixels, of how wide text is set in a sans-serif face at fontSize — on the
 * wide side (DejaVu Sans), so a box sized by it holds the text in every common face.
 * @example textWidth("momentum", 11) > textWidth("Adam Adam", 11) // true
 */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) {
    if (NARROW.has(ch)) em += 0.3;
    else if (SEMI.has(ch)) em += 0.4;
    else if (WIDE.has(ch)) em += 0.98;
    else if (ch >= "A" && ch <= "Z") em += 0.72;
    else em += 0.64;
  }
  return em * fontSize;
}
