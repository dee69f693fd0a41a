/**
 * ONNX lowerings of the special functions (erfc, erf_inv, lgamma, digamma, polygamma): the reference
 * kernels' algorithms (src/tensor/kernels/special-math.ts) written as elementwise ONNX ops, in
 * float64 whatever the operand's dtype (the kernels widen float32 exactly and round once on store,
 * so a float32 lowering casts in and out the same way; ONNX Runtime has double kernels for every op
 * used here). Branches become Where over every branch's value (a branch's garbage elsewhere —
 * NaN, ∞ — is never selected); the kernels' data-dependent loops become masked steps (an element
 * whose loop has ended keeps its value) — a fixed number covering the worst case where the kernel's
 * bound is small, an ONNX Loop where it is large (erf_inv's refinements, ζ's direct terms, the
 * incomplete gamma's terms) — so each element takes the kernel's steps in the kernel's order.
 * random_gamma_grad (JAX's `random_gamma_grad`) is written here too, as it is made of lgamma and
 * digamma; the random area's table lists it. The kernels' series coefficients are
 * computed here from the kernels' own Hurwitz zeta function, as the kernels compute them.
 */
import { CODY_ERF } from "../../tensor/kernels/scalar-math.js";
import {
  BERNOULLI_OVER_FACTORIAL,
  DIGAMMA_ASYMPTOTIC,
  DIGAMMA_AT_ROOT,
  EULER,
  HALF_LN_2PI,
  LGAMMA_SERIES,
  MAX_REFLECTED_ORDER,
  ROOT_HI,
  ROOT_LO,
  STIRLING,
  TWO_OVER_SQRTPI,
  cotDerivativePolynomial,
} from "../../tensor/kernels/special-math.js";
import { F32_GE_5, F32_LT_5 } from "../../tensor/kernels/xla-erf-inv.js";
import type { Aval } from "../../ir/types.js";
import type { Emitter } from "../emitter.js";
import type { IndexAval } from "../proto.js";
import { log1pOf } from "./float64-forms.js";
import { type Lowering, lit, outDtype, requireDtypes } from "./kit.js";

/** A float64 value by name, or a number (made a 0-d constant where used). */
type V = string | number;

/** Float64 expression builders over one emitter. */
class F {
  constructor(readonly em: Emitter) {}
  v(x: V): string {
    return typeof x === "number" ? this.em.scalar(x, "float64") : x;
  }
  private bin(op: string, a: V, b: V): string {
    return this.em.op(op, [this.v(a), this.v(b)]);
  }
  private un(op: string, a: V): string {
    return this.em.op(op, [this.v(a)]);
  }
  add = (a: V, b: V): string => this.bin("Add", a, b);
  sub = (a: V, b: V): string => this.bin("Sub", a, b);
  mul = (a: V, b: V): string => this.bin("Mul", a, b);
  div = (a: V, b: V): string => this.bin("Div", a, b);
  pow = (a: V, b: V): string => this.bin("Pow", a, b);
  lt = (a: V, b: V): string => this.bin("Less", a, b);
  le = (a: V, b: V): string => this.bin("LessOrEqual", a, b);
  gt = (a: V, b: V): string => this.bin("Greater", a, b);
  ge = (a: V, b: V): string => this.bin("GreaterOrEqual", a, b);
  eq = (a: V, b: V): string => this.bin("Equal", a, b);
  and = (a: string, b: string): string => this.em.op("And", [a, b]);
  or = (a: string, b: string): string => this.em.op("Or", [a, b]);
  not = (a: string): string => this.em.op("Not", [a]);
  neg = (a: V): string => this.un("Neg", a);
  abs = (a: V): string => this.un("Abs", a);
  exp = (a: V): string => this.un("Exp", a);
  log = (a: V): string => this.un("Log", a);
  sqrt = (a: V): string => this.un("Sqrt", a);
  sin = (a: V): string => this.un("Sin", a);
  floor = (a: V): string => this.un("Floor", a);
  isNaN = (a: V): string => this.un("IsNaN", a);
  log1p = (a: string): string => log1pOf(this.em, a, "float64");
  /** c ? a : b. */
  sel = (c: string, a: V, b: V): string => this.em.op("Where", [c, this.v(a), this.v(b)]);
  /** Σ coef[k] zᵏ by Horner from the top, as the kernels sum (`s = s·z + coef[k]` from s = 0). */
  horner(z: V, coef: readonly number[]): string {
    let s: V = coef[coef.length - 1]!;
    for (let k = coef.length - 2; k >= 0; k--) s = this.add(this.mul(s, z), coef[k]!);
    return this.v(s);
  }
  /** Math.round(x) for |x| < 2⁵² (x + ½ is exact there). */
  round = (x: V): string => this.floor(this.add(x, 0.5));
}

// ---- erf and erfc (Cody's rational approximations, as scalar-math.ts) -------------------------

const { A, B, C, D, P, Q, SQRPI } = CODY_ERF;

/** Cody's `num/den` recurrences: num = (num + a[k])·t, den = (den + b[k])·t for k < n, from num = lead·t, den = t. */
function codyPair(f: F, t: V, lead: number, a: readonly number[], b: readonly number[], n: number): [string, string] {
  let num = f.mul(lead, t);
  let den = f.v(t);
  for (let k = 0; k < n; k++) {
    num = f.mul(f.add(num, a[k]!), t);
    den = f.mul(f.add(den, b[k]!), t);
  }
  return [num, den];
}

/** erf x for |x| ≤ 0.46875: x·P(x²)/Q(x²), x² dropped below 1.11e-16. */
function erfSmall(f: F, x: string): string {
  const y = f.abs(x);
  const ysq = f.sel(f.gt(y, 1.11e-16), f.mul(y, y), 0);
  const [num, den] = codyPair(f, ysq, A[4]!, A, B, 3);
  return f.div(f.mul(x, f.add(num, A[3]!)), f.add(den, B[3]!));
}

/** erfc y for y > 0.46875 (0 from 27.3 on), as the kernel's `erfcPositive`. */
function erfcPositive(f: F, y: string): string {
  const [n1, d1] = codyPair(f, y, C[8]!, C, D, 7);
  const near = f.div(f.add(n1, C[7]!), f.add(d1, D[7]!));
  const z = f.div(1, f.mul(y, y));
  const [n2, d2] = codyPair(f, z, P[5]!, P, Q, 4);
  const r = f.div(f.mul(z, f.add(n2, P[4]!)), f.add(d2, Q[4]!));
  const far = f.div(f.sub(SQRPI, r), y);
  const fy = f.sel(f.le(y, 4), near, far);
  const ysq = f.div(f.floor(f.mul(y, 16)), 16);
  const del = f.mul(f.sub(y, ysq), f.add(y, ysq));
  const nsq = f.mul(f.neg(ysq), ysq);
  const e = f.exp(nsq);
  const expDel = f.exp(f.neg(del));
  const tiny = f.mul(f.exp(f.add(f.log(fy), nsq)), expDel);
  const normal = f.mul(f.mul(e, expDel), fy);
  return f.sel(f.lt(y, 27.3), f.sel(f.lt(e, 2.2250738585072014e-308), tiny, normal), 0);
}

/** erfc x: 1 − erf x near 0, erfcPositive elsewhere (2 − it for x < 0); NaN stays NaN. */
function erfcOf(f: F, x: string): string {
  const y = f.abs(x);
  const r = erfcPositive(f, y);
  const big = f.sel(f.lt(x, 0), f.sub(2, r), r);
  return f.sel(f.le(y, 0.46875), f.sub(1, erfSmall(f, x)), f.sel(f.isNaN(x), x, big));
}

/** erf x: the small form, or ±(½ − erfc|x| + ½). */
function erfOf(f: F, x: string): string {
  const y = f.abs(x);
  const r = f.add(f.sub(0.5, erfcPositive(f, y)), 0.5);
  return f.sel(f.le(y, 0.46875), erfSmall(f, x), f.sel(f.isNaN(x), x, f.sel(f.lt(x, 0), f.neg(r), r)));
}

// ---- erf_inv ------------------------------------------------------------------------------------

// Giles' float32 start, lowest degree first for `horner` (the kernel's arrays run from the top).
const GILES_LOW = [...F32_LT_5].reverse();
const GILES_HIGH = [...F32_GE_5].reverse();

/** erf⁻¹ y: Giles' start, then the kernel's Halley (|y| ≤ ½, 3 steps) or log-erfc Newton (12 steps) refinement. */
function erfInvOf(f: F, y: string, yShape: readonly number[]): string {
  const a = f.abs(y);
  const w = f.neg(f.log(f.mul(f.sub(1, a), f.add(1, a))));
  const low = f.horner(f.sub(w, 2.5), GILES_LOW);
  const high = f.horner(f.sub(f.sqrt(w), 3), GILES_HIGH);
  const x0 = f.mul(f.sel(f.lt(w, 5), low, high), a);
  // Each refinement is an ONNX Loop of the kernel's step count; an element stops once its step is
  // below 1e-17·x (later steps leave it as it is).
  const refine = (steps: number, step: (g: F, x: string) => string, apply: (g: F, x: string, s: string) => string): string => {
    const em = f.em;
    const xAval = { name: em.fresh("x"), aval: { shape: yShape, dtype: "float64" } as Aval };
    const doneAval = { name: em.fresh("done"), aval: { shape: yShape, dtype: "bool" } as Aval };
    const condIn = em.fresh("cond_in");
    const body = em.block("erf_inv_refine", [{ name: em.fresh("iter"), aval: INT64_SCALAR }, { name: condIn, aval: BOOL_SCALAR }, xAval, doneAval], (sub) => {
      const g = new F(sub);
      const st = step(g, xAval.name);
      const next = apply(g, xAval.name, st);
      const x = g.sel(doneAval.name, xAval.name, next);
      const done = g.or(doneAval.name, g.le(g.abs(st), g.mul(1e-17, next)));
      return [{ name: condIn, aval: BOOL_SCALAR }, { name: x, aval: xAval.aval }, { name: done, aval: doneAval.aval }];
    });
    const [xOut, doneOut] = [em.fresh("refined"), em.fresh("refined_done")];
    em.node("Loop", [em.int64s([steps], true), lit(em, 1, "bool"), x0, f.lt(x0, -Infinity)], [xOut, doneOut], { body: { g: body } });
    return xOut;
  };
  const gauss = (g: F, x: string): string => g.mul(TWO_OVER_SQRTPI, g.exp(g.mul(g.neg(x), x)));
  const halley = refine(
    3,
    (g, x) => {
      const u = g.div(g.sub(erfOf(g, x), a), gauss(g, x));
      return g.div(u, g.add(1, g.mul(x, u)));
    },
    (g, x, st) => g.sub(x, st),
  );
  const q = f.sub(1, a);
  const newton = refine(
    12,
    (g, x) => {
      const e = erfcOf(g, x);
      return g.div(g.mul(g.log(g.div(e, q)), e), gauss(g, x));
    },
    (g, x, st) => g.add(x, st),
  );
  const x = f.sel(f.le(a, 0.5), halley, newton);
  const signed = f.sel(f.lt(y, 0), f.neg(x), x);
  const tinyForm = f.mul(f.mul(y, 0.886226925452758), f.add(1, f.mul(f.mul(0.2617993877991494, y), y)));
  const ends = f.sel(f.eq(a, 1), f.mul(y, Infinity), NaN);
  return f.sel(f.not(f.lt(a, 1)), ends, f.sel(f.lt(a, 1e-8), tinyForm, signed));
}

// ---- sin πx, cot πx -----------------------------------------------------------------------------

/** |sin πx| for finite non-integer x. */
function absSinPi(f: F, x: string): string {
  const r = f.abs(f.sub(x, f.round(x)));
  return f.sel(f.le(r, 0.25), f.sin(f.mul(Math.PI, r)), f.em.op("Cos", [f.mul(Math.PI, f.sub(0.5, r))]));
}

/** cot πx for finite non-integer x, as the kernel's `cotPi`. */
function cotPi(f: F, x: string): string {
  const r = f.sub(x, f.round(x));
  const ar = f.abs(r);
  const c = f.div(f.sin(f.mul(Math.PI, f.sub(0.5, ar))), f.sin(f.mul(Math.PI, ar)));
  return f.sel(f.lt(r, 0), f.neg(c), c);
}

// ---- lgamma -------------------------------------------------------------------------------------


/** ln Γ(1 + z) + ln(1 + z) for |z| ≤ ½: (1 − γ)z + s·z·z. */
function lgamma1pPlusLog1p(f: F, z: string): string {
  return f.add(f.mul(1 - EULER, z), f.mul(f.mul(f.horner(z, LGAMMA_SERIES), z), z));
}

/**
 * ln|Γ(x)|: for x > 0 the kernel's `lgammaPositive` (series about 1 and 2, the downward recurrence
 * to (1.5, 2.5] in at most 8 steps below 10, Stirling from 10), for x < 0 its reflection; +∞ at
 * 0, the negative integers and ±∞. One series evaluation serves every branch: each element picks
 * its series argument first.
 */
function lgammaOf(f: F, x: string): string {
  const neg = f.lt(x, 0);
  const p = f.abs(x); // lgammaPositive's argument (−x on the reflection's side)
  let xr = p;
  let prod: string = f.v(1);
  for (let i = 0; i < 8; i++) {
    const more = f.gt(xr, 2.5);
    xr = f.sel(more, f.sub(xr, 1), xr);
    prod = f.sel(more, f.mul(prod, xr), prod);
  }
  const smallNeg = f.and(neg, f.gt(x, -0.5));
  const z = f.sel(smallNeg, x, f.sel(f.lt(p, 0.5), p, f.sel(f.le(p, 1.5), f.sub(p, 1), f.sub(xr, 2))));
  const s = lgamma1pPlusLog1p(f, z);
  const lg1p = f.sub(s, f.log1p(z)); // ln Γ(1 + z)
  const lx = f.log(p);
  const zz = f.div(1, f.mul(p, p));
  const stirling = f.add(f.add(f.sub(f.mul(p, f.sub(lx, 1)), f.mul(0.5, lx)), HALF_LN_2PI), f.div(f.horner(zz, STIRLING), p));
  const recurred = f.add(s, f.log(prod)); // log(1) = 0 adds nothing for p ≤ 2.5
  const positive = f.sel(f.lt(p, 0.5), f.sub(lg1p, lx), f.sel(f.le(p, 1.5), lg1p, f.sel(f.lt(p, 10), recurred, stirling)));
  const reflected = f.sub(f.sub(Math.log(Math.PI), f.log(f.mul(f.neg(x), absSinPi(f, x)))), positive);
  const negative = f.sel(smallNeg, f.sub(lg1p, f.log(f.neg(x))), reflected);
  const pole = f.eq(x, f.floor(x)); // 0, −0, the negative integers, −∞ (and +∞, +∞ either way)
  return f.sel(f.gt(x, 0), f.sel(f.eq(x, Infinity), Infinity, positive), f.sel(f.isNaN(x), x, f.sel(pole, Infinity, negative)));
}

// ---- digamma ------------------------------------------------------------------------------------


/** ψ(a) for a > 0: the Taylor series about the root, else the upward recurrence (≤ 10 steps) to the asymptotic series. */
function digammaPositive(f: F, a: string): string {
  const d = f.sub(f.sub(a, ROOT_HI), ROOT_LO);
  const taylor = f.mul(f.horner(d, DIGAMMA_AT_ROOT), d);
  let xr = a;
  let acc: string = f.v(0);
  for (let i = 0; i < 10; i++) {
    const more = f.lt(xr, 10);
    acc = f.sel(more, f.add(acc, f.div(1, xr)), acc);
    xr = f.sel(more, f.add(xr, 1), xr);
  }
  const large = f.sub(f.sub(f.log(xr), f.div(0.5, xr)), f.mul(f.horner(f.div(1, f.mul(xr, xr)), DIGAMMA_ASYMPTOTIC), f.div(1, f.mul(xr, xr))));
  return f.sel(f.le(f.abs(d), 0.3), taylor, f.sub(large, acc)); // acc = 0 from 10 on
}

/** ψ(x): +∞ at +∞, NaN at the poles, at −∞ and NaN, the reflection ψ(1 − x) − π cot πx below 0. */
function digammaOf(f: F, x: string): string {
  const pos = f.gt(x, 0);
  const value = digammaPositive(f, f.sel(pos, x, f.sub(1, x)));
  const reflected = f.sub(value, f.mul(Math.PI, cotPi(f, x)));
  const nan = f.or(f.not(f.gt(x, -Infinity)), f.eq(x, f.floor(x)));
  return f.sel(pos, f.sel(f.eq(x, Infinity), Infinity, value), f.sel(nan, NaN, reflected));
}

// ---- polygamma ----------------------------------------------------------------------------------

/** m! for m = 0…171 as the kernel multiplies it (∞ from 171 on). */
const FACTORIALS: readonly number[] = (() => {
  const out = [1];
  let f = 1;
  for (let k = 1; k <= MAX_REFLECTED_ORDER + 1; k++) out.push(k < 2 ? 1 : (f *= k));
  return out;
})();

/** Row m (m = 0…170): the kernel's coefficients, lowest first, of dᵐ/dtᵐ cot t as a polynomial in cot t, zero-padded to 172 (built on first use). */
let cotDerivatives: Float64Array | undefined;
function cotDerivativeTable(): Float64Array {
  if (cotDerivatives !== undefined) return cotDerivatives;
  const width = MAX_REFLECTED_ORDER + 2;
  cotDerivatives = new Float64Array((MAX_REFLECTED_ORDER + 1) * width);
  for (let m = 0; m <= MAX_REFLECTED_ORDER; m++) cotDerivatives.set(cotDerivativePolynomial(m), m * width);
  return cotDerivatives;
}

const BOOL_SCALAR: Aval = { shape: [], dtype: "bool" };
const INT64_SCALAR: IndexAval = { shape: [], dtype: "int64" };

/** True where any element of the bool `v` is (a 0-d bool). */
function any(em: Emitter, v: string): string {
  const m = em.op("ReduceMax", [em.op("Cast", [v], { to: { i: 6 } })], { keepdims: { i: 0 } });
  return em.op("Cast", [m], { to: { i: 9 } });
}

/**
 * ζ(s, q) for s ≥ 2 and q > 0 (0 at q = +∞), as the kernel's `hurwitzZeta`: the direct terms run in
 * an ONNX Loop until every element has reached max(10, s) or stopped early (the kernel's count
 * depends on s and q), then the Euler–Maclaurin tail with its 12 corrections as masked steps.
 */
function hurwitzZetaOf(f: F, s: string, q: string, shape: readonly number[]): string {
  const em = f.em;
  const full = (v: string): string => em.op("Expand", [v, em.int64s(shape)]);
  const wMin = em.op("Max", [s, f.v(10)]);
  const w0 = full(q);
  const sum0 = full(f.v(0));
  const active0 = full(f.lt(q, wMin));
  const early0 = full(f.lt(q, -Infinity)); // all false
  const avals: Aval[] = [
    { shape, dtype: "float64" },
    { shape, dtype: "float64" },
    { shape, dtype: "bool" },
    { shape, dtype: "bool" },
  ];
  const formal = avals.map((aval) => ({ name: em.fresh("zeta"), aval }));
  const body = em.block("zeta_terms", [{ name: em.fresh("iter"), aval: INT64_SCALAR }, { name: em.fresh("cond_in"), aval: BOOL_SCALAR }, ...formal], (sub) => {
    const g = new F(sub);
    const [w, sum, active, early] = formal.map((x) => x.name) as [string, string, string, string];
    const term = g.pow(w, g.neg(s));
    const sumNext = g.sel(active, g.add(sum, term), sum);
    const wNext = g.sel(active, g.add(w, 1), w);
    // For s ≥ w the rest is below 2·term: the kernel stops once that is negligible.
    const stop = g.and(g.ge(g.sub(s, 1), wNext), g.not(g.gt(term, g.mul(1e-18, sumNext))));
    const earlyNext = g.or(early, g.and(active, stop));
    const activeNext = g.and(g.and(active, g.not(stop)), g.lt(wNext, wMin));
    return [{ name: any(sub, activeNext), aval: BOOL_SCALAR }, ...[wNext, sumNext, activeNext, earlyNext].map((name, k) => ({ name, aval: avals[k]! }))];
  });
  const [w, sum, , early] = avals.map(() => em.fresh("zeta_out"));
  const activeOut = em.fresh("zeta_out");
  em.node("Loop", ["", any(em, active0), w0, sum0, active0, early0], [w!, sum!, activeOut, early!], { body: { g: body } });
  const ws = f.pow(w!, f.neg(s));
  let tail = f.add(f.div(f.mul(w!, ws), f.sub(s, 1)), f.mul(0.5, ws));
  let factor = f.div(f.mul(s, ws), w!);
  const w2 = f.mul(w!, w!);
  let done = f.lt(w!, -Infinity); // all false
  for (let j = 0; j < BERNOULLI_OVER_FACTORIAL.length; j++) {
    const term = f.mul(BERNOULLI_OVER_FACTORIAL[j]!, factor);
    tail = f.sel(done, tail, f.add(tail, term));
    done = f.or(done, f.le(f.abs(term), f.mul(1e-17, f.abs(f.add(sum!, tail)))));
    factor = f.mul(factor, f.div(f.mul(f.add(s, 2 * j + 1), f.add(s, 2 * j + 2)), w2));
  }
  return f.sel(f.eq(q, Infinity), 0, f.sel(early!, sum!, f.add(sum!, tail)));
}

/**
 * ψ⁽ᵐ⁾(x) for an int32 order m, as the kernel's `polygamma`: NaN for m < 0, digamma for m = 0,
 * (−1)^(m+1) m! ζ(m + 1, x) for x > 0, (−1)^(m+1)·∞ at the poles, and below 0 the reflection through
 * the m-th derivative of cot (its polynomial in cot πx gathered by m from a table, NaN past m = 170).
 */
function polygammaOf(f: F, m: string, x: string, shape: readonly number[]): string {
  const em = f.em;
  const mf = em.op("Cast", [m], { to: { i: 11 } });
  const odd = f.eq(f.sub(mf, f.mul(2, f.floor(f.div(mf, 2)))), 1);
  const sign = f.sel(odd, 1, -1);
  const s = em.op("Max", [f.add(mf, 1), f.v(2)]); // orders below 1 are answered without ζ
  const pos = f.gt(x, 0);
  const q = f.sel(pos, x, f.sub(1, x));
  const z = hurwitzZetaOf(f, s, q, shape);
  const index = em.op("Clip", [m, em.scalar(0, "int32"), em.scalar(MAX_REFLECTED_ORDER + 1, "int32")]);
  const fact = em.op("Gather", [em.constant("float64", [FACTORIALS.length], Float64Array.from(FACTORIALS)), index]);
  const atQ = f.sel(f.eq(z, 0), f.mul(sign, 0), f.mul(f.mul(sign, fact), z)); // ψ⁽ᵐ⁾(q)
  // The cot-derivative polynomial at cot πx, by Horner from its top coefficient (row m has m + 2).
  const width = MAX_REFLECTED_ORDER + 2;
  const rowIndex = em.op("Clip", [m, em.scalar(0, "int32"), em.scalar(MAX_REFLECTED_ORDER, "int32")]);
  const rows = em.op("Gather", [em.constant("float64", [MAX_REFLECTED_ORDER + 1, width], cotDerivativeTable()), rowIndex]);
  const c = full(em, cotPi(f, x), shape);
  const top = f.add(mf, 1);
  const iter = em.fresh("iter");
  const condIn = em.fresh("cond_in");
  const v0 = { name: em.fresh("horner"), aval: { shape, dtype: "float64" } as Aval };
  const body = em.block("cot_horner", [{ name: iter, aval: INT64_SCALAR }, { name: condIn, aval: BOOL_SCALAR }, v0], (sub) => {
    const g = new F(sub);
    const k = sub.op("Sub", [sub.int64s([width - 1], true), iter]);
    const coef = sub.op("Gather", [rows, k], { axis: { i: -1 } });
    const started = g.le(sub.op("Cast", [k], { to: { i: 11 } }), top);
    const next = g.sel(started, g.add(g.mul(v0.name, c), coef), v0.name);
    return [{ name: condIn, aval: BOOL_SCALAR }, { name: next, aval: v0.aval }];
  });
  const poly = em.fresh("cot_poly");
  em.node("Loop", [em.int64s([width], true), lit(em, 1, "bool"), full(em, f.v(0), shape)], [poly], { body: { g: body } });
  const reflected = f.sub(f.mul(f.neg(sign), atQ), f.mul(f.pow(Math.PI, f.add(mf, 1)), poly));
  const negative = f.sel(f.isNaN(x), x, f.sel(f.eq(x, f.floor(x)), f.mul(sign, Infinity), f.sel(f.gt(mf, MAX_REFLECTED_ORDER), NaN, reflected)));
  const higher = f.sel(pos, atQ, negative);
  return f.sel(f.lt(mf, 0), NaN, f.sel(f.eq(mf, 0), digammaOf(f, x), higher));
}

const full = (em: Emitter, v: string, shape: readonly number[]): string => em.op("Expand", [v, em.int64s(shape)]);

// ---- random_gamma_grad ----------------------------------------------------------------------------

/**
 * d sample/d alpha at a gamma(a, 1) sample x, as the kernel's `gammaSampleGrad` (gamma.ts): the
 * incomplete gamma function's power series (x ≤ 1 or x ≤ a) or continued fraction, differentiated
 * term by term, until the derivative's terms fall below the dtype's epsilon (at most 2000 terms).
 * Both iterations run in one ONNX Loop of at most 2000 steps that ends once every element has
 * converged; each element takes exactly the kernel's terms.
 */
function gammaSampleGradOf(f: F, a: string, x: string, dtype: "float32" | "float64", shape: readonly number[]): string {
  const em = f.em;
  const eps = dtype === "float32" ? 2 ** -23 : 2 ** -52;
  const maxLog = dtype === "float32" ? Math.log(3.4028234663852886e38) : Math.log(Number.MAX_VALUE);
  const A = full(em, a, shape);
  const X = full(em, x, shape);
  const iterate = f.not(f.lt(f.sub(f.sub(f.mul(A, f.log(X)), X), lgammaOf(f, A)), -maxLog));
  const useFraction = f.and(f.gt(X, 1), f.gt(X, A));
  // Series state: r, c, ans, dcDa, dansDa. Fraction state: y, z, count, pkm2, pkm1, qkm2, qkm1, ans, dpkm2, dqkm2, dpkm1, dqkm1, dansDa.
  const zero = full(em, f.v(0), shape);
  const one = full(em, f.v(1), shape);
  const y0 = f.sub(1, A);
  const z0 = f.add(f.add(X, y0), 1);
  const pkm1 = f.add(X, 1);
  const qkm1 = f.mul(z0, X);
  const ansF = f.div(pkm1, qkm1);
  const dqkm1 = f.neg(X);
  const dansF = f.div(f.sub(zero, f.mul(ansF, dqkm1)), qkm1);
  const series0 = [A, one, one, zero, zero];
  const fraction0 = [y0, z0, zero, one, pkm1, X, qkm1, ansF, zero, zero, zero, dqkm1, dansF];
  const active0 = [f.and(iterate, f.not(useFraction)), f.and(iterate, useFraction)];
  const floatAval: Aval = { shape, dtype: "float64" };
  const boolAval: Aval = { shape, dtype: "bool" };
  const avals = [...series0.map(() => floatAval), ...fraction0.map(() => floatAval), boolAval, boolAval];
  const formal = avals.map((aval) => ({ name: em.fresh("igamma"), aval }));
  const body = em.block("igamma_terms", [{ name: em.fresh("iter"), aval: INT64_SCALAR }, { name: em.fresh("cond_in"), aval: BOOL_SCALAR }, ...formal], (sub) => {
    const g = new F(sub);
    const v = formal.map((d) => d.name);
    const [r, c, ans, dcDa, dansDa] = v.slice(0, 5) as [string, string, string, string, string];
    const [y, z, cnt, pm2, pm1, qm2, qm1, fans, dpm2, dqm2, dpm1, dqm1, fdans] = v.slice(5, 18) as string[] as [string, string, string, string, string, string, string, string, string, string, string, string, string];
    const [activeS, activeF] = v.slice(18) as [string, string];
    // The series' step.
    const r1 = g.add(r, 1);
    const dc1 = g.sub(g.mul(dcDa, g.div(X, r1)), g.div(g.mul(c, X), g.mul(r1, r1)));
    const dans1 = g.add(dansDa, dc1);
    const c1 = g.mul(c, g.div(X, r1));
    const ans1 = g.add(ans, c1);
    const moreS = g.gt(g.abs(g.div(dc1, dans1)), eps);
    const series = [r1, dc1, dans1, c1, ans1].map((n, k) => g.sel(activeS, n, [r, dcDa, dansDa, c, ans][k]!));
    // The continued fraction's step.
    const cnt1 = g.add(cnt, 1);
    const y1 = g.add(y, 1);
    const z1 = g.add(z, 2);
    const yc = g.mul(y1, cnt1);
    const pk = g.sub(g.mul(pm1, z1), g.mul(pm2, yc));
    const qk = g.sub(g.mul(qm1, z1), g.mul(qm2, yc));
    const nonzero = g.not(g.eq(qk, 0));
    const fans1 = g.sel(nonzero, g.div(pk, qk), fans);
    const dpk = g.add(g.sub(g.sub(g.mul(dpm1, z1), pm1), g.mul(dpm2, yc)), g.mul(pm2, cnt1));
    const dqk = g.add(g.sub(g.sub(g.mul(dqm1, z1), qm1), g.mul(dqm2, yc)), g.mul(qm2, cnt1));
    const dansNew = g.sel(nonzero, g.div(g.sub(dpk, g.mul(fans1, dqk)), qk), fdans);
    const gradStep = g.sel(nonzero, g.abs(g.sub(dansNew, fdans)), 1);
    const rescale = g.gt(g.abs(pk), 1 / eps);
    const scaled = (n: string): string => g.sel(rescale, g.mul(n, eps), n);
    const stepped = [y1, z1, cnt1, scaled(pm1), scaled(pk), scaled(qm1), scaled(qk), fans1, scaled(dpm1), scaled(dqm1), scaled(dpk), scaled(dqk), dansNew];
    const fraction = stepped.map((n, k) => g.sel(activeF, n, [y, z, cnt, pm2, pm1, qm2, qm1, fans, dpm2, dqm2, dpm1, dqm1, fdans][k]!));
    const moreF = g.gt(gradStep, eps);
    const nextS = g.and(activeS, moreS);
    const nextF = g.and(activeF, moreF);
    const results = [series[0]!, series[3]!, series[4]!, series[1]!, series[2]!, ...fraction, nextS, nextF];
    return [{ name: any(sub, g.or(nextS, nextF)), aval: BOOL_SCALAR }, ...results.map((name, k) => ({ name, aval: avals[k]! }))];
  });
  const outs = avals.map(() => em.fresh("igamma_out"));
  em.node("Loop", [em.int64s([2000], true), any(em, f.or(active0[0]!, active0[1]!)), ...series0, ...fraction0, ...active0], outs, { body: { g: body } });
  const [, , ans, , dansDa] = outs as [string, string, string, string, string];
  const fans = outs[12]!;
  const fdans = outs[17]!;
  const psi = digammaOf(f, f.sel(useFraction, A, f.add(A, 1)));
  const dlogaxDa = f.sub(f.log(X), psi);
  const seriesGrad = f.div(f.mul(f.neg(f.add(dansDa, f.mul(ans, dlogaxDa))), X), A);
  const fractionGrad = f.neg(f.mul(f.neg(f.add(fdans, f.mul(fans, dlogaxDa))), X));
  const value = f.sel(useFraction, fractionGrad, seriesGrad);
  const nan = f.or(f.or(f.isNaN(A), f.isNaN(X)), f.or(f.lt(X, 0), f.le(A, 0)));
  return f.sel(nan, NaN, f.sel(f.eq(X, 0), 0, value));
}

/** ln|Γ(x)| of a float64 value, as the kernel's `lgamma` (for samplers whose acceptance test reads it). */
export const lgammaFloat64 = (em: Emitter, x: string): string => lgammaOf(new F(em), x);

// ---- the lowerings -------------------------------------------------------------------------------

/** A float unary special function: in float64, cast in and out for float32. */
function unary<N extends "erfc" | "erf_inv" | "lgamma" | "digamma">(body: (f: F, x: string, shape: readonly number[]) => string): Lowering<N> {
  return (em, e, [x], [out]) => {
    requireDtypes(e, e.primitive);
    const f32 = outDtype(e) === "float32";
    const x64 = f32 ? em.op("Cast", [x!], { to: { i: 11 } }) : x!;
    const r = body(new F(em), x64, e.outputs[0]!.aval.shape);
    em.node(f32 ? "Cast" : "Identity", [r], [out!], f32 ? { to: { i: 1 } } : {});
  };
}

/** random_gamma_grad: the derivative in float64, cast in and out for float32 (the random area's table entry). */
export const randomGammaGradLowering: Lowering<"random_gamma_grad"> = (em, e, [a, x], [out]) => {
  requireDtypes(e, "random_gamma_grad");
  const d = outDtype(e) as "float32" | "float64";
  const wide = (v: string): string => (d === "float32" ? em.op("Cast", [v], { to: { i: 11 } }) : v);
  const r = gammaSampleGradOf(new F(em), wide(a!), wide(x!), d, e.outputs[0]!.aval.shape);
  em.node(d === "float32" ? "Cast" : "Identity", [r], [out!], d === "float32" ? { to: { i: 1 } } : {});
};

/** The special-function part of the ONNX lowering table. */
export const SPECIAL_LOWERINGS = {
  erfc: unary<"erfc">(erfcOf),
  erf_inv: unary<"erf_inv">(erfInvOf),
  lgamma: unary<"lgamma">(lgammaOf),
  digamma: unary<"digamma">(digammaOf),
  polygamma: ((em, e, [m, x], [out]) => {
    requireDtypes({ ...e, inputs: e.inputs.slice(1) }, "polygamma");
    const f32 = outDtype(e) === "float32";
    const x64 = f32 ? em.op("Cast", [x!], { to: { i: 11 } }) : x!;
    const r = polygammaOf(new F(em), m!, x64, e.outputs[0]!.aval.shape);
    em.node(f32 ? "Cast" : "Identity", [r], [out!], f32 ? { to: { i: 1 } } : {});
  }) as Lowering<"polygamma">,
};
