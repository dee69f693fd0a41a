/**
 * ONNX lowerings of the rejection samplers random_gamma and random_poisson (their kernels:
 * src/tensor/kernels/gamma.ts). The kernels loop per element (gamma) or per key's block (Poisson);
 * here every loop is one vectorised ONNX `Loop` over the whole batch, carrying a mask of the
 * elements (or blocks) still looping: an element whose loop has ended keeps its state, and the Loop
 * ends when the mask is empty — so each element takes exactly the kernel's attempts, drawing the
 * kernel's Threefry words (random.ts spells Threefry out bit for bit) from the kernel's keys, split
 * in the kernel's order.
 *
 * Arithmetic follows the kernels' rounding: float32 work is float32 ONNX ops (a float32 operation
 * and the kernel's double operation rounded by `Math.fround` agree for + − × ÷ of float32 operands),
 * and the transcendentals the kernels take in double (log, sqrt, pow, log1p, lgamma) run in float64
 * and are rounded once to float32, as `Math.fround(Math.log(x))` is. What can differ from the kernel
 * is the last bit of a float64 log/log1p/pow (ONNX Runtime's and V8's are each within an ulp of the
 * exact value, not always the same ulp): float32 results are then the kernel's, bit for bit, unless
 * a double value falls within an ulp of a float32 rounding boundary; float64 gamma samples agree to
 * a few ulps. A rejection decision changes only if such an ulp lands exactly on the comparison's
 * boundary, which the tests have not met.
 */
import { aval, type Aval } from "../../ir/types.js";
import { sizeOf } from "../../tensor/shape.js";
import { F32_GE_5, F32_LT_5, F64_GE_16, F64_LT_16, F64_LT_6_25 } from "../../tensor/kernels/xla-erf-inv.js";
import type { Emitter, Typed } from "../emitter.js";
import type { IndexAval } from "../proto.js";
import { log1pOf } from "./float64-forms.js";
import { type Lowering, lit, where } from "./kit.js";
import { counters, keyWord, threefry, u32 } from "./random.js";
import { lgammaFloat64 } from "./special.js";

type Float = "float32" | "float64";

const FLOAT = 1;
const INT32 = 6;
const DOUBLE = 11;
const BOOL_SCALAR: Aval = { shape: [], dtype: "bool" };
const INT64_SCALAR: IndexAval = { shape: [], dtype: "int64" };

/** A key (or one key per element): its two words, uint32 tensors of one shape. */
type Key = readonly [string, string];

/** Threefry of the counter pair `(0, counter)` under `key`: key `counter` of the key's split. */
const hash = (em: Emitter, key: Key, counter: string): Key => threefry(em, key[0], key[1], u32(em, 0), counter);

/** Key `i` of `split(key, n)` (partitionable: it does not depend on n). */
const split = (em: Emitter, key: Key, i: number): Key => hash(em, key, u32(em, i));

/** True where any element of `v` (bool) is: a Loop's condition. */
function any(em: Emitter, v: string): string {
  const m = em.op("ReduceMax", [em.op("Cast", [v], { to: { i: INT32 } })], { keepdims: { i: 0 } });
  return em.op("Cast", [m], { to: { i: 9 } });
}

/**
 * The kernel's `unitUniformAt(key, counter, d)`: float32 from the word `y0 ^ y1`'s top 23 bits,
 * float64 from the 52 top bits of the 64-bit word `(y0, y1)` — every step exact.
 */
function uniformOf(em: Emitter, key: Key, counter: string, d: Float): string {
  const [y0, y1] = hash(em, key, counter);
  const shr = (x: string, n: number): string => em.op("BitShift", [x, u32(em, n)], { direction: { s: "RIGHT" } });
  if (d === "float32") return em.op("Mul", [em.op("Cast", [shr(em.op("BitwiseXor", [y0, y1]), 9)], { to: { i: FLOAT } }), lit(em, 2 ** -23, d)]);
  const hi = em.op("Mul", [em.op("Cast", [y0], { to: { i: DOUBLE } }), lit(em, 2 ** 20, d)]);
  const lo = em.op("Cast", [shr(y1, 12)], { to: { i: DOUBLE } });
  return em.op("Mul", [em.op("Add", [hi, lo]), lit(em, 2 ** -52, d)]);
}

type V = string | number;

/** Builders in the working dtype `d` (numbers become 0-d constants of `d`, rounded to it as the kernel's `fround`s are). */
class W {
  constructor(
    readonly em: Emitter,
    readonly d: Float,
  ) {}
  v = (x: V): string => (typeof x === "number" ? lit(this.em, x, this.d) : x);
  private bin = (op: string, a: V, b: V): string => this.em.op(op, [this.v(a), this.v(b)]);
  add = (a: V, b: V): string => this.bin("Add", a, b);
  sub = (a: V, b: V): string => this.bin("Sub", a, b);
  mul = (a: V, b: V): string => this.bin("Mul", a, b);
  div = (a: V, b: V): string => this.bin("Div", a, b);
  lt = (a: V, b: V): string => this.bin("Less", a, b);
  le = (a: V, b: V): string => this.bin("LessOrEqual", a, b);
  gt = (a: V, b: V): string => this.bin("Greater", a, b);
  ge = (a: V, b: V): string => this.bin("GreaterOrEqual", a, b);
  eq = (a: V, b: V): string => this.bin("Equal", a, b);
  neg = (a: string): string => this.em.op("Neg", [a]);
  and = (a: string, b: string): string => this.em.op("And", [a, b]);
  or = (a: string, b: string): string => this.em.op("Or", [a, b]);
  not = (a: string): string => this.em.op("Not", [a]);
  /** c ? a : b, for values that are never −0 (ONNX Runtime's float Where may drop a zero's sign). */
  sel = (c: string, a: V, b: V): string => this.em.op("Where", [c, this.v(a), this.v(b)]);
  /** To float64 (exact). */
  wide = (x: string): string => (this.d === "float32" ? this.em.op("Cast", [x], { to: { i: DOUBLE } }) : x);
  /** From float64, rounded once (the kernel's `fround`). */
  narrow = (x: string): string => (this.d === "float32" ? this.em.op("Cast", [x], { to: { i: FLOAT } }) : x);
  /** A float64 function of x, rounded once to d: the kernel's `r(Math.f(x))`. */
  viaDouble = (x: V, f: (x64: string) => string): string => this.narrow(f(this.wide(this.v(x))));
  log = (x: V): string => this.viaDouble(x, (y) => this.em.op("Log", [y]));
  sqrt = (x: V): string => this.viaDouble(x, (y) => this.em.op("Sqrt", [y]));
  /**
   * Math.pow: ONNX's Pow is C's pow, which gives 1 for pow(±1, ±∞) and pow(1, NaN) where
   * JavaScript gives NaN.
   */
  pow = (b: string, e: string): string => {
    const p = this.em.op("Pow", [this.wide(b), this.wide(e)]);
    const jsNaN = this.or(this.em.op("IsNaN", [e]), this.and(this.eq(this.em.op("Abs", [b]), 1), this.em.op("IsInf", [e])));
    return this.narrow(this.em.op("Where", [jsNaN, lit(this.em, NaN, "float64"), p]));
  };
}

/** A Loop carrying `state` (typed), with body `step(sub, state) → [cond, ...next]`; returns the final state. */
function loop(em: Emitter, name: string, cond0: string, state: readonly string[], avals: readonly Aval[], step: (sub: Emitter, s: string[]) => [string, ...string[]]): string[] {
  const formal: Typed[] = avals.map((a) => ({ name: em.fresh(name), aval: a }));
  const body = em.block(name, [{ name: em.fresh("iter"), aval: INT64_SCALAR }, { name: em.fresh("cond_in"), aval: BOOL_SCALAR }, ...formal], (sub) => {
    const [cond, ...next] = step(sub, formal.map((f) => f.name));
    return [{ name: cond, aval: BOOL_SCALAR }, ...next.map((n, k) => ({ name: n, aval: avals[k]! }))];
  });
  const outs = avals.map(() => em.fresh(`${name}_out`));
  em.node("Loop", ["", cond0, ...state], outs, { body: { g: body } });
  return outs;
}

// ---- normals: XLA's erfinv, as the kernel's normalScalar --------------------------------------

const F32_LOW = F32_LT_5.map(Math.fround);
const F32_HIGH = F32_GE_5.map(Math.fround);
/** The float64 branches' coefficients padded at the top with zeros to one length (a zero start leaves Horner's sum 0 until the first real coefficient, then exactly that). */
const F64_BRANCHES = [F64_LT_6_25, F64_LT_16, F64_GE_16].map((c) => [...new Array<number>(F64_LT_6_25.length - c.length).fill(0), ...c]);

/**
 * `normal(key, (), d)` as the kernel draws it: √2 · erfinv(u), u = max(low, 2·uniform + low) in
 * (−1, 1), with XLA's erfinv (Giles' polynomials in w = −log1p(−u²)). |u| < 1 always, so the
 * kernel's ±1 → ±∞ case never arises.
 */
function normalOf(em: Emitter, key: Key, d: Float): string {
  const g = new W(em, d);
  const low = d === "float32" ? Math.fround(-1 + 2 ** -24) : -1 + 2 ** -53;
  const u = em.op("Max", [g.v(low), g.add(g.mul(2, uniformOf(em, key, u32(em, 0), d)), low)]);
  const y = g.mul(u, g.neg(u));
  if (d === "float32") {
    const w0 = g.neg(g.viaDouble(y, (y64) => log1pOf(em, y64, "float64")));
    const lt = g.lt(w0, 5);
    const w64 = g.wide(g.sel(lt, g.sub(w0, 2.5), g.sub(g.sqrt(w0), 3)));
    // XLA fuses each step into a multiply-add: the product is exact in float64, the sum rounds there, then to float32.
    const coef = (i: number): string => em.op("Where", [lt, lit(em, F32_LOW[i]!, "float64"), lit(em, F32_HIGH[i]!, "float64")]);
    let p = coef(0);
    for (let i = 1; i < F32_LOW.length; i++) p = g.wide(g.narrow(em.op("Add", [em.op("Mul", [p, w64]), coef(i)])));
    return g.mul(Math.fround(Math.SQRT2), g.mul(g.narrow(p), u));
  }
  const w0 = g.neg(log1pOf(em, y, "float64"));
  const lt1 = g.lt(w0, 6.25);
  const lt2 = g.lt(w0, 16);
  const sq = g.sqrt(w0);
  const w = g.sel(lt1, g.sub(w0, 3.125), g.sel(lt2, g.sub(sq, 3.25), g.sub(sq, 5)));
  const coef = (i: number): string => g.sel(lt1, F64_BRANCHES[0]![i]!, g.sel(lt2, F64_BRANCHES[1]![i]!, F64_BRANCHES[2]![i]!));
  let p = coef(0);
  for (let i = 1; i < F64_BRANCHES[0]!.length; i++) p = g.add(coef(i), g.mul(p, w));
  return g.mul(Math.SQRT2, g.mul(p, u));
}

// ---- random_gamma --------------------------------------------------------------------------------

/**
 * random_gamma: each element's key is split(key of its block, j); from it, the loop key and the
 * final key (splits 0 and 1). The outer Loop is Marsaglia–Tsang's rejection on every element still
 * rejecting (starting from the kernel's X = 0, V = 1, U = 2, which rejects unless d is not finite);
 * each attempt draws its normal in an inner Loop that redraws where v = 1 + c·x ≤ 0, then U.
 */
const randomGamma: Lowering<"random_gamma"> = (em, e, [keys, alpha], [out]) => {
  const d = e.outputs[0]!.aval.dtype as Float;
  const shape = e.outputs[0]!.aval.shape;
  if (sizeOf(shape) === 0) return em.node("Identity", [alpha!], [out!]);
  const batch = e.inputs[0]!.aval.shape.slice(0, -1);
  const rest = shape.slice(batch.length);
  const w = new W(em, d);
  const full = (v: V): string => em.op("Expand", [w.v(v), em.int64s(shape)]);
  const elementKey = threefry(em, keyWord(em, keys!, batch, 0, rest.length), keyWord(em, keys!, batch, 1, rest.length), u32(em, 0), counters(em, rest));
  const key0 = split(em, elementKey, 0);
  const finalKey = split(em, elementKey, 1);

  const boost = w.ge(alpha!, 1);
  const a = w.sel(boost, alpha!, w.add(alpha!, 1));
  const dd = w.sub(a, 1 / 3);
  const c = w.div(1 / 3, w.sqrt(dd));
  const rejected = (g: W, X: string, V: string, U: string): string =>
    g.and(g.ge(U, g.sub(1, g.mul(0.0331, g.mul(X, X)))), g.ge(g.log(U), g.add(g.mul(X, 0.5), g.mul(dd, g.add(g.sub(1, V), g.log(V))))));

  const words = aval(shape, "uint32");
  const floats = aval(shape, d);
  const bools = aval(shape, "bool");
  const [X0, V0, U0, minusOnes] = [full(0), full(1), full(2), full(-1)];
  const active0 = rejected(w, X0, V0, U0);
  const [, , , V] = loop(em, "gamma_attempt", any(em, active0), [key0[0], key0[1], X0, V0, U0, active0], [words, words, floats, floats, floats, bools], (sub, [kA, kB, X, V, U, active]) => {
    const g = new W(sub, d);
    const key: Key = [kA!, kB!];
    const xKey = split(sub, key, 1);
    const uKey = split(sub, key, 2);
    const next = split(sub, key, 0);
    // The normal's own loop: redraw (key split 1, then continue with split 0) while v ≤ 0.
    const [, , x, v] = loop(sub, "gamma_normal", any(sub, active!), [xKey[0], xKey[1], X0, minusOnes, active!], [words, words, floats, floats, bools], (inner, [jA, jB, x, v, pending]) => {
      const h = new W(inner, d);
      const k: Key = [jA!, jB!];
      const xNew = normalOf(inner, split(inner, k, 1), d);
      const vNew = h.add(1, h.mul(xNew, c));
      const kNext = split(inner, k, 0);
      const stillPending = h.and(pending!, h.le(vNew, 0));
      return [
        any(inner, stillPending),
        where(inner, pending!, kNext[0], jA!, "uint32"),
        where(inner, pending!, kNext[1], jB!, "uint32"),
        h.sel(pending!, xNew, x!),
        h.sel(pending!, vNew, v!),
        stillPending,
      ];
    });
    const Xn = g.mul(x!, x!);
    const Vn = g.mul(g.mul(v!, v!), v!);
    const Un = uniformOf(sub, uKey, u32(sub, 0), d);
    const activeNext = g.and(active!, rejected(g, Xn, Vn, Un));
    return [
      any(sub, activeNext),
      where(sub, active!, next[0], kA!, "uint32"),
      where(sub, active!, next[1], kB!, "uint32"),
      g.sel(active!, Xn, X!),
      g.sel(active!, Vn, V!),
      g.sel(active!, Un, U!),
      activeNext,
    ];
  });

  const u = uniformOf(em, finalKey, u32(em, 0), d);
  // Reciprocal, not Div(1, alpha): ONNX Runtime rewrites Div(1, a) feeding a Mul into one Div,
  // which rounds once where the kernel rounds 1/alpha and then the product.
  const oneOverAlpha = em.op("Reciprocal", [alpha!]);
  if (e.params.logSpace) {
    // log1p(−u) = log(1 − u): 1 − u is exact (u is a multiple of the ulp of 1 below 1).
    const logU = w.log(w.sub(1, u));
    const logBoost = w.sel(w.or(boost, w.eq(logU, 0)), 0, w.mul(logU, oneOverAlpha));
    return em.node("Identity", [w.add(w.add(w.log(dd), w.log(V!)), logBoost)], [out!]);
  }
  const factor = w.sel(boost, 1, w.pow(w.sub(1, u), oneOverAlpha));
  em.node("Mul", [w.mul(dd, V!), factor], [out!]);
};

// ---- random_poisson ------------------------------------------------------------------------------

/**
 * Knuth's method on every block (rates below 10; 0 elsewhere, which stops at once): iteration i
 * draws, for the whole block, counter j of the block's i-th subkey; an element counts while its
 * float32 log-product stays above −lam. Returns the counts minus one.
 */
function knuthOf(em: Emitter, blockKey: Key, j: string, lam: string, shape: readonly number[], keyShape: readonly number[]): string {
  const f = new W(em, "float32");
  const full = (v: string): string => em.op("Expand", [v, em.int64s(shape)]);
  const logProd0 = full(f.v(0));
  const active0 = f.gt(logProd0, f.neg(lam));
  const ints = aval(shape, "int32");
  const [, , k] = loop(
    em,
    "poisson_knuth",
    any(em, active0),
    [blockKey[0], blockKey[1], full(lit(em, 0, "int32")), logProd0, active0],
    [aval(keyShape, "uint32"), aval(keyShape, "uint32"), ints, aval(shape, "float32"), aval(shape, "bool")],
    (sub, [rA, rB, k, logProd, active]) => {
      const g = new W(sub, "float32");
      const rng: Key = [rA!, rB!];
      const logU = g.log(uniformOf(sub, split(sub, rng, 1), j, "float32"));
      const next = split(sub, rng, 0);
      const lp = g.add(logProd!, logU);
      const activeNext = g.and(active!, g.gt(lp, g.neg(lam)));
      return [any(sub, activeNext), next[0], next[1], sub.op("Where", [active!, sub.op("Add", [k!, lit(sub, 1, "int32")]), k!]), g.sel(active!, lp, logProd!), activeNext];
    },
  );
  return em.op("Sub", [k!, lit(em, 1, "int32")]);
}

/**
 * Hörmann's transformed rejection on every block (rates ≥ 10; 1e5 in place of the others, as the
 * kernel), in float32: each attempt draws counter j of the block key's splits 1 and 2, and an
 * element that accepts records its k — also after an earlier acceptance, as long as its block has
 * an element still rejecting (the kernel's loop runs until the whole block has accepted).
 */
function rejectionOf(em: Emitter, blockKey: Key, j: string, lam: string, shape: readonly number[], keyShape: readonly number[], restAxes: readonly number[]): string {
  const f = new W(em, "float32");
  const logLam = f.log(lam);
  const b = f.add(0.931, f.mul(2.53, f.sqrt(lam)));
  const a = f.add(-0.059, f.mul(0.02483, b));
  const invAlpha = f.add(1.1239, f.div(1.1328, f.sub(b, 3.4)));
  const vR = f.sub(0.9277, f.div(3.6224, f.sub(b, 2)));
  const full = (v: string): string => em.op("Expand", [v, em.int64s(shape)]);
  const accepted0 = full(lit(em, 0, "bool"));
  const [, , kOut] = loop(
    em,
    "poisson_ptrs",
    lit(em, 1, "bool"),
    [blockKey[0], blockKey[1], full(f.v(-1)), accepted0],
    [aval(keyShape, "uint32"), aval(keyShape, "uint32"), aval(shape, "float32"), aval(shape, "bool")],
    (sub, [kA, kB, kOut, accepted]) => {
      const g = new W(sub, "float32");
      const key: Key = [kA!, kB!];
      const blockDone =
        restAxes.length === 0
          ? accepted!
          : sub.op("Cast", [sub.op("ReduceMin", [sub.op("Cast", [accepted!], { to: { i: INT32 } }), sub.int64s(restAxes)], { keepdims: { i: 1 } })], { to: { i: 9 } });
      const u = g.sub(uniformOf(sub, split(sub, key, 1), j, "float32"), 0.5);
      const v = uniformOf(sub, split(sub, key, 2), j, "float32");
      const next = split(sub, key, 0);
      const us = g.sub(0.5, sub.op("Abs", [u]));
      const x = g.add(g.mul(g.add(g.div(g.mul(2, a), us), b), u), lam);
      // The kernel floors x + 0.43 in double (no float32 rounding of the sum); k is a float32 integer.
      const k = g.narrow(sub.op("Floor", [sub.op("Add", [g.wide(x), lit(sub, Math.fround(0.43), "float64")])]));
      const s = g.log(g.div(g.mul(v, invAlpha), g.add(g.div(a, g.mul(us, us)), b)));
      const lgammaK1 = g.narrow(lgammaFloat64(sub, g.wide(g.add(k, 1))));
      const t = g.sub(g.add(g.neg(lam), g.mul(k, logLam)), lgammaK1);
      const accept1 = g.and(g.ge(us, 0.07), g.le(v, vR));
      const reject = g.or(g.lt(k, 0), g.and(g.lt(us, 0.013), g.gt(v, us)));
      const acc = g.or(accept1, g.and(g.not(reject), g.le(s, t)));
      const update = g.and(acc, g.not(blockDone));
      const acceptedNext = g.or(accepted!, update);
      return [any(sub, g.not(acceptedNext)), next[0], next[1], g.sel(update, k, kOut!), acceptedNext];
    },
  );
  return kOut!;
}

/**
 * A float32 integer (or ±∞, NaN) as int32 the way the kernel's store into an Int32Array converts it
 * (ECMAScript's ToInt32: NaN and ±∞ give 0, others wrap modulo 2³²); ONNX's Cast leaves out-of-range
 * values undefined. Computed in float64, where fmod by 2³² is exact.
 */
function toInt32(em: Emitter, k: string): string {
  const g = new W(em, "float64");
  const kd = em.op("Cast", [k], { to: { i: DOUBLE } });
  const finite = g.not(g.or(em.op("IsNaN", [kd]), em.op("IsInf", [kd])));
  const m0 = em.op("Mod", [g.sel(finite, kd, 0), g.v(2 ** 32)], { fmod: { i: 1 } });
  const m1 = g.sel(g.lt(m0, 0), g.add(m0, 2 ** 32), m0);
  const m2 = g.sel(g.ge(m1, 2 ** 31), g.sub(m1, 2 ** 32), m1);
  return em.op("Cast", [m2], { to: { i: INT32 } });
}

/** random_poisson: the rates rounded to float32; 0 at rate 0, Knuth's count below 10 (and at NaN), PTRS's k above. */
const randomPoisson: Lowering<"random_poisson"> = (em, e, [keys, lamIn], [out]) => {
  const shape = e.outputs[0]!.aval.shape;
  if (sizeOf(shape) === 0) return em.node("Cast", [lamIn!], [out!], { to: { i: INT32 } });
  const batch = e.inputs[0]!.aval.shape.slice(0, -1);
  const rest = shape.slice(batch.length);
  const f = new W(em, "float32");
  const lam = e.inputs[1]!.aval.dtype === "float32" ? lamIn! : em.op("Cast", [lamIn!], { to: { i: FLOAT } });
  const knuth = f.or(em.op("IsNaN", [lam]), f.lt(lam, 10));
  const blockKey: Key = [keyWord(em, keys!, batch, 0, rest.length), keyWord(em, keys!, batch, 1, rest.length)];
  const keyShape = [...batch, ...rest.map(() => 1)];
  const j = counters(em, rest);
  const small = knuthOf(em, blockKey, j, f.sel(knuth, lam, 0), shape, keyShape);
  const restAxes = rest.map((_, i) => batch.length + i);
  const large = toInt32(em, rejectionOf(em, blockKey, j, f.sel(knuth, 1e5, lam), shape, keyShape, restAxes));
  em.node("Where", [f.eq(lam, 0), lit(em, 0, "int32"), em.op("Where", [knuth, small, large])], [out!]);
};

/** The rejection samplers' part of the ONNX lowering table. */
export const RANDOM_REJECTION_LOWERINGS = {
  random_gamma: randomGamma,
  random_poisson: randomPoisson,
};
