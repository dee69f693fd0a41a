/**
 * `traceVjp(f)`: the forward and the backward pass of reverse mode as two graphs, the split that
 * `linearize` makes by partial evaluation, exposed. As JAX's `jax.vjp` keeps residuals in its
 * pullback's closure, and `jax.linearize` + `jax.linear_transpose` give the linear map and its
 * transpose, here the forward graph returns the residuals next to the outputs and the backward graph
 * (the transposed linear graph) reads them: evaluating one then the other is `vjp`.
 * Law: evaluate(backward, residuals, ct) = vjp(f, ...primals)[1](ct), where
 * [out, residuals] = evaluate(forward, ...primals) and out = f(...primals).
 */
import { DTypeError, InternalError, UnexpectedTracerError } from "../errors.js";
import type { Graph } from "../ir/graph.js";
import type { Atom, Equation } from "../ir/types.js";
import { hasTangent, instantiate, isZero } from "../primitives/ad.js";
import { type Tangent, Zero } from "../primitives/rule-types.js";
import type { DType } from "../tensor/dtype.js";
import { isInexact } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";
import { closeGraph } from "../trace/closed.js";
import { avalOf } from "../trace/eval-interpreter.js";
import { currentInterpreter, withInterpreter } from "../trace/interpreter.js";
import { fnLabel, traceFlatList } from "../trace/trace.js";
import { jvpFlatList } from "../transforms/jvp.js";
import { LinearGraphInterpreter } from "../transforms/linearize.js";
import { simplify } from "../transforms/simplify.js";
import { backwardPass } from "../transforms/transpose.js";
import { type TreeDef, structure, unflatten } from "../tree/pytree.js";
import { callUser, checkFunction, flatArgs, flatArg, rebuildArgs } from "./args.js";

/** A value the forward pass keeps for the backward pass. */
export interface Residual {
  /** Its position among the residuals (forward output `numOutputs + index`, backward input `index`). */
  readonly index: number;
  /** `r0`, `r1`, …; or the primal's path (`args[0].W1`) when the residual is a primal itself. */
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** The primitive of the forward equation that made it; undefined for a primal or a constant. */
  readonly primitive: string | undefined;
  /** The user's source line (`file.ts:12:5`) of the equation that made it, when known. */
  readonly source: string | undefined;
}

/** The result of `traceVjp(f)(...primals)`. */
export interface TracedVjp {
  /**
   * primals ↦ `[out, residuals]`: the inputs are the primals' leaves (structure: the arguments, as
   * `trace` records it); the outputs are the output's leaves followed by the residuals.
   */
  readonly forward: Graph;
  /**
   * `(residuals, ct)` ↦ one cotangent per primal argument (the arguments' structure): the transposed
   * linear graph, which reads the residuals and recomputes nothing of the forward pass.
   */
  readonly backward: Graph;
  /** The residuals, in the order `forward` returns them and `backward` takes them. */
  readonly residuals: readonly Residual[];
  /** How many leaves the output has (the forward graph's outputs before the residuals). */
  readonly numOutputs: number;
}

/** Residuals described from the simplified forward graph's extra outputs. */
function describeResiduals(forward: Graph, numOutputs: number, inputPaths: readonly string[]): Residual[] {
  const producer = new Map<number, Equation>();
  for (const e of forward.equations) for (const v of e.outputs) producer.set(v.id, e);
  const inputIndex = new Map<number, number>();
  forward.inputs.forEach((v, i) => inputIndex.set(v.id, i));
  return forward.outputs.slice(numOutputs).map((a: Atom, index) => {
    const e = a._tag === "Var" ? producer.get(a.id) : undefined;
    const input = a._tag === "Var" ? inputIndex.get(a.id) : undefined;
    return Object.freeze({
      index,
      name: input !== undefined ? (inputPaths[input] ?? `args leaf ${input}`) : `r${index}`,
      shape: Object.freeze([...a.aval.shape]),
      dtype: a.aval.dtype,
      primitive: e?.primitive,
      source: e?.source,
    });
  });
}

/**
 * Traces the forward and backward pass of `f` at `primals` as two graphs (the split `linearize`
 * makes, as `jax.vjp` keeps residuals): `forward` maps the primals to `[out, residuals]`,
 * `backward` maps `(residuals, ct)` to one cotangent per argument, and `residuals` describes each
 * kept value (shape, dtype, the primitive and user source line that made it). Every primal leaf
 * must be float or complex. Both graphs are simplified, and `evaluate`, print and draw like any.
 *
 * @example
 * ```ts
 * const { forward, backward, residuals } = traceVjp((x: Tensor) => np.sum(np.tanh(x)))(np.ones([3]));
 * const [y, res] = evaluate(forward, np.ones([3])) as [Tensor, Tensor[]];
 * const [dx] = evaluate(backward, res, 1) as [Tensor];
 * dx.toArray(); // [0.41997434, 0.41997434, 0.41997434]
 * residuals[0].primitive; // "sub"
 * ```
 */
export function traceVjp<Args extends unknown[]>(f: (...args: Args) => unknown): (...primals: Args) => TracedVjp {
  checkFunction(f, "traceVjp");
  const label = fnLabel("traceVjp", f as (...args: never[]) => unknown);
  return (...primals: Args): TracedVjp => {
    const p = flatArgs(primals, "args", label);
    const paths = p.parts.flatMap((part) => part.paths ?? part.leaves.map((_, i) => `args leaf ${i}`));
    p.leaves.forEach((x, i) => {
      if (!isInexact(x.dtype)) {
        throw new DTypeError(
          `${label} requires float or complex inputs; ${paths[i]} is ${x.dtype}. Cast with np.astype, or close over it (f = (x) => g(x, ${paths[i]})).`,
        );
      }
    });
    const avals = p.leaves.map(avalOf);
    const inTree = structure(primals);

    let outDef: TreeDef | undefined;
    let linearPart: { linear: Graph; numResiduals: number; zeroOut: boolean[] } | undefined;
    // As linearizeGraph: the primal computation is traced (its equations keep the user's source
    // lines because the user's function runs here, not a graph of it); inside, a linear interpreter
    // records what touches a tangent. The primal tracers the linear graph reads are the residuals.
    const traced = traceFlatList(
      (xs) => {
        const lin = new LinearGraphInterpreter(currentInterpreter(), label);
        try {
          const tangentIns = avals.map((a) => lin.newInput(a));
          const flatF = (ys: Tensor[]): Tensor[] => {
            const out = flatArg(callUser(f as (...a: never[]) => unknown, rebuildArgs(p.parts, ys), label), "result", label);
            outDef = out.def;
            return out.leaves;
          };
          const [outs, outT] = withInterpreter(lin, () =>
            jvpFlatList(
              flatF,
              xs,
              avals.map((a, i): Tangent => (hasTangent(a) ? tangentIns[i]! : new Zero(a))),
              label,
            ),
          );
          const zeroOut = outT.map((t) => isZero(t));
          const outAtoms = outT.filter((t): t is Tensor => !isZero(t)).map((t) => lin.toAtom(t, label));
          const { graph: linear, captured } = closeGraph(lin.builder.build(tangentIns.map((t) => t.variable), outAtoms));
          linearPart = { linear, numResiduals: captured.length, zeroOut };
          return [unflatten(outDef!, outs), captured];
        } finally {
          lin.finish();
        }
      },
      avals,
      label,
      inTree,
    );
    const closed = closeGraph(traced);
    if (closed.captured.length > 0) {
      const n = closed.captured.length;
      throw new UnexpectedTracerError(
        `${label}: the function reads ${n} traced value${n === 1 ? "" : "s"} of an outer transform (a closure over a tracer), which ` +
          `a graph of the forward pass cannot hold. Call traceVjp outside other transforms, or pass the value as an argument.`,
      );
    }
    const forward = simplify(closed.graph);
    const { linear, numResiduals, zeroOut } = linearPart!;
    const numOutputs = zeroOut.length;
    const residuals = describeResiduals(forward, numOutputs, paths);
    if (residuals.length !== numResiduals) throw new InternalError(`${label}: ${residuals.length} residual outputs for ${numResiduals} residuals.`);

    // The backward pass: transpose the linear graph with the residuals known, as vjp does.
    const outAvals = forward.outputs.slice(0, numOutputs).map((a) => a.aval);
    const resAvals = linear.inputs.slice(0, numResiduals).map((v) => v.aval);
    const backwardTree = structure([resAvals.map(() => 0), unflatten(outDef!, outAvals.map(() => 0))]);
    const backward = simplify(
      traceFlatList(
        (xs) => {
          const res = xs.slice(0, numResiduals);
          const cts = xs.slice(numResiduals).filter((_, i) => !zeroOut[i]);
          const known = [...res, ...avals.map(() => undefined)];
          const ctsIn = backwardPass(linear, cts, label, known).slice(numResiduals);
          return rebuildArgs(
            p.parts,
            ctsIn.map((c, i) => instantiate(c ?? new Zero(avals[i]!))),
          );
        },
        [...resAvals, ...outAvals],
        label,
        backwardTree,
      ),
    );
    return Object.freeze({ forward, backward, residuals: Object.freeze(residuals), numOutputs });
  };
}
