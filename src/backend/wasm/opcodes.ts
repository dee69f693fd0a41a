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
  shl: [0x74] as Instr,
};

/** Scalar float loads and stores (natural alignment). */
export const f32 = {
  load: (offset = 0): Instr => [0x2a, ...memarg(2, offset)],
  store: (offset = 0): Instr => [0x38, ...memarg(2, offset)],
};
export const f64 = {
  load: (offset = 0): Instr => [0x2b, ...memarg(3, offset)],
  store: (offset = 0): Instr => [0x39, ...memarg(3, offset)],
};

/** 128-bit vectors: loads, stores, constants. */
export const v128 = {
  load: (offset = 0): Instr => [...simd(0x00), ...memarg(4, offset)],
  store: (offset = 0): Instr => [...simd(0x0b), ...memarg(4, offset)],
  load32Splat: (offset = 0): Instr => [...simd(0x09), ...memarg(2, offset)],
  load64Splat: (offset = 0): Instr => [...simd(0x0a), ...memarg(3, offset)],
  zero: [...simd(0x0c), ...new Array<number>(16).fill(0)] as Instr,
};

/** Four float32 lanes. */
export const f32x4 = {
  splat: simd(0x13),
  add: simd(0xe4),
  sub: simd(0xe5),
  mul: simd(0xe6),
};

/** Two float64 lanes. */
export const f64x2 = {
  splat: simd(0x14),
  add: simd(0xf0),
  sub: simd(0xf1),
  mul: simd(0xf2),
};
