import type { Value } from "../core/value";
import { sortKey, valueConversionError } from "../core/conversion";
import { adClasses } from "../core/classes";
import { adValueBundle } from "../display/ad-value-display";

/**
 * A dual number `value + tangent·ε` (ε² = 0) of forward-mode AD. `value` and `tangent`
 * may be numbers, Tensors (a dual tensor) or AD values of lower tags (nested derivatives).
 *
 * @example
 * const x = dual(2, 1);          // x = 2, dx = 1
 * const y = mul(x, x);           // y = 4, dy = 2·x·dx = 4
 * y.value;   // 4
 * y.tangent; // 4
 */
export class Dual {
  /** The primal value. */
  readonly value: Value;
  /** The derivative carried along (same shape as the value). */
  readonly tangent: Value;
  /** Which differentiation this perturbation belongs to. */
  readonly tag: number;

  constructor(value: Value, tangent: Value, tag: number) {
    // A dual number of two numbers gets an object layout of its own (its fields set in another
    // order), which the engine then knows to hold numbers only. Shared with dual tensors and
    // nested dual numbers, every read became a type test, and W1's jvp in a session that had
    // used a dual tensor took 4.0× the plain loop instead of 3.75×.
    if (typeof value === "number" && typeof tangent === "number") {
      this.value = value;
      this.tangent = tangent;
      this.tag = tag;
    } else {
      this.tag = tag;
      this.value = value;
      this.tangent = tangent;
    }
  }

  /** A dual cannot silently become a number: that would drop its derivative. */
  [Symbol.toPrimitive](hint: string): string | number {
    if (hint === "string") return this.toString();
    const key = sortKey(this);
    if (key !== undefined) return key;
    throw valueConversionError("dual number", this);
  }

  /** console.log shows the same text as toString (Node looks this symbol up; browsers ignore it). */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  toString(): string {
    return `Dual(${String(this.value)}, ${String(this.tangent)})`;
  }

  /**
   * JSON.stringify gives value, tangent and tag in this order for every dual number: the
   * constructor sets a dual of numbers' fields in another order (its own object layout), which
   * JSON.stringify would otherwise follow, so a dual tensor's text began with its tag.
   *
   * @example
   * Object.keys(JSON.parse(JSON.stringify(dual(tensor([2]), tensor([1])))))  // ["value", "tangent", "tag"]
   */
  toJSON(): { value: Value; tangent: Value; tag: number } {
    return { value: this.value, tangent: this.tangent, tag: this.tag };
  }

  /** How Jupyter shows a dual number: value and tangent, a tensor part as its table. */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return adValueBundle("Dual", [["value", this.value], ["tangent", this.tangent]], 2);
  }
}

adClasses.Dual = Dual;

/**
 * A dual number of plain numbers, as dual(2, 1) makes: its value and tangent typed `number`
 * (a Dual's may be tensors or other dual numbers).
 */
export type ScalarDual = Dual & { readonly value: number; readonly tangent: number };
