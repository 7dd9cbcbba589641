import { isParameterTree, mapLeaves, pick } from "./seed";

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

/**
 * Per-leaf derivatives put back in the argument's shape (`rebuild`), inside the shape of f's
 * result: for a list or an object of outputs, `J.loss.W` is ∂loss/∂W — the output outside, the
 * argument inside, as S_out ++ S_in in numerator layout and as JAX nests pytrees. (The argument
 * was outside, `J.W.loss`, while an array argument had the output outside: `J.loss`.) Each
 * per-leaf result has the result's list or object shape, with one block (a number, nested arrays
 * or a Tensor, never a list of parameters) per output.
 */
export function outputsOutside(perLeaf: readonly unknown[], rebuild: (results: unknown[]) => unknown): unknown {
  if (perLeaf.length === 0 || !isParameterTree(perLeaf[0])) return rebuild(perLeaf.slice());
  return mapLeaves(perLeaf[0], (_block, path) => rebuild(perLeaf.map((r) => pick(r, path))));
}
