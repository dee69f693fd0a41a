/**
 * The driver the eigen tests share (test/fixtures/eigen.json, written by scripts/gen-eigen.py):
 * decoding, one runner per op, the comparison of outputs under JAX's sign conventions (exact for
 * QR; each eigenvector, or u column with its vh row, up to one sign; values only where vectors are
 * not unique) and the gauge-invariant losses whose gradients the fixture records.
 */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { type DType, type Tensor, grad, lax, np, random } from "../../src/index.js";
import { expectClose, vals } from "../support/index.js";

type Json = number | boolean | string | null | Json[] | { [k: string]: Json };
export interface Encoded { dtype: DType; shape: number[]; data: Json[] }
export interface Case {
  id: string;
  op: string;
  args: (Encoded | { value: Json })[];
  kwargs: Record<string, any>;
  outputs: Encoded[];
  vectors?: "exact" | "sign" | "none";
  weights?: Encoded[];
  grad?: Encoded;
}

export const CASES: Case[] = JSON.parse(readFileSync(new URL("../fixtures/eigen.json", import.meta.url), "utf8")).cases;
export const decode = (v: Json): any => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v);
export const tensorOf = (e: Encoded): Tensor => np.reshape(np.array(e.data.map(decode), { dtype: e.dtype }), e.shape);
export const argsOf = (c: Case): Tensor[] => c.args.map((a) => ("value" in a ? decode(a.value) : tensorOf(a)));
const ordOf = (o: Json): any => decode(o);

/** How fluxion computes each op, returning the outputs in the fixture's order. */
export const RUNNERS: Record<string, (args: Tensor[], kw: Record<string, any>) => Tensor[]> = {
  "lax.qr": ([x], kw) => lax.linalg.qr(x!, { fullMatrices: kw.fullMatrices }),
  "np.qr": ([x], kw) => (kw.mode === "r" ? [np.linalg.qr(x!, "r")] : [...np.linalg.qr(x!, kw.mode)]),
  "lax.eigh": ([x], kw) => [...lax.linalg.eigh(x!, { lower: kw.lower, symmetrizeInput: kw.symmetrizeInput })].reverse(),
  "np.eigh": ([x], kw) => [...np.linalg.eigh(x!, { UPLO: kw.UPLO, symmetrizeInput: kw.symmetrizeInput })],
  "np.eigvalsh": ([x]) => [np.linalg.eigvalsh(x!)],
  "lax.svd": ([x], kw) => (kw.computeUv === false ? [lax.linalg.svd(x!, { computeUv: false })] : [...lax.linalg.svd(x!, { fullMatrices: kw.fullMatrices })]),
  "np.svd": ([x], kw) =>
    kw.computeUv === false
      ? [np.linalg.svd(x!, { computeUv: false, hermitian: kw.hermitian })]
      : [...np.linalg.svd(x!, { fullMatrices: kw.fullMatrices, hermitian: kw.hermitian })],
  "np.svdvals": ([x]) => [np.linalg.svdvals(x!)],
  "np.lstsq": ([a, b], kw) => [...np.linalg.lstsq(a!, b!, { rcond: kw.rcond })],
  "np.pinv": ([x], kw) => [np.linalg.pinv(x!, { rtol: kw.rtol, hermitian: kw.hermitian })],
  "np.matrixRank": ([x], kw) => [np.linalg.matrixRank(x!, { rtol: kw.rtol })],
  "np.norm": ([x], kw) => [np.linalg.norm(x!, { ord: ordOf(kw.ord), axis: kw.axis, keepdims: kw.keepdims })],
  "np.matrixNorm": ([x], kw) => [np.linalg.matrixNorm(x!, { ord: ordOf(kw.ord), keepdims: kw.keepdims })],
  "np.vectorNorm": ([x], kw) => [np.linalg.vectorNorm(x!, { ord: ordOf(kw.ord), axis: kw.axis, keepdims: kw.keepdims })],
  "random.orthogonal": (_a, kw) => [random.orthogonal(random.key(kw.seed), kw.n, { shape: kw.shape, m: kw.m, dtype: kw.dtype })],
};

/** The gauge-invariant scalar functions of the outputs (scripts/gen-eigen.py's LOSSES). */
const LOSSES: Record<string, (out: Tensor[], ws: Tensor[]) => Tensor> = {
  eigh: ([w, v], ws) => np.add(np.sum(np.multiply(ws[0]!, w!)), np.sum(np.multiply(ws[1]!, np.multiply(v!, v!)))),
  svd: ([u, s, vh], ws) => {
    const k = s!.shape[s!.ndim - 1]!;
    const uk = u!.shape[u!.ndim - 1] === k ? u! : u!.slice(...u!.shape.slice(0, -1).map(() => [null, null] as [null, null]), [0, k]);
    const vk = vh!.shape[vh!.ndim - 2] === k ? vh! : vh!.slice(...vh!.shape.slice(0, -2).map(() => [null, null] as [null, null]), [0, k], [null, null]);
    const scaled = np.multiply(uk, np.expandDims(ws[2]!, -2));
    return np.add(np.sum(np.multiply(ws[0]!, s!)), np.sum(np.multiply(ws[1]!, np.matmul(scaled, vk))));
  },
  values: ([y], ws) => np.sum(np.multiply(ws[0]!, y!)),
  first: ([y], ws) => np.sum(np.multiply(ws[0]!, y!)),
  pair: ([a, b], ws) => np.add(np.sum(np.multiply(ws[0]!, a!)), np.sum(np.multiply(ws[1]!, b!))),
};

/** The tolerance of a case's values: relative to the input's scale, looser for float32 (JAX computes those in float32). */
export function tolOf(c: Case, scale = 1): { rtol: number; atol: number } {
  const f32 = c.outputs.some((o) => o.dtype === "float32") || c.args.some((a) => "dtype" in a && a.dtype === "float32");
  return f32 ? { rtol: 2e-5, atol: 2e-5 * scale } : { rtol: 1e-9, atol: 1e-10 * scale };
}

const maxAbs = (c: Case): number => Math.max(1, ...c.args.flatMap((a) => ("data" in a ? a.data.map((v) => Math.abs(Number(decode(v)))) : [])).filter(Number.isFinite));

/** Column j of every matrix of a `[..., m, n]` tensor's values, as flat lists per batch entry. */
function columns(data: number[], shape: readonly number[]): number[][][] {
  const [m, n] = shape.slice(-2) as [number, number];
  const count = data.length / (m * n || 1);
  return Array.from({ length: count }, (_, b) => Array.from({ length: n }, (_, j) => Array.from({ length: m }, (_, i) => data[b * m * n + i * n + j]!)));
}
const rows = (data: number[], shape: readonly number[]): number[][][] => {
  const [m, n] = shape.slice(-2) as [number, number];
  const count = data.length / (m * n || 1);
  return Array.from({ length: count }, (_, b) => Array.from({ length: m }, (_, i) => data.slice(b * m * n + i * n, b * m * n + (i + 1) * n)));
};
const dot = (a: number[], b: number[]): number => a.reduce((s, x, i) => s + x * b[i]!, 0);

/** Expects vectors (lists per batch entry) to match JAX's up to one sign each, the sign read from their dot product. */
function expectUpToSign(got: number[][][], want: number[][][], count: number, tol: { rtol: number; atol: number }, what: string, signs?: number[][]): number[][] {
  const out: number[][] = [];
  got.forEach((vs, b) => {
    out.push([]);
    for (let j = 0; j < count; j++) {
      const s = signs?.[b]?.[j] ?? (dot(vs[j]!, want[b]![j]!) < 0 ? -1 : 1);
      out[b]!.push(s);
      const flipped = vs[j]!.map((x) => s * x);
      const bad = flipped.findIndex((x, i) => !(Math.abs(x - want[b]![j]![i]!) <= tol.atol + tol.rtol * Math.abs(want[b]![j]![i]!)));
      expect(bad, `${what}: batch ${b} vector ${j} (sign ${s}) got ${JSON.stringify(flipped)} want ${JSON.stringify(want[b]![j])}`).toBe(-1);
    }
  });
  return out;
}

/** Compares a case's outputs with JAX's, under the case's vector convention. */
export function expectOutputs(c: Case, got: Tensor[]): void {
  const tol = tolOf(c, maxAbs(c));
  expect(got.length, `${c.id}: output count`).toBe(c.outputs.length);
  got.forEach((g, i) => {
    expect(g.shape, `${c.id}: output ${i} shape`).toEqual(c.outputs[i]!.shape);
    expect(g.dtype, `${c.id}: output ${i} dtype`).toBe(c.outputs[i]!.dtype);
  });
  const want = c.outputs.map((o) => o.data.map(decode) as number[]);
  const isEigh = c.op === "lax.eigh" || c.op === "np.eigh";
  const isSvd = (c.op === "lax.svd" || c.op === "np.svd") && got.length === 3;
  const isQr = c.op === "lax.qr" || c.op === "np.qr";
  if (isQr && c.vectors === "none") {
    // R in full; of Q only the columns whose pivot |R_jj| is above rounding noise (the others span noise).
    expectClose(got[1]!, want[1]!, tol, `${c.id} r`);
    const [m, k] = got[0]!.shape.slice(-2) as [number, number];
    const n = got[1]!.shape[got[1]!.ndim - 1]!;
    const defined = Array.from({ length: k }, (_, j) => j).filter((j) => Math.abs(want[1]![j * n + j]!) > 1e-8 * maxAbs(c));
    const q = vals(got[0]);
    for (const j of defined) for (let i = 0; i < m; i++) expect(Math.abs(q[i * k + j]! - want[0]![i * k + j]!), `${c.id} q[${i}, ${j}]`).toBeLessThanOrEqual(tol.atol + tol.rtol);
    return;
  }
  if (c.vectors === undefined || c.vectors === "exact" || (!isEigh && !isSvd)) {
    got.forEach((g, i) => expectClose(g, want[i]!, tol, `${c.id} output ${i}`));
    return;
  }
  if (isEigh) {
    expectClose(got[0]!, want[0]!, tol, `${c.id} eigenvalues`);
    if (c.vectors === "sign") {
      const n = got[1]!.shape[got[1]!.ndim - 1]!;
      expectUpToSign(columns(vals(got[1]), got[1]!.shape), columns(want[1]!, got[1]!.shape), n, tol, `${c.id} eigenvectors`);
    }
    return;
  }
  expectClose(got[1]!, want[1]!, tol, `${c.id} singular values`);
  if (c.vectors === "sign") {
    const k = got[1]!.shape[got[1]!.ndim - 1]!;
    const signs = expectUpToSign(columns(vals(got[0]), got[0]!.shape), columns(want[0]!, got[0]!.shape), k, tol, `${c.id} u`);
    expectUpToSign(rows(vals(got[2]), got[2]!.shape), rows(want[2]!, got[2]!.shape), k, tol, `${c.id} vh`, signs);
  }
}

/** fluxion's gradient of the case's loss with respect to args[0]. */
export function gradOf(c: Case): Tensor {
  const args = argsOf(c);
  const ws = c.weights!.map(tensorOf);
  const run = RUNNERS[c.op]!;
  return grad((x: Tensor) => LOSSES[c.kwargs.loss]!(run([x, ...args.slice(1)], c.kwargs), ws))(args[0]!);
}

/** The gradient tolerance: JAX's float32 gradients carry float32 rounding amplified by 1/gaps. */
export function gradTol(c: Case, g: Tensor): { rtol: number; atol: number } {
  const scale = Math.max(1, ...vals(g).filter(Number.isFinite).map(Math.abs));
  return c.grad!.dtype === "float32" ? { rtol: 2e-4, atol: 2e-4 * scale } : { rtol: 1e-8, atol: 1e-9 * scale };
}
