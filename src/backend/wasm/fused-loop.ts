/**
 * jit's fused elementwise loops as WebAssembly SIMD: the equations of one fusion group (as
 * src/backend/cpu/fuse.ts receives them) become one module whose loop runs four float32 or two
 * float64 lanes at a time, every intermediate in a local, each op as fused-ops.ts writes it. The
 * result has fuse.ts's `FusedLoop` interface, so plans run it as they run the JS loop: `run`
 * copies the operand arrays into wasm memory, runs the module, and copies the outputs out.
 *
 * There is no scalar tail: every array is padded to whole vectors in wasm memory, and the padding
 * lanes compute on whatever they hold and are never copied out — so each element is computed by
 * the same instructions wherever it sits, and a loop's results do not depend on n.
 *
 * A group falls back to the JS loop (`undefined`) where the host lacks WebAssembly SIMD, where the
 * switch is off (`FLUXION_WASM=0`, `setWasmFusionEnabled`), where an op has no vector form, where
 * the group mixes float32 and float64 values, or where the lowering table's fused expression for
 * an op is not the default CPU table's (a test's variant table means other semantics).
 *
 * Compiled modules are cached by their bytes: everything a loop computes (ops, exponents,
 * operand layout, dtype) is in its bytes, so two groups share a module only if they would compile
 * the same code.
 */
import type { Atom, Equation } from "../../ir/types.js";
import { CPU_LOWERINGS, type CpuLoweringTable, fusionOf } from "../cpu/lowering.js";
import { SCALAR_IMPORTS, assembleWithScalarMath } from "./fused-module.js";
import { type LaneType, type VectorForm, lanesOf, vectorForm } from "./fused-ops.js";
import { PAGE_BYTES, type WasmMemory, growToFit, hasSimd, wasmApi } from "./host.js";
import { runSplit } from "./fused-threads.js";
import { forRange } from "./loops.js";
import { Locals } from "./module.js";
import { type Instr, i32, local, v128, valtype } from "./opcodes.js";

/** Bytes at the start of memory kept for the threads' control block (fused-threads.ts), then the scalars. */
export const SCALARS_AT = PAGE_BYTES;
/** The largest memory the loops use: 2 GiB keeps every byte offset a positive i32. */
export const MAX_PAGES = 32768;
export const INITIAL_PAGES = 32;
/** How many compiled modules are kept (plans keep their own; this bounds what a new plan can reuse). */
export const MODULE_CACHE_CAPACITY = 256;

/** The fused loops' one memory, and whether it is shared. */
export interface Runtime {
  readonly memory: WasmMemory;
  readonly shared: boolean;
}

let runtime: Runtime | null | undefined;

/**
 * @internal The fused loops' memory (shared where the host allows: growing it then detaches
 * nothing, and worker threads run on it), or null without SIMD.
 */
export function fusedRuntime(): Runtime | null {
  if (runtime !== undefined) return runtime;
  runtime = null;
  const api = wasmApi();
  if (api === undefined || !hasSimd()) return runtime;
  for (const shared of [true, false]) {
    try {
      const memory = new api.Memory(shared ? { initial: INITIAL_PAGES, maximum: MAX_PAGES, shared: true } : { initial: INITIAL_PAGES, maximum: MAX_PAGES });
      runtime = { memory, shared };
      break;
    } catch {
      // no SharedArrayBuffer here: an unshared memory
    }
  }
  return runtime;
}

/** Grows the memory to at least `bytes` (in doubling steps); false beyond `MAX_PAGES`. */
export function ensureBytes(rt: Runtime, bytes: number): boolean {
  return growToFit(rt.memory, bytes, MAX_PAGES);
}

/** Reads `FLUXION_WASM` once: "0" turns the WebAssembly fused loops off. */
function envEnabled(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.FLUXION_WASM !== "0";
}

let enabled = envEnabled();

/**
 * @internal Turns the WebAssembly fused loops on or off (for tests and laws that run both paths);
 * returns the previous setting. Plans already compiled keep the loops they were built with.
 */
export function setWasmFusionEnabled(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}

/** @internal Whether fused loops are tried in WebAssembly first. */
export function wasmFusionEnabled(): boolean {
  return enabled;
}

/** The signature of a module's loop: (scalars, data, stride, start, end), byte addresses. */
export type RunExport = (scalars: number, data: number, stride: number, start: number, end: number) => void;

/** A compiled loop: its module (workers instantiate it too), an id naming it to them, this thread's entry. */
export interface Compiled {
  readonly module: object;
  readonly id: number;
  readonly run: RunExport;
}

const modules = new Map<string, Compiled>();
/** Counters tests read: modules compiled (the cache's misses), loops built as WebAssembly. */
const counts = { compiled: 0, built: 0 };

/** @internal How many distinct fused-loop modules have been compiled (the cache's misses). */
export function wasmFusedModulesCompiled(): number {
  return counts.compiled;
}

/** @internal How many fused loops have been built as WebAssembly (tests see the path was taken). */
export function wasmFusedLoopsBuilt(): number {
  return counts.built;
}

const bytesKey = (bytes: Uint8Array): string => {
  let s = "";
  for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return s;
};

/** @internal The instance of `bytes` on the fused loops' memory, compiled once (view-loop.ts shares the cache). */
export function instantiate(rt: Runtime, bytes: Uint8Array): Compiled {
  const key = bytesKey(bytes);
  const hit = modules.get(key);
  if (hit !== undefined) {
    modules.delete(key);
    modules.set(key, hit);
    return hit;
  }
  const api = wasmApi()!;
  const module = new api.Module(bytes);
  const run = new api.Instance(module, { ...SCALAR_IMPORTS, env: { mem: rt.memory } }).exports.run as RunExport;
  const compiled = { module, id: ++counts.compiled, run };
  modules.set(key, compiled);
  if (modules.size > MODULE_CACHE_CAPACITY) modules.delete(modules.keys().next().value!);
  return compiled;
}

/**
 * A compiled fused loop and how to feed it: the shape of src/backend/cpu/fuse.ts's `FusedLoop`,
 * written out here so that this module does not import fuse.ts, which imports it.
 */
export interface FusedLoop {
  /** Variables read element by element (same shape as the loop). */
  readonly arrays: readonly number[];
  /** Scalar operands: a variable id (a 0-d array) or a constant value. */
  readonly scalars: readonly ({ readonly variable: number } | { readonly value: number })[];
  /** Variables the loop writes out (used after it), with their dtypes. */
  readonly outputs: readonly { readonly variable: number; readonly dtype: string }[];
  /** (arrays, outputs, n, scalars) → fills the outputs. */
  readonly run: (arrays: readonly ArrayLike<number>[], outs: readonly { [i: number]: number }[], n: number, scalars: readonly number[]) => void;
}

/** What one group compiles to before instantiation: its operand lists, the module bytes, which dtype. */
export interface FusedPlan {
  readonly lanes: LaneType;
  readonly arrays: number[];
  readonly arrayIsBool: boolean[];
  readonly scalars: ({ variable: number } | { value: number })[];
  readonly outputs: { variable: number; dtype: string }[];
  readonly bytes: Uint8Array;
  /** True if some op in the loop is a polynomial approximation (not bit-identical to the JS loop). */
  readonly approximate: boolean;
}

/** The float dtype every non-bool value of the group has, or undefined if mixed or not float. */
function groupLanes(group: readonly Equation[]): LaneType | undefined {
  let lanes: LaneType | undefined;
  for (const e of group) {
    for (const a of [...e.inputs, ...e.outputs]) {
      const d = a.aval.dtype;
      if (d === "bool") continue;
      if (d !== "float32" && d !== "float64") return undefined;
      if (lanes !== undefined && lanes !== d) return undefined;
      lanes = d;
    }
  }
  return lanes;
}

/**
 * The module of a fused group, or undefined where it has no vector form (see the file comment).
 * Pure: the same group gives the same bytes.
 *
 * @example `planWasmFused([], new Set(), CPU_LOWERINGS)` // undefined (no equations)
 */
export function planWasmFused(group: readonly Equation[], needed: ReadonlySet<number>, table: CpuLoweringTable): FusedPlan | undefined {
  const lanes = groupLanes(group);
  if (lanes === undefined) return undefined;
  const forms: VectorForm[] = [];
  for (const e of group) {
    if (e.outputs.length !== 1) return undefined;
    const fusion = fusionOf(table, e.primitive);
    if (fusion === undefined || fusion !== fusionOf(CPU_LOWERINGS, e.primitive)) return undefined;
    const form = vectorForm(e.primitive, e.params as Readonly<Record<string, unknown>>, lanes);
    if (form === undefined) return undefined;
    forms.push(form);
  }
  const F = lanesOf(lanes);
  const bytesPer = lanes === "float32" ? 4 : 8;
  const [SC, DATA, STRIDE, START, END] = [0, 1, 2, 3, 4];
  const L = new Locals(5);
  const p = L.add(valtype.i32);
  const arrays: number[] = [];
  const arrayIsBool: boolean[] = [];
  const scalars: ({ variable: number } | { value: number })[] = [];
  const scalarIsBool: boolean[] = [];
  const arrayLocal: number[] = [];
  const scalarLocal: number[] = [];
  const temp = new Map<number, number>();
  let badLiteral = false;
  const operand = (a: Atom): number => {
    const bool = a.aval.dtype === "bool";
    if (a._tag === "Literal") {
      // A float32 loop reads its scalars as float32: a literal it cannot hold exactly would round.
      if (!bool && lanes === "float32" && !Object.is(Math.fround(a.value), a.value) && !Number.isNaN(a.value)) badLiteral = true;
      scalars.push({ value: a.value });
      scalarIsBool.push(bool);
      return scalarLocal[scalars.length - 1] = L.add(valtype.v128);
    }
    const t = temp.get(a.id);
    if (t !== undefined) return t;
    if (a.aval.shape.length === 0 && !arrays.includes(a.id)) {
      const k = scalars.findIndex((s) => "variable" in s && s.variable === a.id);
      if (k >= 0) return scalarLocal[k]!;
      scalars.push({ variable: a.id });
      scalarIsBool.push(bool);
      return scalarLocal[scalars.length - 1] = L.add(valtype.v128);
    }
    let k = arrays.indexOf(a.id);
    if (k < 0) {
      k = arrays.push(a.id) - 1;
      arrayIsBool.push(bool);
      arrayLocal.push(L.add(valtype.v128));
    }
    return arrayLocal[k]!;
  };
  const body: Instr[] = [];
  group.forEach((e, j) => {
    const args = e.inputs.map(operand);
    const out = L.add(valtype.v128);
    body.push(...forms[j]!.emit(L, args), local.set(out));
    temp.set(e.outputs[0]!.id, out);
  });
  if (badLiteral) return undefined;
  const outputs = group.flatMap((e) => e.outputs.filter((v) => needed.has(v.id)).map((v) => ({ variable: v.id, dtype: v.aval.dtype as string })));
  // Bools travel through memory as float 0 and 1 (converted by the typed-array copies): a loaded
  // bool becomes a lane mask by `≠ 0`, a mask is stored as 1.0 where set.
  const load = (bool: boolean): Instr[] => (bool ? [F.k(0), F.ne] : []);
  const base = arrays.map(() => L.add(valtype.i32));
  const outBase = outputs.map(() => L.add(valtype.i32));
  const at = (k: number): Instr[] => [local.get(DATA), local.get(STRIDE), i32.const(k), i32.mul, i32.add];
  const scalarLoad = lanes === "float32" ? v128.load32Splat : v128.load64Splat;
  const prologue: Instr[] = [
    ...scalars.flatMap((_, k) => [local.get(SC), scalarLoad(k * bytesPer), ...load(scalarIsBool[k]!), local.set(scalarLocal[k]!)]),
    ...base.flatMap((b, k) => [...at(k), local.set(b)]),
    ...outBase.flatMap((b, j) => [...at(arrays.length + j), local.set(b)]),
  ];
  const loop = forRange(p, [local.get(START)], [local.get(END)], [i32.const(16)], [
    ...arrays.flatMap((_, k) => [local.get(base[k]!), local.get(p), i32.add, v128.load(), ...load(arrayIsBool[k]!), local.set(arrayLocal[k]!)]),
    ...body,
    ...outputs.flatMap((o, j) => [
      local.get(outBase[j]!), local.get(p), i32.add, local.get(temp.get(o.variable)!), ...(o.dtype === "bool" ? [F.k(1), v128.and] : []), v128.store(),
    ]),
  ]);
  const rt = fusedRuntime();
  const bytes = assembleWithScalarMath({
    memory: { module: "env", field: "mem", initial: INITIAL_PAGES, maximum: MAX_PAGES, shared: rt?.shared ?? false },
    functions: [{ name: "run", params: [valtype.i32, valtype.i32, valtype.i32, valtype.i32, valtype.i32], locals: L.types, body: [...prologue, ...loop] }],
  });
  return { lanes, arrays, arrayIsBool, scalars, outputs, bytes, approximate: forms.some((f) => f.approximate) };
}

const align64 = (x: number): number => Math.ceil(x / 64) * 64;

/**
 * The group as a WebAssembly SIMD loop with fuse.ts's `FusedLoop` interface, or undefined where it
 * must run as the JS loop (see the file comment).
 *
 * @example `compileWasmFused([], new Set(), CPU_LOWERINGS)` // undefined (no equations)
 */
export function compileWasmFused(group: readonly Equation[], needed: ReadonlySet<number>, table: CpuLoweringTable): FusedLoop | undefined {
  if (!enabled || group.length === 0) return undefined;
  const rt = fusedRuntime();
  if (rt === null) return undefined;
  const plan = planWasmFused(group, needed, table);
  if (plan === undefined) return undefined;
  const compiled = instantiate(rt, plan.bytes);
  counts.built++;
  const bytesPer = plan.lanes === "float32" ? 4 : 8;
  const lanesPer = 16 / bytesPer;
  const View = plan.lanes === "float32" ? Float32Array : Float64Array;
  const nArrays = plan.arrays.length;
  const data = SCALARS_AT + align64(plan.scalars.length * bytesPer);
  const run: FusedLoop["run"] = (arrays, outs, n, scalars) => {
    if (n === 0) return;
    const end = Math.ceil(n / lanesPer) * 16;
    const stride = align64(end);
    // Beyond 2 GiB of memory (or where it cannot grow), the JS loop's semantics are lost: throw
    // rather than compute wrongly. 2 GiB is far beyond any array a JS engine will allocate here.
    if (!ensureBytes(rt, data + (nArrays + outs.length) * stride)) throw new RangeError(`fused loop: ${n} elements exceed WebAssembly memory`);
    // A fresh view every call: the memory may have grown since the last one.
    const view = new View(rt.memory.buffer as ArrayBuffer);
    for (let k = 0; k < scalars.length; k++) view[SCALARS_AT / bytesPer + k] = scalars[k]!;
    for (let k = 0; k < nArrays; k++) view.set(arrays[k]!, (data + k * stride) / bytesPer);
    runSplit(rt.memory, rt.shared, compiled.module, compiled.id, compiled.run, [SCALARS_AT, data, stride], end, n);
    for (let j = 0; j < outs.length; j++) {
      const from = (data + (nArrays + j) * stride) / bytesPer;
      (outs[j] as unknown as { set(a: ArrayLike<number>): void }).set(view.subarray(from, from + n));
    }
  };
  return { arrays: plan.arrays, scalars: plan.scalars, outputs: plan.outputs, run };
}
