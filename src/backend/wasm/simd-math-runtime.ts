/**
 * Runs one vector function of simd-math-f32.ts over float32 arrays: a module whose `map(src, dst, n)`
 * loops four lanes at a time over its own memory. For tests and benchmarks, and the shape the fused
 * loop generator will emit; each kernel owns its memory, which grows (and so detaches) on demand.
 */
import { PAGE_BYTES, type WasmMemory, wasmApi } from "./host.js";
import { forRange } from "./loops.js";
import { Locals, assemble } from "./module.js";
import { i32, local, v128, valtype } from "./opcodes.js";
import type { SimdUnary } from "./simd-math-f32.js";

/**
 * The bytes of a module importing `env.mem` and exporting `map(src, dst, n)`: for each i < n,
 * dst[i] = f(src[i]) on float32 elements at byte pointers src and dst; n is a multiple of 4.
 *
 * @example `simdUnaryModuleBytes(expF32).length > 100` // true
 */
export function simdUnaryModuleBytes(f: SimdUnary): Uint8Array {
  const [SRC, DST, N] = [0, 1, 2];
  const L = new Locals(3);
  const p = L.add(valtype.i32);
  const xv = L.add(valtype.v128);
  const body = forRange(p, [i32.const(0)], [local.get(N), i32.const(4), i32.mul], [i32.const(16)], [
    local.get(SRC), local.get(p), i32.add, v128.load(), local.set(xv),
    local.get(DST), local.get(p), i32.add, ...f(L, xv), v128.store(),
  ]);
  const i = valtype.i32;
  return assemble({
    memory: { module: "env", field: "mem", initial: 1 },
    functions: [{ name: "map", params: [i, i, i], locals: L.types, body }],
  });
}

/** A compiled vector function with its own memory. */
export interface SimdUnaryKernel {
  readonly memory: WasmMemory;
  /** dst[i] = f(src[i]) for i < n (byte pointers into `memory`, n a multiple of 4). */
  readonly map: (src: number, dst: number, n: number) => void;
  /** f of every element of `x`, in a new array (copied through `memory`). */
  apply(x: Float32Array): Float32Array;
}

/**
 * Compiles `f` into a kernel; throws where the host has no WebAssembly.
 *
 * @example `Array.from(simdUnaryKernel(expF32).apply(new Float32Array([0, -1000])))` // [1, 0]
 */
export function simdUnaryKernel(f: SimdUnary): SimdUnaryKernel {
  const api = wasmApi();
  if (api === undefined) throw new Error("simdUnaryKernel: this host has no WebAssembly");
  const memory = new api.Memory({ initial: 1 });
  const instance = new api.Instance(new api.Module(simdUnaryModuleBytes(f)), { env: { mem: memory } });
  const map = instance.exports.map as (src: number, dst: number, n: number) => void;
  const apply = (x: Float32Array): Float32Array => {
    const n = Math.ceil(x.length / 4) * 4;
    const need = Math.ceil((8 * n) / PAGE_BYTES) - memory.buffer.byteLength / PAGE_BYTES;
    if (need > 0) memory.grow(need);
    new Float32Array(memory.buffer, 0, x.length).set(x);
    map(0, 4 * n, n);
    return new Float32Array(memory.buffer, 4 * n, x.length).slice();
  };
  return { memory, map, apply };
}
