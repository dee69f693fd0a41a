/**
 * Forward mode. A `JvpInterpreter` carries (primal, tangent) pairs; each primitive's jvp rule runs
 * under the parent interpreter, so rules are traced/differentiated by whatever is outside.
 * Values that are not this interpreter's tracers (constants, outer tracers) have zero tangent —
 * which is what keeps nested derivatives from confusing their perturbations.
 * Law: jvp(f, x, t) = (f(x), ∂f(x)·t), linear in t.
 */
import { aval } from "../ir/types.js";
import { isZero, zeroLike } from "../primitives/ad.js";
import type { PrimitiveName, PrimitiveParams } from "../primitives/params.js";
import { type PrimitiveDef, type Tangent, Zero } from "../primitives/rule-types.js";
import type { Tensor } from "../tensor/tensor.js";
import { avalOf, escapedTracerError } from "../trace/eval-interpreter.js";
import { ScopedInterpreter, bind, currentInterpreter, withInterpreter } from "../trace/interpreter.js";
import { Tracer } from "../trace/tracer.js";

/** A value inside a jvp: its primal and its tangent (possibly a symbolic zero). */
export class JvpTracer extends Tracer {
  constructor(
    readonly primal: Tensor,
    readonly tangent: Tangent,
    owner: JvpInterpreter,
  ) {
    super(aval(primal.shape, primal.dtype), owner, undefined);
    Object.freeze(this);
  }
}

/** Interprets primitives by their jvp rules. */
export class JvpInterpreter extends ScopedInterpreter {

  /** A tracer for primal `x` with tangent `t` (a zero tangent gives back `x` itself). */
  lift(x: Tensor, t: Tangent): Tensor {
    return isZero(t) ? x : new JvpTracer(x, t, this);
  }

  /** (primal, tangent) of any value, from this interpreter's point of view. */
  split(x: Tensor, where: string): [Tensor, Tangent] {
    if (x instanceof JvpTracer && x.owner === this) return [x.primal, x.tangent];
    if (x instanceof Tracer && !x.owner.live) throw escapedTracerError(x, where);
    return [x, new Zero(avalOf(x))];
  }

  process<N extends PrimitiveName>(prim: PrimitiveDef<N>, inputs: readonly Tensor[], params: PrimitiveParams[N]): Tensor[] {
    const pairs = inputs.map((x) => this.split(x, prim.name));
    const primals = pairs.map((p) => p[0]);
    const tangents = pairs.map((p) => p[1]);
    // Nothing to differentiate: let the parent compute the value.
    if (tangents.every(isZero)) return withInterpreter(this.parent, () => bind(prim, primals, params));
    const rule = prim.jvpRule;
    const [outs, outTangents] = withInterpreter(this.parent, () => rule(primals, tangents, params));
    return outs.map((y, i) => this.lift(y, outTangents[i] ?? zeroLike(y)));
  }
}

/**
 * Forward-mode derivative of a function of flat tensors: returns the flat primal outputs and
 * their tangents (symbolic zeros where an output does not depend on the inputs). For few inputs
 * (sub-graphs); `jvpFlatList` takes any number.
 */
export function jvpFlat(
  f: (...xs: Tensor[]) => Tensor[],
  primals: readonly Tensor[],
  tangents: readonly Tangent[],
  label: string,
): [Tensor[], Tangent[]] {
  return jvpFlatList((xs) => f(...xs), primals, tangents, label);
}

/**
 * `jvpFlat` for a function that takes its inputs as one array: a spread call `f(...xs)` puts
 * every input on the JS stack, which overflows near 100,000 leaves.
 */
export function jvpFlatList(
  f: (xs: Tensor[]) => Tensor[],
  primals: readonly Tensor[],
  tangents: readonly Tangent[],
  label: string,
): [Tensor[], Tangent[]] {
  const interp = new JvpInterpreter(currentInterpreter(), label);
  try {
    const inputs = primals.map((p, i) => interp.lift(p, tangents[i]!));
    const outs = withInterpreter(interp, () => f(inputs));
    const pairs = outs.map((y) => interp.split(y, "result"));
    return [pairs.map((p) => p[0]), pairs.map((p) => p[1])];
  } finally {
    interp.finish();
  }
}
