import { mapLeaves } from "./seed";

type Fn = (...args: never[]) => unknown;

/**
 * An object or a list of parameters ({ W, b }, [W, b]) for the derivatives built on argnums
 * (jacobian, jacfwd, jacrev, hessian), as JAX's pytrees: every number, array or tensor inside
 * becomes an argument of its own, and per-leaf results are put back in the object's shape.
 */
export interface FlatArguments {
  /** f of the leaves alone: the listed arguments are rebuilt from them, the others kept. */
  readonly f: Fn;
  readonly leaves: unknown[];
  /** The positions, among the leaves, of argument i's leaves. */
  argnumsOf(i: number): number[];
  /** Per-leaf results of argument i put back in its shape. */
  rebuild(i: number, results: readonly unknown[]): unknown;
}

/** f with the arguments listed in argnums taken apart into their leaves (see FlatArguments). */
export function flattenArguments(f: Fn, args: readonly unknown[], argnums: readonly number[]): FlatArguments {
  const distinct = [...new Set(argnums)];
  const leaves: unknown[] = [];
  const positions = new Map<number, number[]>();
  for (const i of distinct) {
    const start = leaves.length;
    mapLeaves(args[i], (leaf) => leaves.push(leaf));
    positions.set(i, Array.from({ length: leaves.length - start }, (_, k) => start + k));
  }
  const rebuild = (i: number, results: readonly unknown[]): unknown => {
    let k = 0;
    return mapLeaves(args[i], () => results[k++]);
  };
  const argnumsOf = (i: number): number[] => positions.get(i) ?? [];
  const g = ((...values: unknown[]) => {
    const callArgs = args.slice();
    for (const i of distinct) callArgs[i] = rebuild(i, argnumsOf(i).map((k) => values[k]));
    return f(...(callArgs as never[]));
  }) as Fn;
  return { f: g, leaves, argnumsOf, rebuild };
}
