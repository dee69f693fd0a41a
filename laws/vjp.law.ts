/**
 * Law 10 — reverse mode is the adjoint of forward mode. For every primitive on its derivative
 * domain (float64, clear of kinks), with a random direction t and a random cotangent c:
 *  - order 1: ⟨t, vjp(f, x)(c)⟩ = ⟨jvp(f, x, t), c⟩ (one scalar, any size), within atol = rtol =
 *    1e-5 (2e-3 when float32 takes part) plus the rounding bound of the sums;
 *  - order 2: the same identity for g(x) = vjp(f, x)(c) — the pullback as a function of x,
 *    reverse-over-reverse against forward-over-reverse;
 *  - grad(f) = vjp(f)(1) bit for bit, for random scalar programs.
 * Excluded, each checked for its documented error instead: `while` is not reverse-differentiable
 * (its trip count is known only at run time), so vjp raises NonDifferentiableError. custom_vjp_call
 * has no forward mode, so its forward side is the jvp of the function it carries (the domain's bwd
 * is that function's true vjp). custom_lin is skipped: it has no forward meaning to compare with —
 * its transposition runs inside every custom_vjp_call case here.
 *
 * A wrong jvp rule alone cannot fail this law (both sides are built from it: law 9 is the check
 * for jvp rules); what it catches is a transpose rule that is not the adjoint of its jvp rule.
 * Can fail (checked by hand: a scratch harness re-installed the primitive table with one rule
 * replaced, then ran this file): a `transpose` transpose rule applying the permutation instead of
 * its inverse fails law 10 for transpose, dot_general and reduce_prod; a `dot_general` transpose
 * that reversed the first axis of its cotangents fails orders 1 and 2 for dot_general; a `mul`
 * transpose off by 1% fails order 1 for nearly every primitive. (A wrong `sub` transpose is not
 * reached here — sub's jvp emits add and neg — and law 11 catches it.) Found for real: scatter
 * with duplicate indices credited every duplicate's update (fixed in src since).
 */
import * as fc from "fast-check";
import { describe, it } from "vitest";
import { grad, vjp } from "../src/api/grad.js";
import { evaluateFlat } from "../src/interpret/evaluate.js";
import { aval } from "../src/ir/types.js";
import type { PrimitiveName } from "../src/primitives/params.js";
import { isInexact } from "../src/tensor/dtype.js";
import { scalar } from "../src/tensor/from-js.js";
import * as ops from "../src/primitives/ops.js";
import type { Tensor } from "../src/tensor/tensor.js";
import {
  caseFn, cotangentsArb, directionArb, expectNonDifferentiable, innerProduct, outAvalsOf, pairing, runsFor, tangentOut, tangentsArb, valuesOf,
} from "./derivatives.js";
import { type AnyCase, describeCase, primitiveNames, title } from "./domains.js";
import { derivativeCasesOf } from "./domains-derivative.js";
import { describeTensor, sameTensor } from "./equal.js";
import { checkLaw, ensure, runs } from "./law.js";
import { programCaseArb, runProgram } from "./programs.js";

/** Not reverse-differentiable: vjp must raise NonDifferentiableError (RELIABILITY.md). */
const NO_REVERSE_MODE: ReadonlySet<PrimitiveName> = new Set<PrimitiveName>(["while"]);

interface VjpCase {
  readonly c: AnyCase;
  readonly t: (Tensor | null)[];
  readonly ct: Tensor[];
  readonly t2: (Tensor | null)[];
  readonly d: Tensor[];
}

const floatInputs = (c: AnyCase): Tensor[] => c.inputs.filter((x) => isInexact(x.dtype));

const vjpCaseArb = (name: PrimitiveName): fc.Arbitrary<VjpCase> =>
  derivativeCasesOf(name).chain((c) =>
    fc.record({
      c: fc.constant(c),
      t: tangentsArb(c.inputs),
      ct: cotangentsArb(outAvalsOf(c)),
      t2: tangentsArb(c.inputs),
      d: fc.tuple(...floatInputs(c).map((x) => directionArb(aval(x.shape, x.dtype)))),
    }),
  );

/** The forward side of a case: the primitive itself, or (custom_vjp_call) the function it carries. */
function forwardFn(c: AnyCase): (...xs: Tensor[]) => Tensor[] {
  if (c.name === "custom_vjp_call") return (...xs) => evaluateFlat(c.params.fun, xs);
  return caseFn(c);
}

/** The float entries of `ts` where `xs` is float (int and bool inputs have no cotangent to pair). */
const floatParts = (xs: readonly Tensor[], ts: readonly (Tensor | null)[]): Tensor[] => ts.filter((_, i) => isInexact(xs[i]!.dtype)) as Tensor[];

/**
 * Checks ⟨t, vjp(c)⟩ = ⟨jvp(t), c⟩ for `f` at `xs` (`fwd` computes the jvp side). `f` returns only
 * tensors; `ct` has one cotangent per output. Tolerance: RELIABILITY's, plus the rounding bound
 * of accumulating the products.
 */
function checkInnerProducts(
  what: string,
  f: (...xs: Tensor[]) => Tensor[],
  fwd: (...xs: Tensor[]) => Tensor[],
  xs: readonly Tensor[],
  t: readonly (Tensor | null)[],
  ct: readonly Tensor[],
  context: () => string,
): void {
  const [, pullback] = vjp(f, ...xs);
  const cts = pullback(ct);
  ensure(cts.length === xs.length && cts.every((g, i) => g.shape.join() === xs[i]!.shape.join() && g.dtype === xs[i]!.dtype), () =>
    `${what}: vjp returned cotangents ${cts.map(describeTensor).join("; ")} for inputs ${xs.map(describeTensor).join("; ")}\n${context()}`,
  );
  cts.forEach((g, i) => {
    if (!isInexact(xs[i]!.dtype)) ensure(g.concreteData().every((v) => v === 0), () => `${what}: input ${i} (${xs[i]!.dtype}) has no derivative, but vjp gave it ${describeTensor(g)}\n${context()}`);
  });
  const lhs = innerProduct(floatParts(xs, t).map((x) => x.concreteData()), floatParts(xs, cts).map(pairing));
  const dts = tangentOut(fwd, xs, t).map(valuesOf);
  const floatOut = ct.map((c) => isInexact(c.dtype));
  const rhs = innerProduct(dts.filter((_, j) => floatOut[j]), ct.filter((_, j) => floatOut[j]).map(pairing));
  const f32 = [...xs, ...ct].some((x) => x.dtype === "float32" || x.dtype === "complex64");
  const tol = f32 ? 2e-3 : 1e-5;
  const eps = f32 ? 2 ** -23 : 2 ** -52;
  const bound = tol * (1 + Math.abs(rhs.value)) + 64 * eps * Math.max(lhs.scale, rhs.scale);
  ensure(Math.abs(lhs.value - rhs.value) <= bound, () =>
    `${what}: ⟨t, vjp(c)⟩ = ${lhs.value} (reverse) but ⟨jvp(t), c⟩ = ${rhs.value} (forward); difference ${Math.abs(lhs.value - rhs.value)} > ${bound}\n${context()}`,
  );
}

const where = (v: VjpCase): string =>
  `${describeCase(v.c)}\n  inputs ${v.c.inputs.map(describeTensor).join("; ")}\n  t ${v.t.map((x) => (x === null ? "none" : describeTensor(x))).join("; ")}\n  c ${v.ct.map(describeTensor).join("; ")}`;

describe("law 10a: ⟨t, vjp(c)⟩ = ⟨jvp(t), c⟩ (order 1)", () => {
  for (const name of primitiveNames) {
    // custom_lin: no forward meaning to compare with; its transpose is what custom_vjp_call's vjp runs.
    if (name === "custom_lin") continue;
    it(title(name), () =>
      checkLaw(
        {
          name: `inner-product identity: ${name}`,
          note: "the vjp's cotangent paired with a direction must equal the jvp along that direction paired with the output cotangent; a mismatch is a transpose rule that is not the adjoint of the jvp rule",
          arbitrary: vjpCaseArb(name),
          holds: (v) => {
            const f = caseFn(v.c);
            if (NO_REVERSE_MODE.has(name)) return expectNonDifferentiable(`vjp of ${name}`, () => vjp(f, ...v.c.inputs)[1](v.ct));
            checkInnerProducts("order 1", f, forwardFn(v.c), v.c.inputs, v.t, v.ct, () => where(v));
          },
        },
        runsFor(name),
      ));
  }
});

describe("law 10b: the identity for the pullback x ↦ vjp(f, x)(c) (order 2)", () => {
  for (const name of primitiveNames) {
    if (name === "custom_lin") continue; // as in 10a
    it(title(name), () =>
      checkLaw(
        {
          name: `inner-product identity, order 2: ${name}`,
          note: "g(x) = vjp(f, x)(c): its vjp (reverse over reverse) must be the adjoint of its jvp (forward over reverse); a mismatch is a transpose rule whose own derivative is wrong (rules must be written with ops)",
          arbitrary: vjpCaseArb(name),
          holds: (v) => {
            const f = caseFn(v.c);
            const floatIdx = v.c.inputs.flatMap((x, i) => (isInexact(x.dtype) ? [i] : []));
            const g = (...xs: Tensor[]): Tensor[] => {
              const cts = vjp(f, ...xs)[1](v.ct);
              return floatIdx.map((i) => cts[i]!);
            };
            if (NO_REVERSE_MODE.has(name)) return expectNonDifferentiable(`vjp of ${name}`, () => g(...v.c.inputs));
            checkInnerProducts("order 2", g, g, v.c.inputs, v.t2, v.d, () => `${where(v)}\n  t2 ${v.t2.map((x) => (x === null ? "none" : describeTensor(x))).join("; ")}\n  d ${v.d.map(describeTensor).join("; ")}`);
          },
        },
        runsFor(name),
      ));
  }
});

describe("law 10c: grad(f) = vjp(f)(1)", () => {
  it("random scalar programs", () =>
    checkLaw(
      {
        name: "grad = vjp(1) on random programs",
        note: "for a scalar f, grad(f) with argnums covering every input must equal vjp(f)(1) bit for bit; a difference is in grad's plumbing (argnums, the seed cotangent, dtype)",
        arbitrary: programCaseArb,
        holds: ({ program, xs }) => {
          const loss = (...args: Tensor[]): Tensor => {
            let s = scalar(0, "float64");
            for (const o of runProgram(program, args)) s = ops.add(s, ops.reduceSum(ops.convert(o, "float64"), o.shape.map((_, i) => i)));
            return s;
          };
          const g = grad(loss, { argnums: xs.map((_, i) => i) })(...xs);
          const v = vjp(loss, ...xs)[1](scalar(1, "float64"));
          g.forEach((gi, i) =>
            ensure(sameTensor(gi, v[i]!), () => `${program.text}\ninput ${i}: grad ${describeTensor(gi)} but vjp(1) ${describeTensor(v[i]!)}`),
          );
        },
      },
      runs(40),
    ));
});
