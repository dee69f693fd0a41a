/**
 * The graph typechecker: every variable defined once before use, every equation's output types
 * equal to what its shape rule says. Returns an `Either` (fp-ts) — callers decide whether to throw.
 */
import * as E from "fp-ts/lib/Either.js";
import { FluxionError, InternalError } from "../errors.js";
import type { PrimitiveTable } from "../primitives/table.js";
import type { AnyPrimitive } from "../primitives/rule-types.js";
import type { Graph } from "./graph.js";
import { type Atom, avalString, avalsEqual } from "./types.js";

/** Checks `g` against the primitives' shape rules; Right(g) when well formed. */
export function validateGraph(g: Graph, prims: PrimitiveTable): E.Either<FluxionError, Graph> {
  const defined = new Map<number, string>();
  const define = (id: number, aval: { shape: readonly number[]; dtype: string }, where: string): FluxionError | undefined => {
    if (defined.has(id)) return new InternalError(`graph: variable ${id} defined twice (${where})`);
    defined.set(id, avalString(aval as never));
    return undefined;
  };
  for (const v of [...g.constVars, ...g.inputs]) {
    const err = define(v.id, v.aval, "input");
    if (err) return E.left(err);
  }
  if (g.constVars.length !== g.constValues.length) return E.left(new InternalError("graph: constVars and constValues differ in length"));
  const use = (a: Atom, where: string): FluxionError | undefined => {
    if (a._tag === "Literal") return undefined;
    const t = defined.get(a.id);
    if (t === undefined) return new InternalError(`graph: variable ${a.id} used before definition in ${where}`);
    if (t !== avalString(a.aval)) return new InternalError(`graph: variable ${a.id} used as ${avalString(a.aval)} but defined as ${t} in ${where}`);
    return undefined;
  };
  for (const [k, e] of g.equations.entries()) {
    const where = `equation ${k} (${e.primitive})`;
    for (const a of e.inputs) {
      const err = use(a, where);
      if (err) return E.left(err);
    }
    let expected;
    try {
      expected = (prims[e.primitive] as AnyPrimitive).shapeRule(e.inputs.map((a) => a.aval), e.params as never);
    } catch (err) {
      return E.left(err instanceof FluxionError ? err : new InternalError(`${where}: ${String(err)}`));
    }
    if (expected.length !== e.outputs.length || expected.some((a, i) => !avalsEqual(a, e.outputs[i]!.aval))) {
      return E.left(new InternalError(`graph: ${where} outputs ${e.outputs.map((v) => avalString(v.aval)).join(", ")} but its shape rule gives ${expected.map(avalString).join(", ")}`));
    }
    for (const v of e.outputs) {
      const err = define(v.id, v.aval, where);
      if (err) return E.left(err);
    }
  }
  for (const a of g.outputs) {
    const err = use(a, "outputs");
    if (err) return E.left(err);
  }
  return E.right(g);
}
