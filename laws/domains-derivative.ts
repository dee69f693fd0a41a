/**
 * The derivative laws' domains: every primitive's domain (domains.ts) with values drawn for
 * differentiation, cast to float64 (RELIABILITY: finite differences in float32 are off by up to
 * 1.4e-3), and kept away from kinks. Values are uniform on each range (no bias towards tiny
 * numbers) and at least 0.25 away from 0, so a step of 1e-4 never straddles the kink of abs or
 * sign, and never nears the pole of div or of a negative power. What a draw cannot avoid is
 * filtered (ties of max/min and of reduce_max/min) or built in (rem away from its jumps).
 * Graph-carrying primitives draw smooth float64 programs instead: a cast would not reach the
 * dtypes inside their graphs.
 */
import * as fc from "fast-check";
import type { PrimitiveName } from "../src/primitives/params.js";
import { type DType, isFloat } from "../src/tensor/dtype.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { type Range, type Values, makeTensor, shapeArb, tensorArb } from "./arbitraries.js";
import { graphCallDomains } from "./domains-autodiff.js";
import { smoothControlDomains } from "./domains-control.js";
import { type AnyCase, type Domain, casesOf } from "./domains.js";
import { smoothProgramCaseArb } from "./programs.js";

/** The smallest |x| the derivative laws draw for a float (where the range allows it). */
export const MARGIN = 0.25;

const GRID = 2 ** 30;

/** Uniform on [min, max] (a grid of 2^30 points: fast-check's doubles favour 0 and the ends). */
export function uniform(min: number, max: number): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: GRID }).map((k) => min + ((max - min) * k) / GRID);
}

/** Element values for the derivative laws: uniform, and |x| ≥ MARGIN for floats. */
export const smooth: Values = {
  special: false,
  element(dtype: DType, r: Range = {}) {
    switch (dtype) {
      case "bool":
        return fc.constantFrom(0, 1);
      case "uint32": // integers draw no derivative: the same values as the other laws
      case "int32": {
        const a = dtype === "uint32" ? fc.integer({ min: Math.max(0, Math.ceil(r.min ?? 0)), max: Math.max(0, Math.floor(r.max ?? 100)) }) : fc.integer({ min: r.min ?? -50, max: r.max ?? 50 });
        return r.nonZero ? a.filter((x) => x !== 0) : a;
      }
      case "float32":
      case "float64":
      case "complex64": // one part of a complex element
      case "complex128": {
        const min = r.min ?? -10, max = r.max ?? 10;
        let a = uniform(min, max);
        if (dtype === "float32" || dtype === "complex64") a = a.map(Math.fround).filter((x) => x >= min && x <= max);
        return a.filter((x) => Math.abs(x) >= MARGIN);
      }
    }
  },
};

/** The case with every float32 input widened to float64 (params never name an input dtype). */
export function toFloat64(c: AnyCase): AnyCase {
  const wide = (d: DType): DType | undefined => (d === "float32" ? "float64" : d === "complex64" ? "complex128" : undefined);
  const inputs = c.inputs.map((x) => (wide(x.dtype) !== undefined ? makeTensor(x.shape, wide(x.dtype)!, Array.from(x.concreteData())) : x));
  return { ...c, inputs } as AnyCase;
}

// ---- kinks ----------------------------------------------------------------------------------------

/** The gap a tie must clear: far above the finite-difference step (1e-4 × |t| ≤ 1e-4). */
const TIE_GAP = 1e-2;

const at = (x: Tensor, i: number): number => x.concreteData()[x.size === 1 ? 0 : i]!;

/** Elementwise operands at least TIE_GAP apart (max/min are not differentiable at ties). */
function noElementwiseTies(c: AnyCase): boolean {
  const [a, b] = c.inputs;
  if (!isFloat(a!.dtype)) return true;
  const n = Math.max(a!.size, b!.size);
  for (let i = 0; i < n; i++) if (Math.abs(at(a!, i) - at(b!, i)) < TIE_GAP) return false;
  return true;
}

/** Group id of every element of `shape` when `axes` are reduced (row-major). */
function reductionGroups(shape: readonly number[], axes: readonly number[]): number[] {
  const reduced = new Set(axes.map((a) => (a < 0 ? a + shape.length : a)));
  const n = shape.reduce((p, d) => p * d, 1);
  const ids = new Array<number>(n);
  for (let flat = 0; flat < n; flat++) {
    let rest = flat, id = 0, mult = 1;
    for (let d = shape.length - 1; d >= 0; d--) {
      const coord = rest % shape[d]!;
      rest = Math.floor(rest / shape[d]!);
      if (!reduced.has(d)) {
        id += coord * mult;
        mult *= shape[d]!;
      }
    }
    ids[flat] = id;
  }
  return ids;
}

/**
 * Every reduced group is non-empty (the max of nothing is −∞, a constant with no finite difference)
 * and its extreme (max, or min when `sign` = −1) is TIE_GAP clear of the rest.
 */
function noReductionTies(sign: 1 | -1) {
  return (c: AnyCase): boolean => {
    const x = c.inputs[0]!;
    const { axes } = c.params as { axes: readonly number[] };
    const kept = x.shape.filter((_, d) => !axes.some((a) => (a < 0 ? a + x.ndim : a) === d));
    if (x.size === 0 && kept.every((d) => d > 0)) return false;
    if (!isFloat(x.dtype)) return true;
    const data = x.concreteData();
    const best = new Map<number, number[]>();
    reductionGroups(x.shape, axes).forEach((g, i) => {
      const list = best.get(g) ?? [];
      list.push(sign * data[i]!);
      best.set(g, list);
    });
    for (const vals of best.values()) {
      vals.sort((p, q) => q - p);
      if (vals.length > 1 && vals[0]! - vals[1]! < TIE_GAP) return false;
    }
    return true;
  };
}

const KINK_FREE: Partial<Record<PrimitiveName, (c: AnyCase) => boolean>> = {
  max: noElementwiseTies,
  min: noElementwiseTies,
  reduce_max: noReductionTies(1),
  reduce_min: noReductionTies(-1),
};

// ---- domains built for differentiation -----------------------------------------------------------

/**
 * rem(x, y) = x − trunc(x/y)·y jumps where x/y crosses an integer: float cases are built from a
 * quotient q = x/y kept at least 0.1 from every integer (int cases, derivative zero, as drawn).
 */
const remDomain: Domain<"rem"> = {
  cases: (v) => {
    const quotient = fc.tuple(fc.integer({ min: -4, max: 3 }), uniform(0.1, 0.9)).map(([k, u]) => k + u);
    const float = fc
      .tuple(shapeArb(), fc.constantFrom<"ab" | "a" | "b">("ab", "a", "b"))
      .chain(([s, which]) =>
        fc.tuple(fc.array(quotient, { minLength: s.reduce((p, d) => p * d, 1), maxLength: s.reduce((p, d) => p * d, 1) }), tensorArb(which === "ab" ? s : [], "float64", v, { min: -4, max: 4 })).map(([qs, other]) => {
          // which: "ab" both of shape s; "a" x scalar (y = x / q); "b" y scalar (x = q · y).
          const o = Array.from(other.concreteData());
          if (which === "a") {
            const x = o[0]!;
            return { name: "rem" as const, inputs: [other, makeTensor(s, "float64", qs.map((q) => x / q))], params: {} };
          }
          const xs = qs.map((q, i) => q * o[which === "b" ? 0 : i]!);
          const y = which === "b" ? makeTensor([], "float64", [o[0]!]) : other;
          return { name: "rem" as const, inputs: [makeTensor(s, "float64", xs), y], params: {} };
        }),
      );
    return fc.oneof(float, casesOf("rem", v).filter((c) => c.inputs[0]!.dtype === "int32") as fc.Arbitrary<never>);
  },
};

const OVERRIDES: Partial<{ readonly [N in PrimitiveName]: Domain<N> }> = {
  ...graphCallDomains(smoothProgramCaseArb(4)),
  ...smoothControlDomains,
  rem: remDomain,
};

/**
 * The cases of `name` for the derivative laws: float64, uniform values clear of 0, and clear of
 * the primitive's kinks.
 */
export function derivativeCasesOf(name: PrimitiveName): fc.Arbitrary<AnyCase> {
  const override = OVERRIDES[name] as Domain<PrimitiveName> | undefined;
  const base = override !== undefined ? (override.cases(smooth) as fc.Arbitrary<AnyCase>) : casesOf(name, smooth).map(toFloat64);
  const kinkFree = KINK_FREE[name];
  return kinkFree === undefined ? base : base.filter(kinkFree);
}
