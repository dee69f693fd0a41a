/**
 * Elementwise fusion for jit's compiled plans: runs of elementwise equations over one shape
 * become one generated loop that keeps intermediates in locals — no temporary arrays, one pass
 * over memory. Each step is the kernel's own snippet with the kernel's own rounding (float32
 * results pass through fround exactly where the unfused kernel would store them), so a fused
 * loop gives the same bits as the equations one by one. Generated source holds only snippets
 * from the kernels' fixed tables and counter-made names; constants come in through an array.
 */
import type { Atom, Equation } from "../ir/types.js";
import { isFloat } from "../tensor/dtype.js";
import { binaryFloatSnippet, type BinaryKernel } from "../tensor/kernels/binary.js";
import { compileCached } from "../tensor/kernels/codegen.js";
import { powBySquaring } from "../tensor/kernels/scalar-math.js";
import { HELPERS, type UnaryKernel, unaryFloatSnippet } from "../tensor/kernels/unary.js";
import { shapesEqual } from "../tensor/shape.js";

const UNARY = new Set<string>(["neg", "sin", "cos", "tan", "tanh", "exp", "log", "log1p", "expm1", "sqrt", "rsqrt", "logistic", "abs", "sign", "floor", "ceil", "round"]);
const BINARY = new Set<string>(["add", "sub", "mul", "div", "max", "min", "pow"]);
const COMPARE = new Set<string>(["lt", "le", "gt", "ge", "eq", "ne"]);

const FUSED_HELPERS = Object.freeze({ ...HELPERS, fround: Math.fround, powsq: powBySquaring });

/** True if `e` can run inside a fused loop over its output's shape. */
export function isFusible(e: Equation): boolean {
  if (e.outputs.length !== 1) return false;
  const out = e.outputs[0]!.aval;
  if (!e.inputs.every((a) => a.aval.shape.length === 0 || shapesEqual(a.aval.shape, out.shape))) return false;
  const floatIn = e.inputs.every((a) => isFloat(a.aval.dtype));
  if (UNARY.has(e.primitive) || BINARY.has(e.primitive) || e.primitive === "integer_pow") {
    return isFloat(out.dtype) && floatIn && e.inputs.every((a) => a.aval.dtype === out.dtype);
  }
  if (COMPARE.has(e.primitive)) return out.dtype === "bool" && floatIn;
  if (e.primitive === "select") return isFloat(out.dtype) && e.inputs[0]!.aval.dtype === "bool";
  return false;
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
export function compileFused(group: readonly Equation[], needed: ReadonlySet<number>): FusedLoop | undefined {
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
  group.forEach((e, j) => {
    const out = e.outputs[0]!;
    const name = `t${j}`;
    const f32 = out.aval.dtype === "float32";
    const wrap = (expr: string): string => (f32 ? `fround(${expr})` : expr);
    const ins = e.inputs.map(operand);
    let stmt: string;
    if (UNARY.has(e.primitive)) {
      stmt = `{ const x = ${ins[0]}; ${name} = ${wrap(unaryFloatSnippet(e.primitive as UnaryKernel))}; }`;
    } else if (BINARY.has(e.primitive)) {
      stmt = `{ const x = ${ins[0]}, y = ${ins[1]}; ${name} = ${wrap(binaryFloatSnippet(e.primitive as BinaryKernel))}; }`;
    } else if (COMPARE.has(e.primitive)) {
      stmt = `{ const x = ${ins[0]}, y = ${ins[1]}; ${name} = ${binaryFloatSnippet(e.primitive as BinaryKernel)}; }`;
    } else if (e.primitive === "select") {
      stmt = `${name} = ${ins[0]} !== 0 ? ${ins[1]} : ${ins[2]};`;
    } else {
      // integer_pow, as the kernel computes it: 1, x, x·x, or repeated squaring.
      const y = (e.params as { y: number }).y;
      scalars.push({ value: y });
      const yName = `s${scalars.length - 1}`;
      stmt = y === 0 ? `${name} = 1;` : y === 1 ? `${name} = ${ins[0]};` : y === 2 ? `{ const x = ${ins[0]}; ${name} = ${wrap("x * x")}; }` : `${name} = ${wrap(`powsq(${ins[0]}, ${yName})`)};`;
    }
    temp.set(out.id, name);
    body.push(stmt);
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
