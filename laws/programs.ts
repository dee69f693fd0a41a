/**
 * Random programs for the differential laws (eager vs interpreter vs jit, printing, freezing).
 * A sequential generator: fast-check draws raw integers, and `buildProgram` reads them as a
 * well-typed straight-line program of 1–8 steps over 1–3 inputs of one shape, tracking every
 * value's shape and dtype so each step satisfies its primitive's shape rule. Steps use primitives
 * from the registry: elementwise unary/binary (every float one, read from the registry: palettes.ts) (with captured constants and scalar literals), select,
 * reductions, reshape, transpose, broadcast_in_dim, dot_general, integer_pow, rev, slice, pad, convert.
 * Shrinking works on the raw integers, so counterexamples stay small. A `Palette` restricts the
 * primitives (FULL_PALETTE for the value laws; SMOOTH_PALETTE, float64, for the derivative laws).
 */
import * as fc from "fast-check";
import { wire } from "../src/wire.js";
import { applyN } from "../src/primitives/ops.js";
import type { PrimitiveName } from "../src/primitives/params.js";
import { type DType, isFloat } from "../src/tensor/dtype.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { type Shape, FLOAT_DTYPES, inDomain, makeTensor, shapeArb, sizeOfShape, tensorArb } from "./arbitraries.js";
import { FLOAT_BINARY, FLOAT_COMPARE, FLOAT_UNARY, chosenFrom } from "./palettes.js";

// Laws import modules below the package root, so they wire fluxion's layers themselves.
wire();

/** An argument of a step: an earlier value (input or step result) or a captured concrete tensor. */
export type Ref = { readonly kind: "var"; readonly index: number } | { readonly kind: "const"; readonly tensor: Tensor };

/** One primitive application; its result is the next value. */
export interface Step {
  readonly prim: PrimitiveName;
  readonly args: readonly Ref[];
  readonly params: object;
}

export interface Program {
  readonly inputs: readonly { readonly shape: Shape; readonly dtype: DType }[];
  readonly steps: readonly Step[];
  /** Indices of the returned values (inputs first, then one per step). */
  readonly outputs: readonly number[];
  /** Every captured constant, to check it is left unchanged too. */
  readonly constants: readonly Tensor[];
  /** Readable listing, for counterexamples. */
  readonly text: string;
}

const REDUCE = ["reduce_sum", "reduce_max", "reduce_min", "reduce_prod"] as const;
const MAX_RANK = 4;

/**
 * Which primitives a program may use. `steps` lists the allowed step kinds (the `case`s of
 * `buildProgram`: 3 is compare+select, 13 is convert); a step of another kind is skipped.
 */
export interface Palette {
  readonly unary: readonly PrimitiveName[];
  readonly binary: readonly PrimitiveName[];
  readonly reduce: readonly PrimitiveName[];
  readonly intPow: readonly number[];
  readonly steps: ReadonlySet<number>;
}

/** Every step kind and primitive (the palette of the laws that need no derivatives). */
export const FULL_PALETTE: Palette = {
  unary: FLOAT_UNARY,
  binary: FLOAT_BINARY,
  reduce: REDUCE,
  intPow: [-1, 0, 1, 2, 3],
  steps: new Set(Array.from({ length: 14 }, (_, i) => i)),
};

/**
 * Smooth, total and bounded-growth primitives for the derivative laws (an explicit choice, checked
 * against the registry's float palettes at load): no kinks or jumps (abs,
 * max, floor, rem, comparisons + select), no poles or domain edges (div, log, sqrt, tan, negative
 * powers), no dtype changes (so float64 stays float64), and no reduce_prod or cubes (finite
 * differences lose accuracy as the polynomial degree grows).
 */
export const SMOOTH_PALETTE: Palette = {
  unary: chosenFrom("SMOOTH_PALETTE.unary", ["neg", "sin", "cos", "tanh", "logistic", "erf"], FLOAT_UNARY),
  binary: chosenFrom("SMOOTH_PALETTE.binary", ["add", "sub", "mul"], FLOAT_BINARY),
  reduce: ["reduce_sum"],
  intPow: [0, 1, 2],
  steps: new Set([0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
};
const MAX_SIZE = 1500;

const rawStepArb = fc.record({
  op: fc.nat(),
  a: fc.nat(),
  b: fc.nat(),
  c: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
  k: fc.double({ min: -3, max: 3, noNaN: true }),
});
type RawStep = typeof rawStepArb extends fc.Arbitrary<infer T> ? T : never;

/** The raw draws a program is read from. */
export type ProgramSpec = {
  readonly shape: Shape;
  readonly dtype: DType;
  readonly nInputs: number;
  readonly raw: readonly RawStep[];
  readonly extraOutput: number | null;
};

const specArb: fc.Arbitrary<ProgramSpec> = fc.record({
  shape: shapeArb({ maxRank: 3, maxDim: 4 }),
  dtype: fc.constantFrom(...FLOAT_DTYPES),
  nInputs: fc.integer({ min: 1, max: 3 }),
  raw: fc.array(rawStepArb, { minLength: 1, maxLength: 8 }),
  extraOutput: fc.option(fc.nat()),
});

/** Decodes `n` as a permutation of 0…len−1 (Lehmer code, mod len!). */
function permutationFrom(n: number, len: number): number[] {
  const pool = Array.from({ length: len }, (_, i) => i);
  const out: number[] = [];
  for (let k = len; k > 0; k--) {
    out.push(pool.splice(n % k, 1)[0]!);
    n = Math.floor(n / k);
  }
  return out;
}

/** A shape of `size` elements chosen by `seeds` (rank 1–4; size 0 keeps one zero dim). */
function reshapeTarget(size: number, seeds: readonly number[]): number[] {
  const rank = 1 + (seeds[0]! % MAX_RANK);
  const shape = new Array<number>(rank).fill(1);
  if (size === 0) {
    shape[seeds[1]! % rank] = 0;
    return shape;
  }
  let rest = size, k = 1;
  for (let p = 2; rest > 1; p++) {
    while (rest % p === 0) {
      shape[(seeds[1]! + seeds[2]! * k++) % rank] *= p;
      rest /= p;
    }
  }
  return shape;
}

/** Reads raw draws as a program (steps that cannot apply to the chosen value are skipped). */
export function buildProgram(spec: ProgramSpec, palette: Palette = FULL_PALETTE): Program {
  const { unary: UN, binary: BIN, reduce: RED } = palette;
  const inputs = Array.from({ length: spec.nInputs }, () => ({ shape: spec.shape, dtype: spec.dtype as DType }));
  const vals: { shape: Shape; dtype: DType }[] = [...inputs];
  const steps: Step[] = [];
  const constants: Tensor[] = [];
  const v = (index: number): Ref => ({ kind: "var", index });
  const emit = (prim: PrimitiveName, args: Ref[], params: object, shape: Shape, dtype: DType): number => {
    steps.push({ prim, args, params });
    vals.push({ shape, dtype });
    return vals.length - 1;
  };
  const floats = (): number[] => vals.flatMap((a, i) => (isFloat(a.dtype) ? [i] : []));
  /** Values that can meet `x` in an elementwise binary primitive: same dtype, same shape or a scalar. */
  const partners = (x: number): number[] =>
    floats().filter((i) => {
      const a = vals[x]!, b = vals[i]!;
      return a.dtype === b.dtype && (b.shape.length === 0 || a.shape.length === 0 || sameShape(a.shape, b.shape));
    });
  const outShape = (a: Shape, b: Shape): Shape => (a.length === 0 ? b : a);
  const constLike = (shape: Shape, dtype: DType, r: RawStep): Tensor => {
    const n = sizeOfShape(shape);
    const t = makeTensor(shape, dtype, Array.from({ length: n }, (_, i) => r.k * (i % 3 === 0 ? 1 : -0.5 * i) + 0.25));
    constants.push(t);
    return t;
  };

  for (const r of spec.raw) {
    const fs = floats();
    const x = fs[r.a % fs.length]!;
    const { shape: s, dtype } = vals[x]!;
    if (!palette.steps.has(r.op % 14)) continue;
    switch (r.op % 14) {
      case 0: {
        emit(UN[r.b % UN.length]!, [v(x)], {}, s, dtype);
        break;
      }
      case 1: {
        const ps = partners(x);
        const y = ps[r.b % ps.length]!;
        emit(BIN[r.c[0]! % BIN.length]!, [v(x), v(y)], {}, outShape(s, vals[y]!.shape), dtype);
        break;
      }
      case 2: {
        // A captured constant: a scalar becomes a literal, anything else a constvar.
        const scalarConst = r.c[1]! % 2 === 0;
        const c = constLike(scalarConst ? [] : s, dtype, r);
        const args = r.c[2]! % 2 === 0 ? [v(x), { kind: "const" as const, tensor: c }] : [{ kind: "const" as const, tensor: c }, v(x)];
        emit(BIN[r.c[0]! % BIN.length]!, args, {}, s, dtype);
        break;
      }
      case 3: {
        const ps = partners(x);
        const y = ps[r.b % ps.length]!;
        const shape = outShape(s, vals[y]!.shape);
        const p = emit(FLOAT_COMPARE[r.c[0]! % FLOAT_COMPARE.length]!, [v(x), v(y)], {}, shape, "bool");
        emit("select", [v(p), v(x), v(y)], {}, shape, dtype);
        break;
      }
      case 4: {
        const axes = s.map((_, i) => i).filter((i) => (r.b >> i) & 1);
        emit(RED[r.c[0]! % RED.length]!, [v(x)], { axes }, s.filter((_, i) => !axes.includes(i)), dtype);
        break;
      }
      case 5: {
        const newSizes = reshapeTarget(sizeOfShape(s), r.c);
        emit("reshape", [v(x)], { newSizes }, newSizes, dtype);
        break;
      }
      case 6: {
        const permutation = permutationFrom(r.b, s.length);
        emit("transpose", [v(x)], { permutation }, permutation.map((p) => s[p]!), dtype);
        break;
      }
      case 7: {
        if (s.length >= MAX_RANK) break;
        // A new leading dim, and size-1 dims stretched.
        const shape = [1 + (r.b % 3), ...s.map((d, i) => (d === 1 ? 1 + (r.c[i]! % 3) : d))];
        if (sizeOfShape(shape) > MAX_SIZE) break;
        emit("broadcast_in_dim", [v(x)], { shape, broadcastDimensions: s.map((_, i) => i + 1) }, shape, dtype);
        break;
      }
      case 8: {
        const ys = fs.filter((i) => vals[i]!.dtype === dtype);
        const y = ys[r.b % ys.length]!;
        const t = vals[y]!.shape;
        const pairs = s.flatMap((d, i) => t.flatMap((e, j) => (d === e ? [[i, j] as const] : [])));
        const contract = pairs.length > 0 && r.c[1]! % 4 !== 0 ? [pairs[r.c[0]! % pairs.length]!] : [];
        const shape = [...s.filter((_, i) => i !== contract[0]?.[0]), ...t.filter((_, j) => j !== contract[0]?.[1])];
        if (shape.length > MAX_RANK || sizeOfShape(shape) > MAX_SIZE) break;
        const dims = { lhsContract: contract.map(([i]) => i), rhsContract: contract.map(([, j]) => j), lhsBatch: [], rhsBatch: [] };
        emit("dot_general", [v(x), v(y)], { dims }, shape, dtype);
        break;
      }
      case 9: {
        emit("integer_pow", [v(x)], { y: palette.intPow[r.b % palette.intPow.length]! }, s, dtype);
        break;
      }
      case 10: {
        const dimensions = s.map((_, i) => i).filter((i) => (r.b >> i) & 1);
        emit("rev", [v(x)], { dimensions }, s, dtype);
        break;
      }
      case 11: {
        const startIndices = s.map((d, i) => (r.c[i % 4]! + i) % (d + 1));
        const limitIndices = s.map((d, i) => startIndices[i]! + ((r.b >> i) % (d - startIndices[i]! + 1)));
        const strides = s.map((_, i) => 1 + ((r.a >> i) & 1));
        const shape = s.map((_, i) => Math.ceil((limitIndices[i]! - startIndices[i]!) / strides[i]!));
        emit("slice", [v(x)], { startIndices, limitIndices, strides }, shape, dtype);
        break;
      }
      case 12: {
        const config = s.map((d, i): [number, number, number] => {
          const lo = ((r.c[i % 4]! >> i) % 4) - 1, hi = ((r.b >> i) % 4) - 1, interior = (r.c[(i + 1) % 4]! >> i) % 2;
          return lo + hi + d + Math.max(0, d - 1) * interior >= 0 ? [lo, hi, interior] : [0, 0, interior];
        });
        const shape = s.map((d, i) => config[i]![0] + config[i]![1] + d + Math.max(0, d - 1) * config[i]![2]);
        if (sizeOfShape(shape) > MAX_SIZE) break;
        emit("pad", [v(x)], { paddingValue: r.k, config }, shape, dtype);
        break;
      }
      case 13: {
        const newDtype: DType = dtype === "float32" ? "float64" : "float32";
        emit("convert_element_type", [v(x)], { newDtype }, s, newDtype);
        break;
      }
    }
  }
  if (steps.length === 0) emit("neg", [v(0)], {}, spec.shape, spec.dtype);
  const last = vals.length - 1;
  const outputs = spec.extraOutput === null ? [last] : [last, spec.extraOutput % vals.length];
  return { inputs, steps, outputs, constants, text: listing(inputs.length, steps, outputs, vals) };
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function listing(nInputs: number, steps: readonly Step[], outputs: readonly number[], vals: readonly { shape: Shape; dtype: DType }[]): string {
  const name = (i: number): string => `v${i}`;
  const ty = (i: number): string => `${vals[i]!.dtype}[${vals[i]!.shape.join(",")}]`;
  const ref = (r: Ref): string => (r.kind === "var" ? name(r.index) : `const ${r.tensor.typeString}`);
  const lines = [`inputs ${Array.from({ length: nInputs }, (_, i) => `${name(i)}:${ty(i)}`).join(" ")}`];
  steps.forEach((s, k) => lines.push(`${name(nInputs + k)}:${ty(nInputs + k)} = ${s.prim}${JSON.stringify(s.params)} ${s.args.map(ref).join(" ")}`));
  lines.push(`return ${outputs.map(name).join(", ")}`);
  return lines.join("\n");
}

/** Runs a program by binding its primitives: eagerly on tensors, or recording under a trace. */
export function runProgram(p: Program, xs: readonly Tensor[]): Tensor[] {
  const env: Tensor[] = [...xs];
  for (const s of p.steps) {
    const args = s.args.map((r) => (r.kind === "var" ? env[r.index]! : r.tensor));
    env.push(applyN(s.prim, args, s.params)[0]!);
  }
  return p.outputs.map((i) => env[i]!);
}

/** A program and in-domain inputs for it. */
export interface ProgramCase {
  readonly program: Program;
  readonly xs: readonly Tensor[];
}

/** Random programs with inputs in [−3, 3]. */
export const programCaseArb: fc.Arbitrary<ProgramCase> = specArb.map(buildProgram).chain((program) =>
  fc.tuple(...program.inputs.map((a) => tensorArb(a.shape, a.dtype, inDomain, { min: -3, max: 3 }))).map((xs) => ({ program, xs })),
);

/** The program as a JS function of its inputs (a fresh function each call, so jit caches don't mix). */
export function programFn(p: Program): (...xs: Tensor[]) => Tensor[] {
  return (...xs) => runProgram(p, xs);
}

/** Options of `programArb`: the palette, and the inputs' shape, dtype and count. */
export interface ProgramOptions {
  readonly palette?: Palette;
  readonly dtype?: DType;
  readonly shape?: fc.Arbitrary<Shape>;
  readonly nInputs?: number;
  readonly maxSteps?: number;
}

/** The raw draws of a program over `nInputs` inputs of one shape and dtype (each drawn when not given). */
export function programSpecArb(opts: ProgramOptions = {}): fc.Arbitrary<ProgramSpec> {
  return fc.record({
    shape: opts.shape ?? shapeArb({ maxRank: 3, maxDim: 4 }),
    dtype: opts.dtype === undefined ? fc.constantFrom<DType>(...FLOAT_DTYPES) : fc.constant(opts.dtype),
    nInputs: opts.nInputs === undefined ? fc.integer({ min: 1, max: 3 }) : fc.constant(opts.nInputs),
    raw: fc.array(rawStepArb, { minLength: 1, maxLength: opts.maxSteps ?? 8 }),
    extraOutput: fc.option(fc.nat()),
  });
}

/** Random programs over `nInputs` inputs of one shape and dtype (each drawn when not given). */
export function programArb(opts: ProgramOptions = {}): fc.Arbitrary<Program> {
  return programSpecArb(opts).map((spec) => buildProgram(spec, opts.palette));
}

/**
 * Smooth float64 programs (SMOOTH_PALETTE, 1–`maxSteps` steps, rank ≤ 2, dims ≤ 3) with inputs in
 * [−2, 2]: what the derivative laws differentiate, compare across modes and check against finite
 * differences.
 */
export function smoothProgramCaseArb(maxSteps = 6): fc.Arbitrary<ProgramCase> {
  return programArb({ palette: SMOOTH_PALETTE, dtype: "float64", shape: shapeArb({ maxRank: 2, maxDim: 3 }), maxSteps }).chain((program) =>
    fc.tuple(...program.inputs.map((a) => tensorArb(a.shape, a.dtype, inDomain, { min: -2, max: 2 }))).map((xs) => ({ program, xs })),
  );
}
