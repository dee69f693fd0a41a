/**
 * random.orthogonal: Haar-distributed orthogonal matrices from a QR of a normal matrix, as JAX
 * (Mezzadri's sign correction: Q's columns times the signs of R's diagonal), bit for bit JAX's
 * normal draws followed by the same Householder QR.
 */
import { ArgumentError, describeValue, inContext } from "../errors.js";
import { diagonal, mT } from "../primitives/eigen/matrix.js";
import { qr } from "../primitives/eigen/ops.js";
import * as ops from "../primitives/ops.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { normalCore } from "./continuous.js";
import { checkKey } from "./keys.js";
import { floatDType, optionalArgs, shapeOption } from "./options.js";

const sizeArg = (op: string, name: string, v: unknown): number => {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
    throw new ArgumentError(`${op}: ${name} must be a non-negative integer (a matrix dimension); got ${describeValue(v)}.`);
  }
  return v;
};

/**
 * Samples of `[...shape, n, m]` matrices with orthonormal columns (m ≤ n) or rows (m > n), uniform
 * (Haar) over them, as JAX's `random.orthogonal(key, n, shape, dtype, m)`; `m` defaults to `n`
 * (square orthogonal matrices).
 *
 * @example
 * ```ts
 * random.orthogonal(random.key(0), 3).shape; // [3, 3]
 * random.orthogonal(random.key(0), 2, { shape: [4], m: 5 }).shape; // [4, 2, 5]
 * ```
 */
export function orthogonal(k: TensorLike, n: number, ...rest: unknown[]): Tensor {
  const op = "random.orthogonal";
  const o = optionalArgs(op, ["shape", "dtype", "m"], rest);
  const key = checkKey(op, k);
  const rows = sizeArg(op, "n", n);
  const cols = o.m === undefined || o.m === null ? rows : sizeArg(op, "m", o.m);
  const shape = shapeOption(op, o.shape, []);
  const dtype = floatDType(op, o.dtype);
  return inContext(op, () => {
    const z = normalCore(key, [...shape, Math.max(rows, cols), Math.min(rows, cols)], dtype);
    const [q, r] = qr(z, { fullMatrices: false });
    const signs = ops.unaryOp("sign", diagonal(r));
    const x = ops.mul(q, ops.broadcastInDim(signs, q.shape, [...shape.map((_, i) => i), q.ndim - 1]));
    return rows < cols ? mT(x) : x;
  });
}
