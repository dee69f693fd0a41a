/**
 * Law 12 — vectorisation is the loop. For every primitive of the registry, with B = 1–4 examples
 * (other valid inputs for the same params: shuffled elements, or the domain's `resample`):
 *  - vmap(f)(xs)[i] = f(xs[i]) for every placement of each argument's batch axis — null
 *    (unbatched, shared by all examples) or any axis, written non-negative or negative — and every
 *    placement of each output's batch axis (`outAxes`; null when nothing is mapped);
 *  - vmap(vmap(f)) equals the nested loop, with independent placements at both levels;
 *  - vmap∘jvp = jvp∘vmap (on the derivative domains, float64);
 * and, for random smooth scalar programs, vmap(grad(loss)) equals the per-example loop of grad.
 * A primitive with no inputs (iota), or a draw where every argument is unbatched, is called with an
 * extra batched argument it ignores: its outputs are then unbatched and vmap must broadcast them.
 * Floats agree within 1e-12 (float64) / 1e-6 (float32) relative: a batched kernel may reassociate
 * a sum. custom_lin has no eager meaning: its batched and per-example evaluations must both raise
 * its documented error (checked by `evaluating`); custom_vjp_call has no forward mode, so for
 * vmap∘jvp both sides must raise NonDifferentiableError.
 *
 * Can fail (checked by hand: a scratch harness re-installed the primitive table with one rule
 * replaced, then ran this file): a `reduce_sum` batch rule that did not shift the reduced axes
 * past the batch dim fails 12a, 12b and 12c for reduce_sum, cond, while and scan; a `sin` batch
 * rule that claimed bd 0 without moving the axis fails 12a, 12b and 12c for sin (and cos, cond).
 */
import * as fc from "fast-check";
import { describe, it } from "vitest";
import { grad } from "../src/api/grad.js";
import { vmap } from "../src/api/vmap.js";
import { instantiate } from "../src/primitives/ad.js";
import type { PrimitiveName } from "../src/primitives/params.js";
import * as ops from "../src/primitives/ops.js";
import { isInexact } from "../src/tensor/dtype.js";
import { scalar } from "../src/tensor/from-js.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { inDomain, makeTensor, range, shuffledInputsArb } from "./arbitraries.js";
import { NO_FORWARD_MODE, caseFn, expectNonDifferentiable, firstMismatch, outAvalsOf, runsFor, show, tangentOut, tangentsArb } from "./derivatives.js";
import { type AnyCase, type Domain, casesOf, describeCase, domainOf, evaluating, primitiveNames, title } from "./domains.js";
import { derivativeCasesOf } from "./domains-derivative.js";
import { describeTensor } from "./equal.js";
import { checkLaw, ensure, runs } from "./law.js";
import { runProgram, smoothProgramCaseArb } from "./programs.js";
import { axisArb, normAxis, placementArb, stackAt, unstackAt } from "./stacking.js";

type Placement = number | null;

/** `n` examples for case c: inputs valid for c's params (the domain's resample, or shuffles). */
function examplesArb(c: AnyCase, n: number): fc.Arbitrary<(readonly Tensor[])[]> {
  const d = domainOf(c.name) as Domain<PrimitiveName>;
  const one = d.resample !== undefined ? d.resample(c) : shuffledInputsArb(c.inputs);
  return fc.array(one, { minLength: n, maxLength: n });
}

/** Same shape and dtype; ints and bools equal, floats within 1e-12 (float64) / 1e-6 (float32). */
function agree(got: Tensor, want: Tensor): boolean {
  if (got.dtype !== want.dtype || got.shape.join() !== want.shape.join()) return false;
  if (!isInexact(want.dtype)) return firstMismatch(got.concreteData(), want.concreteData(), 0) < 0;
  return firstMismatch(got.concreteData(), want.concreteData(), want.dtype === "float32" ? 1e-6 : 1e-12) < 0;
}

const describeAll = (ts: readonly Tensor[]): string => ts.map(describeTensor).join("; ");

/** A batched argument the function ignores (when nothing else is batched), stacked as [B] or [B1, B2]. */
const dummy = (shape: number[]): Tensor => makeTensor(shape, "float64", new Array<number>(shape.reduce((p, d) => p * d, 1)).fill(0));

// ---- vmap(f)(xs)[i] = f(xs[i]) ------------------------------------------------------------------------

interface VmapCase {
  readonly c: AnyCase;
  readonly B: number;
  readonly inAxes: Placement[];
  readonly outAxes: Placement[];
  readonly pool: (readonly Tensor[])[];
}

const vmapCaseArb = (name: PrimitiveName): fc.Arbitrary<VmapCase> =>
  casesOf(name, inDomain).chain((c) =>
    fc.record({ B: fc.integer({ min: 1, max: 4 }), inAxes: fc.tuple(...c.inputs.map((x) => placementArb(x.ndim))) }).chain(({ B, inAxes }) => {
      const mapped = inAxes.some((a) => a !== null);
      const outs = outAvalsOf(c);
      return fc.record({
        c: fc.constant(c),
        B: fc.constant(B),
        inAxes: fc.constant(inAxes),
        outAxes: fc.tuple(...outs.map((o) => (mapped ? axisArb(o.shape.length + 1) : placementArb(o.shape.length)))),
        pool: examplesArb(c, B),
      });
    }),
  );

function vmapLaw(name: PrimitiveName) {
  return {
    name: `vmap(f)(xs)[i] = f(xs[i]): ${name}`,
    note: "the batched result, taken apart along each output's batch axis, must equal f on each example; a mismatch is a batching rule that misplaces or forgets a batch dim (check the in/out axes in the counterexample)",
    arbitrary: vmapCaseArb(name),
    holds: ({ c, B, inAxes, outAxes, pool }: VmapCase) => {
      const example = (k: number): Tensor[] => c.inputs.map((x, j) => (inAxes[j] === null ? x : pool[k]![j]!));
      const stacked = c.inputs.map((x, j) => {
        const a = inAxes[j];
        return a === null || a === undefined ? x : stackAt(range(B).map((k) => example(k)[j]!), normAxis(a, x.ndim + 1));
      });
      const mapped = inAxes.some((a) => a !== null);
      const f = caseFn(c);
      const g = mapped ? f : (_: Tensor, ...xs: Tensor[]) => f(...xs);
      const args = mapped ? stacked : [dummy([B]), ...stacked];
      const axes = mapped ? inAxes : [0, ...inAxes];
      const batched = evaluating(name, () => vmap(g, { inAxes: axes, outAxes })(...args));
      const perExample = range(B).map((k) => evaluating(name, () => f(...example(k))));
      if (batched === undefined) return; // no eager meaning: both threw the documented error
      const ctx = (): string => `${describeCase(c)} B=${B} inAxes ${JSON.stringify(inAxes)} outAxes ${JSON.stringify(outAxes)}\n  batched args ${describeAll(args)}`;
      batched.forEach((y, j) => {
        const oa = outAxes[j];
        if (oa === null || oa === undefined) {
          ensure(agree(y, perExample[0]![j]!), () => `output ${j} (unbatched): vmap gave ${describeTensor(y)}, f gave ${describeTensor(perExample[0]![j]!)}\n${ctx()}`);
          return;
        }
        const parts = unstackAt(y, normAxis(oa, y.ndim));
        ensure(y.ndim >= 1 && parts.length === B, () => `output ${j}: vmap gave ${describeTensor(y)}, not ${B} examples along axis ${oa}\n${ctx()}`);
        parts.forEach((p, k) =>
          ensure(agree(p, perExample[k]![j]!), () => `output ${j}, example ${k}: vmap gave ${describeTensor(p)}, f gave ${describeTensor(perExample[k]![j]!)}\n  example inputs ${describeAll(example(k))}\n${ctx()}`),
        );
      });
    },
  };
}

// ---- vmap(vmap(f)) = the nested loop ----------------------------------------------------------------

interface NestedCase {
  readonly c: AnyCase;
  readonly B1: number;
  readonly B2: number;
  readonly inner: Placement[];
  readonly outer: Placement[];
  readonly innerOut: number[];
  readonly outerOut: number[];
  readonly pool: (readonly Tensor[])[];
}

const nestedCaseArb = (name: PrimitiveName): fc.Arbitrary<NestedCase> =>
  casesOf(name, inDomain).chain((c) => {
    const outs = outAvalsOf(c);
    return fc
      .record({
        B1: fc.integer({ min: 1, max: 3 }),
        B2: fc.integer({ min: 1, max: 3 }),
        inner: fc.tuple(...c.inputs.map((x) => placementArb(x.ndim))),
        outer: fc.tuple(...c.inputs.map(() => fc.boolean())),
        innerOut: fc.tuple(...outs.map((o) => axisArb(o.shape.length + 1))),
        outerOut: fc.tuple(...outs.map((o) => axisArb(o.shape.length + 2))),
      })
      .chain(({ B1, B2, inner, outer, innerOut, outerOut }) =>
        // The outer axis of each argument: null, or an axis of its rank after the inner stacking.
        fc
          .tuple(...c.inputs.map((x, j) => (outer[j] ? axisArb(x.ndim + (inner[j] === null ? 1 : 2)) : fc.constant(null))))
          .chain((outerAxes) =>
            examplesArb(c, B1 * B2).map((pool) => ({ c, B1, B2, inner, outer: outerAxes as Placement[], innerOut, outerOut, pool: [c.inputs, ...pool.slice(1)] })),
          ),
      );
  });

function nestedLaw(name: PrimitiveName) {
  return {
    name: `vmap(vmap(f)) = nested loop: ${name}`,
    note: "vmap of vmap, taken apart along the outer then the inner output axis, must equal f on each (i, j) example; a mismatch is a batching rule that cannot take an already-batched operand (two batch dims) or an unbatched one next to a batched one",
    arbitrary: nestedCaseArb(name),
    holds: ({ c, B1, B2, inner, outer, innerOut, outerOut, pool }: NestedCase) => {
      // Example (k1, k2) of argument j varies only along the levels that map it.
      const input = (j: number, k1: number, k2: number): Tensor =>
        pool[(outer[j] === null ? 0 : k1) * B2 + (inner[j] === null ? 0 : k2)]![j]!;
      const stacked = c.inputs.map((x, j) => {
        const ia = inner[j], oa = outer[j];
        const innerStack = (k1: number): Tensor => (ia === null ? input(j, k1, 0) : stackAt(range(B2).map((k2) => input(j, k1, k2)), normAxis(ia!, x.ndim + 1)));
        if (oa === null) return innerStack(0);
        const r = x.ndim + (ia === null ? 0 : 1);
        return stackAt(range(B1).map(innerStack), normAxis(oa!, r + 1));
      });
      const needDummy = inner.every((a) => a === null) || outer.every((a) => a === null);
      const f = caseFn(c);
      const g = needDummy ? (_: Tensor, ...xs: Tensor[]) => f(...xs) : f;
      const args = needDummy ? [dummy([B1, B2]), ...stacked] : stacked;
      const inAxesInner = needDummy ? [0, ...inner] : inner;
      const inAxesOuter = needDummy ? [0, ...outer] : outer;
      const batched = evaluating(name, () =>
        vmap(vmap(g, { inAxes: inAxesInner, outAxes: innerOut }), { inAxes: inAxesOuter, outAxes: outerOut })(...args),
      );
      const expected = range(B1).map((k1) => range(B2).map((k2) => evaluating(name, () => f(...c.inputs.map((_, j) => input(j, k1, k2))))));
      if (batched === undefined) return; // no eager meaning: both threw the documented error
      const ctx = (): string =>
        `${describeCase(c)} B1=${B1} B2=${B2} inner ${JSON.stringify(inner)} outer ${JSON.stringify(outer)} innerOut ${JSON.stringify(innerOut)} outerOut ${JSON.stringify(outerOut)}\n  args ${describeAll(args)}`;
      batched.forEach((y, j) => {
        const rows = unstackAt(y, normAxis(outerOut[j]!, y.ndim));
        ensure(rows.length === B1, () => `output ${j}: ${describeTensor(y)} does not have ${B1} rows along axis ${outerOut[j]}\n${ctx()}`);
        rows.forEach((row, k1) => {
          const cells = unstackAt(row, normAxis(innerOut[j]!, row.ndim));
          ensure(cells.length === B2, () => `output ${j}, row ${k1}: ${describeTensor(row)} does not have ${B2} entries along axis ${innerOut[j]}\n${ctx()}`);
          cells.forEach((cell, k2) => {
            const want = expected[k1]![k2]![j]!;
            ensure(agree(cell, want), () => `output ${j}, example (${k1}, ${k2}): vmap∘vmap gave ${describeTensor(cell)}, f gave ${describeTensor(want)}\n${ctx()}`);
          });
        });
      });
    },
  };
}

// ---- vmap∘jvp = jvp∘vmap -----------------------------------------------------------------------------------

interface JvpBatchCase {
  readonly c: AnyCase;
  readonly B: number;
  readonly inAxes: Placement[];
  readonly pool: (readonly Tensor[])[];
  readonly tangents: (Tensor | null)[][];
}

const jvpBatchArb = (name: PrimitiveName): fc.Arbitrary<JvpBatchCase> =>
  derivativeCasesOf(name).chain((c) =>
    fc.record({ B: fc.integer({ min: 1, max: 3 }), inAxes: fc.tuple(...c.inputs.map((x) => placementArb(x.ndim))) }).chain(({ B, inAxes }) =>
      fc.record({
        c: fc.constant(c),
        B: fc.constant(B),
        inAxes: fc.constant(inAxes),
        pool: examplesArb(c, B),
        tangents: fc.array(tangentsArb(c.inputs), { minLength: B, maxLength: B }),
      }),
    ),
  );

function jvpBatchLaw(name: PrimitiveName) {
  return {
    name: `vmap∘jvp = jvp∘vmap: ${name}`,
    note: "batching the jvp of f and taking the jvp of the batched f must give the same tangents; a mismatch is a batching rule whose output is not differentiable as the loop is, or a jvp rule that does not batch",
    arbitrary: jvpBatchArb(name),
    holds: ({ c, B, inAxes, pool, tangents }: JvpBatchCase) => {
      const f = caseFn(c);
      const floatIdx = c.inputs.flatMap((x, j) => (isInexact(x.dtype) ? [j] : []));
      const pick = (j: number, k: number): Tensor => (inAxes[j] === null ? c.inputs[j]! : pool[k]![j]!);
      const pickT = (j: number, k: number): Tensor => tangents[inAxes[j] === null ? 0 : k]![j]!;
      const stack = (j: number, at: (j: number, k: number) => Tensor): Tensor => {
        const a = inAxes[j];
        return a === null || a === undefined ? at(j, 0) : stackAt(range(B).map((k) => at(j, k)), normAxis(a, c.inputs[j]!.ndim + 1));
      };
      const xs = c.inputs.map((_, j) => stack(j, pick));
      const ts = floatIdx.map((j) => stack(j, pickT));
      const mapped = inAxes.some((a) => a !== null);
      const axes = mapped ? inAxes : [0, ...inAxes];
      const lead = mapped ? [] : [dummy([B])];
      const tAxes = floatIdx.map((j) => inAxes[j]!);
      const withTangents = (_xs: readonly Tensor[], ts_: readonly Tensor[]): (Tensor | null)[] => c.inputs.map((_, j) => (floatIdx.includes(j) ? ts_[floatIdx.indexOf(j)]! : null));
      // Left: vmap over (x, t) of the jvp. Right: the jvp of vmap(f) at the batched (x, t).
      const left = (): Tensor[] =>
        vmap(((...a: Tensor[]) => {
          const rest = a.slice(lead.length);
          const x = rest.slice(0, c.inputs.length), t = rest.slice(c.inputs.length);
          return tangentOut(f, x, withTangents(x, t)).map(instantiate);
        }), { inAxes: [...axes, ...tAxes], outAxes: 0 })(...lead, ...xs, ...ts);
      const vf = (...x: Tensor[]): Tensor[] => vmap(((...a: Tensor[]) => f(...a.slice(lead.length))), { inAxes: axes, outAxes: 0 })(...lead, ...x);
      const right = (): Tensor[] => tangentOut(vf, xs, withTangents(xs, ts)).map(instantiate);
      if (NO_FORWARD_MODE.has(name)) {
        expectNonDifferentiable(`vmap of jvp of ${name}`, left);
        return expectNonDifferentiable(`jvp of vmap of ${name}`, right);
      }
      const l = left(), r = right();
      l.forEach((y, j) => {
        const tol = y.dtype === "float32" ? 1e-5 : 1e-9;
        const k = y.shape.join() === r[j]!.shape.join() ? firstMismatch(y.concreteData(), r[j]!.concreteData(), tol) : 0;
        ensure(k < 0, () =>
          `output ${j}${k > 0 ? ` element ${k}` : ""}: vmap∘jvp ${describeTensor(y)} vs jvp∘vmap ${describeTensor(r[j]!)}\n  ${show(y.concreteData())}\n  ${show(r[j]!.concreteData())}\n${describeCase(c)} B=${B} inAxes ${JSON.stringify(inAxes)}\n  x ${describeAll(xs)}\n  t ${describeAll(ts)}`,
        );
      });
    },
  };
}

for (const [label, law, cheap] of [
  ["law 12a: vmap(f)(xs)[i] = f(xs[i]), every placement of in and out axes", vmapLaw, 30],
  ["law 12b: vmap(vmap(f)) = the nested loop", nestedLaw, 20],
  ["law 12c: vmap∘jvp = jvp∘vmap", jvpBatchLaw, 20],
] as const) {
  describe(label, () => {
    for (const name of primitiveNames) it(title(name), () => checkLaw(law(name) as never, runsFor(name, cheap, 10)));
  });
}

// ---- vmap(grad(loss)) = per-example grad -------------------------------------------------------------

describe("law 12d: vmap(grad(loss)) = the per-example loop", () => {
  it("random smooth scalar programs", () =>
    checkLaw(
      {
        name: "vmap(grad) = per-example grad",
        note: "per-example gradients by vmap(grad(loss)) must equal grad(loss) on each example; a mismatch is a transpose rule that does not batch, or a batching rule on a backward-pass primitive",
        arbitrary: smoothProgramCaseArb(5).chain(({ program, xs }) =>
          fc
            .record({ B: fc.integer({ min: 1, max: 4 }), inAxes: fc.tuple(...xs.map((x) => placementArb(x.ndim))) })
            .filter(({ inAxes }) => inAxes.some((a) => a !== null))
            .chain(({ B, inAxes }) => fc.array(shuffledInputsArb(xs), { minLength: B, maxLength: B }).map((pool) => ({ program, xs, B, inAxes, pool }))),
        ),
        holds: ({ program, xs, B, inAxes, pool }) => {
          const loss = (...args: Tensor[]): Tensor => {
            let s = scalar(0, "float64");
            for (const o of runProgram(program, args)) s = ops.add(s, ops.reduceSum(o, o.shape.map((_, i) => i)));
            return s;
          };
          const argnums = xs.map((_, i) => i);
          const example = (k: number): Tensor[] => xs.map((x, j) => (inAxes[j] === null ? x : pool[k]![j]!));
          const stacked = xs.map((x, j) => (inAxes[j] === null ? x : stackAt(range(B).map((k) => example(k)[j]!), normAxis(inAxes[j]!, x.ndim + 1))));
          const batched = vmap(grad(loss, { argnums }), { inAxes, outAxes: 0 })(...stacked);
          range(B).forEach((k) => {
            const want = grad(loss, { argnums })(...example(k));
            want.forEach((w, j) => {
              const got = unstackAt(batched[j]!, 0)[k]!;
              ensure(agree(got, w), () => `${program.text}\ninAxes ${JSON.stringify(inAxes)} B=${B}: example ${k}, gradient ${j}: vmap(grad) ${describeTensor(got)} but grad ${describeTensor(w)}`);
            });
          });
        },
      },
      runs(30),
    ));
});
