/**
 * The host's WebAssembly JS API, typed by hand (the compiler's lib set has no WebAssembly types),
 * and what it supports: SIMD, shared memory. Read from `globalThis`, so a host without
 * WebAssembly gets `undefined` instead of a load-time ReferenceError.
 */
import { type FunctionDef, assemble } from "./module.js";
import { valtype, v128 } from "./opcodes.js";

/** A linear memory; `buffer` is an ArrayBuffer, or a SharedArrayBuffer when shared. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}

/** The members of the WebAssembly namespace that fluxion uses. */
export interface WasmApi {
  Memory: new (d: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}

/** Bytes per WebAssembly page. */
export const PAGE_BYTES = 65536;

/**
 * Grows `memory` to at least `bytes`, to the next power of two of pages (so a run of growing
 * problems grows it a logarithmic number of times); false, and nothing grown, beyond `maxPages`.
 *
 * @example `growToFit(new (wasmApi()!.Memory)({ initial: 1 }), 1 << 20, 32768)` // true
 */
export function growToFit(memory: WasmMemory, bytes: number, maxPages: number): boolean {
  const have = memory.buffer.byteLength / PAGE_BYTES;
  const need = Math.ceil(bytes / PAGE_BYTES);
  if (need <= have) return true;
  if (need > maxPages) return false;
  let target = have;
  while (target < need) target *= 2;
  memory.grow(Math.min(target, maxPages) - have);
  return true;
}

/**
 * The host's WebAssembly API, or undefined.
 *
 * @example `wasmApi() !== undefined` // true
 */
export function wasmApi(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}

/**
 * True when the host validates a function using a 128-bit SIMD instruction.
 *
 * @example `hasSimd()` // true
 */
export function hasSimd(): boolean {
  const api = wasmApi();
  if (api === undefined) return false;
  const bytes = assemble({ functions: [{ name: "f", params: [], locals: [valtype.v128], body: [v128.zero, [0x21, 0]] }] });
  try {
    return api.validate(bytes);
  } catch {
    return false;
  }
}

/** A module's exports and the shared memory it was instantiated over. */
export interface SharedKernels {
  readonly memory: WasmMemory;
  readonly exports: Record<string, unknown>;
}

/**
 * `functions` assembled into a module of their own over a new shared memory (`initialPages`,
 * growing up to `maxPages`; shared, so growing it never detaches an ArrayBuffer — an unshared
 * memory's detach slows V8's typed-array code for the rest of the process), or null where the host
 * has no WebAssembly SIMD or no shared memory: the caller's JS loop runs instead.
 *
 * @example `sharedKernels([{ name: "f", params: [], body: [] }], 1, 2)?.exports.f !== undefined` // true
 */
export function sharedKernels(functions: readonly FunctionDef[], initialPages: number, maxPages: number): SharedKernels | null {
  const api = wasmApi();
  if (api === undefined || !hasSimd()) return null;
  try {
    const memory = new api.Memory({ initial: initialPages, maximum: maxPages, shared: true });
    const bytes = assemble({ memory: { module: "env", field: "mem", initial: initialPages, maximum: maxPages, shared: true }, functions });
    return { memory, exports: new api.Instance(new api.Module(bytes), { env: { mem: memory } }).exports };
  } catch {
    return null; // no SharedArrayBuffer here
  }
}
