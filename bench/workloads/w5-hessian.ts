/**
 * W5: the Hessian of f(x) = Σ xᵢ⁴ + Σ xᵢxᵢ₊₁ at d = 100 (x uniform in (−1, 1)), in ms per call:
 * forward over reverse mode (`hessian`, or `jacfwd(grad(f))` in jax-js). The closed form is the
 * reference: 12xᵢ² on the diagonal, 1 beside it, 0 elsewhere. TensorFlow.js has no forward mode
 * and no vmap, but it nests `tf.grad`: it runs BENCH.md's loop of 100 reverse-over-reverse
 * Hessian-vector products, row i = ∇ₓ(∇f(x)·eᵢ).
 */
import { uniformF32 } from "../data.js";
import { fluxionEngines, type FxTensor } from "../engines/fluxion.js";
import { jaxEngines, type JaxArray } from "../engines/jax.js";
import { tfjsEngines, type TfTensor } from "../engines/tfjs.js";
import { xlaEngine } from "../engines/xla.js";
import { defineWorkload, type Workload } from "../harness.js";

const D = 100;

interface HessianInputs {
  x: Float32Array;
}

/** The closed-form Hessian in float64 arithmetic into `out` (D×D, row-major, zero-filled). */
function hessianInto(x: Float32Array, out: Float32Array | Float64Array): void {
  for (let i = 0; i < D; i++) {
    out[i * D + i] = 12 * x[i] * x[i];
    if (i + 1 < D) {
      out[i * D + i + 1] = 1;
      out[(i + 1) * D + i] = 1;
    }
  }
}

/** The Hessian workload. */
const workload: Workload = defineWorkload<HessianInputs>({
  id: "W5",
  title: `hessian of sum(x⁴) + Σ xᵢxᵢ₊₁, d = ${D}`,
  unit: "ms",
  // Entries are at most 12; float32 rounding of 12xᵢ² is ~1e-6.
  tolerance: 1e-4,
  inputs: () => ({ x: uniformF32(D, 51) }),
  reference: ({ x }) => {
    const out = new Float64Array(D * D);
    hessianInto(x, out);
    return out;
  },
  engines: [
    ...fluxionEngines<HessianInputs>({
      args: ({ np }, { x }) => [np.array(x, { dtype: "float32" })],
      fn: ({ np, hessian }) => {
        const f = (x: FxTensor): FxTensor => {
          const x2 = np.mul(x, x);
          return np.add(np.sum(np.mul(x2, x2)), np.sum(np.mul(x.slice([0, D - 1]), x.slice([1, D]))));
        };
        // hessian is typed over `unknown` pytrees: for one vector argument, a D×D tensor.
        const h = hessian(f);
        return (x) => h(x) as FxTensor;
      },
    }),
    {
      name: "hand JS (Float32Array)",
      group: "js",
      setup: async ({ x }) => ({
        run: () => {
          const out = new Float32Array(D * D);
          hessianInto(x, out);
          return out;
        },
      }),
    },
    ...jaxEngines<HessianInputs>({
      devices: ["wasm"],
      args: ({ numpy: np }, { x }) => [np.array(x)],
      fn: ({ jacfwd, grad }) => {
        // x is used four times and x2 twice: `.ref` on every use but the last.
        const f = (x: JaxArray): JaxArray => {
          const x2 = x.ref.mul(x.ref);
          return x2.ref.mul(x2).sum().add(x.ref.slice([0, D - 1]).mul(x.slice([1, D])).sum());
        };
        // jax-js's own hessian is this composition; spelled out as BENCH.md names it.
        return jacfwd(grad(f));
      },
    }),
    ...tfjsEngines<HessianInputs>({
      // x, then the D unit vectors eᵢ (built once, like the inputs).
      args: (tf, { x }) => {
        const eye = tf.eye(D);
        const units = tf.unstack(eye);
        eye.dispose();
        return [tf.tensor1d(x), ...units];
      },
      fn: (tf) => {
        const f = (x: TfTensor): TfTensor => {
          const x2 = tf.mul(x, x);
          return tf.add(tf.sum(tf.mul(x2, x2)), tf.sum(tf.mul(tf.slice(x, [0], [D - 1]), tf.slice(x, [1], [D - 1]))));
        };
        const gradF = tf.grad(f);
        return (x, ...units) => tf.stack(units.map((e) => tf.grad((xi: TfTensor) => tf.sum(tf.mul(gradF(xi), e)))(x)));
      },
    }),
    xlaEngine<HessianInputs>({ workload: "W5", args: ({ x }) => [{ data: x, shape: [D] }] }),
  ],
});

export default workload;
