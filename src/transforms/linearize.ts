/**
 * linearize = jvp + partial evaluation. Tangent inputs are the unknowns of a new graph; a
 * `LinearGraphInterpreter` under the jvp records only equations that touch an unknown and hands
 * everything else (the primal computation) to its parent at once. The result: primal outputs
 * computed now, and a linear graph tangents → output tangents whose constants are the residuals.
 * Law: linearize(f, x)[1](t) = jvp(f, x, t)[1].
 */
import type { Graph } from "../ir/graph.js";
import { type Atom, mkLiteral } from "../ir/types.js";
import { hasTangent, isZero, zerosOf } from "../primitives/ad.js";
import type { PrimitiveName, PrimitiveParams } from "../primitives/params.js";
import { type PrimitiveDef, type Tangent, Zero } from "../primitives/rule-types.js";
import type { Tensor } from "../tensor/tensor.js";
import { avalOf } from "../trace/eval-interpreter.js";
import { GraphInterpreter, GraphTracer } from "../trace/graph-interpreter.js";
import { type Interpreter, bind, currentInterpreter, withInterpreter } from "../trace/interpreter.js";
import { provenanceObserved } from "../trace/provenance.js";
import { jvpFlatList } from "./jvp.js";

/** Records only the equations that depend on its unknowns; evaluates the rest in its parent. */
export class LinearGraphInterpreter extends GraphInterpreter {
  /**
   * The linear graph is internal and rebuilt on every grad call, so it skips the source-line
   * lookup — unless someone will look: a graph being recorded above it (trace, jit, traceVjp),
   * whose backward equations take their forward equation's line from here, or debugNans.
   */
  override readonly recordsSource: boolean = observed(this.parent);

  override process<N extends PrimitiveName>(prim: PrimitiveDef<N>, inputs: readonly Tensor[], params: PrimitiveParams[N]): Tensor[] {
    const unknown = inputs.some((x) => x instanceof GraphTracer && x.owner === this);
    if (!unknown) return withInterpreter(this.parent, () => bind(prim, inputs, params));
    return super.process(prim, inputs, params);
  }
}

/** Whether an interpreter above records source lines, or debugNans observes provenance. */
function observed(parent: Interpreter | undefined): boolean {
  if (provenanceObserved()) return true;
  for (let i = parent; i !== undefined; i = i.parent) {
    if (i instanceof GraphInterpreter && i.recordsSource) return true;
  }
  return false;
}

/** The result of linearizing a flat function. */
export interface Linearized {
  /** Primal outputs. */
  readonly outs: Tensor[];
  /** The linear map: one input per primal (tangent), one output per primal output (tangent). */
  readonly linear: Graph;
}

/** Linearizes a function of flat tensors at `primals`. For few inputs; `linearizeFlatList` takes any number. */
export function linearizeFlat(f: (...xs: Tensor[]) => Tensor[], primals: readonly Tensor[], label: string): Linearized {
  return linearizeFlatList((xs) => f(...xs), primals, label);
}

/**
 * `linearizeFlat` for a function that takes its inputs as one array: a spread call `f(...xs)`
 * puts every input on the JS stack, which overflows near 100,000 leaves.
 */
export function linearizeFlatList(f: (xs: Tensor[]) => Tensor[], primals: readonly Tensor[], label: string): Linearized {
  const lin = new LinearGraphInterpreter(currentInterpreter(), label);
  try {
    const tangentIns = primals.map((p) => lin.newInput(avalOf(p)));
    const [outs, outTangents] = withInterpreter(lin, () =>
      jvpFlatList(
        f,
        primals,
        primals.map((p, i): Tangent => (hasTangent(avalOf(p)) ? tangentIns[i]! : new Zero(avalOf(p)))),
        label,
      ),
    );
    const outAtoms: Atom[] = outTangents.map((t) => {
      if (isZero(t)) {
        // A zero tangent output: a literal for scalars, otherwise a zeros constant.
        if (t.aval.shape.length === 0) return mkLiteral(0, t.aval.dtype);
        return lin.toAtom(withInterpreter(lin.parent, () => zerosOf(t.aval)), "linearize");
      }
      return lin.toAtom(t, "linearize");
    });
    const linear = lin.builder.build(
      tangentIns.map((t) => t.variable),
      outAtoms,
    );
    return { outs, linear };
  } finally {
    lin.finish();
  }
}
