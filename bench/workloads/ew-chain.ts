/**
 * EW: the forward pass of W3's elementwise chain, `tanh(sin(x)·x + 0.5·exp(−x))`, on 1e6 float32
 * elements uniform in (−2, 2), in ms per call. Eager engines run one kernel per op (or fuse
 * lazily); jit engines may fuse the whole chain into one loop.
 */
import { uniformF32 } from "../data.js";
import { fluxionEngines } from "../engines/fluxion.js";
import { jaxEngines } from "../engines/jax.js";
import { tfjsEngines } from "../engines/tfjs.js";
import { xlaEngine } from "../engines/xla.js";
import { defineWorkload, type Workload } from "../harness.js";

const N = 1_000_000;

interface ChainInputs {
  x: Float32Array;
}

/** The chain in float64 (JS numbers) from float32 inputs; `out` decides the rounding. */
function chainInto(x: Float32Array, out: Float32Array | Float64Array): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    out[i] = Math.tanh(Math.sin(v) * v + 0.5 * Math.exp(-v));
  }
}

/** The elementwise-chain workload. */
const workload: Workload = defineWorkload<ChainInputs>({
  id: "EW",
  title: "elementwise tanh(sin(x)·x + 0.5·exp(−x)), 1e6 float32",
  unit: "ms",
  // Outputs lie in (−1, 1); float32 rounding of each op gives ~1e-7, approximate libms ~1e-6.
  tolerance: 1e-5,
  inputs: () => ({ x: uniformF32(N, 3, -2, 2) }),
  reference: ({ x }) => {
    const out = new Float64Array(x.length);
    chainInto(x, out);
    return out;
  },
  engines: [
    ...fluxionEngines<ChainInputs>({
      args: (fx, { x }) => [fx.np.array(x, { dtype: "float32" })],
      fn:
        ({ np }) =>
        (x) =>
          np.tanh(np.add(np.mul(np.sin(x), x), np.mul(np.exp(np.neg(x)), 0.5))),
    }),
    {
      name: "hand JS (Float32Array)",
      group: "js",
      setup: async ({ x }) => ({
        run: () => {
          // A fresh output per call, as every tensor library allocates one.
          const out = new Float32Array(x.length);
          chainInto(x, out);
          return out;
        },
      }),
    },
    ...jaxEngines<ChainInputs>({
      args: (jax, { x }) => [jax.numpy.array(x)],
      // x is used three times: two `.ref`s and the last use consumes it.
      fn:
        ({ numpy: np }) =>
        (x) =>
          np.tanh(np.sin(x.ref).mul(x.ref).add(np.exp(np.negative(x)).mul(0.5))),
    }),
    ...tfjsEngines<ChainInputs>({
      args: (tf, { x }) => [tf.tensor1d(x)],
      fn: (tf) => (x) => tf.tanh(tf.add(tf.mul(tf.sin(x), x), tf.mul(tf.exp(tf.neg(x)), 0.5))),
    }),
    xlaEngine<ChainInputs>({ workload: "EW", args: ({ x }) => [{ data: x, shape: [N] }] }),
  ],
});

export default workload;
