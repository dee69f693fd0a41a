/**
 * lax.convGeneralDilated, conv, convWithGeneralPadding and convTranspose: JAX's convolution
 * functions, with JAX's argument order and semantics. Each resolves its padding mode and dimension
 * numbers, then binds the one primitive, conv_general_dilated, whose rules make every one of them
 * differentiable to any order and vectorisable.
 */
import { ArgumentError, describeValue } from "../errors.js";
import { tensorArg } from "../np/coerce.js";
import { optionalArgs } from "../np/options.js";
import * as ops from "../primitives/ops.js";
import { convGeneralDilated as bindConv } from "../primitives/conv/ops.js";
import { dilateDim } from "../primitives/conv/shape.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { type ConvDimensionNumbersLike, type ConvPadding, intList, resolveDimensionNumbers, resolvePadding } from "./conv-args.js";

export type { ConvDimensionNumbersLike, ConvPadding } from "./conv-args.js";

/** The optional arguments of `lax.convGeneralDilated`, by JAX's names (`precision` is accepted and has no effect). */
export interface ConvGeneralDilatedOptions {
  lhsDilation?: readonly number[] | null;
  rhsDilation?: readonly number[] | null;
  dimensionNumbers?: ConvDimensionNumbersLike;
  featureGroupCount?: number;
  batchGroupCount?: number;
  precision?: unknown;
}

const GENERAL_NAMES = ["lhsDilation", "rhsDilation", "dimensionNumbers", "featureGroupCount", "batchGroupCount", "precision"] as const;

function groupCount(op: string, name: string, value: unknown): number {
  if (value === undefined) return 1;
  if (!Number.isInteger(value) || (value as number) < 1) throw new ArgumentError(`${op}: ${name} must be a positive integer; got ${describeValue(value)}.`);
  return value as number;
}

function general(
  op: string, lhs: TensorLike, rhs: TensorLike, windowStrides: unknown, padding: unknown, opts: Partial<Record<(typeof GENERAL_NAMES)[number], unknown>>,
): Tensor {
  const x = tensorArg(op, lhs, "lhs (args[0])");
  const w = tensorArg(op, rhs, "rhs (args[1])");
  const dn = resolveDimensionNumbers(op, x.shape, w.shape, opts.dimensionNumbers);
  const n = x.ndim - 2;
  if (n < 0) throw new ArgumentError(`${op}: operands need a batch and a feature dimension; got lhs of rank ${x.ndim}.`);
  const strides = intList(op, "windowStrides", windowStrides ?? null, n);
  const lhsDilation = intList(op, "lhsDilation", opts.lhsDilation, n);
  const rhsDilation = intList(op, "rhsDilation", opts.rhsDilation, n);
  if (typeof padding === "string" && lhsDilation.some((d) => d !== 1)) {
    throw new ArgumentError(`${op}: string padding ("${padding}") is not defined for a transposed convolution (lhsDilation ${JSON.stringify(lhsDilation)}); give explicit [low, high] pairs, or use lax.convTranspose.`);
  }
  const window = dn.rhsSpec.slice(2).map((a, i) => dilateDim(w.shape[a]!, rhsDilation[i]!));
  const pads = resolvePadding(op, padding, dn.lhsSpec.slice(2).map((a) => x.shape[a]!), window, strides);
  return bindConv(x, w, {
    windowStrides: strides, padding: pads, lhsDilation, rhsDilation, dimensionNumbers: dn,
    featureGroupCount: groupCount(op, "featureGroupCount", opts.featureGroupCount),
    batchGroupCount: groupCount(op, "batchGroupCount", opts.batchGroupCount),
  });
}

/**
 * General n-d convolution with dilations and groups (JAX's `lax.conv_general_dilated`).
 * `padding` is "SAME", "SAME_LOWER", "VALID" or one [low, high] pair per spatial dimension
 * (negative pads crop); `lhsDilation` is transposed convolution, `rhsDilation` atrous convolution;
 * `dimensionNumbers` three layout strings (default NCHW, OIHW, NCHW for any number of spatial
 * dimensions), whose kernel string orders the spatial dimensions of strides and paddings;
 * `featureGroupCount` for grouped and depthwise convolution; `batchGroupCount` as JAX uses it.
 * The optional arguments go positionally in JAX's order or in a trailing options object.
 * Operands are float32 or float64, of one dtype.
 *
 * @example
 * ```ts
 * lax.convGeneralDilated(np.ones([1, 1, 4]), np.ones([1, 1, 2]), [1], "VALID").toArray(); // [[[2, 2, 2]]]
 * ```
 */
export function convGeneralDilated(
  lhs: TensorLike, rhs: TensorLike, windowStrides: readonly number[], padding: ConvPadding,
  ...rest: (ConvGeneralDilatedOptions | readonly number[] | ConvDimensionNumbersLike | number | null | undefined)[]
): Tensor {
  return general("lax.convGeneralDilated", lhs, rhs, windowStrides, padding, optionalArgs("lax.convGeneralDilated", GENERAL_NAMES, rest));
}

/**
 * Convolution with "SAME" or "VALID" padding, NCHW input and OIHW kernel (JAX's `lax.conv`).
 *
 * @example
 * ```ts
 * lax.conv(np.ones([1, 1, 3, 3]), np.ones([1, 1, 2, 2]), [1, 1], "VALID").shape; // [1, 1, 2, 2]
 * ```
 */
export function conv(lhs: TensorLike, rhs: TensorLike, windowStrides: readonly number[], padding: ConvPadding, ...rest: unknown[]): Tensor {
  optionalArgs("lax.conv", ["precision"], rest); // validates; precision has no effect here
  return general("lax.conv", lhs, rhs, windowStrides, padding, {});
}

/**
 * Convolution with explicit padding and both dilations, NCHW input and OIHW kernel (JAX's
 * `lax.conv_with_general_padding`).
 *
 * @example
 * ```ts
 * lax.convWithGeneralPadding(np.ones([1, 1, 3]), np.ones([1, 1, 2]), [1], [[1, 1]], [2], [1]).shape; // [1, 1, 6]
 * ```
 */
export function convWithGeneralPadding(
  lhs: TensorLike, rhs: TensorLike, windowStrides: readonly number[], padding: ConvPadding,
  lhsDilation: readonly number[] | null, rhsDilation: readonly number[] | null, ...rest: unknown[]
): Tensor {
  optionalArgs("lax.convWithGeneralPadding", ["precision"], rest); // validates; precision has no effect here
  return general("lax.convWithGeneralPadding", lhs, rhs, windowStrides, padding, { lhsDilation, rhsDilation });
}

/** The optional arguments of `lax.convTranspose`, by JAX's names. */
export interface ConvTransposeOptions {
  rhsDilation?: readonly number[] | null;
  dimensionNumbers?: ConvDimensionNumbersLike;
  transposeKernel?: boolean;
  precision?: unknown;
  preferredElementType?: null;
  useConsistentPadding?: boolean;
}

const TRANSPOSE_NAMES = ["rhsDilation", "dimensionNumbers", "transposeKernel", "precision", "preferredElementType", "useConsistentPadding"] as const;

/** JAX's default layouts of conv_transpose, by rank (TensorFlow's channels-last). */
const TRANSPOSE_DEFAULTS: Readonly<Record<number, readonly [string, string, string]>> = {
  2: ["NC", "IO", "NC"],
  3: ["NHC", "HIO", "NHC"],
  4: ["NHWC", "HWIO", "NHWC"],
  5: ["NHWDC", "HWDIO", "NHWDC"],
};

/** Padding of one dimension of a transposed convolution (JAX's `_conv_transpose_padding`); `k` is the dilated kernel size. */
function transposePadding(k: number, s: number, padding: "SAME" | "VALID" | readonly [number, number]): [number, number] {
  let before: number, total: number;
  if (padding === "SAME") {
    total = k + s - 2;
    before = s > k - 1 ? k - 1 : Math.ceil(total / 2);
  } else if (padding === "VALID") {
    total = k + s - 2 + Math.max(k - s, 0);
    before = k - 1;
  } else {
    before = k - padding[0] - 1;
    total = before + (k - padding[1] - 1);
  }
  return [before, total - before];
}

/**
 * The n-d transposed ("fractionally strided") convolution (JAX's `lax.conv_transpose`): `strides`
 * dilate the input. "SAME"/"VALID" name the padding of the forward convolution this one inverts;
 * explicit pairs are the transposed convolution's own padding unless `useConsistentPadding`.
 * Layouts default to channels-last (NHWC, HWIO, NHWC); the kernel is not flipped unless
 * `transposeKernel` (which then also swaps its I and O axes, matching Keras' Conv2DTranspose).
 *
 * @example
 * ```ts
 * lax.convTranspose(np.ones([1, 2, 1]), np.ones([2, 1, 1]), [2], "SAME").shape; // [1, 4, 1]
 * ```
 */
export function convTranspose(
  lhs: TensorLike, rhs: TensorLike, strides: readonly number[], padding: ConvPadding,
  ...rest: (ConvTransposeOptions | readonly number[] | ConvDimensionNumbersLike | boolean | null | undefined)[]
): Tensor {
  const op = "lax.convTranspose";
  const opts = optionalArgs(op, TRANSPOSE_NAMES, rest);
  if (opts.preferredElementType !== undefined && opts.preferredElementType !== null) {
    throw new ArgumentError(`${op}: preferredElementType is not supported; cast the operands with np.astype instead.`);
  }
  const x = tensorArg(op, lhs, "lhs (args[0])");
  let w = tensorArg(op, rhs, "rhs (args[1])");
  const defaults = TRANSPOSE_DEFAULTS[x.ndim];
  if (opts.dimensionNumbers == null && defaults === undefined) {
    throw new ArgumentError(`${op}: no default dimensionNumbers for rank-${x.ndim} operands; pass them explicitly.`);
  }
  const dn = resolveDimensionNumbers(op, x.shape, w.shape, opts.dimensionNumbers ?? defaults);
  const n = x.ndim - 2;
  const stride = intList(op, "strides", strides, n);
  const rhsDilation = intList(op, "rhsDilation", opts.rhsDilation, n);
  const kernel = dn.rhsSpec.slice(2).map((a, i) => dilateDim(w.shape[a]!, rhsDilation[i]!));
  let pads: ConvPadding;
  const mode = typeof padding === "string" ? padding.toUpperCase() : undefined;
  if (opts.useConsistentPadding === true || mode === "SAME" || mode === "VALID") {
    const perDim = mode !== undefined ? kernel.map(() => mode) : resolvePadding(op, padding, kernel, kernel, stride);
    if (mode !== undefined && mode !== "SAME" && mode !== "VALID") throw new ArgumentError(`${op}: padding "${padding}" is not "SAME", "VALID" or [low, high] pairs.`);
    pads = kernel.map((k, i) => transposePadding(k, stride[i]!, perDim[i]! as "SAME" | "VALID" | readonly [number, number]));
  } else {
    pads = padding;
  }
  if (opts.transposeKernel === true) {
    // Flip the window and swap the kernel's input and output features.
    w = ops.rev(w, dn.rhsSpec.slice(2));
    const perm = w.shape.map((_, i) => (i === dn.rhsSpec[0] ? dn.rhsSpec[1]! : i === dn.rhsSpec[1] ? dn.rhsSpec[0]! : i));
    w = ops.transpose(w, perm);
  }
  return general(op, x, w, new Array<number>(n).fill(1), pads, { lhsDilation: stride, rhsDilation, dimensionNumbers: dn });
}
