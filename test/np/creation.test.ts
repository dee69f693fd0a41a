/**
 * Array creation against numpy (family "creation"): arange (all-integer arguments give int32 as in
 * JAX, any fraction float32; negative steps; empty ranges), linspace (n = 0 and 1 too), eye, full
 * (dtypes, 0-d, empty), zeros, ones, zerosLike, onesLike, and np.array's dtype handling.
 */
import { np, type DType } from "../../src/index.js";
import { runFamily, type Runner } from "./fixture.js";

const runners: Record<string, Runner> = {
  arange: (a) => np.arange(a[0], a[1], a[2]),
  linspace: ([a, b, n]) => np.linspace(a, b, n),
  eye: ([n]) => np.eye(n),
  full: ([shape, v, dtype]) => np.full(shape, v, dtype as DType | undefined),
  zeros: ([shape, dtype]) => np.zeros(shape, dtype as DType | undefined),
  ones: ([shape, dtype]) => np.ones(shape, dtype as DType | undefined),
  zerosLike: ([x]) => np.zerosLike(x),
  onesLike: ([x]) => np.onesLike(x),
  array: ([data, dtype]) => np.array(data, dtype === undefined ? {} : { dtype: dtype as DType }),
};

runFamily("creation", runners, Object.keys(runners));
