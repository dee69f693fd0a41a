/**
 * W6: float32 matrix multiplication, n×n by n×n, reported in GFLOP/s (2n³ FLOPs per run), at
 * n = 256, 512 and 2048 (the size issue 13 names for the memory cliff). Every engine multiplies the same two uniform(−1, 1) matrices and is
 * checked against a float64 product.
 */
import { uniformF32 } from "../data.js";
import { fluxionEngines } from "../engines/fluxion.js";
import { jaxEngines } from "../engines/jax.js";
import { tfjsEngines } from "../engines/tfjs.js";
import { xlaEngine } from "../engines/xla.js";
import { defineWorkload, type Workload } from "../harness.js";

interface MatmulInputs {
  n: number;
  a: Float32Array;
  b: Float32Array;
}

/** The float64 reference product (i-k-j order: streams rows of b, cache-friendly). */
function matmulF64({ n, a, b }: MatmulInputs): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k];
      const bk = k * n;
      const ci = i * n;
      for (let j = 0; j < n; j++) c[ci + j] += aik * b[bk + j];
    }
  }
  return c;
}

/**
 * A good plain-JS matmul: B transposed once so both operands stream along k, and a 4×2 tile
 * of C kept in local variables (registers), which V8 compiles to scalar double FMAs-by-parts.
 * About 3× faster than the naive i-k-j loop; accumulates in float64 (JS numbers), rounds once.
 * Needs n divisible by 4.
 */
function matmulJs(a: Float32Array, b: Float32Array, n: number): Float32Array {
  const bt = new Float32Array(n * n);
  for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) bt[j * n + k] = b[k * n + j];
  const c = new Float32Array(n * n);
  for (let i = 0; i < n; i += 4) {
    const a0 = i * n, a1 = a0 + n, a2 = a1 + n, a3 = a2 + n;
    for (let j = 0; j < n; j += 2) {
      const b0 = j * n, b1 = b0 + n;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
      for (let k = 0; k < n; k++) {
        const y0 = bt[b0 + k], y1 = bt[b1 + k];
        let x = a[a0 + k];
        s00 += x * y0; s01 += x * y1;
        x = a[a1 + k];
        s10 += x * y0; s11 += x * y1;
        x = a[a2 + k];
        s20 += x * y0; s21 += x * y1;
        x = a[a3 + k];
        s30 += x * y0; s31 += x * y1;
      }
      c[a0 + j] = s00; c[a0 + j + 1] = s01;
      c[a1 + j] = s10; c[a1 + j + 1] = s11;
      c[a2 + j] = s20; c[a2 + j + 1] = s21;
      c[a3 + j] = s30; c[a3 + j + 1] = s31;
    }
  }
  return c;
}

/** The W6 workload at size n. */
function matmulWorkload(n: number): Workload {
  return defineWorkload<MatmulInputs>({
    id: `W6-${n}`,
    title: `matmul float32 ${n}×${n}×${n}`,
    unit: "GFLOP/s",
    work: 2 * n ** 3,
    // Float32 accumulation over n terms of size ≤ 1: typical error ~1e-5, worst case ~1e-3.
    tolerance: 1e-3,
    inputs: () => ({ n, a: uniformF32(n * n, 61), b: uniformF32(n * n, 62) }),
    reference: matmulF64,
    engines: [
      ...fluxionEngines<MatmulInputs>({
        args: (fx, { a, b }) => [
          fx.np.array(a, { dtype: "float32" }).reshape([n, n]),
          fx.np.array(b, { dtype: "float32" }).reshape([n, n]),
        ],
        fn: (fx) => (a, b) => fx.np.matmul(a, b),
      }),
      {
        name: "hand JS (Float32Array)",
        group: "js",
        setup: async ({ a, b }) => ({ run: () => matmulJs(a, b, n) }),
      },
      ...jaxEngines<MatmulInputs>({
        args: (jax, { a, b }) => [jax.numpy.array(a, { shape: [n, n] }), jax.numpy.array(b, { shape: [n, n] })],
        fn: (jax) => (a, b) => jax.numpy.matmul(a, b),
      }),
      ...tfjsEngines<MatmulInputs>({
        args: (tf, { a, b }) => [tf.tensor2d(a, [n, n]), tf.tensor2d(b, [n, n])],
        fn: (tf) => (a, b) => tf.matMul(a, b),
      }),
      xlaEngine<MatmulInputs>({ workload: "W6", args: ({ a, b }) => [{ data: a, shape: [n, n] }, { data: b, shape: [n, n] }], params: { n } }),
    ],
  });
}

/** W6 at n = 256, 512 and 2048 (its float64 reference takes ~10 s of JS in each child process). */
const workloads: Workload[] = [matmulWorkload(256), matmulWorkload(512), matmulWorkload(2048)];
export default workloads;
