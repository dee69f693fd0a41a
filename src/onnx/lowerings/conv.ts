/**
 * ONNX lowering of conv_general_dilated. Transposes bring the operands to ONNX's layouts
 * ([batch, feature, ...spatial] and [out, in, ...window]) and the result back to the output's;
 * in between, two forms:
 * - float32 without batch groups, 1 to 3 spatial dims: ONNX `Conv` (strides, kernel dilation,
 *   feature groups), after the input is padded and lhs-dilated explicitly by one constant-index
 *   Gather per dim, so padding and holes are zeros the convolution multiplies — as the reference
 *   kernel's im2col does (∞·0 = NaN), whatever algorithm the runtime picks. The runtime
 *   accumulates in float32, as the reference kernel's accelerated GEMM does for large products
 *   (its small ones accumulate in float64): the two differ beyond rounding only where a product
 *   or partial sum passes float32's range (±3.4e38) in one and not the other;
 * - everything else (float64, for which ONNX Runtime has no Conv kernel; batch groups, which ONNX's
 *   Conv lacks; no spatial dims, or more than 3): the kernel's im2col spelled out, the receptive
 *   fields gathered by one constant-index Gather per spatial dim and contracted with the kernel
 *   per group, in float64 (float32 operands widened, as the reference GEMM accumulates them).
 */
import type { ConvGeneralDilatedParams } from "../../primitives/conv/params.js";
import { dilateDim } from "../../primitives/conv/shape.js";
import type { Emitter } from "../emitter.js";
import { type Lowering, lit, outDtype, requireDtypes } from "./kit.js";
import { type Fill, castTo, gatherTaps, lazy, tapTable } from "./window.js";

const prod = (xs: readonly number[]): number => xs.reduce((p, v) => p * v, 1);
const identityPerm = (perm: readonly number[]): boolean => perm.every((p, i) => p === i);

/** `x` transposed by `perm` (no node for the identity). */
const transpose = (em: Emitter, x: string, perm: readonly number[]): string =>
  identityPerm(perm) ? x : em.op("Transpose", [x], { perm: { ints: [...perm] } });

/** The inverse of a permutation: the perm that puts role order back into axis order. */
const inverse = (perm: readonly number[]): number[] => {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
};

/**
 * The input ([N, C, ...spatial]) padded (negative padding crops) and dilated, with zeros in the
 * padding and holes, as the kernel reads it: one Gather per spatial dim that needs one.
 */
function padAndDilate(em: Emitter, x: string, shape: number[], p: ConvGeneralDilatedParams, zero: Fill): string {
  let cur = x;
  p.padding.forEach(([lo, hi], i) => {
    const dil = p.lhsDilation[i]!;
    if (lo === 0 && hi === 0 && dil === 1) return;
    const n = shape[2 + i]!;
    const size = dilateDim(n, dil) + lo + hi;
    // A window of one tap at stride 1 over the padded, dilated dim reads every position of it.
    cur = gatherTaps(em, cur, shape, 2 + i, tapTable(n, size, 1, 1, lo, dil, 1), size, 1, zero);
    shape[2 + i] = size;
  });
  return cur;
}

/** ONNX Conv on [N, C, ...spatial] ⋆ [O, I, ...window] → [N, O, ...spatial]. */
function viaConv(em: Emitter, x: string, xShape: number[], w: string, p: ConvGeneralDilatedParams, zero: Fill): string {
  const padded = padAndDilate(em, x, xShape, p, zero);
  return em.op("Conv", [padded, w], {
    strides: { ints: [...p.windowStrides] },
    dilations: { ints: [...p.rhsDilation] },
    group: { i: p.featureGroupCount },
  });
}

/** The general form: receptive fields gathered, contracted per group by one batched MatMul. */
function viaGather(
  em: Emitter, x: string, xShape: readonly number[], w: string, wShape: readonly number[], outShape: readonly number[],
  p: ConvGeneralDilatedParams, zero: Fill, roundedProducts: boolean,
): string {
  const n = xShape.length - 2;
  const [N, C] = [xShape[0]!, xShape[1]!];
  const [O, I] = [wShape[0]!, wShape[1]!];
  const window = wShape.slice(2), positions = outShape.slice(2);
  const G = p.featureGroupCount, B = p.batchGroupCount;
  const groups = G * B, Nb = N / B, Og = O / groups;
  const P = prod(positions), K = prod(window);
  // [N, C, S0, S1, …] → [N, C, P0, K0, P1, K1, …]: dim i's taps at axes 2 + 2i and 3 + 2i.
  let cur = x;
  const curShape = [...xShape];
  for (let i = n - 1; i >= 0; i--) {
    const table = tapTable(xShape[2 + i]!, positions[i]!, window[i]!, p.windowStrides[i]!, p.padding[i]![0], p.lhsDilation[i]!, p.rhsDilation[i]!);
    cur = gatherTaps(em, cur, curShape, 2 + i, table, positions[i]!, window[i]!, zero);
    if (window[i] === 1) cur = em.op("Unsqueeze", [cur, em.int64s([3 + i])]);
    curShape.splice(2 + i, 1, positions[i]!, window[i]!);
  }
  // → [N, C, P0, P1, …, K0, K1, …] → [B, Nb, G, I, P, K] (one of B and G is 1).
  const spread = [0, 1, ...Array.from({ length: n }, (_, i) => 2 + 2 * i), ...Array.from({ length: n }, (_, i) => 3 + 2 * i)];
  cur = em.op("Reshape", [transpose(em, cur, spread), em.int64s([B, Nb, G, C / G, P, K])]);
  // → [groups, Nb·P, I·K]: rows are output positions, columns the kernel's (in feature, tap) pairs.
  const lhs = em.op("Reshape", [em.op("Transpose", [cur], { perm: { ints: [0, 2, 1, 4, 3, 5] } }), em.int64s([groups, Nb * P, I * K])]);
  // Kernel [O, I, ...window] → [groups, Og, I, K] → [groups, I·K, Og].
  const kernel = em.op("Reshape", [
    em.op("Transpose", [em.op("Reshape", [w, em.int64s([groups, Og, I, K])])], { perm: { ints: [0, 2, 3, 1] } }),
    em.int64s([groups, I * K, Og]),
  ]);
  // MatMul fuses multiply and add: a float64 product past the range adds in as its exact value
  // where the kernel's rounded ∞ would meet its opposite in a NaN. Float64 operands are therefore
  // multiplied apart and summed (one [groups, rows, columns, Og] tensor); float32 ones, widened to
  // float64, have exact products either way.
  const product = roundedProducts
    ? em.op("ReduceSum", [em.op("Mul", [em.op("Unsqueeze", [lhs, em.int64s([3])]), em.op("Unsqueeze", [kernel, em.int64s([1])])]), em.int64s([2])], { keepdims: { i: 0 } })
    : em.op("MatMul", [lhs, kernel]);
  // [groups, Nb, P, Og] → [Nb, groups, Og, P] → [Nb, O, ...positions]: output feature g·Og + o.
  const split = em.op("Reshape", [product, em.int64s([groups, Nb, P, Og])]);
  return em.op("Reshape", [em.op("Transpose", [split], { perm: { ints: [1, 0, 3, 2] } }), em.int64s([Nb, O, ...positions])]);
}

/** conv_general_dilated in any layout, for float32 and float64. */
const convGeneralDilated: Lowering<"conv_general_dilated"> = (em, e, [lhs, rhs], [out]) => {
  requireDtypes(e, "Conv or MatMul");
  const d = outDtype(e);
  const p = e.params;
  const { lhsSpec, rhsSpec, outSpec } = p.dimensionNumbers;
  const xShape = lhsSpec.map((a) => e.inputs[0]!.aval.shape[a]!);
  const wShape = rhsSpec.map((a) => e.inputs[1]!.aval.shape[a]!);
  const oShape = outSpec.map((a) => e.outputs[0]!.aval.shape[a]!);
  const x = transpose(em, lhs!, lhsSpec);
  const w = transpose(em, rhs!, rhsSpec);
  const n = xShape.length - 2;
  const conv = d === "float32" && p.batchGroupCount === 1 && n >= 1 && n <= 3;
  if (conv) return em.node("Identity", [transpose(em, viaConv(em, x, [...xShape], w, p, lazy(() => lit(em, 0, d))), inverse(outSpec))], [out!]);
  // Float32 products accumulate in float64 and round once, as the reference kernel's GEMM does.
  const wide = (v: string): string => castTo(em, v, d, "float64");
  const result = viaGather(em, wide(x), xShape, wide(w), wShape, oShape, p, lazy(() => lit(em, 0, "float64")), d === "float64");
  em.node("Identity", [castTo(em, transpose(em, result, inverse(outSpec)), "float64", d)], [out!]);
};

/** The convolution's part of the ONNX lowering table. */
export const CONV_LOWERINGS = { conv_general_dilated: convGeneralDilated };
