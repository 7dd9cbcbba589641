import { newTag } from "../core/tags";
import { Dual } from "../forward/dual";
import { Var } from "../reverse/var";
import { DifferentiationError } from "../errors";
import { computedNow, isRecord } from "./seed";

type Fn = (...args: never[]) => unknown;

/**
 * `hasAux` for the Jacobian family (jacobian, jacfwd, jacrev, hessian), as JAX's has_aux:
 * f returns [value, aux]; the derivative is of value, and aux comes back beside it as data.
 * f is run many times (once per input in forward mode, nested for a Hessian): aux is that of
 * its latest run, with the AD values of this derivative replaced by their values.
 */
export function withAux<R>(f: Fn, fname: string, derive: (g: Fn) => R): [R, unknown] {
  // Every tag the derivative takes is above this one; values of lower tags belong to a
  // derivative around this one (grad of a function that takes a jacobian) and are kept.
  const base = newTag();
  let aux: unknown;
  const g = ((...args: never[]) => {
    const returned = f(...args);
    if (!(Array.isArray(returned) && returned.length === 2)) {
      throw new DifferentiationError(`${fname}: with hasAux, f must return [value, aux], got ${Array.isArray(returned) ? `an array of ${returned.length}` : "a single value"}`);
    }
    aux = returned[1];
    return returned[0];
  }) as Fn;
  const result = derive(g);
  return [result, outerValues(aux, base)];
}

/** x with AD values of tags above `base` replaced by their values, through arrays and objects. */
function outerValues(x: unknown, base: number): unknown {
  if (Array.isArray(x)) return x.map((e) => outerValues(e, base));
  if (isRecord(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, outerValues(v, base)]));
  let v = x;
  while ((v instanceof Dual && v.tag > base) || (v instanceof Var && v.tape.tag > base)) v = v.value;
  return computedNow(v);
}
