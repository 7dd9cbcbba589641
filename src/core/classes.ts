import type { Var } from "../reverse/var";
import type { Dual } from "../forward/dual";

/**
 * The AD value classes, registered by their own modules as they load. The operations are
 * compiled at load time (see specialise.ts) inside an import cycle with these classes, but
 * only look them up when called — by then both are here.
 */
export const adClasses = { Var: undefined as unknown as typeof Var, Dual: undefined as unknown as typeof Dual };
