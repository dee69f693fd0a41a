/**
 * `evaluate(graph, ...args)`: walks the equations once, binding each primitive. Because it binds,
 * evaluation is itself traceable: under a transform the equations are re-interpreted by it.
 */
import { ArgumentError, DTypeError, PyTreeError, ShapeError, fmtShape } from "../errors.js";
import { Graph } from "../ir/graph.js";
import { type Atom, type Literal, avalString } from "../ir/types.js";
import type { AnyPrimitive } from "../primitives/rule-types.js";
import { primitive } from "../primitives/table.js";
import { arrayFrom, scalar } from "../tensor/from-js.js";
import { shapesEqual } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { bind } from "../trace/interpreter.js";
import { swapProvenance } from "../trace/provenance.js";
import { flatten, unflatten } from "../tree/pytree.js";

const literalTensors = new WeakMap<Literal, Tensor>();

function literalTensor(l: Literal): Tensor {
  let t = literalTensors.get(l);
  if (t === undefined) {
    t = scalar(l.value, l.aval.dtype);
    literalTensors.set(l, t);
  }
  return t;
}

/** Evaluates a graph on flat input tensors, returning flat outputs. */
export function evaluateFlat(g: Graph, inputs: readonly Tensor[]): Tensor[] {
  const env = new Map<number, Tensor>();
  g.constVars.forEach((v, i) => env.set(v.id, g.constValues[i]!));
  g.inputs.forEach((v, i) => env.set(v.id, inputs[i]!));
  const read = (a: Atom): Tensor => (a._tag === "Literal" ? literalTensor(a) : env.get(a.id)!);
  for (const e of g.equations) {
    const prim = primitive(e.primitive) as AnyPrimitive;
    // What e binds keeps e's source line, scope and pass (see trace/provenance.ts).
    const saved = swapProvenance(e);
    try {
      const outs = bind(prim as never, e.inputs.map(read), e.params as never);
      e.outputs.forEach((v, i) => env.set(v.id, outs[i]!));
    } finally {
      swapProvenance(saved);
    }
  }
  return g.outputs.map(read);
}

/** Converts and checks user arguments against a graph's inputs (structure, shapes, dtypes). */
export function graphInputs(g: Graph, args: readonly unknown[], where: string): Tensor[] {
  const [leaves, def] = flatten(args, "args");
  if (!def.equals(g.inTree)) {
    throw new PyTreeError(
      `${where}: the arguments have structure ${def} but the graph was traced with ${g.inTree}. ` +
        `Pass arguments of the traced structure.`,
    );
  }
  return leaves.map((leaf, i) => {
    const want = g.inputs[i]!.aval;
    const t = leaf instanceof Tensor ? leaf : arrayFrom(leaf, want.dtype, where);
    if (!shapesEqual(t.shape, want.shape)) {
      throw new ShapeError(`${where}: input ${i} has shape ${fmtShape(t.shape)} but the graph expects ${avalString(want)}. Re-trace for the new shape.`);
    }
    if (t.dtype !== want.dtype) {
      throw new DTypeError(`${where}: input ${i} has dtype ${t.dtype} but the graph expects ${avalString(want)}. Cast with np.astype or re-trace.`);
    }
    return t;
  });
}

/**
 * Runs a graph with the interpreter; the result has the pytree structure the traced function
 * returned.
 *
 * @example
 * ```ts
 * const g = trace((x) => np.sin(x).sum())(np.zeros([3]));
 * evaluate(g, np.array([0, Math.PI / 2, 0])).item(); // 1
 * ```
 */
export function evaluate(graph: Graph, ...args: unknown[]): unknown {
  if (!(graph instanceof Graph)) {
    throw new ArgumentError(`evaluate: the first argument must be a Graph (from trace(f)(...args)); got ${typeof graph}.`);
  }
  const outs = evaluateFlat(graph, graphInputs(graph, args, "evaluate"));
  return unflatten(graph.outTree, outs);
}
