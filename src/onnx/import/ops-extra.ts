/**
 * The rest of the common ONNX ops: more activations (PRelu, Celu, Mish, ThresholdedRelu,
 * Shrink), inverse hyperbolics, bitwise ops, normalizations (LpNormalization,
 * MeanVarianceNormalization), ReduceLogSum, Trilu, EyeLike, Det, GatherND/ScatterND/ScatterElements
 * and DepthToSpace/SpaceToDepth.
 */
import * as np from "../../np/index.js";
import * as ops from "../../primitives/ops.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { NodeCtx, OpImport } from "./kit.js";
import { dtypeOf } from "./model.js";
import { axisOf, sizeOfShape } from "./values.js";

const k = (v: number, like: Tensor): Tensor => np.array(v, { dtype: like.dtype });
const unary = (f: (x: Tensor) => Tensor): OpImport => (c) => f(c.t(0));

/** Flat indices into the first `kk` axes of `shape` from ND indices [..., kk] (negatives wrap). */
function linearIndex(idx: Tensor, shape: readonly number[], kk: number): Tensor {
  const i = np.astype(idx, "int32");
  const dims = np.array(shape.slice(0, kk), { dtype: "int32" });
  const wrapped = np.where(np.less(i, 0), np.add(i, dims), i);
  const strides = shape.slice(0, kk).map((_, a) => sizeOfShape(shape.slice(a + 1, kk)));
  return np.sum(np.mul(wrapped, np.array(strides, { dtype: "int32" })), { axis: -1 });
}

function gatherND(c: NodeCtx): Tensor {
  if (c.attrs.int("batch_dims", 0) !== 0) c.fail("batch_dims other than 0 is not supported");
  const x = c.t(0);
  const idx = c.t(1);
  const kk = idx.shape[idx.ndim - 1]!;
  const flat = np.reshape(x, [sizeOfShape(x.shape.slice(0, kk)), ...x.shape.slice(kk)]);
  return np.take(flat, linearIndex(idx, x.shape, kk), 0);
}

function scatterND(c: NodeCtx): Tensor {
  const x = c.t(0);
  const idx = c.t(1);
  const upd = np.astype(c.t(2), x.dtype);
  const kk = idx.shape[idx.ndim - 1]!;
  const rest = x.shape.slice(kk);
  const flat = np.reshape(x, [sizeOfShape(x.shape.slice(0, kk)), ...rest]);
  const lin = np.reshape(linearIndex(idx, x.shape, kk), [-1]);
  const u = np.reshape(upd, [lin.shape[0]!, ...rest]);
  const red = c.attrs.str("reduction", "none");
  if (red !== "none" && red !== "add") c.fail(`reduction "${red}" is not supported (none and add are)`);
  const y = red === "add" ? ops.scatterAdd(flat, lin, u, 0) : ops.scatter(flat, lin, u, 0);
  return np.reshape(y, x.shape);
}

function scatterElements(c: NodeCtx): Tensor {
  if (c.attrs.str("reduction", "none") !== "none") c.fail(`reduction "${c.attrs.str("reduction", "none")}" is not supported (none is)`);
  const x = c.t(0);
  const axis = axisOf(c.attrs.int("axis", 0), x.ndim, c.where);
  const i = np.astype(c.t(1), "int32");
  return np.putAlongAxis(x, np.where(np.less(i, 0), np.add(i, x.shape[axis]!), i), np.astype(c.t(2), x.dtype), axis);
}

/** DepthToSpace (DCR or CRD) and SpaceToDepth on NCHW, as reshape–transpose–reshape. */
function depthToSpace(c: NodeCtx): Tensor {
  const x = c.t(0);
  const b = c.attrs.int("blocksize", 0);
  const [n, ch, h, w] = x.shape as [number, number, number, number];
  const crd = c.attrs.str("mode", "DCR") === "CRD";
  const y = crd
    ? np.transpose(np.reshape(x, [n, ch / (b * b), b, b, h, w]), [0, 1, 4, 2, 5, 3])
    : np.transpose(np.reshape(x, [n, b, b, ch / (b * b), h, w]), [0, 3, 4, 1, 5, 2]);
  return np.reshape(y, [n, ch / (b * b), h * b, w * b]);
}

function spaceToDepth(c: NodeCtx): Tensor {
  const x = c.t(0);
  const b = c.attrs.int("blocksize", 0);
  const [n, ch, h, w] = x.shape as [number, number, number, number];
  const y = np.transpose(np.reshape(x, [n, ch, h / b, b, w / b, b]), [0, 3, 5, 1, 2, 4]);
  return np.reshape(y, [n, ch * b * b, h / b, w / b]);
}

function lpNorm(c: NodeCtx): Tensor {
  const x = c.t(0);
  const axis = axisOf(c.attrs.int("axis", -1), x.ndim, c.where);
  const p = c.attrs.int("p", 2);
  if (p !== 1 && p !== 2) c.fail(`p = ${p} is not supported (1 and 2 are)`);
  const n = p === 1 ? np.sum(np.abs(x), { axis, keepdims: true }) : np.sqrt(np.sum(np.mul(x, x), { axis, keepdims: true }));
  return np.div(x, n);
}

function meanVarianceNorm(c: NodeCtx): Tensor {
  const x = c.t(0);
  const axes = (c.attrs.ints("axes") ?? [0, 2, 3]).map((a) => axisOf(a, x.ndim, c.where));
  const d = np.sub(x, np.mean(x, { axis: axes, keepdims: true }));
  // ONNX's definition: (x − E[x]) / sqrt(E[(x − E[x])²]), with an epsilon of 1e-9 inside.
  return np.div(d, np.add(np.sqrt(np.mean(np.mul(d, d), { axis: axes, keepdims: true })), k(1e-9, x)));
}

function trilu(c: NodeCtx): Tensor {
  const x = c.t(0);
  const kk = c.has(1) ? c.s(1)![0]! : 0;
  return c.attrs.int("upper", 1) ? np.triu(x, kk) : np.tril(x, kk);
}

function eyeLike(c: NodeCtx): Tensor {
  const x = c.t(0);
  const dtype = c.attrs.has("dtype") ? dtypeOf(c.attrs.int("dtype", 1), `the dtype of ${c.where}`) : x.dtype;
  const [rows, cols] = x.shape as [number, number];
  const kk = c.attrs.int("k", 0);
  const r = np.reshape(np.arange(0, rows, 1, "int32"), [rows, 1]);
  const q = np.reshape(np.arange(0, cols, 1, "int32"), [1, cols]);
  return np.astype(np.equal(np.add(r, kk), q), dtype);
}

function reduceLogSum(c: NodeCtx): Tensor {
  const x = c.t(0);
  const given = c.has(1) ? c.s(1)! : c.attrs.ints("axes") ?? [];
  if (given.length === 0 && c.attrs.int("noop_with_empty_axes", 0)) return np.log(x);
  const axes = given.length === 0 ? x.shape.map((_, i) => i) : given.map((a) => axisOf(a, x.ndim, c.where));
  return np.log(np.sum(x, { axis: axes, keepdims: c.attrs.int("keepdims", 1) !== 0 }));
}

export const EXTRA_OPS: Readonly<Record<string, OpImport>> = {
  Hardmax: (c) => {
    const x = c.t(0);
    const axis = axisOf(c.attrs.int("axis", -1), x.ndim, c.where);
    const first = np.argmax(x, { axis, keepdims: true });
    const iota = np.reshape(np.arange(0, x.shape[axis]!, 1, "int32"), x.shape.map((d, a) => (a === axis ? d : 1)));
    return np.astype(np.equal(iota, np.astype(first, "int32")), x.dtype);
  },
  Asinh: unary(np.arcsinh),
  Acosh: unary(np.arccosh),
  Atanh: unary(np.arctanh),
  PRelu: (c) => {
    const x = c.t(0);
    return np.where(np.less(x, k(0, x)), np.mul(x, c.t(1)), x);
  },
  Celu: (c) => {
    const x = c.t(0);
    const a = c.attrs.float("alpha", 1);
    return np.add(np.maximum(x, k(0, x)), np.mul(k(a, x), np.expm1(np.div(np.minimum(x, k(0, x)), k(a, x)))));
  },
  Mish: unary((x) => np.mul(x, np.tanh(np.logaddexp(x, k(0, x))))),
  ThresholdedRelu: (c) => {
    const x = c.t(0);
    return np.where(np.greater(x, k(c.attrs.float("alpha", 1), x)), x, k(0, x));
  },
  Shrink: (c) => {
    const x = c.t(0);
    const lambd = c.attrs.float("lambd", 0.5);
    const bias = c.attrs.float("bias", 0);
    return np.where(np.less(x, k(-lambd, x)), np.add(x, k(bias, x)), np.where(np.greater(x, k(lambd, x)), np.sub(x, k(bias, x)), k(0, x)));
  },
  BitwiseAnd: (c) => np.bitwiseAnd(c.t(0), c.t(1)),
  BitwiseOr: (c) => np.bitwiseOr(c.t(0), c.t(1)),
  BitwiseXor: (c) => np.bitwiseXor(c.t(0), c.t(1)),
  BitwiseNot: unary(np.bitwiseNot),
  BitShift: (c) => (c.attrs.str("direction", "") === "LEFT" ? np.leftShift(c.t(0), c.t(1)) : np.rightShift(c.t(0), c.t(1))),
  LpNormalization: lpNorm,
  MeanVarianceNormalization: meanVarianceNorm,
  ReduceLogSum: reduceLogSum,
  Trilu: trilu,
  EyeLike: eyeLike,
  Det: unary((x) => np.linalg.det(x)),
  GatherND: gatherND,
  ScatterND: scatterND,
  ScatterElements: scatterElements,
  DepthToSpace: depthToSpace,
  SpaceToDepth: spaceToDepth,
};
