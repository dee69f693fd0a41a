/**
 * The registry: every primitive, by printed name. It `satisfies` a mapped type over
 * `PrimitiveName`, so a primitive without a definition — or a definition without one of its rules —
 * fails to compile. Importing it installs nothing: the package root hands the table to the ops
 * facade (src/wire.ts).
 */
import * as binary from "./elementwise/binary.js";
import { convertElementType } from "./elementwise/convert.js";
import { integerPow } from "./elementwise/integer-pow.js";
import { select } from "./elementwise/select.js";
import * as unary from "./elementwise/unary.js";
import { gather } from "./indexing/gather.js";
import { scatter, scatterAdd } from "./indexing/scatter.js";
import { dotGeneral } from "./linalg/dot-general.js";
import { iota } from "./creation/iota.js";
import { broadcastInDim } from "./movement/broadcast-in-dim.js";
import { concatenate } from "./movement/concatenate.js";
import { pad } from "./movement/pad.js";
import { reshape } from "./movement/reshape.js";
import { rev } from "./movement/rev.js";
import { slice } from "./movement/slice.js";
import { transpose } from "./movement/transpose.js";
import { argmax, argmin } from "./reduce/arg-reduce.js";
import { argsort } from "./reduce/argsort.js";
import { reduceMax, reduceMin, reduceProd, reduceSum } from "./reduce/reduce.js";
import { checkpoint } from "./autodiff/checkpoint.js";
import { customJvpCall } from "./autodiff/custom-jvp.js";
import { customLin, customVjpCall } from "./autodiff/custom-vjp.js";
import { stopGradient } from "./autodiff/stop-gradient.js";
import { cond } from "./control/cond.js";
import { jit } from "./control/jit.js";
import { scan } from "./control/scan.js";
import { whileLoop } from "./control/while.js";
import { bitwisePrimitives } from "./bitwise/index.js";
import { specialPrimitives } from "./special/index.js";
import { mathPrimitives } from "./math/index.js";
import { cumulativePrimitives } from "./cumulative/index.js";
import { sortingPrimitives } from "./sorting/index.js";
import { randomPrimitives } from "./random/index.js";
import { convPrimitives } from "./conv/index.js";
import { windowPrimitives } from "./window/index.js";
import { factorPrimitives } from "./factor/index.js";
import { eigenPrimitives } from "./eigen/index.js";
import { fftPrimitives } from "./fft/index.js";
import { complexPrimitives } from "./complex/index.js";
import type { PrimitiveTable } from "./table.js";

/** Every primitive of fluxion, keyed by its printed name. */
export const registry = {
  neg: unary.neg, sin: unary.sin, cos: unary.cos, tan: unary.tan, tanh: unary.tanh,
  exp: unary.exp, log: unary.log, log1p: unary.log1p, expm1: unary.expm1, sqrt: unary.sqrt, rsqrt: unary.rsqrt,
  erf: unary.erf, logistic: unary.logistic, abs: unary.abs, sign: unary.sign, floor: unary.floor, ceil: unary.ceil,
  round: unary.round, not: unary.not,
  integer_pow: integerPow,
  convert_element_type: convertElementType,
  add: binary.add, sub: binary.sub, mul: binary.mul, div: binary.div, pow: binary.pow,
  max: binary.max, min: binary.min, rem: binary.rem, and: binary.and, or: binary.or,
  shift_right_logical: binary.shiftRightLogical,
  lt: binary.lt, le: binary.le, gt: binary.gt, ge: binary.ge, eq: binary.eq, ne: binary.ne,
  select,
  reduce_sum: reduceSum, reduce_max: reduceMax, reduce_min: reduceMin, reduce_prod: reduceProd,
  argmax, argmin, argsort,
  reshape, broadcast_in_dim: broadcastInDim, transpose, slice, pad, concatenate, rev,
  gather, scatter_add: scatterAdd, scatter,
  dot_general: dotGeneral,
  iota,
  stop_gradient: stopGradient,
  custom_jvp_call: customJvpCall, custom_vjp_call: customVjpCall, custom_lin: customLin,
  checkpoint,
  cond, while: whileLoop, scan,
  jit,
  ...bitwisePrimitives,
  ...specialPrimitives,
  ...mathPrimitives,
  ...cumulativePrimitives,
  ...sortingPrimitives,
  ...randomPrimitives,
  ...convPrimitives,
  ...windowPrimitives,
  ...factorPrimitives,
  ...eigenPrimitives,
  ...fftPrimitives,
  ...complexPrimitives,
} as const satisfies PrimitiveTable;
