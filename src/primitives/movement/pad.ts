/**
 * pad[paddingValue, config](x): per dim (lo, hi, interior) — lo/hi elements added at each end
 * (negative crops), interior elements between neighbours. Linear in x when paddingValue is 0.
 */
import { ShapeError, fmtShape } from "../../errors.js";
import { aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { pad as kernel } from "../../tensor/kernels/layout.js";
import { instantiate, isZero, zeroLike } from "../ad.js";
import * as ops from "../ops.js";
import { definePrimitive } from "../rule-types.js";

export const pad = definePrimitive({
  name: "pad",
  kind: "movement",
  shapeRule: ([x], { config }) => {
    if (config.length !== x!.shape.length) {
      throw new ShapeError(`pad: give one (lo, hi, interior) per dimension of ${fmtShape(x!.shape)}; got ${config.length}.`);
    }
    const shape = x!.shape.map((d, i) => {
      const [lo, hi, interior] = config[i]!;
      const size = lo + hi + d + Math.max(0, d - 1) * interior;
      if (!Number.isInteger(lo) || !Number.isInteger(hi) || !Number.isInteger(interior) || interior < 0 || size < 0) {
        throw new ShapeError(`pad: dimension ${i} of ${fmtShape(x!.shape)} with (lo=${lo}, hi=${hi}, interior=${interior}) gives size ${size}; sizes must be ≥ 0.`);
      }
      return size;
    });
    return [aval(shape, x!.dtype)];
  },
  impl: ([x], { paddingValue, config }, [o]) => [fromData(o!.shape, o!.dtype, kernel(x!.concreteData(), x!.shape, paddingValue, config))],
  // The padding value is a constant, so the tangent is padded with zeros.
  jvpRule: ([x], [dx], { paddingValue, config }) => {
    const y = ops.pad(x!, paddingValue, config);
    return [[y], [isZero(dx) ? zeroLike(y) : ops.pad(dx!, 0, config)]];
  },
  // Undo the edges (negated lo/hi; a negative value re-adds cropped zeros), then drop the interior.
  transposeRule: ([ct], _x, { config }) => {
    const unpadded = ops.pad(instantiate(ct!), 0, config.map(([lo, hi]) => [-lo, -hi, 0] as const));
    return [ops.slice(unpadded, config.map(() => 0), unpadded.shape, config.map(([, , interior]) => interior + 1))];
  },
  // The batch dim is not padded.
  batchRule: ([x], [bd], { paddingValue, config }) => {
    const full = [...config.slice(0, bd!), [0, 0, 0] as const, ...config.slice(bd!)];
    return [[ops.pad(x!, paddingValue, full)], [bd!]];
  },
});
