/** Naming f's parameters and their components as the textbook does. */

const GREEK = new Set([
  "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu", "xi",
  "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
  "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
]);

/**
 * The parameter names in a function's source — `(x, y) => …`, `function f(a, b)`, `t => …`
 * — or null when they cannot be read (destructuring, rest parameters).
 */
export function parameterNames(f: (...args: never[]) => unknown): string[] | null {
  const source = Function.prototype.toString.call(f);
  const single = /^\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(source);
  if (single) return [single[1]];
  const list = /^[^(]*\(([^)]*)\)/.exec(source);
  if (!list) return null;
  const names = list[1]
    .split(",")
    .map((p) => p.replace(/[:=][\s\S]*$/, "").trim())
    .filter((p) => p !== "");
  return names.every((p) => /^[A-Za-z_$][\w$]*$/.test(p)) ? names : null;
}

/** A name as LaTeX: x → x, theta → \theta, x1 or x_1 → x_{1}, rate → \mathit{rate}. */
export function nameLatex(name: string): string {
  const m = /^([A-Za-z]+)_?(\d+)$/.exec(name);
  if (m) return `${nameLatex(m[1])}_{${m[2]}}`;
  if (GREEK.has(name)) return `\\${name}`;
  if (/^[A-Za-z]$/.test(name)) return name;
  return `\\mathit{${name.replace(/_/g, "\\_")}}`;
}

/**
 * The LaTeX of a component of an argument: x → x_{1}, X → X_{12}, theta → \theta_{1}. A name
 * that has a subscript of its own (x1, w2, theta0 → \theta_{0}) is braced, {x_{1}}_{2}: written
 * x_{1}_{2} it is a double subscript, which TeX and KaTeX reject. Indices count from 1, as the
 * course writes x₁ … xₙ (x_{1} is x[0] in code).
 */
export function componentLatex(name: string, index: string): string {
  const tex = nameLatex(name);
  return /_\{[^{}]*\}$/.test(tex) ? `{${tex}}_{${index}}` : `${tex}_{${index}}`;
}

/** The plain-text name of a component: x → x1, X → X12, and x1 → x1_2 (x12 would read as x's 12th). */
export function componentName(name: string, index: string): string {
  return /\d$/.test(name) ? `${name}_${index}` : `${name}${index}`;
}

/** Names for the common subexpressions that are not taken by f's own symbols. */
export function* freshNames(taken: ReadonlySet<string>): Generator<string> {
  for (const n of ["u", "v", "w", "p", "q", "r", "s", "g", "h", "k"]) if (!taken.has(n)) yield n;
  for (let k = 1; ; k++) if (!taken.has(`u_${k}`)) yield `u_{${k}}`;
}
