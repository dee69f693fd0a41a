/**
 * What the derivative laws share: tangent and cotangent arbitraries, float64 central differences,
 * inner products, per-element comparison with RELIABILITY's tolerances (atol = rtol: float64 1e-5,
 * float32 2e-3), and the registry-wide facts the laws branch on (which primitives have a zero
 * derivative, which have no forward mode, for which a step of 1 is exact). Every comparison
 * reports which side is the derivative and which the reference.
 */
import * as fc from "fast-check";
import { NonDifferentiableError } from "../src/errors.js";
import { type Aval, aval } from "../src/ir/types.js";
import { instantiate, isZero } from "../src/primitives/ad.js";
import type { PrimitiveName } from "../src/primitives/params.js";
import { type AnyPrimitive, type Tangent, Zero } from "../src/primitives/rule-types.js";
import { primitive } from "../src/primitives/table.js";
import { type DType, isComplex, isInexact, storageLength } from "../src/tensor/dtype.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { jvpFlat } from "../src/transforms/jvp.js";
import { makeTensor, range, sizeOfShape } from "./arbitraries.js";
import { type AnyCase, applyCase } from "./domains.js";
import { uniform } from "./domains-derivative.js";
import { runs } from "./law.js";

// ---- registry facts -----------------------------------------------------------------------------

/**
 * Float-valued primitives whose derivative is zero by definition: piecewise constant (a finite
 * difference is 0 or a jump), or stop_gradient (whose value is the identity). Their tangents must
 * be exactly zero; integer and bool outputs are checked the same way.
 */
export const ZERO_DERIVATIVE: ReadonlySet<PrimitiveName> = new Set<PrimitiveName>(["floor", "ceil", "round", "sign", "stop_gradient"]);

/**
 * No forward mode: custom_vjp_call's rule is a vjp, and custom_lin (its linear half) exists only
 * to be transposed. jvp of either must raise NonDifferentiableError (RELIABILITY.md).
 */
export const NO_FORWARD_MODE: ReadonlySet<PrimitiveName> = new Set<PrimitiveName>(["custom_vjp_call", "custom_lin"]);

/**
 * Primitives for which the central difference is exact at any step, so it is taken with h = 1
 * (less rounding): linear (and affine: pad's constant cancels) maps, and the bilinear mul and
 * dot_general (the quadratic term cancels in a central difference).
 */
export const EXACT_WITH_UNIT_STEP: ReadonlySet<PrimitiveName> = new Set<PrimitiveName>([
  "neg", "add", "sub", "mul", "convert_element_type", "select", "reduce_sum", "reshape", "broadcast_in_dim", "transpose",
  "slice", "pad", "concatenate", "rev", "gather", "scatter_add", "scatter", "dot_general",
]);

/**
 * Derivatives defined by implicit reparameterisation, as JAX defines them: a gamma sample's
 * derivative in alpha is −(∂F/∂α)/(∂F/∂x) of its CDF at the sample, not the pathwise derivative
 * of the rejection sampler at a fixed key (which a finite difference would measure, and which
 * jumps where an acceptance changes). The central-difference laws skip them; their derivatives
 * are checked against JAX's values in test/random/gamma.test.ts, and every other law covers them.
 */
export const IMPLICIT_DERIVATIVE: ReadonlySet<PrimitiveName> = new Set<PrimitiveName>(["random_gamma"]);

/** Primitives that carry (and re-trace) graphs: each case costs far more, so they get fewer runs. */
export const GRAPH_CARRYING: ReadonlySet<PrimitiveName> = new Set<PrimitiveName>(["checkpoint", "custom_jvp_call", "custom_vjp_call", "cond", "while", "scan", "jit"]);

/** Runs for a per-primitive law: `cheap` for most, `graphs` for the graph-carrying ones (FC_RUNS overrides). */
export const runsFor = (name: PrimitiveName, cheap = 30, graphs = 15): number => runs(GRAPH_CARRYING.has(name) ? graphs : cheap);

/** The finite-difference step for a primitive. */
export const stepFor = (name: PrimitiveName): number => (EXACT_WITH_UNIT_STEP.has(name) ? 1 : 1e-4);

/** RELIABILITY's tolerance for a result of this dtype (atol = rtol). */
export const tolerance = (dtype: DType): number => (dtype === "float32" || dtype === "complex64" ? 2e-3 : 1e-5);

// ---- tangents and cotangents ----------------------------------------------------------------------

/** A tensor of `a`'s type with entries uniform in [−1, 1]. */
export function directionArb(a: Aval): fc.Arbitrary<Tensor> {
  const n = storageLength(a.dtype, sizeOfShape(a.shape));
  return fc.array(uniform(-1, 1), { minLength: n, maxLength: n }).map((xs) => makeTensor(a.shape, a.dtype, xs));
}

/** One direction per float input; null for int and bool inputs (they have no tangent). */
export function tangentsArb(inputs: readonly Tensor[]): fc.Arbitrary<(Tensor | null)[]> {
  return fc.tuple(...inputs.map((x) => (isInexact(x.dtype) ? directionArb(aval(x.shape, x.dtype)) : fc.constant(null))));
}

/** Cotangents for outputs of these types: random for floats, zeros for int/bool outputs. */
export function cotangentsArb(avals: readonly Aval[]): fc.Arbitrary<Tensor[]> {
  return fc.tuple(...avals.map((a) => (isInexact(a.dtype) ? directionArb(a) : fc.constant(makeTensor(a.shape, a.dtype, new Array<number>(sizeOfShape(a.shape)).fill(0))))));
}

/** Tangents as jvpFlat takes them (symbolic zeros for the inputs without one). */
export function asTangents(inputs: readonly Tensor[], ts: readonly (Tensor | null)[]): Tangent[] {
  return inputs.map((x, i) => ts[i] ?? new Zero(aval(x.shape, x.dtype)));
}

/** Tangents as a linear graph takes them (zeros materialised for int/bool inputs). */
export function materialised(inputs: readonly Tensor[], ts: readonly (Tensor | null)[]): Tensor[] {
  return asTangents(inputs, ts).map(instantiate);
}

/** The output types of a case, from its primitive's shape rule. */
export function outAvalsOf(c: AnyCase): Aval[] {
  return (primitive(c.name) as AnyPrimitive).shapeRule(c.inputs.map((x) => aval(x.shape, x.dtype)), c.params as never);
}

/** a·t + b·u for directions (null stays null). */
export function combine(a: number, t: Tensor | null, b: number, u: Tensor | null): Tensor | null {
  if (t === null || u === null) return null;
  const td = t.concreteData(), ud = u.concreteData();
  return makeTensor(t.shape, t.dtype, Array.from(td, (x, i) => a * x + b * ud[i]!));
}

// ---- evaluating and differencing -------------------------------------------------------------------

/** The primitive of case `c` as a function of flat inputs. */
export const caseFn = (c: AnyCase) => (...xs: Tensor[]): Tensor[] => applyCase(c, xs);

/** The elements of a tangent (zeros for a symbolic zero), as plain numbers. */
export function valuesOf(t: Tangent): number[] {
  return isZero(t) ? new Array<number>(storageLength(t.aval.dtype, sizeOfShape(t.aval.shape))).fill(0) : Array.from(t.concreteData());
}

/** The tangent outputs of f at xs along ts (forward mode, symbolic zeros kept). */
export function tangentOut(f: (...xs: Tensor[]) => Tensor[], xs: readonly Tensor[], ts: readonly (Tensor | null)[]): Tangent[] {
  return jvpFlat(f, xs, asTangents(xs, ts), "law")[1];
}

/**
 * The central difference (f(x + h·t) − f(x − h·t)) / 2h per output, computed in float64 JS
 * numbers from the tensors' elements (x ± h·t formed in float64, never in the input's dtype).
 */
export function centralDifference(f: (...xs: Tensor[]) => Tensor[], xs: readonly Tensor[], ts: readonly (Tensor | null)[], h: number): number[][] {
  const shifted = (s: number): Tensor[] =>
    xs.map((x, i) => {
      const t = ts[i];
      if (t === null || t === undefined) return x;
      const xd = x.concreteData(), td = t.concreteData();
      return makeTensor(x.shape, x.dtype, Array.from(xd, (v, k) => v + s * h * td[k]!));
    });
  const plus = f(...shifted(1));
  const minus = f(...shifted(-1));
  return plus.map((p, j) => {
    const pd = p.concreteData(), md = minus[j]!.concreteData();
    return Array.from(pd, (v, k) => (v - md[k]!) / (2 * h));
  });
}

/**
 * The elements of `t` arranged so that `innerProduct(a, pairing(t))` is JAX's pairing of a
 * cotangent with a value, re(Σ a·t): for a complex tensor the imaginary parts negated (the
 * transposes are linear, not conjugate-linear); a real tensor's elements as they are.
 */
export function pairing(t: Tensor): ArrayLike<number> {
  const d = t.concreteData();
  if (!isComplex(t.dtype)) return d;
  return Array.from(d, (v, i) => (i % 2 === 1 ? -v : v));
}

/** Σ a_i·b_i over several arrays, and Σ |a_i·b_i| (the scale a rounding error is relative to). */
export function innerProduct(as: readonly ArrayLike<number>[], bs: readonly ArrayLike<number>[]): { value: number; scale: number } {
  let value = 0, scale = 0;
  as.forEach((a, j) => {
    const b = bs[j]!;
    for (let i = 0; i < a.length; i++) {
      value += a[i]! * b[i]!;
      scale += Math.abs(a[i]! * b[i]!);
    }
  });
  return { value, scale };
}

// ---- comparing -----------------------------------------------------------------------------------

/**
 * The first element where `got` (the derivative) and `want` (the reference) differ by more than
 * tol·(1 + |want| + scale_i) — RELIABILITY's atol = rtol — or −1. NaN only matches NaN.
 */
export function firstMismatch(got: ArrayLike<number>, want: ArrayLike<number>, tol: number, scale: ArrayLike<number> = []): number {
  if (got.length !== want.length) return 0;
  for (let i = 0; i < got.length; i++) {
    const g = got[i]!, w = want[i]!;
    if (Number.isNaN(g) || Number.isNaN(w)) {
      if (Number.isNaN(g) !== Number.isNaN(w)) return i;
      continue;
    }
    if (g === w) continue; // equal infinities
    if (!(Math.abs(g - w) <= tol * (1 + Math.abs(w) + (scale[i] ?? 0)))) return i;
  }
  return -1;
}

/** Up to 8 elements, for messages. */
export const show = (xs: ArrayLike<number>): string => `[${Array.from(xs).slice(0, 8).map((x) => (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e4 ? x.toExponential(4) : x.toFixed(6))).join(", ")}${xs.length > 8 ? ", …" : ""}]`;

/** Throws unless `thunk` throws NonDifferentiableError (the documented error of a missing mode). */
export function expectNonDifferentiable(what: string, thunk: () => unknown): void {
  try {
    thunk();
  } catch (err) {
    if (err instanceof NonDifferentiableError) return;
    throw new Error(`${what}: expected NonDifferentiableError, got ${String(err)}`, { cause: err });
  }
  throw new Error(`${what}: expected NonDifferentiableError, but it returned normally`);
}

/** Indices 0…n−1 of a list (re-exported for the law files). */
export { range };
