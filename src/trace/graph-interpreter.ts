/**
 * The tracing interpreter: instead of computing, it records each primitive application as an
 * equation. Its own tracers become variables; concrete scalars become literals; other concrete
 * arrays and tracers of live outer interpreters become constants (closure conversion).
 */
import { isComplex } from "../tensor/dtype.js";
import { GraphBuilder } from "../ir/builder.js";
import { type Atom, type Aval, type Provenance, type Var, mkLiteral } from "../ir/types.js";
import type { PrimitiveName, PrimitiveParams } from "../primitives/params.js";
import type { PrimitiveDef } from "../primitives/rule-types.js";
import type { Tensor } from "../tensor/tensor.js";
import { avalOf, escapedTracerError } from "./eval-interpreter.js";
import { ScopedInterpreter, currentPass } from "./interpreter.js";
import { currentProvenance, passOf } from "./provenance.js";
import { userSite, userSourceLine } from "./source-info.js";
import { Tracer } from "./tracer.js";

/** A value inside a graph being traced: stands for one variable. */
export class GraphTracer extends Tracer {
  constructor(
    readonly variable: Var,
    owner: GraphInterpreter,
    createdAt: string | undefined,
  ) {
    super(variable.aval, owner, createdAt);
    Object.freeze(this);
  }
}

/** Records primitive applications into a `GraphBuilder`. */
export class GraphInterpreter extends ScopedInterpreter {
  readonly builder = new GraphBuilder();

  /** A new graph input of type `a`. */
  newInput(a: Aval): GraphTracer {
    return new GraphTracer(this.builder.newVar(a), this, undefined);
  }

  /** The atom that stands for `x` in this graph. */
  toAtom(x: Tensor, where: string): Atom {
    if (x instanceof GraphTracer && x.owner === this) return x.variable;
    if (x instanceof Tracer) {
      if (!x.owner.live) throw escapedTracerError(x, where);
      return this.builder.constVar(x, avalOf(x));
    }
    // A literal holds one number, so a complex scalar (two) stays a constant.
    if (x.shape.length === 0 && !isComplex(x.dtype)) return mkLiteral(x.concreteData()[0]!, x.dtype);
    return this.builder.constVar(x, avalOf(x));
  }

  /** Whether equations record the user's source line and scope (graphs people look at do). */
  readonly recordsSource: boolean = true;

  process<N extends PrimitiveName>(prim: PrimitiveDef<N>, inputs: readonly Tensor[], params: PrimitiveParams[N]): Tensor[] {
    const atoms = inputs.map((x) => this.toAtom(x, prim.name));
    const from = this.provenance();
    const outs = this.builder.emit(prim, atoms, params, from);
    return outs.map((v) => new GraphTracer(v, this, from.source));
  }

  /**
   * Where the op comes from: the equation being re-played (a graph evaluated, a backward pass
   * transposing a forward equation), else the user's code on the stack.
   */
  private provenance(): Provenance {
    const chain = currentPass();
    const lent = currentProvenance();
    if (lent !== undefined && (lent.source !== undefined || lent.scope !== undefined)) {
      return { source: lent.source, scope: lent.scope, pass: passOf(chain, lent) };
    }
    if (!this.recordsSource) return { source: undefined, scope: undefined, pass: passOf(chain, lent) };
    // In a backward pass the user's code is not running (only a custom rule's, which is near):
    // the nearest outer frame would be the call of grad, so a far search finds nothing useful.
    if (chain === "backward") return { source: userSourceLine(false), scope: undefined, pass: "backward" };
    const site = userSite();
    return { source: site.source, scope: site.scope, pass: passOf(chain, lent) };
  }
}
