import type { Value } from "./value";
import { Tensor } from "../tensor/tensor";
import { mul, neg } from "../ops/arithmetic";
import { broadcastTo } from "../ops/broadcast";
import { sameShape } from "../tensor/shape";
import { hasNaN } from "../tensor/number-arrays";

/*
 * Products of derivatives with a "strong zero" (as ChainRules calls it): a tangent or
 * cotangent and a rule's partial multiply as numbers do, except that when either is 0 the
 * product is 0 — also against ∞ or NaN, where IEEE arithmetic gives NaN. A derivative that
 * does not reach an operation is not changed by that operation's partial being infinite, and
 * an operation whose partial is 0 passes nothing back, whatever reached it:
 *
 * - `jacfwd(sqrt)` at [0, 1] has zeros off its diagonal, and the gradient of Σ √xᵢ·cᵢ at xᵢ = 0
 *   is 0 where cᵢ = 0 (a zero tangent or cotangent, an infinite partial);
 * - `0 * Math.sqrt(x) + 2 * x` has derivative 2 at 0 in both modes, and relu of an overflowed
 *   value passes 0 back (an infinite tangent or cotangent, a partial of 0).
 *
 * With 0 absorbing in every product, forward and reverse mode sum the same products along
 * the same paths, so they agree on such points as they do elsewhere. Every product of a
 * derivative by a partial goes through here or through `times` (scalar tapes, compiled loops
 * and fused expressions write the same test inline).
 */

/**
 * t · p on numbers, 0 when either is 0 (0·∞ and 0·NaN included).
 *
 * @example
 * times(0, Infinity)  // 0
 */
export function times(t: number, p: number): number {
  // Tested after the product, which is NaN only at such points (or for a NaN factor): a test
  // before it cost W1's runtime-call duals 10× → 12–14× the plain loop.
  const d = t * p;
  return d === d || (t !== 0 && p !== 0) ? d : 0;
}

/**
 * t · p for a tangent or cotangent t and a partial p, numbers or tensors (broadcast), with a
 * strong zero: an entry that is 0 on either side gives 0. AD values (higher derivatives)
 * multiply as they are.
 *
 * @example
 * strongZeroProduct(tensor([0, 2, Infinity]), tensor([Infinity, 3, 0])).data  // Float64Array [0, 6, 0]
 */
export function strongZeroProduct(t: Value, p: Value): Value {
  if (p === 1) return t;
  if (p === -1) return neg(t);
  if (typeof t === "number" && typeof p === "number") return times(t, p);
  if (typeof t === "number" && p instanceof Tensor) return byNumber(p, t);
  if (t instanceof Tensor && typeof p === "number") return byNumber(t, p);
  if (t instanceof Tensor && p instanceof Tensor) {
    if (sameShape(t.shape, p.shape)) return productOf(t.shape, t.data, p.data);
    const product = mul(t, p) as Tensor;
    // Broadcast: only where the product has a NaN can a 0 have met ∞ or NaN. Look for one,
    // then compute the product again with both laid out as the product is.
    if (!hasNaN(product.data)) return product;
    return productOf(product.shape, broadcastTo(t, product.shape).data, broadcastTo(p, product.shape).data);
  }
  return mul(t, p);
}

/** A tensor times a number: the plain product where the number is finite and not 0. */
function byNumber(a: Tensor, s: number): Tensor {
  if (s !== 0 && Number.isFinite(s)) return mul(a, s) as Tensor;
  const out = new Float64Array(a.data.length);
  const data = a.data;
  for (let i = 0; i < out.length; i++) out[i] = times(data[i], s);
  return new Tensor(a.shape, out);
}

/** t[i] · p[i] over two arrays of one shape, with a strong zero. */
function productOf(shape: readonly number[], t: Float64Array, p: Float64Array): Tensor {
  const out = new Float64Array(t.length);
  for (let i = 0; i < out.length; i++) out[i] = times(t[i], p[i]);
  return new Tensor(shape, out);
}
