/**
 * `checkGrads`: compares a function's derivatives with float64 central differences and with each
 * other. Forward mode: jvp along a random direction vs (f(x + h·t) − f(x − h·t)) / 2h, evaluated in
 * float64 even for float32 functions. Reverse mode: the inner-product identity
 * ⟨t, vjp(c)⟩ = ⟨jvp(t), c⟩ (the central difference stands in for jvp where only a reverse rule
 * exists, as with customVjp). Higher orders recurse on the derivative functions.
 */
import { ArgumentError, GradCheckError, NonDifferentiableError } from "../errors.js";
import { type DType, isFloat } from "../tensor/dtype.js";
import { fromData } from "../tensor/from-js.js";
import { Tensor } from "../tensor/tensor.js";
import * as np from "../np/index.js";
import { flatten, unflatten } from "../tree/pytree.js";
import { checkFunction, flatArg } from "./args.js";
import { type CheckGradsOptions, validCheckGradsOptions } from "./check-grads-options.js";
import { jvp, linearize } from "./forward.js";
import { vjp } from "./grad.js";

export type { CheckGradsOptions } from "./check-grads-options.js";

type Fn = (...args: unknown[]) => unknown;

/** A small seeded generator for directions (mulberry32): checks must be reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random tensor like `x` (normal-ish entries), or zeros for non-float leaves. */
function randomLike(x: Tensor, next: () => number): Tensor {
  const data = x.dtype === "float64" ? new Float64Array(x.size) : new Float32Array(x.size);
  if (isFloat(x.dtype)) for (let i = 0; i < data.length; i++) data[i] = next() + next() + next() - 1.5;
  return isFloat(x.dtype) ? fromData(x.shape, x.dtype, data) : x;
}

const leavesOf = (t: unknown): Tensor[] => flatArg(t, "value").leaves;

/** Maps float leaves of a pytree to float64 (so differences are taken in double precision). */
function toFloat64(t: unknown): unknown {
  const [ls, def] = flatten(t, "args");
  return unflatten(def, ls.map((l) => {
    const x = l instanceof Tensor ? l : np.array(l as number);
    return isFloat(x.dtype) ? np.astype(x, "float64") : x;
  }));
}

function axpy(a: number, x: unknown, y: unknown): unknown {
  const [xs, def] = flatten(x, "x");
  const ys = leavesOf(y);
  return unflatten(def, xs.map((l, i) => {
    const t = l instanceof Tensor ? l : np.array(l as number);
    return isFloat(t.dtype) ? np.add(t, np.mul(ys[i]!.astype(t.dtype), a)) : t;
  }));
}

function dot(a: readonly Tensor[], b: readonly Tensor[]): number {
  let s = 0;
  a.forEach((x, i) => {
    if (!isFloat(x.dtype)) return;
    const u = x.concreteData(), v = b[i]!.concreteData();
    for (let k = 0; k < u.length; k++) s += u[k]! * v[k]!;
  });
  return s;
}

interface Tol {
  atol: number;
  rtol: number;
}

function dtypeOfOutputs(out: unknown): DType {
  return leavesOf(out).some((t) => t.dtype === "float32") ? "float32" : "float64";
}

function tolerance(dtype: DType, opts: CheckGradsOptions): Tol {
  const base = dtype === "float64" ? 1e-5 : 2e-3;
  return { atol: opts.atol ?? base, rtol: opts.rtol ?? opts.atol ?? base };
}

function elementIndex(shape: readonly number[], flat: number): string {
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(flat % shape[d]!);
    flat = Math.floor(flat / shape[d]!);
  }
  return `[${idx.join(",")}]`;
}

/** Per-element comparison; throws naming the argument, output element and both values. */
function compare(what: string, arg: number, derivative: readonly Tensor[], reference: readonly Tensor[], refName: string, tol: Tol): void {
  derivative.forEach((d, o) => {
    const a = d.concreteData(), b = reference[o]!.concreteData();
    for (let k = 0; k < a.length; k++) {
      const x = a[k]!, y = b[k]!;
      const ok = (Number.isNaN(x) && Number.isNaN(y)) || x === y || Math.abs(x - y) <= tol.atol + tol.rtol * Math.abs(y);
      if (!ok) {
        throw new GradCheckError(
          `checkGrads: ${what} with respect to args[${arg}] disagrees at output ${o} element ${elementIndex(d.shape, k)}: ` +
            `the derivative is ${x} but the ${refName} is ${y} (atol ${tol.atol}, rtol ${tol.rtol}). ` +
            `Check the derivative rule of the ops used there.`,
        );
      }
    }
  });
}

/** The tangent direction: random in argument `i`, zero elsewhere. */
function directionFor(args: readonly unknown[], i: number, next: () => number): unknown[] {
  return args.map((a, j) => {
    const [ls, def] = flatten(a, `args[${j}]`);
    return unflatten(def, ls.map((l) => {
      const t = l instanceof Tensor ? l : np.array(l as number);
      return j === i ? randomLike(t, next) : np.zerosLike(t);
    }));
  });
}

function floatArgIndices(args: readonly unknown[]): number[] {
  return args.flatMap((a, i) => (leavesOf(a).some((t) => isFloat(t.dtype)) ? [i] : []));
}

/** (f(x + h·t) − f(x − h·t)) / 2h, in float64. */
function centralDifference(f: Fn, args: readonly unknown[], t: readonly unknown[], h: number): Tensor[] {
  const x64 = args.map(toFloat64);
  const t64 = t.map(toFloat64);
  const plus = leavesOf(f(...x64.map((x, j) => axpy(h, x, t64[j]))));
  const minus = leavesOf(f(...x64.map((x, j) => axpy(-h, x, t64[j]))));
  return plus.map((p, o) => np.div(np.sub(p.astype("float64"), minus[o]!.astype("float64")), 2 * h));
}

function checkJvp(f: Fn, args: unknown[], opts: CheckGradsOptions, next: () => number): void {
  const h = opts.eps ?? 1e-4;
  for (const i of floatArgIndices(args)) {
    const t = directionFor(args, i, next);
    const [out, dy] = jvp(f as never, args, t);
    const tol = tolerance(dtypeOfOutputs(out), opts);
    const fd = centralDifference(f, args, t, h);
    compare("the forward-mode derivative (jvp)", i, leavesOf(dy).map((d) => d.astype("float64")), fd, "float64 central difference", tol);
  }
}

/** jvp(t), or — for functions with only a reverse-mode rule (customVjp) — the central difference. */
function directional(f: Fn, args: readonly unknown[], t: readonly unknown[], h: number): Tensor[] {
  try {
    return leavesOf(jvp(f as never, args, t)[1]);
  } catch (e) {
    if (e instanceof NonDifferentiableError) return centralDifference(f, args, t, h);
    throw e;
  }
}

function checkVjp(f: Fn, args: unknown[], opts: CheckGradsOptions, next: () => number): void {
  for (const i of floatArgIndices(args)) {
    const t = directionFor(args, i, next);
    const dy = directional(f, args, t, opts.eps ?? 1e-4);
    const [out, pullback] = vjp(f as never, ...args);
    const c = leavesOf(out).map((o) => randomLike(o, next));
    const [, outDef] = flatten(out, "out");
    const cts = pullback(unflatten(outDef, c));
    const lhs = dot(leavesOf(t[i]), leavesOf(cts[i]));
    const rhs = dot(leavesOf(dy), c);
    const tol = tolerance(dtypeOfOutputs(out), opts);
    if (!(Math.abs(lhs - rhs) <= tol.atol + tol.rtol * Math.abs(rhs))) {
      throw new GradCheckError(
        `checkGrads: the reverse-mode derivative (vjp) with respect to args[${i}] disagrees with forward mode: ` +
          `⟨t, vjp(c)⟩ = ${lhs} but ⟨jvp(t), c⟩ = ${rhs} (atol ${tol.atol}, rtol ${tol.rtol}). Check the transpose rules of the ops used.`,
      );
    }
  }
}

function checkLinearize(f: Fn, args: unknown[], opts: CheckGradsOptions, next: () => number): void {
  for (const i of floatArgIndices(args)) {
    const t = directionFor(args, i, next);
    const [out, dy] = jvp(f as never, args, t);
    const [, fJvp] = linearize(f as never, ...args);
    compare("the linearized derivative", i, leavesOf(fJvp(...t)), leavesOf(dy), "jvp", tolerance(dtypeOfOutputs(out), opts));
  }
}

/**
 * Checks `f`'s derivatives at `args` to `order` (default 2) in the given modes; throws a
 * `GradCheckError` naming the argument, the element and both values when they differ.
 *
 * @example
 * ```ts
 * checkGrads((x) => np.sum(np.tanh(x)), [np.array([0.5, -1])]);            // passes silently
 * checkGrads((x) => np.sin(x), [np.array(1)], { order: 3, modes: ["fwd"] }); // third order
 * ```
 */
export function checkGrads(fn: (...args: never[]) => unknown, args: readonly unknown[], opts: CheckGradsOptions = {}): void {
  const f = fn as unknown as Fn;
  checkFunction(f, "checkGrads");
  if (!Array.isArray(args)) throw new ArgumentError("checkGrads: args must be an array with one entry per positional argument.");
  // map/forEach skip holes: a sparse args array would reach the checks below with missing entries.
  for (let i = 0; i < args.length; i++) {
    if (!(i in args)) throw new ArgumentError(`checkGrads: args[${i}] is a hole in the array; give every positional argument a value.`);
  }
  const valid = validCheckGradsOptions(opts);
  const { order, modes } = valid;
  if (floatArgIndices(args).length === 0) {
    throw new ArgumentError(
      `checkGrads: no argument has a float element, so there is no derivative to check. ` +
        `Pass float tensors (np.array(x, { dtype: "float64" })).`,
    );
  }
  const next = rng(valid.seed);
  const check = (g: Fn, k: number): void => {
    const as = [...args];
    if (modes.includes("fwd")) checkJvp(g, as, valid, next);
    if (modes.includes("rev")) checkVjp(g, as, valid, next);
    if (modes.includes("lin")) checkLinearize(g, as, valid, next);
    if (k >= order) return;
    // The next order differentiates the derivative maps themselves, at fixed random directions.
    if (modes.includes("fwd") || modes.includes("lin")) {
      const t = args.map((_, j) => directionFor(args, j, next)[j]);
      check((...xs) => jvp(g as never, xs, t.map((ti, j) => castLike(ti, xs[j])))[1], k + 1);
    }
    if (modes.includes("rev")) {
      const out = g(...as);
      const [ls, def] = flatten(out, "out");
      const c = unflatten(def, ls.map((o) => randomLike(o instanceof Tensor ? o : np.array(o as number), next)));
      check((...xs) => vjp(g as never, ...xs)[1](castLike(c, g(...xs))), k + 1);
    }
  };
  check(f, 1);
}

/** Casts the float leaves of `t` to the dtypes of `like`'s leaves (float64 during differences). */
function castLike(t: unknown, like: unknown): unknown {
  const [ls, def] = flatten(t, "t");
  const target = leavesOf(like);
  return unflatten(def, ls.map((l, i) => {
    const x = l instanceof Tensor ? l : np.array(l as number);
    const want = target[i];
    return want !== undefined && isFloat(x.dtype) && isFloat(want.dtype) ? np.astype(x, want.dtype) : x;
  }));
}
