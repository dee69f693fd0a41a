/**
 * Test domains of the matrix factorisations and solves (spread into laws/domains.ts). Inputs are
 * built to be valid and well conditioned from raw draws in [−1, 1] (so special values still flow
 * through them): cholesky gets M·Mᵀ + n·I; triangular_solve a triangle whose used diagonal is at
 * least 1 + n in size; lu gets A = P·L·U with |L's off-diagonal| ≤ ½ and |U's diagonal| ≥ 1, so
 * partial pivoting picks P with a margin of 2 that no finite-difference step can flip. Each
 * domain's `resample` redraws a fresh valid input (shuffling elements would break the structure).
 */
import * as fc from "fast-check";
import type { FactorParams } from "../src/primitives/factor/params.js";
import type { DType } from "../src/tensor/dtype.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { FLOAT_DTYPES, type Shape, type Values, dtypeArb, inDomain, indicesArb, makeTensor, permutationArb, shapeArb, sizeOfShape } from "./arbitraries.js";
import type { Domain } from "./domains.js";

const UNIT = { min: -1, max: 1 };

/** `n` raw values in [−1, 1] (special ones when `v` is the special-values set). */
const raw = (v: Values, dtype: DType, n: number): fc.Arbitrary<number[]> => fc.array(v.element(dtype, UNIT), { minLength: n, maxLength: n });

/** A batch shape of rank 0–2 with small dims. */
const batchArb = shapeArb({ maxRank: 2, maxDim: 2 });

/** Per matrix of a batch: `make(values of one matrix)`, laid end to end. */
function perMatrix(batch: Shape, per: number, xs: readonly number[], make: (vals: readonly number[], b: number) => number[]): number[] {
  const out: number[] = [];
  for (let b = 0; b < sizeOfShape(batch); b++) out.push(...make(xs.slice(b * per, (b + 1) * per), b));
  return out;
}

/** M·Mᵀ + n·I from the n×n values of M. */
function spd(m: readonly number[], n: number): number[] {
  const a = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = i === j ? n : 0;
    for (let k = 0; k < n; k++) s += m[i * n + k]! * m[j * n + k]!;
    a[i * n + j] = s;
  }
  return a;
}

function choleskyInput(batch: Shape, n: number, dtype: DType, v: Values): fc.Arbitrary<Tensor> {
  return raw(v, dtype, sizeOfShape(batch) * n * n).map((xs) => makeTensor([...batch, n, n], dtype, perMatrix(batch, n * n, xs, (m) => spd(m, n))));
}

/** Triangular a: the unused triangle keeps its raw values (the kernel must ignore them); the diagonal is ±(1 + n + |x|). */
function triangularInput(batch: Shape, m: number, dtype: DType, v: Values): fc.Arbitrary<Tensor> {
  return raw(v, dtype, sizeOfShape(batch) * m * m).map((xs) =>
    makeTensor([...batch, m, m], dtype, xs.map((x, i) => (Math.floor(i / m) % m === i % m ? (x < 0 ? -1 : 1) * (1 + m + Math.abs(x)) : x))),
  );
}

/** A = P·L·U for an m×n matrix (see the header). */
function luMatrix(vals: readonly number[], perm: readonly number[], m: number, n: number): number[] {
  const k = Math.min(m, n);
  const l = (i: number, j: number): number => (i === j ? 1 : i > j ? 0.5 * vals[i * k + j]! : 0);
  const u = (i: number, j: number): number => {
    const x = vals[m * k + i * n + j]!;
    return i === j ? (x < 0 ? -1 : 1) * (1 + Math.abs(x)) : j > i ? x : 0;
  };
  const a = new Array<number>(m * n).fill(0);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let t = 0; t < k; t++) s += l(i, t) * u(t, j);
    a[perm[i]! * n + j] = s;
  }
  return a;
}

function luInput(batch: Shape, m: number, n: number, dtype: DType, v: Values): fc.Arbitrary<Tensor> {
  const k = Math.min(m, n), per = m * k + k * n, count = sizeOfShape(batch);
  return fc
    .tuple(raw(v, dtype, count * per), fc.array(permutationArb(m), { minLength: count, maxLength: count }))
    .map(([xs, perms]) => makeTensor([...batch, m, n], dtype, perMatrix(batch, per, xs, (vals, b) => luMatrix(vals, perms[b]!, m, n))));
}

type Params<N extends keyof FactorParams> = FactorParams[N];

/** One domain per primitive of this area. */
export const factorDomains: { readonly [N in keyof FactorParams]: Domain<N> } = {
  cholesky: {
    cases: (v) =>
      fc.tuple(batchArb, fc.integer({ min: 1, max: 4 }), dtypeArb(FLOAT_DTYPES)).chain(([batch, n, dtype]) =>
        choleskyInput(batch, n, dtype, v).map((x) => ({ name: "cholesky" as const, inputs: [x], params: {} as Params<"cholesky"> })),
      ),
    resample: (c) => choleskyInput(c.inputs[0]!.shape.slice(0, -2), c.inputs[0]!.shape.at(-1)!, c.inputs[0]!.dtype, inDomain).map((x) => [x]),
  },
  triangular_solve: {
    linearArgs: () => [[1]],
    cases: (v) =>
      fc
        .record({
          batch: batchArb, m: fc.integer({ min: 1, max: 4 }), n: fc.integer({ min: 1, max: 3 }), dtype: dtypeArb(FLOAT_DTYPES),
          leftSide: fc.boolean(), lower: fc.boolean(), transposeA: fc.boolean(), conjugateA: fc.boolean(), unitDiagonal: fc.boolean(),
        })
        .chain(({ batch, m, n, dtype, ...params }) =>
          fc
            .tuple(triangularInput(batch, m, dtype, v), raw(v, dtype, sizeOfShape(batch) * m * n))
            .map(([a, bs]) => ({
              name: "triangular_solve" as const,
              inputs: [a, makeTensor([...batch, ...(params.leftSide ? [m, n] : [n, m])], dtype, bs.map((x) => 2 * x))],
              params,
            })),
        ),
    resample: (c) => {
      const [a, b] = c.inputs as [Tensor, Tensor];
      return fc
        .tuple(triangularInput(a.shape.slice(0, -2), a.shape.at(-1)!, a.dtype, inDomain), raw(inDomain, b.dtype, b.size))
        .map(([a2, bs]) => [a2, makeTensor(b.shape, b.dtype, bs)]);
    },
  },
  lu: {
    cases: (v) =>
      fc.tuple(batchArb, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), dtypeArb(FLOAT_DTYPES)).chain(([batch, m, n, dtype]) =>
        luInput(batch, m, n, dtype, v).map((x) => ({ name: "lu" as const, inputs: [x], params: {} as Params<"lu"> })),
      ),
    resample: (c) => {
      const x = c.inputs[0]!;
      return luInput(x.shape.slice(0, -2), x.shape.at(-2)!, x.shape.at(-1)!, x.dtype, inDomain).map((t) => [t]);
    },
  },
  lu_pivots_to_permutation: {
    cases: () =>
      // Pivots in [0, size); the size is at least 1 (indicesArb needs a non-empty range) and at least k.
      fc.tuple(batchArb, fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 2 })).chain(([batch, k, extra]) => {
        const size = Math.max(1, k + extra);
        return indicesArb([...batch, k], size).map((p) => ({ name: "lu_pivots_to_permutation" as const, inputs: [p], params: { permutationSize: size } }));
      }),
  },
};
