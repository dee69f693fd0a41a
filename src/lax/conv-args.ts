/**
 * What lax's convolution functions resolve before binding conv_general_dilated, as JAX's
 * `conv_dimension_numbers` / `conv_general_permutations` and `padtype_to_pads` do: dimension
 * numbers from strings (or index arrays) to spec index arrays, and "SAME"/"SAME_LOWER"/"VALID" to
 * explicit (low, high) pairs.
 */
import { ArgumentError, ShapeError, describeValue, fmtShape } from "../errors.js";
import type { ConvDimensionNumbers } from "../primitives/conv/params.js";
import { padtypeToPads } from "../primitives/padtype.js";

/** Padding as JAX takes it: a mode name, or one (low, high) pair per spatial dimension. */
export type ConvPadding = "SAME" | "SAME_LOWER" | "VALID" | readonly (readonly [number, number])[];

/**
 * Dimension numbers as JAX takes them: three layout strings such as `["NHWC", "HWIO", "NHWC"]`
 * (N batch, C feature, O/I the kernel's output/input features, any other distinct letters the
 * spatial dimensions), spec index arrays, or null for the default (NCHW, OIHW, NCHW generalised).
 */
export type ConvDimensionNumbersLike = readonly [string, string, string] | ConvDimensionNumbers | null;

const iota = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/**
 * Resolves dimension numbers for operands of shapes `lhs` and `rhs` (JAX's `conv_dimension_numbers`):
 * the spatial axes of each spec are listed in the order the rhs string names them.
 */
export function resolveDimensionNumbers(op: string, lhs: readonly number[], rhs: readonly number[], dn: unknown): ConvDimensionNumbers {
  const both = `lhs ${fmtShape(lhs)} and rhs ${fmtShape(rhs)}`;
  if (lhs.length !== rhs.length) throw new ShapeError(`${op}: lhs and rhs must have the same rank, but got ${both}.`);
  if (dn === null || dn === undefined) return { lhsSpec: iota(lhs.length), rhsSpec: iota(lhs.length), outSpec: iota(lhs.length) };
  if (typeof dn === "object" && !Array.isArray(dn) && "lhsSpec" in dn && "rhsSpec" in dn && "outSpec" in dn) {
    const d = dn as ConvDimensionNumbers;
    return { lhsSpec: [...d.lhsSpec], rhsSpec: [...d.rhsSpec], outSpec: [...d.outSpec] };
  }
  if (!Array.isArray(dn) || dn.length !== 3 || !dn.every((s) => typeof s === "string")) {
    throw new ArgumentError(
      `${op}: dimensionNumbers must be three layout strings such as ["NHWC", "HWIO", "NHWC"], {lhsSpec, rhsSpec, outSpec}, or null; got ${describeValue(dn)}.`,
    );
  }
  const specs = dn as readonly string[];
  const shown = `dimensionNumbers ${JSON.stringify(specs)} for ${both}`;
  specs.forEach((s, i) => {
    if (s.length !== lhs.length) throw new ShapeError(`${op}: dimensionNumbers[${i}] "${s}" has ${s.length} letters, but the operands have rank ${lhs.length} (${shown}).`);
  });
  const pairs = [["N", "C"], ["O", "I"], ["N", "C"]] as const;
  pairs.forEach(([a, b], i) => {
    const s = specs[i]!;
    if (s.split(a).length !== 2 || s.split(b).length !== 2) {
      throw new ArgumentError(`${op}: dimensionNumbers[${i}] "${s}" must contain '${a}' and '${b}' exactly once (${shown}).`);
    }
    if (new Set(s).size !== s.length) throw new ArgumentError(`${op}: dimensionNumbers[${i}] "${s}" repeats a letter (${shown}).`);
  });
  const spatial = (s: string, [a, b]: readonly [string, string]): string => [...s].filter((c) => c !== a && c !== b).sort().join("");
  const [ls, rs, os] = specs as [string, string, string];
  if (spatial(ls, pairs[0]) !== spatial(rs, pairs[1]) || spatial(rs, pairs[1]) !== spatial(os, pairs[2])) {
    throw new ArgumentError(`${op}: the three dimensionNumbers strings must name the same spatial letters (${shown}).`);
  }
  const perm = (s: string, [a, b]: readonly [string, string]): number[] => {
    const sp = [...s].map((c, i) => [c, i] as const).filter(([c]) => c !== a && c !== b);
    sp.sort(([c1], [c2]) => rs.indexOf(c1) - rs.indexOf(c2));
    return [s.indexOf(a), s.indexOf(b), ...sp.map(([, i]) => i)];
  };
  return { lhsSpec: perm(ls, pairs[0]), rhsSpec: perm(rs, pairs[1]), outSpec: perm(os, pairs[2]) };
}

/** A list of `n` positive integers (strides, dilations), or `n` ones when absent. */
export function intList(op: string, name: string, value: unknown, n: number): number[] {
  if (value === undefined || value === null) return new Array<number>(n).fill(1);
  if (!Array.isArray(value) || value.length !== n || !value.every((x) => Number.isInteger(x) && x >= 1)) {
    throw new ArgumentError(`${op}: ${name} must be ${n} positive integers, one per spatial dimension; got ${describeValue(value)}.`);
  }
  return [...(value as number[])];
}

/**
 * Explicit padding from a mode (JAX's `padtype_to_pads`, case-insensitive) or validated pairs.
 * `inSpatial` are the lhs spatial sizes and `window` the dilated kernel sizes, in spec order.
 */
export function resolvePadding(
  op: string, padding: unknown, inSpatial: readonly number[], window: readonly number[], strides: readonly number[],
): [number, number][] {
  const n = inSpatial.length;
  if (typeof padding === "string") {
    const mode = padding.toUpperCase();
    if (mode === "VALID" || mode === "SAME" || mode === "SAME_LOWER") return padtypeToPads(mode, inSpatial, window, strides);
    throw new ArgumentError(`${op}: padding "${padding}" is not a mode; use "SAME", "SAME_LOWER", "VALID" or ${n} [low, high] pairs.`);
  }
  const ok = Array.isArray(padding) && padding.length === n &&
    padding.every((p) => Array.isArray(p) && p.length === 2 && Number.isInteger(p[0]) && Number.isInteger(p[1]));
  if (!ok) {
    throw new ArgumentError(`${op}: padding must be "SAME", "SAME_LOWER", "VALID" or ${n} [low, high] integer pairs (one per spatial dimension); got ${describeValue(padding)}.`);
  }
  return (padding as [number, number][]).map(([lo, hi]) => [lo, hi]);
}
