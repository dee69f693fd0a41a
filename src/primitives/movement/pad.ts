/**
 * pad[paddingValue, config](x): per dim (lo, hi, interior) — lo/hi elements added at each end
 * (negative crops), interior elements between neighbours. Linear in x when paddingValue is 0.
 */
import { ShapeError, fmtShape } from "../../errors.js";
import { aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { pad as kernel } from "../../tensor/kernels/layout.js";
import { definePrimitive, pendingRule } from "../rule-types.js";

export const pad = definePrimitive({
  name: "pad",
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
  jvpRule: pendingRule("jvp"),
  transposeRule: pendingRule("transpose"),
  batchRule: pendingRule("batch"),
});
