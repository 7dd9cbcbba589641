import { describe, expect, it } from "vitest";
import * as n from "../../src/index";
import { Tensor } from "../../src/tensor/tensor";

/*
 * Tensor operations inside second- and third-order derivatives: selection (where, element,
 * pack, index, slice, concat, stack), kinks (maximum, clip, max), the ML reductions
 * (logsumexp, softmax, logSoftmax), norms with axes and the decompositions (eigh, svd, qr,
 * cholesky). The Hessian in both of hessian's modes, by forward over forward and reverse over
 * forward, against central differences of the gradient; its derivative, by jacfwd and jacrev
 * of hessian, against central differences of the Hessian.
 */
type V = n.Value;
const flat = (v: unknown): number[] => (typeof v === "number" ? [v] : v instanceof Tensor ? Array.from(v.data) : (v as unknown[]).flatMap(flat));

/** ∂D/∂xⱼ by central differences with one Richardson step, in numerator layout (j last). */
function differencesOf(D: (x: Tensor) => number[], x: number[], h = 1e-3): number[] {
  const columns = x.map((_, j) => {
    const at = (step: number) => {
      const plus = x.slice();
      const minus = x.slice();
      plus[j] += step;
      minus[j] -= step;
      const dm = D(n.tensor(minus));
      return D(n.tensor(plus)).map((p, i) => (p - dm[i]) / (2 * step));
    };
    const coarse = at(2 * h);
    return at(h).map((fine, i) => (4 * fine - coarse[i]) / 3);
  });
  return columns[0].flatMap((_, i) => columns.map((c) => c[i]));
}

function expectClose(actual: number[], expected: number[], tol: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  const scale = Math.max(1, ...expected.map(Math.abs));
  const gap = Math.max(...actual.map((a, i) => Math.abs(a - expected[i])));
  expect(gap, `${what}: ${actual} against ${expected}`).toBeLessThan(tol * scale);
}

const x3 = [0.3, -1.2, 0.8];
const x6 = [0.3, -1.2, 0.8, 1.1, 0.4, -0.5];
/** A 2×2 symmetric positive semi-definite matrix from six numbers: AAᵀ for A of shape (2×3). */
const gram = (t: V): V => {
  const A = n.reshape(t, [2, 3]);
  return n.matmul(A, n.transpose(A));
};

const cases: [string, (t: V) => V, number[]][] = [
  ["where", (t) => n.sum(n.where(n.gt(t, 0), n.mul(t, n.mul(t, t)), n.sin(t))), x3],
  ["element", (t) => n.mul(n.mul(n.element(t, 0), n.element(t, 1)), n.exp(n.element(t, 2))), x3],
  ["pack", (t) => { const v = n.pack([n.mul(n.element(t, 0), n.element(t, 1)), n.sin(n.element(t, 2)), n.element(t, 0)], [3]); return n.sum(n.mul(v, n.mul(v, v))); }, x3],
  ["index with steps", (t) => n.sum(n.mul(n.index(t, [[0, 3, 2]]), n.exp(n.index(t, [[2, 0, -2]])))), x3],
  ["slice, concat, stack", (t) => { const c = n.stack([n.concat([n.slice(t, 0, 2), n.sin(n.slice(t, 2, 3))]), n.exp(t)]); return n.sum(n.mul(c, n.mul(c, c))); }, x3],
  ["maximum, clip", (t) => n.sum(n.mul(n.clip(n.maximum(t, n.mul(t, t)), -1, 0.5), n.mul(t, t))), x3],
  ["max, min", (t) => n.mul(n.max(t), n.min(n.mul(t, t))), x6],
  ["logsumexp", (t) => n.logsumexp(n.mul(t, t)), x3],
  ["logsumexp along an axis", (t) => n.sum(n.exp(n.logsumexp(n.reshape(t, [2, 3]), 1))), x6],
  ["softmax", (t) => n.sum(n.mul(n.softmax(t), n.mul(t, t))), x3],
  ["softmax along axis 0", (t) => n.sum(n.mul(n.softmax(n.reshape(t, [2, 3]), 0), n.reshape(t, [2, 3]))), x6],
  ["logSoftmax", (t) => n.sum(n.mul(n.logSoftmax(t), n.mul(t, t))), x3],
  ["norm", (t) => n.norm(n.mul(t, n.sin(t))), x3],
  ["norm, ord 3", (t) => n.norm(t, 3), x3],
  ["norm of the rows", (t) => n.sum(n.norm(n.reshape(t, [2, 3]), 2, 1)), x6],
  ["norm of the columns, keepDims, normalising", (t) => { const X = n.reshape(t, [2, 3]); return n.sum(n.mul(n.div(X, n.norm(X, 2, 0, true)), n.tensor([[1, 2, 3], [4, 5, 6]]))); }, x6],
  ["norm of a batch of matrices, axes [1, 2]", (t) => n.sum(n.norm(n.reshape(t, [1, 2, 3]), 2, [1, 2])), x6],
  ["nuclear norm", (t) => n.norm(n.reshape(t, [2, 3]), "nuc"), x6],
  ["spectral norm", (t) => n.norm(n.reshape(t, [2, 3]), 2), x6],
  ["eigh: eigenvalues", (t) => n.sum(n.mul(n.eigh(gram(t)).values, n.tensor([1, 3]))), x6],
  ["eigh: a projector onto an eigenvector", (t) => { const v = n.index(n.eigh(gram(t)).vectors, [null, 0]); return n.sum(n.mul(n.outer(v, v), n.tensor([[1, 2], [3, 4]]))); }, x6],
  ["svd: singular values cubed", (t) => { const { s } = n.svd(n.reshape(t, [2, 3])); return n.sum(n.mul(s, n.mul(s, s))); }, x6],
  ["svd: the polar factor UVᵀ", (t) => { const { U, V: W } = n.svd(n.reshape(t, [2, 3])); return n.sum(n.mul(n.matmul(U, n.transpose(W)), n.tensor([[1, 2, 3], [4, 5, 6]]))); }, x6],
  ["qr: R", (t) => n.sum(n.mul(n.qr(n.reshape(t, [3, 2])).R, n.tensor([[1, 2], [0, 3]]))), x6],
  ["cholesky", (t) => { const L = n.cholesky(n.add(gram(t), n.eye(2))); return n.sum(n.mul(L, n.mul(L, L))); }, x6],
  ["slogdet", (t) => n.slogdet(n.reshape(n.concat([t, n.tensor([1, 2, 3])]), [3, 3])).logAbsDet as V, x6],
  ["solve", (t) => n.sum(n.solve(n.add(gram(t), n.eye(2)), n.reshape(n.slice(t, 0, 4), [2, 2]))), x6],
];

describe("tensor operations inside second- and third-order derivatives", () => {
  it.each(cases)("%s: the Hessian in every mode = central differences of the gradient", (_name, f, x) => {
    const X = n.tensor(x);
    const rr = flat(n.hessian(f)(X));
    expectClose(flat(n.hessian(f, { mode: "forward-over-reverse" })(X)), rr, 1e-10, "forward over reverse");
    expectClose(flat(n.jacfwd(n.jacfwd(f))(X)), rr, 1e-10, "forward over forward");
    expectClose(flat(n.jacrev(n.jacfwd(f))(X)), rr, 1e-10, "reverse over forward");
    expectClose(flat(n.jacrev(n.jacrev(f))(X)), rr, 1e-10, "reverse over reverse, by jacrev");
    expectClose(rr, differencesOf((p) => flat(n.grad(f)(p)), x), 1e-8, "central differences of the gradient");
  });

  it.each(cases.filter(([name]) => /where|pack|softmax|norm of the rows|eigh: eigen|svd: sing|cholesky|solve/.test(name)))(
    "%s: the third derivative, jacfwd and jacrev of hessian in both modes = central differences of the Hessian",
    (_name, f, x) => {
      const X = n.tensor(x);
      const third = flat(n.jacfwd((t: V) => n.hessian(f)(t))(X));
      expectClose(flat(n.jacrev((t: V) => n.hessian(f)(t))(X)), third, 1e-9, "reverse over reverse over reverse");
      expectClose(flat(n.jacfwd((t: V) => n.hessian(f, { mode: "forward-over-reverse" })(t))(X)), third, 1e-9, "forward over forward over reverse");
      expectClose(third, differencesOf((p) => flat(n.hessian(f)(p)), x), 1e-6, "central differences of the Hessian");
    },
  );
});
