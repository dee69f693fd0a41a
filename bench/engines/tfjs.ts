/**
 * The TensorFlow.js peer: loads `@tensorflow/tfjs` (the union package: tfjs-core alone registers
 * no gradients) in its own child process and selects the `cpu` (pure JS) or `wasm` (XNNPACK)
 * backend, pointing `setWasmPaths` at tfjs-backend-wasm's `dist/` in node_modules. Builds one
 * engine per backend from a tensor function, disposing every tensor it makes.
 */
import { createRequire } from "node:module";
import path from "node:path";
import type * as TfNamespace from "@tensorflow/tfjs";
import type { EngineSpec, Output } from "../harness.js";

/** The @tensorflow/tfjs module. */
export type Tf = typeof TfNamespace;
/** A tfjs tensor. */
export type TfTensor = TfNamespace.Tensor;
/** What `tf.tidy` may return and `tf.dispose` frees: tensors, and arrays and objects of them. */
export type TfContainer = TfNamespace.TensorContainer;
/** The tfjs backends benchmarked here (tfjs-node cannot install: it downloads a binary). */
export type TfBackend = "wasm" | "cpu";

let loaded: { backend: TfBackend; module: Promise<Tf> } | undefined;

/** Imports tfjs and activates `backend`; one backend per process, like jax-js's devices. */
export function loadTfjs(backend: TfBackend): Promise<Tf> {
  if (loaded) {
    if (loaded.backend !== backend) {
      throw new Error(`tfjs already set to ${loaded.backend} in this process, not ${backend}`);
    }
    return loaded.module;
  }
  const module = (async () => {
    const tf = await import("@tensorflow/tfjs");
    if (backend === "wasm") {
      // Importing the package registers the "wasm" backend; it then fetches its .wasm binaries
      // from the folder we give, which in Node is a file-system path ending in a slash.
      const wasm = await import("@tensorflow/tfjs-backend-wasm");
      const entry = createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm");
      wasm.setWasmPaths(path.dirname(entry) + path.sep);
    }
    if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} failed to initialize`);
    await tf.ready();
    return tf;
  })();
  loaded = { backend, module };
  return module;
}

/**
 * How a workload describes its tfjs computation. `R` is the result: a tensor by default, or
 * arrays/objects of tensors (what `tf.tidy` can hand back).
 */
export interface TfjsEngineSpec<I, R extends TfContainer = TfTensor> {
  /** Builds the input tensors once. */
  args(tf: Tf, inputs: I): TfTensor[];
  /** The computation; intermediates are freed by the `tf.tidy` around each call. */
  fn(tf: Tf): (...xs: TfTensor[]) => R;
  /**
   * Reads a result back to JS (`dataSync()` of each tensor). Optional when `R` is one tensor;
   * a container result must be read here, in the order the workload's reference uses. The
   * harness disposes the result afterwards.
   */
  read?(out: R): Output;
  /** Backends to run on; both by default. */
  backends?: readonly TfBackend[];
}

/** One engine per backend: `"tfjs wasm"`, `"tfjs cpu"` (tfjs has no jit: eager only). */
export function tfjsEngines<I, R extends TfContainer = TfTensor>(spec: TfjsEngineSpec<I, R>): EngineSpec<I>[] {
  return (spec.backends ?? (["wasm", "cpu"] as const)).map((backend) => ({
    name: `tfjs ${backend}`,
    group: backend === "wasm" ? "tfjs-wasm" : "tfjs-cpu",
    async setup(inputs: I) {
      const tf = await loadTfjs(backend);
      const args = spec.args(tf, inputs);
      const f = spec.fn(tf);
      const read =
        spec.read ??
        ((out: R): Output => {
          if (out instanceof tf.Tensor) return out.dataSync();
          throw new Error("tfjsEngines: the result is not a tensor; give the workload a read()");
        });
      return {
        run: () => {
          // The tensors leave tidy, the typed arrays are read outside it: returning a typed
          // array from tf.tidy makes tfjs walk it element by element looking for tensors.
          const out = tf.tidy(() => f(...args));
          try {
            return read(out);
          } finally {
            tf.dispose(out);
          }
        },
        dispose: () => tf.dispose(args),
      };
    },
  }));
}
