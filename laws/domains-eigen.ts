/**
 * Test domains of the orthogonal decompositions (qr, eigh, svd) (spread into laws/domains.ts).
 *
 * The derivative laws compare raw outputs with central differences, so a domain must make every
 * output a continuous function of its input within a step of the draw. What can jump:
 * - eigh and svd: the pairing of vectors with values (at equal values) and each vector's sign. The
 *   kernels make a vector's entry of largest magnitude positive, so the domain builds
 *   A = Q·diag(λ)·Qᵀ (svd: U·diag(s)·Vᵀ) with Q a product of Givens rotations by at most 0.3 rad:
 *   column i of Q stays close to e_i, its largest entry is i (far from a tie), and the values are
 *   spread at least 1 apart, in the order the kernel sorts them. Repeated values (where JAX's
 *   derivative is ∞/NaN) are pinned against JAX in test/lax/linalg-spectral.test.ts instead.
 * - qr: Householder's sign choice flips where a pivot crosses 0, so A = c·I + small entries with
 *   |c| ≥ 2 on the diagonal.
 * - svd with fullMatrices on a non-square matrix has no derivative (NonDifferentiableError, as
 *   JAX), so fullMatrices is drawn only for square matrices; its non-square values are checked
 *   against JAX in the tests.
 * The special-values law gets raw draws (NaN, ±∞ …): the kernels return NaNs for them, no hang.
 */
import * as fc from "fast-check";
import type { EigenParams } from "../src/primitives/eigen/params.js";
import type { DType } from "../src/tensor/dtype.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { FLOAT_DTYPES, type Values, dtypeArb, makeTensor, sizeOfShape, tensorArb } from "./arbitraries.js";
import type { Case, Domain } from "./domains.js";

/** Uniform on [min, max] on a grid of 2^20 points (fast-check's doubles favour the ends). */
const uniformArb = (min: number, max: number): fc.Arbitrary<number> => fc.integer({ min: 0, max: 2 ** 20 }).map((k) => min + ((max - min) * k) / 2 ** 20);

/** Leading batch dims: none, or one or two of size 1–2. */
const batchArb: fc.Arbitrary<number[]> = fc.oneof(fc.constant<number[]>([]), fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 1, maxLength: 2 }));

/** A row-major n×n orthogonal matrix near I: Givens rotations of every pair by angles in [−0.3, 0.3]. */
function nearIdentityArb(n: number): fc.Arbitrary<number[]> {
  const pairs = (n * (n - 1)) / 2;
  return fc.array(uniformArb(-0.3, 0.3), { minLength: pairs, maxLength: pairs }).map((angles) => {
    const q: number[] = Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0));
    let a = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const c = Math.cos(angles[a]!), s = Math.sin(angles[a++]!);
        for (let r = 0; r < n; r++) {
          const x = q[r * n + i]!, y = q[r * n + j]!;
          q[r * n + i] = c * x - s * y;
          q[r * n + j] = s * x + c * y;
        }
      }
    }
    return q;
  });
}

/** Values spread at least 1 apart, ascending: v_i = start + Σ gaps. */
function spreadArb(k: number, start: fc.Arbitrary<number>): fc.Arbitrary<number[]> {
  return fc.tuple(start, fc.array(uniformArb(1, 2.5), { minLength: k, maxLength: k })).map(([s0, gaps]) => {
    let acc = s0;
    return gaps.map((g, i) => (i === 0 ? acc : (acc += g)));
  });
}

/** P·diag(d)·Rᵀ for row-major P (m×m), R (n×n) and d (min(m, n)). */
function compose(p: readonly number[], d: readonly number[], r: readonly number[], m: number, n: number): number[] {
  const out = new Array<number>(m * n).fill(0);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let k = 0; k < d.length; k++) out[i * n + j] += p[i * m + k]! * d[k]! * r[j * n + k]!;
  return out;
}

/** A batch of matrices, each drawn by `one`, as a tensor of `dtype`. */
function batchOf(batch: readonly number[], m: number, n: number, dtype: DType, one: fc.Arbitrary<number[]>): fc.Arbitrary<Tensor> {
  const count = sizeOfShape(batch);
  return fc.array(one, { minLength: count, maxLength: count }).map((ms) => makeTensor([...batch, m, n], dtype, ms.flat()));
}

/** Q·diag(λ)·Qᵀ with λ ascending, ≥ 1 apart. */
const symmetricArb = (n: number): fc.Arbitrary<number[]> =>
  fc.tuple(nearIdentityArb(n), spreadArb(n, uniformArb(-4, 0))).map(([q, w]) => compose(q, w, q, n, n));

/** U·diag(s)·Vᵀ with s descending, ≥ 1 apart, ≥ 1. */
const spreadSingularArb = (m: number, n: number): fc.Arbitrary<number[]> =>
  fc.tuple(nearIdentityArb(m), spreadArb(Math.min(m, n), uniformArb(1, 2)), nearIdentityArb(n)).map(([u, s, v]) => compose(u, [...s].reverse(), v, m, n));

/** c·I (c of either sign, |c| in [2, 4]) plus entries in [−0.5, 0.5]. */
const diagonallyDominantArb = (m: number, n: number): fc.Arbitrary<number[]> =>
  fc.tuple(fc.array(fc.tuple(fc.boolean(), uniformArb(2, 4)), { minLength: Math.min(m, n), maxLength: Math.min(m, n) }), fc.array(uniformArb(-0.5, 0.5), { minLength: m * n, maxLength: m * n }))
    .map(([diag, noise]) => noise.map((x, k) => {
      const i = Math.floor(k / n), j = k % n;
      return i === j ? x + (diag[i]![0] ? 1 : -1) * diag[i]![1] : x;
    }));

/** Raw draws of `v` for the special-values law, structured draws otherwise. */
function matrices(v: Values, batch: readonly number[], m: number, n: number, dtype: DType, structured: fc.Arbitrary<number[]>): fc.Arbitrary<Tensor> {
  return v.special ? tensorArb([...batch, m, n], dtype, v) : batchOf(batch, m, n, dtype, structured);
}

const dim = fc.integer({ min: 1, max: 4 });

function eighCases(v: Values): fc.Arbitrary<Case<"eigh">> {
  return fc.tuple(batchArb, dim, dtypeArb(FLOAT_DTYPES), fc.boolean()).chain(([batch, n, dtype, lower]) =>
    matrices(v, batch, n, n, dtype, symmetricArb(n)).map((x) => ({ name: "eigh" as const, inputs: [x], params: { lower, sortEigenvalues: true } })),
  );
}

function svdCases(v: Values): fc.Arbitrary<Case<"svd">> {
  return fc.tuple(batchArb, dim, dim, dtypeArb(FLOAT_DTYPES), fc.boolean(), fc.boolean()).chain(([batch, m, n, dtype, full, computeUv]) =>
    matrices(v, batch, m, n, dtype, spreadSingularArb(m, n)).map((x) => ({
      name: "svd" as const,
      inputs: [x],
      params: { fullMatrices: full && m === n, computeUv },
    })),
  );
}

function qrCases(v: Values): fc.Arbitrary<Case<"qr">> {
  return fc.tuple(batchArb, dim, dim, dtypeArb(FLOAT_DTYPES), fc.boolean()).chain(([batch, m, n, dtype, fullMatrices]) =>
    matrices(v, batch, m, n, dtype, diagonallyDominantArb(m, n)).map((x) => ({ name: "qr" as const, inputs: [x], params: { fullMatrices } })),
  );
}

/** Another example of the same shape for the batching laws: a fresh structured draw (shuffling would break the structure). */
function redraw<N extends keyof EigenParams>(one: (m: number, n: number) => fc.Arbitrary<number[]>) {
  return (c: Case<N>): fc.Arbitrary<readonly Tensor[]> => {
    const x = c.inputs[0]!;
    const [m, n] = x.shape.slice(-2) as [number, number];
    return batchOf(x.shape.slice(0, -2), m, n, x.dtype, one(m, n)).map((t) => [t]);
  };
}

/** One domain per primitive of this area. */
export const eigenDomains: { readonly [N in keyof EigenParams]: Domain<N> } = {
  qr: { cases: qrCases, resample: redraw<"qr">(diagonallyDominantArb) },
  eigh: { cases: eighCases, resample: redraw<"eigh">((_m, n) => symmetricArb(n)) },
  svd: { cases: svdCases, resample: redraw<"svd">(spreadSingularArb) },
};
