/**
 * The shape rule shared by the windowed reductions: checks a window geometry against the operand
 * (one entry per dim, positive window sizes, strides and dilations, non-negative padding) and
 * returns the output shape, as JAX's `_common_reduce_window_shape_rule` does.
 */
import { DTypeError, ShapeError, fmtShape, fmtValue } from "../../errors.js";
import type { Aval } from "../../ir/types.js";
import type { DType } from "../../tensor/dtype.js";
import { windowOutShape } from "../../tensor/kernels/window.js";
import type { WindowGeometry } from "./params.js";

const isPositiveInt = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 1;

/** A list as messages print it (`[2,2]`, `[[0,1],[1,0]]`), other values as fmtValue does. */
export function fmtList(v: unknown): string {
  if (!Array.isArray(v)) return fmtValue(v);
  try {
    const s = JSON.stringify(v);
    return s.length > 80 ? `${s.slice(0, 80)}…` : s;
  } catch {
    return fmtValue(v);
  }
}

/** Throws unless `dtype` is one of `allowed`, naming the primitive, the argument and a cast. */
export function checkWindowDtype(name: string, arg: string, dtype: DType, allowed: readonly DType[]): void {
  if (allowed.includes(dtype)) return;
  const what = dtype.startsWith("complex") ? `complex dtypes are not supported yet by ${name}` : `${name} takes ${allowed.join(", ")}`;
  throw new DTypeError(`${name}: ${arg} has dtype ${dtype}, but ${what}. Cast it with np.astype(x, "float32").`);
}

/** The output shape of `name` over an operand of shape `shape`, after checking the geometry. */
export function windowShape(name: string, x: Aval, g: WindowGeometry): number[] {
  const rank = x.shape.length;
  const lists: [string, readonly unknown[]][] = [
    ["windowDimensions", g.windowDimensions], ["windowStrides", g.windowStrides], ["padding", g.padding],
    ["baseDilation", g.baseDilation], ["windowDilation", g.windowDilation],
  ];
  for (const [field, list] of lists) {
    if (!Array.isArray(list) || list.length !== rank) {
      throw new ShapeError(`${name}: ${field} must have one entry per dimension of the operand ${fmtShape(x.shape)} (${rank}); got ${fmtList(list)}.`);
    }
  }
  for (const [field, list] of lists) {
    if (field === "padding") continue;
    const bad = list.findIndex((v) => !isPositiveInt(v));
    if (bad >= 0) throw new ShapeError(`${name}: ${field}[${bad}] is ${fmtValue(list[bad])}; it must be a positive integer.`);
  }
  g.padding.forEach((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((p) => Number.isInteger(p) && p >= 0)) {
      throw new ShapeError(`${name}: padding[${i}] is ${fmtList(pair)}; it must be a pair [lo, hi] of non-negative integers (crop with lax.slice first).`);
    }
  });
  return windowOutShape(x.shape, g);
}
