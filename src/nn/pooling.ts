/**
 * nn.maxPool and nn.avgPool, as Flax spells them (`flax.linen.max_pool`, `avg_pool`): inputs are
 * (batch…, …spatial, features) with one window dim per spatial dim; an input with no batch dim is
 * pooled as a batch of one, as Flax does. Both bind the windowed primitives directly (nn may not
 * import lax), so they differentiate to any order and vmap without loops: a max-pool gradient gives
 * each window's cotangent to its first maximum (JAX's select_and_scatter_add).
 */
import { ArgumentError, describeValue, inContext } from "../errors.js";
import { tensorArg, toFloat } from "../np/coerce.js";
import { div } from "../np/elementwise.js";
import { optionalArgs } from "../np/options.js";
import * as ops from "../primitives/ops.js";
import { type WindowPadding, positiveInts, resolveWindowPadding } from "../primitives/window/args.js";
import { type ReduceWindowName, reduceWindow } from "../primitives/window/ops.js";
import type { WindowGeometry } from "../primitives/window/params.js";
import { fromData } from "../tensor/from-js.js";
import { reduceWindow as reduceWindowKernel, windowOutShape } from "../tensor/kernels/window.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";

/** The options of nn.maxPool, by Flax's names. */
export interface MaxPoolOptions {
  /** Inter-window strides, one per spatial dim (default 1s). */
  strides?: readonly number[] | null;
  /** "VALID" (default), "SAME", or one [lo, hi] pair per spatial dim. */
  padding?: WindowPadding;
}

/** The options of nn.avgPool: maxPool's, and whether padded positions count in each average (default true, as Flax). */
export interface AvgPoolOptions extends MaxPoolOptions {
  countIncludePad?: boolean;
}

/**
 * The window geometry of a Flax pool over `x`: unit windows over the batch dims and the features,
 * `windowShape` over the spatial dims, which sit just before the last axis.
 */
function poolGeometry(op: string, x: Tensor, windowShape: unknown, strides: unknown, padding: unknown): WindowGeometry {
  if (!Array.isArray(windowShape) || windowShape.length === 0) {
    throw new ArgumentError(`${op}: windowShape must be a non-empty list of positive integers, one per spatial dimension; got ${describeValue(windowShape)}.`);
  }
  const n = windowShape.length;
  const batchDims = x.ndim - n - 1;
  if (batchDims < 0) {
    throw new ArgumentError(
      `${op}: an input of shape [${x.shape.join(",")}] has no room for ${n} spatial dims and a features dim; ` +
        `inputs are (batch, ${"spatial, ".repeat(n)}features) or (${"spatial, ".repeat(n)}features).`,
    );
  }
  const window = positiveInts(op, "windowShape", windowShape, n);
  const step = positiveInts(op, "strides", strides, n, 1);
  const spatial = x.shape.slice(batchDims, batchDims + n);
  const pads = resolveWindowPadding(op, padding ?? "VALID", spatial, window, step);
  const outer = (v: number): number[] => new Array<number>(batchDims).fill(v);
  const ones = new Array<number>(x.ndim).fill(1);
  return {
    windowDimensions: [...outer(1), ...window, 1],
    windowStrides: [...outer(1), ...step, 1],
    padding: [...outer(0).map(() => [0, 0] as const), ...pads, [0, 0] as const],
    baseDilation: ones,
    windowDilation: ones,
  };
}

function pool(op: string, name: ReduceWindowName, x: Tensor, windowShape: unknown, strides: unknown, padding: unknown): [Tensor, WindowGeometry] {
  const g = poolGeometry(op, x, windowShape, strides, padding);
  return [reduceWindow(name, x, g), g];
}

/**
 * The maximum over each window of the spatial dims of `x` (batch…, …spatial, features). Options
 * `strides` and `padding` ("VALID" by default, "SAME", or [lo, hi] pairs; padding never wins a max).
 *
 * @example `nn.maxPool(np.array([[1], [3], [2], [0]]), [2], { strides: [2] }).toArray()` // [[3], [2]]
 */
export function maxPool(x: TensorLike, windowShape: readonly number[], ...rest: [] | [MaxPoolOptions]): Tensor {
  const op = "nn.maxPool";
  return inContext(op, () => {
    const t = tensorArg(op, x, "inputs (args[0])");
    const o = optionalArgs(op, ["strides", "padding"] as const, rest);
    return pool(op, "reduce_window_max", t, windowShape, o.strides, o.padding)[0];
  });
}

/**
 * The mean over each window of the spatial dims of `x` (batch…, …spatial, features); integer inputs
 * become float32. With `countIncludePad` (the default, as Flax) every window divides by its full
 * size; with `countIncludePad: false`, by the number of real elements in it.
 *
 * @example `nn.avgPool(np.array([[1], [3], [2], [0]]), [2], { strides: [2] }).toArray()` // [[2], [1]]
 */
export function avgPool(x: TensorLike, windowShape: readonly number[], ...rest: [] | [AvgPoolOptions]): Tensor {
  const op = "nn.avgPool";
  return inContext(op, () => {
    const t = toFloat(tensorArg(op, x, "inputs (args[0])"));
    const o = optionalArgs(op, ["strides", "padding", "countIncludePad"] as const, rest);
    if (o.countIncludePad !== undefined && typeof o.countIncludePad !== "boolean") {
      throw new ArgumentError(`${op}: countIncludePad must be true or false; got ${describeValue(o.countIncludePad)}.`);
    }
    const [sum, g] = pool(op, "reduce_window_sum", t, windowShape, o.strides, o.padding);
    if (o.countIncludePad !== false) return div(sum, g.windowDimensions.reduce((p, w) => p * w, 1));
    return div(sum, windowCounts(t, g));
  });
}

/**
 * How many real (unpadded) elements each window holds, as a constant broadcast against the pooled
 * sums: it depends only on shapes, so it is computed here, in float64, and enters the graph as data.
 */
function windowCounts(x: Tensor, g: WindowGeometry): Tensor {
  // Only the spatial dims matter: batch and feature dims are counted over a size-1 axis.
  const shape = x.shape.map((d, i) => (g.windowDimensions[i] === 1 && g.padding[i]![0] === 0 && g.padding[i]![1] === 0 ? 1 : d));
  const ones = new Float64Array(shape.reduce((p, d) => p * d, 1)).fill(1);
  const counts = reduceWindowKernel("sum", ones, shape, g, "float64");
  const countShape = windowOutShape(shape, g);
  return ops.convert(fromData(countShape, "float64", counts), x.dtype);
}
