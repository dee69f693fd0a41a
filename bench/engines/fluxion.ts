/**
 * fluxion's own engines: imports the library from `src/` (compiled to `dist/src/`) in its own
 * child process and builds an eager and a `jit` engine from one tensor function. fluxion's
 * tensors are garbage-collected, so nothing needs disposing.
 */
import type * as FluxionNamespace from "../../src/index.js";
import type { EngineSpec } from "../harness.js";

/** The fluxion module, as `import * as fx from "fluxion"` would give it. */
export type Fluxion = typeof FluxionNamespace;
/** A fluxion tensor. */
export type FxTensor = FluxionNamespace.Tensor;

let loaded: Promise<Fluxion> | undefined;

/** Imports fluxion once per process (dynamically, so peer-only children never load it). */
export function loadFluxion(): Promise<Fluxion> {
  return (loaded ??= import("../../src/index.js"));
}

/** How a workload describes its fluxion computation. */
export interface FluxionEngineSpec<I> {
  /** Builds the input tensors once. */
  args(fx: Fluxion, inputs: I): FxTensor[];
  /** The computation. */
  fn(fx: Fluxion): (...xs: FxTensor[]) => FxTensor;
  /** Eager, jit or both (the default). */
  modes?: readonly ("eager" | "jit")[];
}

/** One engine per mode: `"fluxion eager"`, `"fluxion jit"`. */
export function fluxionEngines<I>(spec: FluxionEngineSpec<I>): EngineSpec<I>[] {
  return (spec.modes ?? (["eager", "jit"] as const)).map((mode) => ({
    name: `fluxion ${mode}`,
    group: "fluxion",
    async setup(inputs: I) {
      const fx = await loadFluxion();
      const args = spec.args(fx, inputs);
      const eager = spec.fn(fx);
      const f: (...xs: FxTensor[]) => FxTensor = mode === "jit" ? fx.jit(eager) : eager;
      // data() copies the result out: the same read-back every peer pays.
      return { run: () => f(...args).data() };
    },
  }));
}
