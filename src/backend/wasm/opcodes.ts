/**
 * Typed instruction constructors: each returns the bytes of one WebAssembly instruction, so a
 * function body is written as a list of calls (`[local.get(a), f32x4.splat, …]`). Only what
 * fluxion's kernels use is here; add an opcode next to its siblings when a kernel needs it.
 */
import { sleb, uleb } from "./encode.js";

/** Value types. */
export const valtype = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const;
export type ValType = (typeof valtype)[keyof typeof valtype];

/** One instruction's bytes. */
export type Instr = readonly number[];

/** Memory argument: log2 alignment and a constant byte offset. */
const memarg = (align: number, offset: number): number[] => [align, ...uleb(offset)];
const simd = (op: number): Instr => [0xfd, ...uleb(op)];

/** Structured control: `block`/`loop` with no result, `br`, `br_if`, `end`. */
export const control = {
  block: [0x02, 0x40] as Instr,
  loop: [0x03, 0x40] as Instr,
  if: [0x04, 0x40] as Instr,
  else: [0x05] as Instr,
  end: [0x0b] as Instr,
  br: (depth: number): Instr => [0x0c, ...uleb(depth)],
  brIf: (depth: number): Instr => [0x0d, ...uleb(depth)],
  return: [0x0f] as Instr,
  call: (func: number): Instr => [0x10, ...uleb(func)],
  select: [0x1b] as Instr,
};

/** Locals. */
export const local = {
  get: (i: number): Instr => [0x20, ...uleb(i)],
  set: (i: number): Instr => [0x21, ...uleb(i)],
  tee: (i: number): Instr => [0x22, ...uleb(i)],
};

/** 32-bit integer arithmetic and comparisons (unsigned where it matters: pointers and counts). */
export const i32 = {
  const: (v: number): Instr => [0x41, ...sleb(v)],
  eqz: [0x45] as Instr,
  eq: [0x46] as Instr,
  ne: [0x47] as Instr,
  ltU: [0x49] as Instr,
  geU: [0x4f] as Instr,
  add: [0x6a] as Instr,
  sub: [0x6b] as Instr,
  mul: [0x6c] as Instr,
  and: [0x71] as Instr,
  shl: [0x74] as Instr,
};

/** Scalar float loads and stores (natural alignment). */
export const f32 = {
  load: (offset = 0): Instr => [0x2a, ...memarg(2, offset)],
  store: (offset = 0): Instr => [0x38, ...memarg(2, offset)],
};

/** Scalar float64: loads, stores, and the arithmetic of the factorization loops (IEEE, as JS numbers compute). */
export const f64 = {
  load: (offset = 0): Instr => [0x2b, ...memarg(3, offset)],
  store: (offset = 0): Instr => [0x39, ...memarg(3, offset)],
  eq: [0x61] as Instr,
  gt: [0x64] as Instr,
  sqrt: [0x9f] as Instr,
  add: [0xa0] as Instr,
  sub: [0xa1] as Instr,
  mul: [0xa2] as Instr,
  div: [0xa3] as Instr,
  const: (v: number): Instr => {
    const d = new DataView(new ArrayBuffer(8));
    d.setFloat64(0, v, true);
    return [0x44, ...new Uint8Array(d.buffer)];
  },
};

/** 128-bit vectors: loads, stores, constants. */
export const v128 = {
  load: (offset = 0): Instr => [...simd(0x00), ...memarg(4, offset)],
  store: (offset = 0): Instr => [...simd(0x0b), ...memarg(4, offset)],
  load32Splat: (offset = 0): Instr => [...simd(0x09), ...memarg(2, offset)],
  load64Splat: (offset = 0): Instr => [...simd(0x0a), ...memarg(3, offset)],
  zero: [...simd(0x0c), ...new Array<number>(16).fill(0)] as Instr,
  /** A constant from its 16 little-endian bytes. */
  const: (bytes: readonly number[]): Instr => [...simd(0x0c), ...bytes],
  not: simd(0x4d),
  and: simd(0x4e),
  andnot: simd(0x4f),
  or: simd(0x50),
  xor: simd(0x51),
  /** `bitselect(a, b, mask)` = (a & mask) | (b & ~mask), operands pushed in that order. */
  bitselect: simd(0x52),
};

/** The 16 bytes of four equal lanes written by `write` into a DataView at byte offsets 0, 4, 8, 12. */
const lanes4 = (write: (d: DataView, at: number) => void): number[] => {
  const d = new DataView(new ArrayBuffer(16));
  for (let at = 0; at < 16; at += 4) write(d, at);
  return Array.from(new Uint8Array(d.buffer));
};

/** Four int32 lanes (comparisons give all-ones lanes where true). */
export const i32x4 = {
  splat: simd(0x11),
  const: (v: number): Instr => v128.const(lanes4((d, at) => d.setInt32(at, v, true))),
  eq: simd(0x37),
  gtS: simd(0x3b),
  /** Shifts take the vector, then a scalar i32 count. */
  shl: simd(0xab),
  shrS: simd(0xac),
  shrU: simd(0xad),
  add: simd(0xae),
  sub: simd(0xb1),
  /** Round toward zero, saturating; NaN becomes 0. */
  truncSatF32x4S: simd(0xf8),
  /** Both float64 lanes to int32 lanes 0 and 1 as truncSatF32x4S does; lanes 2 and 3 are 0. */
  truncSatF64x2SZero: simd(0xfc),
};

/** Four float32 lanes. */
export const f32x4 = {
  splat: simd(0x13),
  /** Four copies of `Math.fround(v)`. */
  const: (v: number): Instr => v128.const(lanes4((d, at) => d.setFloat32(at, v, true))),
  eq: simd(0x41),
  ne: simd(0x42),
  lt: simd(0x43),
  gt: simd(0x44),
  le: simd(0x45),
  ge: simd(0x46),
  floor: simd(0x68),
  /** Round to nearest, ties to even. */
  nearest: simd(0x6a),
  abs: simd(0xe0),
  neg: simd(0xe1),
  sqrt: simd(0xe3),
  add: simd(0xe4),
  sub: simd(0xe5),
  mul: simd(0xe6),
  div: simd(0xe7),
  /** IEEE minimum/maximum: a NaN operand gives NaN, and −0 < +0. */
  min: simd(0xe8),
  max: simd(0xe9),
  convertI32x4S: simd(0xfa),
};

/** Two float64 lanes. */
export const f64x2 = {
  splat: simd(0x14),
  extractLane: (lane: number): Instr => [...simd(0x21), lane],
  /** Two copies of `v`. */
  const: (v: number): Instr => {
    const d = new DataView(new ArrayBuffer(16));
    d.setFloat64(0, v, true);
    d.setFloat64(8, v, true);
    return v128.const(Array.from(new Uint8Array(d.buffer)));
  },
  eq: simd(0x47),
  lt: simd(0x49),
  le: simd(0x4b),
  floor: simd(0x75),
  /** Round to nearest, ties to even. */
  nearest: simd(0x94),
  abs: simd(0xec),
  neg: simd(0xed),
  add: simd(0xf0),
  sub: simd(0xf1),
  mul: simd(0xf2),
  div: simd(0xf3),
  /** IEEE minimum/maximum: a NaN operand gives NaN. */
  min: simd(0xf4),
  max: simd(0xf5),
};

/** Two int64 lanes; shifts take a scalar i32 count. */
export const i64x2 = {
  /** Two copies of the integer `v` (a bigint for bit patterns beyond 2^53). */
  const: (v: number | bigint): Instr => {
    const d = new DataView(new ArrayBuffer(16));
    d.setBigInt64(0, BigInt(v), true);
    d.setBigInt64(8, BigInt(v), true);
    return v128.const(Array.from(new Uint8Array(d.buffer)));
  },
  /** Sign-extends int32 lanes 0 and 1. */
  extendLowI32x4S: simd(0xc7),
  shl: simd(0xcb),
  shrS: simd(0xcc),
  add: simd(0xce),
  sub: simd(0xd1),
};
