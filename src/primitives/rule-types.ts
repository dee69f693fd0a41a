/**
 * The shapes of a primitive's rules. Every primitive supplies all of them (the registry type
 * makes a missing one a compile error). Rules are written with ops, so they trace too.
 */
import { InternalError, ShapeError, fmtShape, fmtValue } from "../errors.js";
import type { Aval } from "../ir/types.js";
import { checkElementCount } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import type { PrimitiveName, PrimitiveParams } from "./params.js";

/** A tangent or cotangent known to be zero: never materialised. */
export class Zero {
  readonly _tag = "Zero";
  constructor(readonly aval: Aval) {
    Object.freeze(this);
  }
}

/** A tangent or cotangent: an array, or a symbolic zero. */
export type Tangent = Tensor | Zero;

/** Marks a linear input whose primal is unknown during transposition. */
export class UndefinedPrimal {
  readonly _tag = "UndefinedPrimal";
  constructor(readonly aval: Aval) {
    Object.freeze(this);
  }
}

/** Forward mode: `(primals, tangents) ↦ (primal outputs, tangent outputs)`. */
export type JvpRule<N extends PrimitiveName> = (
  primals: readonly Tensor[],
  tangents: readonly Tangent[],
  params: PrimitiveParams[N],
) => [Tensor[], Tangent[]];

/** Transposition of a linear primitive: output cotangents ↦ one cotangent per input. */
export type TransposeRule<N extends PrimitiveName> = (
  cotangents: readonly Tangent[],
  inputs: readonly (Tensor | UndefinedPrimal)[],
  params: PrimitiveParams[N],
) => Tangent[];

/** Vectorisation: arguments with their batch dimension (`null` = unbatched) ↦ outputs with theirs. */
export type BatchRule<N extends PrimitiveName> = (
  args: readonly Tensor[],
  dims: readonly (number | null)[],
  params: PrimitiveParams[N],
) => [Tensor[], (number | null)[]];

/** A batching rule for any primitive without params (kinds share one rule among many primitives). */
export type NoParamsBatchRule = (
  args: readonly Tensor[],
  dims: readonly (number | null)[],
  params: Readonly<Record<never, never>>,
) => [Tensor[], (number | null)[]];

/**
 * What a primitive is, as DESIGN.md groups them (plus differentiation control and control flow).
 * The kind factories (kinds.ts) supply the default rules of a kind; the compiler, simplify and the
 * laws read the kind from the registry instead of keeping their own lists of names.
 */
export type PrimitiveKind = "elementwise" | "reduce" | "movement" | "indexing" | "linalg" | "creation" | "autodiff" | "control";

/** Everything that defines a primitive: its whole meaning in one record. */
export interface PrimitiveDef<N extends PrimitiveName> {
  readonly name: N;
  readonly kind: PrimitiveKind;
  /**
   * Set by the elementwise kind factories on primitives without params: 1 for unary, 2 for binary.
   * The ops facade's `unaryOp`/`binaryOp` accept exactly the names the registry gives 1 and 2.
   */
  readonly operands?: 1 | 2;
  /**
   * True when params carry sub-graphs (jit, control flow, checkpoint, custom rules): simplify
   * never folds such an equation and simplifies the graphs inside it.
   */
  readonly carriesGraphs?: boolean;
  /**
   * False when constant folding must not evaluate the primitive at trace time: it has no eager
   * meaning (custom_lin), or its result should stay visible in the graph (random_bits). Graph
   * carriers are never folded either.
   */
  readonly foldable?: boolean;
  /**
   * The reference kernel: plain JS over typed arrays on concrete tensors; `outAvals` are the shape
   * rule's results. Backends run it where their lowering table says `REFERENCE` (src/backend/).
   */
  readonly impl: (inputs: readonly Tensor[], params: PrimitiveParams[N], outAvals: readonly Aval[]) => Tensor[];
  /** Output avals from input avals; throws a ShapeError/DTypeError naming the op and argument. */
  readonly shapeRule: (inputs: readonly Aval[], params: PrimitiveParams[N]) => Aval[];
  readonly jvpRule: JvpRule<N>;
  readonly transposeRule: TransposeRule<N> | "nonlinear";
  readonly batchRule: BatchRule<N>;
}

/** Any primitive. */
export type AnyPrimitive = { [N in PrimitiveName]: PrimitiveDef<N> }[PrimitiveName];

/**
 * Checks what a shape rule returns before anything is built from it: every dimension a
 * non-negative integer, and every output within `MAX_ELEMENTS` (a `ResourceError` naming the
 * primitive, the output shape and its element count, raised before any kernel allocates).
 */
function checkOutputAvals(name: string, outs: readonly Aval[]): void {
  for (let i = 0; i < outs.length; i++) {
    const shape = outs[i]!.shape;
    const what = outs.length === 1 ? "the output" : `output ${i}`;
    for (let j = 0; j < shape.length; j++) {
      const d = shape[j]!;
      if (!Number.isInteger(d) || d < 0) {
        throw new ShapeError(`${name}: ${what} would have shape ${fmtShape(shape)}, whose dimension ${j} is ${fmtValue(d)}; dimensions must be non-negative integers.`);
      }
    }
    checkElementCount(shape, name, `${what} of shape`, "Use smaller inputs, or split the computation into pieces that each fit.");
  }
}

/**
 * Defines a primitive (freezes the record). Its shape rule is wrapped so that the operand count of
 * a no-params elementwise primitive is checked, and every output aval
 * is checked against the element limit: one place guards every allocation a primitive makes,
 * eagerly (the shape rule runs before the kernel) and under every transform (it runs at trace time).
 *
 * @example
 * ```ts
 * export const neg = definePrimitive({ name: "neg", ...unaryElementwise("neg", "neg", "numeric"), jvpRule, transposeRule });
 * ```
 */
export function definePrimitive<N extends PrimitiveName, K extends PrimitiveKind, O extends 1 | 2 | undefined = undefined>(
  def: PrimitiveDef<N> & { readonly kind: K; readonly operands?: O; readonly transposeRule: "nonlinear" },
): Defined<N, K, O, false>;
export function definePrimitive<N extends PrimitiveName, K extends PrimitiveKind, O extends 1 | 2 | undefined = undefined>(
  def: PrimitiveDef<N> & { readonly kind: K; readonly operands?: O; readonly transposeRule: TransposeRule<N> },
): Defined<N, K, O, true>;
export function definePrimitive<N extends PrimitiveName>(def: PrimitiveDef<N>): PrimitiveDef<N> {
  const rule = def.shapeRule;
  const shapeRule = (inputs: readonly Aval[], params: PrimitiveParams[N]): Aval[] => {
    // ops.unaryOp/binaryOp are typed by params alone; the operand count is checked here.
    if (def.operands !== undefined && inputs.length !== def.operands) {
      throw new InternalError(`${def.name} takes ${def.operands} operand${def.operands === 1 ? "" : "s"}, but was bound with ${inputs.length}.`);
    }
    const outs = rule(inputs, params);
    checkOutputAvals(def.name, outs);
    return outs;
  };
  return Object.freeze({ ...def, shapeRule });
}

/**
 * A defined primitive, keeping as types what the registry's derived lists read: its kind, its
 * operand count (no-params elementwise primitives) and whether it has a transpose rule (`linear`).
 */
export type Defined<N extends PrimitiveName, K extends PrimitiveKind, O extends 1 | 2 | undefined, linear extends boolean> = PrimitiveDef<N> & {
  readonly kind: K;
  readonly operands: O;
  readonly transposeRule: linear extends true ? TransposeRule<N> : "nonlinear";
};
