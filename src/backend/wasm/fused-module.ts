/**
 * What the fused elementwise loops (fused-loop.ts) and the vector trig functions need beyond the
 * assembler of module.ts: the SIMD instructions no other kernel uses yet, and modules that import
 * the scalar `Math.sin`/`Math.cos` as functions 0 and 1 (the trig functions hand lanes beyond their
 * range reduction to them). The import layout is fixed, so every such module is built the same way
 * and a function body can name the imports by constant index.
 */
import { name, section, sleb, uleb, vec } from "./encode.js";
import { type FunctionDef, type MemoryImport, limits, localGroups } from "./module.js";
import { type Instr, valtype } from "./opcodes.js";

const simd = (op: number): Instr => [0xfd, ...uleb(op)];

/** Function index of the imported scalar `Math.sin` ((f64) → f64). */
export const SCALAR_SIN = 0;
/** Function index of the imported scalar `Math.cos` ((f64) → f64). */
export const SCALAR_COS = 1;
/** How many functions are imported; a module's own functions are numbered after them. */
export const IMPORTED_FUNCTIONS = 2;

/** The import object every module of this file expects besides its memory. */
export const SCALAR_IMPORTS = Object.freeze({ math: Object.freeze({ sin: Math.sin, cos: Math.cos }) });

/** SIMD instructions beyond opcodes.ts (same encoding: the 0xfd prefix and a LEB128 opcode). */
export const simdx = {
  /** `v128.any_true`: 1 if any bit is set. */
  anyTrue: simd(0x53),
  /** `i8x16.shuffle a b` picking bytes by the 16 immediate indices (0–15 from a, 16–31 from b). */
  shuffle: (lanes: readonly number[]): Instr => [...simd(0x0d), ...lanes],
  f32x4Ceil: simd(0x67),
  f32x4ExtractLane: (l: number): Instr => [...simd(0x1f), l],
  f32x4ReplaceLane: (l: number): Instr => [...simd(0x20), l],
  f64x2ExtractLane: (l: number): Instr => [...simd(0x21), l],
  f64x2ReplaceLane: (l: number): Instr => [...simd(0x22), l],
  f64x2Ne: simd(0x48),
  f64x2Gt: simd(0x4a),
  f64x2Ge: simd(0x4c),
  f64x2Ceil: simd(0x74),
  f64x2Sqrt: simd(0xef),
  /** Both float64 lanes to float32 lanes 0 and 1 (rounded to nearest, as `Math.fround`); lanes 2, 3 zero. */
  f32x4DemoteF64x2Zero: simd(0x5e),
  /** Float32 lanes 0 and 1 to float64 (exact). */
  f64x2PromoteLowF32x4: simd(0x5f),
  i64x2Eq: simd(0xd6),
  i64x2ShrU: simd(0xcd),
};

/** `i32.const` for byte offsets (re-exported here so loop builders need one import). */
export const i32Const = (v: number): Instr => [0x41, ...sleb(v)];

/** A module: its memory import (required: every loop reads and writes it) and its own functions. */
export interface ScalarImportingModule {
  readonly memory: MemoryImport;
  readonly functions: readonly FunctionDef[];
}

/**
 * The binary of a module that imports `math.sin` and `math.cos` (functions {@link SCALAR_SIN},
 * {@link SCALAR_COS}) and `env.mem`, then defines `def.functions` (indices from
 * {@link IMPORTED_FUNCTIONS} on). Deterministic: equal descriptions give equal bytes.
 *
 * @example
 * ```ts
 * const bytes = assembleWithScalarMath({ memory: { module: "env", field: "mem", initial: 1 },
 *   functions: [{ name: "f", params: [0x7c], results: [0x7c], body: [[0x20, 0], [0x10, SCALAR_SIN]] }] }); // f64 → f64: sin(x)
 * new WebAssembly.Instance(new WebAssembly.Module(bytes), { ...SCALAR_IMPORTS, env: { mem: new WebAssembly.Memory({ initial: 1 }) } }).exports.f(0); // 0
 * ```
 */
export function assembleWithScalarMath(def: ScalarImportingModule): Uint8Array {
  const fns = def.functions;
  const f64ToF64 = [0x60, 1, valtype.f64, 1, valtype.f64];
  const types = section(1, vec([f64ToF64, ...fns.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec((f.results ?? []).map((t) => [t]))])]));
  const m = def.memory;
  const imports = section(2, vec([
    [...name("math"), ...name("sin"), 0x00, 0],
    [...name("math"), ...name("cos"), 0x00, 0],
    [...name(m.module), ...name(m.field), 0x02, ...limits(m)],
  ]));
  const funcs = section(3, vec(fns.map((_, i) => uleb(i + 1))));
  const exported = fns.flatMap((f, i) => (f.exported === false ? [] : [[...name(f.name), 0x00, ...uleb(i + IMPORTED_FUNCTIONS)]]));
  const exports = section(7, vec(exported));
  const bodies = fns.map((f) => {
    const body = [...vec(localGroups(f.locals ?? [])), ...f.body.flat(), 0x0b];
    return [...uleb(body.length), ...body];
  });
  const code = section(10, vec(bodies));
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...funcs, ...exports, ...code]);
}
