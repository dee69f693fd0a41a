/**
 * The closed set of primitive names and the params each one carries. This map types the
 * registry (a missing primitive or rule is a compile error) and makes `Equation` a correlated
 * union: a `switch` on `eqn.primitive` narrows `eqn.params`.
 */
import type { Graph } from "../ir/graph.js";
import type { Aval } from "../ir/types.js";
import type { DType } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";
import type { DotDims } from "../tensor/kernels/matmul.js";
import type { BitwiseParams } from "./bitwise/params.js";
import type { SpecialParams } from "./special/params.js";
import type { MathParams } from "./math/params.js";
import type { CumulativeParams } from "./cumulative/params.js";
import type { SortingParams } from "./sorting/params.js";
import type { RandomParams } from "./random/params.js";
import type { ConvParams } from "./conv/params.js";
import type { WindowParams } from "./window/params.js";
import type { FactorParams } from "./factor/params.js";
import type { EigenParams } from "./eigen/params.js";
import type { FftParams } from "./fft/params.js";
import type { ComplexParams } from "./complex/params.js";

type NoParams = Readonly<Record<never, never>>;

/** A custom jvp rule on flat tensors: (primals, tangents) ↦ (outputs, output tangents). */
export type FlatJvpRule = (primals: readonly Tensor[], tangents: readonly Tensor[]) => [Tensor[], Tensor[]];
/** A custom vjp forward pass on flat tensors: primals ↦ (outputs, residuals). */
export type FlatFwd = (primals: readonly Tensor[]) => [Tensor[], Tensor[]];
/** A custom vjp backward pass on flat tensors: (residuals, output cotangents) ↦ input cotangents. */
export type FlatBwd = (residuals: readonly Tensor[], cotangents: readonly Tensor[]) => Tensor[];

/**
 * Every primitive's params, keyed by the primitive's printed name. Newer areas state theirs in
 * their own `params.ts`, extended here, so each area's primitives are declared next to them.
 */
export interface PrimitiveParams
  extends BitwiseParams, SpecialParams, MathParams, CumulativeParams, SortingParams, RandomParams,
    ConvParams, WindowParams, FactorParams, EigenParams, FftParams, ComplexParams {
  // elementwise unary
  neg: NoParams; sin: NoParams; cos: NoParams; tan: NoParams; tanh: NoParams;
  exp: NoParams; log: NoParams; log1p: NoParams; expm1: NoParams; sqrt: NoParams; rsqrt: NoParams;
  logistic: NoParams; abs: NoParams; sign: NoParams; floor: NoParams; ceil: NoParams; round: NoParams;
  not: NoParams; erf: NoParams;
  integer_pow: { readonly y: number };
  convert_element_type: { readonly newDtype: DType };
  // elementwise binary
  add: NoParams; sub: NoParams; mul: NoParams; div: NoParams; pow: NoParams; max: NoParams; min: NoParams;
  rem: NoParams; and: NoParams; or: NoParams; shift_right_logical: NoParams;
  lt: NoParams; le: NoParams; gt: NoParams; ge: NoParams; eq: NoParams; ne: NoParams;
  select: NoParams;
  // reductions
  reduce_sum: { readonly axes: readonly number[] };
  reduce_max: { readonly axes: readonly number[] };
  reduce_min: { readonly axes: readonly number[] };
  reduce_prod: { readonly axes: readonly number[] };
  argmax: { readonly axis: number };
  argmin: { readonly axis: number };
  argsort: { readonly axis: number };
  // movement
  reshape: { readonly newSizes: readonly number[] };
  broadcast_in_dim: { readonly shape: readonly number[]; readonly broadcastDimensions: readonly number[] };
  transpose: { readonly permutation: readonly number[] };
  slice: {
    readonly startIndices: readonly number[];
    readonly limitIndices: readonly number[];
    readonly strides: readonly number[];
  };
  pad: { readonly paddingValue: number; readonly config: readonly (readonly [number, number, number])[] };
  concatenate: { readonly dimension: number };
  rev: { readonly dimensions: readonly number[] };
  // indexing
  gather: { readonly axis: number };
  scatter_add: { readonly axis: number };
  scatter: { readonly axis: number };
  // linear algebra
  dot_general: { readonly dims: DotDims };
  // creation
  iota: { readonly dtype: DType; readonly shape: readonly number[]; readonly dimension: number };
  // differentiation control
  stop_gradient: NoParams;
  custom_jvp_call: { readonly name: string; readonly fun: Graph; readonly rule: FlatJvpRule };
  custom_vjp_call: { readonly name: string; readonly fun: Graph; readonly fwd: FlatFwd; readonly bwd: FlatBwd };
  custom_lin: { readonly name: string; readonly numResiduals: number; readonly outAvals: readonly Aval[]; readonly bwd: FlatBwd };
  checkpoint: { readonly name: string; readonly fun: Graph };
  // control flow (sub-graphs take their captured values as leading operands)
  jit: { readonly name: string; readonly graph: Graph };
  cond: { readonly branches: readonly Graph[] };
  while: { readonly cond: Graph; readonly body: Graph; readonly condConsts: number; readonly bodyConsts: number };
  scan: {
    readonly body: Graph;
    readonly numConsts: number;
    readonly numCarry: number;
    readonly length: number;
    readonly reverse: boolean;
  };
}

/** The name of a primitive, as printed in graphs. */
export type PrimitiveName = keyof PrimitiveParams;

// The IR's open table of params (ir/types.ts) learns every primitive here, so ir/ never imports
// primitives/. A primitive file may declare its own entry the same way.
declare module "../ir/types.js" {
  interface PrimitiveParamsRegistry extends PrimitiveParams {}
}
