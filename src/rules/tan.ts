import type { UnaryRule } from "../core/elementwise";
import { add, mul } from "../ops/arithmetic";

/** tan x: derivative 1 + tan² x (reuses the output). */
export const tanRule: UnaryRule = { name: "tan", fn: Math.tan, partial: (_x, y) => add(1, mul(y, y)), numberPartial: (_x, y) => 1 + y * y };
