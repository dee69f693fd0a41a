/**
 * A small WebAssembly module builder: function types, an imported linear memory (optionally
 * shared), functions with typed parameters and locals, exports. `assemble` returns the binary;
 * the bytes are deterministic for the same description, so equal kernels compile to equal modules.
 */
import { name, section, uleb, vec } from "./encode.js";
import { type Instr, type ValType, valtype } from "./opcodes.js";

/** An imported memory `module.field`, sized in 64 KiB pages; `shared` requires `maximum`. */
export interface MemoryImport {
  readonly module: string;
  readonly field: string;
  readonly initial: number;
  readonly maximum?: number;
  readonly shared?: boolean;
}

/** A function: parameters, results, extra locals (in order after the parameters) and its body. */
export interface FunctionDef {
  readonly name: string;
  readonly params: readonly ValType[];
  readonly results?: readonly ValType[];
  readonly locals?: readonly ValType[];
  readonly body: readonly Instr[];
  /** Exported under its name when true (the default). */
  readonly exported?: boolean;
}

/** A whole module: at most one imported memory, exported functions. */
export interface ModuleDef {
  readonly memory?: MemoryImport;
  readonly functions: readonly FunctionDef[];
}

/** @internal The limits of a memory import (shared memories need a maximum). */
export function limits(m: MemoryImport): number[] {
  if (m.shared === true) {
    if (m.maximum === undefined) throw new RangeError("a shared memory needs a maximum size");
    return [0x03, ...uleb(m.initial), ...uleb(m.maximum)];
  }
  return m.maximum === undefined ? [0x00, ...uleb(m.initial)] : [0x01, ...uleb(m.initial), ...uleb(m.maximum)];
}

/** @internal Run-length groups of equal local types, as the code section wants them. */
export function localGroups(locals: readonly number[]): number[][] {
  const groups: number[][] = [];
  for (let i = 0; i < locals.length; ) {
    let j = i;
    while (j < locals.length && locals[j] === locals[i]) j++;
    groups.push([...uleb(j - i), locals[i]!]);
    i = j;
  }
  return groups;
}

/**
 * The binary of a module.
 *
 * @example
 * ```ts
 * const bytes = assemble({
 *   functions: [{ name: "add", params: [valtype.i32, valtype.i32], results: [valtype.i32],
 *     body: [[0x20, 0], [0x20, 1], [0x6a]] }], // local.get 0, local.get 1, i32.add
 * });
 * bytes[0] === 0 && bytes[1] === 0x61; // true
 * ```
 */
export function assemble(def: ModuleDef): Uint8Array {
  const fns = def.functions;
  const types = section(1, vec(fns.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec((f.results ?? []).map((t) => [t]))])));
  const m = def.memory;
  const imports = m === undefined ? [] : section(2, vec([[...name(m.module), ...name(m.field), 0x02, ...limits(m)]]));
  const funcs = section(3, vec(fns.map((_, i) => uleb(i))));
  const exported = fns.flatMap((f, i) => (f.exported === false ? [] : [[...name(f.name), 0x00, ...uleb(i)]]));
  const exports = section(7, vec(exported));
  const bodies = fns.map((f) => {
    const body = [...vec(localGroups(f.locals ?? [])), ...f.body.flat(), 0x0b];
    return [...uleb(body.length), ...body];
  });
  const code = section(10, vec(bodies));
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...funcs, ...exports, ...code]);
}

/** Allocates local indices after a function's parameters, so kernels name locals instead of numbering them. */
export class Locals {
  readonly types: ValType[] = [];
  constructor(private readonly paramCount: number) {}
  /**
   * A fresh local of type `t`; returns its index.
   *
   * @example `new Locals(2).add(valtype.i32)` // 2
   */
  add(t: ValType): number {
    this.types.push(t);
    return this.paramCount + this.types.length - 1;
  }
}

export { valtype };
