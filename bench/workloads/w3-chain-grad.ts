/**
 * W3: `valueAndGrad` of `sum(tanh(sin(x)·x + 0.5·exp(−x)))` on 1e6 float32 elements uniform in
 * (−2, 2) (EW's inputs and chain, plus the reduction and the backward pass), in ms per call.
 *
 * The checked output is [value / N, gradient…]: the value is divided by N so that one absolute
 * tolerance covers it and the gradient entries alike (the sum is ~7e5; a float32 sum of 1e6
 * terms in sequence is off by ~5e-4 relative, pairwise or float64 accumulation by ~1e-7).
 */
import { uniformF32 } from "../data.js";
import { fluxionEngines, type FxTensor } from "../engines/fluxion.js";
import { jaxEngines, type JaxArray } from "../engines/jax.js";
import { tfjsEngines, type TfTensor } from "../engines/tfjs.js";
import { xlaEngine } from "../engines/xla.js";
import { defineWorkload, type Workload } from "../harness.js";

const N = 1_000_000;

interface ChainInputs {
  x: Float32Array;
}

/**
 * The value and gradient in float64 arithmetic from float32 inputs, written into `out` as
 * [value / N, gradient…]; `out`'s type decides the rounding (the reference and the hand-JS
 * engine share this loop). With t = tanh(u), u = sin(x)·x + 0.5·e^−x:
 * d/dx = (1 − t²)·(cos(x)·x + sin(x) − 0.5·e^−x).
 */
function valueAndGradInto(x: Float32Array, out: Float32Array | Float64Array): void {
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const s = Math.sin(v);
    const e = 0.5 * Math.exp(-v);
    const t = Math.tanh(s * v + e);
    sum += t;
    out[i + 1] = (1 - t * t) * (Math.cos(v) * v + s - e);
  }
  out[0] = sum / x.length;
}

/** The checked output from a library's value and gradient read-backs. */
function combine(value: number, grad: ArrayLike<number>): Float32Array {
  const out = new Float32Array(N + 1);
  out[0] = value / N;
  out.set(grad, 1);
  return out;
}

/** The chain-gradient workload. */
const workload: Workload = defineWorkload<ChainInputs>({
  id: "W3",
  title: "valueAndGrad of sum(tanh(sin(x)·x + 0.5·exp(−x))), 1e6 float32 (checked: value/N and the gradient)",
  unit: "ms",
  // Gradient entries are O(1) with float32 rounding ~1e-7 (approximate libms ~1e-6), and a wrong
  // rule is off by O(0.1). value/N is ~0.7: a sequential float32 sum lands near 4e-4 here, which
  // the table shows as it is but does not flag — the tolerance is for wrong results, not for the
  // accuracy of a summation order (a pairwise or float64 sum gets ~1e-7).
  tolerance: 1e-3,
  inputs: () => ({ x: uniformF32(N, 3, -2, 2) }),
  reference: ({ x }) => {
    const out = new Float64Array(N + 1);
    valueAndGradInto(x, out);
    return out;
  },
  engines: [
    ...fluxionEngines<ChainInputs, [FxTensor], [FxTensor, FxTensor]>({
      args: ({ np }, { x }) => [np.array(x, { dtype: "float32" })],
      fn: ({ np, valueAndGrad }) => {
        const f = (x: FxTensor) => np.sum(np.tanh(np.add(np.mul(np.sin(x), x), np.mul(np.exp(np.neg(x)), 0.5))));
        // valueAndGrad is typed over `unknown` pytrees: for one tensor argument, [value, gradient].
        const vg = valueAndGrad(f);
        return (x) => vg(x) as [FxTensor, FxTensor];
      },
      read: ([value, grad]) => combine(value.item(), grad.data()),
    }),
    {
      name: "hand JS (Float32Array)",
      group: "js",
      setup: async ({ x }) => ({
        run: () => {
          // A fresh output per call, as every tensor library allocates one.
          const out = new Float32Array(N + 1);
          valueAndGradInto(x, out);
          return out;
        },
      }),
    },
    ...jaxEngines<ChainInputs, [JaxArray], [JaxArray, JaxArray]>({
      devices: ["wasm"],
      args: ({ numpy: np }, { x }) => [np.array(x)],
      fn: ({ numpy: np, valueAndGrad }) =>
        // x is used three times: two `.ref`s and the last use consumes it.
        valueAndGrad((x: JaxArray) => np.tanh(np.sin(x.ref).mul(x.ref).add(np.exp(np.negative(x)).mul(0.5))).sum()),
      read: ([value, grad]) => combine(value.item(), grad.dataSync()),
    }),
    ...tfjsEngines<ChainInputs, TfTensor[]>({
      args: (tf, { x }) => [tf.tensor1d(x)],
      fn: (tf) => {
        const vg = tf.valueAndGrad((x: TfTensor) => tf.sum(tf.tanh(tf.add(tf.mul(tf.sin(x), x), tf.mul(tf.exp(tf.neg(x)), 0.5)))));
        return (x) => {
          const { value, grad } = vg(x);
          return [value, grad];
        };
      },
      read: ([value, grad]) => combine(value.dataSync()[0], grad.dataSync()),
    }),
    xlaEngine<ChainInputs>({
      workload: "W3",
      args: ({ x }) => [{ data: x, shape: [N] }],
      read: ([value, grad]) => combine(value![0]!, grad!),
    }),
  ],
});

export default workload;
