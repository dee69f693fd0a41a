/**
 * The shapes of a primitive's rules. Every primitive supplies all of them (the registry type
 * makes a missing one a compile error). Rules are written with ops, so they trace too.
 */
import { NonDifferentiableError } from "../errors.js";
import type { Aval } from "../ir/types.js";
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

/**
 * A rule slot that a later stage of fluxion fills (differentiation, vectorisation). Calling it
 * raises a clear error instead of returning a wrong answer.
 */
export interface PendingRule {
  readonly _tag: "PendingRule";
  readonly rule: "jvp" | "transpose" | "batch";
}

/** Makes a pending rule slot. */
export function pendingRule(rule: PendingRule["rule"]): PendingRule {
  return Object.freeze({ _tag: "PendingRule", rule });
}

/** True if a rule slot is still pending. */
export function isPending(r: unknown): r is PendingRule {
  return typeof r === "object" && r !== null && (r as { _tag?: unknown })._tag === "PendingRule";
}

/** The error raised when a transform meets a pending rule. */
export function pendingRuleError(primitive: string, rule: PendingRule["rule"]): NonDifferentiableError {
  return new NonDifferentiableError(
    `${primitive}: the ${rule} rule is not available in this version of fluxion. ` +
      `Use an op that supports it, or evaluate without the transform.`,
  );
}

/** Everything that defines a primitive: its whole meaning in one record. */
export interface PrimitiveDef<N extends PrimitiveName> {
  readonly name: N;
  /** Runs the kernel on concrete tensors; `outAvals` are the shape rule's results. */
  readonly impl: (inputs: readonly Tensor[], params: PrimitiveParams[N], outAvals: readonly Aval[]) => Tensor[];
  /** Output avals from input avals; throws a ShapeError/DTypeError naming the op and argument. */
  readonly shapeRule: (inputs: readonly Aval[], params: PrimitiveParams[N]) => Aval[];
  readonly jvpRule: JvpRule<N> | PendingRule;
  readonly transposeRule: TransposeRule<N> | "nonlinear" | PendingRule;
  readonly batchRule: BatchRule<N> | PendingRule;
}

/** Any primitive. */
export type AnyPrimitive = { [N in PrimitiveName]: PrimitiveDef<N> }[PrimitiveName];

/** Defines a primitive (freezes the record). */
export function definePrimitive<N extends PrimitiveName>(def: PrimitiveDef<N>): PrimitiveDef<N> {
  return Object.freeze(def);
}
