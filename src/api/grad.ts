import type { Value } from "../core/value";
import { differentiating, newTag } from "../core/tags";
import { Tape } from "../reverse/tape";
import { Var } from "../reverse/var";
import { backwardToInputs } from "../reverse/backward";
import { zerosLike } from "../core/constants";
import { DifferentiationError } from "../errors";
import { argnumList, assertFunction, checkOptions, type DiffOptions, shapeResults } from "./options";
import { mapOutput, outputOf } from "./containers";
import { computedNow, isParameterTree, isRecord, ownLevel, reverseInput, reverseTreeInput } from "./seed";
import type { AnyFunction, ArgumentList, FirstArgument, JacobianEach, JacobianOf, Like, LikeEach, OneArgument, ArgumentOf, ResultLike } from "./types";


/** Options of grad and valueAndGrad. */
export interface GradOptions extends DiffOptions {
  /**
   * f returns [value, aux]: value is differentiated, aux (anything: metrics, predictions)
   * comes back alongside, as JAX's has_aux. valueAndGrad then gives [[value, aux], gradient]
   * and grad gives [gradient, aux].
   */
  hasAux?: boolean;
}

/** A value with this tape's variables replaced by their values (arrays and objects walked). */
function offTape(x: unknown, tape: Tape): unknown {
  if (x instanceof Var && x.tape === tape) return computedNow(x.value);
  if (Array.isArray(x)) return x.map((e) => offTape(e, tape));
  if (isRecord(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, offTape(v, tape)]));
  return x;
}

type Fn = (...args: never[]) => unknown;

// layout is accepted (GradOptions extends DiffOptions) though a gradient has its argument's shape either way.
const GRAD_OPTIONS = ["argnums", "hasAux", "layout"] as const;

/** One differentiated argument: what f is called with, and its adjoint after backward. */
type DiffInput = { arg: unknown; adjoint(): unknown; tree?: true };

/**
 * The value of f and its gradient, by reverse mode (one forward pass, one backward pass).
 * f must return a scalar; the gradient has the shape of the argument (a number for a
 * number, `number[]` for `number[]`, a Tensor for a Tensor).
 *
 * @example
 * valueAndGrad((x: number[]) => x[0] ** 2 + 3 * x[0] * x[1] + x[1] ** 2)([1, 2])  // [11, [8, 7]]
 */
// First: TypeScript types an arrow's returned list by the first overload that reads it and keeps that, and only this one reads [loss, aux] as a pair.
export function valueAndGrad<P extends any[], V, X>(f: (...args: P) => readonly [V, X], opts: FirstArgument<GradOptions> & { hasAux: true }): (...args: any[]) => [[Like<V>, Like<X>], Like<P[0]>];
export function valueAndGrad<F extends AnyFunction>(f: F, opts?: FirstArgument<GradOptions> & { hasAux?: false }): (...args: any[]) => [Like<ReturnType<F>>, Like<ArgumentOf<F, 0>>];
export function valueAndGrad<F extends AnyFunction, const N extends readonly number[]>(f: F, opts: ArgumentList<GradOptions, N> & { hasAux?: false }): (...args: any[]) => [Like<ReturnType<F>>, LikeEach<F, N>];
export function valueAndGrad<F extends AnyFunction, N extends number>(f: F, opts: OneArgument<GradOptions, N> & { hasAux?: false }): (...args: any[]) => [Like<ReturnType<F>>, Like<ArgumentOf<F, N>>];
export function valueAndGrad(f: Fn, opts?: GradOptions): (...args: any[]) => [any, any];
export function valueAndGrad(f: Fn, opts?: GradOptions): (...args: unknown[]) => [unknown, unknown] {
  assertFunction(f, "valueAndGrad");
  checkOptions(opts, "valueAndGrad", GRAD_OPTIONS);
  return valueAndGradNamed(f, opts, "valueAndGrad");
}

/**
 * valueAndGrad whose errors name the function the user called (grad, hessian, …). With
 * `jacobianOf`, a result that is not a scalar gives [undefined, jacobianOf(...args)] instead of
 * an error (hessian of a vector-valued f differentiates its Jacobian, as JAX's does).
 */
export function valueAndGradNamed(f: Fn, opts: GradOptions | undefined, fname: string, jacobianOf?: (...args: unknown[]) => unknown): (...args: unknown[]) => [unknown, unknown] {
  return (...args) => {
    const argnums = argnumList(opts, args.length, fname);
    const tape = new Tape(newTag());
    const callArgs = args.slice();
    // An argument listed twice (argnums [0, 0]) is one input with its gradient given twice,
    // as jacobian and hessian give it: a second input replaced the first in f's arguments,
    // and the first gradient read 0.
    const made = new Map<number, DiffInput>();
    const inputs = argnums.map((i): DiffInput => {
      const seen = made.get(i);
      if (seen !== undefined) return seen;
      const input = isParameterTree(args[i]) ? { ...reverseTreeInput(args[i], tape, `${fname}: argument ${i}`), tree: true as const } : reverseInput(args[i], tape, `${fname}: argument ${i}`);
      callArgs[i] = input.arg;
      made.set(i, input);
      return input;
    });
    const returned = differentiating(tape.tag, () => f(...(callArgs as never[])));
    if (opts?.hasAux && !(Array.isArray(returned) && returned.length === 2)) {
      throw new DifferentiationError(`${fname}: with hasAux, f must return [value, aux], got ${Array.isArray(returned) ? `an array of ${returned.length}` : "a single value"}`);
    }
    const y = ownLevel(opts?.hasAux ? (returned as unknown[])[0] : returned, tape.tag);
    // An object or a list of outputs ({ loss, reg }, [A·x, Σx²]) is not a scalar either: with
    // jacobianOf, one Jacobian per output (hessian of it gave 'f's result is an object').
    if (jacobianOf && isParameterTree(y)) {
      tape.release();
      return [undefined, jacobianOf(...args)];
    }
    const out = outputOf(y, fname);
    if (out.container.kind !== "scalar" && jacobianOf) {
      tape.release();
      return [undefined, jacobianOf(...args)];
    }
    if (out.container.kind !== "scalar") {
      throw new DifferentiationError(
        `${fname}: f returned a value of shape (${"shape" in out.container ? out.container.shape.join("×") : ""}); ` +
          `${fname} needs a scalar result — use jacobian(f) for vector-valued functions, or sum the result`,
      );
    }
    const result = out.elements[0];
    if (result instanceof Var && result.tape === tape) backwardToInputs(result);
    // An object's (a list's) adjoint reads zeros for fields that did not influence the result.
    const grads = inputs.map((input) =>
      (result instanceof Var && result.tape === tape) || "tree" in input ? input.adjoint() : mapOutput(input.arg, (v) => zerosLike(v)),
    );
    const value = result instanceof Var && result.tape === tape ? result.value : (result as Value);
    // The auxiliary result is data, not differentiated: its values leave this tape.
    const aux = opts?.hasAux ? offTape((returned as unknown[])[1], tape) : undefined;
    // Nothing outside can reach this tape now (the results are plain or of outer tags), and a
    // value kept from inside f is an error from here on, a tensor's too: only plain tapes
    // were released, so sum(kept) on a tensor tape gave a tape variable of this dead tape.
    tape.release();
    return [opts?.hasAux ? [value, aux] : value, shapeResults(opts, grads)];
  };
}

/**
 * The gradient of a scalar function, by reverse mode; it has the shape of the argument.
 * With `{ argnums: [0, 1] }` it returns one gradient per listed argument. An argument may
 * also be a plain object of parameters (`{ W, b }`, nested too) or a list of parameters
 * (`[W, b]` of tensors, `[{ W, b }, …]`); its gradient is an object (a list) of the same shape.
 *
 * @example
 * grad((x: number) => x ** 3)(2)                                  // 12
 * grad((x: number[]) => x[0] * x[1])([3, 4])                      // [4, 3]
 * grad((a: number, b: number) => a * b, { argnums: [0, 1] })(3, 4) // [4, 3]
 * grad((p: { w: number; b: number }) => (p.w * 2 + p.b - 1) ** 2)({ w: 1, b: 0 })  // { w: 4, b: 2 }
 * grad((ps: number[][]) => ps[0][0] * ps[1][1])([[2], [3, 4]])                    // [[4], [0, 2]]
 * grad((x: number) => [x ** 2, { doubled: 2 * x }], { hasAux: true })(3)        // [6, { doubled: 6 }]
 */
// First: TypeScript types an arrow's returned list by the first overload that reads it and keeps that, and only this one reads [loss, aux] as a pair.
export function grad<P extends any[], V, X>(f: (...args: P) => readonly [V, X], opts: FirstArgument<GradOptions> & { hasAux: true }): (...args: any[]) => [Like<P[0]>, Like<X>];
export function grad<F extends AnyFunction>(f: F, opts?: FirstArgument<GradOptions> & { hasAux?: false }): (...args: any[]) => Like<ArgumentOf<F, 0>>;
export function grad<F extends AnyFunction, const N extends readonly number[]>(f: F, opts: ArgumentList<GradOptions, N> & { hasAux?: false }): (...args: any[]) => LikeEach<F, N>;
export function grad<F extends AnyFunction, N extends number>(f: F, opts: OneArgument<GradOptions, N> & { hasAux?: false }): (...args: any[]) => Like<ArgumentOf<F, N>>;
export function grad(f: Fn, opts?: GradOptions): (...args: any[]) => any;
export function grad(f: Fn, opts?: GradOptions): (...args: unknown[]) => unknown {
  assertFunction(f, "grad");
  checkOptions(opts, "grad", GRAD_OPTIONS);
  const vg = valueAndGradNamed(f, opts, "grad");
  return (...args) => {
    const [value, gradient] = vg(...args);
    return opts?.hasAux ? [gradient, (value as unknown[])[1]] : gradient;
  };
}
