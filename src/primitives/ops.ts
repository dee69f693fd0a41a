/**
 * The ops facade: one function per primitive that binds it. Rules and the np layer call ops
 * (never kernels), so everything they do is traced by whatever interpreter is current. Inputs must
 * already be tensors of matching dtypes; user-facing coercion lives in src/np.
 */
import type { DType } from "../tensor/dtype.js";
import type { DotDims } from "../tensor/kernels/matmul.js";
import type { Tensor } from "../tensor/tensor.js";
import { bind, bind1 } from "./bind.js";
import type { PrimitiveName, PrimitiveParams } from "./params.js";
import { primitive } from "./table.js";

/**
 * The primitives whose params are empty, read from their params types: the names `unaryOp` and
 * `binaryOp` bind. (Not from the registry's values: the primitive files that build the registry
 * call these functions, so a type read from the registry would depend on itself.) How many
 * operands each takes is the definition's `operands`, checked when it is bound (rule-types.ts).
 */
export type NoParamsName = { [N in PrimitiveName]: {} extends PrimitiveParams[N] ? N : never }[PrimitiveName];

/** Binds a primitive with one output. */
export function apply1<N extends PrimitiveName>(name: N, inputs: readonly Tensor[], params: PrimitiveParams[N]): Tensor {
  return bind1(primitive(name), inputs, params);
}

/** Binds a primitive with several outputs. */
export function applyN<N extends PrimitiveName>(name: N, inputs: readonly Tensor[], params: PrimitiveParams[N]): Tensor[] {
  return bind(primitive(name), inputs, params);
}

/** A no-params unary primitive. */
export function unaryOp<N extends NoParamsName>(name: N, x: Tensor): Tensor {
  return apply1(name, [x], {} as PrimitiveParams[N]);
}

/** A no-params binary primitive (equal shapes or a scalar; equal dtypes). */
export function binaryOp<N extends NoParamsName>(name: N, x: Tensor, y: Tensor): Tensor {
  return apply1(name, [x, y], {} as PrimitiveParams[N]);
}

export const neg = (x: Tensor): Tensor => unaryOp("neg", x);
export const sin = (x: Tensor): Tensor => unaryOp("sin", x);
export const cos = (x: Tensor): Tensor => unaryOp("cos", x);
export const exp = (x: Tensor): Tensor => unaryOp("exp", x);
export const log = (x: Tensor): Tensor => unaryOp("log", x);
export const add = (x: Tensor, y: Tensor): Tensor => binaryOp("add", x, y);
export const sub = (x: Tensor, y: Tensor): Tensor => binaryOp("sub", x, y);
export const mul = (x: Tensor, y: Tensor): Tensor => binaryOp("mul", x, y);
export const div = (x: Tensor, y: Tensor): Tensor => binaryOp("div", x, y);
export const select = (p: Tensor, t: Tensor, f: Tensor): Tensor => apply1("select", [p, t, f], {});
export const integerPow = (x: Tensor, y: number): Tensor => apply1("integer_pow", [x], { y });
export const convert = (x: Tensor, newDtype: DType): Tensor => (x.dtype === newDtype ? x : apply1("convert_element_type", [x], { newDtype }));
export const reduceSum = (x: Tensor, axes: readonly number[]): Tensor => apply1("reduce_sum", [x], { axes });
export const reduceMax = (x: Tensor, axes: readonly number[]): Tensor => apply1("reduce_max", [x], { axes });
export const reduceMin = (x: Tensor, axes: readonly number[]): Tensor => apply1("reduce_min", [x], { axes });
export const reduceProd = (x: Tensor, axes: readonly number[]): Tensor => apply1("reduce_prod", [x], { axes });
export const argmax = (x: Tensor, axis: number): Tensor => apply1("argmax", [x], { axis });
export const argmin = (x: Tensor, axis: number): Tensor => apply1("argmin", [x], { axis });
export const argsort = (x: Tensor, axis: number): Tensor => apply1("argsort", [x], { axis });
export const reshape = (x: Tensor, newSizes: readonly number[]): Tensor => apply1("reshape", [x], { newSizes });
export const broadcastInDim = (x: Tensor, shape: readonly number[], broadcastDimensions: readonly number[]): Tensor =>
  apply1("broadcast_in_dim", [x], { shape, broadcastDimensions });
export const transpose = (x: Tensor, permutation: readonly number[]): Tensor => apply1("transpose", [x], { permutation });
export const slice = (x: Tensor, startIndices: readonly number[], limitIndices: readonly number[], strides: readonly number[]): Tensor =>
  apply1("slice", [x], { startIndices, limitIndices, strides });
export const pad = (x: Tensor, paddingValue: number, config: readonly (readonly [number, number, number])[]): Tensor =>
  apply1("pad", [x], { paddingValue, config });
export const concatenate = (xs: readonly Tensor[], dimension: number): Tensor => apply1("concatenate", xs, { dimension });
export const rev = (x: Tensor, dimensions: readonly number[]): Tensor => apply1("rev", [x], { dimensions });
export const gather = (x: Tensor, indices: Tensor, axis: number): Tensor => apply1("gather", [x, indices], { axis });
export const scatterAdd = (x: Tensor, indices: Tensor, updates: Tensor, axis: number): Tensor =>
  apply1("scatter_add", [x, indices, updates], { axis });
export const scatter = (x: Tensor, indices: Tensor, updates: Tensor, axis: number): Tensor =>
  apply1("scatter", [x, indices, updates], { axis });
export const dotGeneral = (a: Tensor, b: Tensor, dims: DotDims): Tensor => apply1("dot_general", [a, b], { dims });
export const iota = (dtype: DType, shape: readonly number[], dimension: number): Tensor => apply1("iota", [], { dtype, shape, dimension });
export const randomBits = (keys: Tensor, shape: readonly number[]): Tensor => apply1("random_bits", [keys], { shape });
