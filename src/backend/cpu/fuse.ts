/**
 * Elementwise fusion for jit's compiled plans: runs of elementwise equations over one shape
 * become one generated loop that keeps intermediates in locals — no temporary arrays, one pass
 * over memory. Which primitives fuse, and with which expression, is the CPU lowering table's
 * `fusion` (lowering.ts, built from the snippet table). Each step keeps the
 * kernel's own rounding (float32 results pass through fround exactly where the unfused kernel
 * would store them), so a fused loop gives the same bits as the equations one by one. Generated
 * source holds only those fixed snippets and counter-made names; constants come in through an array.
 */
import type { Atom, Equation } from "../../ir/types.js";
import { isFloat } from "../../tensor/dtype.js";
import { powBySquaring } from "../../tensor/kernels/scalar-math.js";
import { shapesEqual } from "../../tensor/shape.js";
import { compileWasmFused } from "../wasm/fused-loop.js";
import { compileCached } from "./codegen.js";
import { CPU_LOWERINGS, type CpuLoweringTable, type Fusion, fusionOf } from "./lowering.js";
import { HELPERS } from "./snippets.js";

const FUSED_HELPERS = Object.freeze({ ...HELPERS, fround: Math.fround, powsq: powBySquaring });

/** The names fused expressions give an equation's operands, in order. */
const OPERAND_NAMES = ["x", "y", "z"] as const;

/** The fused-loop form of `e`'s primitive under `table`, if it has one. */
const fusionOfEquation = (table: CpuLoweringTable, e: Equation): Fusion<Equation["primitive"]> | undefined =>
  fusionOf(table, e.primitive) as Fusion<Equation["primitive"]> | undefined;

/** True if `e` can run inside a fused loop over its output's shape (under `table`'s fusions). */
export function isFusible(e: Equation, table: CpuLoweringTable = CPU_LOWERINGS): boolean {
  const fusion = fusionOfEquation(table, e);
  if (fusion === undefined || e.outputs.length !== 1 || e.inputs.length > OPERAND_NAMES.length) return false;
  const out = e.outputs[0]!.aval;
  if (!e.inputs.every((a) => a.aval.shape.length === 0 || shapesEqual(a.aval.shape, out.shape))) return false;
  switch (fusion.form) {
    case "float":
      return isFloat(out.dtype) && e.inputs.every((a) => a.aval.dtype === out.dtype);
    case "compare":
      return out.dtype === "bool" && e.inputs.every((a) => isFloat(a.aval.dtype));
    case "select":
      return isFloat(out.dtype) && e.inputs[0]!.aval.dtype === "bool";
  }
}

/** A compiled fused loop and how to feed it. */
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

/**
 * Compiles the equations `group` (in order; all fusible over one shape) into one loop, writing
 * out the variables in `needed`. Returns undefined where code generation is unavailable.
 */
export function compileFused(group: readonly Equation[], needed: ReadonlySet<number>, table: CpuLoweringTable): FusedLoop | undefined {
  // A WebAssembly SIMD loop first (src/backend/wasm/fused-loop.ts); this JS loop where it declines.
  const vectorised = compileWasmFused(group, needed, table);
  if (vectorised !== undefined) return vectorised;
  const temp = new Map<number, string>();
  const arrays: number[] = [];
  const scalars: ({ variable: number } | { value: number })[] = [];
  const arrayDtypes: string[] = [];
  const body: string[] = [];
  const operand = (a: Atom): string => {
    if (a._tag === "Literal") {
      scalars.push({ value: a.value });
      return `s${scalars.length - 1}`;
    }
    const t = temp.get(a.id);
    if (t !== undefined) return t;
    if (a.aval.shape.length === 0 && !arrays.includes(a.id)) {
      const k = scalars.findIndex((s) => "variable" in s && s.variable === a.id);
      if (k >= 0) return `s${k}`;
      scalars.push({ variable: a.id });
      return `s${scalars.length - 1}`;
    }
    let k = arrays.indexOf(a.id);
    if (k < 0) {
      k = arrays.push(a.id) - 1;
      arrayDtypes.push(a.aval.dtype);
    }
    return `a${k}[i]`;
  };
  /** A number from params as a loop scalar: its name in the source, never its text. */
  const param = (value: number): string => {
    scalars.push({ value });
    return `s${scalars.length - 1}`;
  };
  group.forEach((e, j) => {
    const out = e.outputs[0]!;
    const name = `t${j}`;
    const fusion = fusionOfEquation(table, e)!;
    const ins = e.inputs.map(operand);
    const expr = typeof fusion.expr === "string" ? fusion.expr : fusion.expr(e.params as never, param);
    // Only float arithmetic rounds: a comparison is 0 or 1 and a select picks a stored value.
    const rounded = fusion.form === "float" && out.aval.dtype === "float32" ? `fround(${expr})` : expr;
    const bindings = ins.map((v, k) => `${OPERAND_NAMES[k]} = ${v}`).join(", ");
    temp.set(out.id, name);
    body.push(`{ const ${bindings}; ${name} = ${rounded}; }`);
  });
  const outputs = group.flatMap((e) => e.outputs.filter((v) => needed.has(v.id)).map((v) => ({ variable: v.id, dtype: v.aval.dtype })));
  const writes = outputs.map((o, k) => `o${k}[i] = ${temp.get(o.variable)};`);
  const src = [
    "return function (arrays, outs, n, scalars) {",
    ...arrays.map((_, k) => `  const a${k} = arrays[${k}];`),
    ...outputs.map((_, k) => `  const o${k} = outs[${k}];`),
    ...scalars.map((_, k) => `  const s${k} = scalars[${k}];`),
    `  let ${group.map((_, j) => `t${j}`).join(", ")};`,
    "  for (let i = 0; i < n; i++) {",
    ...body.map((l) => `    ${l}`),
    ...writes.map((l) => `    ${l}`),
    "  }",
    "};",
  ].join("\n");
  // The code cache is keyed by the source itself, so everything the loop computes (ops, operands,
  // exponents) is in its key. The label adds the element types of the arrays read and written,
  // which the text does not show: loops over float32 and float64 arrays get separate, monomorphic
  // functions.
  const label = `fuse_${arrayDtypes.join("_")}_to_${outputs.map((o) => o.dtype).join("_")}`;
  lastSource = src;
  const run = compileCached<FusedLoop["run"]>(label, FUSED_HELPERS, src);
  return run === undefined ? undefined : { arrays, scalars, outputs, run };
}

let lastSource = "";

/** @internal The source of the most recently built fused loop (tests check its alphabet). */
export function lastFusedSource(): string {
  return lastSource;
}
