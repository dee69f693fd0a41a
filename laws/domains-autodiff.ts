/**
 * Test domains of the differentiation-control primitives. `checkpoint`, `custom_jvp_call` and
 * `custom_vjp_call` carry a nested graph: a random program (programs.ts) traced flat, with true
 * derivative rules built from fluxion's own jvp/vjp (the laws here only evaluate, trace and print,
 * but a jvp law reusing these domains gets correct rules). `custom_lin` has no eager meaning.
 */
import * as fc from "fast-check";
import { vjp } from "../src/api/grad.js";
import { NonDifferentiableError } from "../src/errors.js";
import { evaluateFlat } from "../src/interpret/evaluate.js";
import type { Graph } from "../src/ir/graph.js";
import { aval } from "../src/ir/types.js";
import { instantiate } from "../src/primitives/ad.js";
import type { FlatBwd, FlatFwd, FlatJvpRule } from "../src/primitives/params.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { traceFlat } from "../src/trace/trace.js";
import { jvpFlat } from "../src/transforms/jvp.js";
import { FLOAT_DTYPES, type Values, anyTensorArb, dtypeArb, makeTensor, range, shapeArb, tensorArb } from "./arbitraries.js";
import type { Domain } from "./domains.js";
import { allFloatArgs } from "./domains-linear.js";
import { type ProgramCase, programCaseArb, programFn } from "./programs.js";

const operand = anyTensorArb;

/** A random program traced to a flat closed graph (constants stay constvars), and inputs for it. */
const nestedGraphArb = (v: Values, programs: fc.Arbitrary<ProgramCase>): fc.Arbitrary<{ fun: Graph; xs: readonly Tensor[] }> =>
  programs.chain(({ program }: ProgramCase) =>
    fc.tuple(...program.inputs.map((a) => tensorArb(a.shape, a.dtype, v, { min: -3, max: 3 }))).map((xs) => ({
      fun: traceFlat(programFn(program), program.inputs.map((a) => aval(a.shape, a.dtype)), "law"),
      xs,
    })),
  );

/** fun's true derivative rules, built from fluxion's own transforms (the laws here never call them). */
function rulesOf(fun: Graph, name: string): { rule: FlatJvpRule; fwd: FlatFwd; bwd: FlatBwd } {
  const f = (...xs: Tensor[]): Tensor[] => evaluateFlat(fun, xs);
  return {
    rule: (primals, tangents) => {
      const [outs, dts] = jvpFlat(f, primals, tangents, name);
      return [outs, dts.map(instantiate)];
    },
    fwd: (primals) => [f(...primals), [...primals]],
    bwd: (residuals, cts) => vjp(f, ...residuals)[1](cts),
  };
}

/** The primitives that carry a nested graph, with graphs drawn from `programs`. */
export function graphCallDomains(programs: fc.Arbitrary<ProgramCase>) {
  return {
    checkpoint: {
      linearArgs: allFloatArgs, // made linear by linearizing its graph (transpose.law.ts)
      cases: (v) => nestedGraphArb(v, programs).map(({ fun, xs }) => ({ name: "checkpoint", inputs: xs, params: { name: "ckpt", fun } })),
    },
    custom_jvp_call: {
      cases: (v) =>
        nestedGraphArb(v, programs).map(({ fun, xs }) => ({ name: "custom_jvp_call", inputs: xs, params: { name: "cjvp", fun, rule: rulesOf(fun, "cjvp").rule } })),
    },
    custom_vjp_call: {
      cases: (v) =>
        nestedGraphArb(v, programs).map(({ fun, xs }) => {
          const { fwd, bwd } = rulesOf(fun, "cvjp");
          return { name: "custom_vjp_call", inputs: xs, params: { name: "cvjp", fun, fwd, bwd } };
        }),
    },
  } satisfies { [N in "checkpoint" | "custom_jvp_call" | "custom_vjp_call"]: Domain<N> };
}

/** The differentiation-control primitives: identity, and calls that carry a nested graph. */
export const autodiffDomains = {
  stop_gradient: { cases: (v) => operand(v).map((x) => ({ name: "stop_gradient", inputs: [x], params: {} })) },
  ...graphCallDomains(programCaseArb),
  custom_lin: {
    // The tangents, after the residuals (its forward map is never evaluated: transpose.law.ts).
    linearArgs: (c) => [range(c.inputs.length).slice(c.params.numResiduals)],
    eagerThrows: {
      error: NonDifferentiableError,
      why: "custom_lin is the linear half of a custom vjp: it exists to be transposed, and evaluating it (forward mode) is an error that points to customJvp",
    },
    cases: (v) =>
      fc
        .record({
          residuals: fc.array(operand(v, { maxRank: 2 }), { maxLength: 2 }),
          tangents: fc.array(fc.tuple(shapeArb({ maxRank: 2 }), dtypeArb(FLOAT_DTYPES)), { minLength: 1, maxLength: 2 }),
          outs: fc.array(fc.tuple(shapeArb({ maxRank: 2 }), dtypeArb(FLOAT_DTYPES)), { minLength: 1, maxLength: 2 }),
        })
        .chain(({ residuals, tangents, outs }) =>
          fc.tuple(...tangents.map(([s, d]) => tensorArb(s, d, v))).map((ts) => {
            // bwd: a cotangent of each tangent's aval (zeros), as a valid transpose must return.
            const bwd: FlatBwd = () => ts.map((t) => makeTensor(t.shape, t.dtype, new Array<number>(t.size).fill(0)));
            return {
              name: "custom_lin" as const,
              inputs: [...residuals, ...ts],
              params: { name: "clin", numResiduals: residuals.length, outAvals: outs.map(([s, d]) => aval(s, d)), bwd },
            };
          }),
        ),
  },
} satisfies { [N in "stop_gradient" | "checkpoint" | "custom_jvp_call" | "custom_vjp_call" | "custom_lin"]: Domain<N> };
