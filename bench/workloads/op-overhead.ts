/**
 * OP: eager op-call overhead. One run is a chain of 10 000 `add`s of 1-element float32 tensors
 * (acc ← acc + b, starting from 1 with b = 0.5, so the exact answer 5001 is representable),
 * read back once at the end; reported in µs per call. A chain, rather than independent calls,
 * forces every add to happen even in engines that evaluate lazily.
 */
import { loadFluxion } from "../engines/fluxion.js";
import { loadJax, type JaxDevice } from "../engines/jax.js";
import { loadTfjs, type TfBackend } from "../engines/tfjs.js";
import { defineWorkload, type EngineSpec, type Workload } from "../harness.js";

const CALLS = 10_000;

interface OpInputs {
  a: Float32Array;
  b: Float32Array;
}

/** jax-js eager on one device: every `add` consumes acc (freeing it) and a `.ref` of b. */
function jaxEngine(device: JaxDevice): EngineSpec<OpInputs> {
  return {
    name: `jax-js ${device} eager`,
    group: device === "wasm" ? "jax-wasm" : "jax-cpu",
    async setup({ a, b }) {
      const jax = await loadJax(device);
      const np = jax.numpy;
      const ta = np.array(a);
      const tb = np.array(b);
      return {
        run: () => {
          let acc = np.add(ta.ref, tb.ref);
          for (let i = 1; i < CALLS; i++) acc = np.add(acc, tb.ref);
          return acc.dataSync();
        },
        dispose: () => {
          ta.dispose();
          tb.dispose();
        },
      };
    },
  };
}

/** tfjs on one backend: each intermediate is disposed as soon as the next one exists. */
function tfjsEngine(backend: TfBackend): EngineSpec<OpInputs> {
  return {
    name: `tfjs ${backend}`,
    group: backend === "wasm" ? "tfjs-wasm" : "tfjs-cpu",
    async setup({ a, b }) {
      const tf = await loadTfjs(backend);
      const ta = tf.tensor1d(a);
      const tb = tf.tensor1d(b);
      return {
        run: () => {
          let acc = tf.add(ta, tb);
          for (let i = 1; i < CALLS; i++) {
            const next = tf.add(acc, tb);
            acc.dispose();
            acc = next;
          }
          const data = acc.dataSync();
          acc.dispose();
          return data;
        },
        dispose: () => tf.dispose([ta, tb]),
      };
    },
  };
}

/** The op-call-overhead workload (eager only: jit of one add measures nothing useful). */
const workload: Workload = defineWorkload<OpInputs>({
  id: "OP",
  title: `eager op-call overhead: ${CALLS} chained adds of 1-element float32 tensors`,
  unit: "µs/call",
  work: CALLS,
  tolerance: 1e-6,
  inputs: () => ({ a: new Float32Array([1]), b: new Float32Array([0.5]) }),
  reference: () => new Float64Array([1 + CALLS * 0.5]),
  engines: [
    {
      name: "fluxion eager",
      group: "fluxion",
      async setup({ a, b }) {
        const { np } = await loadFluxion();
        const ta = np.array(a, { dtype: "float32" });
        const tb = np.array(b, { dtype: "float32" });
        return {
          run: () => {
            let acc = np.add(ta, tb);
            for (let i = 1; i < CALLS; i++) acc = np.add(acc, tb);
            return acc.data();
          },
        };
      },
    },
    {
      name: "hand JS (Float32Array)",
      group: "js",
      setup: async ({ a, b }) => ({
        run: () => {
          // A new 1-element array per call mirrors an op that returns a fresh immutable tensor.
          let acc = a;
          for (let i = 0; i < CALLS; i++) {
            const next = new Float32Array(1);
            next[0] = acc[0] + b[0];
            acc = next;
          }
          return acc;
        },
      }),
    },
    jaxEngine("wasm"),
    jaxEngine("cpu"),
    tfjsEngine("wasm"),
    tfjsEngine("cpu"),
  ],
});

export default workload;
