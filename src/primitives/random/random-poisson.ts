/**
 * random_poisson(keys, lam): int32 Poisson samples, JAX's `random.poisson` as one primitive (JAX
 * writes it with whole-array while loops, which the random layer cannot express). `keys` is words
 * `[...batch, 2]` and `lam` float rates (sampled as float32, as JAX) `[...batch, ...rest]`: each key draws its block of rates as
 * JAX draws one call's shape — Knuth's method below rate 10, transformed rejection above, the
 * rejection loop running until the whole block has accepted — so a batch of keys behaves as JAX's
 * `vmap` of `poisson` over keys. Not differentiable: its output is integer.
 */
import { DTypeError, ShapeError, fmtShape } from "../../errors.js";
import { aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { poissonSamples } from "../../tensor/kernels/gamma.js";
import { sizeOf } from "../../tensor/shape.js";
import { zeroJvp } from "../ad.js";
import { allBatchedAtFront } from "../batching.js";
import { definePrimitive } from "../rule-types.js";
import { randomPoisson } from "./ops.js";
import { keyBatchShape, wordsOf } from "./words.js";

export const randomPoissonPrim = definePrimitive({
  name: "random_poisson",
  kind: "creation",
  foldable: false,
  shapeRule: ([k, lam]) => {
    const batch = keyBatchShape("random_poisson", k!);
    // JAX samples in float32: the kernel rounds the rates to float32 whatever their float dtype.
    if (lam!.dtype !== "float32" && lam!.dtype !== "float64") throw new DTypeError(`random_poisson: lam must be float32 or float64; got ${lam!.dtype}.`);
    if (lam!.shape.length < batch.length || batch.some((d, i) => lam!.shape[i] !== d)) {
      throw new ShapeError(`random_poisson: lam of shape ${fmtShape(lam!.shape)} does not start with the key batch shape ${fmtShape(batch)}.`);
    }
    return [aval(lam!.shape, "int32")];
  },
  impl: ([k, lam], _params, [o]) => {
    const out = new Int32Array(sizeOf(o!.shape));
    poissonSamples(wordsOf(k!), lam!.concreteData() as ArrayLike<number>, out);
    return [fromData(o!.shape, "int32", out)];
  },
  jvpRule: zeroJvp(([k, lam]) => [randomPoisson(k!, lam!)]),
  transposeRule: "nonlinear",
  batchRule: (args, dims) => {
    const [[k, lam]] = allBatchedAtFront(args, dims);
    return [[randomPoisson(k!, lam!)], [0]];
  },
});
