/**
 * conv_general_dilated[windowStrides, padding, lhsDilation, rhsDilation, dimensionNumbers,
 * featureGroupCount, batchGroupCount](lhs, rhs): XLA's convolution, as JAX's
 * `conv_general_dilated_p`. Bilinear: d(lhs ⋆ rhs) = dlhs ⋆ rhs + lhs ⋆ drhs. Both transposes are
 * convolutions (JAX's `_conv_general_dilated_transpose_lhs`/`_rhs`): for the input, the cotangent
 * convolved with the spatially reversed kernel, strides and lhs dilation trading places; for the
 * kernel, the input convolved with the cotangent, batch and feature roles swapped, so feature
 * groups become batch groups and back. So grad of grad is convolutions all the way down. Batching
 * folds the vmapped axis into the batch or feature dimension (with the group counts), never a loop.
 */
import { NonDifferentiableError } from "../../errors.js";
import { type Aval, aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { convGeneralDilated as kernel } from "../../tensor/kernels/conv.js";
import type { Tensor } from "../../tensor/tensor.js";
import { addTangents, avalOfTensor, instantiate, mapTangent, zeroLike, zerosOf } from "../ad.js";
import * as ops from "../ops.js";
import { type Tangent, UndefinedPrimal, definePrimitive } from "../rule-types.js";
import { convGeneralDilated as conv, reshapeAxisInto, reshapeAxisOutOf } from "./ops.js";
import type { ConvGeneralDilatedParams } from "./params.js";
import { convShapeRule, spatialOf, specTranspose, vjpLhsPadding, vjpRhsPadding } from "./shape.js";

const pick = (shape: readonly number[], axes: readonly number[]): number[] => axes.map((a) => shape[a]!);

/**
 * Cotangent of the lhs: [m, k]·[k, j] → [m, j] per window. Feature groups move from the kernel's
 * output features into its input features (they stay feature groups); batch groups do the same
 * and come back out of the result's features into its batch.
 */
function transposeLhs(ct: Tensor, lhs: Aval, rhs: Tensor, p: ConvGeneralDilatedParams): Tensor {
  const { lhsSpec, rhsSpec, outSpec } = p.dimensionNumbers;
  const B = p.batchGroupCount;
  const groups = Math.max(p.featureGroupCount, B);
  let w = rhs;
  if (groups > 1) w = reshapeAxisInto(rhsSpec[0]!, rhsSpec[1]!, reshapeAxisOutOf(rhsSpec[0]!, groups, w));
  const padding = vjpLhsPadding(
    pick(lhs.shape, spatialOf(lhsSpec)), pick(rhs.shape, spatialOf(rhsSpec)), p.windowStrides,
    pick(ct.shape, spatialOf(outSpec)), p.padding, p.lhsDilation, p.rhsDilation,
  );
  let out = conv(ct, ops.rev(w, spatialOf(rhsSpec)), {
    windowStrides: p.lhsDilation, padding, lhsDilation: p.windowStrides, rhsDilation: p.rhsDilation,
    dimensionNumbers: { lhsSpec: outSpec, rhsSpec: specTranspose(rhsSpec), outSpec: lhsSpec },
    featureGroupCount: groups, batchGroupCount: 1,
  });
  if (B > 1) out = reshapeAxisInto(lhsSpec[1]!, lhsSpec[0]!, reshapeAxisOutOf(lhsSpec[1]!, B, out));
  return out;
}

/**
 * Cotangent of the rhs: [j, m]·[m, k] → [j, k], the batch contracted like a window. Feature
 * groups of the forward pass become batch groups here, and batch groups feature groups.
 */
function transposeRhs(ct: Tensor, lhs: Tensor, rhs: Aval, p: ConvGeneralDilatedParams): Tangent {
  if (ct.size === 0) return zeroLike(rhs);
  const { lhsSpec, rhsSpec, outSpec } = p.dimensionNumbers;
  const padding = vjpRhsPadding(
    pick(lhs.shape, spatialOf(lhsSpec)), pick(rhs.shape, spatialOf(rhsSpec)), p.windowStrides,
    pick(ct.shape, spatialOf(outSpec)), p.padding, p.lhsDilation, p.rhsDilation,
  );
  return conv(lhs, ct, {
    windowStrides: p.rhsDilation, padding, lhsDilation: p.lhsDilation, rhsDilation: p.windowStrides,
    dimensionNumbers: { lhsSpec: specTranspose(lhsSpec), rhsSpec: specTranspose(outSpec), outSpec: specTranspose(rhsSpec) },
    featureGroupCount: p.batchGroupCount, batchGroupCount: p.featureGroupCount,
  });
}

/** vmap with both operands batched: the batch axis joins the lhs features (or batch groups) and the rhs output features. */
function batchBoth(lhs: Tensor, lb: number, rhs: Tensor, rb: number, p: ConvGeneralDilatedParams): [Tensor, number] {
  const { lhsSpec, rhsSpec, outSpec } = p.dimensionNumbers;
  const size = lhs.shape[lb]!;
  const byBatch = p.batchGroupCount > 1;
  const out = conv(reshapeAxisInto(lb, byBatch ? lhsSpec[0]! : lhsSpec[1]!, lhs), reshapeAxisInto(rb, rhsSpec[0]!, rhs), {
    ...p,
    featureGroupCount: byBatch ? p.featureGroupCount : p.featureGroupCount * size,
    batchGroupCount: byBatch ? p.batchGroupCount * size : p.batchGroupCount,
  });
  return [reshapeAxisOutOf(outSpec[1]!, size, out), outSpec[1]!];
}

/** vmap of the lhs alone: the batch axis joins the lhs batch (inside each batch group). */
function batchLhs(lhs: Tensor, lb: number, rhs: Tensor, p: ConvGeneralDilatedParams): [Tensor, number] {
  const { lhsSpec, outSpec } = p.dimensionNumbers;
  const size = lhs.shape[lb]!;
  const n = lhsSpec[0]!;
  let x: Tensor;
  if (p.batchGroupCount === 1) {
    x = reshapeAxisInto(lb, n, lhs);
  } else {
    // Groups stay outermost: split them out of the batch, fold the vmapped axis in below them.
    x = reshapeAxisOutOf(n + (lb <= n ? 1 : 0), p.batchGroupCount, lhs);
    x = reshapeAxisInto(lb + (n < lb ? 1 : 0), n + 1, x);
    x = reshapeAxisInto(n, n, x);
  }
  return [reshapeAxisOutOf(outSpec[0]!, size, conv(x, rhs, p)), outSpec[0]!];
}

/** vmap of the rhs alone: the batch axis joins the kernel's output features (inside each group). */
function batchRhs(lhs: Tensor, rhs: Tensor, rb: number, p: ConvGeneralDilatedParams): [Tensor, number] {
  const { rhsSpec, outSpec } = p.dimensionNumbers;
  const size = rhs.shape[rb]!;
  const o = rhsSpec[0]!, f = outSpec[1]!;
  const groups = Math.max(p.featureGroupCount, p.batchGroupCount);
  if (groups === 1) return [reshapeAxisOutOf(f, size, conv(lhs, reshapeAxisInto(rb, o, rhs), p)), f];
  let w = reshapeAxisOutOf(o + (rb <= o ? 1 : 0), groups, rhs);
  w = reshapeAxisInto(rb + (o < rb ? 1 : 0), o + 1, w);
  w = reshapeAxisInto(o, o, w);
  let out = reshapeAxisOutOf(f, groups, conv(lhs, w, p));
  out = reshapeAxisOutOf(f + 1, size, out);
  return [reshapeAxisInto(f, f + 1, out), f];
}

export const convGeneralDilated = definePrimitive({
  name: "conv_general_dilated",
  kind: "linalg",
  shapeRule: convShapeRule,
  impl: ([lhs, rhs], params, [o]) => [
    fromData(o!.shape, o!.dtype, kernel(lhs!.concreteData(), lhs!.shape, rhs!.concreteData(), rhs!.shape, o!.shape, params, o!.dtype)),
  ],
  // Bilinear: d(lhs ⋆ rhs) = dlhs ⋆ rhs + lhs ⋆ drhs.
  jvpRule: ([lhs, rhs], [dl, dr], params) => {
    const out = conv(lhs!, rhs!, params);
    const left = mapTangent(dl!, (t) => conv(t, rhs!, params), avalOfTensor(out));
    const right = mapTangent(dr!, (t) => conv(lhs!, t, params), avalOfTensor(out));
    return [[out], [addTangents(left, right, out.shape)]];
  },
  transposeRule: ([ct], [lhs, rhs], params) => {
    if (lhs instanceof UndefinedPrimal && rhs instanceof UndefinedPrimal) {
      throw new NonDifferentiableError("transpose: conv_general_dilated of two values that both depend on the input is not linear; only linear functions can be transposed.");
    }
    const c = instantiate(ct!);
    return [
      lhs instanceof UndefinedPrimal ? transposeLhs(c, lhs.aval, rhs as Tensor, params) : zeroLike(lhs as Tensor),
      rhs instanceof UndefinedPrimal ? transposeRhs(c, lhs as Tensor, rhs.aval, params) : zeroLike(rhs as Tensor),
    ];
  },
  batchRule: ([lhs, rhs], [lb, rb], params) => {
    const size = lb !== null ? lhs!.shape[lb!]! : rb !== null ? rhs!.shape[rb!]! : -1;
    if (size < 0) return [[conv(lhs!, rhs!, params)], [null]];
    if (size === 0) {
      // Folding an empty axis into batch or features breaks the group arithmetic: answer with zeros.
      const unbatched = (x: Tensor, bd: number | null): Aval => aval(bd === null ? x.shape : x.shape.filter((_, i) => i !== bd), x.dtype);
      const [o] = convShapeRule([unbatched(lhs!, lb!), unbatched(rhs!, rb!)], params);
      return [[zerosOf(aval([0, ...o!.shape], o!.dtype))], [0]];
    }
    const [out, bd] =
      lb !== null && rb !== null ? batchBoth(lhs!, lb, rhs!, rb, params)
      : lb !== null ? batchLhs(lhs!, lb, rhs!, params)
      : batchRhs(lhs!, rhs!, rb!, params);
    return [[out], [bd]];
  },
});
