/**
 * The one place fluxion's layers are connected. A lower layer that must call into a higher one
 * (the ops facade into the registry, eager evaluation into the backend, `Tensor`'s methods into
 * `np`, graph-carrying primitives into compile/ and transforms/, `Graph`'s notebook display, `toSvg` and `toHtml` into the drawing renderers of draw/) holds a slot that
 * only this function fills — no module installs anything by being imported, so the order in
 * which modules load can never change what runs. The package root (src/index.ts) calls it once.
 */
import { cpuBackend } from "./backend/cpu/cpu-backend.js";
import { wasmGemm } from "./backend/wasm/gemm.js";
import { factorWorkspace } from "./backend/wasm/factor-kernel.js";
import { installBackend } from "./backend/current.js";
import { graphContext } from "./compile/graph-context.js";
import { drawHtml } from "./draw/html.js";
import { drawSvg } from "./draw/svg.js";
import { installRenderers } from "./ir/graph.js";
import { tensorMethods } from "./np/methods.js";
import { installGraphContext } from "./primitives/graph-context.js";
import { registry } from "./primitives/registry.js";
import { installPrimitives } from "./primitives/table.js";
import { installFactorWorkspace } from "./tensor/kernels/factor.js";
import { installGemmAccelerator } from "./tensor/kernels/gemm.js";
import { installTensorMethods } from "./tensor/tensor.js";
import { evalInterpreter } from "./trace/eval-interpreter.js";
import { installRootInterpreter } from "./trace/interpreter.js";

/**
 * Installs every late-bound piece: the primitive registry, the root (eager) interpreter, the
 * backend that runs concrete values (the CPU backend), `Tensor`'s methods, the graph context of
 * graph-carrying primitives, the drawing renderers, and the WebAssembly SIMD GEMM and the
 * factorization loops that large float products, LU and Cholesky use. Idempotent.
 * Code that imports modules below the package root (tests, laws) calls it before running ops.
 *
 * @example
 * ```ts
 * wire();
 * np.sin(np.array([0])).toArray(); // [0]
 * ```
 */
export function wire(): void {
  installPrimitives(registry);
  installRootInterpreter(evalInterpreter);
  installBackend(cpuBackend);
  installTensorMethods(tensorMethods);
  installGraphContext(graphContext);
  installRenderers({ svg: drawSvg, html: drawHtml });
  installGemmAccelerator(wasmGemm);
  installFactorWorkspace(factorWorkspace);
}
