/**
 * lax.reduceWindow: JAX's `lax.reduce_window` for the three reductions that have a windowed
 * primitive — `np.add`, `np.maximum`, `np.minimum`, recognised as function objects. With the
 * reduction's identity as init (0, −∞, +∞, or an integer dtype's extreme) it binds the primitive
 * alone; any other init is combined once per window after it, as XLA's CPU ReduceWindow does
 * (padding and holes never count as init), so the init may be traced and is differentiable.
 *
 * Derivatives of max and min go to each window's first extremum in row-major window order, as
 * JAX's select_and_scatter_add gives them; padding competes with the identity (−∞ for a max), so a
 * window of −∞ only passes its cotangent to its first tap, which is lost if that tap is padding.
 * Forward and reverse mode use that one selection (JAX's forward mode gives a window of −∞ a zero
 * tangent instead), and reverse mode works with window dilation too (JAX's raises there).
 */
import { ArgumentError, DTypeError, inContext } from "../errors.js";
import { tensorArg } from "../np/coerce.js";
import { add, maximum, minimum } from "../np/elementwise.js";
import { optionalArgs } from "../np/options.js";
import { isTracer } from "../np/static-args.js";
import { type WindowPadding, positiveInts, resolveWindowPadding } from "../primitives/window/args.js";
import { type ReduceWindowName, reduceWindow as bindReduceWindow } from "../primitives/window/ops.js";
import { dilateDim, windowIdentity } from "../tensor/kernels/window.js";
import { Tensor, type TensorLike } from "../tensor/tensor.js";

export type { WindowPadding } from "../primitives/window/args.js";

/** The reductions lax.reduceWindow accepts: np.add, np.maximum or np.minimum themselves. */
export type ReduceWindowComputation = (x: TensorLike, y: TensorLike) => Tensor;

/** The optional arguments of lax.reduceWindow, by JAX's names. */
export interface ReduceWindowOptions {
  windowStrides?: readonly number[] | null;
  padding?: WindowPadding;
  baseDilation?: readonly number[] | null;
  windowDilation?: readonly number[] | null;
}

type ReduceWindowRest =
  | []
  | [readonly number[] | null]
  | [readonly number[] | null, WindowPadding]
  | [readonly number[] | null, WindowPadding, ReduceWindowOptions]
  | [readonly number[] | null, ReduceWindowOptions]
  | [ReduceWindowOptions];

const NAMES = ["windowStrides", "padding", "baseDilation", "windowDilation"] as const;

/** Which primitive a computation is, or an ArgumentError listing the supported ones. */
function primitiveOf(op: string, computation: unknown): [ReduceWindowName, "sum" | "max" | "min"] {
  if (computation === add) return ["reduce_window_sum", "sum"];
  if (computation === maximum) return ["reduce_window_max", "max"];
  if (computation === minimum) return ["reduce_window_min", "min"];
  const name = typeof computation === "function" && computation.name ? `the function ${computation.name}` : typeof computation === "function" ? "an anonymous function" : String(computation);
  throw new ArgumentError(
    `${op}: computation must be np.add, np.maximum or np.minimum (the reductions with a windowed primitive); got ${name}. ` +
      "Pass one of those functions itself (not a wrapper around it).",
  );
}

/**
 * Reduces each window of `operand` with `computation` (np.add, np.maximum or np.minimum), starting
 * from `initValue` (a scalar of the operand's dtype). Optional, in JAX's order or by name:
 * `windowStrides` (default 1s), `padding` ("VALID" by default, "SAME", "SAME_LOWER" or [lo, hi]
 * pairs), `baseDilation`, `windowDilation`. Differentiable to any order (a max's gradient goes to
 * the first maximum of each window, as JAX's does) and batched by vmap without loops.
 *
 * @example `lax.reduceWindow(np.array([1, 3, 2, 5]), -Infinity, np.maximum, [2], [2]).toArray()` // [3, 5]
 */
export function reduceWindow(
  operand: TensorLike, initValue: TensorLike, computation: ReduceWindowComputation, windowDimensions: readonly number[], ...rest: ReduceWindowRest
): Tensor {
  const op = "lax.reduceWindow";
  return inContext(op, () => {
    const x = tensorArg(op, operand, "operand (args[0])");
    const [name, kind] = primitiveOf(op, computation);
    const o = optionalArgs(op, NAMES, rest);
    const rank = x.ndim;
    const windowDims = positiveInts(op, "windowDimensions", windowDimensions, rank);
    const windowStrides = positiveInts(op, "windowStrides", o.windowStrides, rank, 1);
    const baseDilation = positiveInts(op, "baseDilation", o.baseDilation, rank, 1);
    const windowDilation = positiveInts(op, "windowDilation", o.windowDilation, rank, 1);
    const span = windowDims.map((w, i) => dilateDim(w, windowDilation[i]!));
    const padding = resolveWindowPadding(op, o.padding ?? "VALID", x.shape, span, windowStrides);
    const init = initTensor(op, initValue, x);
    const y = bindReduceWindow(name, x, { windowDimensions: windowDims, windowStrides, padding, baseDilation, windowDilation });
    if (isIdentity(init, kind)) return y;
    return (kind === "sum" ? add : kind === "max" ? maximum : minimum)(y, init);
  });
}

/** The init as a scalar tensor of the operand's dtype (a JS number is cast; a tensor must match). */
function initTensor(op: string, initValue: TensorLike, x: Tensor): Tensor {
  // JAX converts an infinite init to an integer operand's extreme (−∞ → the least int32): the identity of max.
  const clamped =
    typeof initValue === "number" && !Number.isFinite(initValue) && !Number.isNaN(initValue) && (x.dtype === "int32" || x.dtype === "uint32")
      ? windowIdentity(initValue > 0 ? "min" : "max", x.dtype)
      : initValue;
  const init = clamped instanceof Tensor ? clamped : tensorArg(op, clamped, "initValue (args[1])", x.dtype);
  if (init.ndim !== 0) {
    throw new ArgumentError(`${op}: initValue must be a scalar; got an array of shape [${init.shape.join(",")}]. Pass one value.`);
  }
  if (init.dtype !== x.dtype) {
    throw new DTypeError(`${op}: initValue has dtype ${init.dtype} but the operand has dtype ${x.dtype}; they must match (pass a JS number, or cast with np.astype).`);
  }
  return init;
}

/** True when a concrete init is the reduction's identity (then the primitive alone is the answer). */
function isIdentity(init: Tensor, kind: "sum" | "max" | "min"): boolean {
  if (isTracer(init)) return false;
  const v = Number(init.concreteData()[0]);
  return Object.is(v, windowIdentity(kind, init.dtype)) || (kind === "sum" && v === 0);
}
