/**
 * fluxion: composable automatic differentiation for TypeScript. The package root re-exports the
 * public API of shared/API.md, and wires the layers together once (src/wire.ts): importing any
 * module below it installs nothing.
 */
import * as np from "./np/index.js";
import * as nn from "./nn/index.js";
import * as random from "./random/index.js";
import * as tree from "./tree/index.js";
import * as lax from "./lax/index.js";
import * as optim from "./optim/index.js";
import * as scipySpecial from "./scipy-special/index.js";
import * as onnx from "./onnx/index.js";
import { wire } from "./wire.js";

// The one wiring step: the registry, the root interpreter, Tensor's methods, the graph context
// of graph-carrying primitives and the SVG renderer.
wire();

export { np, nn, random, tree, lax, optim, scipySpecial, onnx };
export { debugNans } from "./debug/nans.js";
export { explainGrad, GradExplanation, type ExplainGradOptions, type GradBlocker, type GradBlockKind, type LeafGradExplanation } from "./debug/explain-grad.js";
export { Tensor } from "./tensor/tensor.js";
export type { TensorLike, NestedArray, SliceRange, AxisArg, AtIndex } from "./tensor/tensor.js";
export type { DType } from "./tensor/dtype.js";
export { TreeDef } from "./tree/pytree.js";
export { Graph } from "./ir/graph.js";
export type { Var, Literal, Atom, Equation, Aval } from "./ir/types.js";
// Re-exported for users who inspect graphs, and so that the emitted declarations load
// primitives/params, which declares every primitive's params into ir's open table (without it,
// `Equation` would be `never` for package users).
export type { PrimitiveName, PrimitiveParams } from "./primitives/params.js";
export { toDot, toMermaid } from "./ir/draw.js";
export { toSvg } from "./ir/svg.js";
export type { PrintOptions } from "./ir/print.js";
export type { SvgOptions } from "./ir/svg.js";
export { toHtml } from "./draw/html.js";
export type { Theme } from "./draw/theme.js";
export type { HtmlOptions } from "./draw/html.js";
export { trace } from "./api/trace.js";
export { type Residual, type TracedVjp, traceVjp } from "./api/trace-vjp.js";
export { namedScope } from "./api/named-scope.js";
export { evaluate } from "./interpret/evaluate.js";
export { jit } from "./compile/jit.js";
export type { JitOptions } from "./compile/jit.js";
export {
  FluxionError,
  ShapeError,
  DTypeError,
  ConcretizationError,
  UnexpectedTracerError,
  PyTreeError,
  NonDifferentiableError,
  ResourceError,
  OverflowError,
  GradCheckError,
  InternalError,
  ArgumentError,
  FloatingPointError,
} from "./errors.js";
export { grad, valueAndGrad, vjp, vjpWithAux } from "./api/grad.js";
export type { GradOptions } from "./api/grad.js";
export type { Gradient, GradResult, Jacobian, ValueAndGradResult } from "./api/types.js";
export type { ArgLike, ArgsLike, TensorLeaf, Tensors } from "./tree/types.js";
export { jvp, linearize, linearizeWithAux, linearTranspose } from "./api/forward.js";
export { stopGradient, customJvp, customVjp, checkpoint } from "./api/custom.js";
export { checkGrads } from "./api/check-grads.js";
export type { CheckGradsOptions } from "./api/check-grads.js";
export { vmap } from "./api/vmap.js";
export type { VmapOptions, AxisSpec } from "./api/vmap.js";
export { jacfwd, jacrev, hessian } from "./api/jacobian.js";
/** JAX's `jax.jacobian`: the reverse-mode Jacobian (an alias of `jacrev`). */
export { jacrev as jacobian } from "./api/jacobian.js";
export type { JacobianOptions } from "./api/jacobian.js";
