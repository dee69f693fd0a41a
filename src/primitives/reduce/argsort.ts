/**
 * argsort[axis](x): int32 indices that sort x along `axis`, ascending and stable (NaN last, as
 * numpy). Integer-valued, so its derivative is zero; used by random.permutation.
 */
import { type Aval, aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { normalizeAxis, sizeOf, stridesOf } from "../../tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { DataArray } from "../../tensor/dtype.js";
import { checkDType } from "../kinds.js";
import { zeroJvp } from "../ad.js";
import * as ops from "../ops.js";
import { shiftAxis } from "../batching.js";
import { definePrimitive } from "../rule-types.js";

/** Stable argsort of every line along `axis`. */
function argsortKernel(x: DataArray, shape: readonly number[], axis: number): Int32Array {
  const out = new Int32Array(x.length);
  const n = shape[axis]!;
  const stride = stridesOf(shape)[axis]!;
  const outer = sizeOf(shape.slice(0, axis));
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let o = 0; o < outer; o++) {
    for (let inner = 0; inner < stride; inner++) {
      const base = o * n * stride + inner;
      const key = (i: number): number => x[base + i * stride]!;
      for (let i = 0; i < n; i++) idx[i] = i;
      idx.sort((a, b) => {
        const ka = key(a), kb = key(b);
        if (Number.isNaN(ka)) return Number.isNaN(kb) ? a - b : 1;
        if (Number.isNaN(kb)) return -1;
        return ka < kb ? -1 : ka > kb ? 1 : a - b;
      });
      for (let i = 0; i < n; i++) out[base + i * stride] = idx[i]!;
    }
  }
  return out;
}

export const argsort = definePrimitive({
  name: "argsort",
  kind: "reduce",
  shapeRule: ([x]: readonly Aval[], { axis }) => {
    checkDType("argsort", "args[0]", x!.dtype, "numeric");
    normalizeAxis(axis, x!.shape.length, "argsort");
    return [aval(x!.shape, "int32")];
  },
  impl: ([x]: readonly Tensor[], { axis }, [o]) => [
    fromData(o!.shape, "int32", argsortKernel(x!.concreteData(), x!.shape, normalizeAxis(axis, x!.shape.length, "argsort"))),
  ],
  jvpRule: zeroJvp(([x], { axis }) => [ops.argsort(x!, axis)]),
  transposeRule: "nonlinear",
  batchRule: ([x], [bd], { axis }) => [[ops.argsort(x!, shiftAxis(axis < 0 ? axis + x!.ndim - 1 : axis, bd!))], [bd!]],
});
