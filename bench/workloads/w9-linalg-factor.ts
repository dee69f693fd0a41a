/**
 * W9: the factorisations in float64 — Cholesky of a 256×256 symmetric positive-definite
 * matrix and the solve of a 256×256 system (LU with partial pivoting) for one right-hand side —
 * fluxion eager and jit against @jax-js/jax's `numpy.linalg.cholesky` / `solve` (TensorFlow.js has
 * no linear algebra). Every engine is checked against a float64 reference computed here. numpy's
 * time for the same ops on the same machine: `python3 bench/numpy-linalg.py`.
 */
import { prng } from "../data.js";
import { fluxionEngines } from "../engines/fluxion.js";
import { jaxEngines } from "../engines/jax.js";
import { xlaEngine } from "../engines/xla.js";
import { defineWorkload, type Workload } from "../harness.js";

interface SystemInputs {
  n: number;
  /** A = M·Mᵀ/n + I, row-major float64 (symmetric positive definite, well conditioned). */
  a: Float64Array;
  /** A right-hand side with entries uniform in (−1, 1). */
  b: Float64Array;
}

function inputs(n: number): SystemInputs {
  const next = prng(91);
  const m = Float64Array.from({ length: n * n }, () => 2 * next() - 1);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += m[i * n + k]! * m[j * n + k]!;
      a[i * n + j] = a[j * n + i] = s / n + (i === j ? 1 : 0);
    }
  }
  return { n, a, b: Float64Array.from({ length: n }, () => 2 * next() - 1) };
}

/** Textbook Cholesky in float64 (zeros above the diagonal). */
function choleskyRef({ n, a }: SystemInputs): Float64Array {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= l[j * n + k]! ** 2;
    l[j * n + j] = Math.sqrt(d);
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = s / l[j * n + j]!;
    }
  }
  return l;
}

/** Gaussian elimination with partial pivoting in float64. */
function solveRef({ n, a, b }: SystemInputs): Float64Array {
  const m = Float64Array.from(a), x = Float64Array.from(b);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i * n + k]!) > Math.abs(m[p * n + k]!)) p = i;
    for (let j = 0; j < n; j++) [m[k * n + j], m[p * n + j]] = [m[p * n + j]!, m[k * n + j]!];
    [x[k], x[p]] = [x[p]!, x[k]!];
    for (let i = k + 1; i < n; i++) {
      const f = m[i * n + k]! / m[k * n + k]!;
      for (let j = k; j < n; j++) m[i * n + j]! -= f * m[k * n + j]!;
      x[i]! -= f * x[k]!;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let j = i + 1; j < n; j++) s -= m[i * n + j]! * x[j]!;
    x[i] = s / m[i * n + i]!;
  }
  return x;
}

/** jax-js checks `instanceof Float16Array` before Float64Array, a global Node 20 lacks; a stand-in class no array is an instance of lets its float64 arrays through. */
function float16Standin(): void {
  const g = globalThis as { Float16Array?: unknown };
  g.Float16Array ??= class Float16Standin {};
}

const N = 256;

const cholesky: Workload = defineWorkload<SystemInputs>({
  id: "W9-cholesky",
  title: `cholesky float64 ${N}×${N}`,
  unit: "ms",
  tolerance: 1e-9,
  inputs: () => inputs(N),
  reference: choleskyRef,
  engines: [
    ...fluxionEngines<SystemInputs>({
      args: (fx, { n, a }) => [fx.np.array(a, { dtype: "float64" }).reshape([n, n])],
      fn: (fx) => (a) => fx.np.linalg.cholesky(a),
    }),
    ...jaxEngines<SystemInputs>({
      args: (jax, { n, a }) => {
        float16Standin();
        return [jax.numpy.array(a, { shape: [n, n], dtype: jax.DType.Float64 })];
      },
      fn: (jax) => (a) => jax.numpy.linalg.cholesky(a),
    }),
    xlaEngine<SystemInputs>({ workload: "W9-cholesky", args: ({ n, a }) => [{ data: a, shape: [n, n] }], params: { n: N } }),
  ],
});

const solve: Workload = defineWorkload<SystemInputs>({
  id: "W9-solve",
  title: `solve float64 ${N}×${N}, one right-hand side`,
  unit: "ms",
  tolerance: 1e-9,
  inputs: () => inputs(N),
  reference: solveRef,
  engines: [
    ...fluxionEngines<SystemInputs>({
      args: (fx, { n, a, b }) => [fx.np.array(a, { dtype: "float64" }).reshape([n, n]), fx.np.array(b, { dtype: "float64" })],
      fn: (fx) => (a, b) => fx.np.linalg.solve(a, b),
    }),
    ...jaxEngines<SystemInputs>({
      args: (jax, { n, a, b }) => {
        float16Standin();
        return [jax.numpy.array(a, { shape: [n, n], dtype: jax.DType.Float64 }), jax.numpy.array(b, { dtype: jax.DType.Float64 })];
      },
      fn: (jax) => (a, b) => jax.numpy.linalg.solve(a, b),
    }),
    xlaEngine<SystemInputs>({ workload: "W9-solve", args: ({ n, a, b }) => [{ data: a, shape: [n, n] }, { data: b, shape: [n] }], params: { n: N } }),
  ],
});

const workloads: Workload[] = [cholesky, solve];
export default workloads;
