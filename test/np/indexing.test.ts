/**
 * Indexing against numpy (family "indexing"): take (flattened, along an axis, negative axes and
 * indices, 2-D indices), `x.get(i)` (= x[i], negative i, array indices), `x.slice(...)` checked
 * against numpy basic slicing (negative steps, null, indices, out-of-range bounds, empty results)
 * and the functional updates `x.at(i).set(v)` (numpy: copy, then x[i] = v) and `x.at(i).add(v)`
 * (numpy: np.add.at, so duplicate indices accumulate).
 */
import { np, type SliceRange, type Tensor } from "../../src/index.js";
import { runFamily, type Runner } from "./fixture.js";

const runners: Record<string, Runner> = {
  take: ([x, idx], kw) => (kw.method ? (x as Tensor).take(idx, kw.axis) : np.take(x, idx, kw.axis)),
  get: ([x, i]) => (x as Tensor).get(i),
  slice: ([x], kw) => (x as Tensor).slice(...(kw.ranges as SliceRange[])),
  atSet: ([x, i, v]) => (x as Tensor).at(i).set(v),
  atAdd: ([x, i, v]) => (x as Tensor).at(i).add(v),
};

runFamily("indexing", runners, Object.keys(runners));
