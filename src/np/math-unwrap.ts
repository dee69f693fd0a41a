/**
 * unwrap: a periodic signal (phases) made continuous by adding multiples of the period wherever
 * a step jumps by more than `discont`, as jnp.unwrap computes it (diff, mod, a running sum of the
 * corrections). Built from slice, pad, add and select, so it differentiates and vectorises.
 */
import { ArgumentError, describeValue } from "../errors.js";
import * as ops from "../primitives/ops.js";
import { isInteger } from "../tensor/dtype.js";
import { normalizeAxis } from "../tensor/shape.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { promoteOperands } from "./coerce.js";
import { mod } from "./elementwise.js";
import { and, eq, gt, konst, lt } from "./math-common.js";
import { optionalArgs } from "./options.js";

/** unwrap's options, by JAX's names. */
export interface UnwrapOptions {
  /** The largest step that is not a jump (default: period / 2; smaller values act as period / 2). */
  readonly discont?: number | null;
  /** The axis along which to unwrap (default −1). */
  readonly axis?: number;
  /** The period of the signal (default 2π). */
  readonly period?: number;
}

/** `x[start:stop]` along `axis`. */
function sliceAlong(x: Tensor, axis: number, start: number, stop: number): Tensor {
  return ops.slice(x, x.shape.map((_, d) => (d === axis ? start : 0)), x.shape.map((s, d) => (d === axis ? stop : s)), x.shape.map(() => 1));
}

/**
 * The running sum along `axis` by doubling steps (Hillis–Steele): log₂ n adds of the array and
 * itself shifted by 1, 2, 4, … places (a pad that crops), each linear, so derivatives and vmap
 * come from pad and add.
 */
function runningSum(x: Tensor, axis: number): Tensor {
  const n = x.shape[axis]!;
  let s = x;
  for (let k = 1; k < n; k *= 2) {
    s = ops.add(s, ops.pad(s, 0, x.shape.map((_, d): [number, number, number] => (d === axis ? [k, -k, 0] : [0, 0, 0]))));
  }
  return s;
}

function numberOption(value: unknown, name: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new ArgumentError(`np.unwrap: "${name}" must be a number; got ${describeValue(value)}.`);
  }
  return value;
}

/**
 * Unwraps a periodic signal along `axis`: wherever consecutive values differ by more than
 * `discont` (default period / 2), a multiple of `period` (default 2π) is added to the rest so the
 * step becomes the equivalent one in [−period/2, period/2]. Options in JAX's order: `discont`,
 * `axis` (default −1), `period`. An integer array with an integer period stays integer.
 * @example `np.unwrap([0, 350, 5], { period: 360 })` // [0, -10, 5]
 */
export function unwrap(p: TensorLike, ...options: unknown[]): Tensor {
  const o = optionalArgs("np.unwrap", ["discont", "axis", "period"], options);
  const period = numberOption(o.period, "period", 2 * Math.PI);
  const [x] = promoteOperands("unwrap", [p, period]);
  const axis = normalizeAxis((o.axis ?? -1) as number, x!.ndim, "np.unwrap");
  const n = x!.shape[axis]!;
  if (n === 0) return x!;
  const discont = numberOption(o.discont, "discont", period / 2);
  const interval = isInteger(x!.dtype) ? Math.floor(period / 2) : period / 2;
  const dd = ops.sub(sliceAlong(x!, axis, 1, n), sliceAlong(x!, axis, 0, n - 1));
  const iv = konst(interval, dd);
  let ddmod = ops.sub(mod(ops.add(dd, iv), konst(period, dd)), iv);
  ddmod = ops.select(and(eq(ddmod, ops.neg(iv)), gt(dd, konst(0, dd))), iv, ddmod);
  // On integers |dd| < 2.5 is |dd| < 3: the bound rounds up, where a cast would truncate it.
  const small = lt(ops.unaryOp("abs", dd), konst(isInteger(dd.dtype) ? Math.ceil(discont) : discont, dd));
  const correction = ops.select(small, konst(0, dd), ops.sub(ddmod, dd));
  const rest = ops.add(sliceAlong(x!, axis, 1, n), runningSum(correction, axis));
  return ops.concatenate([sliceAlong(x!, axis, 0, 1), rest], axis);
}
