import { ComputeEngine } from "@cortex-js/compute-engine";

/*
 * Reading printed formulas back with an independent LaTeX reader (the Cortex compute engine)
 * and evaluating them, so tests check that what Nabla typesets is right, not only that it parses.
 */

/**
 * A fresh engine that knows the functions Nabla writes by name (σ, atan2, rem). Use one engine per
 * set of formulas: it infers a type for each symbol the first time it sees one.
 */
export function latexEngine(): ComputeEngine {
  const engine = new ComputeEngine();
  engine.declare("sigma", { signature: "(real) -> real", evaluate: (ops) => engine.number(1 / (1 + Math.exp(-(ops[0].re as number)))) });
  engine.declare("atan2", { signature: "(real, real) -> real", evaluate: (ops) => engine.number(Math.atan2(ops[0].re as number, ops[1].re as number)) });
  engine.declare("rem", { signature: "(real, real) -> real", evaluate: (ops) => engine.number((ops[0].re as number) % (ops[1].re as number)) });
  return engine;
}

/**
 * The value of a LaTeX formula with the given symbols (as LaTeX: "x", "x_{1}", "\\theta") set
 * to numbers; NaN when the engine cannot read or evaluate it.
 *
 * @example
 * evaluateLatex(latexEngine(), "\\frac{x}{2} + y^{2}", { x: 1, y: 3 }) // 9.5
 */
export function evaluateLatex(ce: ComputeEngine, tex: string, values: Record<string, number>): number {
  const subs: Record<string, number> = {};
  for (const [name, v] of Object.entries(values)) subs[ce.parse(name).symbol as string] = v;
  const out = ce.parse(tex).subs(subs).N().re;
  return typeof out === "number" ? out : NaN;
}
