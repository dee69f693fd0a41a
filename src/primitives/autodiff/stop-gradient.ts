/**
 * stop_gradient(x) = x, with derivative zero: what the user marks as a constant for
 * differentiation. Stays in traced graphs so that differentiating the graph later respects it.
 */
import { zeroJvp } from "../ad.js";
import * as ops from "../ops.js";
import { passThroughBatch } from "../batching.js";
import { definePrimitive } from "../rule-types.js";

export const stopGradient = definePrimitive({
  name: "stop_gradient",
  kind: "autodiff",
  shapeRule: ([x]) => [x!],
  impl: ([x]) => [x!],
  jvpRule: zeroJvp(([x]) => [ops.apply1("stop_gradient", [x!], {})]),
  transposeRule: "nonlinear",
  batchRule: passThroughBatch((x) => ops.apply1("stop_gradient", [x], {})),
});
