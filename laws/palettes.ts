/**
 * The elementwise primitives the random programs draw from, read from the registry by kind and
 * dtype class — never listed by hand, so a primitive added with a kind factory is drawn at once.
 * The dtype class is what the primitive's own shape rule says of float64 operands: float64 out
 * (float arithmetic), bool out (a comparison), or a refusal (bool/int-only primitives).
 * A hand-picked palette (the smooth one) is checked against these at load.
 */
import "../src/primitives/registry.js";
import { aval } from "../src/ir/types.js";
import type { PrimitiveName } from "../src/primitives/params.js";
import { registry } from "../src/primitives/registry.js";
import type { AnyPrimitive } from "../src/primitives/rule-types.js";
import type { DType } from "../src/tensor/dtype.js";

const names = Object.keys(registry) as PrimitiveName[];

/** The dtype the shape rule of `name` gives `count` float64 operands, or undefined if it refuses them. */
function outDtypeOnFloats(name: PrimitiveName, count: number): DType | undefined {
  try {
    return (registry[name] as AnyPrimitive).shapeRule(Array.from({ length: count }, () => aval([2], "float64")), {} as never)[0]?.dtype;
  } catch {
    return undefined;
  }
}

/** The no-params elementwise primitives of `count` operands that map float64 operands to `out`, in registry order. */
function elementwise(count: 1 | 2, out: DType): readonly PrimitiveName[] {
  return names.filter((n) => {
    const def = registry[n] as AnyPrimitive;
    return def.kind === "elementwise" && def.operands === count && outDtypeOnFloats(n, count) === out;
  });
}

/** Float unary primitives (neg, sin, …, erf). */
export const FLOAT_UNARY = elementwise(1, "float64");
/** Float binary arithmetic (add, sub, mul, div, pow, max, min, rem). */
export const FLOAT_BINARY = elementwise(2, "float64");
/** Comparisons of floats (lt, le, gt, ge, eq, ne). */
export const FLOAT_COMPARE = elementwise(2, "bool");

/**
 * `chosen`, after checking that each name is in `derived` (a hand-picked palette must stay a
 * subset of what the registry offers: a renamed or re-kinded primitive fails here, at load).
 */
export function chosenFrom(label: string, chosen: readonly PrimitiveName[], derived: readonly PrimitiveName[]): readonly PrimitiveName[] {
  const stray = chosen.filter((n) => !derived.includes(n));
  if (stray.length > 0) throw new Error(`${label}: ${stray.join(", ")} not among the registry's ${derived.join(", ")}`);
  return chosen;
}
