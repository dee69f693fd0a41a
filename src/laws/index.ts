/**
 * `fluxion/laws`: the law kit for users who write their own derivative rules or primitives —
 * fast-check arbitraries for tensors, shapes and pytrees, and property checks that fail with
 * fast-check's shrunk counterexample. fast-check (^4) is a peer dependency of this subpath only;
 * the main entry `fluxion` does not load it.
 *
 * @example
 * ```ts
 * // import { arbitraries, checkDerivatives } from "fluxion/laws";
 * checkDerivatives((x: Tensor) => np.tanh(x), arbitraries.tensor({ shape: [3] }));
 * ```
 */
export * as arbitraries from "./arbitraries.js";
export type { PytreeOptions, ShapeOptions, TensorOptions } from "./arbitraries.js";
export { type CheckOptions, type DerivativeOptions, checkCustomRule, checkDerivatives, checkTransforms } from "./checks.js";
