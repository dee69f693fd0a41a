/**
 * random_gamma[logSpace](keys, alpha): gamma(alpha, 1) samples — or their logarithms when
 * `logSpace` — as JAX's `random_gamma_p`. `keys` is words `[...batch, 2]` and `alpha` a float array
 * `[...batch, ...rest]`: each key is split into one key per element of its block of `alpha`, and each
 * element runs Marsaglia and Tsang's rejection loop on its own stream, so a batch of keys needs no
 * loop over the batch. Differentiable in `alpha` by implicit reparameterisation, as JAX: the
 * tangent is `dalpha · random_gamma_grad(alpha, sample)` (divided by the sample in log space), the
 * derivative of the sample along the gamma CDF held fixed — not the path derivative of the
 * rejection loop, which finite differences at a fixed key would measure. Keys have no derivative.
 */
import { DTypeError, ShapeError, fmtShape } from "../../errors.js";
import { aval } from "../../ir/types.js";
import { allocate } from "../../tensor/dtype.js";
import { fromData, scalar } from "../../tensor/from-js.js";
import { gammaSamples } from "../../tensor/kernels/gamma.js";
import { sizeOf } from "../../tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { zeroLike } from "../ad.js";
import { allBatchedAtFront } from "../batching.js";
import * as ops from "../ops.js";
import { Zero, definePrimitive } from "../rule-types.js";
import { randomGamma, randomGammaGrad } from "./ops.js";
import { keyBatchShape, wordsOf } from "./words.js";

/** The smallest normal float of each dtype: JAX's stand-in for a sample whose exp underflowed. */
const TINY = { float32: 2 ** -126, float64: 2 ** -1022 } as const;

/** d sample / d alpha at the primal output `y` (a sample, or its log in log space), as JAX's `_gamma_grad`. */
function sampleGrad(alpha: Tensor, y: Tensor, logSpace: boolean): Tensor {
  if (!logSpace) return randomGammaGrad(alpha, y);
  // d log x = dx / x; exp(log x) may round to 0, which JAX replaces by the smallest normal.
  const x = ops.exp(y);
  const tiny = scalar(TINY[y.dtype as "float32" | "float64"], y.dtype);
  const safe = ops.select(ops.binaryOp("eq", x, scalar(0, y.dtype)), ops.broadcastInDim(tiny, x.shape, []), x);
  return ops.div(randomGammaGrad(alpha, safe), safe);
}

export const randomGammaPrim = definePrimitive({
  name: "random_gamma",
  kind: "creation",
  foldable: false, // the random stream stays visible in graphs
  shapeRule: ([k, a]) => {
    const batch = keyBatchShape("random_gamma", k!);
    if (a!.dtype !== "float32" && a!.dtype !== "float64") {
      throw new DTypeError(`random_gamma: alpha must be float32 or float64; got ${a!.dtype}.`);
    }
    if (a!.shape.length < batch.length || batch.some((d, i) => a!.shape[i] !== d)) {
      throw new ShapeError(`random_gamma: alpha of shape ${fmtShape(a!.shape)} does not start with the key batch shape ${fmtShape(batch)}.`);
    }
    return [aval(a!.shape, a!.dtype)];
  },
  impl: ([k, a], { logSpace }, [o]) => {
    const dtype = o!.dtype as "float32" | "float64";
    const out = allocate(dtype, sizeOf(o!.shape)) as Float32Array | Float64Array;
    gammaSamples(wordsOf(k!), a!.concreteData() as ArrayLike<number>, logSpace, dtype, out);
    return [fromData(o!.shape, dtype, out)];
  },
  jvpRule: ([k, a], [, da], { logSpace }) => {
    const y = randomGamma(k!, a!, logSpace);
    if (da === undefined || da instanceof Zero) return [[y], [zeroLike(y)]];
    return [[y], [ops.mul(da, sampleGrad(a!, y, logSpace))]];
  },
  transposeRule: "nonlinear",
  // Keys already carry leading batch dims: both operands batched at the front is one more batch dim.
  batchRule: (args, dims, { logSpace }) => {
    const [[k, a]] = allBatchedAtFront(args, dims);
    return [[randomGamma(k!, a!, logSpace)], [0]];
  },
});
