// Unary elementwise kernels against naive per-element references, with and without code generation.
import { describe, it, expect, afterEach, beforeEach } from "vitest";
import fc from "fast-check";
import { allocate, type DType, type DataArray } from "../../src/tensor/dtype.js";
import { unary as referenceUnary, type UnaryKernel } from "../../src/tensor/kernels/elementwise.js";
import { cpuUnary } from "../../src/backend/cpu/elementwise.js";
import { compileCached, setCodegenEnabled } from "../../src/backend/cpu/codegen.js";
import { FC, mulberry32 } from "./reference.js";

const FLOAT_SPECIALS = [NaN, Infinity, -Infinity, -0, 0, 0.5, -0.5, 1.5, -1.5, 2.5, 1, -1, 1e-310, 700, -745];
const INT_SPECIALS = [0, 1, -1, 2, -2, 2147483647, -2147483648, 31, 32, 46341];

function randomData(dtype: DType, n: number, rnd: () => number): DataArray {
  const out = allocate(dtype, n);
  for (let i = 0; i < n; i++) {
    const u = rnd();
    if (dtype === "bool") out[i] = u < 0.5 ? 1 : 0;
    else if (dtype === "uint32") {
      out[i] = u < 0.15 ? [0, 1, 2147483648, 4294967295][Math.floor(rnd() * 4)]! : Math.floor(rnd() * (u < 0.6 ? 20 : 2 ** 32));
    } else if (dtype === "int32") {
      out[i] = u < 0.15 ? INT_SPECIALS[Math.floor(rnd() * INT_SPECIALS.length)]! : Math.floor((rnd() * 2 - 1) * (u < 0.6 ? 20 : 2 ** 31));
    } else {
      out[i] = u < 0.15 ? FLOAT_SPECIALS[Math.floor(rnd() * FLOAT_SPECIALS.length)]! : (rnd() * 2 - 1) * (u < 0.7 ? 4 : 1000);
    }
  }
  return out;
}

const wrap32 = (v: number): number => Number(BigInt.asIntN(32, BigInt(v)));

/** Round half to even, written the slow obvious way. */
function roundRef(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  let r = d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
  if (r === 0 && (x < 0 || Object.is(x, -0))) r = -0;
  return r;
}

/** erf by its Taylor series (|x| < 2.5) or erfc's continued fraction (|x| ≥ 2.5); ~1e-14 absolute. */
function erfRef(x: number): number {
  if (x !== x) return NaN;
  const ax = Math.abs(x);
  if (ax < 2.5) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (-x * x) / n;
      sum += term / (2 * n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(x) = exp(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated bottom-up.
  let k = ax;
  for (let n = 2000; n >= 1; n--) k = ax + n / 2 / k;
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / k;
  return Math.sign(x) * (1 - erfc);
}

/** The value `op` should produce for one element, computed independently of the kernel. */
function refUnary(op: UnaryKernel, x: number, outDtype: DType): number {
  const int = outDtype === "int32";
  if (outDtype === "uint32") {
    switch (op) {
      case "neg": return Number(BigInt.asUintN(32, -BigInt(x)));
      case "square": return Number(BigInt.asUintN(32, BigInt(x) * BigInt(x)));
      case "reciprocal": return x === 1 ? 1 : 0;
      case "not": return 4294967295 - x;
      case "sign": return x > 0 ? 1 : 0;
      default: break; // abs, floor, ceil, round and the bit counts as for int32
    }
  }
  switch (op) {
    case "population_count": return [...(x >>> 0).toString(2)].filter((c) => c === "1").length;
    case "clz": return x === 0 ? 32 : 32 - (x >>> 0).toString(2).length;
    case "neg": return int ? wrap32(-x) : -x;
    case "abs": return int ? wrap32(Math.abs(x)) : Math.abs(x);
    case "sign": return x > 0 ? 1 : x < 0 ? -1 : x;
    case "floor": return Math.floor(x);
    case "ceil": return Math.ceil(x);
    case "round": return roundRef(x);
    case "square": return int ? Number(BigInt.asIntN(32, BigInt(x) * BigInt(x))) : x * x;
    case "reciprocal": return int ? (x === 0 ? 0 : Math.trunc(1 / x)) : 1 / x;
    case "not": return int ? ~x : x === 0 ? 1 : 0;
    case "is_finite": return Number.isFinite(x) ? 1 : 0;
    case "logistic": return 0.5 * (1 + Math.tanh(x / 2));
    case "erf": return erfRef(x);
    case "rsqrt": return 1 / Math.sqrt(x);
    case "cbrt": return Math.cbrt(x);
    case "exp2": return 2 ** x;
    default: return Math[op](x);
  }
}

const FLOAT_OPS: UnaryKernel[] = [
  "neg", "sin", "cos", "tan", "tanh", "exp", "log", "log1p", "expm1", "sqrt", "rsqrt", "abs", "sign",
  "floor", "ceil", "round", "logistic", "square", "reciprocal", "erf", "asin", "acos", "atan", "sinh",
  "cosh", "asinh", "acosh", "atanh", "cbrt", "exp2",
];
const INT_OPS: UnaryKernel[] = ["neg", "abs", "sign", "floor", "ceil", "round", "square", "reciprocal", "not", "population_count", "clz"];
/** Ops whose reference uses another formula, compared with a tolerance. */
const APPROX: ReadonlySet<UnaryKernel> = new Set<UnaryKernel>(["logistic", "erf"]);

function storeRef(v: number, dtype: DType): number {
  return dtype === "float32" ? Math.fround(v) : dtype === "bool" ? (v !== 0 ? 1 : 0) : v;
}

function checkOp(op: UnaryKernel, inDtype: DType, outDtype: DType, x: DataArray): void {
  const out = unary(op, x, outDtype);
  expect(out).toBeInstanceOf(allocate(outDtype, 0).constructor);
  expect(out.length).toBe(x.length);
  for (let i = 0; i < x.length; i++) {
    const want = storeRef(refUnary(op, x[i]!, outDtype), outDtype);
    const got = out[i]!;
    const same = got === want || (got !== got && want !== want);
    if (same) continue;
    const tol = APPROX.has(op) ? (outDtype === "float32" ? 1.2e-7 * Math.abs(want) + 1e-12 : 1e-12 * Math.abs(want) + 1e-13) : 0;
    if (!(Math.abs(got - want) <= tol)) {
      throw new Error(`${op} ${inDtype}->${outDtype} at x=${x[i]}: got ${got}, want ${want}`);
    }
  }
}

const cases: [UnaryKernel, DType, DType][] = [
  ...FLOAT_OPS.flatMap((op): [UnaryKernel, DType, DType][] => [[op, "float32", "float32"], [op, "float64", "float64"]]),
  ...INT_OPS.flatMap((op): [UnaryKernel, DType, DType][] => [[op, "int32", "int32"], [op, "uint32", "uint32"]]),
  ["is_finite", "float32", "bool"], ["is_finite", "float64", "bool"], ["is_finite", "int32", "bool"],
  ["not", "bool", "bool"], ["is_finite", "bool", "bool"], ["abs", "bool", "bool"],
];


/**
 * The forms of the kernel under test: the CPU backend's generated loops (and its fallback when code
 * generation is off), and the reference kernel primitives' `impl` runs. All must give the same bits.
 */
const FORMS = [
  { name: "CPU backend, generated loops", run: cpuUnary, codegen: true },
  { name: "CPU backend without code generation", run: cpuUnary, codegen: false },
  { name: "reference kernel", run: referenceUnary, codegen: true },
] as const;
let unary: typeof referenceUnary = referenceUnary;

afterEach(() => {
  setCodegenEnabled(true);
});

for (const form of FORMS) {
  describe(`unary vs per-element reference (${form.name})`, () => {
    const codegen = form.codegen;
    beforeEach(() => {
      unary = form.run;
    });
    it("matches the per-element reference for every op and dtype", () => {
      setCodegenEnabled(codegen);
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 40 }), fc.integer(), (n, seed) => {
          const rnd = mulberry32(seed);
          for (const [op, inD, outD] of cases) checkOp(op, inD, outD, randomData(inD, n, rnd));
        }),
        FC,
      );
    });
  });
}

for (const form of FORMS) {
describe(`unary closed forms (${form.name})`, () => {
  beforeEach(() => {
    unary = form.run;
    setCodegenEnabled(form.codegen);
  });
  const f64 = (...v: number[]) => Float64Array.from(v);
  it("erf matches high-precision values to ~1e-16", () => {
    const table: [number, number][] = [
      [1e-300, 1.1283791670955126e-300], [1e-8, 1.1283791670955125599e-8], [0.001, 0.0011283787909692364034],
      [0.1, 0.1124629160182848984], [0.25, 0.27632639016823693299], [0.46875, 0.49261347321793799159],
      [0.47, 0.49374505088608211241], [0.5, 0.5204998778130465], [0.75, 0.7111556336535151316],
      [1, 0.84270079294971486934], [1.5, 0.96610514647531072707], [2, 0.99532226501895273416],
      [3, 0.99997790950300141456], [3.99, 0.99999998326078863548], [4, 0.99999998458274209972],
      [4.01, 0.99999998580306057863], [5, 0.99999999999846254021], [6, 0.99999999999999997848], [27, 1],
    ];
    const xs = f64(...table.map(([x]) => x), ...table.map(([x]) => -x));
    const out = unary("erf", xs, "float64");
    table.forEach(([x, want], i) => {
      expect(Math.abs(out[i]! - want) / want, `erf(${x})`).toBeLessThan(5e-16);
      expect(out[i + table.length]).toBe(-out[i]!);
    });
    expect(Array.from(unary("erf", f64(Infinity, -Infinity, NaN, -0), "float64"))).toEqual([1, -1, NaN, -0]);
    expect(unary("erf", Float32Array.of(0.5), "float32")[0]).toBe(Math.fround(0.5204998778130465));
  });
  it("round is half-to-even and keeps the sign of zero", () => {
    const out = unary("round", f64(2.5, -0.5, 0.5, 1.5, -1.5, -2.5, 3.5, -0.4, 0.49999999999999994, 2 ** 52 + 1, 2 ** 51 + 0.5, 2 ** 51 + 1.5, Infinity, NaN), "float64");
    expect(Array.from(out)).toEqual([2, -0, 0, 2, -2, -2, 4, -0, 0, 2 ** 52 + 1, 2 ** 51, 2 ** 51 + 2, Infinity, NaN]);
    expect(Object.is(out[1], -0)).toBe(true);
    expect(Object.is(out[7], -0)).toBe(true);
    expect(Object.is(out[2], 0)).toBe(true);
  });
  it("sign: NaN stays NaN, -0 stays -0", () => {
    const out = unary("sign", f64(-3, 0, -0, NaN, 7, -Infinity), "float64");
    expect(Array.from(out)).toEqual([-1, 0, -0, NaN, 1, -1]);
    expect(Object.is(out[2], -0)).toBe(true);
  });
  it("logistic is stable at the extremes", () => {
    const out = unary("logistic", f64(-1000, 1000, 0, -Infinity, Infinity, NaN), "float64");
    expect(Array.from(out)).toEqual([0, 1, 0.5, 0, 1, NaN]);
    expect(Array.from(unary("logistic", Float32Array.of(-1000, 1000, -88.8), "float32")).every((v) => !Number.isNaN(v))).toBe(true);
  });
  it("int32 neg/abs wrap; not is logical on bool and bitwise on int32; is_finite gives bool", () => {
    expect(Array.from(unary("neg", Int32Array.of(-2147483648, 5), "int32"))).toEqual([-2147483648, -5]);
    expect(Array.from(unary("abs", Int32Array.of(-2147483648, -5), "int32"))).toEqual([-2147483648, 5]);
    expect(Array.from(unary("not", Uint8Array.of(0, 1), "bool"))).toEqual([1, 0]);
    expect(Array.from(unary("not", Int32Array.of(0, 5), "int32"))).toEqual([-1, -6]);
    const fin = unary("is_finite", f64(1, NaN, Infinity, -Infinity, -0), "bool");
    expect(fin).toBeInstanceOf(Uint8Array);
    expect(Array.from(fin)).toEqual([1, 0, 0, 0, 1]);
  });
  it("returns a fresh array and leaves the input alone", () => {
    const x = Float32Array.of(1, 2, 3);
    const out = unary("neg", x, "float32");
    expect(out).not.toBe(x);
    expect(Array.from(x)).toEqual([1, 2, 3]);
    expect(unary("exp", new Float32Array(0), "float32").length).toBe(0);
  });
});
}

describe("code generation", () => {
  it("compiles with helpers in scope and caches by the whole source", () => {
    const helpers = { twice: (x: number) => 2 * x };
    const f = compileCached<(x: number) => number>("t_twice", helpers, "return (x) => twice(x) + 1;");
    expect(f?.(4)).toBe(9);
    expect(compileCached("t_twice", helpers, "return (x) => twice(x) + 1;")).toBe(f);
    // The same label with another body is another function, never the cached one.
    expect(compileCached<(x: number) => number>("t_twice", helpers, "return (x) => twice(x) + 2;")?.(4)).toBe(10);
  });
  it("does not hide a broken snippet behind the fallback", () => {
    expect(() => compileCached("t_broken", {}, "return (x) => x +;")).toThrow(SyntaxError);
    expect(compileCached<() => number>("t_after", {}, "return () => 1;")?.()).toBe(1);
  });

  it("rejects cache keys that are not plain identifiers", () => {
    for (const bad of ["x\n", "*/", "a b", "}); process.exit(1); ((", "\u2028"]) {
      expect(() => compileCached(bad, {}, "return 1;")).toThrow(/bad kernel cache key/);
    }
  });
});
