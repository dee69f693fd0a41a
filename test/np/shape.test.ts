/**
 * Shape functions and casts against numpy (family "shape"): reshape (with -1, to and from 0-d
 * and empty shapes), transpose (with and without axes, negative axes, `.T`), expandDims (negative
 * axes), squeeze (all, one, several, negative), broadcastTo, concatenate and stack (negative
 * axes, dtype promotion, empty parts) and astype (float→int truncation, →bool with NaN, f64→f32
 * rounding and overflow).
 */
import { np, type Tensor } from "../../src/index.js";
import { runFamily, type Runner } from "./fixture.js";

const runners: Record<string, Runner> = {
  reshape: ([x], kw) => (kw.method ? (x as Tensor).reshape(kw.shape) : np.reshape(x, kw.shape)),
  transpose: ([x], kw) =>
    kw.property === "T" ? (x as Tensor).T : kw.method ? (x as Tensor).transpose(kw.axes) : np.transpose(x, kw.axes),
  expandDims: ([x], kw) => (kw.method ? (x as Tensor).expandDims(kw.axis) : np.expandDims(x, kw.axis)),
  squeeze: ([x], kw) => (kw.method ? (x as Tensor).squeeze(kw.axis) : np.squeeze(x, kw.axis)),
  broadcastTo: ([x], kw) => (kw.method ? (x as Tensor).broadcastTo(kw.shape) : np.broadcastTo(x, kw.shape)),
  concatenate: (xs, kw) => (kw.axis === undefined ? np.concatenate(xs) : np.concatenate(xs, kw.axis)),
  stack: (xs, kw) => (kw.axis === undefined ? np.stack(xs) : np.stack(xs, kw.axis)),
  astype: ([x], kw) => (kw.method ? (x as Tensor).astype(kw.dtype) : np.astype(x, kw.dtype)),
};

runFamily("shape", runners, Object.keys(runners));
