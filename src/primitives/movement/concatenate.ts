/**
 * concatenate[dimension](...xs): joins arrays of one dtype along an existing dimension; all other
 * dimensions must agree. Linear; its transpose slices the cotangent back apart.
 */
import { DTypeError, ShapeError, fmtShape } from "../../errors.js";
import { aval } from "../../ir/types.js";
import { fromData } from "../../tensor/from-js.js";
import { concatenate as kernel } from "../../tensor/kernels/layout.js";
import { avalOfTensor, instantiate, linearJvp, zeroLike } from "../ad.js";
import * as ops from "../ops.js";
import { batchSize, batchedAtFront } from "../batching.js";
import { UndefinedPrimal, definePrimitive } from "../rule-types.js";

export const concatenate = definePrimitive({
  name: "concatenate",
  kind: "movement",
  shapeRule: (xs, { dimension }) => {
    if (xs.length === 0) throw new ShapeError("concatenate: needs at least one array.");
    const first = xs[0]!;
    if (first.shape.length === 0) {
      throw new ShapeError("concatenate: args[0] is 0-d and has no dimension to join along; give the arrays a leading axis (reshape to [1]) or stack them.");
    }
    if (!Number.isInteger(dimension) || dimension < 0 || dimension >= first.shape.length) {
      throw new ShapeError(`concatenate: dimension ${dimension} is out of range for rank ${first.shape.length}.`);
    }
    let total = 0;
    xs.forEach((x, i) => {
      if (x.dtype !== first.dtype) {
        throw new DTypeError(`concatenate: args[${i}] has dtype ${x.dtype} but args[0] has ${first.dtype}; cast with np.astype.`);
      }
      const ok = x.shape.length === first.shape.length && x.shape.every((d, j) => j === dimension || d === first.shape[j]);
      if (!ok) {
        throw new ShapeError(
          `concatenate: args[${i}] has shape ${fmtShape(x.shape)} but args[0] has ${fmtShape(first.shape)}; ` +
            `all dimensions except axis ${dimension} must match.`,
        );
      }
      total += x.shape[dimension]!;
    });
    return [aval(first.shape.map((d, j) => (j === dimension ? total : d)), first.dtype)];
  },
  impl: (xs, { dimension }, [o]) => [
    fromData(o!.shape, o!.dtype, kernel(xs.map((x) => x.concreteData()), xs.map((x) => x.shape), dimension, o!.dtype)),
  ],
  jvpRule: linearJvp((xs, { dimension }) => [ops.concatenate(xs, dimension)]),
  // Each linear operand gets its own slab of the cotangent back.
  transposeRule: ([ct], xs, { dimension }) => {
    const c = instantiate(ct!);
    let offset = 0;
    return xs.map((x) => {
      const a = x instanceof UndefinedPrimal ? x.aval : avalOfTensor(x);
      const start = offset;
      offset += a.shape[dimension]!;
      if (!(x instanceof UndefinedPrimal)) return zeroLike(a);
      return ops.slice(c, c.shape.map((_, i) => (i === dimension ? start : 0)), c.shape.map((d, i) => (i === dimension ? offset : d)), c.shape.map(() => 1));
    });
  },
  // Every operand needs the batch dim (unbatched ones are broadcast), placed first.
  batchRule: (xs, dims, { dimension }) => {
    const size = batchSize(xs, dims);
    return [[ops.concatenate(xs.map((x, i) => batchedAtFront(x, dims[i] ?? null, size)), dimension + 1)], [0]];
  },
});
