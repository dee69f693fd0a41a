/**
 * The vector form of each elementwise primitive a fused loop may hold, for float32 (f32x4) and
 * float64 (f64x2) lanes: given the locals holding its operands, the instructions leaving its
 * result. Float values are lanes of the loop's dtype; bool values are lane masks (all ones where
 * true), as the vector compares produce and `bitselect` consumes.
 *
 * Each form computes what the CPU snippet table (src/backend/cpu/snippets.ts) computes for that op,
 * with its rounding: a float32 snippet is evaluated in float64 and rounded once by `fround`, which
 * for a single IEEE operation (+ − · / √, neg, abs, floor, ceil, nearest, min, max) equals the
 * float32 instruction, so those are bit-identical. Snippets of more than one rounding step in float
 * (rsqrt's 1/√x, integer_pow's repeated squaring) run in float64 lanes and are rounded once, as the
 * snippet is. Transcendentals use the polynomial functions of simd-math-*.ts and are flagged
 * `approximate`: within their stated ulp bounds, not bit-identical. Ops without a form here (pow,
 * rem, atan2, tan, …) make the whole group fall back to the JS loop.
 */
import type { Locals } from "./module.js";
import { simdx } from "./fused-module.js";
import { type Instr, f32x4, f64x2, i32x4, i64x2, local, v128 } from "./opcodes.js";
import { erfF32 } from "./simd-math-f32-erf.js";
import { type SimdUnary, expF32, logF32, logisticF32, tanhF32 } from "./simd-math-f32.js";
import { cosF32, sinF32, viaF64 } from "./simd-math-f32-trig.js";
import { expF64, logF64, logisticF64, tanhF64 } from "./simd-math-f64.js";
import { cosF64, sinF64 } from "./simd-math-f64-trig.js";

/** The float dtypes a fused wasm loop runs over. */
export type LaneType = "float32" | "float64";

/** One op's vector code: operand locals in, the result left on the stack. */
export type VectorOp = (L: Locals, args: readonly number[]) => Instr[];

/** How an equation is computed in a vector loop, and whether its result is approximated. */
export interface VectorForm {
  readonly emit: VectorOp;
  /** True where the result is a polynomial approximation (within a stated ulp bound), not exact. */
  readonly approximate: boolean;
}

/** The per-dtype instructions the forms are written with. */
interface Lanes {
  readonly k: (v: number) => Instr;
  readonly add: Instr; readonly sub: Instr; readonly mul: Instr; readonly div: Instr;
  readonly neg: Instr; readonly abs: Instr; readonly sqrt: Instr;
  readonly min: Instr; readonly max: Instr;
  readonly floor: Instr; readonly ceil: Instr; readonly nearest: Instr;
  readonly eq: Instr; readonly ne: Instr; readonly lt: Instr; readonly le: Instr; readonly gt: Instr; readonly ge: Instr;
  /** The sign bit of every lane. */
  readonly signBit: Instr;
}

const F32: Lanes = {
  k: f32x4.const, add: f32x4.add, sub: f32x4.sub, mul: f32x4.mul, div: f32x4.div, neg: f32x4.neg, abs: f32x4.abs, sqrt: f32x4.sqrt,
  min: f32x4.min, max: f32x4.max, floor: f32x4.floor, ceil: simdx.f32x4Ceil, nearest: f32x4.nearest,
  eq: f32x4.eq, ne: f32x4.ne, lt: f32x4.lt, le: f32x4.le, gt: f32x4.gt, ge: f32x4.ge,
  signBit: i32x4.const(-0x80000000),
};
const F64: Lanes = {
  k: f64x2.const, add: f64x2.add, sub: f64x2.sub, mul: f64x2.mul, div: f64x2.div, neg: f64x2.neg, abs: f64x2.abs, sqrt: simdx.f64x2Sqrt,
  min: f64x2.min, max: f64x2.max, floor: f64x2.floor, ceil: simdx.f64x2Ceil, nearest: f64x2.nearest,
  eq: f64x2.eq, ne: simdx.f64x2Ne, lt: f64x2.lt, le: f64x2.le, gt: simdx.f64x2Gt, ge: simdx.f64x2Ge,
  signBit: i64x2.const(-(2n ** 63n)),
};

/** The lane instructions of `t`. */
export const lanesOf = (t: LaneType): Lanes => (t === "float32" ? F32 : F64);

const get = local.get;
const exact = (emit: VectorOp): VectorForm => ({ emit, approximate: false });
const approx = (f: SimdUnary): VectorForm => ({ emit: (L, [x]) => f(L, x!), approximate: true });
const unary = (op: Instr): VectorForm => exact((_, [x]) => [get(x!), op]);
const binary = (op: Instr): VectorForm => exact((_, [x, y]) => [get(x!), get(y!), op]);

/**
 * x^n by repeated squaring on the f64x2 local `x`, in `powBySquaring`'s order (r·b where its
 * exponent bit is set, then b·b; 1/r for negative n), unrolled for the fixed n. The first r·b is
 * 1·b = b exactly and is not emitted.
 */
function powSquaringF64(L: Locals, x: number, n: number): Instr[] {
  const [b, r] = [L.add(0x7b), L.add(0x7b)];
  const out: Instr[] = [get(x), local.set(b)];
  let started = false;
  for (let e = Math.abs(n); e > 0; ) {
    if (e % 2 === 1) {
      out.push(...(started ? [get(r), get(b), f64x2.mul] : [get(b)]), local.set(r));
      started = true;
    }
    e = Math.floor(e / 2);
    if (e > 0) out.push(get(b), get(b), f64x2.mul, local.set(b));
  }
  return n < 0 ? [...out, f64x2.const(1), get(r), f64x2.div] : [...out, get(r)];
}

/** An f64x2 computation on a float32 loop's values: widened, computed, rounded once (as `fround`). */
const inFloat64 = (t: LaneType, f: (L: Locals, x: number) => Instr[]): VectorOp =>
  t === "float64" ? (L, [x]) => f(L, x!) : (L, [x]) => viaF64(L, x!, f);

/**
 * The vector form of primitive `name` with `params` over `t` lanes, or undefined where it has none.
 *
 * @example `vectorForm("add", {}, "float32")?.approximate` // false
 */
export function vectorForm(name: string, params: Readonly<Record<string, unknown>>, t: LaneType): VectorForm | undefined {
  const F = lanesOf(t);
  const f32 = t === "float32";
  switch (name) {
    case "neg": return unary(F.neg);
    case "abs": return unary(F.abs);
    case "sqrt": return unary(F.sqrt);
    case "floor": return unary(F.floor);
    case "ceil": return unary(F.ceil);
    // roundHalfEven: ties to even, the sign of zero kept (round(−0.4) = −0), as `nearest` does
    case "round": return unary(F.nearest);
    // 1/√x: two roundings in the snippet's float64, then one to float32
    case "rsqrt": return exact(inFloat64(t, (_, x) => [f64x2.const(1), get(x), simdx.f64x2Sqrt, f64x2.div]));
    // ±1 with x's sign where |x| > 0; x itself at ±0 and NaN, as `((x > 0) − (x < 0)) || x`
    case "sign": return exact((_, [x]) => [get(x!), F.signBit, v128.and, F.k(1), v128.or, get(x!), get(x!), F.abs, F.k(0), F.gt, v128.bitselect]);
    case "integer_pow": {
      const y = params.y as number;
      if (y === 0) return exact(() => [F.k(1)]);
      if (y === 1) return exact((_, [x]) => [get(x!)]);
      if (y === 2) return exact((_, [x]) => [get(x!), get(x!), F.mul]);
      return exact(inFloat64(t, (L, x) => powSquaringF64(L, x, y)));
    }
    case "add": return binary(F.add);
    case "sub": return binary(F.sub);
    case "mul": return binary(F.mul);
    case "div": return binary(F.div);
    // Math.max/min: NaN if either is NaN, and −0 < +0 — the IEEE 754-2019 maximum/minimum wasm has
    case "max": return binary(F.max);
    case "min": return binary(F.min);
    case "lt": return binary(F.lt);
    case "le": return binary(F.le);
    case "gt": return binary(F.gt);
    case "ge": return binary(F.ge);
    case "eq": return binary(F.eq);
    case "ne": return binary(F.ne);
    // x − x is 0 exactly for finite x, NaN for ±∞ and NaN
    case "is_finite": return exact((_, [x]) => [get(x!), get(x!), F.sub, F.k(0), F.eq]);
    case "select": return exact((_, [c, a, b]) => [get(a!), get(b!), get(c!), v128.bitselect]);
    case "exp": return approx(f32 ? expF32 : expF64);
    case "log": return approx(f32 ? logF32 : logF64);
    case "tanh": return approx(f32 ? tanhF32 : tanhF64);
    case "logistic": return approx(f32 ? logisticF32 : logisticF64);
    case "sin": return approx(f32 ? sinF32 : sinF64);
    case "cos": return approx(f32 ? cosF32 : cosF64);
    case "erf": return f32 ? approx(erfF32) : undefined;
    default: return undefined;
  }
}

/** The primitives whose vector form is an approximation (on some lane type). */
export const APPROXIMATED: ReadonlySet<string> = new Set(["exp", "log", "tanh", "logistic", "sin", "cos", "erf"]);
