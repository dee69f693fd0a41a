/**
 * The IR's data: abstract values, variables, literals, equations. Plain readonly records,
 * discriminated by `_tag`, deeply frozen by the constructors in this file; nothing else builds them.
 * Variable ids are local to one graph; printing renames them a, b, c, …
 *
 * The IR names no primitive itself: `PrimitiveParamsRegistry` is open, and primitives/ declares
 * every primitive's params into it by module augmentation, so ir/ imports nothing above it while
 * `Equation` stays a correlated union over every primitive.
 */
import type { DType } from "../tensor/dtype.js";
import { shortName } from "../tensor/dtype.js";
import { deepFreeze } from "./freeze.js";

/** The abstract value of an array: its shape and dtype, no data. */
export interface Aval {
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** A variable: defined once, by a graph input, a constant, or one equation's output. */
export interface Var {
  readonly _tag: "Var";
  readonly id: number;
  readonly aval: Aval;
}

/** A scalar constant written inline in an equation (`2.0:f32[]`). */
export interface Literal {
  readonly _tag: "Literal";
  readonly value: number;
  readonly aval: Aval;
}

/** An equation's input: a variable or an inline literal. */
export type Atom = Var | Literal;

/**
 * The params each primitive carries, keyed by its printed name. Empty here: a primitive's module
 * adds its entry by augmentation (see primitives/params.ts),
 * `declare module "../ir/types.js" { interface PrimitiveParamsRegistry { erf: NoParams } }`.
 */
export interface PrimitiveParamsRegistry {}

/** The printed name of any declared primitive. */
export type PrimName = keyof PrimitiveParamsRegistry;

/**
 * What the IR needs of a primitive: its name and shape rule (the builder types each new
 * equation's outputs with it, the validator checks graphs against it). primitives/ defines the
 * whole record, which has these two fields.
 */
export interface ShapeTyped<N extends PrimName> {
  readonly name: N;
  readonly shapeRule: (inputs: readonly Aval[], params: PrimitiveParamsRegistry[N]) => Aval[];
}

/** A shape rule for every primitive (the registry is one). */
export type ShapeRules = { readonly [N in PrimName]: ShapeTyped<N> };

/** One equation for primitive `N`: `outputs = N[params] inputs`. */
export interface EquationOf<N extends PrimName> {
  readonly _tag: "Equation";
  readonly primitive: N;
  readonly params: PrimitiveParamsRegistry[N];
  readonly inputs: readonly Atom[];
  readonly outputs: readonly Var[];
  /**
   * The user's source line that created it (`file.ts:12:5`), when known. A backward-pass
   * equation carries the line of the forward equation it differentiates.
   */
  readonly source: string | undefined;
  /**
   * Where in the user's program it was made, outermost first, `/`-separated (`loss/mlp/dense`):
   * the names of `namedScope`s and of the user's functions on the stack (JAX's name stack).
   * A backward-pass equation carries its forward equation's scope. Undefined at the top level.
   */
  readonly scope: string | undefined;
  /** "backward" for equations a transposition (a backward pass) emitted, else "forward". */
  readonly pass: Pass;
}

/** Which pass of reverse-mode differentiation an equation belongs to. */
export type Pass = "forward" | "backward";

/** Where an equation came from: its source line, scope and pass (see `EquationOf`). */
export interface Provenance {
  readonly source: string | undefined;
  readonly scope: string | undefined;
  readonly pass: Pass;
}

/** The provenance of an equation made outside any user code (a transform's own graph). */
export const noProvenance: Provenance = Object.freeze({ source: undefined, scope: undefined, pass: "forward" });

/** Any equation: a correlated union, so narrowing `primitive` narrows `params`. */
export type Equation = { [N in PrimName]: EquationOf<N> }[PrimName];

/** The program of a graph, which printing reads (`Graph` has it and more; print.ts need not import it). */
export interface GraphBody {
  readonly inputs: readonly Var[];
  readonly constVars: readonly Var[];
  readonly equations: readonly Equation[];
  readonly outputs: readonly Atom[];
}

/** Makes an aval (frozen). */
export function aval(shape: readonly number[], dtype: DType): Aval {
  // A frozen shape (a tensor's, another aval's) cannot change, so it is shared rather than copied:
  // eager evaluation makes an aval per operand of every op.
  return Object.freeze({ shape: Object.isFrozen(shape) ? shape : Object.freeze([...shape]), dtype });
}

/** Makes a variable (frozen). */
export function mkVar(id: number, a: Aval): Var {
  return Object.freeze({ _tag: "Var", id, aval: a });
}

/** Makes a scalar literal (frozen). */
export function mkLiteral(value: number, dtype: DType): Literal {
  return Object.freeze({ _tag: "Literal", value, aval: aval([], dtype) });
}

/**
 * Makes an equation, deep-freezing its params; `from` says where it came from (a bare source
 * line: a forward equation at the top level).
 */
export function mkEquation<N extends PrimName>(
  primitive: N,
  params: PrimitiveParamsRegistry[N],
  inputs: readonly Atom[],
  outputs: readonly Var[],
  from: Provenance | string | undefined,
): EquationOf<N> {
  // A bare source line (or none) is a forward equation at the top level.
  const p = from === undefined || typeof from === "string" ? { source: from, scope: undefined, pass: "forward" as const } : from;
  return Object.freeze({
    _tag: "Equation",
    primitive,
    params: deepFreeze(params),
    inputs: Object.freeze([...inputs]),
    outputs: Object.freeze([...outputs]),
    source: p.source,
    scope: p.scope,
    pass: p.pass,
  });
}

/** `f32[2,3]`. */
export function avalString(a: Aval): string {
  return `${shortName(a.dtype)}[${a.shape.join(",")}]`;
}

/** True when two avals have the same shape and dtype. */
export function avalsEqual(a: Aval, b: Aval): boolean {
  if (a.dtype !== b.dtype || a.shape.length !== b.shape.length) return false;
  return a.shape.every((d, i) => d === b.shape[i]);
}
