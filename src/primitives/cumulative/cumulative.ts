/**
 * The cumulative reductions along one axis, as JAX's primitives: cumsum (linear: its transpose is
 * the reversed cumsum), cumprod, cummax, cummin and cumlogsumexp (their jvp is the jvp of JAX's
 * associative scan, associative-scan.ts). Params `axis` (0 ≤ axis < rank, as JAX requires; np
 * normalises negative axes) and `reverse`. Numbers only (JAX rejects bool); cumlogsumexp takes floats.
 */
import { DTypeError, ShapeError, fmtShape } from "../../errors.js";
import { type Aval, aval } from "../../ir/types.js";
import { type DType, isFloat } from "../../tensor/dtype.js";
import { fromData } from "../../tensor/from-js.js";
import { type CumulativeKernel, cumulative } from "../../tensor/kernels/cumulative.js";
import type { Tensor } from "../../tensor/tensor.js";
import { instantiate, isZero, linearJvp, zeroLike } from "../ad.js";
import { shiftAxis } from "../batching.js";
import { type BatchRule, type JvpRule, type UndefinedPrimal, definePrimitive } from "../rule-types.js";
import { type Combine, associativeScan, logAddExpPair, maxPair, minPair, mulPair } from "./associative-scan.js";
import { type CumulativeName, cumulative as bindCumulative, cumsum as bindCumsum } from "./ops.js";
import type { CumulativeAxis } from "./params.js";

const NUMBERS: readonly DType[] = ["float32", "float64", "int32", "uint32"];
const FLOATS: readonly DType[] = ["float32", "float64"];

/** Shape rule (the output is x's shape and dtype) and reference kernel of a cumulative reduction. */
function cumulativeRules(name: CumulativeName, kernel: CumulativeKernel, dtypes: readonly DType[]) {
  return {
    kind: "reduce" as const,
    shapeRule: ([x]: readonly Aval[], { axis }: CumulativeAxis): Aval[] => {
      if (!dtypes.includes(x!.dtype)) {
        const fix = dtypes === FLOATS ? `Cast it with np.astype(x, "float32").` : `Cast it with np.astype (np.cumsum does so for bool).`;
        throw new DTypeError(`${name}: args[0] has dtype ${x!.dtype}, but ${name} takes ${dtypes.join(", ")}. ${fix}`);
      }
      if (!Number.isInteger(axis) || axis < 0 || axis >= x!.shape.length) {
        throw new ShapeError(`${name}: axis ${axis} is out of range for an array of shape ${fmtShape(x!.shape)}; it must be in [0, ${x!.shape.length}).`);
      }
      return [aval(x!.shape, x!.dtype)];
    },
    impl: ([x]: readonly Tensor[], { axis, reverse }: CumulativeAxis, [o]: readonly Aval[]): Tensor[] => [
      fromData(o!.shape, o!.dtype, cumulative(kernel, x!.concreteData(), x!.shape, axis, reverse, o!.dtype)),
    ],
    // The per-example axis moves right past a batch dim before it; the batch dim stays put.
    batchRule: (([x], [bd], { axis, reverse }) => [[bindCumulative(name, x!, shiftAxis(axis, bd!), reverse)], [bd!]]) as BatchRule<CumulativeName>,
  };
}

/** The jvp of a nonlinear cumulative reduction: the tangent of JAX's associative scan with `combine`. */
function scanJvp(name: CumulativeName, combine: Combine): JvpRule<CumulativeName> {
  return ([x], [dx], { axis, reverse }) => {
    const out = bindCumulative(name, x!, axis, reverse);
    if (isZero(dx) || !isFloat(out.dtype)) return [[out], [zeroLike(out)]];
    const [, tangent] = associativeScan(combine, [x!, instantiate(dx!)], axis, reverse);
    return [[out], [tangent!]];
  };
}

/** Running sum along `axis`. Linear; float32 accumulates in float64 and rounds each output once. */
export const cumsum = definePrimitive({
  name: "cumsum",
  ...cumulativeRules("cumsum", "sum", NUMBERS),
  jvpRule: linearJvp(([x], { axis, reverse }) => [bindCumsum(x!, axis, reverse)]),
  // Each input feeds every output after it, so its cotangent sums the cotangents from its position on.
  transposeRule: ([ct], [x], { axis, reverse }) => {
    if (isZero(ct)) return [zeroLike((x as UndefinedPrimal).aval)];
    return [bindCumsum(instantiate(ct!), axis, !reverse)];
  },
});

/** Running product along `axis` (its derivative is exact where some entries are 0). */
export const cumprod = definePrimitive({
  name: "cumprod",
  ...cumulativeRules("cumprod", "prod", NUMBERS),
  jvpRule: scanJvp("cumprod", mulPair),
  transposeRule: "nonlinear",
});

/** Running maximum along `axis` (NaN sticks; ties split the tangent as JAX's scan of `max` does). */
export const cummax = definePrimitive({
  name: "cummax",
  ...cumulativeRules("cummax", "max", NUMBERS),
  jvpRule: scanJvp("cummax", maxPair),
  transposeRule: "nonlinear",
});

/** Running minimum along `axis` (NaN sticks; ties split the tangent as JAX's scan of `min` does). */
export const cummin = definePrimitive({
  name: "cummin",
  ...cumulativeRules("cummin", "min", NUMBERS),
  jvpRule: scanJvp("cummin", minPair),
  transposeRule: "nonlinear",
});

/** Running log Σ exp along `axis`, as JAX's logaddexp (−∞ entries contribute nothing). */
export const cumlogsumexp = definePrimitive({
  name: "cumlogsumexp",
  ...cumulativeRules("cumlogsumexp", "logsumexp", FLOATS),
  jvpRule: scanJvp("cumlogsumexp", logAddExpPair),
  transposeRule: "nonlinear",
});
