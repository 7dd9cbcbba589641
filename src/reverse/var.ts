import type { Tensor } from "../tensor/tensor";
import type { Value } from "../core/value";
import type { Tape } from "./tape";
import { sortKey, valueConversionError } from "../core/conversion";
import { adjointOf } from "./backward";
import { adClasses } from "../core/classes";
import { adValueBundle } from "../display/ad-value-display";

/**
 * A node of the reverse-mode tape: a value that remembers how it was computed, so that
 * `backward(y)` can propagate derivatives from y back to every variable.
 *
 * @example
 * const x = variable(3);
 * const y = variable(4);
 * const z = add(mul(x, y), sin(x));   // z = xy + sin x
 * backward(z);
 * x.grad;  // y + cos x = 4 + cos 3
 * y.grad;  // x = 3
 */
export class Var {
  /** The primal value (a number, a Tensor, or an AD value of a lower tag). */
  readonly value: Value;
  readonly tape: Tape;
  /** This node's position on the tape. */
  readonly index: number;

  constructor(value: Value, tape: Tape, index: number) {
    // A variable of a number gets an object layout of its own, as a dual number does (see Dual).
    if (typeof value === "number") {
      this.value = value;
      this.tape = tape;
      this.index = index;
    } else {
      this.tape = tape;
      this.value = value;
      this.index = index;
    }
  }

  /** ∂y/∂(this) after `backward(y)`; 0 (or zeros) when this did not influence y. */
  get grad(): Value {
    return adjointOf(this);
  }

  /** A tape variable cannot silently become a number: that would drop its derivative. */
  [Symbol.toPrimitive](hint: string): string | number {
    if (hint === "string") return this.toString();
    const key = sortKey(this);
    if (key !== undefined) return key;
    throw valueConversionError("tape variable", this);
  }

  /** console.log shows the same text as toString (Node looks this symbol up; browsers ignore it). */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  toString(): string {
    return `Var(${String(this.value)})`;
  }

  /**
   * JSON.stringify gives the value, as it does a dual number's fields (`{"value":6}`), not the
   * whole tape it belongs to: `console.log(JSON.stringify(x))` inside grad printed every node's
   * records. JSON.parse of it is an object, which arithmetic refuses: a copy made through JSON
   * cannot lose the derivative silently.
   */
  toJSON(): { value: Value } {
    return { value: this.value };
  }

  /** How Jupyter shows a tape variable: its value and, once backward has run, its grad. */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    let grad: Value | undefined;
    try {
      grad = this.tape.adjoints === null ? undefined : this.grad;
    } catch {
      grad = undefined; // a tape released or reused since: the value alone
    }
    return adValueBundle("Var", grad === undefined ? [["value", this.value]] : [["value", this.value], ["grad", grad]], 1);
  }
}

adClasses.Var = Var;

/** A tape variable of a plain number, as variable(3) makes: its value and `.grad` typed `number`. */
export type ScalarVar = Var & { readonly value: number; readonly grad: number };

/** A tape variable of a tensor, as variable(randn([3])) makes: its value and `.grad` typed `Tensor`. */
export type TensorVar = Var & { readonly value: Tensor; readonly grad: Tensor };
