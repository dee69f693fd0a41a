/**
 * W10: the spectral decompositions in float64 — eigh of a 256×256 symmetric matrix and
 * the reduced SVD of a 256×256 matrix, vectors included — fluxion eager and jit against
 * @jax-js/jax's `numpy.linalg.eigh` / `svd` (TensorFlow.js has no linear algebra). Vectors are
 * defined up to sign, so each engine returns the values followed by the absolute values of the
 * vectors, checked against a textbook cyclic-Jacobi reference computed here. numpy's time for the
 * same ops on the same machine: `python3 bench/numpy-linalg-spectral.py`.
 */
import { prng } from "../data.js";
import { fluxionEngines } from "../engines/fluxion.js";
import { jaxEngines } from "../engines/jax.js";
import { xlaEngine } from "../engines/xla.js";
import { defineWorkload, type Workload } from "../harness.js";

interface MatrixInputs {
  n: number;
  /** Row-major float64, entries uniform in (−1, 1) (symmetrised for eigh). */
  a: Float64Array;
}

function inputs(n: number, symmetric: boolean): MatrixInputs {
  const next = prng(symmetric ? 101 : 103);
  const a = Float64Array.from({ length: n * n }, () => 2 * next() - 1);
  if (symmetric) for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j]!;
  return { n, a };
}

/** Cyclic Jacobi on a symmetric matrix: ascending eigenvalues and the eigenvectors (columns). */
function jacobiEigen(a0: Float64Array, n: number): { w: Float64Array; v: Float64Array } {
  const a = Float64Array.from(a0);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!, akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!, aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!, vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i * n + i]! - a[j * n + j]!);
  const w = Float64Array.from(order, (i) => a[i * n + i]!);
  const vs = new Float64Array(n * n);
  for (let k = 0; k < n; k++) order.forEach((src, col) => (vs[k * n + col] = v[k * n + src]!));
  return { w, v: vs };
}

/** w followed by |V|, row-major. */
function eighRef({ n, a }: MatrixInputs): Float64Array {
  const { w, v } = jacobiEigen(a, n);
  return Float64Array.from([...w, ...Array.from(v, Math.abs)]);
}

/** s (descending) followed by |U|: the eigen-decomposition of AᵀA = V·S²·Vᵀ, then U = A·V·S⁻¹. */
function svdRef({ n, a }: MatrixInputs): Float64Array {
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += a[k * n + i]! * a[k * n + j]!;
    g[i * n + j] = s;
  }
  const { w, v } = jacobiEigen(g, n);
  const s = Float64Array.from(w, (x) => Math.sqrt(Math.max(x, 0))).reverse();
  const u = new Float64Array(n * n);
  for (let col = 0; col < n; col++) {
    const src = n - 1 - col;
    for (let i = 0; i < n; i++) {
      let x = 0;
      for (let k = 0; k < n; k++) x += a[i * n + k]! * v[k * n + src]!;
      u[i * n + col] = Math.abs(x / s[col]!);
    }
  }
  return Float64Array.from([...s, ...u]);
}

/** jax-js checks `instanceof Float16Array` before Float64Array, a global Node 20 lacks; a stand-in class no array is an instance of lets its float64 arrays through. */
function float16Standin(): void {
  const g = globalThis as { Float16Array?: unknown };
  g.Float16Array ??= class Float16Standin {};
}

const concat = (xs: ArrayLike<number>[]): Float64Array => Float64Array.from(xs.flatMap((x) => Array.from(x)));

const N = 256;

const eigh: Workload = defineWorkload<MatrixInputs>({
  id: "W10-eigh",
  title: `eigh float64 ${N}×${N} (values and vectors)`,
  unit: "ms",
  tolerance: 1e-8,
  inputs: () => inputs(N, true),
  reference: eighRef,
  engines: [
    ...fluxionEngines<MatrixInputs, [import("../engines/fluxion.js").FxTensor], [import("../engines/fluxion.js").FxTensor, import("../engines/fluxion.js").FxTensor]>({
      args: (fx, { n, a }) => [fx.np.array(a, { dtype: "float64" }).reshape([n, n])],
      fn: (fx) => (a) => {
        const { eigenvalues, eigenvectors } = fx.np.linalg.eigh(a);
        return [eigenvalues, fx.np.abs(eigenvectors)];
      },
      read: ([w, v]) => concat([w.data() as Float64Array, v.data() as Float64Array]),
    }),
    ...jaxEngines<MatrixInputs, import("../engines/jax.js").JaxArray[], import("../engines/jax.js").JaxArray[]>({
      args: (jax, { n, a }) => {
        float16Standin();
        return [jax.numpy.array(a, { shape: [n, n], dtype: jax.DType.Float64 })];
      },
      fn: (jax) => (a) => {
        const [w, v] = jax.numpy.linalg.eigh(a);
        return [w, jax.numpy.abs(v)];
      },
      read: (out) => concat((out as import("../engines/jax.js").JaxArray[]).map((x) => x.dataSync() as Float64Array)),
    }),
    xlaEngine<MatrixInputs>({ workload: "W10-eigh", args: ({ n, a }) => [{ data: a, shape: [n, n] }], params: { n: N }, read: concat }),
  ],
});

const svd: Workload = defineWorkload<MatrixInputs>({
  id: "W10-svd",
  title: `svd float64 ${N}×${N} (reduced, values and vectors)`,
  unit: "ms",
  tolerance: 1e-7,
  inputs: () => inputs(N, false),
  reference: svdRef,
  engines: [
    ...fluxionEngines<MatrixInputs, [import("../engines/fluxion.js").FxTensor], [import("../engines/fluxion.js").FxTensor, import("../engines/fluxion.js").FxTensor]>({
      args: (fx, { n, a }) => [fx.np.array(a, { dtype: "float64" }).reshape([n, n])],
      fn: (fx) => (a) => {
        const { U, S } = fx.np.linalg.svd(a, { fullMatrices: false });
        return [S, fx.np.abs(U)];
      },
      read: ([s, u]) => concat([s.data() as Float64Array, u.data() as Float64Array]),
    }),
    ...jaxEngines<MatrixInputs, import("../engines/jax.js").JaxArray[], import("../engines/jax.js").JaxArray[]>({
      args: (jax, { n, a }) => {
        float16Standin();
        return [jax.numpy.array(a, { shape: [n, n], dtype: jax.DType.Float64 })];
      },
      fn: (jax) => (a) => {
        const [u, s, vt] = jax.numpy.linalg.svd(a, { fullMatrices: false });
        vt.dispose();
        return [s, jax.numpy.abs(u)];
      },
      read: (out) => concat((out as import("../engines/jax.js").JaxArray[]).map((x) => x.dataSync() as Float64Array)),
    }),
    xlaEngine<MatrixInputs>({ workload: "W10-svd", args: ({ n, a }) => [{ data: a, shape: [n, n] }], params: { n: N }, read: concat }),
  ],
});

const workloads: Workload[] = [eigh, svd];
export default workloads;
