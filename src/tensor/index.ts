/** The public tensor API: creation, shapes, reductions, products, linear algebra, ML. */
export { tensor, zeros, ones, full, eye, arange, linspace, fromFunction, rand, randn } from "./create";
export { reshape, transpose } from "../ops/tensor/layout";
export { sum, mean } from "../ops/tensor/reduce";
export { matmul, dot, outer } from "../ops/tensor/matmul";
export { inv, det, logdet, slogdet, solve, trace } from "../ops/tensor/linalg";
export { norm, type NormOrder } from "../ops/tensor/norm";
export { logsumexp, softmax, logSoftmax, mse, scale } from "../ops/tensor/ml";
export { pack, element } from "../ops/pack";
export { broadcastTo, sumToShape } from "../ops/broadcast";
export { shape } from "../ops/tensor/shape";
export { slice } from "../ops/tensor/slice";
export { max, min, argmax, argmin } from "../ops/tensor/extremes";
export { concat, stack } from "../ops/tensor/concat";
export { diag } from "../ops/tensor/diag";
export { kron, vec, unvec } from "../ops/tensor/kron";
export { cholesky, qr, eigh, svd } from "../ops/tensor/decompositions";
export { index, type IndexSpec } from "../ops/tensor/index";
export { where } from "../ops/tensor/where";
