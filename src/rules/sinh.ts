import type { UnaryRule } from "../core/elementwise";
import { cosh } from "../ops/scalar";

/** sinh x: derivative cosh x. */
export const sinhRule: UnaryRule = { name: "sinh", fn: Math.sinh, partial: (x) => cosh(x), numberPartial: (x) => Math.cosh(x) };
