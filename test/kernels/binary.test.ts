// Binary elementwise kernels: numpy broadcasting and per-dtype semantics against a naive reference.
import { describe, it, expect, afterEach, beforeEach } from "vitest";
import fc from "fast-check";
import { allocate, type DType, type DataArray } from "../../src/tensor/dtype.js";
import { binary as referenceBinary, type BinaryKernel } from "../../src/tensor/kernels/elementwise.js";
import { cpuBinary } from "../../src/backend/cpu/elementwise.js";
import { setCodegenEnabled } from "../../src/backend/cpu/codegen.js";
import { FC, broadcastIndex, mulberry32, sizeOf, unravel } from "./reference.js";

const FLOAT_SPECIALS = [NaN, Infinity, -Infinity, -0, 0, 0.5, -0.5, 1, -1, 2, 3];
const INT_SPECIALS = [0, 1, -1, 2, -2, 2147483647, -2147483648, 31, 32, 33, 3];
const UINT_SPECIALS = [0, 1, 2, 3, 31, 32, 33, 2147483647, 2147483648, 4294967295, 4294967294];

function randomData(dtype: DType, n: number, rnd: () => number): DataArray {
  const out = allocate(dtype, n);
  for (let i = 0; i < n; i++) {
    const u = rnd();
    if (dtype === "bool") out[i] = u < 0.5 ? 1 : 0;
    else if (dtype === "int32") {
      out[i] = u < 0.2 ? INT_SPECIALS[Math.floor(rnd() * INT_SPECIALS.length)]! : Math.floor((rnd() * 2 - 1) * (u < 0.6 ? 10 : 2 ** 31));
    } else if (dtype === "uint32") {
      out[i] = u < 0.2 ? UINT_SPECIALS[Math.floor(rnd() * UINT_SPECIALS.length)]! : Math.floor(rnd() * (u < 0.6 ? 40 : 2 ** 32));
    } else {
      out[i] = u < 0.2 ? FLOAT_SPECIALS[Math.floor(rnd() * FLOAT_SPECIALS.length)]! : (rnd() * 2 - 1) * (u < 0.7 ? 4 : 100);
    }
  }
  return out;
}

const big = (v: number): bigint => BigInt(v);
const i32 = (v: bigint): number => Number(BigInt.asIntN(32, v));
const u32 = (v: bigint): number => Number(BigInt.asUintN(32, v));

function intPowRef(x: number, y: number): number {
  if (y < 0) return x === 1 ? 1 : x === -1 ? (y % 2 === 0 ? 1 : -1) : 0;
  let r = 1n;
  let b = big(x);
  let e = y;
  while (e > 0) {
    if (e % 2 === 1) r = BigInt.asIntN(32, r * b);
    b = BigInt.asIntN(32, b * b);
    e = Math.floor(e / 2);
  }
  return i32(r);
}

/** What `op` gives for one pair of elements, written independently of the kernel's snippets. */
function refBinary(op: BinaryKernel, x: number, y: number, outDtype: DType): number {
  if (outDtype === "uint32") return refUint(op, x, y);
  const int = outDtype === "int32" || outDtype === "bool";
  switch (op) {
    case "add": return int ? i32(big(x) + big(y)) : x + y;
    case "sub": return int ? i32(big(x) - big(y)) : x - y;
    case "mul": return int ? i32(big(x) * big(y)) : x * y;
    case "div": return int ? (y === 0 ? 0 : i32(big(x) / big(y))) : x / y; // BigInt division truncates
    case "rem": return int ? (y === 0 ? 0 : i32(big(x) % big(y))) : x % y;
    case "pow":
      if (int) return intPowRef(x, y);
      if (x === 1 || y === 0) return 1;
      if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
      return Math.pow(x, y);
    case "max": return Number.isNaN(x) || Number.isNaN(y) ? NaN : x > y ? x : y;
    case "min": return Number.isNaN(x) || Number.isNaN(y) ? NaN : x < y ? x : y;
    case "atan2": return Math.atan2(x, y);
    case "and": return outDtype === "int32" ? x & y : x !== 0 && y !== 0 ? 1 : 0;
    case "or": return outDtype === "int32" ? x | y : x !== 0 || y !== 0 ? 1 : 0;
    case "lt": return x < y ? 1 : 0;
    case "le": return x <= y ? 1 : 0;
    case "gt": return x > y ? 1 : 0;
    case "ge": return x >= y ? 1 : 0;
    case "eq": return x === y ? 1 : 0;
    case "ne": return x !== y ? 1 : 0;
    case "xor": return outDtype === "int32" ? x ^ y : (x !== 0) !== (y !== 0) ? 1 : 0;
    // Amounts outside [0, 32), negative ones included, shift every bit out (XLA).
    case "shift_left": return y < 0 || y >= 32 ? 0 : i32(big(x) << big(y));
    case "shift_right_arithmetic": return y < 0 || y >= 32 ? (x < 0 ? -1 : 0) : i32(big(x) >> big(y));
    case "shift_right_logical": {
      const s = y >>> 0;
      return s >= 32 ? 0 : i32(big(x >>> 0) >> big(s));
    }
  }
}

/** uint32 semantics in BigInt: wrapping mod 2^32; XLA's x / 0 = 2^32 − 1 and x % 0 = x. */
function refUint(op: BinaryKernel, x: number, y: number): number {
  const X = big(x), Y = big(y);
  switch (op) {
    case "add": return u32(X + Y);
    case "sub": return u32(X - Y);
    case "mul": return u32(X * Y);
    case "div": return y === 0 ? 4294967295 : u32(X / Y);
    case "rem": return y === 0 ? x : u32(X % Y);
    case "pow": {
      let r = 1n;
      for (let e = 0; e < Math.min(y, 64); e++) r = BigInt.asUintN(32, r * X);
      // x^y for y ≥ 64: only 0, 1 and odd/even patterns matter; compute by squaring instead.
      if (y >= 64) {
        r = 1n;
        let b = X, e = Y;
        while (e > 0n) { if (e & 1n) r = BigInt.asUintN(32, r * b); b = BigInt.asUintN(32, b * b); e >>= 1n; }
      }
      return u32(r);
    }
    case "max": return Math.max(x, y);
    case "min": return Math.min(x, y);
    case "and": return u32(X & Y);
    case "or": return u32(X | Y);
    case "xor": return u32(X ^ Y);
    case "shift_left": return y >= 32 ? 0 : u32(X << Y);
    case "shift_right_arithmetic": {
      const signed = BigInt.asIntN(32, X);
      return u32(y >= 32 ? (signed < 0n ? -1n : 0n) : signed >> Y);
    }
    case "shift_right_logical": return y >= 32 ? 0 : u32(X >> Y);
    default: throw new Error(`no uint32 row for ${op}`);
  }
}

function storeRef(v: number, dtype: DType): number {
  return dtype === "float32" ? Math.fround(v) : dtype === "bool" ? (v !== 0 ? 1 : 0) : v;
}

const ARITH: BinaryKernel[] = ["add", "sub", "mul", "div", "pow", "max", "min", "rem"];
const CMP: BinaryKernel[] = ["lt", "le", "gt", "ge", "eq", "ne"];
const BITWISE: BinaryKernel[] = ["and", "or", "xor", "shift_left", "shift_right_arithmetic", "shift_right_logical"];
const cases: [BinaryKernel, DType, DType][] = [
  ...[...ARITH, "atan2" as const].flatMap((op): [BinaryKernel, DType, DType][] => [[op, "float32", "float32"], [op, "float64", "float64"]]),
  ...[...ARITH, ...BITWISE].flatMap((op): [BinaryKernel, DType, DType][] => [[op, "int32", "int32"], [op, "uint32", "uint32"]]),
  ...CMP.flatMap((op): [BinaryKernel, DType, DType][] => [[op, "float32", "bool"], [op, "float64", "bool"], [op, "int32", "bool"], [op, "uint32", "bool"], [op, "bool", "bool"]]),
  ["and", "bool", "bool"], ["or", "bool", "bool"], ["xor", "bool", "bool"], ["max", "bool", "bool"], ["mul", "bool", "bool"], ["add", "bool", "bool"],
];

/** An output shape and two operand shapes that broadcast to it (suffixes with some dims set to 1). */
const dimArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 3, arbitrary: fc.constant(1) },
  { weight: 8, arbitrary: fc.integer({ min: 2, max: 5 }) },
);
const operandArb = (out: number[]) =>
  fc.tuple(fc.integer({ min: 0, max: out.length }), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }))
    .map(([drop, ones]) => out.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)));
const shapesArb = fc.array(dimArb, { maxLength: 4 }).chain((out) =>
  fc.tuple(fc.constant(out), operandArb(out), operandArb(out), fc.integer()),
);

function checkBroadcast(op: BinaryKernel, inD: DType, outD: DType, out: number[], aS: number[], bS: number[], rnd: () => number): void {
  const a = randomData(inD, sizeOf(aS), rnd);
  const b = randomData(inD, sizeOf(bS), rnd);
  const aCopy = a.slice();
  const got = binary(op, a, aS, b, bS, out, outD);
  expect(got).toBeInstanceOf(allocate(outD, 0).constructor);
  expect(got.length).toBe(sizeOf(out));
  for (let i = 0; i < got.length; i++) {
    const idx = unravel(i, out);
    const x = a[broadcastIndex(idx, aS)]!;
    const y = b[broadcastIndex(idx, bS)]!;
    const want = storeRef(refBinary(op, x, y, outD), outD);
    const g = got[i]!;
    if (!(g === want || (g !== g && want !== want))) {
      throw new Error(`${op} ${inD}->${outD} [${aS}]x[${bS}]->[${out}] at ${i}: ${x} ${y} got ${g} want ${want}`);
    }
  }
  expect(a).toEqual(aCopy); // the input is not mutated
}


/**
 * The forms of the kernel under test: the CPU backend's generated loops (and its fallback when code
 * generation is off), and the reference kernel primitives' `impl` runs. All must give the same bits.
 */
const FORMS = [
  { name: "CPU backend, generated loops", run: cpuBinary, codegen: true },
  { name: "CPU backend without code generation", run: cpuBinary, codegen: false },
  { name: "reference kernel", run: referenceBinary, codegen: true },
] as const;
let binary: typeof referenceBinary = referenceBinary;

afterEach(() => {
  setCodegenEnabled(true);
});

for (const form of FORMS) {
  describe(`binary vs per-element reference (${form.name})`, () => {
    const codegen = form.codegen;
    beforeEach(() => {
      binary = form.run;
    });
    it("broadcasts like numpy and matches per-element semantics for all ops and dtypes", () => {
      setCodegenEnabled(codegen);
      fc.assert(
        fc.property(shapesArb, ([out, aS, bS, seed]) => {
          const rnd = mulberry32(seed);
          for (const [op, inD, outD] of cases) checkBroadcast(op, inD, outD, out, aS, bS, rnd);
        }),
        FC,
      );
    });
    it("takes the equal-shape and scalar fast paths correctly", () => {
      setCodegenEnabled(codegen);
      const rnd = mulberry32(7);
      for (const [op, inD, outD] of cases) {
        checkBroadcast(op, inD, outD, [3, 4], [3, 4], [3, 4], rnd);
        checkBroadcast(op, inD, outD, [3, 4], [], [3, 4], rnd);
        checkBroadcast(op, inD, outD, [3, 4], [3, 4], [1, 1], rnd);
        checkBroadcast(op, inD, outD, [], [], [], rnd);
      }
    });
  });
}

for (const form of FORMS) {
describe(`binary closed forms (${form.name})`, () => {
  beforeEach(() => {
    binary = form.run;
    setCodegenEnabled(form.codegen);
  });
  const i = (...v: number[]) => Int32Array.from(v);
  const run = (op: BinaryKernel, a: DataArray, b: DataArray, outD: DType) =>
    Array.from(binary(op, a, [a.length], b, [b.length], [Math.max(a.length, b.length)], outD));
  it("int32 arithmetic wraps, div truncates toward zero, div/rem by 0 give 0", () => {
    expect(run("add", i(2147483647), i(1), "int32")).toEqual([-2147483648]);
    expect(run("mul", i(65536), i(65536), "int32")).toEqual([0]);
    expect(run("div", i(7, -7, 7, -7, 5), i(2, 2, -2, -2, 0), "int32")).toEqual([3, -3, -3, 3, 0]);
    expect(run("rem", i(7, -7, 7, -7, 5), i(2, 2, -2, -2, 0), "int32")).toEqual([1, -1, 1, -1, 0]);
    expect(run("div", i(-2147483648), i(-1), "int32")).toEqual([-2147483648]);
  });
  it("int32 pow is exact; negative exponents give 0 except for ±1", () => {
    expect(run("pow", i(3, 2, 1, -1, -1, 5, 0, 7), i(13, 31, -5, -3, -4, -1, 0, 0), "int32")).toEqual([1594323, -2147483648, 1, -1, 1, 0, 1, 1]);
  });
  it("float rem has the dividend's sign; max/min propagate NaN; pow(1, NaN) = 1", () => {
    const f = (...v: number[]) => Float64Array.from(v);
    expect(run("rem", f(-5.5, 5.5), f(2, -2), "float64")).toEqual([-1.5, 1.5]);
    expect(run("max", f(NaN, 1, 2), f(1, NaN, 1), "float64")).toEqual([NaN, NaN, 2]);
    expect(run("min", f(NaN, 1, 2), f(1, NaN, 1), "float64")).toEqual([NaN, NaN, 1]);
    expect(run("pow", f(1, -1, NaN, 2), f(NaN, Infinity, 0, -1), "float64")).toEqual([1, 1, 1, 0.5]);
  });
  it("shift_right_logical shifts in zeros and gives 0 for shifts of 32 or more", () => {
    expect(run("shift_right_logical", i(-1, -1, -1, 8, -8), i(28, 32, 100, 1, -1), "int32")).toEqual([15, 0, 0, 4, 0]);
  });
  it("comparisons give bool; NaN compares unequal", () => {
    const out = binary("lt", Float32Array.of(1, NaN), [2], Float32Array.of(2, 1), [2], [2], "bool");
    expect(out).toBeInstanceOf(Uint8Array);
    expect(Array.from(out)).toEqual([1, 0]);
    expect(run("ne", Float32Array.of(NaN), Float32Array.of(NaN), "bool")).toEqual([1]);
  });
  it("broadcasts a column against a row", () => {
    const out = binary("sub", Float32Array.of(10, 20, 30), [3, 1], Float32Array.of(1, 2), [2], [3, 2], "float32");
    expect(Array.from(out)).toEqual([9, 8, 19, 18, 29, 28]);
  });
  it("empty outputs are empty arrays of the right type", () => {
    const out = binary("add", new Float32Array(0), [0, 3], Float32Array.of(1, 2, 3), [3], [0, 3], "float32");
    expect(out).toBeInstanceOf(Float32Array);
    expect(out.length).toBe(0);
  });
});
}

