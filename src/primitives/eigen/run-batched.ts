/**
 * The reference kernels' loop over the batch: each `[..., m, n]` operand is a run of matrices laid
 * end to end, and each kernel call fills one matrix of every output. Outputs are allocated in their
 * own dtype, so float32 results are rounded from the float64 kernels exactly once.
 */
import type { Aval } from "../../ir/types.js";
import { allocate } from "../../tensor/dtype.js";
import { fromData } from "../../tensor/from-js.js";
import { sizeOf } from "../../tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";

/**
 * Runs `kernel` on each matrix of x (row-major views) and copies its outputs into tensors of types `outs`.
 *
 * @example
 * ```ts
 * const x = np.array([[[2, 5], [0, 1]], [[4, 0], [7, 3]]], { dtype: "float64" });
 * const [trace] = runBatched(x, [{ shape: [2], dtype: "float64" }], (a) => [[a[0]! + a[3]!]]);
 * trace.toArray(); // [3, 7]
 * ```
 */
export function runBatched(
  x: Tensor, outs: readonly Aval[],
  kernel: (a: Float64Array, m: number, n: number) => readonly ArrayLike<number>[],
): Tensor[] {
  const [m, n] = x.shape.slice(-2) as [number, number];
  const count = sizeOf(x.shape.slice(0, -2));
  const src = x.concreteData();
  const per = outs.map((o) => sizeOf(o.shape.slice(x.ndim - 2)));
  const data = outs.map((o) => allocate(o.dtype, sizeOf(o.shape)));
  const a = new Float64Array(m * n);
  for (let b = 0; b < count; b++) {
    for (let i = 0; i < m * n; i++) a[i] = src[b * m * n + i] as number;
    const results = kernel(a, m, n);
    results.forEach((r, k) => {
      const dst = data[k]!, size = per[k]!;
      for (let i = 0; i < size; i++) dst[b * size + i] = r[i]!;
    });
  }
  return outs.map((o, k) => fromData(o.shape, o.dtype, data[k]!));
}
