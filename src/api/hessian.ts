import { argnumList, assertFunction, type AuxOption, checkOptions, type DiffOptions } from "./options";
import { withAux } from "./aux";
import { valueAndGradNamed } from "./grad";
import { jacfwd, jacrev } from "./jacobian";
import { jvp } from "./jvp";
import { displayAsHeatmap } from "../display/derivative-display";
import { containerOf, containerShape } from "./containers";
import { DifferentiationError } from "../errors";
import { isParameterTree } from "./seed";
import { flattenArguments, outputsOutside } from "./trees";
import type { AnyFunction, ArgumentList, FirstArgument, JacobianEach, JacobianOf, Like, LikeEach, OneArgument, ArgumentOf, ResultLike } from "./types";
import { checkJacobianSize } from "./jacobian-size";
import { sizeOfArgument } from "./seed";


type Fn = (...args: never[]) => unknown;

/**
 * The Hessian of a scalar function. For x of shape S it has shape S ++ S. With
 * `{ argnums: [0, 1] }` it returns the blocks H[i][j] = ∂²f/∂argᵢ∂argⱼ. A vector-valued f
 * (result of shape S_out) gives one Hessian per output, shape S_out ++ S ++ S, as JAX's; an
 * object or a list of outputs (`{ loss, reg }`) gives one Hessian per output in that shape.
 * An object of parameters gives blocks per field, `H.w.b` = ∂²f/∂w∂b, inside each output's
 * (`H.loss.w.b`). With `{ hasAux: true }` f returns [value, aux] and the result is
 * [Hessian of value, aux], as JAX's has_aux.
 *
 * By default reverse over reverse: the gradient computation is recorded once and swept
 * backwards once per row. `{ mode: "forward-over-reverse" }` takes the Jacobian of the
 * gradient with dual numbers instead, re-running f once per row — the textbook choice, but
 * measured here about 20× slower on the 100-d Rosenbrock function (5.7 ms against 0.28 ms).
 *
 * @example
 * hessian((v: number[]) => v[0] ** 2 + v[1] ** 2 + v[0] * v[1])([1, 2])  // [[2, 1], [1, 2]]
 * hessian((v: number[]) => ({ p: v[0] * v[1], q: v[0] ** 3 }))([1, 2])  // { p: [[0, 1], [1, 0]], q: [[6, 0], [0, 0]] }
 * hessian((v: number[]) => [v[0] ** 2 * v[1], v[1]], { hasAux: true })([1, 2])  // [[[4, 2], [2, 0]], 2]
 */
export function hessian<F extends AnyFunction>(f: F, opts?: FirstArgument<DiffOptions> & { mode?: "reverse-over-reverse" | "forward-over-reverse" }): (...args: any[]) => JacobianOf<Like<ArgumentOf<F, 0>>, ArgumentOf<F, 0>>;
export function hessian<F extends AnyFunction, N extends number>(f: F, opts: OneArgument<DiffOptions, N> & { mode?: "reverse-over-reverse" | "forward-over-reverse" }): (...args: any[]) => JacobianOf<Like<ArgumentOf<F, N>>, ArgumentOf<F, N>>;
export function hessian(f: Fn, opts?: DiffOptions & AuxOption & { mode?: "reverse-over-reverse" | "forward-over-reverse" }): (...args: any[]) => any;
export function hessian(f: Fn, opts?: DiffOptions & AuxOption & { mode?: "reverse-over-reverse" | "forward-over-reverse" }): (...args: unknown[]) => unknown {
  assertFunction(f, "hessian");
  checkOptions(opts, "hessian", ["argnums", "layout", "mode", "hasAux"]);
  if (opts?.hasAux) {
    const { hasAux: _, ...rest } = opts;
    return (...args) => withAux(f, "hessian", (g) => hessian(g, rest)(...args));
  }
  const outer = opts?.mode === "forward-over-reverse" ? jacfwd : jacrev;
  return (...args) => {
    const argnums = argnumList(opts, args.length, "hessian");
    // Named as the Hessian before any pass, not as the jacrev inside it after the first.
    if (!argnums.some((i) => isParameterTree(args[i]))) {
      const n = argnums.reduce((total, i) => total + sizeOfArgument(args[i], `hessian: argument ${i}`), 0);
      checkJacobianSize(n, n, "hessian");
    }
    // Objects and lists of parameters: the Hessian in all their leaves, its blocks put back
    // in their shapes (H.w.b is ∂²f/∂w∂b), as JAX's pytrees; for a list or an object of
    // outputs, inside each output (H.loss.w.b), as jacobian nests them.
    if (argnums.some((i) => isParameterTree(args[i]))) {
      const flat = flattenArguments(f, args, argnums);
      const all = flat.leaves.map((_, k) => k);
      const H = hessian(flat.f, { ...opts, argnums: all })(...flat.leaves) as unknown[][];
      const blockOf = (i: number, j: number): unknown => {
        const ks = flat.argnumsOf(i);
        const ls = flat.argnumsOf(j);
        const perPair = ks.flatMap((k) => ls.map((l) => H[k][l]));
        return outputsOutside(perPair, (blocks) => flat.rebuild(i, ks.map((_, a) => flat.rebuild(j, ls.map((_, b) => blocks[a * ls.length + b])))));
      };
      return Array.isArray(opts?.argnums) ? argnums.map((i) => argnums.map((j) => blockOf(i, j))) : blockOf(argnums[0], argnums[0]);
    }
    // Checked here so that a bad argument names hessian, not the jacrev it is built on.
    for (const i of argnums) containerOf(args[i], `hessian: argument ${i}`);
    const block = (i: number, j: number): unknown =>
      displayAsHeatmap(outer(gradientOf(f, i, "hessian"), { argnums: j, layout: opts?.layout })(...args), "Hessian", { rowStem: "x" });
    if (!Array.isArray(opts?.argnums)) return block(argnums[0], argnums[0]);
    return argnums.map((i) => argnums.map((j) => block(i, j)));
  };
}

/**
 * The Hessian-vector product H·v of a scalar function at x, without forming H: one
 * forward-mode pass through the gradient. Arguments after v are passed on to f after x and
 * are not differentiated. x may be an object or a list of parameters, with v of its shape.
 *
 * @example
 * hvp((v: number[]) => v[0] ** 2 * v[1])([1, 2], [1, 0])  // [2·v₁, 2·v₀] = [4, 2]
 * hvp((v: number[], a: number) => a * v[0] ** 3)([2], [1], 5)  // [6·5·2] = [60]
 */
export function hvp<F extends AnyFunction>(f: F): (x: ArgumentOf<F, 0>, v: unknown, ...rest: unknown[]) => Like<ArgumentOf<F, 0>>;
export function hvp(f: Fn, ...rest: never[]): (x: any, v: unknown, ...rest: unknown[]) => any;
export function hvp(f: Fn, ...rest: never[]): (x: unknown, v: unknown, ...rest: unknown[]) => unknown {
  assertFunction(f, "hvp");
  // hvp(f, x, v), as jax.jvp is called, returned a function where a vector was expected.
  if (rest.length > 0) throw new DifferentiationError("hvp: hvp(f) is the function (x, v) => H·v; call it as hvp(f)(x, v)");
  return (x, v, ...others) => {
    // Checked here so that bad input names hvp, not the jvp it is built on. An object or a
    // list of parameters is checked field by field by jvp.
    if (!isParameterTree(x)) {
      const sx = containerShape(containerOf(x, "hvp: x")).join("×");
      const sv = containerShape(containerOf(v, "hvp: v")).join("×");
      if (sx !== sv) throw new DifferentiationError(`hvp: v has shape (${sv}) but x has shape (${sx})`);
    }
    const gradient = gradientOf(f, 0, "hvp");
    return jvp(((y: unknown) => gradient(...([y, ...others] as never[]))) as Fn, [x], [v])[1];
  };
}

/**
 * The gradient of f with respect to argument i, its errors naming `fname`; for a vector-valued
 * f (hessian only), its Jacobian, so that the Hessian has shape S_out ++ S_in ++ S_in.
 */
function gradientOf(f: Fn, i: number, fname: string): Fn {
  const jacobianOf = fname === "hessian" ? jacrev(f, { argnums: i }) : undefined;
  const vg = valueAndGradNamed(f, { argnums: i }, fname, jacobianOf);
  return ((...args: unknown[]) => vg(...args)[1]) as Fn;
}
