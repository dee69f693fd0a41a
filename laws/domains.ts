/**
 * The test domain of every primitive: an arbitrary of valid (input tensors, params) for it. The
 * table is a mapped type over `PrimitiveName`, so a primitive added to the registry without a
 * domain here fails to compile — and then every registry-driven law covers it automatically.
 * Domains stay in-domain: positive inputs for log/sqrt/rsqrt, non-zero divisors, int32 indices in
 * range, valid permutations, dimension numbers, slice and pad configs, bool predicates, int32[…,2] keys.
 */
import * as fc from "fast-check";
import { wire } from "../src/wire.js";
import { applyN } from "../src/primitives/ops.js";
import type { PrimitiveName, PrimitiveParams } from "../src/primitives/params.js";
import { registry } from "../src/primitives/registry.js";
import type { AnyPrimitive, PrimitiveKind } from "../src/primitives/rule-types.js";
import type { DType } from "../src/tensor/dtype.js";
import type { Tensor } from "../src/tensor/tensor.js";
import {
  ALL_DTYPES, BITWISE_DTYPES, COMPLEX_DTYPES, FLOAT_DTYPES, INT_DTYPES, NUMERIC_DTYPES, type Range, type Shape, type Values,
  anyTensorArb, axesArb, bitsRange, dimArb, dtypeArb, indicesArb, permutationArb, range, shapeArb, shapeOfSizeArb, sizeOfShape, tensorArb,
} from "./arbitraries.js";
import { autodiffDomains } from "./domains-autodiff.js";
import { controlDomains } from "./domains-control.js";
import { bitwiseDomains } from "./domains-bitwise.js";
import { specialDomains } from "./domains-special.js";
import { mathDomains } from "./domains-math.js";
import { cumulativeDomains } from "./domains-cumulative.js";
import { sortingDomains } from "./domains-sorting.js";
import { randomDomains } from "./domains-random.js";
import { convDomains } from "./domains-conv.js";
import { windowDomains } from "./domains-window.js";
import { factorDomains } from "./domains-factor.js";
import { eigenDomains } from "./domains-eigen.js";
import { fftDomains } from "./domains-fft.js";
import { complexDomains } from "./domains-complex.js";
import { allFloatArgs, eachOf } from "./domains-linear.js";

// Laws import modules below the package root, so they wire fluxion's layers themselves.
wire();

/** One application of primitive `N`. */
export interface Case<N extends PrimitiveName> {
  readonly name: N;
  readonly inputs: readonly Tensor[];
  readonly params: PrimitiveParams[N];
}

/** Any primitive's case (what registry-driven laws iterate over). */
export type AnyCase = { [N in PrimitiveName]: Case<N> }[PrimitiveName];

/** A primitive's kind, read from its definition in the registry (never restated here). */
export type Kind = PrimitiveKind;

/** The registry's definitions, with what they state as types (kind, operand count, linearity). */
type Registry = typeof registry;

/** The primitives with a transpose rule: linear in some of their arguments. */
export type LinearName = { [N in PrimitiveName]: Registry[N]["transposeRule"] extends "nonlinear" ? never : N }[PrimitiveName];

/** A primitive's test domain, without what only linear primitives state. */
export interface DomainBase<N extends PrimitiveName> {
  readonly cases: (v: Values) => fc.Arbitrary<Case<N>>;
  /**
   * Set only for a primitive with no eager meaning (it lives in graphs for a transform to
   * consume): evaluating it must throw this error class, and the laws check exactly that.
   */
  readonly eagerThrows?: { readonly error: new (message: string) => Error; readonly why: string };
  /**
   * Inputs of another example with the same params, for the batching laws (which stack several
   * examples). Default: each input's elements shuffled, which keeps every elementwise constraint
   * (positivity, index ranges, key format); a domain whose scalars matter (a branch index, a trip
   * count) redraws them here.
   */
  readonly resample?: (c: Case<N>) => fc.Arbitrary<readonly Tensor[]>;
}

/**
 * What a primitive with a transpose rule must say: the sets of arguments it is linear in, jointly,
 * with the others held fixed (the transposition law checks each set). Required by the type for
 * exactly the primitives whose registry entry has a transpose rule.
 */
export interface LinearDomain<N extends PrimitiveName> {
  readonly linearArgs: (c: Case<N>) => readonly (readonly number[])[];
}

/** A primitive's test domain: its cases (values drawn by `v`), and its linear arguments if it has a transpose rule. */
export type Domain<N extends PrimitiveName> = DomainBase<N> & (N extends LinearName ? LinearDomain<N> : unknown);

type RangeFor = Range | ((dtype: DType) => Range);
const rangeFor = (r: RangeFor | undefined, d: DType): Range | undefined => (typeof r === "function" ? r(d) : r);

// ---- domain factories by kind ---------------------------------------------------------------------

function unary<N extends PrimitiveName>(name: N, dtypes: readonly DType[], r?: RangeFor): DomainBase<N> {
  return {
    cases: (v) =>
      fc
        .tuple(shapeArb(), dtypeArb(dtypes))
        .chain(([shape, dtype]) => tensorArb(shape, dtype, v, rangeFor(r, dtype)).map((x) => ({ name, inputs: [x], params: {} as PrimitiveParams[N] }))),
  };
}

/** Operand shapes of an elementwise binary primitive: equal, or one of them a scalar. */
const binaryShapes = shapeArb().chain((s) => fc.constantFrom<[Shape, Shape]>([s, s], [s, []], [[], s]));

function binary<N extends PrimitiveName>(name: N, dtypes: readonly DType[], ra?: RangeFor, rb?: RangeFor): DomainBase<N> {
  return {
    cases: (v) =>
      fc.tuple(binaryShapes, dtypeArb(dtypes)).chain(([[sa, sb], dtype]) =>
        fc
          .tuple(tensorArb(sa, dtype, v, rangeFor(ra, dtype)), tensorArb(sb, dtype, v, rangeFor(rb, dtype)))
          .map(([a, b]) => ({ name, inputs: [a, b], params: {} as PrimitiveParams[N] })),
      ),
  };
}

function reduction<N extends "reduce_sum" | "reduce_max" | "reduce_min" | "reduce_prod">(name: N, dtypes: readonly DType[]): DomainBase<N> {
  return {
    cases: (v) =>
      fc
        .tuple(shapeArb(), dtypeArb(dtypes))
        .chain(([shape, dtype]) =>
          fc.tuple(tensorArb(shape, dtype, v, { min: -2, max: 2 }), axesArb(shape.length)).map(([x, axes]) => ({ name, inputs: [x], params: { axes } as PrimitiveParams[N] })),
        ),
  };
}

/** A shape of rank ≥ 1 and an axis of it (maybe negative) whose size is at least `minSize`. */
const shapeWithAxis = (minSize: number) =>
  shapeArb({ minRank: 1 }).chain((shape) =>
    fc.tuple(fc.nat({ max: shape.length - 1 }), fc.boolean()).map(([a, neg]) => ({
      shape: shape.map((d, i) => (i === a ? Math.max(minSize, d) : d)),
      axis: neg ? a - shape.length : a,
      positive: a,
    })),
  );

function argReduce<N extends "argmax" | "argmin" | "argsort">(name: N, minSize: number): DomainBase<N> {
  return {
    cases: (v) =>
      fc
        .tuple(shapeWithAxis(minSize), dtypeArb(NUMERIC_DTYPES))
        .chain(([{ shape, axis }, dtype]) => tensorArb(shape, dtype, v).map((x) => ({ name, inputs: [x], params: { axis } as PrimitiveParams[N] }))),
  };
}

const operand = anyTensorArb;

const scatterDomain = <N extends "scatter_add" | "scatter">(name: N): DomainBase<N> & LinearDomain<N> => ({
  // Operand and updates jointly: with one of them fixed the map is only affine.
  linearArgs: () => [[0, 2]],
  cases: (v) =>
    fc
      .record({ x: shapeWithAxis(1), idx: shapeArb({ maxRank: 2, maxDim: 3 }), dtype: dtypeArb(NUMERIC_DTYPES) })
      .chain(({ x: { shape, positive: axis }, idx, dtype }) =>
        fc
          .tuple(
            tensorArb(shape, dtype, v),
            indicesArb(idx, shape[axis]!),
            tensorArb([...shape.slice(0, axis), ...idx, ...shape.slice(axis + 1)], dtype, v),
          )
          .map(([x, i, u]) => ({ name, inputs: [x, i, u], params: { axis } as PrimitiveParams[N] })),
      ),
});

/** Valid dot_general operands: batch, contracting and free dims of each side laid out in a random order. */
const dotGeneralDomain: Domain<"dot_general"> = {
  linearArgs: eachOf(0, 1),
  cases: (v) =>
    fc
      .record({
        batch: fc.array(dimArb(3), { maxLength: 1 }),
        contract: fc.array(dimArb(3), { maxLength: 2 }),
        lhsFree: fc.array(dimArb(3), { maxLength: 1 }),
        rhsFree: fc.array(dimArb(3), { maxLength: 1 }),
        dtype: dtypeArb(NUMERIC_DTYPES),
      })
      .chain(({ batch, contract, lhsFree, rhsFree, dtype }) => {
        type Role = { kind: "b" | "c" | "f"; k: number; size: number };
        const roles = (free: number[]): Role[] => [
          ...batch.map((size, k) => ({ kind: "b" as const, k, size })),
          ...contract.map((size, k) => ({ kind: "c" as const, k, size })),
          ...free.map((size, k) => ({ kind: "f" as const, k, size })),
        ];
        const layout = (rs: Role[]) => fc.shuffledSubarray(rs, { minLength: rs.length, maxLength: rs.length });
        return fc.tuple(layout(roles(lhsFree)), layout(roles(rhsFree))).chain(([l, r]) => {
          const axisOf = (rs: Role[], kind: "b" | "c", k: number) => rs.findIndex((x) => x.kind === kind && x.k === k);
          const dims = {
            lhsBatch: batch.map((_, k) => axisOf(l, "b", k)),
            rhsBatch: batch.map((_, k) => axisOf(r, "b", k)),
            lhsContract: contract.map((_, k) => axisOf(l, "c", k)),
            rhsContract: contract.map((_, k) => axisOf(r, "c", k)),
          };
          return fc
            .tuple(tensorArb(l.map((x) => x.size), dtype, v, { min: -4, max: 4 }), tensorArb(r.map((x) => x.size), dtype, v, { min: -4, max: 4 }))
            .map(([a, b]) => ({ name: "dot_general" as const, inputs: [a, b], params: { dims } }));
        });
      }),
};

const positive: Range = { min: 0.1, max: 10 };
const nonZero: Range = { nonZero: true };

// ---- the table -------------------------------------------------------------------------------------

/** Every primitive's domain. A missing entry is a compile error. */
export const domains: { readonly [N in PrimitiveName]: Domain<N> } = {
  neg: { ...unary("neg", NUMERIC_DTYPES), linearArgs: allFloatArgs },
  sin: unary("sin", FLOAT_DTYPES),
  cos: unary("cos", FLOAT_DTYPES),
  tan: unary("tan", FLOAT_DTYPES, { min: -1.5, max: 1.5 }),
  tanh: unary("tanh", FLOAT_DTYPES),
  exp: unary("exp", FLOAT_DTYPES),
  log: unary("log", FLOAT_DTYPES, positive),
  log1p: unary("log1p", FLOAT_DTYPES, { min: -0.9, max: 10 }),
  expm1: unary("expm1", FLOAT_DTYPES),
  sqrt: unary("sqrt", FLOAT_DTYPES, positive),
  rsqrt: unary("rsqrt", FLOAT_DTYPES, positive),
  erf: unary("erf", FLOAT_DTYPES),
  logistic: unary("logistic", FLOAT_DTYPES),
  abs: unary("abs", NUMERIC_DTYPES, nonZero),
  sign: unary("sign", NUMERIC_DTYPES, nonZero),
  floor: unary("floor", FLOAT_DTYPES),
  ceil: unary("ceil", FLOAT_DTYPES),
  round: unary("round", FLOAT_DTYPES),
  not: unary("not", BITWISE_DTYPES, bitsRange),
  integer_pow: {
    cases: (v) =>
      fc
        .record({ shape: shapeArb(), dtype: dtypeArb(NUMERIC_DTYPES), y: fc.integer({ min: -3, max: 4 }) })
        .chain(({ shape, dtype, y }) =>
          tensorArb(shape, dtype, v, y < 0 ? nonZero : {}).map((x) => ({ name: "integer_pow" as const, inputs: [x], params: { y } })),
        ),
  },
  convert_element_type: {
    linearArgs: allFloatArgs,
    cases: (v) =>
      fc
        .record({ shape: shapeArb(), from: dtypeArb(ALL_DTYPES), newDtype: dtypeArb(ALL_DTYPES) })
        .chain(({ shape, from, newDtype }) =>
          tensorArb(shape, from, v, { min: -1e3, max: 1e3 }).map((x) => ({ name: "convert_element_type" as const, inputs: [x], params: { newDtype } })),
        ),
  },
  add: { ...binary("add", NUMERIC_DTYPES), linearArgs: allFloatArgs },
  sub: { ...binary("sub", NUMERIC_DTYPES), linearArgs: allFloatArgs },
  mul: { ...binary("mul", NUMERIC_DTYPES), linearArgs: eachOf(0, 1) },
  div: { ...binary("div", NUMERIC_DTYPES, {}, nonZero), linearArgs: eachOf(0) }, // the numerator
  pow: binary(
    "pow",
    NUMERIC_DTYPES,
    (d) => (d === "int32" ? { min: -4, max: 4 } : positive),
    (d) => (d === "int32" ? { min: 0, max: 6 } : { min: -3, max: 3 }),
  ),
  max: binary("max", NUMERIC_DTYPES),
  min: binary("min", NUMERIC_DTYPES),
  rem: binary("rem", NUMERIC_DTYPES, {}, nonZero),
  and: binary("and", BITWISE_DTYPES, bitsRange, bitsRange),
  or: binary("or", BITWISE_DTYPES, bitsRange, bitsRange),
  // Amounts outside [0, 32) included: XLA shifts every bit out.
  shift_right_logical: binary("shift_right_logical", INT_DTYPES, bitsRange, { min: -3, max: 40 }),
  lt: binary("lt", ALL_DTYPES),
  le: binary("le", ALL_DTYPES),
  gt: binary("gt", ALL_DTYPES),
  ge: binary("ge", ALL_DTYPES),
  eq: binary("eq", ALL_DTYPES),
  ne: binary("ne", ALL_DTYPES),
  select: {
    linearArgs: () => [[1, 2]], // the branches, never the predicate
    cases: (v) =>
      fc
        .record({ shape: shapeArb(), scalar: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()), dtype: dtypeArb(ALL_DTYPES) })
        .chain(({ shape, scalar: [sp, st, sf], dtype }) =>
          fc
            .tuple(tensorArb(sp ? [] : shape, "bool", v), tensorArb(st ? [] : shape, dtype, v), tensorArb(sf ? [] : shape, dtype, v))
            .map(([p, t, f]) => ({ name: "select" as const, inputs: [p, t, f], params: {} })),
        ),
  },
  reduce_sum: { ...reduction("reduce_sum", NUMERIC_DTYPES), linearArgs: allFloatArgs },
  reduce_max: reduction("reduce_max", ALL_DTYPES),
  reduce_min: reduction("reduce_min", ALL_DTYPES),
  // The kernel multiplies complex values too (in float64, in row-major order): drawn here so every law checks them.
  reduce_prod: reduction("reduce_prod", [...NUMERIC_DTYPES, ...COMPLEX_DTYPES]),
  argmax: argReduce("argmax", 1),
  argmin: argReduce("argmin", 1),
  argsort: argReduce("argsort", 0),
  reshape: {
    linearArgs: allFloatArgs,
    cases: (v) =>
      operand(v).chain((x) => shapeOfSizeArb(x.size).map((newSizes) => ({ name: "reshape" as const, inputs: [x], params: { newSizes } }))),
  },
  broadcast_in_dim: {
    linearArgs: allFloatArgs,
    cases: (v) =>
      operand(v).chain((x) =>
        fc
          .integer({ min: x.ndim, max: 4 })
          .chain((rank) =>
            fc.tuple(
              fc.shuffledSubarray(range(rank), { minLength: x.ndim, maxLength: x.ndim }).map((d) => d.sort((a, b) => a - b)),
              fc.array(dimArb(3), { minLength: rank, maxLength: rank }),
            ),
          )
          .map(([broadcastDimensions, fresh]) => {
            const shape = [...fresh];
            broadcastDimensions.forEach((d, i) => {
              if (x.shape[i] !== 1) shape[d] = x.shape[i]!;
            });
            return { name: "broadcast_in_dim" as const, inputs: [x], params: { shape, broadcastDimensions } };
          }),
      ),
  },
  transpose: {
    linearArgs: allFloatArgs,
    cases: (v) => operand(v).chain((x) => permutationArb(x.ndim).map((permutation) => ({ name: "transpose" as const, inputs: [x], params: { permutation } }))),
  },
  slice: {
    linearArgs: allFloatArgs,
    cases: (v) =>
      operand(v).chain((x) =>
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 3 })), { minLength: x.ndim, maxLength: x.ndim }).map((raw) => {
          const startIndices = raw.map(([s], i) => s % (x.shape[i]! + 1));
          const limitIndices = raw.map(([, l], i) => startIndices[i]! + (l % (x.shape[i]! - startIndices[i]! + 1)));
          return { name: "slice" as const, inputs: [x], params: { startIndices, limitIndices, strides: raw.map(([, , s]) => s) } };
        }),
      ),
  },
  pad: {
    linearArgs: allFloatArgs,
    cases: (v) =>
      operand(v).chain((x) =>
        fc
          .tuple(
            fc.array(fc.tuple(fc.integer({ min: -2, max: 3 }), fc.integer({ min: -2, max: 3 }), fc.integer({ min: 0, max: 2 })), { minLength: x.ndim, maxLength: x.ndim }),
            v.element(x.dtype),
          )
          .map(([raw, paddingValue]) => {
            const config = raw.map(([lo, hi, interior], i): [number, number, number] => {
              const d = x.shape[i]!;
              return lo + hi + d + Math.max(0, d - 1) * interior >= 0 ? [lo, hi, interior] : [Math.max(0, lo), Math.max(0, hi), interior];
            });
            return { name: "pad" as const, inputs: [x], params: { paddingValue, config } };
          }),
      ),
  },
  concatenate: {
    linearArgs: allFloatArgs,
    cases: (v) =>
      fc
        .record({ base: shapeWithAxis(0), sizes: fc.array(dimArb(3), { minLength: 1, maxLength: 3 }), dtype: dtypeArb(ALL_DTYPES) })
        .chain(({ base: { shape, positive: dimension }, sizes, dtype }) =>
          fc
            .tuple(...sizes.map((n) => tensorArb(shape.map((d, i) => (i === dimension ? n : d)), dtype, v)))
            .map((xs) => ({ name: "concatenate" as const, inputs: xs, params: { dimension } })),
        ),
  },
  rev: {
    linearArgs: allFloatArgs,
    cases: (v) => operand(v).chain((x) => axesArb(x.ndim).map((dimensions) => ({ name: "rev" as const, inputs: [x], params: { dimensions } }))),
  },
  gather: {
    linearArgs: () => [[0]], // the operand, never the indices
    cases: (v) =>
      fc
        .record({ x: shapeWithAxis(1), idx: shapeArb({ maxRank: 2, maxDim: 3 }), dtype: dtypeArb(ALL_DTYPES) })
        .chain(({ x: { shape, positive: axis }, idx, dtype }) =>
          fc.tuple(tensorArb(shape, dtype, v), indicesArb(idx, shape[axis]!)).map(([x, i]) => ({ name: "gather" as const, inputs: [x, i], params: { axis } })),
        ),
  },
  scatter_add: scatterDomain("scatter_add"),
  scatter: scatterDomain("scatter"),
  dot_general: dotGeneralDomain,
  iota: {
    cases: () =>
      fc
        .record({ shape: shapeArb({ minRank: 1 }), dtype: dtypeArb(NUMERIC_DTYPES), d: fc.nat() })
        .map(({ shape, dtype, d }) => ({ name: "iota" as const, inputs: [], params: { dtype, shape, dimension: d % shape.length } })),
  },
  ...autodiffDomains,
  ...controlDomains,
  ...bitwiseDomains,
  ...specialDomains,
  ...mathDomains,
  ...cumulativeDomains,
  ...sortingDomains,
  ...randomDomains,
  ...convDomains,
  ...windowDomains,
  ...factorDomains,
  ...eigenDomains,
  ...fftDomains,
  ...complexDomains,
};

// ---- driving laws from the registry --------------------------------------------------------------

/** Every primitive name, in registry order (the registry, not the domain table, is the source). */
export const primitiveNames = Object.keys(registry) as PrimitiveName[];

/**
 * The domain of `name`. The type already demands one per primitive; this also fails clearly at
 * run time (vitest does not typecheck) when the registry has grown and domains.ts has not.
 */
export function domainOf(name: PrimitiveName): DomainBase<PrimitiveName> & Partial<LinearDomain<PrimitiveName>> {
  const d = (domains as Partial<Record<PrimitiveName, DomainBase<PrimitiveName> & Partial<LinearDomain<PrimitiveName>>>>)[name];
  if (d === undefined) throw new Error(`primitive ${name} has no test domain: add one to laws/domains.ts (tsc reports it too)`);
  return d;
}

/** The kind the registry gives primitive `name`. */
export const kindOf = (name: PrimitiveName): Kind => (registry[name] as AnyPrimitive).kind;

/** `name (kind)` for test titles. */
export function title(name: PrimitiveName): string {
  return `${name} (${kindOf(name)})`;
}

/** The cases of primitive `name`, widened for generic laws. */
export function casesOf(name: PrimitiveName, v: Values): fc.Arbitrary<AnyCase> {
  return domainOf(name).cases(v) as fc.Arbitrary<AnyCase>;
}

/**
 * Runs `thunk`, which evaluates primitive `name` (eagerly, through evaluate, or through jit).
 * For an ordinary primitive it returns the result. For one marked `eagerThrows` it checks that
 * the thunk throws that error class and returns undefined, so a law skips its value checks.
 */
export function evaluating<T>(name: PrimitiveName, thunk: () => T): T | undefined {
  const expected = domainOf(name).eagerThrows;
  if (expected === undefined) return thunk();
  try {
    thunk();
  } catch (err) {
    if (err instanceof expected.error) return undefined;
    throw new Error(`${name}: evaluating it should throw ${expected.error.name} (${expected.why}); it threw ${String(err)}`);
  }
  throw new Error(`${name}: evaluating it should throw ${expected.error.name} (${expected.why}); it returned normally`);
}

/** Binds the case's primitive to its inputs through the ops facade (eager, or traced under a trace). */
export function applyCase(c: AnyCase, inputs: readonly Tensor[] = c.inputs): Tensor[] {
  return applyN(c.name, inputs, c.params);
}

/** `add[] f32[2,3] f32[]` for messages. */
export function describeCase(c: AnyCase): string {
  return `${c.name}${JSON.stringify(c.params)} ${c.inputs.map((t) => t.typeString).join(" ")}`;
}

/** Element count of a case's inputs (to keep generated work small). */
export const caseSize = (c: AnyCase): number => c.inputs.reduce((n, t) => n + sizeOfShape(t.shape), 0);
