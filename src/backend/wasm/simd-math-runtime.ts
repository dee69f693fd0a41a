/**
 * Runs one vector function of simd-math-f32*.ts or simd-math-f64.ts over float arrays: a module whose
 * `map(src, dst, n)` loops one v128 (four float32 or two float64 lanes) at a time over its own memory. For tests and benchmarks, and the shape the fused
 * loop generator will emit; each kernel owns its memory, which grows (and so detaches) on demand.
 */
import { PAGE_BYTES, type WasmMemory, wasmApi } from "./host.js";
import { forRange } from "./loops.js";
import { SCALAR_IMPORTS, assembleWithScalarMath } from "./fused-module.js";
import { Locals } from "./module.js";
import { i32, local, v128, valtype } from "./opcodes.js";
import type { SimdUnary } from "./simd-math-f32.js";

/** The element types: a function of simd-math-f32*.ts runs on float32, of simd-math-f64.ts on float64. */
export type SimdFloat = "float32" | "float64";
const BYTES: Readonly<Record<SimdFloat, number>> = { float32: 4, float64: 8 };

/**
 * The bytes of a module importing `env.mem` and exporting `map(src, dst, n)`: for each i < n,
 * dst[i] = f(src[i]) on `dtype` elements at byte pointers src and dst; n fills whole vectors.
 *
 * @example `simdUnaryModuleBytes(expF32).length > 100` // true
 */
export function simdUnaryModuleBytes(f: SimdUnary, dtype: SimdFloat = "float32"): Uint8Array {
  const [SRC, DST, N] = [0, 1, 2];
  const L = new Locals(3);
  const p = L.add(valtype.i32);
  const xv = L.add(valtype.v128);
  const body = forRange(p, [i32.const(0)], [local.get(N), i32.const(BYTES[dtype]), i32.mul], [i32.const(16)], [
    local.get(SRC), local.get(p), i32.add, v128.load(), local.set(xv),
    local.get(DST), local.get(p), i32.add, ...f(L, xv), v128.store(),
  ]);
  const i = valtype.i32;
  // With the scalar Math.sin/Math.cos imported, as the trig functions need (the others ignore them).
  return assembleWithScalarMath({
    memory: { module: "env", field: "mem", initial: 1 },
    functions: [{ name: "map", params: [i, i, i], locals: L.types, body }],
  });
}

/** A compiled vector function with its own memory. */
export interface SimdUnaryKernel {
  readonly memory: WasmMemory;
  /** dst[i] = f(src[i]) for i < n (byte pointers into `memory`, n filling whole vectors). */
  readonly map: (src: number, dst: number, n: number) => void;
  /** f of every element of `x` (of the kernel's dtype), in a new array (copied through `memory`). */
  apply<T extends Float32Array | Float64Array>(x: T): T;
}

/**
 * Compiles `f` into a kernel; throws where the host has no WebAssembly.
 *
 * @example `Array.from(simdUnaryKernel(expF32).apply(new Float32Array([0, -1000])))` // [1, 0]
 */
export function simdUnaryKernel(f: SimdUnary, dtype: SimdFloat = "float32"): SimdUnaryKernel {
  const api = wasmApi();
  if (api === undefined) throw new Error("simdUnaryKernel: this host has no WebAssembly");
  const memory = new api.Memory({ initial: 1 });
  const instance = new api.Instance(new api.Module(simdUnaryModuleBytes(f, dtype)), { ...SCALAR_IMPORTS, env: { mem: memory } });
  const map = instance.exports.map as (src: number, dst: number, n: number) => void;
  const bytes = BYTES[dtype];
  const view = (at: number, len: number): Float32Array | Float64Array =>
    dtype === "float32" ? new Float32Array(memory.buffer, at, len) : new Float64Array(memory.buffer, at, len);
  const apply = <T extends Float32Array | Float64Array>(x: T): T => {
    if (x.BYTES_PER_ELEMENT !== bytes) throw new TypeError(`simdUnaryKernel: a ${dtype} kernel was given ${x.BYTES_PER_ELEMENT * 8}-bit floats`);
    const lanes = 16 / bytes;
    const n = Math.ceil(x.length / lanes) * lanes;
    const need = Math.ceil((2 * bytes * n) / PAGE_BYTES) - memory.buffer.byteLength / PAGE_BYTES;
    if (need > 0) memory.grow(need);
    view(0, x.length).set(x);
    map(0, bytes * n, n);
    return view(bytes * n, x.length).slice() as T;
  };
  return { memory, map, apply };
}
