/**
 * simplify: Graph → Graph passes that keep meaning bit-for-bit and make graphs read like what a
 * person would write — constant folding of scalar literals, exact algebraic identities
 * (x·1, x/1, x−0, x+(−0), neg∘neg, identity reshapes/transposes/converts; never x·0 → 0, which
 * is wrong for inf and NaN, nor x+0 → x, which is wrong for −0), common-subexpression
 * elimination, and dead-code elimination. Law: evaluate(simplify(g)) = evaluate(g).
 */
import { isComplex } from "../tensor/dtype.js";
import { flow } from "fp-ts/lib/function.js";
import { Graph } from "../ir/graph.js";
import { type Atom, type Equation, type Literal, mkEquation, mkLiteral } from "../ir/types.js";
import { paramsEqual, paramsHash } from "../ir/equal.js";
import type { AnyPrimitive } from "../primitives/rule-types.js";
import { primitive } from "../primitives/table.js";
import { scalar } from "../tensor/from-js.js";
import { shapesEqual } from "../tensor/shape.js";

/** Rebuilds a graph with some equations replaced and atoms substituted. */
function rebuild(g: Graph, equations: readonly Equation[], subst: Map<number, Atom>): Graph {
  const sub = (a: Atom): Atom => {
    let cur = a;
    while (cur._tag === "Var" && subst.has(cur.id)) cur = subst.get(cur.id)!;
    return cur;
  };
  const eqns = equations.map((e) =>
    e.inputs.some((a) => a._tag === "Var" && subst.has(a.id))
      ? (mkEquation(e.primitive, e.params as never, e.inputs.map(sub), e.outputs, e) as Equation)
      : e,
  );
  return new Graph({
    inputs: g.inputs,
    constVars: g.constVars,
    constValues: g.constValues,
    equations: eqns,
    outputs: g.outputs.map(sub),
    inTree: g.inTree,
    outTree: g.outTree,
  });
}

/** Whether constant folding may evaluate `e` (not a graph carrier, not marked `foldable: false`). */
function mayFold(e: Equation): boolean {
  const prim = primitive(e.primitive) as AnyPrimitive;
  return prim.carriesGraphs !== true && prim.foldable !== false;
}

/** Folds equations whose inputs are all scalar literals into a literal. */
export function foldConstants(g: Graph): Graph {
  const subst = new Map<number, Atom>();
  const kept: Equation[] = [];
  for (const e of g.equations) {
    const ins = e.inputs.map((a) => (a._tag === "Var" && subst.has(a.id) ? subst.get(a.id)! : a));
    const foldable =
      mayFold(e) && e.inputs.length > 0 && ins.every((a) => a._tag === "Literal") &&
      e.outputs.length === 1 && e.outputs[0]!.aval.shape.length === 0 &&
      !isComplex(e.outputs[0]!.aval.dtype); // a literal holds one number: a complex value stays a variable
    if (!foldable) {
      kept.push(e);
      continue;
    }
    const prim = primitive(e.primitive) as AnyPrimitive;
    const args = (ins as Literal[]).map((l) => scalar(l.value, l.aval.dtype));
    const [out] = prim.impl(args, e.params as never, [e.outputs[0]!.aval]);
    subst.set(e.outputs[0]!.id, mkLiteral(out!.concreteData()[0]!, out!.dtype));
  }
  return rebuild(g, kept, subst);
}

/** The constant every element of `a` has, if the graph makes that evident. */
function fillValue(a: Atom, fills: Map<number, number>): number | undefined {
  return a._tag === "Literal" ? a.value : fills.get(a.id);
}

/** Exact algebraic identities; results that would change shape or dtype are left alone. */
export function algebraic(g: Graph): Graph {
  const fills = new Map<number, number>();
  const negOf = new Map<number, Atom>();
  const subst = new Map<number, Atom>();
  const kept: Equation[] = [];
  const resolve = (a: Atom): Atom => (a._tag === "Var" && subst.has(a.id) ? subst.get(a.id)! : a);
  for (const e of g.equations) {
    const ins = e.inputs.map(resolve);
    const out = e.outputs[0]!;
    const sameType = (a: Atom | undefined): a is Atom =>
      a !== undefined && shapesEqual(a.aval.shape, out.aval.shape) && a.aval.dtype === out.aval.dtype;
    let replacement: Atom | undefined;
    const [x, y] = ins;
    const fy = y === undefined ? undefined : fillValue(y, fills);
    const fx = x === undefined ? undefined : fillValue(x, fills);
    switch (e.primitive) {
      case "mul":
        if (fy === 1 && sameType(x)) replacement = x;
        else if (fx === 1 && sameType(y)) replacement = y;
        break;
      case "div":
        if (fy === 1 && sameType(x)) replacement = x;
        break;
      case "sub":
        if (fy !== undefined && Object.is(fy, 0) && sameType(x)) replacement = x;
        break;
      case "add":
        if (fy !== undefined && Object.is(fy, -0) && sameType(x)) replacement = x;
        else if (fx !== undefined && Object.is(fx, -0) && sameType(y)) replacement = y;
        break;
      case "neg":
        if (x!._tag === "Var" && negOf.has(x!.id)) replacement = negOf.get(x!.id);
        else negOf.set(out.id, x!);
        break;
      case "reshape":
      case "transpose":
      case "convert_element_type":
      case "stop_gradient":
        if (e.primitive !== "stop_gradient" && sameType(x)) {
          const identityPerm = e.primitive !== "transpose" || e.params.permutation.every((p, i) => p === i);
          if (identityPerm) replacement = x;
        }
        break;
      case "broadcast_in_dim": {
        const v = fillValue(x!, fills);
        if (v !== undefined) fills.set(out.id, v);
        if (sameType(x)) replacement = x;
        break;
      }
      default:
        break;
    }
    if (replacement !== undefined && sameType(replacement)) subst.set(out.id, replacement);
    else kept.push(e);
  }
  return rebuild(g, kept, subst);
}

/**
 * Merges equations with the same primitive, params and inputs. Params compare structurally
 * (numbers by their bits, so a pad with −0 is not a pad with +0; sub-graphs up to renaming;
 * custom rules by identity): every primitive is pure, so equal equations give equal outputs,
 * and two equal scans or cond branches compute once.
 */
export function cse(g: Graph): Graph {
  const seen = new Map<string, Equation[]>();
  const subst = new Map<number, Atom>();
  const kept: Equation[] = [];
  const key = (a: Atom): string => {
    const r = a._tag === "Var" && subst.has(a.id) ? subst.get(a.id)! : a;
    return r._tag === "Var" ? `v${r.id}` : `l${Object.is(r.value, -0) ? "-0" : r.value}:${r.aval.dtype}`;
  };
  for (const e of g.equations) {
    // The hash narrows the search; paramsEqual decides, so a hash collision never merges.
    const k = `${e.primitive} ${paramsHash(e.params)} ${e.inputs.map(key).join(" ")}`;
    const candidates = seen.get(k);
    const prev = candidates?.find((c) => paramsEqual(c.params, e.params));
    if (prev !== undefined) e.outputs.forEach((v, i) => subst.set(v.id, prev.outputs[i]!));
    else {
      if (candidates === undefined) seen.set(k, [e]);
      else candidates.push(e);
      kept.push(e);
    }
  }
  return rebuild(g, kept, subst);
}

/** Removes equations whose outputs are never used (all primitives are pure). */
export function dce(g: Graph): Graph {
  const live = new Set<number>();
  for (const a of g.outputs) if (a._tag === "Var") live.add(a.id);
  const kept: Equation[] = [];
  for (let k = g.equations.length - 1; k >= 0; k--) {
    const e = g.equations[k]!;
    if (!e.outputs.some((v) => live.has(v.id))) continue;
    kept.push(e);
    for (const a of e.inputs) if (a._tag === "Var") live.add(a.id);
  }
  kept.reverse();
  const constIdx = g.constVars.flatMap((v, i) => (live.has(v.id) ? [i] : []));
  return new Graph({
    inputs: g.inputs,
    constVars: constIdx.map((i) => g.constVars[i]!),
    constValues: constIdx.map((i) => g.constValues[i]!),
    equations: kept,
    outputs: g.outputs,
    inTree: g.inTree,
    outTree: g.outTree,
  });
}

/**
 * All passes, in an order where each exposes work for the next.
 *
 * @example
 * ```ts
 * simplify(trace(grad(f))(x)).toString(); // the backward pass without dead or duplicate work
 * ```
 */
export const simplify: (g: Graph) => Graph = (g) => flow(foldConstants, algebraic, cse, algebraic, dce, simplifyNested)(g);

/** Simplifies the sub-graphs that equations carry (checkpoint, custom rules, control flow). */
function simplifyNested(g: Graph): Graph {
  let changed = false;
  const eqns = g.equations.map((e) => {
    const params = e.params as Record<string, unknown>;
    const isGraphs = (v: unknown): boolean => v instanceof Graph || (Array.isArray(v) && v.length > 0 && v.every((g) => g instanceof Graph));
    const nested = Object.entries(params).filter(([, v]) => isGraphs(v));
    if (nested.length === 0) return e;
    changed = true;
    const next = { ...params };
    for (const [k, v] of nested) next[k] = Array.isArray(v) ? v.map((g: Graph) => simplify(g)) : simplify(v as Graph);
    return mkEquation(e.primitive, next as never, e.inputs, e.outputs, e) as Equation;
  });
  return changed ? rebuild(g, eqns, new Map()) : g;
}
