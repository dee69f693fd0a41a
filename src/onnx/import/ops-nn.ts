/**
 * Neural-network ops: normalizations (inference BatchNormalization, LayerNormalization,
 * InstanceNormalization), Conv and ConvTranspose (lowered to the conv_general_dilated primitive, the
 * one lax.convGeneralDilated binds), pooling (the reduce_window primitives) and Resize (gathers with
 * index and weight arrays computed in JS, so it differentiates in its input).
 */
import * as np from "../../np/index.js";
import { convGeneralDilated } from "../../primitives/conv/ops.js";
import * as ops from "../../primitives/ops.js";
import { reduceWindow } from "../../primitives/window/ops.js";
import { fromData } from "../../tensor/from-js.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { NodeCtx, OpImport } from "./kit.js";
import { axisOf } from "./values.js";

const k = (v: number, like: Tensor): Tensor => np.array(v, { dtype: like.dtype });

/** A per-channel vector shaped to broadcast against [N, C, ...spatial] of rank `r`. */
const perChannel = (v: Tensor, r: number): Tensor => np.reshape(v, [v.size, ...new Array<number>(r - 2).fill(1)]);

function batchNorm(c: NodeCtx): Tensor {
  if (c.attrs.int("training_mode", 0)) c.fail("training_mode = 1 is not supported (export the model for inference)");
  if (c.nOut > 1) c.fail("the running-statistics outputs of training mode are not supported");
  const x = c.t(0);
  const eps = c.attrs.float("epsilon", 1e-5);
  const [scale, bias, mean, v] = [1, 2, 3, 4].map((i) => perChannel(c.t(i), x.ndim));
  const inv = np.div(scale!, np.sqrt(np.add(v!, k(eps, v!))));
  return np.add(np.mul(np.sub(x, mean!), inv), bias!);
}

function layerNorm(c: NodeCtx): Tensor[] {
  const x = c.t(0);
  const axis = axisOf(c.attrs.int("axis", -1), x.ndim, c.where);
  const eps = c.attrs.float("epsilon", 1e-5);
  const axes = x.shape.map((_, i) => i).filter((i) => i >= axis);
  const mean = np.mean(x, { axis: axes, keepdims: true });
  const d = np.sub(x, mean);
  const invStd = np.reciprocal(np.sqrt(np.add(np.mean(np.mul(d, d), { axis: axes, keepdims: true }), k(eps, x))));
  let y = np.mul(np.mul(d, invStd), c.t(1));
  if (c.has(2)) y = np.add(y, c.t(2));
  return [y, mean, invStd];
}

function instanceNorm(c: NodeCtx): Tensor {
  const x = c.t(0);
  const eps = c.attrs.float("epsilon", 1e-5);
  const axes = x.shape.map((_, i) => i).filter((i) => i >= 2);
  const mean = np.mean(x, { axis: axes, keepdims: true });
  const d = np.sub(x, mean);
  const v = np.mean(np.mul(d, d), { axis: axes, keepdims: true });
  return np.add(np.mul(np.div(d, np.sqrt(np.add(v, k(eps, x)))), perChannel(c.t(1), x.ndim)), perChannel(c.t(2), x.ndim));
}

/** The [lo, hi] padding of each spatial axis from pads / auto_pad (SAME_UPPER puts the odd one at the end). */
function spatialPads(c: NodeCtx, inSizes: readonly number[], windows: readonly number[], strides: readonly number[]): [number, number][] {
  const n = inSizes.length;
  const autoPad = c.attrs.str("auto_pad", "NOTSET");
  if (autoPad === "SAME_UPPER" || autoPad === "SAME_LOWER") {
    return inSizes.map((size, i) => {
      const out = Math.ceil(size / strides[i]!);
      const total = Math.max((out - 1) * strides[i]! + windows[i]! - size, 0);
      const small = Math.floor(total / 2);
      return autoPad === "SAME_UPPER" ? [small, total - small] : [total - small, small];
    });
  }
  if (autoPad === "VALID") return inSizes.map(() => [0, 0]);
  if (autoPad !== "NOTSET") c.fail(`auto_pad "${autoPad}" is not supported`);
  const pads = c.attrs.ints("pads") ?? new Array<number>(2 * n).fill(0);
  return inSizes.map((_, i) => [pads[i]!, pads[i + n]!]);
}

const iotaSpec = (r: number): number[] => Array.from({ length: r }, (_, i) => i);

function addBias(c: NodeCtx, y: Tensor, at: number): Tensor {
  return c.has(at) ? np.add(y, perChannel(c.t(at), y.ndim)) : y;
}

function conv(c: NodeCtx): Tensor {
  const x = c.t(0);
  const w = c.t(1);
  const n = x.ndim - 2;
  const strides = c.attrs.ints("strides") ?? new Array<number>(n).fill(1);
  const dil = c.attrs.ints("dilations") ?? new Array<number>(n).fill(1);
  const windows = w.shape.slice(2).map((kk, i) => (kk - 1) * dil[i]! + 1);
  const padding = spatialPads(c, x.shape.slice(2), windows, strides);
  const y = convGeneralDilated(x, np.astype(w, x.dtype), {
    windowStrides: strides,
    padding,
    lhsDilation: new Array<number>(n).fill(1),
    rhsDilation: dil,
    dimensionNumbers: { lhsSpec: iotaSpec(n + 2), rhsSpec: iotaSpec(n + 2), outSpec: iotaSpec(n + 2) },
    featureGroupCount: c.attrs.int("group", 1),
    batchGroupCount: 1,
  });
  return addBias(c, y, 2);
}

/**
 * ConvTranspose as the gradient of a convolution: the input dilated by the strides, the kernel
 * flipped with its in/out roles swapped per group, padded by (k−1)·d − pad on each side.
 */
function convTranspose(c: NodeCtx): Tensor {
  const x = c.t(0);
  const w = np.astype(c.t(1), x.dtype); // [C, M/g, k...]
  const n = x.ndim - 2;
  const g = c.attrs.int("group", 1);
  const strides = c.attrs.ints("strides") ?? new Array<number>(n).fill(1);
  const dil = c.attrs.ints("dilations") ?? new Array<number>(n).fill(1);
  const outPad = c.attrs.ints("output_padding") ?? new Array<number>(n).fill(0);
  const ks = w.shape.slice(2);
  const extent = ks.map((kk, i) => (kk - 1) * dil[i]! + 1);
  const inSizes = x.shape.slice(2);
  let pads: [number, number][];
  const outShape = c.attrs.ints("output_shape");
  const autoPad = c.attrs.str("auto_pad", "NOTSET");
  if (outShape !== undefined || autoPad === "SAME_UPPER" || autoPad === "SAME_LOWER") {
    const target = outShape?.slice(-n) ?? inSizes.map((s, i) => s * strides[i]!);
    pads = inSizes.map((s, i) => {
      const total = strides[i]! * (s - 1) + outPad[i]! + extent[i]! - target[i]!;
      const half = Math.floor(total / 2);
      return autoPad === "SAME_UPPER" ? [half, total - half] : [total - half, half];
    });
  } else {
    if (autoPad !== "NOTSET" && autoPad !== "VALID") c.fail(`auto_pad "${autoPad}" is not supported`);
    const p = c.attrs.ints("pads") ?? new Array<number>(2 * n).fill(0);
    pads = inSizes.map((_, i) => [p[i]!, p[i + n]!]);
  }
  const [cin, mg] = [w.shape[0]!, w.shape[1]!];
  // [C, M/g, k] → [g, C/g, M/g, k] → [g, M/g, C/g, k] → [M, C/g, k], spatially flipped.
  const wg = np.reshape(w, [g, cin / g, mg, ...ks]);
  const wt = np.reshape(np.transpose(wg, [0, 2, 1, ...ks.map((_, i) => i + 3)]), [g * mg, cin / g, ...ks]);
  const rhs = ops.rev(wt, ks.map((_, i) => i + 2));
  const y = convGeneralDilated(x, rhs, {
    windowStrides: new Array<number>(n).fill(1),
    padding: pads.map(([lo, hi], i) => [extent[i]! - 1 - lo, extent[i]! - 1 - hi + outPad[i]!] as const),
    lhsDilation: strides,
    rhsDilation: dil,
    dimensionNumbers: { lhsSpec: iotaSpec(n + 2), rhsSpec: iotaSpec(n + 2), outSpec: iotaSpec(n + 2) },
    featureGroupCount: g,
    batchGroupCount: 1,
  });
  return addBias(c, y, 2);
}

/** The window geometry of a pooling node over [N, C, ...spatial], with ceil_mode's extra end padding. */
function poolGeometry(c: NodeCtx, x: Tensor) {
  const n = x.ndim - 2;
  const ks = c.attrs.ints("kernel_shape") ?? c.fail("kernel_shape is required");
  const strides = c.attrs.ints("strides") ?? new Array<number>(n).fill(1);
  const dil = c.attrs.ints("dilations") ?? new Array<number>(n).fill(1);
  const extent = ks.map((kk, i) => (kk - 1) * dil[i]! + 1);
  const inSizes = x.shape.slice(2);
  const pads = spatialPads(c, inSizes, extent, strides);
  const ceil = c.attrs.int("ceil_mode", 0) !== 0;
  const extra = inSizes.map((s, i) => {
    if (!ceil) return 0;
    const span = s + pads[i]![0] + pads[i]![1] - extent[i]!;
    let out = Math.ceil(span / strides[i]!) + 1;
    // The last window must start inside the input or its leading padding.
    if ((out - 1) * strides[i]! >= s + pads[i]![0]) out--;
    return Math.max((out - 1) * strides[i]! + extent[i]! - (s + pads[i]![0] + pads[i]![1]), 0);
  });
  const one = [1, 1];
  return {
    pads,
    extra,
    geometry: {
      windowDimensions: [...one, ...ks],
      windowStrides: [...one, ...strides],
      padding: [[0, 0] as const, [0, 0] as const, ...pads.map(([lo, hi], i) => [lo, hi + extra[i]!] as const)],
      baseDilation: [1, 1, ...ks.map(() => 1)],
      windowDilation: [...one, ...dil],
    },
  };
}

function maxPool(c: NodeCtx): Tensor {
  if (c.nOut > 1) c.fail("the Indices output of MaxPool is not supported");
  const x = c.t(0);
  return reduceWindow("reduce_window_max", x, poolGeometry(c, x).geometry);
}

function averagePool(c: NodeCtx): Tensor {
  const x = c.t(0);
  const { geometry, pads, extra } = poolGeometry(c, x);
  const sums = reduceWindow("reduce_window_sum", x, geometry);
  // How many elements each window averages: the input's, plus the explicit pads with count_include_pad (never ceil_mode's extra).
  const spatial = x.shape.slice(2);
  const include = c.attrs.int("count_include_pad", 0) !== 0;
  const ones = include
    ? ops.pad(np.ones([1, 1, ...spatial], x.dtype), 1, [[0, 0, 0], [0, 0, 0], ...pads.map(([lo, hi]) => [lo, hi, 0] as const)])
    : np.ones([1, 1, ...spatial], x.dtype);
  const countGeometry = include
    ? { ...geometry, padding: [[0, 0] as const, [0, 0] as const, ...extra.map((e) => [0, e] as const)] }
    : geometry;
  return np.div(sums, reduceWindow("reduce_window_sum", ones, countGeometry));
}

const spatialAxes = (x: Tensor): number[] => x.shape.map((_, i) => i).filter((i) => i >= 2);

/** Source coordinates of each output index along one axis (coordinate_transformation_mode). */
function sourceCoords(c: NodeCtx, mode: string, inSize: number, outSize: number, scale: number): number[] {
  return Array.from({ length: outSize }, (_, o) => {
    switch (mode) {
      case "half_pixel": return (o + 0.5) / scale - 0.5;
      case "pytorch_half_pixel": return outSize > 1 ? (o + 0.5) / scale - 0.5 : 0;
      case "align_corners": return outSize === 1 ? 0 : (o * (inSize - 1)) / (outSize - 1);
      case "asymmetric": return o / scale;
      case "half_pixel_symmetric": {
        const adj = outSize / (scale * inSize);
        const center = inSize / 2;
        return center * (1 - adj) + (o + 0.5) / scale - 0.5;
      }
      default: return c.fail(`coordinate_transformation_mode "${mode}" is not supported`);
    }
  });
}

function nearestIndex(c: NodeCtx, mode: string, x: number): number {
  switch (mode) {
    case "round_prefer_floor": return x === Math.floor(x) + 0.5 ? Math.floor(x) : Math.round(x);
    case "round_prefer_ceil": return Math.round(x);
    case "floor": return Math.floor(x);
    case "ceil": return Math.ceil(x);
    default: return c.fail(`nearest_mode "${mode}" is not supported`);
  }
}

const indexTensor = (idx: readonly number[]): Tensor => fromData([idx.length], "int32", Int32Array.from(idx));

function resize(c: NodeCtx): Tensor {
  const x = c.t(0);
  const r = x.ndim;
  const mode = c.attrs.str("mode", "nearest");
  if (mode !== "nearest" && mode !== "linear") c.fail(`mode "${mode}" is not supported (nearest and linear are)`);
  if (c.attrs.int("antialias", 0)) c.fail("antialias is not supported");
  if (c.attrs.str("keep_aspect_ratio_policy", "stretch") !== "stretch") c.fail("keep_aspect_ratio_policy other than stretch is not supported");
  const ctm = c.attrs.str("coordinate_transformation_mode", "half_pixel");
  if (ctm === "tf_crop_and_resize") c.fail('coordinate_transformation_mode "tf_crop_and_resize" is not supported');
  const axes = (c.attrs.ints("axes") ?? x.shape.map((_, i) => i)).map((a) => axisOf(a, r, c.where));
  const scalesIn = c.has(2) ? c.s(2)! : [];
  const sizesIn = c.has(3) ? c.s(3)! : [];
  const scales = x.shape.map(() => 1);
  const sizes = [...x.shape];
  axes.forEach((a, i) => {
    if (sizesIn.length > 0) {
      sizes[a] = sizesIn[i]!;
      scales[a] = sizes[a]! / x.shape[a]!;
    } else if (scalesIn.length > 0) {
      scales[a] = scalesIn[i]!;
      sizes[a] = Math.floor(x.shape[a]! * scales[a]!);
    } else c.fail("neither scales nor sizes is given");
  });
  let y = x;
  for (let a = 0; a < r; a++) {
    const [inSize, outSize] = [x.shape[a]!, sizes[a]!];
    if (inSize === outSize && scales[a] === 1) continue;
    const coords = sourceCoords(c, ctm, inSize, outSize, scales[a]!);
    const clampIdx = (i: number): number => Math.min(Math.max(i, 0), inSize - 1);
    if (mode === "nearest") {
      const nm = c.attrs.str("nearest_mode", "round_prefer_floor");
      y = np.take(y, indexTensor(coords.map((s) => clampIdx(nearestIndex(c, nm, s)))), a);
      continue;
    }
    const xs = coords.map((s) => Math.min(Math.max(s, 0), inSize - 1));
    const i0 = xs.map(Math.floor);
    const i1 = i0.map((i) => clampIdx(i + 1));
    const wshape = x.shape.map((_, b) => (b === a ? outSize : 1));
    const w1 = np.reshape(np.array(xs.map((s, j) => s - i0[j]!), { dtype: x.dtype }), wshape);
    const w0 = np.sub(k(1, w1), w1);
    y = np.add(np.mul(np.take(y, indexTensor(i0), a), w0), np.mul(np.take(y, indexTensor(i1), a), w1));
  }
  return y;
}

/** Local response normalization across channels: x / (bias + alpha/size · Σ x² over a window of channels)^beta. */
function lrn(c: NodeCtx): Tensor {
  const x = c.t(0);
  const size = c.attrs.int("size", 1);
  const alpha = c.attrs.float("alpha", 1e-4);
  const beta = c.attrs.float("beta", 0.75);
  const bias = c.attrs.float("bias", 1);
  const ones = x.shape.map(() => 1);
  const sq = reduceWindow("reduce_window_sum", np.mul(x, x), {
    windowDimensions: x.shape.map((_, a) => (a === 1 ? size : 1)),
    windowStrides: ones,
    padding: x.shape.map((_, a) => (a === 1 ? [Math.floor((size - 1) / 2), Math.ceil((size - 1) / 2)] as const : [0, 0] as const)),
    baseDilation: ones,
    windowDilation: ones,
  });
  return np.div(x, np.pow(np.add(np.mul(sq, k(alpha / size, x)), k(bias, x)), k(beta, x)));
}

export const NN_OPS: Readonly<Record<string, OpImport>> = {
  LRN: lrn,
  BatchNormalization: batchNorm,
  LayerNormalization: layerNorm,
  InstanceNormalization: instanceNorm,
  Conv: conv,
  ConvTranspose: convTranspose,
  MaxPool: maxPool,
  AveragePool: averagePool,
  GlobalAveragePool: (c) => np.mean(c.t(0), { axis: spatialAxes(c.t(0)), keepdims: true }),
  GlobalMaxPool: (c) => np.max(c.t(0), { axis: spatialAxes(c.t(0)), keepdims: true }),
  Resize: resize,
};
