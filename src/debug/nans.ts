/**
 * `debugNans(thunk)`: an interpreter placed under everything `thunk` does. It lets each primitive
 * run, then checks the float outputs; the first NaN that an op produces from NaN-free inputs
 * throws a `FloatingPointError` naming the primitive, the pass (forward or backward) and the
 * user's source line — for a backward-pass op, the line of the forward equation it differentiates.
 *
 * A primitive that runs a graph (jit, scan, whileLoop, cond, checkpoint, custom rules) is checked
 * as a whole first, at full speed; only when its outputs have a NaN is its graph re-played
 * equation by equation under the checker (as JAX re-runs a jitted function op by op), so the
 * error names the equation inside — with its pass, its line, and for loops the iteration.
 * Scoped: leaving `thunk` (normally or by an error) removes it.
 */
import { ArgumentError, FloatingPointError } from "../errors.js";
import type { Graph } from "../ir/graph.js";
import { evaluateFlat } from "../interpret/evaluate.js";
import type { PrimitiveName, PrimitiveParams } from "../primitives/params.js";
import type { PrimitiveDef } from "../primitives/rule-types.js";
import { isFloat } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";
import { type Interpreter, bind, currentInterpreter, currentPass, withInterpreter } from "../trace/interpreter.js";
import { currentProvenance, observingProvenance, passOf } from "../trace/provenance.js";
import { userSourceLine } from "../trace/source-info.js";
import { checkNotAsync, checkNotPromise } from "../trace/trace.js";
import { Tracer } from "../trace/tracer.js";

function hasNan(x: Tensor): boolean {
  if (x instanceof Tracer || !isFloat(x.dtype)) return false;
  const d = x.concreteData();
  for (let i = 0; i < d.length; i++) if (Number.isNaN(d[i])) return true;
  return false;
}

/** A loop or graph being re-played: what it is (`scan body`) and, for loops, the iteration. */
interface Frame {
  readonly what: string;
  iteration: number | undefined;
}

class NanChecker implements Interpreter {
  readonly label = "debugNans";
  /** The graphs being re-played, outermost first. */
  private readonly frames: Frame[] = [];
  constructor(readonly parent: Interpreter) {}
  get live(): boolean {
    return true;
  }
  process<N extends PrimitiveName>(prim: PrimitiveDef<N>, inputs: readonly Tensor[], params: PrimitiveParams[N]): Tensor[] {
    const outs = withInterpreter(this.parent, () => bind(prim, inputs, params));
    if (outs.some(hasNan) && !inputs.some(hasNan)) {
      // Find the equation inside first (it throws); if the re-play finds none, name the whole op.
      this.replay(prim.name, inputs, params as PrimitiveParams[PrimitiveName]);
      throw new FloatingPointError(this.message(prim.name, inputs));
    }
    return outs;
  }

  /** The error message for `name` applied to `inputs`, with where it comes from. */
  private message(name: string, inputs: readonly Tensor[]): string {
    const lent = currentProvenance();
    const pass = passOf(currentPass(), lent);
    const line = lent?.source ?? (pass === "forward" ? userSourceLine() : undefined);
    const scope = lent?.scope;
    const inside = this.frames.map((f) => (f.iteration === undefined ? `in the ${f.what}` : `in the ${f.what} at iteration ${f.iteration}`));
    const where =
      pass === "backward"
        ? line !== undefined
          ? `, differentiating the forward equation at ${line}${scope ? ` (scope ${scope})` : ""}`
          : ""
        : line !== undefined
          ? ` (from ${line}${scope ? `, scope ${scope}` : ""})`
          : "";
    return (
      `debugNans: ${name} produced a NaN in the ${pass} pass${inside.length > 0 ? ` ${inside.join(", ")}` : ""}${where}, ` +
      `from inputs without NaN (${inputs.map((x) => x.typeString).join(", ")}). ` +
      `Check its domain there (log of a negative, 0/0, inf − inf, 0 · inf, …).`
    );
  }

  /** Re-plays `graph` on `inputs` under this checker, inside `frame`. */
  private run(graph: Graph, inputs: readonly Tensor[], frame: Frame): Tensor[] {
    this.frames.push(frame);
    try {
      return withInterpreter(this, () => evaluateFlat(graph, inputs));
    } finally {
      this.frames.pop();
    }
  }

  /** Re-plays a graph-carrying primitive's work equation by equation; the first NaN throws. */
  private replay(name: PrimitiveName, inputs: readonly Tensor[], params: PrimitiveParams[PrimitiveName]): void {
    const backward = passOf(currentPass(), currentProvenance()) === "backward";
    const p = params as unknown as Record<string, unknown>;
    switch (name) {
      case "jit":
        this.run(p["graph"] as Graph, inputs, { what: `jit-compiled function ${String(p["name"])}`, iteration: undefined });
        return;
      case "checkpoint":
      case "custom_jvp_call":
      case "custom_vjp_call":
        this.run(p["fun"] as Graph, inputs, { what: `${name} ${String(p["name"])}`, iteration: undefined });
        return;
      case "cond": {
        const branches = p["branches"] as readonly Graph[];
        const i = Math.min(Math.max(Math.trunc(inputs[0]!.item()), 0), branches.length - 1);
        this.run(branches[i]!, inputs.slice(1), { what: `${backward ? "transposed " : ""}cond branch ${i}`, iteration: undefined });
        return;
      }
      case "scan": {
        const { body, numConsts, numCarry, length, reverse } = params as PrimitiveParams["scan"];
        const consts = inputs.slice(0, numConsts);
        let carry = inputs.slice(numConsts, numConsts + numCarry);
        const xs = inputs.slice(numConsts + numCarry);
        const frame: Frame = { what: `${backward ? "transposed " : ""}scan body`, iteration: 0 };
        for (let k = 0; k < length; k++) {
          const t = reverse ? length - 1 - k : k;
          frame.iteration = t;
          const step = withInterpreter(this.parent, () => xs.map((x) => x.slice(t)));
          carry = this.run(body, [...consts, ...carry, ...step], frame).slice(0, numCarry);
        }
        return;
      }
      case "while": {
        const { cond, body, condConsts, bodyConsts } = params as PrimitiveParams["while"];
        const cc = inputs.slice(0, condConsts);
        const bc = inputs.slice(condConsts, condConsts + bodyConsts);
        let carry = inputs.slice(condConsts + bodyConsts);
        for (let k = 0; ; k++) {
          const go = this.run(cond, [...cc, ...carry], { what: "while condition", iteration: k })[0]!;
          if (!go.item()) return;
          carry = this.run(body, [...bc, ...carry], { what: "while body", iteration: k });
        }
      }
      default:
        return;
    }
  }
}

/**
 * Runs `thunk` with every primitive's float outputs checked for NaN, forward and backward. The
 * error names the primitive, the pass, and the user's line — in the backward pass, the line of
 * the forward equation being differentiated; inside jit, scan, whileLoop or cond, the equation of
 * the body (and the iteration).
 *
 * @example
 * ```ts
 * debugNans(() => grad((x) => np.sqrt(x))(np.array(-1)));
 * // FloatingPointError: debugNans: sqrt produced a NaN in the forward pass (from my-file.ts:3:38) …
 * ```
 */
export function debugNans<T>(thunk: () => T): T {
  if (typeof thunk !== "function") throw new ArgumentError(`debugNans: expected a function, got ${typeof thunk}.`);
  // Only synchronous work is checked: the scope ends when thunk returns, before any await resumes.
  checkNotAsync(thunk, "debugNans");
  // Observed provenance: linear graphs record their forward lines for the backward pass to name.
  const out = observingProvenance(() => withInterpreter(new NanChecker(currentInterpreter()), thunk));
  checkNotPromise(out, "debugNans");
  return out;
}
