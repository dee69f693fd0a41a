/**
 * Fused loops that read through views and end in reductions. A fusion group here holds movement
 * equations (broadcast_in_dim, transpose, slice, rev, reshape: read as views of their operands,
 * view.ts), elementwise equations over one shape, and possibly a final reduce_sum / reduce_max /
 * reduce_min of the chain — or only a chain of movement equations, whose last result the loop
 * copies out in one pass. The generated function fills a range of the loop's elements in
 * row-major order: the innermost dim runs as a plain counted loop in which each strided operand's
 * position moves by its inner stride, and outer dims advance by carrying (no division per element).
 *
 * A reduction calls that function on the ranges its reference kernel (src/tensor/kernels/reduce.ts)
 * reads in turn — leaves of ≤ 256 elements of a row, or whole rows of a column sum — into a small
 * float64 scratch, and accumulates the scratch exactly as the kernel accumulates its input: pairwise
 * in float64 with four accumulators per leaf, or row-pairwise for leading axes. The chain's value is
 * never stored to a full array, and the result has the bits of the unfused equations.
 *
 * A loop without a reduction runs as WebAssembly SIMD where it can (src/backend/wasm/view-loop.ts,
 * from the same description as data: operands, views, steps), and as the generated JS function
 * where that declines — or where neither can be built, as the equations' kernels.
 */
import type { Atom, Equation } from "../../ir/types.js";
import { type DType, type DataArray, allocate } from "../../tensor/dtype.js";
import { powBySquaring } from "../../tensor/kernels/scalar-math.js";
import { normalizeAxes, sizeOf } from "../../tensor/shape.js";
import { compileCached } from "./codegen.js";
import { type CpuLoweringTable, type Fusion, fusionOf, reductionOf, viewOf } from "./lowering.js";
import { HELPERS } from "./snippets.js";
import { type View, contiguousView, isConstant, isContiguous, isMasked } from "./view.js";
import { type ViewArray, type ViewLoopRun, type ViewLoopSpec, type ViewRef, type ViewStep, compileWasmViewLoop } from "../wasm/view-loop.js";

const LOOP_HELPERS = Object.freeze({ ...HELPERS, fround: Math.fround, powsq: powBySquaring });

/** The names fused expressions give an equation's operands, in order. */
const OPERAND_NAMES = ["x", "y", "z"] as const;

/** Where a value read by the loop comes from: a variable (its slot) or a constant. */
export type LoopScalar = { readonly variable: number; readonly index: number } | { readonly value: number };

/** An array the loop reads: a variable's data, through a view (strides over the loop's shape). */
export interface LoopArray {
  readonly variable: number;
  /** Per loop dim, in the variable's elements; undefined: read at the loop's own flat index. */
  readonly strides?: readonly number[];
  readonly offset: number;
  /** For a padded view: per loop dim, the range [lo, hi) read from the variable (flattened pairs). */
  readonly masks?: readonly number[];
}

/**
 * The element-range function: fills elements [w0, w0 + len) of the loop (row-major over its
 * shape) — the written-out values into `outs` at their flat index, and the reduction's operand
 * of element i into `sc[i - sb]`.
 */
export type FillRange = (
  arrays: readonly ArrayLike<number>[], outs: readonly { [i: number]: number }[], sc: { [i: number]: number },
  w0: number, len: number, scalars: readonly number[],
  shape: Int32Array, st: Int32Array, off: Int32Array, idx: Int32Array, sb: number, mk: Int32Array,
) => void;

/** A compiled view/reduction loop and how to feed it. */
export interface ViewLoop {
  /** The loop's shape (1-d `[1]` for a 0-d group). */
  readonly shape: readonly number[];
  readonly arrays: readonly LoopArray[];
  readonly scalars: readonly LoopScalar[];
  /** Variables the loop writes out at full size (used after it), with their dtypes. */
  readonly outputs: readonly { readonly variable: number; readonly dtype: DType }[];
  /** The reduction the loop ends in: its op, normalised axes, result variable and dtype. */
  readonly reduction?: { readonly op: "sum" | "max" | "min"; readonly axes: readonly number[]; readonly variable: number; readonly dtype: DType };
  /** The JS element-range function (absent where `run` computes the whole loop). */
  readonly fill?: FillRange;
  /** The whole loop as a WebAssembly SIMD loop (src/backend/wasm/view-loop.ts), where it compiled. */
  readonly run?: ViewLoopRun;
}

/**
 * How a reference reduction walks its input (mirrors src/tensor/kernels/reduce.ts): size-1 dims
 * dropped, the rest grouped into runs of kept (K) and reduced (R) dims. `"R"`, `"KR"` and `""`
 * reduce contiguous rows; `"RK"` and `"KRK"` accumulate rows into a vector; `"K"` copies.
 * Anything else ("interleaved") is transposed first by the kernel, and does not fuse.
 */
export function reduceLayout(shape: readonly number[], axes: readonly number[]): { pattern: string; sizes: number[] } {
  const sizes: number[] = [];
  const kinds: boolean[] = [];
  shape.forEach((s, d) => {
    if (s === 1) return;
    const r = axes.includes(d);
    if (kinds.length > 0 && kinds[kinds.length - 1] === r) sizes[sizes.length - 1]! *= s;
    else {
      sizes.push(s);
      kinds.push(r);
    }
  });
  return { pattern: kinds.map((r) => (r ? "R" : "K")).join(""), sizes };
}

/** True if a reduction over `axes` of `shape` walks its input in an order a fused loop can feed. */
export function reductionFuses(shape: readonly number[], axes: readonly number[]): boolean {
  return ["", "R", "KR", "K", "RK", "KRK"].includes(reduceLayout(shape, normalizeAxes(axes, shape.length, "reduce")).pattern);
}

/**
 * Compiles a fusion group with views and/or a final reduction (`group` in order: movement
 * equations before their readers) into one loop, writing out the variables in `needed`. Returns
 * undefined where code generation is unavailable (the caller runs the equations' kernels).
 */
export function compileViewGroup(group: readonly Equation[], needed: ReadonlySet<number>, table: CpuLoweringTable): ViewLoop | undefined {
  const last = group[group.length - 1]!;
  const op = reductionOf(table, last.primitive);
  const reduceEqn = op === undefined ? undefined : last;
  const body = reduceEqn === undefined ? group : group.slice(0, -1);
  const loopShape0 = reduceEqn !== undefined ? reduceEqn.inputs[0]!.aval.shape : last.outputs[0]!.aval.shape;
  const loopShape = loopShape0.length === 0 ? [1] : [...loopShape0];
  const nd = loopShape.length;
  const views = new Map<number, { readonly source: Atom; readonly view: View }>();
  const temp = new Map<number, string>();
  const tempStep = new Map<number, number>();
  const arrays: LoopArray[] = [];
  const arrayKeys: string[] = [];
  const arrayDtypes: string[] = [];
  const scalars: LoopScalar[] = [];
  const lines: string[] = [];
  // The same loop as data, for the WebAssembly view loop (src/backend/wasm/view-loop.ts).
  const vArrays: ViewArray[] = [];
  const vScalars: { dtype: string; literal?: number }[] = [];
  const vSteps: ViewStep[] = [];
  const contiguous = contiguousView(loopShape).strides;

  type Operand = { readonly js: string; readonly ref: ViewRef };
  const scalarOf = (s: LoopScalar, dtype: string): Operand => {
    const k = scalars.findIndex((t) => ("variable" in t && "variable" in s ? t.variable === s.variable && t.index === s.index : false));
    if (k >= 0) return { js: `s${k}`, ref: { scalar: k } };
    vScalars.push("value" in s ? { dtype, literal: s.value } : { dtype });
    const j = scalars.push(s) - 1;
    return { js: `s${j}`, ref: { scalar: j } };
  };
  const arrayOf = (variable: number, dtype: DType, view: View | undefined, size: number): Operand => {
    // A view that reads the source row-major from 0 is the source itself.
    const plain = view === undefined || (view.offset === 0 && isContiguous(view));
    const masks = view !== undefined && isMasked(view) ? view.masks!.flatMap(([lo, hi]) => [lo, hi]) : undefined;
    const a: LoopArray = plain
      ? { variable, offset: 0 }
      : { variable, strides: loopStrides(view, nd), offset: view.offset, ...(masks === undefined ? {} : { masks }) };
    const key = `${variable}:${a.strides?.join(",") ?? "="}:${a.offset}:${masks?.join(",") ?? ""}:${view?.fill ?? ""}`;
    // The padding value as the source array stores it (float32 rounding, integer conversion).
    const stored = allocate(dtype, 1);
    stored[0] = view?.fill ?? 0;
    let k = arrayKeys.indexOf(key);
    if (k < 0) {
      k = arrayKeys.push(key) - 1;
      arrays.push(a);
      arrayDtypes.push(dtype);
      vArrays.push({ dtype, size, strides: a.strides ?? contiguous, offset: a.offset, ...(masks === undefined ? {} : { masks }), fill: stored[0]! });
    }
    const ref = { array: k };
    if (a.strides === undefined) return { js: `a${k}[i]`, ref };
    if (masks === undefined) return { js: `a${k}[q${k}]`, ref };
    return { js: `(i >= lo${k} && i < hi${k} ? a${k}[q${k}] : ${scalarOf({ value: stored[0]! }, "param").js})`, ref };
  };
  const operand = (a: Atom): Operand => {
    if (a._tag === "Literal") return scalarOf({ value: a.value }, a.aval.dtype);
    const t = temp.get(a.id);
    if (t !== undefined) return { js: t, ref: { temp: tempStep.get(a.id)! } };
    const v = views.get(a.id);
    if (v !== undefined) {
      if (v.source._tag === "Literal") return scalarOf({ value: v.source.value }, v.source.aval.dtype);
      if (isConstant(v.view)) return scalarOf({ variable: v.source.id, index: v.view.offset }, v.source.aval.dtype);
      return arrayOf(v.source.id, v.source.aval.dtype as DType, v.view, sizeOf(v.source.aval.shape));
    }
    if (a.aval.shape.length === 0) return scalarOf({ variable: a.id, index: 0 }, a.aval.dtype);
    return arrayOf(a.id, a.aval.dtype as DType, undefined, sizeOf(a.aval.shape));
  };
  const param = (value: number): string => {
    vScalars.push({ dtype: "param" });
    return `s${scalars.push({ value }) - 1}`;
  };

  let j = 0;
  for (const e of body) {
    const viewFn = viewOf(table, e.primitive) as ((v: View, p: unknown, s: readonly number[]) => View | undefined) | undefined;
    if (viewFn !== undefined) {
      const a = e.inputs[0]!;
      const inner = a._tag === "Var" ? views.get(a.id) : undefined;
      const source = inner?.source ?? a;
      const view = viewFn(inner?.view ?? contiguousView(a.aval.shape), e.params, e.outputs[0]!.aval.shape);
      if (view === undefined) return undefined;
      views.set(e.outputs[0]!.id, { source, view });
      // A group that only copies a view out (a movement chain materialised in one pass).
      if (e === last && needed.has(e.outputs[0]!.id)) {
        const value = operand(e.outputs[0]!);
        const name = `t${j}`;
        temp.set(e.outputs[0]!.id, name);
        tempStep.set(e.outputs[0]!.id, j++);
        vSteps.push({ ins: [value.ref] });
        lines.push(`{ ${name} = ${value.js}; }`);
      }
      continue;
    }
    const fusion = fusionOf(table, e.primitive) as Fusion<Equation["primitive"]> | undefined;
    if (fusion === undefined) return undefined;
    const out = e.outputs[0]!;
    const name = `t${j}`;
    const ins = e.inputs.map(operand);
    const expr = typeof fusion.expr === "string" ? fusion.expr : fusion.expr(e.params as never, param);
    // Only float arithmetic rounds: a comparison is 0 or 1 and a select picks a stored value.
    const rounded = fusion.form === "float" && out.aval.dtype === "float32" ? `fround(${expr})` : expr;
    temp.set(out.id, name);
    tempStep.set(out.id, j++);
    vSteps.push({ eqn: e, ins: ins.map((o) => o.ref) });
    lines.push(`{ const ${ins.map((v, k) => `${OPERAND_NAMES[k]} = ${v.js}`).join(", ")}; ${name} = ${rounded}; }`);
  }
  const stream = reduceEqn === undefined ? undefined : operand(reduceEqn.inputs[0]!).js;
  const outputs = body.flatMap((e) => e.outputs.filter((v) => needed.has(v.id) && temp.has(v.id)).map((v) => ({ variable: v.id, dtype: v.aval.dtype })));
  if (reduceEqn === undefined) {
    // Without a reduction, a WebAssembly SIMD loop first; the JS loop below where it declines.
    const spec: ViewLoopSpec = {
      shape: loopShape, arrays: vArrays, scalars: vScalars, steps: vSteps,
      outputs: outputs.map((o) => ({ step: tempStep.get(o.variable)!, dtype: o.dtype })),
    };
    const run = compileWasmViewLoop(spec, table);
    if (run !== undefined) return { shape: loopShape, arrays, scalars, outputs, run };
  }
  const writes = outputs.map((o, k) => `o${k}[i] = ${temp.get(o.variable)};`);
  if (stream !== undefined) writes.push(`sc[i - sb] = ${stream};`);
  const strided = arrays.flatMap((a, k) => (a.strides === undefined ? [] : [k]));
  const each = (f: (k: number) => string): string[] => strided.map(f);
  const masked = arrays.flatMap((a, k) => (a.masks === undefined ? [] : [k]));
  // Per row: the flat indices [lo, hi) at which a padded operand reads its source (none where an
  // outer index is outside its range).
  const rowMasks = masked.flatMap((k) => [
    `    let lo${k} = w - idx[last] + mk[${k} * 2 * nd + 2 * last], hi${k} = w - idx[last] + mk[${k} * 2 * nd + 2 * last + 1];`,
    `    for (let d = 0; d < last; d++) if (idx[d] < mk[${k} * 2 * nd + 2 * d] || idx[d] >= mk[${k} * 2 * nd + 2 * d + 1]) hi${k} = lo${k};`,
  ]);
  const src = [
    "return function (arrays, outs, sc, w0, len, scalars, shape, st, off, idx, sb, mk) {",
    ...arrays.map((_, k) => `  const a${k} = arrays[${k}];`),
    ...outputs.map((_, k) => `  const o${k} = outs[${k}];`),
    ...scalars.map((_, k) => `  const s${k} = scalars[${k}];`),
    ...(j > 0 ? [`  let ${Array.from({ length: j }, (_, k) => `t${k}`).join(", ")};`] : []),
    "  const nd = shape.length, last = nd - 1, inner = shape[last];",
    "  let r = w0;",
    "  for (let d = last; d >= 0; d--) { const c = r % shape[d]; idx[d] = c; r = (r - c) / shape[d]; }",
    ...each((k) => `  let p${k} = off[${k}];`),
    ...(strided.length > 0 ? ["  for (let d = 0; d < nd; d++) {", ...each((k) => `    p${k} += idx[d] * st[${k} * nd + d];`), "  }"] : []),
    ...each((k) => `  const i${k} = st[${k} * nd + last];`),
    "  let w = w0;",
    "  const end = w0 + len;",
    "  while (w < end) {",
    "    const m = min(inner - idx[last], end - w);",
    ...rowMasks,
    ...each((k) => `    let q${k} = p${k};`),
    "    for (let i = w, stop = w + m; i < stop; i++) {",
    ...lines.map((l) => `      ${l}`),
    ...writes.map((l) => `      ${l}`),
    ...each((k) => `      q${k} += i${k};`),
    "    }",
    "    w += m;",
    "    idx[last] += m;",
    ...each((k) => `    p${k} += m * i${k};`),
    "    if (idx[last] === inner && w < end) {",
    "      idx[last] = 0;",
    ...each((k) => `      p${k} -= inner * i${k};`),
    "      for (let d = last - 1; d >= 0; d--) {",
    ...each((k) => `        p${k} += st[${k} * nd + d];`),
    "        if (++idx[d] < shape[d]) break;",
    ...each((k) => `        p${k} -= st[${k} * nd + d] * shape[d];`),
    "        idx[d] = 0;",
    "      }",
    "    }",
    "  }",
    "};",
  ].join("\n");
  // Keyed by the source (which holds every op, operand kind and parameter name); the label adds
  // the element types read and written, so float32 and float64 loops stay monomorphic. Strides
  // and offsets are data, passed in at run time.
  const label = `fusev_${arrayDtypes.join("_")}_to_${outputs.map((o) => o.dtype).join("_")}${op === undefined ? "" : `_${op}`}`;
  const fill = compileCached<FillRange>(label, LOOP_HELPERS, src);
  if (fill === undefined) return undefined;
  const reduction =
    reduceEqn === undefined
      ? undefined
      : {
          op: op!,
          axes: normalizeAxes((reduceEqn.params as { readonly axes: readonly number[] }).axes, loopShape0.length, reduceEqn.primitive),
          variable: reduceEqn.outputs[0]!.id,
          dtype: reduceEqn.outputs[0]!.aval.dtype,
        };
  return { shape: loopShape, arrays, scalars, outputs, fill, ...(reduction === undefined ? {} : { reduction }) };
}

/** `v`'s strides as the loop's (a 0-d view in a 1-d loop of one element reads at its offset). */
function loopStrides(v: View, nd: number): number[] {
  return v.shape.length === nd ? [...v.strides] : new Array<number>(nd).fill(0);
}

/**
 * Runs `loop` on its operands' data: fills the written-out arrays (`outs`, full size) and returns
 * the reduction's result, if the loop ends in one (an array of the reduction's output size).
 */
export function runViewLoop(
  loop: ViewLoop, arrays: readonly DataArray[], outs: readonly DataArray[], scalars: readonly number[],
): DataArray | undefined {
  if (loop.run !== undefined) {
    loop.run(arrays, outs, scalars);
    return undefined;
  }
  const shape = Int32Array.from(loop.shape);
  const nd = shape.length;
  const st = new Int32Array(Math.max(1, loop.arrays.length * nd));
  const off = new Int32Array(Math.max(1, loop.arrays.length));
  loop.arrays.forEach((a, k) => {
    off[k] = a.offset;
    if (a.strides !== undefined) st.set(a.strides, k * nd);
  });
  const idx = new Int32Array(nd);
  const mk = new Int32Array(Math.max(1, loop.arrays.length * 2 * nd));
  loop.arrays.forEach((a, k) => {
    if (a.masks !== undefined) mk.set(a.masks, k * 2 * nd);
  });
  const n = sizeOf(loop.shape);
  const fill: Fill = (w0, len, sc, sb) => {
    if (len > 0) loop.fill!(arrays, outs, sc, w0, len, scalars, shape, st, off, idx, sb, mk);
  };
  const red = loop.reduction;
  if (red === undefined) {
    fill(0, n, NO_STREAM, 0);
    return undefined;
  }
  return reduceStream(red.op, fill, loop.shape, red.axes, red.dtype);
}

/** Fills elements [w0, w0 + len) of the loop, element i's reduction operand into sc[i - sb]. */
type Fill = (w0: number, len: number, sc: Float64Array | DataArray, sb: number) => void;

const NO_STREAM = new Float64Array(0);

/**
 * Scratch arrays of the reductions, by slot, kept from call to call: a loop inside a scan body
 * reduces a few thousand elements a step, and allocating its block buffer (up to 32 KB, outside
 * V8's heap) every time cost more than the reduction. Loops never nest (a fill runs generated
 * code only), so one set of slots serves every reduction.
 */
const SCRATCH: Float64Array[] = [];

/** Slot `slot`'s scratch array, `n` elements long (its contents are whatever the last user left). */
function scratch(slot: number, n: number): Float64Array {
  let a = SCRATCH[slot];
  if (a === undefined || a.length < n) SCRATCH[slot] = a = new Float64Array(Math.max(n, 2 * (a?.length ?? 0)));
  return a.length === n ? a : a.subarray(0, n);
}
const LEAF = 256;
/**
 * How many elements one call of the loop produces for a reduction: leaves and rows are read from a
 * block this long, so the per-call cost is paid once per block, not once per leaf or short row.
 */
const BLOCK = 4096;

/**
 * The reference reduction (src/tensor/kernels/reduce.ts, float rows) over an input that `fill`
 * produces block by block, in the order the kernel reads it, with the kernel's accumulation.
 */
function reduceStream(op: "sum" | "max" | "min", fill: Fill, shape: readonly number[], axes: readonly number[], outDtype: DType): DataArray {
  const outShape = shape.filter((_, d) => !axes.includes(d));
  const outSize = sizeOf(outShape);
  const out = allocate(outDtype, outSize);
  if (outSize === 0) return out;
  const rSize = sizeOf(axes.map((d) => shape[d]!));
  if (rSize === 0) return out.fill(op === "sum" ? 0 : op === "max" ? -Infinity : Infinity);
  const { pattern, sizes } = reduceLayout(shape, axes);
  if (pattern === "K") {
    fill(0, outSize, out, 0);
    return out;
  }
  if (pattern === "RK" || pattern === "KRK") {
    const [O, R, K] = pattern === "RK" ? [1, sizes[0]!, sizes[1]!] : [sizes[0]!, sizes[1]!, sizes[2]!];
    reduceColumns(op, fill, O, R, K, out);
    return out;
  }
  // "", "R", "KR": each output reduces one contiguous row of rSize elements; rows follow each
  // other, so one block may hold the ends of several.
  const total = outSize * rSize;
  const buf = scratch(0, Math.min(BLOCK, total));
  let bufStart = 0, filled = 0;
  /** The offset in `buf` of elements [from, from + len) (len ≤ BLOCK), refilling as needed. */
  const at = (from: number, len: number): number => {
    if (from + len > bufStart + filled) {
      const keep = bufStart + filled - from;
      if (keep > 0) buf.copyWithin(0, from - bufStart, filled);
      const next = from + Math.max(keep, 0);
      const more = Math.min(buf.length - Math.max(keep, 0), total - next);
      fill(next, more, buf, from);
      bufStart = from;
      filled = Math.max(keep, 0) + more;
    }
    return from - bufStart;
  };
  const sumPairwise = (start: number, n: number): number => {
    if (n <= LEAF) {
      const o = at(start, n);
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      const end = o + n;
      let i = o;
      for (; i + 3 < end; i += 4) {
        s0 += buf[i]!;
        s1 += buf[i + 1]!;
        s2 += buf[i + 2]!;
        s3 += buf[i + 3]!;
      }
      for (; i < end; i++) s0 += buf[i]!;
      return s0 + s1 + (s2 + s3);
    }
    const h = n >>> 1;
    return sumPairwise(start, h) + sumPairwise(start + h, n - h);
  };
  for (let o = 0; o < outSize; o++) {
    const start = o * rSize;
    if (op === "sum") {
      out[o] = sumPairwise(start, rSize);
      continue;
    }
    let m = NaN;
    for (let c = 0; c < rSize; c += LEAF) {
      const len = Math.min(LEAF, rSize - c);
      const b = at(start + c, len);
      let k = b;
      if (c === 0) m = buf[k++]!;
      if (op === "max") for (; k < b + len; k++) m = Math.max(m, buf[k]!);
      else for (; k < b + len; k++) m = Math.min(m, buf[k]!);
    }
    out[o] = m;
  }
  return out;
}

/**
 * Layout [O, R, K], R reduced: the kernel's row accumulation (pairwise over rows for sums, in
 * blocks of 32 rows with halves summed apart). Rows come from `fill` several at a time.
 */
function reduceColumns(op: "sum" | "max" | "min", fill: Fill, O: number, R: number, K: number, out: DataArray): void {
  const acc = scratch(1, K);
  const rowsPerBlock = Math.max(1, Math.min(R, Math.floor(BLOCK / K)));
  const buf = scratch(0, rowsPerBlock * K);
  let first = 0, count = 0; // rows [first, first + count) of the current output are in buf
  /** The offset in `buf` of row r of the output starting at `base`. */
  const row = (base: number, r: number): number => {
    if (r < first || r >= first + count) {
      first = r;
      count = Math.min(rowsPerBlock, R - r);
      fill(base + r * K, count * K, buf, base + r * K);
    }
    return (r - first) * K;
  };
  const sumRows = (base: number, r0: number, r1: number, into: Float64Array, depth: number): void => {
    if (r1 - r0 <= 32) {
      for (let r = r0; r < r1; r++) {
        const b = row(base, r);
        for (let j = 0; j < K; j++) into[j] += buf[b + j]!;
      }
      return;
    }
    const mid = r0 + ((r1 - r0) >>> 1);
    sumRows(base, r0, mid, into, depth + 1);
    const t = scratch(2 + depth, K).fill(0);
    sumRows(base, mid, r1, t, depth + 1);
    for (let j = 0; j < K; j++) into[j] += t[j]!;
  };
  for (let o = 0; o < O; o++) {
    const base = o * R * K;
    first = 0;
    count = 0;
    if (op === "sum") {
      acc.fill(0);
      sumRows(base, 0, R, acc, 0);
    } else {
      const b0 = row(base, 0);
      for (let j = 0; j < K; j++) acc[j] = buf[b0 + j]!;
      for (let r = 1; r < R; r++) {
        const b = row(base, r);
        if (op === "max") for (let j = 0; j < K; j++) acc[j] = Math.max(acc[j]!, buf[b + j]!);
        else for (let j = 0; j < K; j++) acc[j] = Math.min(acc[j]!, buf[b + j]!);
      }
    }
    out.set(acc, o * K);
  }
}
