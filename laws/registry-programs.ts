/**
 * Random programs drawn from the whole registry, for the jit-vs-eager law. Each step is a case of
 * a random primitive, taken from its test domain (laws/domains.ts), so every primitive — with the
 * random params its domain draws (integer_pow exponents, casts, comparisons, selects, slices,
 * dimension numbers, control-flow bodies) — can appear, and a primitive added to the registry is
 * drawn as soon as it has a domain. Steps are chained: an input of a step is replaced by an earlier
 * value of the same shape and dtype when one exists (so elementwise runs fuse, and movement ops
 * feed reductions), otherwise it becomes a program input or a captured constant.
 *
 * Chaining keeps shapes and dtypes, not domains: a later step may see NaN, ±∞ or an out-of-range
 * index that its domain would not draw. That is wanted (jit must agree with eager on every input),
 * except for control flow and custom rules, whose inputs can drive trip counts and whose bodies
 * are fixed: those keep their own inputs.
 */
import * as fc from "fast-check";
import { wire } from "../src/wire.js";
import { applyN } from "../src/primitives/ops.js";
import type { PrimitiveName } from "../src/primitives/params.js";
import { registry } from "../src/primitives/registry.js";
import type { AnyPrimitive } from "../src/primitives/rule-types.js";
import type { DType } from "../src/tensor/dtype.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { type Values, inDomain, makeTensor, special } from "./arbitraries.js";
import { type AnyCase, type Kind, casesOf, domainOf, kindOf, primitiveNames } from "./domains.js";
import { FLOAT_BINARY, FLOAT_COMPARE, FLOAT_UNARY } from "./palettes.js";

// Laws import modules below the package root, so they wire fluxion's layers themselves.
wire();

/** An argument of a step: a program input, an output of an earlier step, or a captured constant. */
export type RegistryRef =
  | { readonly kind: "input"; readonly index: number }
  | { readonly kind: "out"; readonly index: number }
  | { readonly kind: "const"; readonly tensor: Tensor };

/** One primitive application; all its outputs become values (`out` refs count them in order). */
export interface RegistryStep {
  readonly name: PrimitiveName;
  readonly params: AnyCase["params"];
  readonly args: readonly RegistryRef[];
}

/** A straight-line program over the registry, with concrete inputs to run it on. */
export interface RegistryProgram {
  readonly inputs: readonly Tensor[];
  readonly steps: readonly RegistryStep[];
  /** The returned values. */
  readonly outputs: readonly RegistryRef[];
  /** Readable listing, for counterexamples. */
  readonly text: string;
}

/**
 * Primitives whose inputs are never replaced by chaining: their inputs select branches or trip
 * counts, or must match the sub-graphs carried in their params.
 */
const KEEP_OWN_INPUTS: ReadonlySet<Kind> = new Set<Kind>(["control", "autodiff"]);

/** Every primitive with an eager meaning (those marked `eagerThrows` only live inside graphs). */
export const drawablePrimitives: readonly PrimitiveName[] = primitiveNames.filter((n) => domainOf(n).eagerThrows === undefined);

interface Aval {
  readonly shape: readonly number[];
  readonly dtype: DType;
}

const same = (a: Aval, b: Aval): boolean => a.dtype === b.dtype && a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);

const outAvals = (c: AnyCase): Aval[] =>
  (registry[c.name] as AnyPrimitive).shapeRule(c.inputs.map((t) => ({ shape: t.shape, dtype: t.dtype })) as never, c.params as never);

/** Scalar constants the glue steps combine values with (literals in traced graphs). */
const GLUE_SCALARS = [2, -0.5, 0, -0, 1e30, NaN, Infinity];
const GLUE_EXPONENTS = [0, 1, 2, 3, -1];
// Glue ops: every float unary, binary and comparison primitive the registry has (palettes.ts).
const GLUE_UNARY = FLOAT_UNARY;
const GLUE_BINARY = FLOAT_BINARY;
const GLUE_COMPARE = FLOAT_COMPARE;

type Value = { readonly ref: RegistryRef; readonly aval: Aval };

/** Reads drawn cases, link choices and glue draws as a chained program. */
function assemble(cases: readonly AnyCase[], links: readonly number[], glue: readonly (readonly number[])[], extraOutput: number): RegistryProgram {
  const inputs: Tensor[] = [];
  const vals: Value[] = [];
  const steps: RegistryStep[] = [];
  let nOuts = 0;
  let made: Value[] = [];
  /** Appends a step and its outputs; they become the values the next glue works on. */
  const emit = (name: PrimitiveName, args: readonly RegistryRef[], params: object, avals: readonly Aval[]): Value[] => {
    steps.push({ name, params: params as AnyCase["params"], args });
    made = avals.map((aval) => ({ ref: { kind: "out", index: nOuts++ }, aval }));
    vals.push(...made);
    return made;
  };
  let l = 0;
  const link = (): number => links[l++ % links.length]!;
  cases.forEach((c, k) => {
    const chain = !KEEP_OWN_INPUTS.has(kindOf(c.name));
    const args = c.inputs.map((t): RegistryRef => {
      const choice = link();
      if (chain) {
        const earlier = vals.filter((v) => same(v.aval, t));
        // Two in three chances to reuse an earlier value when one fits.
        if (earlier.length > 0 && choice % 3 !== 0) return earlier[choice % earlier.length]!.ref;
      }
      if (choice % 2 === 0) return { kind: "const", tensor: t };
      const ref = { kind: "input", index: inputs.push(t) - 1 } as const;
      vals.push({ ref, aval: t });
      return ref;
    });
    emit(c.name, args, c.params, outAvals(c));
    for (const g of glue[k] ?? []) glueStep(g, vals, made, emit);
  });
  const outputs = [...made.map((v) => v.ref), ...(vals.length === 0 ? [] : [vals[extraOutput % vals.length]!.ref])];
  return { inputs, steps, outputs, text: listing(inputs, steps, outputs) };
}

const isFloatValue = (v: Value): boolean => v.aval.dtype === "float32" || v.aval.dtype === "float64";

/**
 * Elementwise glue after a registry step: one draw `g` applies a unary op, a binary op with an
 * earlier value of the same shape and dtype or with a scalar constant (NaN, ±∞ and −0 among them),
 * an integer power, a compare + select, or a float cast, to a float value the last step made
 * (else any float value). Glue runs fuse with each other and with elementwise registry steps, and
 * consume what movement ops, reductions and control flow produce.
 */
function glueStep(
  g: number,
  vals: readonly Value[],
  made: readonly Value[],
  emit: (name: PrimitiveName, args: readonly RegistryRef[], params: object, avals: readonly Aval[]) => Value[],
): void {
  const pool = made.some(isFloatValue) ? made.filter(isFloatValue) : vals.filter(isFloatValue);
  if (pool.length === 0) return;
  const x = pool[(g >> 3) % pool.length]!;
  const pick = <T>(xs: readonly T[]): T => xs[(g >> 6) % xs.length]!;
  const partners = vals.filter((v) => same(v.aval, x.aval));
  const partner = partners[(g >> 9) % partners.length]!.ref;
  const scalar: RegistryRef = { kind: "const", tensor: makeTensor([], x.aval.dtype, [GLUE_SCALARS[(g >> 9) % GLUE_SCALARS.length]!]) };
  const like = [x.aval];
  switch (g % 6) {
    case 0:
      emit(pick(GLUE_UNARY), [x.ref], {}, like);
      break;
    case 1:
      emit(pick(GLUE_BINARY), [x.ref, partner], {}, like);
      break;
    case 2:
      emit(pick(GLUE_BINARY), (g >> 12) % 2 === 0 ? [x.ref, scalar] : [scalar, x.ref], {}, like);
      break;
    case 3:
      emit("integer_pow", [x.ref], { y: pick(GLUE_EXPONENTS) }, like);
      break;
    case 4: {
      const [p] = emit(pick(GLUE_COMPARE), [x.ref, partner], {}, [{ shape: x.aval.shape, dtype: "bool" }]);
      emit("select", [p!.ref, x.ref, partner], {}, like);
      break;
    }
    default: {
      const newDtype: DType = x.aval.dtype === "float32" ? "float64" : "float32";
      emit("convert_element_type", [x.ref], { newDtype }, [{ shape: x.aval.shape, dtype: newDtype }]);
    }
  }
}

function refText(r: RegistryRef): string {
  return r.kind === "input" ? `in${r.index}` : r.kind === "out" ? `v${r.index}` : `const ${r.tensor.typeString}`;
}

function listing(inputs: readonly Tensor[], steps: readonly RegistryStep[], outputs: readonly RegistryRef[]): string {
  // Sub-graphs in params print as <graph>: the listing names the step, the graph printer its body.
  const params = (p: unknown): string => JSON.stringify(p, (_k, v: unknown) => (typeof v === "object" && v !== null && "equations" in v ? "<graph>" : v));
  const lines = [`inputs ${inputs.map((t, i) => `in${i}:${t.typeString}`).join(" ")}`];
  for (const s of steps) lines.push(`${s.name}${params(s.params)} ${s.args.map(refText).join(" ")}`);
  lines.push(`return ${outputs.map(refText).join(", ")}`);
  return lines.join("\n");
}

/**
 * The program with every `integer_pow` exponent moved to the next one of 0, 1, 2, 3, −1: the same
 * ops in the same order, so its fused loops have the same structure as the original's. Jitting
 * both in turn checks that compiled code is never shared between loops that compute different things.
 */
export function exponentTwin(p: RegistryProgram): RegistryProgram {
  const steps = p.steps.map((s) => {
    if (s.name !== "integer_pow") return s;
    const y = (s.params as { y: number }).y;
    const k = GLUE_EXPONENTS.indexOf(y);
    return { ...s, params: { y: GLUE_EXPONENTS[(k + 1) % GLUE_EXPONENTS.length]! } as AnyCase["params"] };
  });
  return { ...p, steps, text: listing(p.inputs, steps, p.outputs) };
}

/** Runs a program by binding its primitives: eagerly on tensors, or recording under a trace/jit. */
export function runRegistryProgram(p: RegistryProgram, xs: readonly Tensor[]): Tensor[] {
  const outs: Tensor[] = [];
  const value = (r: RegistryRef): Tensor => (r.kind === "input" ? xs[r.index]! : r.kind === "out" ? outs[r.index]! : r.tensor);
  for (const s of p.steps) outs.push(...applyN(s.name, s.args.map(value), s.params));
  return p.outputs.map(value);
}

/** Options of `registryProgramArb`. */
export interface RegistryProgramOptions {
  /** Most steps per program (default 6). */
  readonly maxSteps?: number;
  /** How element values are drawn; default: in-domain or special (NaN, ±∞, −0…), half each. */
  readonly values?: fc.Arbitrary<Values>;
  /** Which primitives may be drawn (default: every primitive with an eager meaning). */
  readonly names?: readonly PrimitiveName[];
}

/** Random chained programs over the registry, with the inputs to run them on. */
export function registryProgramArb(opts: RegistryProgramOptions = {}): fc.Arbitrary<RegistryProgram> {
  const names = opts.names ?? drawablePrimitives;
  return fc
    .record({
      names: fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: opts.maxSteps ?? 6 }),
      values: opts.values ?? fc.constantFrom(inDomain, special),
      links: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
      glue: fc.array(fc.array(fc.nat(), { maxLength: 4 }), { minLength: opts.maxSteps ?? 6, maxLength: opts.maxSteps ?? 6 }),
      extraOutput: fc.nat(),
    })
    .chain(({ names: drawn, values, links, glue, extraOutput }) =>
      fc.tuple(...drawn.map((n) => casesOf(n, values))).map((cases) => assemble(cases, links, glue, extraOutput)),
    );
}
