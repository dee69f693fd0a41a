/**
 * Rule factories for the kinds of primitive (elementwise unary, elementwise binary, comparison):
 * the kind supplies the shape rule, the kernel call, the batching rule and what the registry's
 * derived lists read (kind, operand count, the fused-loop expression), so each primitive states
 * only what is its own (its derivative). Elementwise binary inputs must have equal shapes, or one
 * of them be a scalar.
 */
import { DTypeError, ShapeError, fmtShape } from "../errors.js";
import { type Aval, aval } from "../ir/types.js";
import type { DType } from "../tensor/dtype.js";
import { fromData } from "../tensor/from-js.js";
import { binaryFloatSnippet } from "../tensor/kernels/binary.js";
import { type BinaryKernel, type UnaryKernel, binary, unary } from "../tensor/kernels/elementwise.js";
import { unaryFloatSnippet } from "../tensor/kernels/unary.js";
import { shapesEqual } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { elementwiseBatch, passThroughBatch } from "./batching.js";
import * as ops from "./ops.js";
import type { PrimitiveName } from "./params.js";
import type { BatchRule, Fusion } from "./rule-types.js";

/** Which dtypes an elementwise primitive accepts. */
export type DTypeClass = "float" | "numeric" | "int" | "bool" | "any";

const accepts: Record<DTypeClass, readonly DType[]> = {
  float: ["float32", "float64"],
  numeric: ["float32", "float64", "int32"],
  int: ["int32"],
  bool: ["bool"],
  any: ["float32", "float64", "int32", "bool"],
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
  readonly fusion?: Fusion<N>;
  readonly shapeRule: (inputs: readonly Aval[]) => Aval[];
  readonly impl: (inputs: readonly Tensor[], params: unknown, outAvals: readonly Aval[]) => Tensor[];
  readonly batchRule: BatchRule<N>;
}

/** Whether a dtype class includes float dtypes (only float computations fuse). */
const takesFloats = (cls: DTypeClass): boolean => accepts[cls].includes("float64");

/**
 * Shape rule, kernel and batching rule of an elementwise unary primitive (the batch dim passes
 * through). One that computes floats fuses in jit's loops with the kernel's own snippet.
 */
export function unaryElementwise<N extends ops.NoParamsName>(name: N, kernel: UnaryKernel, cls: DTypeClass, outDType?: DType): ElementwiseRules<N, 1> {
  return {
    kind: "elementwise",
    operands: 1,
    ...(takesFloats(cls) && outDType === undefined ? { fusion: { form: "float", expr: unaryFloatSnippet(kernel) } } : {}),
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

/** The fused-loop form of a binary primitive: float arithmetic, a float comparison, or none. */
function binaryFusion<N extends PrimitiveName>(kernel: BinaryKernel, cls: DTypeClass, outDType: DType | undefined): Fusion<N> | undefined {
  if (!takesFloats(cls)) return undefined;
  if (outDType === undefined) return { form: "float", expr: binaryFloatSnippet(kernel) };
  return outDType === "bool" ? { form: "compare", expr: binaryFloatSnippet(kernel) } : undefined;
}

/**
 * Shape rule, kernel and batching rule of an elementwise binary primitive (`outDType` for
 * comparisons). Float arithmetic and float comparisons fuse in jit's loops.
 */
export function binaryElementwise<N extends ops.NoParamsName>(name: N, kernel: BinaryKernel, cls: DTypeClass, outDType?: DType): ElementwiseRules<N, 2> {
  const fusion = binaryFusion<N>(kernel, cls, outDType);
  return {
    kind: "elementwise",
    operands: 2,
    ...(fusion === undefined ? {} : { fusion }),
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
