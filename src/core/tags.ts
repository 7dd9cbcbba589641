/**
 * Perturbation tags. Every differentiation (one `grad`, one `jvp`, one tape) takes a
 * fresh tag; a later tag is an inner differentiation. An operation works at the highest
 * tag among its operands and treats values of lower tags as constants, which keeps nested
 * derivatives apart (ForwardDiff's perturbation confusion: D(x ↦ x·D(y ↦ x + y)(1))(1) = 1).
 */
let lastTag = 0;

/** A tag greater than every tag handed out before. */
export function newTag(): number {
  return ++lastTag;
}
