/**
 * Law 2b — jit = eager over the whole registry: `jit(f)(...xs)` equals `f(...xs)` bit for bit
 * (NaN equals NaN; −0 and +0 differ), for random chained programs whose steps are drawn from every
 * primitive's test domain with random params, float32 and float64, NaN/±∞/−0 among the inputs
 * (registry-programs.ts). Each program runs with its exponent twin (the same ops, other
 * `integer_pow` exponents), and all share one process and so jit's code cache: a cache that hands
 * one program's compiled loop to another shows up here.
 *
 * Law 2c — compiled code is keyed by everything it computes: two programs of the same structure
 * that differ only in params (an `integer_pow` exponent), jitted one after the other, each equal
 * their eager values. A fused-loop cache keyed on the op sequence alone returned the first
 * program's loop for the second (sin(x²) for sin(x³)); this law fails on such a cache.
 */
import * as fc from "fast-check";
import { describe, it } from "vitest";
import { jit } from "../src/compile/jit.js";
import { evaluate } from "../src/interpret/evaluate.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { trace } from "../src/api/trace.js";
import { special, tensorArb } from "./arbitraries.js";
import { describeTensor, sameTensors } from "./equal.js";
import { checkLaw, ensure, runs } from "./law.js";
import { FULL_PALETTE, buildProgram, programFn, programSpecArb } from "./programs.js";
import { exponentTwin, registryProgramArb, runRegistryProgram } from "./registry-programs.js";

const show = (ts: readonly Tensor[]): string => ts.map(describeTensor).join("; ");

/** What an evaluation gave: its values, or the class and message of what it threw. */
type Outcome = { readonly values: Tensor[] } | { readonly error: Error };

function attempt(thunk: () => Tensor[]): Outcome {
  try {
    return { values: thunk() };
  } catch (err) {
    return { error: err as Error };
  }
}

const describeOutcome = (o: Outcome): string => ("values" in o ? show(o.values) : `threw ${o.error.name}: ${o.error.message}`);

/** Same values bit for bit, or the same error class (an input one of them refuses, both refuse). */
function sameOutcome(a: Outcome, b: Outcome): boolean {
  if ("values" in a && "values" in b) return sameTensors(a.values, b.values);
  if ("error" in a && "error" in b) return a.error.constructor === b.error.constructor;
  return false;
}

describe("law 2b: jit = eager on random programs over the whole registry", () => {
  it("chained programs of 1–6 primitives, random params, float32/float64, NaN/±∞/−0 inputs", () =>
    checkLaw(
      {
        name: "jit = eager = evaluate(trace) on random registry programs",
        note: "a program drawn from every primitive's domain, run eagerly, through evaluate(trace(f)) and through jit(f) twice (compiled, then cached), must agree bit for bit; the listing shows the program",
        arbitrary: registryProgramArb(),
        holds: (program) => {
          // The program and its exponent twin (same ops, other integer_pow exponents), in turn.
          for (const p of [program, exponentTwin(program)]) {
            const f = (...xs: Tensor[]): Tensor[] => runRegistryProgram(p, xs);
            const eager = attempt(() => f(...p.inputs));
            const interpreted = attempt(() => evaluate(trace(f)(...p.inputs), ...p.inputs) as Tensor[]);
            const jf = jit((...xs: Tensor[]) => runRegistryProgram(p, xs));
            const jitted = attempt(() => jf(...p.inputs));
            const again = attempt(() => jf(...p.inputs));
            const ctx = (): string => `${p.text}\ninputs ${show(p.inputs)}\neager ${describeOutcome(eager)}`;
            ensure(sameOutcome(eager, interpreted), () => `${ctx()}\nevaluate ${describeOutcome(interpreted)}`);
            ensure(sameOutcome(eager, jitted), () => `${ctx()}\njit ${describeOutcome(jitted)}`);
            ensure(sameOutcome(eager, again), () => `${ctx()}\njit (cached) ${describeOutcome(again)}`);
          }
        },
      },
      runs(100),
    ));
});

/** Elementwise step kinds only (unary, binary, constants, compare+select, integer_pow), so runs fuse. */
const ELEMENTWISE_STEPS = new Set([0, 1, 2, 3, 9]);
const EXPONENTS = [0, 1, 2, 3, -1];

describe("law 2c: compiled code is keyed by everything it computes", () => {
  it("twin programs differing only in an integer_pow exponent, jitted in turn, each equal eager", () =>
    checkLaw(
      {
        name: "jit twins = eager",
        note: "two programs with the same ops but different integer_pow exponents must each give their own eager values under jit; a difference means compiled code was shared between different sources",
        arbitrary: fc
          .record({
            spec: programSpecArb({ nInputs: 2, maxSteps: 10 }),
            ys: fc.uniqueArray(fc.constantFrom(...EXPONENTS), { minLength: 2, maxLength: 2 }),
          })
          .chain(({ spec, ys }) => {
            const twins = ys.map((y) => buildProgram(spec, { ...FULL_PALETTE, intPow: [y], steps: ELEMENTWISE_STEPS }));
            return fc.tuple(...twins[0]!.inputs.map((a) => tensorArb(a.shape, a.dtype, special))).map((xs) => ({ twins, xs }));
          }),
        holds: ({ twins, xs }) => {
          for (const p of twins) {
            const eager = programFn(p)(...xs);
            const jitted = jit(programFn(p))(...xs);
            ensure(sameTensors(eager, jitted), () => `${p.text}\ninputs ${show(xs)}\neager ${show(eager)}\njit ${show(jitted)}`);
          }
        },
      },
      runs(100),
    ));
});
