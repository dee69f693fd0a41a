/**
 * The arguments of the user-facing window functions (lax.reduceWindow, nn.maxPool, nn.avgPool),
 * read and checked before anything is bound: integer lists of the right length, and a padding mode
 * resolved to pairs as JAX's `padtype_to_pads` does. Lives beside the primitives so both lax/ and
 * nn/ (which may not import lax/) share it.
 */
import { ArgumentError, describeValue } from "../../errors.js";
import { fmtList } from "./shape.js";
import { padtypeToPads } from "../padtype.js";

/** A padding argument: a mode, or one `[lo, hi]` pair per dim. */
export type WindowPadding = "SAME" | "VALID" | "SAME_LOWER" | readonly (readonly [number, number])[];

/** A list of `rank` positive integers (`fallback` repeated when the argument is left out). */
export function positiveInts(op: string, name: string, value: unknown, rank: number, fallback?: number): number[] {
  if ((value === undefined || value === null) && fallback !== undefined) return new Array<number>(rank).fill(fallback);
  if (!Array.isArray(value) || value.length !== rank || !value.every((v) => Number.isSafeInteger(v) && (v as number) >= 1)) {
    throw new ArgumentError(`${op}: ${name} must be a list of ${rank} positive integers (one per dimension); got ${fmtList(value)}.`);
  }
  return [...(value as number[])];
}

/**
 * `padding` as `[lo, hi]` pairs. "VALID" pads nothing; "SAME" pads so that ceil(n / stride) windows
 * fit, the odd element after ("SAME_LOWER": before), as JAX's `padtype_to_pads` does for the
 * undilated operand and the dilated window `span`.
 */
export function resolveWindowPadding(
  op: string, padding: unknown, shape: readonly number[], span: readonly number[], strides: readonly number[],
): [number, number][] {
  if (padding === "VALID" || padding === "SAME" || padding === "SAME_LOWER") return padtypeToPads(padding, shape, span, strides);
  const pairs = Array.isArray(padding) && padding.length === shape.length && padding.every(
    (p) => Array.isArray(p) && p.length === 2 && p.every((v) => Number.isSafeInteger(v) && (v as number) >= 0),
  );
  if (!pairs) {
    const got = typeof padding === "string" ? `"${padding}"` : Array.isArray(padding) ? fmtList(padding) : describeValue(padding);
    throw new ArgumentError(
      `${op}: padding must be "SAME", "VALID", "SAME_LOWER" or ${shape.length} pairs [lo, hi] of non-negative integers (one per dimension); got ${got}.`,
    );
  }
  return (padding as [number, number][]).map(([lo, hi]) => [lo, hi]);
}
