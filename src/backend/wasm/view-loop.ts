/**
 * jit's view loops (src/backend/cpu/fuse-views.ts) that end in no reduction, as WebAssembly SIMD:
 * the loop's operands read through strided, broadcast, reversed and padded views, four float32 or
 * two float64 lanes at a time, each op as fused-ops.ts writes it. A view loop's shapes, strides and
 * masks are fixed when it is compiled, so everything about where it reads is worked out then: the
 * loop's dims are merged where every view allows (a contiguous read becomes one long row), and the
 * remaining outer dims become a table with, per row, each operand's byte address and each padded
 * operand's in-range interval of the row. In the row, an operand with inner stride 1 is a vector
 * load, stride 0 a splat hoisted out of the row, any other stride a gather of lanes; a padded
 * operand's lanes outside its interval take the padding value (a `bitselect` on the lane index).
 *
 * Every operand lives in wasm memory with a margin around it wide enough for every address any row
 * computes, lanes past a row's end included: those lanes, and padded lanes, read whatever the
 * margin holds and are never used (a lane past the row's end computes a value that the next row
 * overwrites, or that falls in the output's own padding). So no read leaves the operand's region,
 * and no element depends on where its row starts.
 *
 * Declines (`undefined`: the JS view loop runs) where fused-loop.ts's loops would (no SIMD, the
 * switch off, an op without a vector form, mixed float types, a lowering table that is not the
 * default), where an op is a polynomial approximation (view loops stay bit-identical to eager),
 * where a float32 literal would round, and where the layout would be wasteful: rows shorter than
 * a vector, more than 2¹⁶ rows, or margins larger than the data.
 */
import type { Equation } from "../../ir/types.js";
import { CPU_LOWERINGS, type CpuLoweringTable, fusionOf } from "../cpu/lowering.js";
import { assembleWithScalarMath, simdx } from "./fused-module.js";
import { INITIAL_PAGES, MAX_PAGES, SCALARS_AT, ensureBytes, fusedRuntime, instantiate, wasmFusionEnabled } from "./fused-loop.js";
import { type LaneType, type VectorForm, lanesOf, vectorForm } from "./fused-ops.js";
import { forRange } from "./loops.js";
import { uleb } from "./encode.js";
import { Locals } from "./module.js";
import { type Instr, f32, f64, f32x4, f64x2, i32, local, v128, valtype } from "./opcodes.js";

/** Where a step's operand comes from: an earlier step's value, a loop scalar, or an array read through its view. */
export type ViewRef = { readonly temp: number } | { readonly scalar: number } | { readonly array: number };

/** One value of the loop: an equation applied to its operands, or (no equation) a copy of one operand. */
export interface ViewStep {
  readonly eqn?: Equation;
  readonly ins: readonly ViewRef[];
}

/** An array the loop reads through a view over the loop's shape. */
export interface ViewArray {
  readonly dtype: string;
  /** Elements of the source array. */
  readonly size: number;
  /** Per loop dim, in source elements. */
  readonly strides: readonly number[];
  readonly offset: number;
  /** Per loop dim, the in-range interval [lo, hi) (flattened pairs); absent: no padding. */
  readonly masks?: readonly number[];
  /** The padding value as the source stores it. */
  readonly fill: number;
}

/** A view loop as data: what fuse-views.ts compiles to JS, for the vector loop. */
export interface ViewLoopSpec {
  readonly shape: readonly number[];
  readonly arrays: readonly ViewArray[];
  /**
   * Per loop scalar: its dtype (`"param"` for a number from an op's params, which the vector forms
   * take from the params themselves), and its value where it is a literal operand (known now).
   */
  readonly scalars: readonly { readonly dtype: string; readonly literal?: number }[];
  readonly steps: readonly ViewStep[];
  /** The steps written out, in order, with their dtypes. */
  readonly outputs: readonly { readonly step: number; readonly dtype: string }[];
}

/** Runs the loop: fills `outs` (full size, loop order) from the arrays and the scalars' values. */
export type ViewLoopRun = (arrays: readonly ArrayLike<number>[], outs: readonly { [i: number]: number }[], scalars: readonly number[]) => void;

const counts = { built: 0 };

/** @internal How many view loops have been built as WebAssembly (tests see the path was taken). */
export function wasmViewLoopsBuilt(): number {
  return counts.built;
}

/** The one float lane type of every non-bool value the loop touches, or undefined. */
function loopLanes(spec: ViewLoopSpec): LaneType | undefined {
  const dtypes = [
    ...spec.arrays.map((a) => a.dtype),
    ...spec.scalars.map((s) => s.dtype),
    ...spec.outputs.map((o) => o.dtype),
    ...spec.steps.flatMap((s) => (s.eqn === undefined ? [] : [...s.eqn.inputs, ...s.eqn.outputs].map((a) => a.aval.dtype as string))),
  ];
  let lanes: LaneType | undefined;
  for (const d of dtypes) {
    if (d === "bool" || d === "param") continue;
    if (d !== "float32" && d !== "float64") return undefined;
    if (lanes !== undefined && lanes !== d) return undefined;
    lanes = d;
  }
  return lanes;
}

/** A loop dim: its size, and per array its stride and in-range interval. */
interface Dim {
  readonly size: number;
  readonly strides: number[];
  readonly masks: ([number, number] | undefined)[];
}

const full = (m: [number, number] | undefined, size: number): boolean => m === undefined || (m[0] <= 0 && m[1] >= size);

/** `outer` and `inner` as one dim, where every array reads them as one (no padding in either). */
function merged(outer: Dim, inner: Dim): Dim | undefined {
  const strides: number[] = [];
  for (let k = 0; k < outer.strides.length; k++) {
    if (!full(outer.masks[k], outer.size) || !full(inner.masks[k], inner.size)) return undefined;
    if (inner.size === 1) strides.push(outer.strides[k]!);
    else if (outer.size === 1 || outer.strides[k] === inner.strides[k]! * inner.size) strides.push(inner.strides[k]!);
    else return undefined;
  }
  return { size: outer.size * inner.size, strides, masks: outer.masks.map(() => undefined) };
}

/** i32.load, f32/f64.convert_i32_s (not in opcodes.ts). */
const i32Load = (offset: number): Instr => [0x28, 2, ...uleb(offset)];
const f32ConvertI32S: Instr = [0xb2];
const f64ConvertI32S: Instr = [0xb7];

const align64 = (x: number): number => Math.ceil(x / 64) * 64;
/** Loops with more rows than this stay in JS (the row table is copied in on every call). */
const MAX_ROWS = 1 << 16;

/**
 * The view loop `spec` as a WebAssembly SIMD loop, or undefined where it declines (file comment).
 *
 * @example `compileWasmViewLoop({ shape: [0], arrays: [], scalars: [], steps: [], outputs: [] })` // undefined (writes nothing)
 */
export function compileWasmViewLoop(spec: ViewLoopSpec, table: CpuLoweringTable = CPU_LOWERINGS): ViewLoopRun | undefined {
  if (!wasmFusionEnabled() || spec.outputs.length === 0) return undefined;
  const rt = fusedRuntime();
  if (rt === null) return undefined;
  const lanes = loopLanes(spec);
  if (lanes === undefined) return undefined;
  const forms: (VectorForm | undefined)[] = [];
  for (const s of spec.steps) {
    if (s.eqn === undefined) {
      forms.push(undefined);
      continue;
    }
    const e = s.eqn;
    if (e.outputs.length !== 1) return undefined;
    const fusion = fusionOf(table, e.primitive);
    if (fusion === undefined || fusion !== fusionOf(CPU_LOWERINGS, e.primitive)) return undefined;
    const form = vectorForm(e.primitive, e.params as Readonly<Record<string, unknown>>, lanes);
    if (form === undefined || form.approximate) return undefined;
    forms.push(form);
  }
  const f32Lanes = lanes === "float32";
  if (f32Lanes && spec.scalars.some((s) => s.literal !== undefined && !Number.isNaN(s.literal) && !Object.is(Math.fround(s.literal), s.literal))) return undefined;

  // The loop's dims, merged where every view allows.
  const nA = spec.arrays.length;
  const dims0: Dim[] = spec.shape.map((size, d) => ({
    size,
    strides: spec.arrays.map((a) => a.strides[d]!),
    masks: spec.arrays.map((a) => (a.masks === undefined ? undefined : [a.masks[2 * d]!, a.masks[2 * d + 1]!] as [number, number])),
  }));
  const dims: Dim[] = [];
  for (const d of dims0) {
    const m = dims.length === 0 ? undefined : merged(dims[dims.length - 1]!, d);
    if (m !== undefined) dims[dims.length - 1] = m;
    else dims.push(d);
  }
  const B = f32Lanes ? 4 : 8;
  const LANES = 16 / B;
  const innerDim = dims[dims.length - 1]!;
  const inner = innerDim.size;
  const outer = dims.slice(0, -1);
  const rows = outer.reduce((p, d) => p * d.size, 1);
  const n = rows * inner;
  if (n === 0 || inner < LANES || rows > MAX_ROWS || inner >= 1 << 24) return undefined;
  const innerP = Math.ceil(inner / LANES) * LANES;
  const masked = spec.arrays.flatMap((_, k) => (innerDim.masks[k] !== undefined || outer.some((d) => d.masks[k] !== undefined) ? [k] : []));
  const cols = nA + 2 * masked.length;

  // Per row: each array's first element (in source elements), each padded array's interval.
  const bases = new Float64Array(rows * nA);
  const intervals = new Int32Array(rows * 2 * masked.length);
  const idx = new Array<number>(outer.length).fill(0);
  const lowE = spec.arrays.map(() => 0);
  const highE = spec.arrays.map((a) => Math.max(a.size - 1, 0));
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < nA; k++) {
      let base = spec.arrays[k]!.offset;
      outer.forEach((d, j) => (base += idx[j]! * d.strides[k]!));
      const mi = masked.indexOf(k);
      if (mi >= 0) {
        const inRange = outer.every((d, j) => d.masks[k] === undefined || (idx[j]! >= d.masks[k]![0] && idx[j]! < d.masks[k]![1]));
        const [lo, hi] = inRange ? innerDim.masks[k] ?? [0, inner] : [0, 0];
        if (!inRange) base = 0;
        intervals[(r * masked.length + mi) * 2] = Math.max(0, Math.min(lo, inner));
        intervals[(r * masked.length + mi) * 2 + 1] = Math.max(0, Math.min(hi, inner));
      }
      bases[r * nA + k] = base;
      const s = innerDim.strides[k]!;
      lowE[k] = Math.min(lowE[k]!, base + Math.min(0, (innerP - 1) * s));
      highE[k] = Math.max(highE[k]!, base + Math.max(0, (innerP - 1) * s));
    }
    for (let j = outer.length - 1; j >= 0; j--) {
      if (++idx[j]! < outer[j]!.size) break;
      idx[j] = 0;
    }
  }

  // The memory layout: scalars, the row table, each array's region (data after its low margin), outputs.
  const scalarsBytes = align64(spec.scalars.length * B);
  const tableAt = SCALARS_AT + scalarsBytes;
  let at = tableAt + align64(rows * cols * 4);
  const dataAt: number[] = [];
  const regionStart: number[] = [];
  let regionBytes = 0;
  for (let k = 0; k < nA; k++) {
    const bytes = align64((highE[k]! - lowE[k]! + 1) * B + 16);
    regionBytes += bytes;
    regionStart.push(at);
    dataAt.push(at - lowE[k]! * B);
    at += bytes;
  }
  const dataBytes = spec.arrays.reduce((s, a) => s + a.size * B, 0) + n * B;
  if (regionBytes > 2 * dataBytes + 64 * 1024) return undefined;
  const outAt: number[] = [];
  for (let j = 0; j < spec.outputs.length; j++) {
    outAt.push(at);
    at += align64((n + LANES) * B);
  }
  const end = at;
  if (end >= MAX_PAGES * 65536) return undefined;
  const rowTable = new Int32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < nA; k++) rowTable[r * cols + k] = dataAt[k]! + bases[r * nA + k]! * B;
    for (let m = 0; m < 2 * masked.length; m++) rowTable[r * cols + nA + m] = intervals[r * 2 * masked.length + m]!;
  }

  // The function: no parameters (every address is fixed above).
  const F = lanesOf(lanes);
  const L = new Locals(0);
  const [r, rowPtr, p, outRow, addr] = [L.add(valtype.i32), L.add(valtype.i32), L.add(valtype.i32), L.add(valtype.i32), L.add(valtype.i32)];
  const iv = L.add(valtype.v128);
  const rowAddr = spec.arrays.map(() => L.add(valtype.i32));
  const lo = masked.map(() => L.add(valtype.v128));
  const hi = masked.map(() => L.add(valtype.v128));
  const splat = spec.arrays.map((_, k) => (innerDim.strides[k] === 0 ? L.add(valtype.v128) : -1));
  const val = spec.arrays.map(() => L.add(valtype.v128));
  const sc = spec.scalars.map(() => L.add(valtype.v128));
  const temps = spec.steps.map(() => L.add(valtype.v128));
  const toMask = (dtype: string): Instr[] => (dtype === "bool" ? [F.k(0), F.ne] : []);
  const scalarLoad = f32Lanes ? v128.load32Splat : v128.load64Splat;
  const convert = f32Lanes ? [f32ConvertI32S, f32x4.splat] : [f64ConvertI32S, f64x2.splat];
  const laneIndex = f32Lanes
    ? v128.const([0, 1, 2, 3].flatMap((l) => Array.from(new Uint8Array(new Float32Array([l]).buffer))))
    : v128.const([0, 1].flatMap((l) => Array.from(new Uint8Array(new Float64Array([l]).buffer))));

  const loadArray = (k: number): Instr[] => {
    const s = innerDim.strides[k]!;
    if (s === 0) return [local.get(splat[k]!)];
    if (s === 1) return [local.get(rowAddr[k]!), local.get(p), i32.add, v128.load()];
    // A gather: lane l at rowAddr + (i + l)·s elements.
    const out: Instr[] = [local.get(rowAddr[k]!), local.get(p), i32.const(s), i32.mul, i32.add, local.set(addr)];
    const sb = s * B;
    const laneAt = (l: number): Instr[] => [local.get(addr), ...(l === 0 ? [] : [i32.const(l * sb), i32.add])];
    if (f32Lanes) {
      out.push(...laneAt(0), f32.load(), f32x4.splat);
      for (let l = 1; l < 4; l++) out.push(...laneAt(l), f32.load(), simdx.f32x4ReplaceLane(l));
    } else {
      out.push(...laneAt(0), f64.load(), f64x2.splat, ...laneAt(1), f64.load(), simdx.f64x2ReplaceLane(1));
    }
    return out;
  };
  const ref = (x: ViewRef): number => ("temp" in x ? temps[x.temp]! : "scalar" in x ? sc[x.scalar]! : val[x.array]!);

  const rowBody: Instr[] = [
    ...spec.arrays.flatMap((_, k) => [local.get(rowPtr), i32Load(k * 4), local.set(rowAddr[k]!)]),
    ...masked.flatMap((_, m) => [
      local.get(rowPtr), i32Load((nA + 2 * m) * 4), ...convert, local.set(lo[m]!),
      local.get(rowPtr), i32Load((nA + 2 * m + 1) * 4), ...convert, local.set(hi[m]!),
    ]),
    ...spec.arrays.flatMap((_, k) => (splat[k]! < 0 ? [] : [local.get(rowAddr[k]!), scalarLoad(), local.set(splat[k]!)])),
    laneIndex, local.set(iv),
    ...forRange(p, [i32.const(0)], [i32.const(innerP * B)], [i32.const(16)], [
      ...spec.arrays.flatMap((a, k) => {
        const m = masked.indexOf(k);
        const value = loadArray(k);
        const inRange = m < 0 ? value : [...value, F.k(a.fill), local.get(iv), local.get(lo[m]!), F.ge, local.get(iv), local.get(hi[m]!), F.lt, v128.and, v128.bitselect];
        return [...inRange, ...toMask(a.dtype), local.set(val[k]!)];
      }),
      ...spec.steps.flatMap((s, j) => [...(s.eqn === undefined ? [local.get(ref(s.ins[0]!))] : forms[j]!.emit(L, s.ins.map(ref))), local.set(temps[j]!)]),
      ...spec.outputs.flatMap((o, j) => [
        i32.const(outAt[j]!), local.get(outRow), i32.add, local.get(p), i32.add,
        local.get(temps[o.step]!), ...(o.dtype === "bool" ? [F.k(1), v128.and] : []), v128.store(),
      ]),
      local.get(iv), F.k(LANES), F.add, local.set(iv),
    ]),
    local.get(rowPtr), i32.const(cols * 4), i32.add, local.set(rowPtr),
    local.get(outRow), i32.const(inner * B), i32.add, local.set(outRow),
  ];
  const body: Instr[] = [
    ...spec.scalars.flatMap((s, k) => [i32.const(SCALARS_AT), scalarLoad(k * B), ...toMask(s.dtype), local.set(sc[k]!)]),
    i32.const(tableAt), local.set(rowPtr),
    i32.const(0), local.set(outRow),
    ...forRange(r, [i32.const(0)], [i32.const(rows)], [i32.const(1)], rowBody),
  ];
  const bytes = assembleWithScalarMath({
    memory: { module: "env", field: "mem", initial: INITIAL_PAGES, maximum: MAX_PAGES, shared: rt.shared },
    functions: [{ name: "run", params: [], locals: L.types, body }],
  });
  const compiled = instantiate(rt, bytes);
  const run = compiled.run as unknown as () => void;
  counts.built++;
  const View = f32Lanes ? Float32Array : Float64Array;
  return (arrays, outs, scalars) => {
    if (!ensureBytes(rt, end)) throw new RangeError(`view loop: ${n} elements exceed WebAssembly memory`);
    const buffer = rt.memory.buffer as ArrayBuffer;
    const view = new View(buffer);
    for (let k = 0; k < scalars.length; k++) view[SCALARS_AT / B + k] = scalars[k]!;
    new Int32Array(buffer, tableAt, rowTable.length).set(rowTable);
    for (let k = 0; k < nA; k++) view.set(arrays[k]!, dataAt[k]! / B);
    run();
    for (let j = 0; j < outs.length; j++) {
      const from = outAt[j]! / B;
      (outs[j] as unknown as { set(a: ArrayLike<number>): void }).set(view.subarray(from, from + n));
    }
  };
}
