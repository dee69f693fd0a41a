/**
 * W4: per-example gradients of a logistic model, `vmap(grad(loss), { inAxes: [null, 0, 0] })`
 * over a batch of 128 examples of dimension 100, in ms per call: the batching transform applied
 * to a reverse-mode one. loss(w, x, y) = softplus(w·x) − y·(w·x), the logistic loss with logits,
 * whose gradient in w is (σ(w·x) − y)·x: the float64 reference. TensorFlow.js has no vmap: it
 * runs the loop equivalent (one `tf.grad` per example, stacked), as BENCH.md prescribes.
 */
import { prng, uniformF32 } from "../data.js";
import { fluxionEngines, type FxTensor } from "../engines/fluxion.js";
import { jaxEngines, type JaxArray } from "../engines/jax.js";
import { tfjsEngines, type TfTensor } from "../engines/tfjs.js";
import { xlaEngine } from "../engines/xla.js";
import { defineWorkload, type Workload } from "../harness.js";

const BATCH = 128;
const DIM = 100;

interface LogisticInputs {
  /** Weights, uniform in (−0.3, 0.3), so logits w·x are O(1). */
  w: Float32Array;
  /** Examples, BATCH×DIM row-major, uniform in (−1, 1). */
  x: Float32Array;
  /** Labels in {0, 1}. */
  y: Float32Array;
}

/** (σ(w·x_b) − y_b)·x_b for every example b, in float64 arithmetic, into `out` (BATCH×DIM). */
function perExampleGrads({ w, x, y }: LogisticInputs, out: Float32Array | Float64Array): void {
  for (let b = 0; b < BATCH; b++) {
    let z = 0;
    for (let k = 0; k < DIM; k++) z += w[k] * x[b * DIM + k];
    const r = 1 / (1 + Math.exp(-z)) - y[b];
    for (let k = 0; k < DIM; k++) out[b * DIM + k] = r * x[b * DIM + k];
  }
}

/** The per-example-gradient workload. */
const workload: Workload = defineWorkload<LogisticInputs>({
  id: "W4",
  title: `per-example gradients vmap(grad(loss)) of a logistic model, batch ${BATCH}, d = ${DIM}`,
  unit: "ms",
  // Entries are at most 1 in size; float32 rounding of the dot product and σ gives ~1e-7.
  tolerance: 1e-5,
  inputs: () => {
    const coin = prng(43);
    return {
      w: uniformF32(DIM, 41, -0.3, 0.3),
      x: uniformF32(BATCH * DIM, 42),
      y: Float32Array.from({ length: BATCH }, () => (coin() < 0.5 ? 0 : 1)),
    };
  },
  reference: (inputs) => {
    const out = new Float64Array(BATCH * DIM);
    perExampleGrads(inputs, out);
    return out;
  },
  engines: [
    ...fluxionEngines<LogisticInputs>({
      args: ({ np }, { w, x, y }) => [
        np.array(w, { dtype: "float32" }),
        np.array(x, { dtype: "float32" }).reshape([BATCH, DIM]),
        np.array(y, { dtype: "float32" }),
      ],
      fn: ({ np, nn, grad, vmap }) => {
        const loss = (w: FxTensor, x: FxTensor, y: FxTensor): FxTensor => {
          const z = np.dot(x, w);
          return np.sub(nn.softplus(z), np.mul(y, z));
        };
        // vmap is typed over `unknown` pytrees: here three tensors in, one [BATCH, DIM] tensor out.
        const perExample = vmap(grad(loss), { inAxes: [null, 0, 0] });
        return (w, x, y) => perExample(w, x, y) as FxTensor;
      },
    }),
    {
      name: "hand JS (Float32Array)",
      group: "js",
      setup: async (inputs) => ({
        run: () => {
          const out = new Float32Array(BATCH * DIM);
          perExampleGrads(inputs, out);
          return out;
        },
      }),
    },
    ...jaxEngines<LogisticInputs>({
      devices: ["wasm"],
      args: ({ numpy: np }, { w, x, y }) => [np.array(w), np.array(x, { shape: [BATCH, DIM] }), np.array(y)],
      fn: ({ numpy: np, nn, grad, vmap }) => {
        // z is used twice: one `.ref`, then the last use consumes it.
        const loss = (w: JaxArray, x: JaxArray, y: JaxArray): JaxArray => {
          const z = np.dot(x, w);
          return nn.softplus(z.ref).sub(y.mul(z));
        };
        // jax-js takes inAxes positionally (not in an options object).
        return vmap(grad(loss), [null, 0, 0]);
      },
    }),
    ...tfjsEngines<LogisticInputs>({
      args: (tf, { w, x, y }) => [tf.tensor1d(w), tf.tensor2d(x, [BATCH, DIM]), tf.tensor1d(y)],
      fn: (tf) => (w, x, y) => {
        // The loop equivalent of vmap: split the batch, one gradient per example, stack.
        const xs = tf.unstack(x);
        const ys = tf.unstack(y);
        const grads = xs.map((xb, b) =>
          tf.grad((wb: TfTensor) => {
            const z = tf.dot(xb, wb);
            return tf.sub(tf.softplus(z), tf.mul(ys[b], z));
          })(w),
        );
        return tf.stack(grads);
      },
    }),
    xlaEngine<LogisticInputs>({
      workload: "W4",
      args: ({ w, x, y }) => [{ data: w, shape: [DIM] }, { data: x, shape: [BATCH, DIM] }, { data: y, shape: [BATCH] }],
    }),
  ],
});

export default workload;
