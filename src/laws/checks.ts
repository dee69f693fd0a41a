/**
 * Property checks for user derivative rules and primitives, run with fast-check (`fc.assert`), so
 * a failure throws fast-check's report: the seed, the shrunk counterexample ("Counterexample: …",
 * "Shrunk n time(s)") and the check's own explanation ("Got error: …").
 *
 * The references come from outside the transforms: derivatives are compared with float64 central
 * finite differences (f(x + h·t) − f(x − h·t)) / 2h of the primal function, as fluxion's own laws
 * do (laws/jvp.law.ts, laws/vjp.law.ts, test/support/fd.ts). Derivative checks cast every input
 * leaf to float64 first, so the difference quotient is accurate to ~1e-9.
 */
import * as fc from "fast-check";
import { ArgumentError, NonDifferentiableError, type Tensor, jit, jvp, np, tree, vjp, vmap } from "../index.js";
import { fromValues } from "./arbitraries.js";

/** The arbitraries (also exported here, so the checks' examples can use them). */
export * as arbitraries from "./arbitraries.js";

/** Options shared by the checks. */
export interface CheckOptions {
  /** Random inputs tried (default 30). */
  readonly numRuns?: number;
  /** fast-check seed, for a replay (default: fast-check's own, printed on failure). */
  readonly seed?: number;
  /** Relative tolerance (default 1e-5). */
  readonly rtol?: number;
  /** Absolute tolerance (default 1e-6; float32 outputs of jit/vmap get at least 1e-4). */
  readonly atol?: number;
  /** Finite-difference step (default 1e-6). */
  readonly h?: number;
}

/** Options of {@link checkDerivatives}. */
export interface DerivativeOptions extends CheckOptions {
  /** Check derivatives of orders 1…`order` (default 1): order 2 differentiates the derivative. */
  readonly order?: number;
  /** Which modes to check (default both): "jvp" against finite differences, "vjp" against them through ⟨ct, ·⟩. */
  readonly modes?: readonly ("jvp" | "vjp")[];
}

type Fn = (x: unknown) => unknown;

/** A pytree flattened to numbers: its structure, each leaf's shape and dtype, and the values. */
interface Flat {
  readonly def: ReturnType<typeof tree.structure>;
  readonly specs: readonly { shape: readonly number[]; dtype: Tensor["dtype"] }[];
  readonly values: number[];
}

function flat(x: unknown): Flat {
  const [leaves, def] = tree.flatten(x);
  const specs: { shape: readonly number[]; dtype: Tensor["dtype"] }[] = [];
  const values: number[] = [];
  for (const leaf of leaves) {
    const t = np.asarray(leaf as number);
    specs.push({ shape: t.shape, dtype: t.dtype });
    for (const v of t.data()) values.push(Number(v));
  }
  return { def, specs, values };
}

/** The pytree of `f`'s structure with `values`, every leaf a float64 tensor (or `dtype` when given). */
function build(f: Flat, values: readonly number[], keepDtype = false): unknown {
  let k = 0;
  const leaves = f.specs.map(({ shape, dtype }) => {
    const n = shape.reduce((a, d) => a * d, 1);
    const t = fromValues(values.slice(k, k + n), shape, keepDtype ? dtype : "float64");
    k += n;
    return t;
  });
  return tree.unflatten(f.def, leaves);
}

/** Deterministic directions from a seed (mulberry32), uniform in [-1, 1). */
function directions(seed: number): (n: number) => number[] {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
  return (n) => Array.from({ length: n }, next);
}

const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((s, v, i) => s + v * b[i]!, 0);
const absDot = (a: readonly number[], b: readonly number[]): number => a.reduce((s, v, i) => s + Math.abs(v * b[i]!), 0);
const show = (v: readonly number[]): string => `[${v.slice(0, 8).map((x) => x.toPrecision(6)).join(", ")}${v.length > 8 ? ", …" : ""}]`;

/** Central difference of `f` at `x` along `t` (both flat over `xf`'s structure), in float64. */
function centralDifference(f: Fn, xf: Flat, x: readonly number[], t: readonly number[], h: number): number[] {
  const plus = flat(f(build(xf, x.map((v, i) => v + h * t[i]!)))).values;
  const minus = flat(f(build(xf, x.map((v, i) => v - h * t[i]!)))).values;
  return plus.map((p, i) => (p - minus[i]!) / (2 * h));
}

function tangentOf(f: Fn, x: unknown, t: unknown): unknown {
  return (jvp as unknown as (f: Fn, p: unknown[], t: unknown[]) => [unknown, unknown])(f, [x], [t])[1];
}

function pullback(f: Fn, x: unknown, ct: unknown): unknown {
  const [, back] = (vjp as unknown as (f: Fn, x: unknown) => [unknown, (ct: unknown) => unknown[]])(f, x);
  return back(ct)[0];
}

function ensure(ok: boolean, message: () => string): void {
  if (!ok) throw new Error(message());
}

function closeElementwise(label: string, got: readonly number[], want: readonly number[], rtol: number, atol: number): void {
  ensure(got.length === want.length, () => `${label}: ${got.length} values, expected ${want.length}`);
  const k = got.findIndex((g, i) => !(Math.abs(g - want[i]!) <= atol + rtol * Math.abs(want[i]!)) && !(Object.is(g, want[i]!)));
  ensure(k < 0, () => `${label}: element ${k} is ${got[k]}, expected ${want[k]}\n  got      ${show(got)}\n  expected ${show(want)}`);
}

function closeScalar(label: string, a: number, b: number, scale: number, rtol: number, atol: number): void {
  ensure(Math.abs(a - b) <= atol + rtol * scale, () => `${label}: ${a} vs ${b} (difference ${Math.abs(a - b)})`);
}

/** A fast-check arbitrary, by shape (not instanceof: a second copy of fast-check makes other classes). */
const isArbitrary = (a: unknown): boolean =>
  typeof a === "object" && a !== null && typeof (a as { generate?: unknown }).generate === "function" && typeof (a as { shrink?: unknown }).shrink === "function";

/** Refuses arguments a check cannot use, with an ArgumentError that says what was expected. */
function checkArgs(name: string, f: unknown, arbitrary: unknown, opts: DerivativeOptions, optionalInputs = false): void {
  if (typeof f !== "function") throw new ArgumentError(`${name}: the function to check is ${typeof f}; pass a function of one argument (a tensor or a pytree).`);
  if (!(optionalInputs && arbitrary === undefined) && !isArbitrary(arbitrary)) {
    throw new ArgumentError(`${name}: the inputs must be a fast-check Arbitrary (e.g. arbitraries.tensor({ shape: [3] })); got ${typeof arbitrary}.`);
  }
  if (opts.order !== undefined && !(Number.isInteger(opts.order) && opts.order >= 1)) throw new ArgumentError(`${name}: order must be an integer ≥ 1; got ${String(opts.order)}.`);
  const bad = (opts.modes ?? []).filter((m) => m !== "jvp" && m !== "vjp");
  if (bad.length > 0 || (opts.modes !== undefined && opts.modes.length === 0)) {
    throw new ArgumentError(`${name}: modes must be a non-empty list of "jvp" and "vjp"; got ${JSON.stringify(opts.modes)}.`);
  }
}

/** Runs `property` on (input, direction seed) with fast-check; the thrown error is fast-check's report. */
function run<A>(arbitrary: fc.Arbitrary<A>, opts: CheckOptions, property: (x: A, dirs: (n: number) => number[]) => void): void {
  fc.assert(
    fc.property(arbitrary, fc.integer(), (x, s) => {
      property(x, directions(s));
    }),
    { numRuns: opts.numRuns ?? 30, includeErrorInReport: true, ...(opts.seed === undefined ? {} : { seed: opts.seed }) },
  );
}

/**
 * Checks the derivatives of `f` on inputs from `arbitrary` (a tensor or pytree of tensors, cast to
 * float64), for each of `modes` and each order 1…`order`:
 *  - "jvp": jvp(f, x, t) equals the central difference of f along a random t, element by element;
 *  - "vjp": ⟨vjp(f, x)(ct), t⟩ equals ⟨ct, central difference along t⟩ for a random ct;
 *  - both modes: ⟨vjp(ct), t⟩ = ⟨ct, jvp(t)⟩ (the adjoint identity).
 * Order k applies the same check to the (k−1)-th derivative in that mode, along fixed random
 * directions. Throws fast-check's shrunk counterexample on failure.
 *
 * @example
 * ```ts
 * checkDerivatives((x: Tensor) => np.sin(x), arbitraries.tensor({ shape: [3] }), { order: 2 });
 * ```
 */
export function checkDerivatives<A>(f: (x: A) => unknown, arbitrary: fc.Arbitrary<A>, opts: DerivativeOptions = {}): void {
  checkArgs("checkDerivatives", f, arbitrary, opts);
  const { order = 1, modes = ["jvp", "vjp"], rtol = 1e-5, atol = 1e-6, h = 1e-6 } = opts;
  run(arbitrary, opts, (x0, dirs) => {
    const xf = flat(x0);
    const x = build(xf, xf.values);
    const n = xf.values.length;
    for (const mode of modes) {
      let F = f as Fn;
      for (let k = 1; k <= order; k++) {
        const label = `${mode} (order ${k})`;
        const t = dirs(n);
        const tTree = build(xf, t);
        const fd = centralDifference(F, xf, xf.values, t, h);
        const outFlat = flat(F(x));
        if (mode === "jvp") {
          closeElementwise(`${label} vs central difference`, flat(tangentOf(F, x, tTree)).values, fd, rtol, atol);
        } else {
          const c = dirs(outFlat.values.length);
          const g = flat(pullback(F, x, build(outFlat, c))).values;
          closeScalar(`${label}: ⟨vjp(ct), t⟩ vs ⟨ct, central difference⟩`, dot(g, t), dot(c, fd), absDot(g, t) + absDot(c, fd), rtol, atol);
          if (k === 1 && modes.includes("jvp")) {
            const jt = flat(tangentOf(F, x, tTree)).values;
            closeScalar("adjoint: ⟨vjp(ct), t⟩ vs ⟨ct, jvp(t)⟩", dot(g, t), dot(c, jt), absDot(g, t) + absDot(c, jt), rtol, atol);
          }
        }
        if (k < order) {
          const G = F;
          if (mode === "jvp") {
            F = (y) => tangentOf(G, y, tTree);
          } else {
            const ct = build(outFlat, dirs(outFlat.values.length));
            F = (y) => pullback(G, y, ct);
          }
        }
      }
    }
  });
}

/**
 * Checks a function made with `customJvp` or `customVjp` against finite differences of its primal:
 * a `customJvp` rule in forward mode and through its transpose in reverse mode, a `customVjp`
 * backward in reverse mode (forward mode is an error for it, so it is not checked). Inputs come
 * from `arbitrary` (default: float64 vectors of 3 elements in [-2, 2]). Throws fast-check's shrunk
 * counterexample on failure.
 *
 * @example
 * ```ts
 * checkCustomRule(customJvp((x: Tensor) => np.sin(x), ([x], [dx]) => [np.sin(x), np.mul(dx, np.cos(x))]));
 * ```
 */
export function checkCustomRule<A = Tensor>(f: (x: A) => unknown, arbitrary?: fc.Arbitrary<A>, opts: CheckOptions = {}): void {
  checkArgs("checkCustomRule", f, arbitrary, {}, true);
  const arb = arbitrary ?? (fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 3, maxLength: 3 }).map((v) => fromValues(v, [3])) as unknown as fc.Arbitrary<A>);
  const [probe] = fc.sample(arb, { numRuns: 1, seed: opts.seed ?? 0 });
  let modes: ("jvp" | "vjp")[] = ["jvp", "vjp"];
  try {
    const pf = flat(probe);
    const px = build(pf, pf.values);
    tangentOf(f as Fn, px, px);
  } catch (err) {
    if (!(err instanceof NonDifferentiableError)) throw err;
    modes = ["vjp"];
  }
  checkDerivatives(f, arb, { ...opts, order: 1, modes });
}

/**
 * Checks that fluxion's transforms agree on `f` for inputs from `arbitrary`:
 *  - jit ≡ eager: `jit(f)(x)` equals `f(x)`;
 *  - vmap ≡ loop: `vmap(f)` over a batch of 3 inputs equals `f` applied to each and stacked;
 *  - jvp/vjp adjoint: ⟨vjp(ct), t⟩ = ⟨ct, jvp(t)⟩ (in float64);
 *  - linearity of tangents: jvp(a·t₁ + b·t₂) = a·jvp(t₁) + b·jvp(t₂) (in float64).
 * Throws fast-check's shrunk counterexample, naming the identity that failed.
 *
 * @example
 * ```ts
 * checkTransforms((x: Tensor) => np.sum(np.tanh(x)), arbitraries.tensor({ shape: [4] }));
 * ```
 */
export function checkTransforms<A>(f: (x: A) => unknown, arbitrary: fc.Arbitrary<A>, opts: CheckOptions = {}): void {
  checkArgs("checkTransforms", f, arbitrary, {});
  const { rtol = 1e-5, atol = 1e-6 } = opts;
  const loose = (fl: Flat): [number, number] => (fl.specs.some((s) => s.dtype === "float32" || s.dtype === "complex64") ? [Math.max(rtol, 1e-4), Math.max(atol, 1e-4)] : [rtol, atol]);
  const F = f as Fn;
  run(arbitrary, opts, (x0, dirs) => {
    const xf = flat(x0);
    const eager = flat(F(x0));
    const [r32, a32] = loose(eager);
    closeElementwise("jit ≡ eager", flat((jit as unknown as (f: Fn) => Fn)(F)(x0)).values, eager.values, r32, a32);

    const isFloat = (d: Tensor["dtype"]): boolean => d.startsWith("float");
    const batch = [0, 1, 2].map((b) => {
      if (b === 0) return x0;
      const noise = dirs(xf.values.length);
      let k = 0;
      const vals = xf.specs.flatMap(({ shape, dtype }) => {
        const m = shape.reduce((a, d) => a * d, 1);
        const part = xf.values.slice(k, k + m).map((v, i) => (isFloat(dtype) ? v + 0.25 * noise[k + i]! : v));
        k += m;
        return part;
      });
      return build(xf, vals, true);
    });
    const stacked = tree.unflatten(
      xf.def,
      batch.map((b) => tree.flatten(b)[0]).reduce<Tensor[][]>((cols, leaves) => leaves.map((l, i) => [...(cols[i] ?? []), l as Tensor]), []).map((col) => np.stack(col)),
    );
    const perItem = batch.map((b) => flat(F(b)));
    const loop = perItem[0]!.specs.flatMap((_, j) => perItem.flatMap((p) => {
      const off = p.specs.slice(0, j).reduce((a, s) => a + s.shape.reduce((m, d) => m * d, 1), 0);
      return p.values.slice(off, off + p.specs[j]!.shape.reduce((m, d) => m * d, 1));
    }));
    closeElementwise("vmap ≡ loop", flat((vmap as unknown as (f: Fn) => Fn)(F)(stacked)).values, loop, r32, a32);

    const x = build(xf, xf.values);
    const n = xf.values.length;
    const [t1, t2] = [dirs(n), dirs(n)];
    const [a, b] = dirs(2);
    const j1 = flat(tangentOf(F, x, build(xf, t1))).values;
    const j2 = flat(tangentOf(F, x, build(xf, t2))).values;
    const jab = flat(tangentOf(F, x, build(xf, t1.map((v, i) => a! * v + b! * t2[i]!)))).values;
    closeElementwise("linearity: jvp(a·t₁ + b·t₂) vs a·jvp(t₁) + b·jvp(t₂)", jab, j1.map((v, i) => a! * v + b! * j2[i]!), rtol, atol);

    const out = flat(F(x));
    const c = dirs(out.values.length);
    const g = flat(pullback(F, x, build(out, c))).values;
    closeScalar("adjoint: ⟨vjp(ct), t⟩ vs ⟨ct, jvp(t)⟩", dot(g, t1), dot(c, j1), absDot(g, t1) + absDot(c, j1), rtol, atol);
  });
}
