/**
 * ONNX lowerings of the bit-level primitives ONNX has no op for: population_count and clz (on the
 * 32 bits as uint32, since ONNX Runtime's BitShift takes only unsigned types), reduce_xor (a
 * pairwise fold of halves) and nextafter. ONNX has no bitcast before opset 26, so nextafter is
 * arithmetic: x ± the spacing of the float grid at |x| on the side it moves to, a power of two read
 * exactly from a table of every power of two of the dtype (the exponent estimated by a logarithm,
 * then corrected by comparison with the table), which makes the sum exact.
 */
import type { DType } from "../../tensor/dtype.js";
import { Emitter } from "../emitter.js";
import { type Lowering, lit } from "./kit.js";
import { selectExact } from "./select-float.js";

const INT32 = 6, INT64 = 7, UINT32 = 12, DOUBLE = 11;

// ---- population count and leading zeros ---------------------------------------------------------

/** The 32 bits of an int32 or uint32 value as uint32 (a cast keeps the bits). */
const asBits = (em: Emitter, x: string, d: DType): string => (d === "uint32" ? x : em.op("Cast", [x], { to: { i: UINT32 } }));

const shr = (em: Emitter, x: string, s: number): string => em.op("BitShift", [x, lit(em, s, "uint32")], { direction: { s: "RIGHT" } });
const and = (em: Emitter, x: string, mask: number): string => em.op("BitwiseAnd", [x, lit(em, mask, "uint32")]);

/** The number of set bits of uint32 `v`: bit counts of pairs, nibbles, bytes, then summed by a multiply. */
function popcount(em: Emitter, v: string): string {
  const pairs = em.op("Sub", [v, and(em, shr(em, v, 1), 0x55555555)]);
  const nibbles = em.op("Add", [and(em, pairs, 0x33333333), and(em, shr(em, pairs, 2), 0x33333333)]);
  const bytes = and(em, em.op("Add", [nibbles, shr(em, nibbles, 4)]), 0x0f0f0f0f);
  return shr(em, em.op("Mul", [bytes, lit(em, 0x01010101, "uint32")]), 24);
}

/** A uint32 result back in the operand's dtype. */
const backTo = (em: Emitter, v: string, d: DType, out: string): void =>
  em.node(d === "uint32" ? "Identity" : "Cast", [v], [out], d === "uint32" ? {} : { to: { i: INT32 } });

function requireInt(e: { readonly primitive: string; readonly source: string | undefined }, d: DType): void {
  if (d !== "int32" && d !== "uint32") Emitter.unsupported(e, `on ${d} operands (only int32 and uint32)`);
}

const populationCount: Lowering<"population_count"> = (em, e, [x], [out]) => {
  const d = e.outputs[0]!.aval.dtype;
  requireInt(e, d);
  backTo(em, popcount(em, asBits(em, x!, d)), d, out!);
};

/** Leading zeros: 32 minus the bit length, the popcount of x with every bit below its top one set. */
const clz: Lowering<"clz"> = (em, e, [x], [out]) => {
  const d = e.outputs[0]!.aval.dtype;
  requireInt(e, d);
  let s = asBits(em, x!, d);
  for (const k of [1, 2, 4, 8, 16]) s = em.op("BitwiseOr", [s, shr(em, s, k)]);
  backTo(em, em.op("Sub", [lit(em, 32, "uint32"), popcount(em, s)]), d, out!);
};

// ---- reduce_xor ---------------------------------------------------------------------------------

/** Exclusive or over `axes`: the reduced axes moved last and flattened, then halves xor'ed until one is left. */
const reduceXor: Lowering<"reduce_xor"> = (em, e, [x], [out]) => {
  const d = e.outputs[0]!.aval.dtype;
  if (d !== "bool" && d !== "int32" && d !== "uint32") Emitter.unsupported(e, `on ${d} operands (only bool, int32 and uint32)`);
  const shape = e.inputs[0]!.aval.shape;
  const axes = [...new Set(e.params.axes.map((a) => (a < 0 ? a + shape.length : a)))];
  const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const m = kept.reduce((p, i) => p * shape[i]!, 1);
  let n = axes.reduce((p, i) => p * shape[i]!, 1);
  // bools xor as int32 0/1 (ONNX Runtime's BitwiseXor takes integers only).
  let v = d === "bool" ? em.op("Cast", [x!], { to: { i: INT32 } }) : x!;
  v = em.op("Reshape", [em.op("Transpose", [v], { perm: { ints: [...kept, ...axes] } }), em.int64s([m, n])]);
  const zero = lit(em, 0, d === "bool" ? "int32" : d);
  while (n > 1) {
    if (n % 2 === 1) {
      // An odd count gets one zero (xor's identity) appended.
      v = em.op("Concat", [v, em.op("Expand", [zero, em.int64s([m, 1])])], { axis: { i: 1 } });
      n++;
    }
    const half = n / 2;
    const part = (s: number): string => em.op("Slice", [v, em.int64s([s]), em.int64s([s + half]), em.int64s([1])]);
    v = em.op("BitwiseXor", [part(0), part(half)]);
    n = half;
  }
  const r = em.op("Reshape", [v, em.int64s(e.outputs[0]!.aval.shape)]);
  em.node(d === "bool" ? "Cast" : "Identity", [r], [out!], d === "bool" ? { to: { i: 9 } } : {});
};

// ---- nextafter ----------------------------------------------------------------------------------

/** A float format: its significand bits (with the implicit one), its least normal exponent, its largest finite. */
interface Format {
  readonly p: number;
  readonly emin: number;
  readonly max: number;
}
const FORMATS: Readonly<Record<"float32" | "float64", Format>> = {
  float32: { p: 24, emin: -126, max: 3.4028234663852886e38 },
  float64: { p: 53, emin: -1022, max: Number.MAX_VALUE },
};

/** 2^k, exactly (Math.pow may round for large |k| on some engines; halving and doubling do not). */
function pow2(k: number): number {
  let v = 1;
  for (let i = 0; i < Math.abs(k); i++) v = k > 0 ? v * 2 : v / 2;
  return v;
}

/**
 * nextafter(x, y) as the kernel: NaN → x + y; x = y → y; x = ±0 → the least subnormal toward y;
 * ±∞ → ±largest finite; else x moves by the grid spacing on the side it moves to, and a result
 * of zero keeps x's sign (as stepping the bit pattern does).
 */
const nextafter: Lowering<"nextafter"> = (em, e, [x, y], [out]) => {
  const d = e.outputs[0]!.aval.dtype;
  if (d !== "float32" && d !== "float64") Emitter.unsupported(e, `on ${d} operands (only float32 and float64)`);
  const f = FORMATS[d];
  const lowest = f.emin - f.p + 1; // the exponent of the least subnormal
  // The table: 2^k for k from `lowest` to emax + 1 (2^(emax+1) overflows to +∞, above every finite).
  const top = -f.emin + 2;
  const table = new (d === "float32" ? Float32Array : Float64Array)(top - lowest + 1);
  for (let k = lowest; k <= top; k++) table[k - lowest] = pow2(k);
  const powers = em.constant(d, [table.length], table);
  const at = (k: string): string => em.op("Gather", [powers, em.op("Sub", [k, em.int64s([lowest], true)])]);

  // |x|, with 1 standing in where the exponent is not used (0, ±∞, NaN), so every index is in range.
  const special = em.op("Or", [em.op("Or", [em.op("IsNaN", [x!]), em.op("IsInf", [x!])]), em.op("Equal", [x!, lit(em, 0, d)])]);
  const a = em.op("Where", [special, lit(em, 1, d), em.op("Abs", [x!])]);
  // The exponent of |x| (its floor(log2)), estimated in float64 (subnormal float32s included), then
  // corrected by one either way against the exact powers.
  const log2 = em.op("Div", [em.op("Log", [em.op("Cast", [a], { to: { i: DOUBLE } })]), lit(em, Math.LN2, "float64")]);
  const clamped = em.op("Clip", [em.op("Floor", [log2]), lit(em, lowest, "float64"), lit(em, top - 1, "float64")]);
  const e0 = em.op("Cast", [clamped], { to: { i: INT64 } });
  const asInt = (b: string): string => em.op("Cast", [b], { to: { i: INT64 } });
  const below = asInt(em.op("Less", [a, at(e0)]));
  const above = asInt(em.op("GreaterOrEqual", [a, at(em.op("Add", [e0, em.int64s([1], true)]))]));
  const exp = em.op("Sub", [em.op("Add", [e0, above]), below]);
  // Spacing above |x|: 2^(exp − p + 1), not below the least subnormal; below |x| it halves at an
  // exact power of two of a normal exponent above the least.
  const upExp = em.op("Max", [em.op("Sub", [exp, em.int64s([f.p - 1], true)]), em.int64s([lowest], true)]);
  const halves = em.op("And", [em.op("Equal", [a, at(exp)]), em.op("Greater", [exp, em.int64s([f.emin], true)])]);
  const downExp = em.op("Sub", [upExp, asInt(halves)]);
  // Away from zero when y lies further out on x's side.
  const away = em.op("Equal", [em.op("Greater", [y!, x!]), em.op("Greater", [x!, lit(em, 0, d)])]);
  const step = em.op("Where", [away, at(upExp), em.op("Neg", [at(downExp)])]);
  const stepped = em.op("Add", [x!, em.op("Where", [em.op("Less", [x!, lit(em, 0, d)]), em.op("Neg", [step]), step])]);
  // Toward zero from the least subnormal gives zero: with x's sign (x·0).
  const moved = selectExact(em, em.op("Equal", [stepped, lit(em, 0, d)]), em.op("Mul", [x!, lit(em, 0, d)]), stepped, d);

  const fromInf = em.op("Where", [em.op("Less", [x!, lit(em, 0, d)]), lit(em, -f.max, d), lit(em, f.max, d)]);
  const tiny = pow2(lowest);
  const fromZero = em.op("Where", [em.op("Greater", [y!, lit(em, 0, d)]), lit(em, tiny, d), lit(em, -tiny, d)]);
  let r = selectExact(em, em.op("IsInf", [x!]), fromInf, moved, d);
  r = selectExact(em, em.op("Equal", [x!, lit(em, 0, d)]), fromZero, r, d);
  r = selectExact(em, em.op("Equal", [x!, y!]), y!, r, d);
  const nan = em.op("Or", [em.op("IsNaN", [x!]), em.op("IsNaN", [y!])]);
  em.node("Identity", [selectExact(em, nan, em.op("Add", [x!, y!]), r, d)], [out!]);
};

/** The bit-level part of the ONNX lowering table. */
export const BITS_LOWERINGS = {
  population_count: populationCount,
  clz,
  reduce_xor: reduceXor,
  nextafter,
};
