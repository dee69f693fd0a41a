/**
 * nn helpers against numpy (family "nn"): relu, sigmoid, softplus (stable at ±1000, ±∞ and past
 * exp's overflow), gelu (JAX's default tanh approximation), softmax and logSoftmax (axis, several
 * axes, large values, -∞ entries) and logsumexp (axis, keepdims, -∞ entries give a finite value,
 * an all -∞ row gives -∞ as in JAX, +∞ gives +∞). float32 expectations are the float64 results
 * rounded once (tolerances: see the header of scripts/gen-fixtures.py).
 */
import { nn } from "../../src/index.js";
import { runFamily, type Runner } from "./fixture.js";

const runners: Record<string, Runner> = {
  relu: ([x]) => nn.relu(x),
  sigmoid: ([x]) => nn.sigmoid(x),
  softplus: ([x]) => nn.softplus(x),
  gelu: ([x]) => nn.gelu(x),
  softmax: ([x], kw) => (kw.axis === undefined ? nn.softmax(x) : nn.softmax(x, kw.axis)),
  logSoftmax: ([x], kw) => (kw.axis === undefined ? nn.logSoftmax(x) : nn.logSoftmax(x, kw.axis)),
  logsumexp: ([x], kw) => nn.logsumexp(x, kw.axis, kw.keepdims),
};

runFamily("nn", runners, Object.keys(runners));
