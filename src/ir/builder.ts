/**
 * `GraphBuilder`: the one way equations are made while tracing. Emitting an equation runs the
 * primitive's shape rule, so every graph is well typed by construction; ids are local to the
 * builder, so graphs never share a global counter.
 */
import type { Tensor } from "../tensor/tensor.js";
import type { TreeDef } from "../tree/pytree.js";
import { Graph } from "./graph.js";
import { type Atom, type Aval, type Equation, type PrimName, type PrimitiveParamsRegistry, type Provenance, type ShapeTyped, type Var, mkEquation, mkVar } from "./types.js";

/** Accumulates the equations of one graph under construction. */
export class GraphBuilder {
  private nextId = 0;
  private readonly equations: Equation[] = [];
  private readonly constVars: Var[] = [];
  private readonly constValues: Tensor[] = [];
  private readonly constIndex = new Map<Tensor, Var>();

  /** A fresh variable of this graph. */
  newVar(a: Aval): Var {
    return mkVar(this.nextId++, a);
  }

  /** The constant variable bound to `value` (one per distinct tensor object). */
  constVar(value: Tensor, a: Aval): Var {
    let v = this.constIndex.get(value);
    if (v === undefined) {
      v = this.newVar(a);
      this.constIndex.set(value, v);
      this.constVars.push(v);
      this.constValues.push(value);
    }
    return v;
  }

  /** Appends `outs = prim[params] inputs`, typing the outputs with the shape rule. */
  emit<N extends PrimName>(
    prim: ShapeTyped<N>,
    inputs: readonly Atom[],
    params: PrimitiveParamsRegistry[N],
    from: Provenance | string | undefined,
  ): Var[] {
    const outAvals = prim.shapeRule(
      inputs.map((a) => a.aval),
      params,
    );
    const outs = outAvals.map((a) => this.newVar(a));
    this.equations.push(mkEquation(prim.name, params, inputs, outs, from) as Equation);
    return outs;
  }

  /** Freezes what was built into a `Graph`. */
  build(inputs: readonly Var[], outputs: readonly Atom[], inTree?: TreeDef, outTree?: TreeDef): Graph {
    return new Graph({
      inputs,
      constVars: this.constVars,
      constValues: this.constValues,
      equations: this.equations,
      outputs,
      ...(inTree ? { inTree } : {}),
      ...(outTree ? { outTree } : {}),
    });
  }
}
