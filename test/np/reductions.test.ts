/**
 * Reductions against numpy (family "reductions"): sum mean max min prod argmax argmin over all
 * axes, one axis (negative too), several axes (any order) and none ([]), with keepdims; int32 and
 * bool inputs; size-1 dims and 0-d; interleaved kept/reduced axes; long rows and columns (the
 * pairwise-summation paths); NaN inside; and empty reductions (sum 0, prod 1, mean NaN).
 */
import { np, type Tensor } from "../../src/index.js";
import { runFamily, type Runner } from "./fixture.js";

type Reduce = (x: any, axis?: any, keepdims?: boolean) => Tensor;
const REDUCE: Record<string, Reduce> = {
  sum: np.sum, mean: np.mean, max: np.max, min: np.min, prod: np.prod, argmax: np.argmax, argmin: np.argmin,
};

const runners: Record<string, Runner> = {};
for (const [name, f] of Object.entries(REDUCE)) {
  runners[name] = ([x], kw) =>
    kw.method
      ? (x as unknown as Record<string, (a?: unknown, k?: boolean) => Tensor>)[name]!(kw.axis, kw.keepdims)
      : f(x, kw.axis, kw.keepdims);
}

runFamily("reductions", runners, Object.keys(REDUCE));
