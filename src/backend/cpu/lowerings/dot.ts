/**
 * The CPU lowering of dot_general (spread into src/backend/cpu/lowering.ts): two small shapes get
 * kernels of their own, the rest runs the reference kernel (the GEMM). Both give the reference
 * kernel's bits (tensor/kernels/matmul.ts, gemm.ts), which test/backend/dot-lowering.test.ts
 * checks against it:
 *   - nothing to contract (outer products, per batch): a WebAssembly SIMD loop (wasm/outer-kernel.ts),
 *     the columns past its last full vector by the reference formula `a·b + 0`;
 *   - a matrix times a vector (row-major rows, no batch): four rows at a time. The reference sums
 *     each row from 0 in depth order in float64, one row after the other, so every step waits for
 *     the previous add; four independent sums in the same order keep the bits and overlap the waits.
 * These are what per-example gradients of a linear model make: `x·w` and `s ⊗ x` (W4); at its
 * size (128 × 100, float32) the outer products take 5.8 µs instead of 16.5 and the matrix-vector
 * product 6.4 µs instead of 13. Should the reference change its order of summation, the
 * matrix-vector loop must follow it (the test compares the two bit for bit).
 */
import type { PrimitiveName } from "../../../primitives/params.js";
import type { DotDims } from "../../../tensor/kernels/matmul.js";
import { type DType, type DataArray, allocate } from "../../../tensor/dtype.js";
import { fromData } from "../../../tensor/from-js.js";
import { primitive } from "../../../primitives/table.js";
import type { AnyPrimitive } from "../../../primitives/rule-types.js";
import type { Tensor } from "../../../tensor/tensor.js";
import { OUTER_MIN_ELEMENTS, outerRows } from "../../wasm/outer-kernel.js";
import type { CpuLowering, Kernel } from "../lowering-kit.js";

/** True when `dims` is 0, 1, …, length − 1 offset by `from` (dimensions in their natural order). */
function inOrder(dims: readonly number[], from: number): boolean {
  return dims.every((d, i) => d === from + i);
}

function product(shape: readonly number[], from: number, to = shape.length): number {
  let n = 1;
  for (let i = from; i < to; i++) n *= shape[i]!;
  return n;
}

const isFloatArray = (x: DataArray, dtype: DType): x is Float32Array | Float64Array =>
  (dtype === "float32" && x instanceof Float32Array) || (dtype === "float64" && x instanceof Float64Array);

/**
 * Outer products `out[t, i, j] = a[t, i]·b[t, j]` when both operands lie as [batch…, free…] (their
 * batch dims leading, in order); undefined otherwise.
 */
function outer(a: Tensor, b: Tensor, dims: DotDims, dtype: DType): DataArray | undefined {
  const nb = dims.lhsBatch.length;
  if (dims.lhsContract.length !== 0 || !inOrder(dims.lhsBatch, 0) || !inOrder(dims.rhsBatch, 0)) return undefined;
  const A = a.concreteData();
  const B = b.concreteData();
  if (!isFloatArray(A, dtype) || !isFloatArray(B, dtype)) return undefined;
  const batch = product(a.shape, 0, nb);
  const m = product(a.shape, nb);
  const n = product(b.shape, nb);
  if (batch * m * n < OUTER_MIN_ELEMENTS) return undefined;
  const out = allocate(dtype, batch * m * n) as Float32Array | Float64Array;
  const done = outerRows(A, B, out, batch, m, n);
  if (done < 0) return undefined;
  for (let t = 0; t < batch; t++) {
    for (let i = 0; i < m; i++) {
      const x = A[t * m + i]!;
      const o = (t * m + i) * n;
      for (let j = done; j < n; j++) out[o + j] = x * B[t * n + j]! + 0;
    }
  }
  return out;
}

/**
 * A row-major [m, k] matrix (its contracted dims trailing, in order) times a vector (all of `b`
 * contracted, in order): each row's sum from 0 in depth order in float64, as the reference's
 * matrix-vector loop; undefined for other shapes.
 */
function matVec(a: Tensor, b: Tensor, dims: DotDims, dtype: DType): DataArray | undefined {
  const kDims = dims.lhsContract.length;
  if (dims.lhsBatch.length !== 0 || kDims === 0 || b.shape.length !== kDims) return undefined;
  if (!inOrder(dims.lhsContract, a.shape.length - kDims) || !inOrder(dims.rhsContract, 0)) return undefined;
  const A = a.concreteData();
  const B = b.concreteData();
  if (!isFloatArray(A, dtype) || !isFloatArray(B, dtype)) return undefined;
  const k = product(b.shape, 0);
  const m = product(a.shape, 0, a.shape.length - kDims);
  // k = 0 and empty products: the reference's zeros. One row: nothing to overlap.
  if (k === 0 || m < 4) return undefined;
  const out = allocate(dtype, m);
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const s0 = i * k;
    const s1 = s0 + k;
    const s2 = s1 + k;
    const s3 = s2 + k;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (let p = 0; p < k; p++) {
      const bp = B[p]!;
      a0 += A[s0 + p]! * bp;
      a1 += A[s1 + p]! * bp;
      a2 += A[s2 + p]! * bp;
      a3 += A[s3 + p]! * bp;
    }
    // The reference adds each sum into a zeroed accumulator: 0 + (−0) is +0.
    out[i] = 0 + a0;
    out[i + 1] = 0 + a1;
    out[i + 2] = 0 + a2;
    out[i + 3] = 0 + a3;
  }
  for (; i < m; i++) {
    let acc = 0;
    for (let p = 0, s = i * k; p < k; p++) acc += A[s + p]! * B[p]!;
    out[i] = 0 + acc;
  }
  return out;
}

const reference = (): AnyPrimitive => primitive("dot_general") as AnyPrimitive;

/** dot_general: the two shapes above, else the reference kernel. */
const dotKernel: Kernel<"dot_general"> = (inputs, params, outAvals) => {
  const [a, b] = inputs as [Tensor, Tensor];
  const o = outAvals[0]!;
  const float = (o.dtype === "float32" || o.dtype === "float64") && a.dtype === o.dtype && b.dtype === o.dtype;
  const data = float ? (outer(a, b, params.dims, o.dtype) ?? matVec(a, b, params.dims, o.dtype)) : undefined;
  if (data !== undefined) return [fromData(o.shape, o.dtype, data)];
  return reference().impl(inputs, params as never, outAvals) as Tensor[];
};

/** The lowerings of this file, by primitive. */
export const DOT_LOWERINGS: { readonly [N in Extract<PrimitiveName, "dot_general">]: CpuLowering<N> } = {
  dot_general: { kernel: dotKernel },
};
