/**
 * Late binding between `Tensor` methods and the `np` functions that implement them.
 * `Tensor` cannot import `np` (np imports Tensor), so np registers itself here once at load.
 */
import { InternalError } from "../errors.js";
import type { TensorMethodImpls } from "./tensor.js";

let impls: TensorMethodImpls | undefined;

/** Called once by the np module when it loads. */
export function installTensorMethods(m: TensorMethodImpls): void {
  impls = m;
}

/** The np functions behind `Tensor` methods. */
export function methods(): TensorMethodImpls {
  if (impls === undefined) throw new InternalError("Tensor methods used before the np module loaded");
  return impls;
}
