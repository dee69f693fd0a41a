/** Typed wrappers of the special-function primitives for rules and the public API. */
import { scalar } from "../../tensor/from-js.js";
import type { Tensor } from "../../tensor/tensor.js";
import * as ops from "../ops.js";

/** ψ⁽ᵐ⁾(x) for an int32 order `m` (a JS integer becomes an int32 scalar). */
export function polygammaOp(m: number | Tensor, x: Tensor): Tensor {
  return ops.binaryOp("polygamma", typeof m === "number" ? scalar(m, "int32") : m, x);
}
