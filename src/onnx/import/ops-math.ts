/**
 * Elementwise math, logic, casts, products (MatMul, Gemm, Einsum), softmax and reductions. Each op
 * goes through np (or a primitive where np has no spelling: erf, logistic), so it traces under
 * grad, vmap and jit; elementwise ops on statics (shape arithmetic) are computed in JS.
 */
import { stopGradient } from "../../api/custom.js";
import * as np from "../../np/index.js";
import * as ops from "../../primitives/ops.js";
import { isInteger } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { NodeCtx, OpImport } from "./kit.js";
import { OnnxType } from "../proto.js";
import { dtypeOf } from "./model.js";
import { type Static, type Value, axisOf, isStatic, staticMap } from "./values.js";

const unary = (f: (x: Tensor) => Tensor): OpImport => (c) => f(c.t(0));

/** A binary op with numpy broadcasting; `st` computes it on statics. */
function binary(f: (x: Tensor, y: Tensor) => Tensor, st?: (a: number, b: number, integer: boolean) => number, bool = false): OpImport {
  return (c) => {
    if (st !== undefined && c.allStatic()) {
      const [a, b] = c.inputs as Static[];
      return staticMap([a!, b!], bool ? "bool" : a!.dtype, (x, y) => st(x, y, isInteger(a!.dtype)), c.where);
    }
    return f(c.t(0), c.t(1));
  };
}

/** A variadic op (Sum, Min, Max) folded with `f`. */
const variadic = (f: (x: Tensor, y: Tensor) => Tensor, st?: (a: number, b: number) => number): OpImport => (c) => {
  if (st !== undefined && c.allStatic()) {
    const xs = c.inputs as Static[];
    return staticMap(xs, xs[0]!.dtype, (...v) => v.reduce((a, b) => st(a, b)), c.where);
  }
  return c.inputs.map((_, i) => c.t(i)).reduce(f);
};

const k = (v: number, like: Tensor): Tensor => np.array(v, { dtype: like.dtype });

/** ONNX's integer Div truncates toward zero; float Div is true division. */
function divide(x: Tensor, y: Tensor): Tensor {
  if (isInteger(x.dtype) && isInteger(y.dtype)) return np.astype(np.trunc(np.div(x, y)), x.dtype);
  return np.div(x, y);
}

const sigmoid = (x: Tensor): Tensor => ops.unaryOp("logistic", x);
const erf = (x: Tensor): Tensor => ops.unaryOp("erf", x);
/** expm1 of the negative part only: the branch `where` discards never overflows (a NaN gradient otherwise). */
const expm1Neg = (x: Tensor): Tensor => np.expm1(np.minimum(x, k(0, x)));

function gelu(c: NodeCtx): Tensor {
  const x = c.t(0);
  if (c.attrs.str("approximate", "none") === "tanh") {
    const inner = np.mul(k(Math.sqrt(2 / Math.PI), x), np.add(x, np.mul(k(0.044715, x), np.mul(x, np.mul(x, x)))));
    return np.mul(np.mul(k(0.5, x), x), np.add(k(1, x), np.tanh(inner)));
  }
  return np.mul(np.mul(k(0.5, x), x), np.add(k(1, x), erf(np.mul(x, k(Math.SQRT1_2, x)))));
}

/** A Cast of a static keeps int64 values exact (statics are JS numbers) and wraps to 32 bits as int32/uint32 do. */
function staticCast(to: number): (x: number) => number {
  switch (to) {
    case OnnxType.BOOL: return (x) => (x !== 0 ? 1 : 0);
    case OnnxType.FLOAT: return Math.fround;
    case OnnxType.DOUBLE: return (x) => x;
    case OnnxType.INT32: return (x) => Math.trunc(x) | 0;
    case OnnxType.UINT32: return (x) => Math.trunc(x) >>> 0;
    default: return Math.trunc;
  }
}

function cast(c: NodeCtx): Value {
  const toType = c.attrs.int("to", 1);
  const to = dtypeOf(toType, `the target type of ${c.where}`);
  const v = c.inputs[0]!;
  if (isStatic(v)) return staticMap([v], to, staticCast(toType), c.where);
  return np.astype(v, to);
}

function clip(c: NodeCtx): Tensor {
  let x = c.t(0);
  const lo = c.has(1) ? c.t(1) : c.attrs.has("min") ? k(c.attrs.float("min", 0), x) : undefined;
  const hi = c.has(2) ? c.t(2) : c.attrs.has("max") ? k(c.attrs.float("max", 0), x) : undefined;
  if (lo !== undefined) x = np.maximum(x, np.astype(lo, x.dtype));
  if (hi !== undefined) x = np.minimum(x, np.astype(hi, x.dtype));
  return x;
}

function gemm(c: NodeCtx): Tensor {
  let a = c.t(0);
  let b = c.t(1);
  if (c.attrs.int("transA", 0)) a = np.transpose(a);
  if (c.attrs.int("transB", 0)) b = np.transpose(b);
  const alpha = c.attrs.float("alpha", 1);
  const beta = c.attrs.float("beta", 1);
  let y = np.matmul(a, b);
  if (alpha !== 1) y = np.mul(y, k(alpha, y));
  if (c.has(2)) {
    const cc = c.t(2);
    y = np.add(y, beta === 1 ? cc : np.mul(cc, k(beta, cc)));
  }
  return y;
}

/** Max over `axes`, kept, without a gradient: the shift that keeps exp from overflowing. */
const shiftOf = (x: Tensor, axes: number[]): Tensor => stopGradient(np.max(x, { axis: axes, keepdims: true }));

/** Softmax/LogSoftmax along `axis` (opset 13's definition; default −1), shifted by the max so exp cannot overflow. */
function softmaxLike(log: boolean): OpImport {
  return (c) => {
    const x = c.t(0);
    const axes = [axisOf(c.attrs.int("axis", -1), x.ndim, c.where)];
    const z = np.sub(x, shiftOf(x, axes));
    const s = np.sum(np.exp(z), { axis: axes, keepdims: true });
    return log ? np.sub(z, np.log(s)) : np.div(np.exp(z), s);
  };
}

/** The axes a reduction reduces: the `axes` input (opset 18, ReduceSum 13) or attribute; all, or none with noop_with_empty_axes. */
function reduceAxes(c: NodeCtx, rank: number): number[] | undefined {
  const given = c.has(1) ? c.s(1)! : c.attrs.ints("axes") ?? [];
  if (given.length === 0) return c.attrs.int("noop_with_empty_axes", 0) ? undefined : Array.from({ length: rank }, (_, i) => i);
  return given.map((a) => axisOf(a, rank, c.where));
}

function reduction(f: (x: Tensor, axes: number[], keepdims: boolean) => Tensor): OpImport {
  return (c) => {
    const x = c.t(0);
    const axes = reduceAxes(c, x.ndim);
    if (axes === undefined) return x;
    return f(x, axes, c.attrs.int("keepdims", 1) !== 0);
  };
}

function logSumExp(x: Tensor, axes: number[], keepdims: boolean): Tensor {
  const m = shiftOf(x, axes);
  const y = np.add(np.log(np.sum(np.exp(np.sub(x, m)), { axis: axes, keepdims: true })), m);
  return keepdims ? y : np.squeeze(y, axes);
}

function argExtreme(f: typeof np.argmax): OpImport {
  return (c) => {
    const x = c.t(0);
    const axis = axisOf(c.attrs.int("axis", 0), x.ndim, c.where);
    const keepdims = c.attrs.int("keepdims", 1) !== 0;
    if (!c.attrs.int("select_last_index", 0)) return f(x, { axis, keepdims });
    // The last extreme: the first of the reversed axis, counted back from the end.
    const r = f(np.flip(x, axis), { axis, keepdims });
    return np.sub(np.array(x.shape[axis]! - 1, { dtype: r.dtype }), r);
  };
}

function where(c: NodeCtx): Value {
  if (c.allStatic()) {
    const [p, a, b] = c.inputs as Static[];
    return staticMap([p!, a!, b!], a!.dtype, (q, x, y) => (q ? x : y), c.where);
  }
  return np.where(c.t(0), c.t(1), c.t(2));
}

function identity(c: NodeCtx): Value | Value[] {
  const x = c.inputs[0]!;
  // Dropout in inference: the input, and an all-true mask when asked.
  return c.nOut > 1 ? [x, np.full(x.shape, true, "bool")] : x;
}

export const MATH_OPS: Readonly<Record<string, OpImport>> = {
  Add: binary(np.add, (a, b) => a + b),
  Sub: binary(np.sub, (a, b) => a - b),
  Mul: binary(np.mul, (a, b) => a * b),
  Div: binary(divide, (a, b, int) => (int ? Math.trunc(a / b) : a / b)),
  Pow: binary((x, y) => np.pow(x, np.astype(y, x.dtype))),
  Mod: (c) => (c.attrs.int("fmod", 0) ? np.fmod(c.t(0), c.t(1)) : np.remainder(c.t(0), c.t(1))),
  Neg: (c) => (c.allStatic() ? staticMap([c.inputs[0] as Static], (c.inputs[0] as Static).dtype, (a) => -a, c.where) : np.neg(c.t(0))),
  Abs: unary(np.abs),
  Sign: unary(np.sign),
  Exp: unary(np.exp),
  Log: unary(np.log),
  Sqrt: unary(np.sqrt),
  Reciprocal: unary(np.reciprocal),
  Tanh: unary(np.tanh),
  Sin: unary(np.sin),
  Cos: unary(np.cos),
  Tan: unary(np.tan),
  Asin: unary(np.arcsin),
  Acos: unary(np.arccos),
  Atan: unary(np.arctan),
  Sinh: unary(np.sinh),
  Cosh: unary(np.cosh),
  Floor: unary(np.floor),
  Ceil: unary(np.ceil),
  Round: unary(np.round),
  Erf: unary(erf),
  Sigmoid: unary(sigmoid),
  Relu: unary((x) => np.maximum(x, k(0, x))),
  LeakyRelu: (c) => {
    const x = c.t(0);
    return np.where(np.less(x, k(0, x)), np.mul(x, k(c.attrs.float("alpha", 0.01), x)), x);
  },
  Elu: (c) => {
    const x = c.t(0);
    return np.where(np.less(x, k(0, x)), np.mul(expm1Neg(x), k(c.attrs.float("alpha", 1), x)), x);
  },
  Selu: (c) => {
    const x = c.t(0);
    const alpha = c.attrs.float("alpha", 1.67326319217681884765625);
    const gamma = c.attrs.float("gamma", 1.05070102214813232421875);
    return np.mul(k(gamma, x), np.where(np.greater(x, k(0, x)), x, np.mul(expm1Neg(x), k(alpha, x))));
  },
  Softplus: unary((x) => np.logaddexp(x, k(0, x))),
  Softsign: unary((x) => np.div(x, np.add(k(1, x), np.abs(x)))),
  HardSigmoid: (c) => {
    const x = c.t(0);
    const y = np.add(np.mul(x, k(c.attrs.float("alpha", 0.2), x)), k(c.attrs.float("beta", 0.5), x));
    return np.minimum(np.maximum(y, k(0, x)), k(1, x));
  },
  HardSwish: unary((x) => np.mul(x, np.minimum(np.maximum(np.add(np.mul(x, k(1 / 6, x)), k(0.5, x)), k(0, x)), k(1, x)))),
  Gelu: gelu,
  Clip: clip,
  Min: variadic(np.minimum, Math.min),
  Max: variadic(np.maximum, Math.max),
  Sum: variadic(np.add, (a, b) => a + b),
  Mean: (c) => {
    const s = c.inputs.map((_, i) => c.t(i)).reduce((a, b) => np.add(a, b));
    return np.div(s, k(c.inputs.length, s));
  },
  Where: where,
  Equal: binary(np.equal, (a, b) => Number(a === b), true),
  Less: binary(np.less, (a, b) => Number(a < b), true),
  Greater: binary(np.greater, (a, b) => Number(a > b), true),
  LessOrEqual: binary(np.lessEqual, (a, b) => Number(a <= b), true),
  GreaterOrEqual: binary(np.greaterEqual, (a, b) => Number(a >= b), true),
  Not: unary(np.logicalNot),
  And: binary(np.logicalAnd),
  Or: binary(np.logicalOr),
  Xor: binary(np.logicalXor),
  IsNaN: unary(np.isnan),
  IsInf: (c) => {
    const x = c.t(0);
    const pos = c.attrs.int("detect_positive", 1) !== 0;
    const neg = c.attrs.int("detect_negative", 1) !== 0;
    return pos && neg ? np.isinf(x) : pos ? np.isposinf(x) : neg ? np.isneginf(x) : np.full(x.shape, false, "bool");
  },
  Cast: cast,
  CastLike: (c) => np.astype(c.t(0), c.t(1).dtype),
  Identity: identity,
  Dropout: identity,
  MatMul: (c) => np.matmul(c.t(0), c.t(1)),
  Gemm: gemm,
  Einsum: (c) => np.einsum(c.attrs.str("equation", "").replace(/\s+/g, ""), ...c.inputs.map((_, i) => c.t(i))),
  Softmax: softmaxLike(false),
  LogSoftmax: softmaxLike(true),
  ReduceSum: reduction((x, axis, keepdims) => np.sum(x, { axis, keepdims })),
  ReduceMean: reduction((x, axis, keepdims) => np.mean(x, { axis, keepdims })),
  ReduceMax: reduction((x, axis, keepdims) => np.max(x, { axis, keepdims })),
  ReduceMin: reduction((x, axis, keepdims) => np.min(x, { axis, keepdims })),
  ReduceProd: reduction((x, axis, keepdims) => np.prod(x, { axis, keepdims })),
  ReduceL1: reduction((x, axis, keepdims) => np.sum(np.abs(x), { axis, keepdims })),
  ReduceL2: reduction((x, axis, keepdims) => np.sqrt(np.sum(np.mul(x, x), { axis, keepdims }))),
  ReduceSumSquare: reduction((x, axis, keepdims) => np.sum(np.mul(x, x), { axis, keepdims })),
  ReduceLogSumExp: reduction(logSumExp),
  ArgMax: argExtreme(np.argmax),
  ArgMin: argExtreme(np.argmin),
};
