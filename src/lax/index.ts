/**
 * `lax`: structured control flow that tracing can see — cond, switch, whileLoop, forLoop, scan —
 * and primitives numpy has no name for (erf, erfc, erfInv).
 * Each control-flow function traces its functions once into sub-graphs (captured values become explicit operands) and
 * binds one primitive, so loops and branches survive jit, grad and vmap. Mismatched branch
 * outputs, a carry that changes type, a non-boolean predicate or a wrong scan length are errors
 * at trace time, naming the branch or carry component.
 *
 * @module
 */
import { DTypeError, PyTreeError, ShapeError, fmtShape } from "../errors.js";
import { evaluateFlat } from "../interpret/evaluate.js";
import type { Graph } from "../ir/graph.js";
import { type Aval, aval, avalString, avalsEqual } from "../ir/types.js";
import * as ops from "../primitives/ops.js";
import { arrayFrom } from "../tensor/from-js.js";
import { Tensor, type TensorLike } from "../tensor/tensor.js";
import { avalOf } from "../trace/eval-interpreter.js";
import { traceClosed } from "../trace/closed.js";
import { type TreeDef, unflatten } from "../tree/pytree.js";
import type { ArgLike, ArgsLike, Tensors } from "../tree/types.js";
import { type FlatArg, callUser, checkFunction, flatArg, flatArgs, rebuildArgs } from "../api/args.js";
import { tensorArg, toFloat } from "../np/coerce.js";

/** A function traced at `avals` to a closed graph: captured outer tracers are its leading operands. */
interface Closed {
  graph: Graph;
  /** The captured outer tracers (concrete arrays it read stay constants of the graph). */
  consts: Tensor[];
  outDef: TreeDef;
  /** Each output leaf's path (`result.h`), for messages. */
  outPaths: string[];
}

function closeOver(f: (xs: Tensor[]) => unknown, avals: readonly Aval[], label: string): Closed {
  let outDef: TreeDef | undefined;
  let outPaths: string[] = [];
  const { graph, captured } = traceClosed(
    (xs) => {
      const out = flatArg(f(xs), "result", label);
      outDef = out.def;
      outPaths = [...(out.paths ?? [])];
      return out.leaves;
    },
    avals,
    label,
  );
  return { graph, consts: captured, outDef: outDef!, outPaths };
}

const describe = (avals: readonly Aval[]): string => avals.map(avalString).join(", ");

/** The error for two values that should have one type: ShapeError for shapes, DTypeError for dtypes. */
function typeMismatch(message: string, a: Aval, b: Aval): Error {
  return a.dtype === b.dtype ? new ShapeError(message) : new DTypeError(message);
}

/** Throws unless two output signatures agree, naming the component (by path) that differs. */
function checkSameOutputs(label: string, what: string, c: Closed, refWhat: string, ref: Closed): void {
  if (!c.outDef.equals(ref.outDef)) {
    throw new PyTreeError(`${label}: ${what} returns structure ${c.outDef} but ${refWhat} returns ${ref.outDef}; they must match.`);
  }
  const avals = c.graph.outputs.map((a) => a.aval);
  const refAvals = ref.graph.outputs.map((a) => a.aval);
  avals.forEach((a, i) => {
    if (!avalsEqual(a, refAvals[i]!)) {
      const at = c.outPaths[i] ?? `output ${i}`;
      throw typeMismatch(
        `${label}: ${what} returns ${avalString(a)} at ${at} but ${refWhat} returns ${avalString(refAvals[i]!)}; they must have the same type.`,
        a,
        refAvals[i]!,
      );
    }
  });
}

/**
 * Runs `branches[index]` on the operands; the index is clamped into range. Every branch must
 * return the same structure and types. Under vmap with a per-example index, every branch runs
 * and a select picks per example.
 *
 * @example
 * ```ts
 * lax.switch(1, [(x) => np.sin(x), (x) => np.cos(x)], np.array(0)).item(); // 1
 * ```
 */
export function switchCase<Args extends unknown[], R>(
  index: TensorLike,
  branches: readonly ((...args: Args) => R)[],
  ...operands: ArgsLike<Args>
): Tensors<R>;
export function switchCase(index: TensorLike, branches: readonly ((...args: never[]) => unknown)[], ...operands: unknown[]): unknown {
  if (!Array.isArray(branches) || branches.length === 0) throw new ShapeError("lax.switch: pass a non-empty array of branch functions.");
  // By index, not forEach: forEach skips the holes of a sparse array, which would reach tracing.
  for (let k = 0; k < branches.length; k++) checkFunction(branches[k], `lax.switch branch ${k}`);
  if (typeof index === "number" && !Number.isInteger(index)) {
    throw new DTypeError(`lax.switch: the index must be an integer; got ${index}.`);
  }
  let idx = index instanceof Tensor ? index : arrayFrom(index, "int32", "lax.switch: index");
  if (idx.shape.length !== 0) throw new ShapeError(`lax.switch: the index must be a scalar; got shape ${fmtShape(idx.shape)}. Use vmap for per-example branches.`);
  if (idx.dtype !== "int32") {
    throw new DTypeError(`lax.switch: the index must be an integer; got ${idx.dtype}. Cast with np.astype(i, "int32").`);
  }
  idx = ops.convert(idx, "int32");
  return branchCall("lax.switch", idx, branches, operands, branches.map((_, k) => `branch ${k}`));
}

function branchCall(
  label: string,
  idx: Tensor,
  branches: readonly ((...args: never[]) => unknown)[],
  operands: readonly unknown[],
  names: readonly string[],
): unknown {
  const { parts, leaves } = flatArgs(operands, "operands", label);
  const avals = leaves.map(avalOf);
  const closed = branches.map((b, k) => closeOver((xs) => callUser(b, rebuildArgs(parts, xs), `${label} ${names[k]}`), avals, `${label}`));
  // Compare every branch with the last one (for cond: falseFn with trueFn, in the user's words).
  const ref = closed.length - 1;
  closed.forEach((c, k) => {
    if (k !== ref) checkSameOutputs(label, names[k]!, c, names[ref]!, closed[ref]!);
  });
  // Every branch takes the union of all branches' captured values, then the operands.
  const allConsts = closed.flatMap((c) => c.consts);
  const constAvals = allConsts.map(avalOf);
  let offset = 0;
  const unified = closed.map((c) => {
    if (closed.length === 1) return c.graph;
    const start = offset;
    offset += c.consts.length;
    return traceClosed((xs) => evaluateFlat(c.graph, [...xs.slice(start, start + c.consts.length), ...xs.slice(allConsts.length)]), [...constAvals, ...avals], label)
      .graph;
  });
  const outs = ops.applyN("cond", [idx, ...allConsts, ...leaves], { branches: unified });
  return unflatten(closed[0]!.outDef, outs);
}

/**
 * `pred ? trueFn(...operands) : falseFn(...operands)`, traced: both branches are traced, the taken
 * one runs. The predicate must be a bool scalar. Its gradient is the taken branch's gradient.
 *
 * @example
 * ```ts
 * const relu = (x) => lax.cond(np.greater(x, 0), (v) => v, (v) => np.zerosLike(v), x);
 * ```
 */
export function cond<Args extends unknown[], R>(
  pred: TensorLike,
  trueFn: (...args: Args) => R,
  falseFn: (...args: Args) => R,
  ...operands: ArgsLike<Args>
): Tensors<R>;
export function cond(
  pred: TensorLike,
  trueFn: (...args: never[]) => unknown,
  falseFn: (...args: never[]) => unknown,
  ...operands: unknown[]
): unknown {
  checkFunction(trueFn, "lax.cond");
  checkFunction(falseFn, "lax.cond");
  const p = pred instanceof Tensor ? pred : typeof pred === "boolean" ? arrayFrom(pred) : undefined;
  if (p === undefined || p.dtype !== "bool") {
    const got = p ? p.typeString : pred instanceof Tensor ? pred.typeString : typeof pred;
    throw new DTypeError(`lax.cond: the predicate must be a bool scalar; got ${got}. Compare first, e.g. np.greater(x, 0).`);
  }
  if (p.shape.length !== 0) {
    throw new ShapeError(`lax.cond: the predicate must be a scalar; got shape ${fmtShape(p.shape)}. Use np.where for elementwise choice, or vmap.`);
  }
  return branchCall("lax.cond", ops.convert(p, "int32"), [falseFn, trueFn], operands, ["the false branch (falseFn)", "the true branch (trueFn)"]);
}

/**
 * Repeats `body` while `condFn(carry)` is true, starting from `init`. The carry keeps its
 * structure and types. Forward-mode differentiable; reverse mode needs `scan` or `forLoop` with
 * static bounds. Under vmap with a per-example condition it runs until every example is done.
 *
 * @example
 * ```ts
 * // Collatz steps of 27 (111)
 * lax.whileLoop(([n]) => np.greater(n, 1), ([n, k]) => [np.where(np.equal(np.mod(n, 2), 0), np.div(n, 2), np.add(np.mul(n, 3), 1)), k.add(1)], [27, 0]);
 * ```
 */
export function whileLoop<C>(condFn: (carry: Tensors<C>) => unknown, bodyFn: (carry: Tensors<C>) => ArgLike<Tensors<C>>, init: C): Tensors<C>;
export function whileLoop<C>(condFn: (carry: C) => unknown, bodyFn: (carry: C) => C, init: C): C {
  checkFunction(condFn, "lax.whileLoop");
  checkFunction(bodyFn, "lax.whileLoop");
  const initFlat = flatArg(init, "init", "lax.whileLoop");
  const avals = initFlat.leaves.map(avalOf);
  const c = closeOver((xs) => callUser(condFn, [unflatten(initFlat.def, xs)], "lax.whileLoop cond"), avals, "lax.whileLoop");
  const pa = c.graph.outputs.map((a) => a.aval);
  if (pa.length !== 1 || pa[0]!.dtype !== "bool" || pa[0]!.shape.length !== 0) {
    throw new DTypeError(`lax.whileLoop: the condition must return a bool scalar; it returns (${describe(pa)}). Compare first, e.g. np.less(i, n).`);
  }
  const b = closeOver((xs) => callUser(bodyFn, [unflatten(initFlat.def, xs)], "lax.whileLoop body"), avals, "lax.whileLoop");
  checkCarry("lax.whileLoop", b.outDef, b.graph.outputs.map((a) => a.aval), initFlat, avals);
  const outs = ops.applyN("while", [...c.consts, ...b.consts, ...initFlat.leaves], {
    cond: c.graph,
    body: b.graph,
    condConsts: c.consts.length,
    bodyConsts: b.consts.length,
  });
  return unflatten(initFlat.def, outs) as C;
}

function checkCarry(label: string, def: TreeDef, avals: readonly Aval[], init: FlatArg, initAvals: readonly Aval[]): void {
  if (!def.equals(init.def)) {
    throw new PyTreeError(`${label}: the body returns a carry of structure ${def} but the initial carry has ${init.def}; the carry must keep its structure.`);
  }
  avals.forEach((a, i) => {
    if (!avalsEqual(a, initAvals[i]!)) {
      const path = init.paths?.[i];
      const at = `carry component ${i}${path ? ` (${path.replace(/^init/, "carry")})` : ""}`;
      throw typeMismatch(
        `${label}: the body returns ${avalString(a)} for ${at} but the initial carry is ${avalString(initAvals[i]!)}; the carry must keep its type (cast with np.astype, or start from a value of that type).`,
        a,
        initAvals[i]!,
      );
    }
  });
}

/**
 * Scans `f(carry, x) => [carry, y]` over the leading axis of `xs`, returning `[carry, ys]` with
 * the ys stacked. `xs` is a pytree (or null with `length`); `reverse` scans from the end.
 * Differentiable in both modes and to any order; vectorisable.
 *
 * @example
 * ```ts
 * const [total, cumsum] = lax.scan((c, x) => [c.add(x), c.add(x)], np.array(0), np.arange(1, 5, 1, "float32"));
 * cumsum.toArray(); // [1, 3, 6, 10]
 * ```
 */
export function scan<C, X, Y>(
  f: (carry: Tensors<C>, x: Tensors<X>) => readonly [ArgLike<Tensors<C>>, Y],
  init: C,
  xs: X,
  opts?: { length?: number; reverse?: boolean },
): [Tensors<C>, Tensors<Y>];
export function scan<C, Y>(
  f: (carry: C, x: never) => readonly [C, Y],
  init: C,
  xs: unknown,
  opts: { length?: number; reverse?: boolean } = {},
): [C, Y] {
  checkFunction(f, "lax.scan");
  const initFlat = flatArg(init, "init", "lax.scan");
  const xsFlat = flatArg(xs ?? null, "xs", "lax.scan");
  const lengths = new Set(xsFlat.leaves.map((x) => x.shape[0]));
  xsFlat.leaves.forEach((x, i) => {
    if (x.shape.length === 0) throw new ShapeError(`lax.scan: xs leaf ${i} is a scalar; scanned values need a leading axis.`);
  });
  if (opts.length !== undefined && (!Number.isInteger(opts.length) || opts.length < 0)) {
    throw new ShapeError(`lax.scan: length must be a non-negative integer; got ${opts.length}.`);
  }
  if (lengths.size > 1 || (opts.length !== undefined && lengths.size === 1 && !lengths.has(opts.length))) {
    const all = xsFlat.leaves.map((x, i) => `  xs leaf ${i}: shape ${fmtShape(x.shape)} (length ${x.shape[0]})`).join("\n");
    throw new ShapeError(`lax.scan: the xs disagree on the scan length${opts.length !== undefined ? ` (length option ${opts.length})` : ""}:\n${all}`);
  }
  const length = opts.length ?? (lengths.size === 1 ? [...lengths][0]! : undefined);
  if (length === undefined) throw new ShapeError("lax.scan: with no xs, pass { length } to say how many steps to run.");
  const carryAvals = initFlat.leaves.map(avalOf);
  const xAvals = xsFlat.leaves.map((x) => aval(x.shape.slice(1), x.dtype));
  let yDef: TreeDef | undefined;
  let carryDef: TreeDef | undefined;
  const body = closeOver(
    (ins) => {
      const carry = unflatten(initFlat.def, ins.slice(0, carryAvals.length)) as C;
      const x = unflatten(xsFlat.def, ins.slice(carryAvals.length)) as never;
      const out = callUser(f, [carry, x], "lax.scan");
      if (!Array.isArray(out) || out.length !== 2) {
        throw new PyTreeError(`lax.scan: the body must return [carry, y]; it returned ${Array.isArray(out) ? `an array of length ${out.length}` : typeof out}.`);
      }
      const c = flatArg(out[0], "carry", "lax.scan");
      const y = flatArg(out[1], "y", "lax.scan");
      carryDef = c.def;
      yDef = y.def;
      return [...c.leaves, ...y.leaves];
    },
    [...carryAvals, ...xAvals],
    "lax.scan",
  );
  const outAvals = body.graph.outputs.map((a) => a.aval);
  checkCarry("lax.scan", carryDef!, outAvals.slice(0, carryAvals.length), initFlat, carryAvals);
  const outs = ops.applyN("scan", [...body.consts, ...initFlat.leaves, ...xsFlat.leaves], {
    body: body.graph,
    numConsts: body.consts.length,
    numCarry: carryAvals.length,
    length,
    reverse: opts.reverse ?? false,
  });
  return [unflatten(initFlat.def, outs.slice(0, carryAvals.length)) as C, unflatten(yDef!, outs.slice(carryAvals.length)) as Y];
}

/**
 * `for (i = lower; i < upper; i++) carry = body(i, carry)`. With JS-number bounds it is a scan
 * (differentiable in both modes); with traced bounds a whileLoop (forward mode only).
 *
 * @example
 * ```ts
 * lax.forLoop(0, 5, (i, acc) => acc.add(i), np.array(0, { dtype: "int32" })).item(); // 10
 * ```
 */
export function forLoop<C>(lower: TensorLike, upper: TensorLike, body: (i: Tensor, carry: Tensors<C>) => ArgLike<Tensors<C>>, init: C): Tensors<C>;
export function forLoop(lower: TensorLike, upper: TensorLike, body: (i: Tensor, carry: unknown) => unknown, init: unknown): unknown {
  checkFunction(body, "lax.forLoop");
  if (typeof lower === "number" && typeof upper === "number") {
    if (!Number.isInteger(lower) || !Number.isInteger(upper)) {
      throw new ShapeError(`lax.forLoop: bounds must be integers; got ${lower} and ${upper}.`);
    }
    const n = Math.max(0, upper - lower);
    const idx = ops.iota("int32", [n], 0);
    const xs = lower === 0 ? idx : ops.add(idx, arrayFrom(lower, "int32"));
    const [carry] = scan((c: unknown, i: Tensor) => [callUser(body, [i, c], "lax.forLoop"), null] as const, init, xs, { length: n });
    return carry;
  }
  const lo = ops.convert(lower instanceof Tensor ? lower : arrayFrom(lower, "int32", "lax.forLoop: lower"), "int32");
  const hi = ops.convert(upper instanceof Tensor ? upper : arrayFrom(upper, "int32", "lax.forLoop: upper"), "int32");
  const [, out] = whileLoop(
    ([i]: [Tensor, unknown]) => ops.binaryOp("lt", i, hi),
    ([i, c]: [Tensor, unknown]) => [ops.add(i, arrayFrom(1, "int32")), callUser(body, [i, c], "lax.forLoop")] as [Tensor, unknown],
    [lo, init] as [Tensor, unknown],
  );
  return out;
}

/**
 * The error function, elementwise: erf x = (2/√π) ∫₀ˣ e^(−t²) dt, accurate to about 1e-16
 * relative in float64; erf(±∞) = ±1. Int and bool inputs become float32 (as np's float math).
 * Its derivative is (2/√π) e^(−x²).
 *
 * @example `lax.erf(0.5).item()` // 0.5205
 */
export function erf(x: TensorLike): Tensor {
  return ops.unaryOp("erf", toFloat(tensorArg("lax.erf", x)));
}

/**
 * The complementary error function 1 − erf x, elementwise, accurate relative to its value in the
 * far tail too. Its derivative is −(2/√π) e^(−x²).
 * @example `lax.erfc(2).item()` // 0.004678
 */
export function erfc(x: TensorLike): Tensor {
  return ops.unaryOp("erfc", toFloat(tensorArg("lax.erfc", x)));
}

/**
 * The inverse error function (JAX's `lax.erf_inv`), elementwise: ±∞ at ±1, NaN outside [−1, 1].
 * Its derivative is (√π/2) e^(erfInv(x)²).
 * @example `lax.erfInv(0.5).item()` // 0.4769
 */
export function erfInv(x: TensorLike): Tensor {
  return ops.unaryOp("erf_inv", toFloat(tensorArg("lax.erfInv", x)));
}

export { switchCase as switch };
export { topK, sort, sortKeyVal } from "./sorting.js";
export { stopGradient } from "../api/custom.js";
export { dot } from "./dot.js";
export { cumsum, cumprod, cummax, cummin, cumlogsumexp } from "./cumulative.js";
export * from "./conv.js";
export * from "./window.js";
export * from "./fft.js";
export * as linalg from "./linalg/index.js";
