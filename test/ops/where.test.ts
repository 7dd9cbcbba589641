import { describe, expect, it } from "vitest";
import * as n from "../../src/index";
import { close } from "../support/numeric";

/*
 * where(cond, a, b), as NumPy's, JAX's and PyTorch's: selection, never multiplication by the
 * mask, so the branch not taken reaches neither the value nor a forward tangent. Checked
 * against closed forms, central differences and the other AD mode.
 */
type V = n.Value;
const T = (x: unknown): unknown => (x as n.Tensor).toArray();

describe("where", () => {
  it("selects entry by entry with broadcasting; a NaN or ∞ in the branch not taken is not seen (mul by a mask gave 0·NaN = NaN)", () => {
    expect(T(n.where(n.gt([1, -2, 3], 0), [10, 20, 30], 0))).toEqual([10, 0, 30]);
    expect(T(n.where(n.gt(n.tensor([[1], [-1]]), 0), n.tensor([1, 2]), n.tensor([[5], [6]])))).toEqual([[1, 2], [6, 6]]);
    expect(T(n.where(n.gt([-1, 4], 0), n.sqrt(n.tensor([-1, 4])), 0))).toEqual([0, 2]);
    expect(T(n.where(n.ne([0, 2], 0), n.div(1, n.tensor([0, 2])), -1))).toEqual([-1, 0.5]);
    expect(n.where(true, 1, 2)).toBe(1);
    expect(n.where(n.lt(3, 2), 1, 2)).toBe(2);
  });

  it("the double where has a finite gradient at 0 in both modes: where(c, √(where(c, x, 1)), 0)", () => {
    const c = (x: V) => n.gt(x, 0);
    const safeSqrt = (x: V) => n.where(c(x), n.sqrt(n.where(c(x), x, 1)), 0);
    const x = n.tensor([0, 4, -1]);
    // d√x/dx = 1/(2√x) = 0.25 at 4; 0 where the constant 0 is taken.
    expect(T(n.grad((v: V) => n.sum(safeSqrt(v)))(x))).toEqual([0, 0.25, 0]);
    expect(T(n.jacfwd((v: V) => n.sum(safeSqrt(v)))(x))).toEqual([0, 0.25, 0]);
    // d²√x/dx² = −1/(4x^{3/2}) = −1/32 at 4 (entries elsewhere may be −0).
    close(T(n.hessian((v: V) => n.sum(safeSqrt(v)))(x)), [[0, 0, 0], [0, -1 / 32, 0], [0, 0, 0]], 0);
  });

  it("a single where: the untaken branch passes 0 in both modes, even through √ at 0 (JAX's reverse mode gives NaN there: 0·∞)", () => {
    const f = (x: V) => n.where(n.gt(x, 0), n.sqrt(x), 0);
    const [y, dy] = n.jvp(f, [n.tensor([0, 4])], [n.tensor([1, 1])]);
    expect([T(y), T(dy)]).toEqual([[0, 2], [0, 0.25]]);
    // where's cotangent for √x is 0 at x = 0, and a cotangent of 0 passes 0 (strong-zero-product.ts).
    const g = T(n.grad((x: V) => n.sum(f(x)))(n.tensor([0, 4]))) as number[];
    expect(g).toEqual([0, 0.25]);
    // On numbers where gives the branch taken itself: the √ node is off the path, the gradient 0.
    expect(n.grad((x: V) => n.where(n.gt(x, 0), n.sqrt(x), 0))(0)).toBe(0);
  });

  it("derivatives in a and b agree with central differences and across modes, broadcast operands summed back", () => {
    // f(x, s) = Σ where(x > 1, x³, s·x) with a scalar s broadcast: ∂f/∂xᵢ = 3xᵢ² or s; ∂f/∂s = Σ_{xᵢ ≤ 1} xᵢ.
    const f = (x: V, s: V) => n.sum(n.where(n.gt(x, 1), n.pow(x, 3), n.mul(s, x)));
    const x = [0.5, 2, -1.5, 1.2];
    const [gx, gs] = n.grad(f, { argnums: [0, 1] })(x, 3) as [number[], number];
    close(gx, [3, 12, 3, 3 * 1.44], 1e-12);
    close(gs, 0.5 - 1.5, 1e-12);
    const h = 1e-6;
    const fd = x.map((_, i) => ((f(x.map((v, j) => (j === i ? v + h : v)) as never, 3) as number) - (f(x.map((v, j) => (j === i ? v - h : v)) as never, 3) as number)) / (2 * h));
    close(gx, fd, 1e-6);
    close(n.jacfwd(f)(x, 3), gx, 1e-12);
    // The mask broadcast against b: b of shape (2, 1) against a of shape (2,); its cotangent is summed over the columns.
    const [ga, gb] = n.grad((a: V, b: V) => n.sum(n.where(n.gt(n.tensor([[1, -1], [-1, -1]]), 0), a, b)), { argnums: [0, 1] })(n.tensor([1, 2]), n.tensor([[1], [1]])) as n.Tensor[];
    expect([ga.toArray(), gb.toArray()]).toEqual([[1, 0], [[1], [2]]]);
    // Second order, reverse over reverse and forward over reverse.
    const H = n.hessian((v: V) => f(v, 3))(x) as number[][];
    close(H, [[0, 0, 0, 0], [0, 12, 0, 0], [0, 0, 0, 0], [0, 0, 0, 7.2]], 1e-12);
    close(n.hessian((v: V) => f(v, 3), { mode: "forward-over-reverse" })(x), H, 1e-12);
  });

  it("bad input names where and the shapes or the value at fault", () => {
    expect(() => n.where("yes" as never, 1, 2)).toThrow('where: the condition must be a boolean, a number or a mask such as gt(x, 0), got the string "yes"');
    expect(() => n.where(undefined as never, 1, 2)).toThrow("where: the condition must be a boolean, a number or a mask such as gt(x, 0), got undefined");
    expect(() => n.where(n.gt([1, 2, 3], 0), [1, 2], 0)).toThrow("where: shapes (3) and (2) cannot be broadcast");
  });
});
