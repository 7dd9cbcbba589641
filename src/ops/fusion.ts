import type { BinaryRule, UnaryRule } from "../core/elementwise";
import { Var } from "../reverse/var";
import { Dual } from "../forward/dual";
import { addRule } from "../rules/add";
import { subRule } from "../rules/sub";
import { mulRule } from "../rules/mul";
import { divRule } from "../rules/div";
import { negRule } from "../rules/neg";
import { powRule } from "../rules/pow";
import { atan2Rule } from "../rules/atan2";
import { sinRule } from "../rules/sin";
import { cosRule } from "../rules/cos";
import { tanRule } from "../rules/tan";
import { asinRule } from "../rules/asin";
import { acosRule } from "../rules/acos";
import { atanRule } from "../rules/atan";
import { sinhRule } from "../rules/sinh";
import { coshRule } from "../rules/cosh";
import { tanhRule } from "../rules/tanh";
import { asinhRule } from "../rules/asinh";
import { acoshRule } from "../rules/acosh";
import { atanhRule } from "../rules/atanh";
import { expRule } from "../rules/exp";
import { expm1Rule } from "../rules/expm1";
import { logRule } from "../rules/log";
import { log1pRule } from "../rules/log1p";
import { log2Rule } from "../rules/log2";
import { log10Rule } from "../rules/log10";
import { sqrtRule } from "../rules/sqrt";
import { cbrtRule } from "../rules/cbrt";
import { absRule } from "../rules/abs";
import { sigmoidRule } from "../rules/sigmoid";
import { reluRule } from "../rules/relu";
import { softplusRule } from "../rules/softplus";
import { erfRule } from "../rules/erf";
import { erfcRule } from "../rules/erfc";
import { FUSED_BINARY, FUSED_UNARY, type FusedBinaryName, type FusedUnaryName } from "./fusion-names";

/*
 * What a fused expression needs from the runtime. The cell transform (kernel/transform/fusion.ts)
 * compiles a whole arithmetic expression of a cell — `Math.sin(x[i]) * x[i + 1] + …` — into one
 * function. On dual numbers and tape variables of plain numbers that function computes the
 * value and, by a reverse sweep over the expression, its partial derivative in each operand,
 * and then makes one dual number or one tape entry per operand instead of one per operation
 * (statement-level preaccumulation, as Adept and CoDiPack do with expression templates). The
 * partials are the rules' own, so each primitive's derivative is still written once.
 */

/** A unary primitive on plain numbers: its value and ∂out/∂x (given x and out). */
export interface FusedUnary {
  readonly fn: (x: number) => number;
  readonly d: (x: number, out: number) => number;
}

/** A binary primitive on plain numbers: its value and ∂out/∂a, ∂out/∂b (given a, b and out). */
export interface FusedBinary {
  readonly fn: (a: number, b: number) => number;
  readonly dA: (a: number, b: number, out: number) => number;
  readonly dB: (a: number, b: number, out: number) => number;
}

const UNARY_RULES: Record<FusedUnaryName, UnaryRule> = {
  neg: negRule, sin: sinRule, cos: cosRule, tan: tanRule, asin: asinRule, acos: acosRule, atan: atanRule,
  sinh: sinhRule, cosh: coshRule, tanh: tanhRule, asinh: asinhRule, acosh: acoshRule, atanh: atanhRule,
  exp: expRule, expm1: expm1Rule, log: logRule, log1p: log1pRule, log2: log2Rule, log10: log10Rule,
  sqrt: sqrtRule, cbrt: cbrtRule, abs: absRule, sigmoid: sigmoidRule, relu: reluRule, softplus: softplusRule,
  erf: erfRule, erfc: erfcRule,
};

const BINARY_RULES: Record<FusedBinaryName, BinaryRule> = {
  add: addRule, sub: subRule, mul: mulRule, div: divRule, pow: powRule, atan2: atan2Rule,
};

function unary(rule: UnaryRule): FusedUnary {
  // On numbers `partial` (written with runtime ops, so it nests) gives a number, as numberPartial does faster.
  return { fn: rule.fn, d: (rule.numberPartial ?? rule.partial) as (x: number, out: number) => number };
}

function binary(rule: BinaryRule): FusedBinary {
  return {
    fn: rule.fn,
    dA: (rule.numberPartialA ?? rule.partialA) as (a: number, b: number, out: number) => number,
    dB: (rule.numberPartialB ?? rule.partialB) as (a: number, b: number, out: number) => number,
  };
}

/**
 * The runtime's side of fused expressions, for the code the cell transform generates: the
 * classes it recognises operands by, and each primitive's value and partials on numbers.
 * Not for use by hand (the runtime's functions and operators give the same results).
 *
 * @example
 * fusion.unary.sin.d(0, 0)        // cos 0 = 1
 * fusion.binary.mul.dA(2, 3, 6)  // ∂(a·b)/∂a = b = 3
 */
export const fusion = {
  Var,
  Dual,
  unary: Object.fromEntries(FUSED_UNARY.map((name) => [name, unary(UNARY_RULES[name])])) as Record<FusedUnaryName, FusedUnary>,
  binary: Object.fromEntries(FUSED_BINARY.map((name) => [name, binary(BINARY_RULES[name])])) as Record<FusedBinaryName, FusedBinary>,
};
