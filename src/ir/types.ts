/**
 * The IR's data: abstract values, variables, literals, equations. Plain readonly records,
 * discriminated by `_tag`, deeply frozen by the constructors in this file; nothing else builds them.
 * Variable ids are local to one graph; printing renames them a, b, c, …
 */
import type { PrimitiveName, PrimitiveParams } from "../primitives/params.js";
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

/** One equation for primitive `N`: `outputs = N[params] inputs`. */
export interface EquationOf<N extends PrimitiveName> {
  readonly _tag: "Equation";
  readonly primitive: N;
  readonly params: PrimitiveParams[N];
  readonly inputs: readonly Atom[];
  readonly outputs: readonly Var[];
  /** The user's source line that created it (`file.ts:12:5`), when known. */
  readonly source: string | undefined;
}

/** Any equation: a correlated union, so narrowing `primitive` narrows `params`. */
export type Equation = { [N in PrimitiveName]: EquationOf<N> }[PrimitiveName];

/** Makes an aval (frozen). */
export function aval(shape: readonly number[], dtype: DType): Aval {
  return Object.freeze({ shape: Object.freeze([...shape]), dtype });
}

/** Makes a variable (frozen). */
export function mkVar(id: number, a: Aval): Var {
  return Object.freeze({ _tag: "Var", id, aval: a });
}

/** Makes a scalar literal (frozen). */
export function mkLiteral(value: number, dtype: DType): Literal {
  return Object.freeze({ _tag: "Literal", value, aval: aval([], dtype) });
}

/** Makes an equation, deep-freezing its params. */
export function mkEquation<N extends PrimitiveName>(
  primitive: N,
  params: PrimitiveParams[N],
  inputs: readonly Atom[],
  outputs: readonly Var[],
  source: string | undefined,
): EquationOf<N> {
  return Object.freeze({
    _tag: "Equation",
    primitive,
    params: deepFreeze(params),
    inputs: Object.freeze([...inputs]),
    outputs: Object.freeze([...outputs]),
    source,
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
