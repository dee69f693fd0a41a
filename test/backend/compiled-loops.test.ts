/**
 * The CPU lowerings of scan, while and cond (src/backend/cpu/lowerings/control-flow.ts) give the
 * reference kernels' results bit for bit — on random loop bodies from the laws' control-flow
 * domains (NaN, ±∞ and −0 among the values), and through jit(valueAndGrad) of an RNN — and a
 * compiled scan slices no xs and stacks no ys through eager ops, where the reference does both
 * every step.
 */
import * as fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Backend } from "../../src/backend/backend.js";
import { REFERENCE } from "../../src/backend/backend.js";
import { cpuBackend, makeCpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { CPU_LOWERINGS } from "../../src/backend/cpu/lowering.js";
import { condKernel, hoisted, scanKernel, whileKernel } from "../../src/backend/cpu/lowerings/control-flow.js";
import { installBackend } from "../../src/backend/current.js";
import { setWasmFusionEnabled } from "../../src/backend/wasm/fused-loop.js";
import { type Tensor, jit, lax, np, trace, valueAndGrad } from "../../src/index.js";
import type { PrimitiveName, PrimitiveParams } from "../../src/primitives/params.js";
import { primitive } from "../../src/primitives/table.js";
import { inDomain, special } from "../../laws/arbitraries.js";
import { controlDomains } from "../../laws/domains-control.js";
import { describeTensor, sameTensors } from "../../laws/equal.js";
import { mulberry32 } from "../kernels/reference.js";

afterEach(() => installBackend(cpuBackend));

type Control = "scan" | "while" | "cond";
type AnyKernel = (inputs: readonly Tensor[], params: never, outAvals: never) => Tensor[];
const kernels: Record<Control, AnyKernel> = { scan: scanKernel as AnyKernel, while: whileKernel as AnyKernel, cond: condKernel as AnyKernel };

/** The reference backend for loops: the default table with the control-flow primitives on their `impl`. */
const referenceLoops = makeCpuBackend({ ...CPU_LOWERINGS, scan: REFERENCE, while: REFERENCE, cond: REFERENCE });

/** A backend that runs `inner` and counts the eager ops it executes, by primitive. */
function counting(inner: Backend): { backend: Backend; counts: Map<string, number> } {
  const counts = new Map<string, number>();
  const backend: Backend = {
    ...inner,
    execute(prim, inputs, params, outAvals) {
      counts.set(prim.name, (counts.get(prim.name) ?? 0) + 1);
      return inner.execute(prim, inputs, params, outAvals);
    },
  };
  return { backend, counts };
}

// These compare loop compilation with the reference kernels bit for bit: jit's fused loops run as
// JS here, since the WebAssembly loops' vector exp/tanh are approximations of their own (laws/jit-eager.law.ts).
let wasmWas = true;
beforeAll(() => (wasmWas = setWasmFusionEnabled(false)));
afterAll(() => void setWasmFusionEnabled(wasmWas));

describe("compiled loop bodies equal the reference kernels bit for bit", () => {
  for (const name of ["scan", "while", "cond"] as const satisfies readonly Control[]) {
    for (const [label, values] of [["in-domain values", inDomain], ["NaN, ±∞, −0 among the values", special]] as const) {
      it(`${name}: random bodies, ${label}`, () => {
        const def = primitive(name as PrimitiveName);
        fc.assert(
          fc.property(controlDomains[name].cases(values), (c) => {
            const params = c.params as PrimitiveParams[Control];
            const outAvals = def.shapeRule(c.inputs, params as never);
            const want = def.impl(c.inputs, params as never, outAvals);
            const got = kernels[name](c.inputs, params as never, outAvals as never);
            if (!sameTensors(got, want)) {
              throw new Error(`${name}: compiled ${got.map(describeTensor).join("; ")} but reference ${want.map(describeTensor).join("; ")}`);
            }
          }),
          { numRuns: 60, seed: 1313 },
        );
      });
    }
  }
});

// A small Elman RNN (the benchmark's W7 in miniature): h ← tanh(x·wx + h·wh + b) over T steps.
const T = 12, B = 3, D = 4, H = 5;
const rnd = mulberry32(7);
const uniform = (n: number, s: number): Float32Array => Float32Array.from({ length: n }, () => (rnd() * 2 - 1) * s);
const params = () => ({
  wx: np.array(uniform(D * H, 0.5), { dtype: "float32" }).reshape([D, H]),
  wh: np.array(uniform(H * H, 0.4), { dtype: "float32" }).reshape([H, H]),
  b: np.array(uniform(H, 0.1), { dtype: "float32" }),
});
const xs = np.array(uniform(T * B * D, 1), { dtype: "float32" }).reshape([T, B, D]);
const h0 = np.zeros([B, H], "float32");
type P = ReturnType<typeof params>;
const loss = (p: P, x: Tensor, h: Tensor): Tensor => {
  const [hT, hs] = lax.scan((c: Tensor, xt: Tensor): [Tensor, Tensor] => {
    const n = np.tanh(np.add(np.add(np.matmul(xt, p.wx), np.matmul(c, p.wh)), p.b));
    return [n, n];
  }, h, x);
  return np.add(np.mean(np.square(hT)), np.mean(hs as Tensor));
};
const flat = (r: unknown): Tensor[] => {
  const [v, g] = r as [Tensor, P];
  return [v, g.wx, g.wh, g.b];
};

describe("an RNN through lax.scan", () => {
  const p = params();
  it("jit(valueAndGrad) and eager valueAndGrad equal the reference loops' results bit for bit", () => {
    const run = (jitted: boolean): Tensor[] => flat((jitted ? jit(valueAndGrad(loss)) : valueAndGrad(loss))(p, xs, h0));
    installBackend(referenceLoops);
    const wantJit = run(true);
    const wantEager = run(false);
    installBackend(cpuBackend);
    const gotJit = run(true);
    const gotEager = run(false);
    expect(sameTensors(gotJit, wantJit), `${gotJit.map(describeTensor)} vs ${wantJit.map(describeTensor)}`).toBe(true);
    expect(sameTensors(gotEager, wantEager)).toBe(true);
    // And the gradient is the gradient: a central difference of the loss along b, in float32.
    const g = gotEager[3]!.data();
    const bump = (e: number): number => {
      const b = Float32Array.from(p.b.data());
      b[2]! += e;
      return (loss({ ...p, b: np.array(b, { dtype: "float32" }) }, xs, h0) as Tensor).item();
    };
    expect(Math.abs((bump(1e-2) - bump(-1e-2)) / 2e-2 - g[2]!)).toBeLessThan(1e-3);
  });

  it("slices no xs and stacks no ys through eager ops (the reference does, every step)", () => {
    const fwd = (x: Tensor): Tensor[] => lax.scan((c: Tensor, xt: Tensor): [Tensor, Tensor] => [np.add(c, xt), np.mul(c, xt)], np.zeros([B, D], "float32"), x) as Tensor[];
    const compiled = counting(cpuBackend);
    installBackend(compiled.backend);
    const got = fwd(xs);
    const reference = counting(referenceLoops);
    installBackend(reference.backend);
    const want = fwd(xs);
    expect(sameTensors(got, want)).toBe(true);
    expect(compiled.counts.get("slice") ?? 0).toBe(0);
    expect(compiled.counts.get("concatenate") ?? 0).toBe(0);
    expect(reference.counts.get("slice")).toBe(T);
    expect(reference.counts.get("concatenate")).toBe(1);
  });

  it("a final carry taken from xs is the reference's value in an array of its own (no result aliases an input)", () => {
    const f = (x: Tensor): Tensor[] => lax.scan((c: Tensor, xt: Tensor): [Tensor, Tensor] => [xt, c], np.ones([B, D], "float32"), x) as Tensor[];
    const got = f(xs);
    installBackend(referenceLoops);
    const want = f(xs);
    expect(sameTensors(got, want)).toBe(true);
    const data = got[0]!.concreteData();
    expect(data.buffer).not.toBe(xs.concreteData().buffer);
    expect([data.byteOffset, data.length]).toEqual([0, B * D]);
  });

  it("a scan of length 0 returns the carry and empty stacks, as the reference does", () => {
    const empty = np.zeros([0, B, D], "float32");
    const f = (x: Tensor): Tensor[] => lax.scan((c: Tensor, xt: Tensor): [Tensor, Tensor] => [np.add(c, xt), xt], np.ones([B, D], "float32"), x) as Tensor[];
    const got = f(empty);
    installBackend(referenceLoops);
    const want = f(empty);
    expect(sameTensors(got, want)).toBe(true);
    expect(got[1]!.shape).toEqual([0, B, D]);
  });
});

describe("loop-invariant equations run once, before the first step", () => {
  const w = np.array(uniform(H * H, 0.4), { dtype: "float32" }).reshape([H, H]);
  const b = np.array(uniform(H, 0.5), { dtype: "float32" });
  const seq = np.array(uniform(T * B * H, 1), { dtype: "float32" }).reshape([T, B, H]);
  // exp(b) + 1 and its broadcast read only constants; the rest reads the carry or x.
  const f = (x: Tensor): Tensor[] =>
    lax.scan((c: Tensor, xt: Tensor): [Tensor, Tensor] => {
      const bb = np.add(np.exp(b), 1);
      return [np.tanh(np.add(np.matmul(c, w), np.mul(xt, bb))), bb];
    }, np.zeros([B, H], "float32"), x) as Tensor[];

  it("splits the body: the invariant chain in `pre`, the rest in `loop`", () => {
    const g = trace(f)(seq);
    const eqn = g.equations.find((e) => e.primitive === "scan")!;
    const p = eqn.params as PrimitiveParams["scan"];
    const split = hoisted(p.body, p.numConsts)!;
    expect(split.pre.equations.map((e) => e.primitive)).toEqual(["exp", "add", "broadcast_in_dim"]);
    expect(split.loop.equations.map((e) => e.primitive)).not.toContain("exp");
    expect(hoisted(p.body, p.numConsts)).toBe(split); // made once per body
  });

  it("gives the reference's results bit for bit, eagerly and under jit(grad)", () => {
    const g = (x: Tensor): Tensor => np.sum(f(x)[0]!);
    const got = [...f(seq), jit(valueAndGrad(g))(seq)[1] as Tensor];
    installBackend(referenceLoops);
    const want = [...f(seq), jit(valueAndGrad(g))(seq)[1] as Tensor];
    expect(sameTensors(got, want)).toBe(true);
  });
});
