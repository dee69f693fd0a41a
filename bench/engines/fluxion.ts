/**
 * fluxion's own engines: imports the library from `src/` (compiled to `dist/src/`) in its own
 * child process and builds an eager and a `jit` engine from one function of tensors or pytrees.
 * fluxion's tensors are garbage-collected, so nothing needs disposing.
 */
import type * as FluxionNamespace from "../../src/index.js";
import type { EngineSpec, Output, TimingPolicy } from "../harness.js";
import { measureAsync } from "./async-timing.js";

/** The fluxion module, as `import * as fx from "fluxion"` would give it. */
export type Fluxion = typeof FluxionNamespace;
/** A fluxion tensor. */
export type FxTensor = FluxionNamespace.Tensor;

let loaded: Promise<Fluxion> | undefined;

/** Imports fluxion once per process (dynamically, so peer-only children never load it). */
export function loadFluxion(): Promise<Fluxion> {
  return (loaded ??= import("../../src/index.js"));
}

/**
 * How a workload describes its fluxion computation. `A` is the argument list (tensors or
 * pytrees of them) and `R` the result; both default to tensors, the common shape.
 */
export interface FluxionEngineSpec<I, A extends unknown[] = FxTensor[], R = FxTensor> {
  /** Builds the arguments once. */
  args(fx: Fluxion, inputs: I): A;
  /** The computation (a transformed function, for the autodiff workloads). */
  fn(fx: Fluxion): (...xs: A) => R;
  /**
   * Reads a result back to JS. Optional when `R` is a tensor (`data()` is used); a pytree
   * result must be read here, every leaf, in the order the workload's reference uses.
   */
  read?(out: R): Output;
  /** Eager, jit or both (the default). */
  modes?: readonly ("eager" | "jit")[];
  /**
   * Also run the function through `onnx.compile` (ONNX Runtime's native CPU kernels, all cores),
   * where onnxruntime-node is installed: the row "fluxion onnx".
   */
  onnx?: boolean;
}

/** One engine per mode: `"fluxion eager"`, `"fluxion jit"` (which is `jit` of the same function). */
export function fluxionEngines<I, A extends unknown[] = FxTensor[], R = FxTensor>(
  spec: FluxionEngineSpec<I, A, R>,
): EngineSpec<I>[] {
  return [...localEngines(spec), ...(spec.onnx === true ? [onnxEngine(spec)] : [])];
}

/** `onnx.compile` of the workload's function, timed with the harness's policy across awaits. */
function onnxEngine<I, A extends unknown[], R>(spec: FluxionEngineSpec<I, A, R>): EngineSpec<I> {
  return {
    name: "fluxion onnx",
    group: "fluxion",
    async setup(inputs: I) {
      const fx = await loadFluxion();
      const args = spec.args(fx, inputs);
      const compiled = fx.onnx.compile(spec.fn(fx) as (...xs: A) => R) as (...xs: A) => Promise<R>;
      const read = spec.read ?? ((out: R): Output => (out as unknown as FxTensor).data());
      return {
        run: () => {
          throw new Error("fluxion onnx times itself (measure)");
        },
        measure: (policy: TimingPolicy) => measureAsync(async () => read(await compiled(...args)), policy),
      };
    },
  };
}

function localEngines<I, A extends unknown[], R>(spec: FluxionEngineSpec<I, A, R>): EngineSpec<I>[] {
  return (spec.modes ?? (["eager", "jit"] as const)).map((mode) => ({
    name: `fluxion ${mode}`,
    group: "fluxion",
    async setup(inputs: I) {
      const fx = await loadFluxion();
      const args = spec.args(fx, inputs);
      // Building the function (e.g. `vmap(grad(f))`) happens here, so a transform that rejects
      // its arguments shows up as this engine's "setup failed" row instead of ending the run.
      const eager = spec.fn(fx);
      // jit's result type maps R's leaves to tensors, which a generic R cannot show; the workloads' R are tensors.
      const f: (...xs: A) => R = mode === "jit" ? (fx.jit(eager) as (...xs: A) => R) : eager;
      const read =
        spec.read ??
        ((out: R): Output => {
          if (out instanceof fx.Tensor) return out.data();
          throw new Error("fluxionEngines: the result is not a tensor; give the workload a read()");
        });
      // data() copies the result out: the same read-back every peer pays.
      return { run: () => read(f(...args)) };
    },
  }));
}
