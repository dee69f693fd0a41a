/**
 * slice[startIndices, limitIndices, strides](x): static strided window, one range per dim.
 * Linear; its transpose is a pad with zeros.
 */
import { ShapeError, fmtShape } from "../../errors.js";
import { aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { slice as kernel } from "../../tensor/kernels/layout.js";
import { instantiate, linearJvp, zerosOf } from "../ad.js";
import * as ops from "../ops.js";
import { type UndefinedPrimal, definePrimitive } from "../rule-types.js";

export const slice = definePrimitive({
  name: "slice",
  kind: "movement",
  shapeRule: ([x], { startIndices, limitIndices, strides }) => {
    const n = x!.shape.length;
    if (startIndices.length !== n || limitIndices.length !== n || strides.length !== n) {
      throw new ShapeError(`slice: give one start, limit and stride per dimension of ${fmtShape(x!.shape)}.`);
    }
    const shape = x!.shape.map((d, i) => {
      const s = startIndices[i]!, l = limitIndices[i]!, st = strides[i]!;
      if (!(Number.isInteger(s) && Number.isInteger(l) && Number.isInteger(st) && 0 <= s && s <= l && l <= d && st >= 1)) {
        throw new ShapeError(`slice: dimension ${i} of ${fmtShape(x!.shape)}: need 0 ≤ start ${s} ≤ limit ${l} ≤ ${d} and stride ${st} ≥ 1.`);
      }
      return Math.ceil((l - s) / st);
    });
    return [aval(shape, x!.dtype)];
  },
  impl: ([x], { startIndices, limitIndices, strides }, [o]) => [
    fromData(o!.shape, o!.dtype, kernel(x!.concreteData(), x!.shape, startIndices, limitIndices, strides)),
  ],
  jvpRule: linearJvp(([x], { startIndices, limitIndices, strides }) => [ops.slice(x!, startIndices, limitIndices, strides)]),
  // Put each cotangent element back where it was read: a zero pad with interior gaps for strides.
  transposeRule: ([ct], [x], { startIndices, strides }) => {
    const xShape = (x as UndefinedPrimal).aval.shape;
    const c = instantiate(ct!);
    if (c.size === 0) return [zerosOf((x as UndefinedPrimal).aval)];
    const config = xShape.map((d, i) => {
      const count = c.shape[i]!, s = strides[i]!, lo = startIndices[i]!;
      return [lo, d - (lo + (count - 1) * s + 1), s - 1] as const;
    });
    return [ops.pad(c, 0, config)];
  },
  // The batch dim is taken whole.
  batchRule: ([x], [bd], { startIndices, limitIndices, strides }) => {
    const at = <T,>(xs: readonly T[], v: T): T[] => [...xs.slice(0, bd!), v, ...xs.slice(bd!)];
    return [[ops.slice(x!, at(startIndices, 0), at(limitIndices, x!.shape[bd!]!), at(strides, 1))], [bd!]];
  },
});
