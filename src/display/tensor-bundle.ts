import type { NDArray } from "../tensor/ndarray";
import { tensorText } from "./tensor-text";
import { tensorHtml } from "./tensor-html";
import { tensorLatex } from "./tensor-latex";

/** The MIME bundle of a tensor: NumPy-like text, an HTML table and LaTeX. */
export function tensorBundle(t: NDArray, name = "Tensor"): Record<string, string> {
  return { "text/plain": tensorText(t, name), "text/html": tensorHtml(t, name), "text/latex": tensorLatex(t) };
}
