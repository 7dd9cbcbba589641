import type { Value } from "../core/value";
import type { Input } from "../core/convert";
import { binaryOp, unaryOp } from "../core/elementwise";
import { addRule } from "../rules/add";
import { subRule } from "../rules/sub";
import { mulRule } from "../rules/mul";
import { divRule } from "../rules/div";
import { negRule } from "../rules/neg";

/*
 * The four arithmetic operations and negation on runtime values (numbers, tensors, duals,
 * tape variables), with NumPy broadcasting between tensors. These are the internal forms
 * that take runtime values only; the public functions in ops/public accept arrays too.
 */

/** a + b, elementwise. @example add(2, 3) // 5 */
export const add: (a: Input, b: Input) => Value = binaryOp(addRule);
/** a − b, elementwise. @example sub(2, 3) // -1 */
export const sub: (a: Input, b: Input) => Value = binaryOp(subRule);
/** a · b, elementwise (not the matrix product: see matmul). @example mul(2, 3) // 6 */
export const mul: (a: Input, b: Input) => Value = binaryOp(mulRule);
/** a / b, elementwise. @example div(3, 2) // 1.5 */
export const div: (a: Input, b: Input) => Value = binaryOp(divRule);
/** −x. @example neg(2) // -2 */
export const neg: (x: Input) => Value = unaryOp(negRule);
