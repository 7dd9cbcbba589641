import type { Tensor } from "../tensor/tensor";
import type { Dual } from "../forward/dual";
import type { Var } from "../reverse/var";
import type { IsAny, NumberArray } from "../core/convert";
import type { DiffOptions } from "./options";
import type { GradOptions } from "./grad";

/*
 * The static types of the differentiation functions' results. At run time a result mirrors
 * its argument's container (DESIGN.md): a number for a number, nested arrays for nested
 * arrays, a Tensor for a Tensor, an object of the same keys for an object of parameters.
 * These types say the same to TypeScript, so that `const [gW, gb] = grad(loss, { argnums:
 * [0, 1] })(W, b)` or `const d: number = derivative(f)(1)` type-check in a notebook cell as
 * written (typed `unknown`, they warned: "Type 'unknown' must have a '[Symbol.iterator]()'
 * method"). Where a type could be several containers (unknown, a Value), the result is `any`.
 */

/** Any function (the differentiation functions take functions of any arguments). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFunction = (...args: any[]) => any;


/** The type of argument N of F (any when F has no such parameter). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ArgumentOf<F, N> = F extends (...args: infer P) => any ? (N extends keyof P ? P[N] : any) : any;

/**
 * A derivative shaped like a value of type T: number → number, arrays → arrays of the same
 * nesting, Tensor → Tensor, typed arrays → number[], objects → the same keys. Anything that
 * could be more than one of these (unknown, number | Tensor, a dual number) → any.
 */
export type Like<T> =
  IsAny<T> extends true ? any
  : [T] extends [never] ? any
  : [T] extends [number] ? number
  : [T] extends [Tensor] ? Tensor
  : [T] extends [Dual | Var] ? any
  : [T] extends [NumberArray] ? number[]
  : [T] extends [readonly (infer E)[]] ? Like<E>[]
  : [T] extends [Record<string, unknown>] ? { -readonly [K in keyof T]: Like<T[K]> }
  : any;

/**
 * The Jacobian of a function from In to Out: for each entry of the result, a derivative
 * shaped like the argument (numerator layout; the denominator layout has the same nesting).
 * An object of outputs is outside an object of parameters (`J.loss.W`), as at run time; an
 * array or a tensor result inside one (`J.W` holds ∂y/∂W).
 */
export type JacobianOf<Out, In> =
  IsAny<Out> extends true ? any
  : [Out] extends [never] ? any
  : [Out] extends [number] ? Like<In>
  : [Out] extends [Dual | Var] ? any
  : [Out] extends [Tensor] ? ([In] extends [number] | [Tensor] ? Tensor : IsRecord<In> extends true ? { -readonly [K in keyof In]: JacobianOf<Out, In[K]> } : any)
  : IsRecord<Out> extends true ? { -readonly [K in keyof Out]: JacobianOf<Out[K], In> }
  : IsRecord<In> extends true ? { -readonly [K in keyof In]: JacobianOf<Out, In[K]> }
  : [In] extends [Tensor] ? any
  : [Out] extends [readonly (infer E)[]] ? JacobianOf<E, In>[]
  : any;

/** Whether T is an object of named values ({ W, b }), not a Tensor, an AD value or an array. */
type IsRecord<T> =
  IsAny<T> extends true ? false
  : [T] extends [Tensor | Dual | Var | NumberArray | readonly unknown[] | AnyFunction] ? false
  : [T] extends [Record<string, unknown>] ? true
  : false;

/** One derivative per listed argument: `{ argnums: [0, 1] }` of f(a: A, b: B) → [Like<A>, Like<B>]. */
export type LikeEach<F, N extends readonly number[]> = { -readonly [K in keyof N]: Like<ArgumentOf<F, N[K]>> };

/** One Jacobian per listed argument. */
export type JacobianEach<F, N extends readonly number[]> = { -readonly [K in keyof N]: JacobianOf<ReturnType<F & AnyFunction>, ArgumentOf<F, N[K]>> };

/** What f returns, as a derivative of it is shaped (derivative, jvp, vjp): only when f takes a plain number. */
export type ResultLike<F> = [ArgumentOf<F, 0>] extends [number] ? Like<ReturnType<F & AnyFunction>> : any;

/** Options without argnums, or with the default argnums 0. */
export type FirstArgument<O> = O & { argnums?: 0 | undefined };
/** Options with one argument number other than the default. */
export type OneArgument<O, N extends number> = O & { argnums: N };
/** Options with a list of argument numbers. */
export type ArgumentList<O, N extends readonly number[]> = O & { argnums: N };

export type { DiffOptions, GradOptions };
