/**
 * The execution seam: eager evaluation and jit's top-level calls go through the installed backend,
 * and a lowering table entry of `REFERENCE` runs the primitive's reference kernel (its `impl`) —
 * giving the same bits as the CPU backend's generated loops, both checked against Math's own
 * functions rounded to float32.
 */
import { afterEach, describe, expect, it } from "vitest";
import { REFERENCE, type Backend } from "../../src/backend/backend.js";
import { cpuBackend, makeCpuBackend } from "../../src/backend/cpu/cpu-backend.js";
import { planSteps } from "../../src/backend/cpu/describe-plan.js";
import { CPU_LOWERINGS, type CpuLoweringTable } from "../../src/backend/cpu/lowering.js";
import { currentBackend, installBackend } from "../../src/backend/current.js";
import { type Tensor, jit, np, trace } from "../../src/index.js";
import { mulberry32 } from "../kernels/reference.js";

afterEach(() => installBackend(cpuBackend));

const rnd = mulberry32(11);
const xs = Float32Array.from({ length: 257 }, () => (rnd() * 2 - 1) * 10);
const ys = Float32Array.from({ length: 257 }, () => (rnd() * 2 - 1) * 10);
/** The closed form, rounded where a float32 kernel stores: fround(sin(x) + x·y) per element. */
const expected = Array.from(xs, (x, i) => Math.fround(Math.fround(Math.sin(x)) + Math.fround(x * ys[i]!)));
const f = (x: Tensor, y: Tensor): Tensor => np.add(np.sin(x), np.mul(x, y));

/** The float32 bits of `a`, so that -0, NaN payloads and the last place all count. */
const bits = (a: ArrayLike<number>): number[] => Array.from(new Uint32Array(Float32Array.from(a).buffer));

describe("the installed backend", () => {
  it("is the CPU backend once the package root is loaded", () => {
    expect(currentBackend()).toBe(cpuBackend);
    expect(currentBackend().name).toBe("cpu");
  });

  it("runs every eager op (execute) and jit's top-level call (compile)", () => {
    const seen: string[] = [];
    const watching: Backend = {
      ...cpuBackend,
      execute: (prim, inputs, params, outAvals) => {
        seen.push(`execute ${prim.name}`);
        return cpuBackend.execute(prim, inputs, params, outAvals);
      },
      compile: (g) => {
        seen.push("compile");
        return cpuBackend.compile(g);
      },
    };
    installBackend(watching);
    const x = np.array(xs), y = np.array(ys);
    expect(bits(f(x, y).toArray() as number[])).toEqual(bits(expected));
    expect(seen).toEqual(["execute sin", "execute mul", "execute add"]);
    seen.length = 0;
    expect(bits(jit(f)(x, y).toArray() as number[])).toEqual(bits(expected));
    expect(seen).toEqual(["compile"]);
  });

  it("a CPU buffer is the typed array itself: upload and read copy nothing", () => {
    const data = Float32Array.of(1, 2);
    expect(cpuBackend.read(cpuBackend.upload(data, "float32"))).toBe(data);
  });
});

describe("REFERENCE in a lowering table", () => {
  const table: CpuLoweringTable = { ...CPU_LOWERINGS, sin: REFERENCE, add: REFERENCE };
  const reference = makeCpuBackend(table);

  it("runs the primitive's reference kernel eagerly, with the generated loop's bits", () => {
    const x = np.array(xs), y = np.array(ys);
    const generated = f(x, y).toArray() as number[];
    installBackend(reference);
    const referenced = f(x, y).toArray() as number[];
    expect(bits(referenced)).toEqual(bits(expected));
    expect(bits(referenced)).toEqual(bits(generated));
  });

  it("leaves the primitive out of fused loops, and jit still gives the same bits", () => {
    const g = trace(f)(np.array(xs), np.array(ys));
    expect(planSteps(g).map((s) => s.kind)).toEqual(["fused"]);
    // sin and add run as their reference kernels; mul, alone between them, as its generated loop.
    expect(planSteps(g, table).map((s) => (s.kind === "kernel" ? s.primitive : s.kind))).toEqual(["sin", "mul", "add"]);
    installBackend(reference);
    expect(bits(jit(f)(np.array(xs), np.array(ys)).toArray() as number[])).toEqual(bits(expected));
  });

  it("the table drives both eager dispatch and compiled plans", () => {
    const calls: string[] = [];
    const mul = CPU_LOWERINGS.mul;
    if (mul === REFERENCE || mul.kernel === undefined) throw new Error("mul has a generated kernel on the CPU");
    const mulKernel = mul.kernel;
    // mul lowered by a counting kernel and not fused, so a plan runs it as its own step.
    const counting = makeCpuBackend({
      ...table,
      mul: { kernel: (ins, p, outs) => (calls.push("mul"), mulKernel(ins, p, outs)) },
    });
    installBackend(counting);
    expect(bits(f(np.array(xs), np.array(ys)).toArray() as number[])).toEqual(bits(expected));
    expect(calls).toEqual(["mul"]);
    expect(bits(jit(f)(np.array(xs), np.array(ys)).toArray() as number[])).toEqual(bits(expected));
    expect(calls).toEqual(["mul", "mul"]);
  });

  it("every primitive has an entry: leaving one out does not compile", () => {
    const { sin: _dropped, ...withoutSin } = CPU_LOWERINGS;
    // @ts-expect-error — `sin` is missing from the table.
    const incomplete: CpuLoweringTable = withoutSin;
    expect(Object.keys(incomplete)).not.toContain("sin");
  });
});
