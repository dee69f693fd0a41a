/**
 * Law 2d — jit is a primitive that survives transforms. For random smooth programs f
 * (programs.ts, float64, several inputs and outputs) and the scalar loss L = Σ sum(f(xs)) + Σ sum(sin(xs)):
 *  - grad(jit(L)) = grad(L), jvp(jit(f)) = jvp(f), vmap(jit(f)) = vmap(f) and
 *    jit(grad(jit(L))) = grad(L). The jitted forms run the same rules on the same values, split
 *    into a primal and a linear graph (partial evaluation) and compiled; simplification and fused
 *    loops keep bits, so the comparison is bit for bit;
 *  - the traces keep the boundary: trace(grad(jit(L))) holds a `jit[name=jvp(L)]` equation (the
 *    forward pass) and a `jit[name=transpose(lin(L))]` one (the backward pass), and
 *    trace(vmap(jit(f))) a `jit[name=vmap(f)]` one.
 * A failure of the first part is a wrong rule of the jit primitive (a residual in the wrong order,
 * a tangent mask misapplied, a cached graph reused for another mask or batch size); of the second,
 * jit inlining its graph under a transform.
 * The law is about the jit primitive's rules, so it runs with the JS fused loops: the WebAssembly
 * loops compute sin, exp, … by vector approximations, which law 2b (jit-eager.law.ts) checks with
 * them on and off.
 */
import * as fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { setWasmFusionEnabled } from "../src/backend/wasm/fused-loop.js";
import { grad, jit, jvp, np, trace, vmap } from "../src/index.js";
import type { Graph } from "../src/ir/graph.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { describeTensor, sameTensor } from "./equal.js";
import { checkLaw, ensure, runs } from "./law.js";
import { type ProgramCase, programFn, smoothProgramCaseArb } from "./programs.js";

/**
 * A fresh scalar loss Σ sum(outputs) + Σ sum(sin(inputs)) of the program (fresh, so jit caches
 * never mix cases). The sin terms make every input matter, so the backward pass is never empty.
 */
function lossOf(c: ProgramCase): (...xs: Tensor[]) => Tensor {
  const f = programFn(c.program);
  return function loss(...xs: Tensor[]): Tensor {
    const outs = f(...xs).reduce<Tensor>((s, y) => np.add(s, np.sum(y)), np.array(0, { dtype: "float64" }));
    return xs.reduce<Tensor>((s, x) => np.add(s, np.sum(np.sin(x))), outs);
  };
}

function sameLists(what: string, got: readonly Tensor[], want: readonly Tensor[]): void {
  ensure(got.length === want.length, () => `${what}: ${got.length} results, expected ${want.length}`);
  got.forEach((g, i) =>
    ensure(sameTensor(g, want[i]!), () => `${what}, result ${i}: jitted ${describeTensor(g)}\n  unjitted ${describeTensor(want[i]!)}`),
  );
}

/** Names of the jit equations of a graph (top level). */
const jitNames = (g: Graph): string[] => g.equations.filter((e) => e.primitive === "jit").map((e) => (e.params as { name: string }).name);

const cases = smoothProgramCaseArb(5);

let wasmWas = true;
beforeAll(() => (wasmWas = setWasmFusionEnabled(false)));
afterAll(() => setWasmFusionEnabled(wasmWas));

describe("law 2d: jit is a primitive — transforms of jit(f) equal transforms of f, and keep the boundary", () => {
  it("grad(jit(L)) = grad(L) bit for bit; its trace has a forward and a backward jit equation", () => {
    checkLaw(
      {
        name: "grad(jit(L)) = grad(L)",
        note: "the jvp rule of jit (linearizeGraph) and its transpose rule (transposeGraph) must compute exactly what grad of the inlined function computes",
        arbitrary: cases,
        holds: (c) => {
          const argnums = c.xs.map((_, i) => i);
          const loss = lossOf(c);
          sameLists("grad", grad(jit(loss), { argnums })(...c.xs), grad(loss, { argnums })(...c.xs));
          const names = jitNames(trace(grad(jit(lossOf(c)), { argnums }))(...c.xs));
          ensure(names.includes("jvp(loss)") && names.includes("transpose(lin(loss))"), () => `trace(grad(jit(L))) has jit equations [${names.join(", ")}]`);
        },
      },
      runs(30),
    );
  });

  it("jit(grad(jit(L))) = grad(L) bit for bit (the inner jit equations run compiled inside the outer plan)", () => {
    checkLaw(
      {
        name: "jit(grad(jit(L))) = grad(L)",
        note: "a jit equation inside a compiled plan must run its own graph's plan with the same values",
        arbitrary: cases,
        holds: (c) => {
          const argnums = c.xs.map((_, i) => i);
          sameLists("jit(grad(jit))", jit(grad(jit(lossOf(c)), { argnums }))(...c.xs), grad(lossOf(c), { argnums })(...c.xs));
        },
      },
      runs(30),
    );
  });

  it("jvp(jit(f)) = jvp(f) bit for bit", () => {
    checkLaw(
      {
        name: "jvp(jit(f)) = jvp(f)",
        note: "the jit equation's primal graph and linear graph together must give jvp's outputs and tangents",
        arbitrary: cases.chain((c) => fc.tuple(fc.constant(c), fc.tuple(...c.xs.map((x) => fc.double({ min: -2, max: 2, noNaN: true }).map((s) => np.mul(x, s)))))),
        holds: ([c, ts]) => {
          const f = programFn(c.program);
          const [outs, dts] = jvp(jit(programFn(c.program)), [...c.xs], ts);
          const [wantOuts, wantDts] = jvp(f, [...c.xs], ts);
          sameLists("jvp primal", outs, wantOuts);
          sameLists("jvp tangent", dts, wantDts);
        },
      },
      runs(30),
    );
  });

  it("vmap(jit(f)) = vmap(f) bit for bit; its trace has a jit[name=vmap(f)] equation", () => {
    checkLaw(
      {
        name: "vmap(jit(f)) = vmap(f)",
        note: "the batching rule of jit (vmapGraph) must vectorise the graph exactly as vmap of the inlined function",
        arbitrary: cases,
        holds: (c) => {
          // A batch of two examples: xs and xs / 2.
          const batch = c.xs.map((x) => np.stack([x, np.mul(x, 0.5)]));
          const named = (): ((...xs: Tensor[]) => Tensor[]) => {
            const f = programFn(c.program);
            return function f0(...xs: Tensor[]) {
              return f(...xs);
            };
          };
          sameLists("vmap", vmap(jit(named()))(...batch), vmap(named())(...batch));
          const names = jitNames(trace(vmap(jit(named())))(...batch));
          ensure(names.includes("vmap(f0)"), () => `trace(vmap(jit(f))) has jit equations [${names.join(", ")}]`);
        },
      },
      runs(30),
    );
  });
});
