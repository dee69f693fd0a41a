/**
 * Rule factories for the kinds of primitive (elementwise unary, elementwise binary, comparison):
 * the kind supplies the shape rule, the reference kernel call, the batching rule and what the
 * registry's derived lists read (kind, operand count), so each primitive states
 * only what is its own (its derivative). Elementwise binary inputs must have equal shapes, or one
 * of them be a scalar.
 */
import { DTypeError, ShapeError, fmtShape } from "../errors.js";
import { type Aval, aval } from "../ir/types.js";
import type { DType } from "../tensor/dtype.js";
import { fromData } from "../tensor/from-js.js";
import { type BinaryKernel, type UnaryKernel, binary, unary } from "../tensor/kernels/elementwise.js";
import { shapesEqual } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { elementwiseBatch, passThroughBatch } from "./batching.js";
import * as ops from "./ops.js";
import type { PrimitiveName } from "./params.js";
import type { BatchRule } from "./rule-types.js";

/** Which dtypes an elementwise primitive accepts. */
export type DTypeClass = "float" | "numeric" | "int" | "bitwise" | "bool" | "any";

const accepts: Record<DTypeClass, readonly DType[]> = {
  float: ["float32", "float64"],
  numeric: ["float32", "float64", "int32", "uint32"],
  int: ["int32", "uint32"],
  // What JAX's and/or/not/xor take: integers bitwise, bool logically.
  bitwise: ["int32", "uint32", "bool"],
  bool: ["bool"],
  any: ["float32", "float64", "int32", "uint32", "bool"],
};

/** Throws a DTypeError unless `dtype` is in `cls`. */
export function checkDType(op: string, arg: string, dtype: DType, cls: DTypeClass): void {
  if (!accepts[cls].includes(dtype)) {
    const fix = cls === "float" ? "Cast it with np.astype(x, \"float32\")." : `Pass ${accepts[cls].join(" or ")}.`;
    throw new DTypeError(`${op}: ${arg} has dtype ${dtype}, but ${op} takes ${accepts[cls].join(" or ")}. ${fix}`);
  }
}

/** What an elementwise kind factory supplies to `definePrimitive`. */
export interface ElementwiseRules<N extends PrimitiveName, O extends 1 | 2> {
  readonly kind: "elementwise";
  readonly operands: O;
  readonly shapeRule: (inputs: readonly Aval[]) => Aval[];
  readonly impl: (inputs: readonly Tensor[], params: unknown, outAvals: readonly Aval[]) => Tensor[];
  readonly batchRule: BatchRule<N>;
}

/**
 * Shape rule, reference kernel and batching rule of an elementwise unary primitive (the batch dim
 * passes through). How a backend runs or fuses it is that backend's lowering table.
 */
export function unaryElementwise<N extends ops.NoParamsName>(name: N, kernel: UnaryKernel, cls: DTypeClass, outDType?: DType): ElementwiseRules<N, 1> {
  return {
    kind: "elementwise",
    operands: 1,
    batchRule: passThroughBatch<N>((x) => ops.unaryOp(name, x)),
    shapeRule: ([x]: readonly Aval[]): Aval[] => {
      checkDType(name, "args[0]", x!.dtype, cls);
      return [aval(x!.shape, outDType ?? x!.dtype)];
    },
    impl: ([x]: readonly Tensor[], _p: unknown, [o]: readonly Aval[]): Tensor[] => [
      fromData(o!.shape, o!.dtype, unary(kernel, x!.concreteData(), o!.dtype)),
    ],
  };
}

/** The output shape of an elementwise binary primitive: equal shapes, or a scalar operand. */
export function binaryShape(name: string, a: Aval, b: Aval): readonly number[] {
  if (shapesEqual(a.shape, b.shape) || b.shape.length === 0) return a.shape;
  if (a.shape.length === 0) return b.shape;
  throw new ShapeError(
    `${name}: incompatible shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)} (args[0], args[1]); ` +
      `the primitive takes equal shapes or a scalar — broadcast first (np.${name} broadcasts for you).`,
  );
}

/**
 * Shape rule, reference kernel and batching rule of an elementwise binary primitive (`outDType`
 * for comparisons). How a backend runs or fuses it is that backend's lowering table.
 */
export function binaryElementwise<N extends ops.NoParamsName>(name: N, kernel: BinaryKernel, cls: DTypeClass, outDType?: DType): ElementwiseRules<N, 2> {
  return {
    kind: "elementwise",
    operands: 2,
    batchRule: elementwiseBatch<N>(([x, y]) => ops.binaryOp(name, x!, y!)),
    shapeRule: ([a, b]: readonly Aval[]): Aval[] => {
      checkDType(name, "args[0]", a!.dtype, cls);
      if (a!.dtype !== b!.dtype) {
        throw new DTypeError(
          `${name}: operand dtypes differ (${a!.dtype} and ${b!.dtype}); cast one with np.astype (np.${name} promotes for you).`,
        );
      }
      return [aval(binaryShape(name, a!, b!), outDType ?? a!.dtype)];
    },
    impl: ([a, b]: readonly Tensor[], _p: unknown, [o]: readonly Aval[]): Tensor[] => [
      fromData(o!.shape, o!.dtype, binary(kernel, a!.concreteData(), a!.shape, b!.concreteData(), b!.shape, o!.shape, o!.dtype)),
    ],
  };
}
