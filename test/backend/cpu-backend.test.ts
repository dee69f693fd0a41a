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
import { cpuBinary, cpuUnary } from "../../src/backend/cpu/elementwise.js";
import { type DType, type DataArray, allocate } from "../../src/tensor/dtype.js";
import { type BinaryKernel, binary as referenceBinary } from "../../src/tensor/kernels/binary.js";
import { type UnaryKernel, unary as referenceUnary } from "../../src/tensor/kernels/unary.js";
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

describe("the CPU backend's generated loops and the reference kernels", () => {
  // Typed over every kernel name, so a new kernel must be listed here.
  const UNARY: { readonly [K in UnaryKernel]: true } = {
    neg: true, sin: true, cos: true, tan: true, tanh: true, exp: true, log: true, log1p: true, expm1: true, sqrt: true,
    rsqrt: true, abs: true, sign: true, floor: true, ceil: true, round: true, logistic: true, not: true, square: true,
    reciprocal: true, erf: true, asin: true, acos: true, atan: true, sinh: true, cosh: true, asinh: true, acosh: true,
    atanh: true, is_finite: true, cbrt: true, exp2: true, population_count: true, clz: true,
  };
  const BINARY: { readonly [K in BinaryKernel]: true } = {
    add: true, sub: true, mul: true, div: true, pow: true, max: true, min: true, rem: true, atan2: true, and: true,
    or: true, lt: true, le: true, gt: true, ge: true, eq: true, ne: true, shift_right_logical: true,
    xor: true, shift_left: true, shift_right_arithmetic: true,
  };
  const DTYPES: readonly DType[] = ["float32", "float64", "int32", "uint32", "bool"];
  const COMPARISONS: ReadonlySet<BinaryKernel> = new Set<BinaryKernel>(["lt", "le", "gt", "ge", "eq", "ne"]);
  const r = mulberry32(5);
  const specials = [NaN, Infinity, -Infinity, -0, 0, 0.5, -0.5, 2.5, 1, -1, 2147483647, -2147483648, 31, 32, 700];
  const data = (dtype: DType): DataArray => {
    const out = allocate(dtype, 64);
    for (let i = 0; i < 64; i++) out[i] = i < specials.length ? specials[i]! : (r() * 2 - 1) * (i % 2 === 0 ? 5 : 1e4);
    return out;
  };
  /** Exact equality of every element's value, -0 and NaN included. */
  const same = (a: DataArray, b: DataArray): boolean => a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));

  it("give the same bits for every unary op and dtype", () => {
    const bad: string[] = [];
    for (const op of Object.keys(UNARY) as UnaryKernel[]) {
      // The dtypes a primitive can bind: the input's own, or bool for a predicate.
      for (const inD of DTYPES) for (const outD of op === "is_finite" ? (["bool"] as const) : [inD]) {
        const x = data(inD);
        if (!same(cpuUnary(op, x, outD), referenceUnary(op, x, outD))) bad.push(`${op} ${inD}->${outD}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("give the same bits for every binary op, dtype and broadcast", () => {
    const bad: string[] = [];
    for (const op of Object.keys(BINARY) as BinaryKernel[]) {
      for (const inD of DTYPES) for (const outD of COMPARISONS.has(op) ? (["bool"] as const) : [inD]) {
        const a = data(inD), b = data(inD);
        const cases: [DataArray, number[], DataArray, number[], number[]][] = [
          [a, [64], b, [64], [64]], [a.subarray(0, 1), [], b, [64], [64]], [a, [64], b.subarray(0, 1), [], [64]],
          [a, [8, 8], b.subarray(0, 8), [8], [8, 8]],
        ];
        for (const [x, xs, y, ys, out] of cases) {
          if (!same(cpuBinary(op, x, xs, y, ys, out, outD), referenceBinary(op, x, xs, y, ys, out, outD))) bad.push(`${op} ${inD}->${outD} ${xs}|${ys}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});
