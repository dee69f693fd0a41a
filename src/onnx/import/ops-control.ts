/**
 * Control flow: If, Loop and Scan, run by interpreting their body graphs. A Loop or Scan is
 * unrolled (its trip count is known when the model is traced: a static M or a static or concrete
 * condition); an If with a condition known at trace time runs one branch, and one whose condition
 * depends on the inputs runs both and selects, elementwise, which traces under every transform.
 */
import * as np from "../../np/index.js";
import * as ops from "../../primitives/ops.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { NodeCtx, OpImport } from "./kit.js";
import { type Value, isStatic, staticOf, toTensor } from "./values.js";

/** The truth of a condition known at trace time (static or concrete), or undefined when it is traced. */
function knownTruth(v: Value): boolean | undefined {
  if (isStatic(v)) return v.data[0] !== 0;
  return v.buffer === undefined ? undefined : v.buffer[0] !== 0;
}

function ifOp(c: NodeCtx): Value[] {
  const thenG = c.attrs.graph("then_branch") ?? c.fail("then_branch is missing");
  const elseG = c.attrs.graph("else_branch") ?? c.fail("else_branch is missing");
  const cond = c.inputs[0]!;
  const known = knownTruth(cond);
  if (known !== undefined) return c.runGraph(known ? thenG : elseG, [], c.scope);
  const a = c.runGraph(thenG, [], c.scope).map((v) => toTensor(v, c.where));
  const b = c.runGraph(elseG, [], c.scope).map((v) => toTensor(v, c.where));
  const p = np.reshape(toTensor(cond, c.where), []);
  return a.map((x, i) => {
    const y = b[i]!;
    if (x.shape.join() !== y.shape.join()) c.fail(`the branches' output ${i} differ in shape ([${x.shape.join(", ")}] vs [${y.shape.join(", ")}]) and the condition depends on the inputs`);
    return np.where(p, x, y);
  });
}

/** Stacks per-iteration values along a new axis `axis` (a length-0 stack has no shape to take). */
function stackAlong(c: NodeCtx, xs: readonly Tensor[], axis: number, what: string): Tensor {
  if (xs.length === 0) c.fail(`${what}: zero iterations leave the scan output's shape unknown`);
  return np.stack(xs, axis < 0 ? axis + xs[0]!.ndim + 1 : axis);
}

/** Iterations a Loop is unrolled to at most when only its condition bounds it (a guard against a model that never stops). */
const MAX_UNROLL = 100_000;

function loop(c: NodeCtx): Value[] {
  const body = c.attrs.graph("body") ?? c.fail("body is missing");
  const m = c.has(0) ? c.s(0)![0]! : undefined;
  let cond: Value | undefined = c.inputs[1];
  let carried: Value[] = c.inputs.slice(2).map((v, i) => v ?? c.fail(`loop-carried input ${i} is missing`));
  const scans: Tensor[][] = [];
  const nScan = body.output.length - 1 - carried.length;
  for (let i = 0; ; i++) {
    if (m !== undefined && i >= m) break;
    if (cond !== undefined) {
      const go = knownTruth(cond);
      if (go === undefined) c.fail("the loop's condition depends on the inputs; under grad, vmap or jit it must be known when the model is traced (bound the loop by its trip count M)");
      if (!go) break;
    }
    if (i >= MAX_UNROLL) c.fail(`the loop ran ${MAX_UNROLL} iterations without stopping`);
    const outs = c.runGraph(body, [staticOf("int32", [], [i]), cond ?? staticOf("bool", [], [1]), ...carried], c.scope);
    cond = outs[0];
    carried = outs.slice(1, 1 + carried.length);
    outs.slice(1 + carried.length).forEach((v, k) => (scans[k] ??= []).push(toTensor(v, c.where)));
  }
  const stacked = Array.from({ length: nScan }, (_, k) => stackAlong(c, scans[k] ?? [], 0, `scan output ${k}`));
  return [...carried, ...stacked];
}

/** Element `t` of `x` along `axis` (the axis dropped). */
function sliceAt(x: Tensor, axis: number, t: number): Tensor {
  const lo = x.shape.map((_, a) => (a === axis ? t : 0));
  const hi = x.shape.map((d, a) => (a === axis ? t + 1 : d));
  return np.squeeze(ops.slice(x, lo, hi, x.shape.map(() => 1)), axis);
}

function scan(c: NodeCtx): Value[] {
  const body = c.attrs.graph("body") ?? c.fail("body is missing");
  const nIn = c.attrs.int("num_scan_inputs", 0);
  const nState = c.inputs.length - nIn;
  let states: Value[] = c.inputs.slice(0, nState).map((v, i) => v ?? c.fail(`state input ${i} is missing`));
  const xs = c.inputs.slice(nState).map((_, i) => c.t(nState + i));
  const inAxes = (c.attrs.ints("scan_input_axes") ?? xs.map(() => 0)).map((a, i) => (a < 0 ? a + xs[i]!.ndim : a));
  const inDirs = c.attrs.ints("scan_input_directions") ?? xs.map(() => 0);
  const lengths = xs.map((x, i) => x.shape[inAxes[i]!]!);
  if (lengths.some((n) => n !== lengths[0])) c.fail(`the scan inputs have different lengths (${lengths.join(", ")})`);
  const n = lengths[0] ?? c.fail("Scan without scan inputs is not supported");
  const nOutScan = body.output.length - nState;
  const outAxes = c.attrs.ints("scan_output_axes") ?? new Array<number>(nOutScan).fill(0);
  const outDirs = c.attrs.ints("scan_output_directions") ?? new Array<number>(nOutScan).fill(0);
  const collected: Tensor[][] = Array.from({ length: nOutScan }, () => []);
  for (let t = 0; t < n; t++) {
    const slices = xs.map((x, i) => sliceAt(x, inAxes[i]!, inDirs[i] ? n - 1 - t : t));
    const outs = c.runGraph(body, [...states, ...slices], c.scope);
    states = outs.slice(0, nState);
    outs.slice(nState).forEach((v, k) => collected[k]!.push(toTensor(v, c.where)));
  }
  const stacked = collected.map((ys, k) => stackAlong(c, outDirs[k] ? [...ys].reverse() : ys, outAxes[k]!, `scan output ${k}`));
  return [...states, ...stacked];
}

export const CONTROL_OPS: Readonly<Record<string, OpImport>> = { If: ifOp, Loop: loop, Scan: scan };
