/**
 * The @jax-js/jax peer: loads the library in its own child process, initializes exactly one
 * device (`wasm` or `cpu`: `init()` with no argument throws in Node 20), and builds eager and
 * `jit` engines from one array function. jax-js functions consume their arguments, so inputs are
 * passed as `x.ref` on every call, and `dataSync()` consumes the result it reads.
 */
import type * as JaxNamespace from "@jax-js/jax";
import type { EngineSpec, Output } from "../harness.js";

/** The @jax-js/jax module. */
export type Jax = typeof JaxNamespace;
/** A jax-js array. */
export type JaxArray = JaxNamespace.Array;
/** A jax-js pytree of arrays (nested arrays and plain objects). */
export type JaxTree = JaxNamespace.JsTree<JaxArray>;
/** The jax-js devices benchmarked here (webgpu/webgl do not exist in Node). */
export type JaxDevice = "wasm" | "cpu";

let loaded: { device: JaxDevice; module: Promise<Jax> } | undefined;

/**
 * Imports @jax-js/jax and makes `device` the default for new arrays. One device per process:
 * the runner gives each device its own child, so asking for a second one is a harness bug.
 */
export function loadJax(device: JaxDevice): Promise<Jax> {
  if (loaded) {
    if (loaded.device !== device) {
      throw new Error(`jax-js already initialized on ${loaded.device} in this process, not ${device}`);
    }
    return loaded.module;
  }
  const module = (async () => {
    const jax = await import("@jax-js/jax");
    const available = await jax.init(device);
    if (!available.includes(device)) throw new Error(`jax-js device ${device} unavailable (got ${available.join(", ")})`);
    jax.defaultDevice(device);
    return jax;
  })();
  loaded = { device, module };
  return module;
}

/**
 * How a workload describes its jax-js computation. `A` is the argument list (arrays or pytrees
 * of them) and `R` the result; both default to arrays, the common shape.
 */
export interface JaxEngineSpec<I, A extends JaxTree[] = JaxArray[], R extends JaxTree = JaxArray> {
  /** Builds the arguments once, on the current default device. */
  args(jax: Jax, inputs: I): A;
  /**
   * The computation, following jax-js's ownership rules: it consumes each argument exactly
   * once (use `x.ref` for every use but the last).
   */
  fn(jax: Jax): (...xs: A) => R;
  /**
   * Reads a result back to JS, consuming every leaf (`dataSync()` does). Optional when `R` is
   * one array; a pytree result must be read here, in the order the workload's reference uses.
   */
  read?(out: R): Output;
  /** Devices to run on; both by default. */
  devices?: readonly JaxDevice[];
  /** Eager, jit or both (the default). */
  modes?: readonly ("eager" | "jit")[];
}

/** One engine per (device, mode): `"jax-js wasm eager"`, `"jax-js wasm jit"`, `"jax-js cpu …"`. */
export function jaxEngines<I, A extends JaxTree[] = JaxArray[], R extends JaxTree = JaxArray>(
  spec: JaxEngineSpec<I, A, R>,
): EngineSpec<I>[] {
  const engines: EngineSpec<I>[] = [];
  for (const device of spec.devices ?? (["wasm", "cpu"] as const)) {
    for (const mode of spec.modes ?? (["eager", "jit"] as const)) {
      engines.push({
        name: `jax-js ${device} ${mode}`,
        group: device === "wasm" ? "jax-wasm" : "jax-cpu",
        async setup(inputs) {
          const jax = await loadJax(device);
          const args = spec.args(jax, inputs);
          const eager = spec.fn(jax);
          const compiled = mode === "jit" ? jax.jit(eager) : undefined;
          // jit's typings map every array leaf of the parameters to ArrayLike, which TypeScript
          // cannot relate back to a generic `A`; the call below passes exactly `A`.
          const f = (compiled ?? eager) as (...xs: A) => R;
          const read =
            spec.read ??
            ((out: R): Output => {
              if (out instanceof jax.Array) return out.dataSync();
              throw new Error("jaxEngines: the result is not an array; give the workload a read()");
            });
          return {
            // `tree.ref` keeps our inputs alive across calls (the call consumes the extra
            // reference); read() realizes the lazy result and consumes it, so nothing leaks.
            run: () => read(f(...(args.map((a) => jax.tree.ref(a)) as A))),
            dispose: () => {
              compiled?.dispose();
              jax.tree.dispose(args);
            },
          };
        },
      });
    }
  }
  return engines;
}
