import { argnumList, type DiffOptions } from "./options";
import { grad } from "./grad";
import { jacfwd } from "./jacobian";
import { jvp } from "./jvp";

type Fn = (...args: never[]) => unknown;

/**
 * The Hessian of a scalar function, forward over reverse (the Jacobian, by dual numbers,
 * of the gradient, by the tape). For x of shape S it has shape S ++ S. With
 * `{ argnums: [0, 1] }` it returns the blocks H[i][j] = ∂²f/∂argᵢ∂argⱼ.
 *
 * @example
 * hessian((v: number[]) => v[0] ** 2 + v[1] ** 2 + v[0] * v[1])([1, 2])  // [[2, 1], [1, 2]]
 */
export function hessian(f: Fn, opts?: DiffOptions): (...args: unknown[]) => unknown {
  return (...args) => {
    const argnums = argnumList(opts, args.length, "hessian");
    const block = (i: number, j: number): unknown =>
      jacfwd(grad(f, { argnums: i }) as Fn, { argnums: j, layout: opts?.layout })(...args);
    if (!Array.isArray(opts?.argnums)) return block(argnums[0], argnums[0]);
    return argnums.map((i) => argnums.map((j) => block(i, j)));
  };
}

/**
 * The Hessian-vector product H·v of a scalar function at x, without forming H: one
 * forward-mode pass through the gradient.
 *
 * @example
 * hvp((v: number[]) => v[0] ** 2 * v[1])([1, 2], [1, 0])  // [2·v₁, 2·v₀] = [4, 2]
 */
export function hvp(f: Fn): (x: unknown, v: unknown) => unknown {
  return (x, v) => jvp(grad(f) as Fn, [x], [v])[1];
}
