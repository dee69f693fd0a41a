/**
 * Law 2b — jit = eager over the whole registry: `jit(f)(...xs)` equals `f(...xs)` bit for bit
 * (NaN equals NaN; −0 and +0 differ), for random chained programs whose steps are drawn from every
 * primitive's test domain with random params, float32 and float64, NaN/±∞/−0 among the inputs
 * (registry-programs.ts). Each program runs with its exponent twin (the same ops, other
 * `integer_pow` exponents), and all share one process and so jit's code cache: a cache that hands
 * one program's compiled loop to another shows up here.
 *
 * The law runs twice: with jit's WebAssembly SIMD fused loops off (the JS loops: bit for bit,
 * always) and on. With them on, a fused loop computes exp, log, tanh, logistic, erf, sin and cos
 * by polynomial approximations within stated ulp bounds of the scalar kernels, and an error of an
 * ulp in an inner op can grow without bound through later ones (a cancellation, a comparison, a
 * floor), so no tolerance on the program's result is sound. Instead the law splits the claim in
 * two, each checked exactly:
 *   - jit(f) equals, bit for bit, the reference evaluation of the graph jit compiled in which every
 *     equation runs its eager kernel, except that an approximated op inside a WebAssembly fused
 *     loop runs the same vector function alone (`simdUnaryKernel`) — that is, jit differs from
 *     eager only where an approximated op is, and only by that op's own error; where no
 *     approximated op was vectorised, the reference is eager itself and jit must equal `f(...xs)`;
 *   - each vector function is within its stated bound of the scalar kernel over the whole float
 *     range (test/backend/wasm/simd-math*.test.ts, fused.test.ts).
 * (Graph-carrying equations — scan, while, cond, nested jit — run their bodies through the
 * backend's plans in both, so inside such bodies this checks consistency, not the op split.)
 *
 * Law 2c — compiled code is keyed by everything it computes: two programs of the same structure
 * that differ only in params (an `integer_pow` exponent), jitted one after the other, each equal
 * their eager values (with the WebAssembly loops on: their reference, as in 2b). A fused-loop
 * cache keyed on the op sequence alone returned the first program's loop for the second (sin(x²)
 * for sin(x³)); this law fails on such a cache.
 */
import * as fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { Backend } from "../src/backend/backend.js";
import { cpuBackend, makeCpuBackend } from "../src/backend/cpu/cpu-backend.js";
import { CPU_LOWERINGS } from "../src/backend/cpu/lowering.js";
import { type Group, plainLoopOf, schedule, writtenOut } from "../src/backend/cpu/plan.js";
import { plannedGraph } from "../src/backend/cpu/push-views.js";
import { installBackend } from "../src/backend/current.js";
import { planWasmFused, setWasmFusionEnabled } from "../src/backend/wasm/fused-loop.js";
import { APPROXIMATED, vectorForm } from "../src/backend/wasm/fused-ops.js";
import { type SimdUnaryKernel, simdUnaryKernel } from "../src/backend/wasm/simd-math-runtime.js";
import { jit } from "../src/compile/jit.js";
import { evaluate } from "../src/interpret/evaluate.js";
import type { Graph } from "../src/ir/graph.js";
import type { Atom } from "../src/ir/types.js";
import type { AnyPrimitive } from "../src/primitives/rule-types.js";
import { primitive } from "../src/primitives/table.js";
import { fromData, scalar } from "../src/tensor/from-js.js";
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

// ---------------------------------------------------------------------------------------------
// The reference of jit with the WebAssembly fused loops on

/** The vector function of an approximated op, compiled once per op and dtype. */
const vectorKernels = new Map<string, SimdUnaryKernel>();
function vectorKernel(name: string, dtype: "float32" | "float64"): SimdUnaryKernel {
  const key = `${name}/${dtype}`;
  let k = vectorKernels.get(key);
  if (k === undefined) {
    const form = vectorForm(name, {}, dtype)!;
    k = simdUnaryKernel((L, x) => form.emit(L, [x]), dtype);
    vectorKernels.set(key, k);
  }
  return k;
}

/**
 * `g` evaluated equation by equation with `backend`'s eager kernels, in the order of jit's plan,
 * except that an approximated op in a group the plan runs as a WebAssembly loop runs its vector
 * function alone. Returns the outputs and whether any vector function ran.
 */
function referenceOf(g: Graph, inputs: readonly Tensor[], backend: Backend): { values: Tensor[]; approximated: boolean } {
  const env = new Map<number, Tensor>();
  g.constVars.forEach((v, i) => env.set(v.id, g.constValues[i]!));
  g.inputs.forEach((v, i) => env.set(v.id, inputs[i]!));
  const read = (a: Atom): Tensor => (a._tag === "Literal" ? scalar(a.value, a.aval.dtype) : env.get(a.id)!);
  // The graph the plan schedules (movement ops pushed through elementwise chains): the same values,
  // but its own grouping decides which approximated ops run vectorised.
  const planned = plannedGraph(g, CPU_LOWERINGS);
  const leaves = writtenOut(planned);
  let approximated = false;
  for (const item of schedule(planned, CPU_LOWERINGS)) {
    const eqns = "eqns" in item ? item.eqns : [item];
    // As the plan decides (plainLoopOf): a group of several equations without views (other than
    // broadcasts of 0-d values) goes to compileFused, which tries the WebAssembly loop first; a
    // reduction group with an approximated op may run its chain as a WebAssembly loop.
    const grp: Group | undefined = "eqns" in item && item.eqns.length > 1 ? item : undefined;
    const plain = grp === undefined ? undefined : plainLoopOf(grp, CPU_LOWERINGS, leaves(grp));
    const vectorised = plain !== undefined && planWasmFused(plain.eqns, plain.needed, CPU_LOWERINGS) !== undefined;
    const approximatedIds = new Set(vectorised ? plain.eqns.filter((e) => APPROXIMATED.has(e.primitive)).map((e) => e.outputs[0]!.id) : []);
    for (const e of eqns) {
      const ins = e.inputs.map(read);
      const out = e.outputs[0]!.aval;
      if (approximatedIds.has(e.outputs[0]!.id) && (out.dtype === "float32" || out.dtype === "float64")) {
        approximated = true;
        const data = vectorKernel(e.primitive, out.dtype).apply(ins[0]!.concreteData() as Float32Array | Float64Array);
        env.set(e.outputs[0]!.id, fromData(out.shape, out.dtype, data));
        continue;
      }
      const res = backend.execute(primitive(e.primitive) as AnyPrimitive as never, ins, e.params as never, e.outputs.map((v) => v.aval));
      e.outputs.forEach((v, n) => env.set(v.id, res[n]!));
    }
  }
  return { values: g.outputs.map(read), approximated };
}

/**
 * Runs `f` under jit on a backend that records the graphs it compiles; with `wasm`, also the
 * reference of the first (the top-level graph) on `xs`.
 */
function jitWithReference(f: (...xs: Tensor[]) => Tensor[], xs: readonly Tensor[], backend: Backend, wasm: boolean): {
  jitted: Outcome; again: Outcome; reference: Outcome | undefined; approximated: boolean;
} {
  const compiled: Graph[] = [];
  const recording: Backend = { ...backend, execute: backend.execute, compile: (g) => (compiled.push(g), backend.compile(g)) };
  installBackend(recording);
  try {
    const jf = jit(f);
    const jitted = attempt(() => jf(...xs));
    const again = attempt(() => jf(...xs));
    installBackend(backend);
    if (!wasm || compiled.length === 0) return { jitted, again, reference: undefined, approximated: false };
    let approximated = false;
    const reference = attempt(() => {
      const r = referenceOf(compiled[0]!, xs, backend);
      approximated = r.approximated;
      return r.values;
    });
    return { jitted, again, reference, approximated };
  } finally {
    installBackend(backend);
  }
}

/** A CPU backend of its own for each run of a law, so no plan is shared between the two settings. */
function withFusion(wasm: boolean): () => Backend {
  let backend: Backend = cpuBackend;
  let was = true;
  beforeAll(() => {
    was = setWasmFusionEnabled(wasm);
    backend = makeCpuBackend(CPU_LOWERINGS);
    installBackend(backend);
  });
  afterAll(() => {
    setWasmFusionEnabled(was);
    installBackend(cpuBackend);
  });
  return () => backend;
}

for (const wasm of [false, true]) {
  const mode = wasm ? "WebAssembly fused loops on" : "WebAssembly fused loops off";
  describe(`law 2b: jit = eager on random programs over the whole registry (${mode})`, () => {
    const backend = withFusion(wasm);
    it("chained programs of 1–6 primitives, random params, float32/float64, NaN/±∞/−0 inputs", () =>
      checkLaw(
        {
          name: `jit = eager = evaluate(trace) on random registry programs (${mode})`,
          note: wasm
            ? "a program drawn from every primitive's domain, run eagerly, through evaluate(trace(f)) and through jit(f) twice (compiled, then cached): jit must equal, bit for bit, the eager evaluation of its graph in which approximated ops inside WebAssembly loops run their vector functions (and eager itself where none did); the listing shows the program"
            : "a program drawn from every primitive's domain, run eagerly, through evaluate(trace(f)) and through jit(f) twice (compiled, then cached), must agree bit for bit; the listing shows the program",
          arbitrary: registryProgramArb(),
          holds: (program) => {
            // The program and its exponent twin (same ops, other integer_pow exponents), in turn.
            for (const p of [program, exponentTwin(program)]) {
              const f = (...xs: Tensor[]): Tensor[] => runRegistryProgram(p, xs);
              const eager = attempt(() => f(...p.inputs));
              const interpreted = attempt(() => evaluate(trace(f)(...p.inputs), ...p.inputs) as Tensor[]);
              const { jitted, again, reference, approximated } = jitWithReference((...xs) => runRegistryProgram(p, xs), p.inputs, backend(), wasm);
              const ctx = (): string => `${p.text}\ninputs ${show(p.inputs)}\neager ${describeOutcome(eager)}`;
              ensure(sameOutcome(eager, interpreted), () => `${ctx()}\nevaluate ${describeOutcome(interpreted)}`);
              if (reference !== undefined) {
                ensure(sameOutcome(reference, jitted), () => `${ctx()}\nreference ${describeOutcome(reference)}\njit ${describeOutcome(jitted)}`);
                ensure(sameOutcome(reference, again), () => `${ctx()}\nreference ${describeOutcome(reference)}\njit (cached) ${describeOutcome(again)}`);
              }
              if (!approximated) {
                ensure(sameOutcome(eager, jitted), () => `${ctx()}\njit ${describeOutcome(jitted)}`);
                ensure(sameOutcome(eager, again), () => `${ctx()}\njit (cached) ${describeOutcome(again)}`);
              }
            }
          },
        },
        runs(100),
      ));
  });
}

/** Elementwise step kinds only (unary, binary, constants, compare+select, integer_pow), so runs fuse. */
const ELEMENTWISE_STEPS = new Set([0, 1, 2, 3, 9]);
const EXPONENTS = [0, 1, 2, 3, -1];

for (const wasm of [false, true]) {
  const mode = wasm ? "WebAssembly fused loops on" : "WebAssembly fused loops off";
  describe(`law 2c: compiled code is keyed by everything it computes (${mode})`, () => {
    const backend = withFusion(wasm);
    it("twin programs differing only in an integer_pow exponent, jitted in turn, each equal eager", () =>
      checkLaw(
        {
          name: `jit twins = eager (${mode})`,
          note: "two programs with the same ops but different integer_pow exponents must each give their own eager values under jit (with WebAssembly loops: their reference, as in law 2b); a difference means compiled code was shared between different sources",
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
              const eager = attempt(() => programFn(p)(...xs));
              const { jitted, reference, approximated } = jitWithReference(programFn(p), xs, backend(), wasm);
              const ctx = (): string => `${p.text}\ninputs ${show(xs)}\neager ${describeOutcome(eager)}`;
              if (reference !== undefined) ensure(sameOutcome(reference, jitted), () => `${ctx()}\nreference ${describeOutcome(reference)}\njit ${describeOutcome(jitted)}`);
              if (!approximated) ensure(sameOutcome(eager, jitted), () => `${ctx()}\njit ${describeOutcome(jitted)}`);
            }
          },
        },
        runs(100),
      ));
  });
}
