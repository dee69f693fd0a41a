/**
 * `np.pad` with every mode of jnp.pad — constant, edge, linear_ramp, maximum, mean, median, minimum,
 * reflect, symmetric, wrap, empty, or a function — each built as JAX builds it, axis by axis, from
 * the pad primitive, slices, reversals, broadcasts and concatenations (so gradients flow to the
 * array, and to traced constant values).
 */
import { ArgumentError, DTypeError, ShapeError, describeValue, fmtShape, fmtValue, inContext } from "../errors.js";
import * as ops from "../primitives/ops.js";
import { applyAlongAxis } from "./apply.js";
import { type DType, castScalar, isFloat } from "../tensor/dtype.js";
import { scalar } from "../tensor/from-js.js";
import { Tensor, type TensorLike } from "../tensor/tensor.js";
import { sortAlong } from "./along-axis.js";
import { broadcastTensor, tensorArg } from "./coerce.js";
import { isOptions, optionalArgs } from "./options.js";
import { checkOutput, isTracer, moveAxisTo, type Positional, repeatAlong, sliceAxis, staticArray } from "./static-args.js";

/** The modes of jnp.pad (and numpy.pad), with the options each reads. */
const MODES = {
  constant: ["constantValues"],
  edge: [],
  linear_ramp: ["endValues"],
  maximum: ["statLength"],
  mean: ["statLength"],
  median: ["statLength"],
  minimum: ["statLength"],
  reflect: ["reflectType"],
  symmetric: ["reflectType"],
  wrap: [],
  empty: [],
} as const;

/** A pad mode of jnp.pad. */
export type PadMode = keyof typeof MODES;

/**
 * A padding function, as jnp.pad's callable mode: it gets one 1-D line of the zero-padded array,
 * the `[before, after]` widths of its axis, the axis, and the other options, and returns the line.
 */
export type PadFunction = (row: Tensor, padWidth: [number, number], iaxis: number, kwargs: Readonly<Record<string, unknown>>) => Tensor;

/** Options of np.pad (JAX's keyword arguments, camelCase). */
export interface PadOptions {
  mode?: PadMode | PadFunction;
  /** constant: the value, or per axis and side (shape [], [1], [2], [ndim, 2], [1, 2] or [ndim, 1]). */
  constantValues?: TensorLike;
  /** linear_ramp: the values the ramps start from, shaped as pad widths. */
  endValues?: number | readonly number[] | readonly (readonly number[])[];
  /** maximum/mean/median/minimum: how many edge elements the statistic uses (all when omitted). */
  statLength?: number | readonly number[] | readonly (readonly number[])[];
  /** reflect/symmetric: "even" (the default) mirrors, "odd" reflects through the edge value. */
  reflectType?: "even" | "odd";
}

type Pairs = [number, number][];

/**
 * numpy's broadcast of a pad argument to one [before, after] pair per axis: a number, [n], [before,
 * after], [[before, after]] or one pair per axis.
 */
function toPairs(name: string, value: unknown, nd: number, integral: boolean): Pairs {
  const { values, shape } = staticArray("np.pad", name, value);
  const v = (i: number): number => {
    const x = values[i]!;
    if (integral && !Number.isSafeInteger(x)) throw new ArgumentError(`np.pad: ${name} must hold integers; got ${fmtValue(x)}.`);
    return x;
  };
  const s = fmtShape(shape);
  if (shape.length === 2 && shape[0] === nd && shape[1] === 2) return Array.from({ length: nd }, (_, i) => [v(2 * i), v(2 * i + 1)]);
  if (s === "[1,2]" || s === "[2]") return Array.from({ length: nd }, () => [v(0), v(1)]);
  if (s === "[1]" || s === "[]") return Array.from({ length: nd }, () => [v(0), v(0)]);
  throw new ArgumentError(`np.pad: ${name} has shape ${s} for an array of ${nd} dimensions; give a number, [before, after], or [[before, after], …] with one pair per axis (shapes [${nd},2], [1,2], [2], [1] or []).`);
}

/**
 * Pads an array. `padWidth` is a number (every side), `[before, after]` (every axis) or one pair per
 * axis. `mode` (default "constant") is one of jnp.pad's: "constant" (`constantValues`, default 0,
 * per axis and side if given so), "edge", "linear_ramp" (to `endValues`, default 0), "maximum",
 * "mean", "median", "minimum" (of the whole axis, or of `statLength` edge elements; integer arrays
 * round the statistic), "reflect" and "symmetric" (`reflectType` "even" or "odd"; widths may exceed
 * the axis, reflecting again), "wrap", "empty" (zeros, as JAX), or a function `(row, [before,
 * after], axis, kwargs) => row` applied to every line of the zero-padded array.
 * @example `np.pad([1, 2, 3], [1, 2], "reflect").toArray()` // [2, 1, 2, 3, 2, 1]
 */
export function pad(array: TensorLike, padWidth: number | readonly number[] | readonly (readonly number[])[], ...rest: Positional<[PadMode | PadFunction], PadOptions>): Tensor {
  return inContext("np.pad", () => {
    const t = tensorArg("pad", array);
    const last = rest[rest.length - 1];
    const given = typeof rest[0] === "function" || (isOptions(last) && typeof last.mode === "function");
    if (given) return padWithFunction(t, padWidth, rest);
    const o = optionalArgs("np.pad", ["mode", "constantValues", "statLength", "endValues", "reflectType"], rest);
    const mode = o.mode ?? "constant";
    if (typeof mode !== "string" || !Object.hasOwn(MODES, mode)) {
      throw new ArgumentError(`np.pad: mode ${describeValue(mode)} is not a pad mode; use one of ${Object.keys(MODES).map((m) => `"${m}"`).join(", ")}, or a function.`);
    }
    const allowed: readonly string[] = MODES[mode as PadMode];
    const stray = Object.keys(o).filter((k) => k !== "mode" && !allowed.includes(k));
    if (stray.length > 0) {
      throw new ArgumentError(`np.pad: mode "${mode}" does not take ${stray.map((k) => `"${k}"`).join(", ")}${allowed.length > 0 ? `; it takes ${allowed.map((k) => `"${k}"`).join(", ")}` : ""}.`);
    }
    const widths = toPairs("padWidth", padWidth, t.ndim, true);
    widths.flat().forEach((w) => {
      if (w < 0) throw new ArgumentError(`np.pad: padWidth ${fmtValue(w)} is negative; widths must be ≥ 0 (slice to crop).`);
    });
    if (t.ndim === 0) return t;
    checkOutput("np.pad", t.shape.map((d, i) => d + widths[i]![0] + widths[i]![1]));
    switch (mode as PadMode) {
      case "constant":
        return padConstant(t, widths, (o.constantValues ?? 0) as TensorLike);
      case "empty":
        return ops.pad(t, 0, widths.map(([lo, hi]) => [lo, hi, 0] as const));
      case "wrap":
        return padWrap(t, widths);
      case "edge":
        return padEdge(t, widths);
      case "reflect":
      case "symmetric":
        return padReflect(t, widths, mode as "reflect" | "symmetric", reflectTypeArg(o.reflectType));
      case "linear_ramp":
        return padLinearRamp(t, widths, toPairs("endValues", o.endValues ?? 0, t.ndim, false));
      default:
        return padStat(t, widths, o.statLength === undefined || o.statLength === null ? undefined : statLengths(o.statLength, t.ndim), mode as Stat);
    }
  });
}

function reflectTypeArg(v: unknown): "even" | "odd" {
  if (v === undefined || v === "even" || v === "odd") return v ?? "even";
  throw new ArgumentError(`np.pad: reflectType must be "even" or "odd"; got ${describeValue(v)}.`);
}

function statLengths(v: unknown, nd: number): Pairs {
  const pairs = toPairs("statLength", v, nd, true);
  pairs.flat().forEach((s) => {
    if (s <= 0) throw new ArgumentError(`np.pad: statLength ${fmtValue(s)} yields no value for padding; use lengths ≥ 1.`);
  });
  return pairs;
}

/** Refuses a width on an empty axis for the modes that copy from the axis. */
function checkNotEmpty(t: Tensor, axis: number, [lo, hi]: [number, number], mode: string): boolean {
  if (t.shape[axis] !== 0) return true;
  if (lo > 0 || hi > 0) throw new ShapeError(`np.pad: cannot apply "${mode}" padding to axis ${axis}, which is empty (shape ${fmtShape(t.shape)}); use mode "constant".`);
  return false;
}

/** Concatenates the non-empty parts along `axis`. */
function join(parts: readonly Tensor[], axis: number): Tensor {
  const kept = parts.filter((p) => p.shape[axis] !== 0);
  return kept.length === 1 ? kept[0]! : kept.length === 0 ? parts[0]! : ops.concatenate(kept, axis);
}

function padConstant(t: Tensor, widths: Pairs, values: TensorLike): Tensor {
  const nd = t.ndim;
  if (values instanceof Tensor && isTracer(values)) return padConstantTraced(t, widths, values);
  const pairs = toPairs("constantValues", values instanceof Tensor ? values : constantArray(values), nd, false).map(
    ([lo, hi]) => [castScalar(lo, t.dtype), castScalar(hi, t.dtype)] as const,
  );
  const first = pairs[0]![0];
  if (pairs.every(([lo, hi]) => Object.is(lo, first) && Object.is(hi, first))) {
    return ops.pad(t, first, widths.map(([lo, hi]) => [lo, hi, 0] as const));
  }
  // Per axis and side, in JAX's order (axis by axis, before then after): corners take the later value.
  let x = t;
  for (let i = 0; i < nd; i++) {
    for (const side of [0, 1] as const) {
      const w = widths[i]![side];
      if (w === 0) continue;
      x = ops.pad(x, pairs[i]![side], x.shape.map((_, d) => (d === i ? (side === 0 ? [w, 0, 0] : [0, w, 0]) : [0, 0, 0]) as [number, number, number]));
    }
  }
  return x;
}

/** Booleans as numbers (a constant may be `true`), other values as given. */
function constantArray(v: unknown): unknown {
  if (typeof v === "boolean") return Number(v);
  if (Array.isArray(v)) return v.map(constantArray);
  return v;
}

/** Constant values that are traced: blocks of the broadcast value concatenated around the array. */
function padConstantTraced(t: Tensor, widths: Pairs, values: Tensor): Tensor {
  const nd = t.ndim;
  const v = ops.convert(values, t.dtype);
  const ok = v.ndim <= 2 && (v.ndim < 2 || ((v.shape[0] === 1 || v.shape[0] === nd) && (v.shape[1] === 1 || v.shape[1] === 2))) && (v.ndim !== 1 || v.shape[0] === 1 || v.shape[0] === 2);
  if (!ok) throw new ArgumentError(`np.pad: constantValues has shape ${fmtShape(v.shape)}; use a scalar, [before, after], or one pair per axis ([${nd}, 2]).`);
  const table = broadcastTensor(v, [nd, 2]);
  let x = t;
  for (let i = 0; i < nd; i++) {
    const block = (side: 0 | 1): Tensor => {
      const c = ops.reshape(ops.slice(table, [i, side], [i + 1, side + 1], [1, 1]), []);
      return ops.broadcastInDim(c, x.shape.map((d, k) => (k === i ? widths[i]![side] : d)), []);
    };
    if (widths[i]![0] > 0 || widths[i]![1] > 0) x = join([block(0), x, block(1)], i);
  }
  return x;
}

function padWrap(t: Tensor, widths: Pairs): Tensor {
  let x = t;
  for (let i = 0; i < t.ndim; i++) {
    if (!checkNotEmpty(x, i, widths[i]!, "wrap")) continue;
    const n = x.shape[i]!;
    const [lo, hi] = widths[i]!;
    const parts: Tensor[] = [];
    if (lo % n > 0) parts.push(sliceAxis(x, i, n - (lo % n), n));
    for (let r = 0; r < Math.floor(lo / n) + Math.floor(hi / n) + 1; r++) parts.push(x);
    if (hi % n > 0) parts.push(sliceAxis(x, i, 0, hi % n));
    x = join(parts, i);
  }
  return x;
}

function padEdge(t: Tensor, widths: Pairs): Tensor {
  let x = t;
  for (let i = 0; i < t.ndim; i++) {
    if (!checkNotEmpty(x, i, widths[i]!, "edge")) continue;
    const n = x.shape[i]!;
    const [lo, hi] = widths[i]!;
    x = join([repeatAlong(sliceAxis(x, i, 0, 1), i, lo), x, repeatAlong(sliceAxis(x, i, n - 1, n), i, hi)], i);
  }
  return x;
}

/** 2·edge − x (odd reflection), in the array's dtype. */
function oddReflect(edge: Tensor, x: Tensor, axis: number): Tensor {
  const e = repeatAlong(edge, axis, x.shape[axis]!);
  return ops.sub(ops.add(e, e), x);
}

/** JAX's reflect/symmetric padding: widths past the axis reflect the already padded array again. */
function padReflect(t: Tensor, widths: Pairs, mode: "reflect" | "symmetric", type: "even" | "odd"): Tensor {
  if (type === "odd" && t.dtype === "bool") throw new DTypeError(`np.pad: reflectType "odd" computes 2·edge − x, which a bool array cannot hold; cast with np.astype(x, "int32").`);
  let x = t;
  for (let i = 0; i < t.ndim; i++) {
    if (!checkNotEmpty(x, i, widths[i]!, mode)) continue;
    const n = t.shape[i]!;
    const offset = mode === "reflect" && n > 1 ? 1 : 0;
    for (const before of [true, false]) {
      let padding = widths[i]![before ? 0 : 1];
      const len = (): number => x.shape[i]!;
      let edge = before ? sliceAxis(x, i, 0, 1) : sliceAxis(x, i, len() - 1, len());
      while (padding > 0) {
        const cur = Math.min(padding, n - offset);
        padding -= cur;
        const start = before ? offset : len() - (cur + offset);
        const stop = before ? offset + cur : mode === "symmetric" || n === 1 ? len() : len() - 1;
        let piece = ops.rev(sliceAxis(x, i, start, stop), [i]);
        if (type === "odd") {
          piece = oddReflect(edge, piece, i);
          if (n > 1) edge = before ? sliceAxis(piece, i, 0, 1) : sliceAxis(piece, i, cur - 1, cur);
        }
        x = ops.concatenate(before ? [piece, x] : [x, piece], i);
      }
    }
  }
  return x;
}

/** The shape of `t` with axis `axis` set to `n`. */
const withAxis = (t: Tensor, axis: number, n: number): number[] => t.shape.map((d, k) => (k === axis ? n : d));

/**
 * jnp.linspace(start, edge, num, endpoint=False) along `axis`: start·(1 − k/num) + edge·k/num for
 * float arrays. Integer arrays take numpy's form, start + k·(edge − start)/num in float64, floored:
 * JAX computes their ramp in float32, whose rounding can put a value one below its exact floor.
 */
function ramp(x: Tensor, edge: Tensor, start: number, num: number, axis: number): Tensor {
  const float = isFloat(x.dtype);
  const cd: DType = float ? x.dtype : "float64";
  const shape = withAxis(x, axis, num);
  const c = (v: number): Tensor => ops.broadcastInDim(scalar(v, cd), shape, []);
  const k = ops.convert(ops.iota("int32", shape, axis), cd);
  const e = repeatAlong(ops.convert(edge, cd), axis, num);
  if (float) {
    const step = ops.div(k, c(num));
    return ops.add(ops.mul(c(start), ops.sub(c(1), step)), ops.mul(e, step));
  }
  const out = ops.add(ops.mul(k, ops.div(ops.sub(e, c(start)), c(num))), c(start));
  return ops.convert(ops.unaryOp("floor", out), x.dtype);
}

function padLinearRamp(t: Tensor, widths: Pairs, ends: Pairs): Tensor {
  let x = t;
  for (let i = 0; i < t.ndim; i++) {
    if (!checkNotEmpty(x, i, widths[i]!, "linear_ramp")) continue;
    const n = x.shape[i]!;
    const [lo, hi] = widths[i]!;
    const before = lo > 0 ? ramp(x, sliceAxis(x, i, 0, 1), ends[i]![0], lo, i) : sliceAxis(x, i, 0, 0);
    const after = hi > 0 ? ops.rev(ramp(x, sliceAxis(x, i, n - 1, n), ends[i]![1], hi, i), [i]) : sliceAxis(x, i, 0, 0);
    x = join([before, x, after], i);
  }
  return x;
}

type Stat = "maximum" | "minimum" | "mean" | "median";

/** The statistic of `x` along `axis`, kept as a size-1 axis, in float for mean/median. */
function statistic(x: Tensor, axis: number, stat: Stat): Tensor {
  const keep = (r: Tensor): Tensor => ops.reshape(r, withAxis(x, axis, 1));
  const n = x.shape[axis]!;
  if (stat === "maximum" || stat === "minimum") {
    if (n === 0) throw new ShapeError(`np.pad: the ${stat} of axis ${axis} is undefined because it is empty (shape ${fmtShape(x.shape)}); use mode "constant".`);
    return keep(stat === "maximum" ? ops.reduceMax(x, [axis]) : ops.reduceMin(x, [axis]));
  }
  const f = isFloat(x.dtype) ? x : ops.convert(x, "float32");
  if (stat === "mean") return keep(ops.div(ops.reduceSum(f, [axis]), scalar(n, f.dtype)));
  if (n === 0) return keep(ops.div(ops.reduceSum(f, [axis]), scalar(0, f.dtype))); // NaN, as jnp.median of nothing
  const sorted = sortAlong(f, axis);
  const lo = sliceAxis(sorted, axis, (n - 1) >> 1, ((n - 1) >> 1) + 1), hi = sliceAxis(sorted, axis, n >> 1, (n >> 1) + 1);
  const mid = ops.mul(ops.add(lo, hi), ops.broadcastInDim(scalar(0.5, f.dtype), lo.shape, []));
  // A NaN anywhere in the line makes its median NaN (sorting put it last, out of the middle).
  const hasNan = ops.reduceMax(ops.convert(ops.binaryOp("ne", f, f), "int32"), [axis]);
  return ops.select(ops.binaryOp("gt", keep(hasNan), ops.broadcastInDim(scalar(0, "int32"), lo.shape, [])), ops.broadcastInDim(scalar(NaN, f.dtype), lo.shape, []), mid);
}

function padStat(t: Tensor, widths: Pairs, lengths: Pairs | undefined, stat: Stat): Tensor {
  let x = t;
  for (let i = 0; i < t.ndim; i++) {
    const [lo, hi] = widths[i]!;
    if (lo === 0 && hi === 0) continue;
    const n = x.shape[i]!;
    let before: Tensor, after: Tensor;
    if (lengths === undefined) before = after = statistic(x, i, stat);
    else {
      const lb = Math.min(lengths[i]![0], n), la = Math.min(lengths[i]![1], n);
      before = statistic(sliceAxis(x, i, 0, lb), i, stat);
      after = statistic(sliceAxis(x, i, n - la, n), i, stat);
    }
    // Integer arrays round the statistic (half to even), as jnp.pad does.
    const cast = (s: Tensor): Tensor => (isFloat(x.dtype) ? ops.convert(s, x.dtype) : ops.convert(isFloat(s.dtype) && x.dtype !== "bool" ? ops.unaryOp("round", s) : s, x.dtype));
    x = join([repeatAlong(cast(before), i, lo), x, repeatAlong(cast(after), i, hi)], i);
  }
  return x;
}

/**
 * jnp.pad's callable mode: zero-pad, then apply `fn` to every line of each axis in turn (JAX
 * vmaps it; np sits below the transforms, so np.applyAlongAxis calls it per line — same values).
 */
function padWithFunction(t: Tensor, padWidth: unknown, rest: readonly unknown[]): Tensor {
  const last = rest[rest.length - 1];
  const opts: Record<string, unknown> = isOptions(last) ? { ...last } : {};
  const fn = (typeof rest[0] === "function" ? rest[0] : opts.mode) as PadFunction;
  if (typeof rest[0] === "function" && opts.mode !== undefined) throw new ArgumentError(`np.pad: "mode" was given twice (positionally and in the options object); give it once.`);
  delete opts.mode;
  const widths = toPairs("padWidth", padWidth, t.ndim, true);
  widths.flat().forEach((w) => {
    if (w < 0) throw new ArgumentError(`np.pad: padWidth ${fmtValue(w)} is negative; widths must be ≥ 0.`);
  });
  if (t.ndim === 0) return t;
  checkOutput("np.pad", t.shape.map((d, i) => d + widths[i]![0] + widths[i]![1]));
  let x = ops.pad(t, 0, widths.map(([lo, hi]) => [lo, hi, 0] as const));
  for (let i = 0; i < x.ndim; i++) {
    const len = x.shape[i]!;
    const moved = moveAxisTo(x, i, x.ndim - 1);
    const lines = ops.reshape(moved, [moved.size / Math.max(len, 1), len]);
    if (lines.shape[0] === 0 || len === 0) continue;
    const w: [number, number] = [widths[i]![0], widths[i]![1]];
    const dtype = x.dtype;
    const mapped = applyAlongAxis((row: Tensor) => {
      const out = fn(row, [w[0], w[1]], i, opts);
      if (!(out instanceof Tensor) || out.ndim !== 1 || out.shape[0] !== len) {
        throw new ShapeError(`np.pad: the padding function must return a 1-D line of length ${len} for axis ${i}; got ${describeValue(out)}.`);
      }
      return ops.convert(out, dtype);
    }, 1, lines);
    x = moveAxisTo(ops.reshape(mapped, moved.shape), x.ndim - 1, i);
  }
  return x;
}
