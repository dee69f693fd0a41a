/**
 * Law 9 — forward mode is the derivative. For every primitive of the registry, on its derivative
 * domain (float64, clear of kinks: domains-derivative.ts), along random directions:
 *  - order 1: jvp(f, x, t) = (f(x + h·t) − f(x − h·t)) / 2h, in float64, h = 1e-4 (h = 1 where the
 *    central difference is exact), per element within atol = rtol = 1e-5 (2e-3 for float32 outputs);
 *  - order 2: the jvp of x ↦ jvp(f, x, t₁) along t₂ equals its central difference;
 *  - jvp is linear in the tangent: jvp(x, a·t₁ + b·t₂) = a·jvp(x, t₁) + b·jvp(x, t₂);
 *  - linearize = jvp: linearize(f, x) gives f(x) bit for bit, and its linear graph maps t to jvp(f, x, t).
 * Integer and bool outputs, and floor/ceil/round/sign/stop_gradient, must have exactly zero tangents
 * (a finite difference of a step function is 0 or a jump); custom_vjp_call and custom_lin have no
 * forward mode and must raise NonDifferentiableError.
 *
 * Can fail (checked by hand: a scratch harness re-installed the primitive table with one rule
 * replaced, then ran this file): a `sin` jvp rule returning dx·cos(x)·1.01 fails order 1 for sin
 * (and order 2 for cos, checkpoint, custom_jvp_call and scan, which differentiate through it); a
 * `mul` rule dropping the x·dy term fails order 1 for mul and order 2 for nearly every unary
 * primitive; a `tanh` rule using 1 + y² fails orders 1 and 2 for tanh, cond, while and scan.
 */
import { describe, it } from "vitest";
import * as fc from "fast-check";
import { evaluateFlat } from "../src/interpret/evaluate.js";
import type { PrimitiveName } from "../src/primitives/params.js";
import { instantiate, isZero } from "../src/primitives/ad.js";
import { isInexact } from "../src/tensor/dtype.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { linearizeFlat } from "../src/transforms/linearize.js";
import {
  IMPLICIT_DERIVATIVE, NO_FORWARD_MODE, ZERO_DERIVATIVE, caseFn, centralDifference, combine, expectNonDifferentiable, firstMismatch, materialised,
  outAvalsOf, runsFor, show, stepFor, tangentOut, tangentsArb, tolerance, valuesOf,
} from "./derivatives.js";
import { type AnyCase, describeCase, primitiveNames, title } from "./domains.js";
import { derivativeCasesOf, uniform } from "./domains-derivative.js";
import { describeTensor, sameTensor } from "./equal.js";
import { type Law, checkLaw, ensure } from "./law.js";

interface JvpCase {
  readonly c: AnyCase;
  readonly t1: (Tensor | null)[];
  readonly t2: (Tensor | null)[];
  readonly a: number;
  readonly b: number;
}

const jvpCaseArb = (name: PrimitiveName): fc.Arbitrary<JvpCase> =>
  derivativeCasesOf(name).chain((c) =>
    fc.record({ c: fc.constant(c), t1: tangentsArb(c.inputs), t2: tangentsArb(c.inputs), a: uniform(-2, 2), b: uniform(-2, 2) }),
  );

/** Where: the case, its inputs and the directions. */
const where = (c: AnyCase, ts: readonly (Tensor | null)[]): string =>
  `${describeCase(c)}\n  inputs ${c.inputs.map(describeTensor).join("; ")}\n  direction ${ts.map((t) => (t === null ? "none" : describeTensor(t))).join("; ")}`;

/**
 * Checks tangents `dts` of a function with outputs of types `avals`: zero where the derivative is
 * zero by definition, else equal to `reference()` (central differences) per element.
 */
function checkAgainstDifferences(
  label: string,
  avals: readonly { shape: readonly number[]; dtype: Tensor["dtype"] }[],
  dts: readonly ReturnType<typeof tangentOut>[number][],
  zeroByDefinition: boolean,
  reference: () => number[][],
  context: () => string,
): void {
  ensure(dts.length === avals.length, () => `${label}: jvp returned ${dts.length} tangents for ${avals.length} outputs\n${context()}`);
  let fd: number[][] | undefined;
  dts.forEach((dt, j) => {
    const a = avals[j]!;
    const got = valuesOf(dt);
    const [shape, dtype] = isZero(dt) ? [dt.aval.shape, dt.aval.dtype] : [dt.shape, dt.dtype];
    const shapeOk = shape.join() === a.shape.join() && (dtype === a.dtype || !isInexact(a.dtype));
    ensure(shapeOk, () => `${label}: tangent ${j} does not have output ${j}'s type ${a.dtype}[${a.shape}]\n${context()}`);
    if (!isInexact(a.dtype) || zeroByDefinition) {
      ensure(got.every((v) => v === 0), () => `${label}: output ${j} (${a.dtype}) must have a zero tangent; jvp gave ${show(got)}\n${context()}`);
      return;
    }
    fd ??= reference();
    const want = fd[j]!;
    const k = firstMismatch(got, want, tolerance(a.dtype));
    ensure(k < 0, () => `${label}: output ${j} element ${k}: derivative (jvp) ${got[k]} vs finite difference ${want[k]}\n  jvp ${show(got)}\n  fd  ${show(want)}\n${context()}`);
  });
}

function orderOne(name: PrimitiveName): Law<JvpCase> {
  return {
    name: `jvp = central difference (order 1): ${name}`,
    note: "jvp(f, x, t) must match (f(x+ht) − f(x−ht))/2h in float64 per element; a mismatch is a wrong jvp rule (or a domain that reaches a kink)",
    arbitrary: jvpCaseArb(name),
    holds: ({ c, t1 }) => {
      const f = caseFn(c);
      if (NO_FORWARD_MODE.has(name)) return expectNonDifferentiable(`jvp of ${name}`, () => tangentOut(f, c.inputs, t1).map(instantiate));
      const dts = tangentOut(f, c.inputs, t1);
      checkAgainstDifferences("order 1", outAvalsOf(c), dts, ZERO_DERIVATIVE.has(name), () => centralDifference(f, c.inputs, t1, stepFor(name)), () => where(c, t1));
    },
  };
}

function orderTwo(name: PrimitiveName): Law<JvpCase> {
  return {
    name: `jvp of jvp = central difference of jvp (order 2): ${name}`,
    note: "g(x) = jvp(f, x, t1) differentiated by jvp along t2 must match g's central difference; a mismatch means a jvp rule is not itself differentiable correctly (rules must be written with ops)",
    arbitrary: jvpCaseArb(name),
    holds: ({ c, t1, t2 }) => {
      const f = caseFn(c);
      const g = (...xs: Tensor[]): Tensor[] => tangentOut(f, xs, t1).map(instantiate);
      if (NO_FORWARD_MODE.has(name)) return expectNonDifferentiable(`jvp of jvp of ${name}`, () => tangentOut(g, c.inputs, t2).map(instantiate));
      const dts = tangentOut(g, c.inputs, t2);
      checkAgainstDifferences("order 2", outAvalsOf(c), dts, ZERO_DERIVATIVE.has(name), () => centralDifference(g, c.inputs, t2, stepFor(name)), () => `${where(c, t2)}\n  inner direction ${t1.map((t) => (t === null ? "none" : describeTensor(t))).join("; ")}`);
    },
  };
}

function linearInTangent(name: PrimitiveName): Law<JvpCase> {
  return {
    name: `jvp is linear in the tangent: ${name}`,
    note: "jvp(x, a·t1 + b·t2) must equal a·jvp(x, t1) + b·jvp(x, t2) up to rounding; a failure is a tangent rule with a constant term or one that reads the tangent non-linearly",
    arbitrary: jvpCaseArb(name),
    holds: ({ c, t1, t2, a, b }) => {
      const f = caseFn(c);
      const t12 = t1.map((t, i) => combine(a, t, b, t2[i]!));
      if (NO_FORWARD_MODE.has(name)) return expectNonDifferentiable(`jvp of ${name}`, () => tangentOut(f, c.inputs, t12).map(instantiate));
      const j1 = tangentOut(f, c.inputs, t1).map(valuesOf);
      const j2 = tangentOut(f, c.inputs, t2).map(valuesOf);
      const j12 = tangentOut(f, c.inputs, t12).map(valuesOf);
      outAvalsOf(c).forEach((av, j) => {
        const want = j1[j]!.map((v, i) => a * v + b * j2[j]![i]!);
        const scale = j1[j]!.map((v, i) => Math.abs(a * v) + Math.abs(b * j2[j]![i]!));
        const k = firstMismatch(j12[j]!, want, av.dtype === "float32" ? 1e-5 : 1e-9, scale);
        ensure(k < 0, () => `output ${j} element ${k}: jvp(a·t1 + b·t2) = ${j12[j]![k]} but a·jvp(t1) + b·jvp(t2) = ${want[k]} (a = ${a}, b = ${b})\n${where(c, t1)}`);
      });
    },
  };
}

function linearizeIsJvp(name: PrimitiveName): Law<JvpCase> {
  return {
    name: `linearize = jvp: ${name}`,
    note: "linearize(f, x) must return f(x) bit for bit and a linear graph that maps t to jvp(f, x, t); a difference is a partial-evaluation bug (an equation evaluated in the wrong interpreter, a residual captured wrongly)",
    arbitrary: jvpCaseArb(name),
    holds: ({ c, t1 }) => {
      const f = caseFn(c);
      const lin = (): { outs: Tensor[]; dts: Tensor[] } => {
        const { outs, linear } = linearizeFlat(f, c.inputs, "law");
        return { outs, dts: evaluateFlat(linear, materialised(c.inputs, t1)) };
      };
      if (NO_FORWARD_MODE.has(name)) return expectNonDifferentiable(`linearize of ${name}, evaluated`, lin);
      const { outs, dts } = lin();
      const primal = f(...c.inputs);
      outs.forEach((y, j) => ensure(sameTensor(y, primal[j]!), () => `primal output ${j}: linearize gave ${describeTensor(y)}, f gave ${describeTensor(primal[j]!)}\n${where(c, t1)}`));
      const jv = tangentOut(f, c.inputs, t1).map(valuesOf);
      outAvalsOf(c).forEach((av, j) => {
        const got = Array.from(dts[j]!.concreteData());
        const k = firstMismatch(got, jv[j]!, av.dtype === "float32" ? 1e-5 : 1e-9);
        ensure(k < 0, () => `output ${j} element ${k}: linearize's linear map gave ${got[k]}, jvp ${jv[j]![k]}\n  linearize ${show(got)}\n  jvp       ${show(jv[j]!)}\n${where(c, t1)}`);
      });
    },
  };
}

for (const [label, law, against] of [
  ["law 9a: jvp = float64 central differences (order 1)", orderOne, "differences"],
  ["law 9b: jvp of jvp = central differences of jvp (order 2)", orderTwo, "differences"],
  ["law 9c: jvp is linear in the tangent", linearInTangent, "itself"],
  ["law 9d: linearize = jvp", linearizeIsJvp, "itself"],
] as const) {
  describe(label, () => {
    const names = against === "differences" ? primitiveNames.filter((n) => !IMPLICIT_DERIVATIVE.has(n)) : primitiveNames;
    for (const name of names) it(title(name), () => checkLaw(law(name), runsFor(name)));
  });
}
