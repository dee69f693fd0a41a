/**
 * W1: per-call latency of `grad(f)(x)` for `f(x) = sin(x)·x + exp(−x²)` at a float32 scalar, in
 * µs per call: the fixed cost of one reverse-mode call (tracing or replaying, dispatch, read-back).
 * A run cycles through 8 prebuilt scalars and reads each gradient back with `item()`, so every
 * call completes; it returns the gradients of the run's last cycle, checked against the closed
 * form f′(x) = cos(x)·x + sin(x) − 2x·exp(−x²) in float64.
 *
 * BENCH.md's shape is 10k calls per run. Engines near 1 ms per call would then take 10 s a run
 * (over the per-call budget): they run fewer calls per run (the `calls/run` column) and the
 * table compares µs per call.
 */
import { uniformF32 } from "../data.js";
import { loadFluxion, type FxTensor } from "../engines/fluxion.js";
import { loadJax, type JaxArray } from "../engines/jax.js";
import { loadTfjs, type TfBackend, type TfTensor } from "../engines/tfjs.js";
import { xlaEngine } from "../engines/xla.js";
import { defineWorkload, type EngineSpec, type Workload } from "../harness.js";

/** BENCH.md's calls per run, used by the engines fast enough to afford it. */
const CALLS = 10_000;
/** Distinct evaluation points, cycled; CALLS and every engine's own count are multiples of it. */
const POINTS = 8;

interface LatencyInputs {
  /** The evaluation points, float32 in (−2, 2). */
  xs: Float32Array;
}

/** f′(x) = cos(x)·x + sin(x) − 2x·exp(−x²), in float64. */
function derivative(x: number): number {
  return Math.cos(x) * x + Math.sin(x) - 2 * x * Math.exp(-x * x);
}

/**
 * The shared run loop: `calls` calls of `gradAt(k)` (point k = i mod POINTS), each read back
 * to a number; the last cycle's values are returned.
 */
function cycle(calls: number, gradAt: (k: number) => number): Float64Array {
  const out = new Float64Array(POINTS);
  for (let i = 0; i < calls; i++) {
    const k = i % POINTS;
    out[k] = gradAt(k);
  }
  return out;
}

/**
 * fluxion, eager `grad(f)` or `jit(grad(f))`. Eager grad re-traces f on every call (0.1–1 ms so
 * far), so it runs 200 calls per run; jit replays a cached graph.
 */
function fluxionEngine(mode: "eager" | "jit", calls: number): EngineSpec<LatencyInputs> {
  return {
    name: `fluxion ${mode}`,
    group: "fluxion",
    work: calls,
    async setup({ xs }) {
      const { np, grad, jit, Tensor } = await loadFluxion();
      const f = (x: FxTensor) => np.add(np.mul(np.sin(x), x), np.exp(np.neg(np.mul(x, x))));
      const g = mode === "jit" ? jit(grad(f)) : grad(f);
      const points = Array.from(xs, (x) => np.array(x, { dtype: "float32" }));
      return {
        run: () =>
          cycle(calls, (k) => {
            // grad's result is typed `unknown` (it mirrors the argument's pytree): here a tensor.
            const out = g(points[k]);
            if (!(out instanceof Tensor)) throw new Error("grad(f)(x) did not return a tensor");
            return out.item();
          }),
      };
    },
  };
}

/** jax-js on wasm, eager `grad(f)` or `jit(grad(f))`; `x.ref` because calls consume arguments. */
function jaxEngine(mode: "eager" | "jit", calls: number): EngineSpec<LatencyInputs> {
  return {
    name: `jax-js wasm ${mode}`,
    group: "jax-wasm",
    work: calls,
    async setup({ xs }) {
      const jax = await loadJax("wasm");
      const np = jax.numpy;
      // x is used four times: three `.ref`s and the last use consumes it.
      const f = (x: JaxArray) => np.sin(x.ref).mul(x.ref).add(np.exp(np.negative(x.ref.mul(x))));
      const eager = jax.grad(f);
      const compiled = mode === "jit" ? jax.jit(eager) : undefined;
      const g = compiled ?? eager;
      const points = Array.from(xs, (x) => np.array([x]).reshape([]));
      return {
        // item() reads and consumes the result (it is dataSync()[0]).
        run: () => cycle(calls, (k) => g(points[k].ref).item()),
        dispose: () => {
          compiled?.dispose();
          for (const p of points) p.dispose();
        },
      };
    },
  };
}

/** TensorFlow.js `tf.grad(f)` (eager only), each call in a tidy, the tensor disposed after reading. */
function tfjsEngine(backend: TfBackend, calls: number): EngineSpec<LatencyInputs> {
  return {
    name: `tfjs ${backend}`,
    group: backend === "wasm" ? "tfjs-wasm" : "tfjs-cpu",
    work: calls,
    async setup({ xs }) {
      const tf = await loadTfjs(backend);
      const f = (x: TfTensor) => tf.add(tf.mul(tf.sin(x), x), tf.exp(tf.neg(tf.mul(x, x))));
      const g = tf.grad(f);
      const points = Array.from(xs, (x) => tf.scalar(x));
      return {
        run: () =>
          cycle(calls, (k) => {
            const out = tf.tidy(() => g(points[k]));
            const value = out.dataSync()[0];
            out.dispose();
            return value;
          }),
        dispose: () => tf.dispose(points),
      };
    },
  };
}

/** The grad-latency workload. */
const workload: Workload = defineWorkload<LatencyInputs>({
  id: "W1",
  title: "per-call latency of grad(f)(x), f(x) = sin(x)·x + exp(−x²), float32 scalar",
  unit: "µs/call",
  work: CALLS,
  // |f′| ≤ ~2 on (−2, 2): float32 rounding of a handful of ops stays near 1e-7.
  tolerance: 1e-5,
  inputs: () => ({ xs: uniformF32(POINTS, 11, -2, 2) }),
  reference: ({ xs }) => Float64Array.from(xs, derivative),
  engines: [
    fluxionEngine("eager", 200),
    fluxionEngine("jit", 2000),
    {
      name: "hand JS (Float32Array)",
      group: "js",
      work: CALLS,
      // The closed form, rounded to float32 like a float32 library's result.
      setup: async ({ xs }) => ({ run: () => cycle(CALLS, (k) => Math.fround(derivative(xs[k]))) }),
    },
    jaxEngine("eager", 500),
    jaxEngine("jit", CALLS),
    tfjsEngine("wasm", 1000),
    tfjsEngine("cpu", 1000),
    // Python's dispatch is most of JAX's time here (~20 µs per call): 2000 calls per run.
    xlaEngine<LatencyInputs>({ workload: "W1", args: ({ xs }) => [{ data: xs, shape: [POINTS] }], params: { calls: 2000 }, work: 2000 }),
  ],
});

export default workload;
