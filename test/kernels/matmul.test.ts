// dot_general and gemm against a naive sum over index tuples: random dim layouts (batch, free and
// contracting dims in any position), every transpose combination, block-boundary sizes, int/bool.
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { allocate, type DType, type DataArray } from "../../src/tensor/dtype.js";
import { dotGeneral, gemm, gemmStrided, type DotDims } from "../../src/tensor/kernels/matmul.js";
import { FC, mulberry32, ravel, sizeOf, unravel } from "./reference.js";

function randomData(dtype: DType, n: number, rnd: () => number): DataArray {
  const out = allocate(dtype, n);
  for (let i = 0; i < n; i++) {
    if (dtype === "bool") out[i] = rnd() < 0.3 ? 1 : 0;
    else if (dtype === "int32") out[i] = Math.floor((rnd() * 2 - 1) * (rnd() < 0.5 ? 10 : 2 ** 31));
    else out[i] = rnd() * 2 - 1;
  }
  return out;
}

/** Naive dot_general: for every output index, sum over every contracting index tuple. Returns [value, Σ|a·b|]. */
function refDot(a: DataArray, aShape: number[], b: DataArray, bShape: number[], dims: DotDims, outDtype: DType): { out: number[]; scale: number[] } {
  const lf = aShape.map((_, i) => i).filter((i) => !dims.lhsBatch.includes(i) && !dims.lhsContract.includes(i));
  const rf = bShape.map((_, i) => i).filter((i) => !dims.rhsBatch.includes(i) && !dims.rhsContract.includes(i));
  const outShape = [...dims.lhsBatch.map((d) => aShape[d]!), ...lf.map((d) => aShape[d]!), ...rf.map((d) => bShape[d]!)];
  const cShape = dims.lhsContract.map((d) => aShape[d]!);
  const out: number[] = [];
  const scale: number[] = [];
  for (let f = 0; f < sizeOf(outShape); f++) {
    const idx = unravel(f, outShape);
    const nb = dims.lhsBatch.length;
    const ai = new Array<number>(aShape.length);
    const bi = new Array<number>(bShape.length);
    dims.lhsBatch.forEach((d, i) => (ai[d] = idx[i]!));
    dims.rhsBatch.forEach((d, i) => (bi[d] = idx[i]!));
    lf.forEach((d, i) => (ai[d] = idx[nb + i]!));
    rf.forEach((d, i) => (bi[d] = idx[nb + lf.length + i]!));
    let acc = 0;
    let accI = 0n;
    let sc = 0;
    for (let c = 0; c < sizeOf(cShape); c++) {
      const cidx = unravel(c, cShape);
      dims.lhsContract.forEach((d, i) => (ai[d] = cidx[i]!));
      dims.rhsContract.forEach((d, i) => (bi[d] = cidx[i]!));
      const x = a[ravel(ai, aShape)]!;
      const y = b[ravel(bi, bShape)]!;
      acc += x * y;
      sc += Math.abs(x * y);
      if (outDtype === "int32") accI = BigInt.asIntN(32, accI + BigInt(x) * BigInt(y));
    }
    out.push(outDtype === "int32" ? Number(accI) : outDtype === "bool" ? (acc !== 0 ? 1 : 0) : acc);
    scale.push(sc);
  }
  return { out, scale };
}

function check(a: DataArray, aShape: number[], b: DataArray, bShape: number[], dims: DotDims, outDtype: DType): void {
  const got = dotGeneral(a, aShape, b, bShape, dims, outDtype);
  const { out: want, scale } = refDot(a, aShape, b, bShape, dims, outDtype);
  expect(got).toBeInstanceOf(allocate(outDtype, 0).constructor);
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const w = outDtype === "float32" ? Math.fround(want[i]!) : want[i]!;
    const tol = outDtype === "float32" ? 2 ** -23 * Math.abs(w) + 1e-12 * scale[i]! : outDtype === "float64" ? 1e-13 * scale[i]! : 0;
    if (!(Math.abs(got[i]! - w) <= tol)) throw new Error(`@${i}: got ${got[i]}, want ${w} (${JSON.stringify(dims)} [${aShape}]·[${bShape}])`);
  }
}

/** Random dot_general problems: batch, contracting and free dims placed anywhere in each operand. */
const problemArb = fc
  .record({
    batch: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }),
    contract: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 2 }),
    lfree: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 2 }),
    rfree: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 2 }),
    seed: fc.integer(),
    dtype: fc.constantFrom<DType>("float32", "float64", "int32", "bool"),
  })
  .chain((p) => {
    const la = p.batch.length + p.contract.length + p.lfree.length;
    const ra = p.batch.length + p.contract.length + p.rfree.length;
    const perm = (n: number) => fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i), { minLength: n, maxLength: n });
    return fc.tuple(fc.constant(p), perm(la), perm(ra));
  })
  .map(([p, lp, rp]) => {
    // Slot j of the logical order [batch, contract, free] goes to operand position perm[j].
    const nb = p.batch.length;
    const nc = p.contract.length;
    const aShape = new Array<number>(lp.length);
    const bShape = new Array<number>(rp.length);
    [...p.batch, ...p.contract, ...p.lfree].forEach((n, j) => (aShape[lp[j]!] = n));
    [...p.batch, ...p.contract, ...p.rfree].forEach((n, j) => (bShape[rp[j]!] = n));
    const dims: DotDims = {
      lhsBatch: lp.slice(0, nb), rhsBatch: rp.slice(0, nb),
      lhsContract: lp.slice(nb, nb + nc), rhsContract: rp.slice(nb, nb + nc),
    };
    return { aShape, bShape, dims, seed: p.seed, dtype: p.dtype };
  });

describe("dotGeneral vs naive reference", () => {
  it("matches for random dim layouts and dtypes", () => {
    fc.assert(
      fc.property(problemArb, ({ aShape, bShape, dims, seed, dtype }) => {
        const rnd = mulberry32(seed);
        const a = randomData(dtype, sizeOf(aShape), rnd);
        const b = randomData(dtype, sizeOf(bShape), rnd);
        const aCopy = a.slice();
        check(a, aShape, b, bShape, dims, dtype);
        expect(a).toEqual(aCopy);
      }),
      FC,
    );
  });

  const mm = (ta: boolean, tb: boolean): DotDims => ({ lhsContract: [ta ? 0 : 1], rhsContract: [tb ? 1 : 0], lhsBatch: [], rhsBatch: [] });
  const combos: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];
  it("is right across block edges (K > 256, M > 64, ragged 4×4 tiles) for every transpose combination", () => {
    const rnd = mulberry32(11);
    for (const [m, k, n] of [[67, 300, 130], [5, 3, 2051], [1, 70, 33], [45, 70, 1], [2, 1, 3]] as const) {
      for (const [ta, tb] of combos) {
        for (const dtype of ["float32", "float64"] as const) {
          const a = randomData(dtype, m * k, rnd);
          const b = randomData(dtype, k * n, rnd);
          const got = dotGeneral(a, ta ? [k, m] : [m, k], b, tb ? [n, k] : [k, n], mm(ta, tb), dtype);
          // Plain triple loop over explicit row-major offsets (the generic reference is too slow here).
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < n; j++) {
              let acc = 0;
              let sc = 0;
              for (let p = 0; p < k; p++) {
                const v = a[ta ? p * m + i : i * k + p]! * b[tb ? j * k + p : p * n + j]!;
                acc += v;
                sc += Math.abs(v);
              }
              const w = dtype === "float32" ? Math.fround(acc) : acc;
              // float64 sums: within rounding of the exact value. float32: large products run in the
              // WebAssembly kernel, which accumulates in float32 like BLAS; the classical bound for a
              // length-k float32 dot product is k·u·Σ|aᵢbᵢ| with u = 2⁻²⁴.
              const tol = dtype === "float32" ? 2 ** -23 * Math.abs(w) + k * 2 ** -24 * sc : 1e-13 * sc;
              if (!(Math.abs(got[i * n + j]! - w) <= tol)) throw new Error(`${m}x${k}x${n} ta=${ta} tb=${tb} @(${i},${j}): ${got[i * n + j]} vs ${w}`);
            }
          }
        }
      }
    }
  });
  it("handles a float32 output larger than the reusable scratch buffer", () => {
    const m = 1100, k = 2, n = 1000;
    const a = randomData("float32", m * k, mulberry32(1));
    const b = randomData("float32", k * n, mulberry32(2));
    const got = dotGeneral(a, [m, k], b, [k, n], mm(false, false), "float32");
    for (const [i, j] of [[0, 0], [1099, 999], [517, 3], [4, 998]] as const) {
      expect(got[i * n + j]).toBe(Math.fround(a[i * k]! * b[j]! + a[i * k + 1]! * b[n + j]!));
    }
  });
  it("batches with batch dims in different positions", () => {
    const rnd = mulberry32(5);
    const a = randomData("float32", 3 * 9 * 20, rnd); // [m=9, batch=3, k=20]
    const b = randomData("float32", 20 * 3 * 11, rnd); // [k=20, n=11, batch=3]
    check(a, [9, 3, 20], b, [20, 11, 3], { lhsBatch: [1], rhsBatch: [2], lhsContract: [2], rhsContract: [0] }, "float32");
  });
  it("float32 results stay within 1e-5 of a float64 reference at K = 512", () => {
    const rnd = mulberry32(9);
    const m = 16, k = 512, n = 16;
    const a = randomData("float32", m * k, rnd);
    const b = randomData("float32", k * n, rnd);
    const got = dotGeneral(a, [m, k], b, [k, n], mm(false, false), "float32");
    const { out: want, scale } = refDot(a, [m, k], b, [k, n], mm(false, false), "float64");
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!) / scale[i]!).toBeLessThan(1e-7);
  });
  it("returns zeros for K = 0 and empty arrays for M = 0", () => {
    expect(Array.from(dotGeneral(new Float32Array(0), [2, 0], new Float32Array(0), [0, 3], mm(false, false), "float32"))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(dotGeneral(new Float32Array(0), [0, 4], new Float32Array(8), [4, 2], mm(false, false), "float32").length).toBe(0);
  });
  it("without a contraction (outer products, W4's per-example gradient) equals the GEMM bit for bit, −0 and all", () => {
    const rnd = mulberry32(13);
    for (const dtype of ["float32", "float64"] as const) {
      // [batch=5, m=7] and [n=9, batch=5]: the rhs's batch dim is not outermost (a strided view).
      const a = randomData(dtype, 5 * 7, rnd);
      const b = randomData(dtype, 9 * 5, rnd);
      a[3] = 0;
      b[0] = -1; // a[0, 3] · b[0, 0] = 0 · −1 = −0, which a GEMM's zeroed accumulator turns into +0
      b[10] = 0;
      a[8] = -a[8]!;
      const dims = { lhsBatch: [0], rhsBatch: [1], lhsContract: [], rhsContract: [] };
      const got = dotGeneral(a, [5, 7], b, [9, 5], dims, dtype);
      // The same product through the GEMM (a size-1 contraction), and the naive reference.
      const viaGemm = gemmStrided(5, 7, 1, 9, { data: a, offset: 0, batchStride: 7, rowStride: 1, colStride: 1 }, { data: b, offset: 0, batchStride: 1, rowStride: 1, colStride: 5 }, dtype);
      expect(Array.from(got).map((v) => (Object.is(v, -0) ? "-0" : v))).toEqual(Array.from(viaGemm).map((v) => (Object.is(v, -0) ? "-0" : v)));
      const { out: want } = refDot(a, [5, 7], b, [9, 5], dims, "float64");
      got.forEach((v, i) => expect(v).toBe(dtype === "float32" ? Math.fround(want[i]!) : want[i]!));
      expect(got.some((v) => Object.is(v, -0))).toBe(false);
    }
  });
  it("wraps int32 and computes any(a and b) for bool", () => {
    const ints = dotGeneral(Int32Array.of(65536, 1), [1, 2], Int32Array.of(65536, 5), [2, 1], mm(false, false), "int32");
    expect(Array.from(ints)).toEqual([5]);
    const bools = dotGeneral(Uint8Array.of(1, 0, 0, 0), [2, 2], Uint8Array.of(1, 1, 0, 1), [2, 2], mm(false, false), "bool");
    expect(Array.from(bools)).toEqual([1, 1, 0, 0]);
  });
});

describe("gemm", () => {
  it("multiplies row-major matrices with optional transposes", () => {
    const a = Float32Array.of(1, 2, 3, 4, 5, 6); // [2,3]
    const b = Float32Array.of(1, 0, 0, 1, 1, 1); // [3,2]
    expect(Array.from(gemm(a, b, 2, 3, 2))).toEqual([4, 5, 10, 11]);
    const at = Float32Array.of(1, 4, 2, 5, 3, 6); // aᵀ stored [3,2]
    const bt = Float32Array.of(1, 0, 1, 0, 1, 1); // bᵀ stored [2,3]
    expect(Array.from(gemm(at, bt, 2, 3, 2, true, true, "float64"))).toEqual([4, 5, 10, 11]);
    expect(gemm(at, b, 2, 3, 2, true, false, "float64")).toBeInstanceOf(Float64Array);
  });
});
