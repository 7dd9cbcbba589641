import { isParameterTree, isRecord, mapLeaves, pick, type Path } from "./seed";
import { describe } from "./containers";
import { DifferentiationError } from "../errors";

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

/**
 * Checks that `given` (a tangent, a cotangent) has the list and object shape of `reference`
 * (a primal, f's result): the same keys, the same lengths, level by level. A key the
 * reference lacks was ignored (a tangent for a parameter f does not have, a misspelt output's
 * cotangent), and an object where the reference has a number said "tangent 0.a is undefined".
 * `given` and `reference` name the two at a path, as the errors say them.
 */
export function checkSameTree(reference: unknown, given: unknown, names: { given(path: Path): string; reference(path: Path): string; fname: string }, path: Path = []): void {
  if (!isParameterTree(reference)) return;
  const fail = (what: string): never => {
    throw new DifferentiationError(`${names.fname}: ${names.given(path)} ${what}`);
  };
  if (Array.isArray(reference)) {
    if (!Array.isArray(given)) fail(`is ${describe(given)} but ${names.reference(path)} is a list of ${reference.length}`);
    const list = given as unknown[];
    if (list.length !== reference.length) fail(`has ${list.length} entries but ${names.reference(path)} has ${reference.length}`);
    reference.forEach((r, k) => checkSameTree(r, list[k], names, [...path, k]));
    return;
  }
  const keys = Object.keys(reference);
  if (!isRecord(given)) fail(`is ${describe(given)} but ${names.reference(path)} is an object of ${keys.join(", ")}`);
  const record = given as Record<string, unknown>;
  const extra = Object.keys(record).filter((k) => !(k in reference));
  const missing = keys.filter((k) => !(k in record));
  if (extra.length > 0 || missing.length > 0) {
    const theKeys = (ks: string[]): string => `the key${ks.length > 1 ? "s" : ""} ${ks.join(", ")}`;
    const said = [missing.length > 0 ? `lacks ${theKeys(missing)}` : "", extra.length > 0 ? `has ${theKeys(extra)}, which ${names.reference(path)} has not` : ""];
    fail(`${said.filter((s) => s !== "").join(" and ")} (${names.reference(path)} has ${keys.join(", ")})`);
  }
  for (const k of keys) checkSameTree(reference[k], record[k], names, [...path, k]);
}
