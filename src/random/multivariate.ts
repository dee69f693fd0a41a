/**
 * random.multivariateNormal (JAX's `multivariate_normal`): mean + F·z with z standard normal of
 * shape `shape + [n]` and F a factor of the covariance (F·Fᵀ = cov) — its Cholesky factor by
 * default, or from eigh (V·√w) or svd (U·√s) — so the same key gives JAX's samples.
 */
import { ArgumentError, ShapeError, describeValue, fmtShape, inContext } from "../errors.js";
import * as np from "../np/index.js";
import { promoteOperands, toFloat } from "../np/coerce.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { normalCore } from "./continuous.js";
import { checkKey } from "./keys.js";
import { checkParamShapes, optionalArgs, shapeOption } from "./options.js";


/** Options of multivariateNormal (JAX's `shape`, `dtype`, `method`). */
export interface MultivariateNormalOptions {
  shape?: readonly number[];
  dtype?: "float32" | "float64";
  method?: "cholesky" | "eigh" | "svd";
}

/** The covariance factor F (F·Fᵀ = cov) by JAX's `method`. */
function factorOf(cov: Tensor, method: string): Tensor {
  if (method === "cholesky") return np.linalg.cholesky(cov);
  if (method === "eigh") {
    const [w, v] = np.linalg.eigh(cov) as unknown as [Tensor, Tensor];
    return np.multiply(v, np.expandDims(np.sqrt(w), -2));
  }
  const [u, s] = np.linalg.svd(cov) as unknown as [Tensor, Tensor];
  return np.multiply(u, np.expandDims(np.sqrt(s), -2));
}

/**
 * Samples of the multivariate normal with `mean` `[..., n]` and covariance `cov` `[..., n, n]`
 * (positive definite for "cholesky", the default; "eigh" and "svd" take semi-definite ones):
 * an array of shape `shape + [n]`, `shape` defaulting to the broadcast of the batch shapes.
 * `dtype` (default mean's float dtype) is that of the normal draws. Differentiable in mean and cov.
 * @example `random.multivariateNormal(random.key(0), [0, 0], [[1, 0], [0, 1]], [3]).shape` // [3, 2]
 */
export function multivariateNormal(k: TensorLike, mean: TensorLike, cov: TensorLike, ...rest: [shape?: readonly number[] | null, dtype?: "float32" | "float64" | null, method?: string, options?: MultivariateNormalOptions] | [options: MultivariateNormalOptions] | unknown[]): Tensor {
  const op = "random.multivariateNormal";
  return inContext(op, () => {
    const o = optionalArgs(op, ["shape", "dtype", "method"], rest);
    const key = checkKey(op, k);
    const [m0, c0] = promoteOperands(op, [mean, cov]);
    const m = toFloat(m0!), c = np.astype(c0!, toFloat(m0!).dtype);
    const method = o.method ?? "cholesky";
    if (method !== "cholesky" && method !== "eigh" && method !== "svd") {
      throw new ArgumentError(`${op}: method must be "cholesky", "eigh" or "svd"; got ${describeValue(method)}.`);
    }
    const dtype = o.dtype ?? m.dtype;
    if (dtype !== "float32" && dtype !== "float64") throw new ArgumentError(`${op}: option dtype must be "float32" or "float64"; got ${describeValue(dtype)}.`);
    if (m.ndim < 1) throw new ShapeError(`${op}: mean must have at least one axis ([..., n]); got shape ${fmtShape(m.shape)}.`);
    const n = m.shape[m.ndim - 1]!;
    if (c.ndim < 2 || c.shape[c.ndim - 1] !== n || c.shape[c.ndim - 2] !== n) {
      throw new ShapeError(`${op}: cov must be [..., ${n}, ${n}] for a mean of shape ${fmtShape(m.shape)}; got ${fmtShape(c.shape)}.`);
    }
    const mBatch = m.shape.slice(0, -1), cBatch = c.shape.slice(0, -2);
    const fallback = o.shape === undefined || o.shape === null ? np.broadcastShapes(mBatch, cBatch) : undefined;
    const shape = fallback ?? shapeOption(op, o.shape, []);
    if (fallback === undefined) checkParamShapes(op, shape, mBatch, cBatch);
    const z = normalCore(key, [...shape, n], dtype);
    const factor = factorOf(c, method);
    // einsum('...ij,...j->...i', factor, z): a batched matrix–vector product with broadcasting.
    return np.add(m, np.squeeze(np.matmul(factor, np.expandDims(z, -1)), -1));
  });
}
