/**
 * ONNX lowerings of the primitives that carry graphs: cond as nested `If`s, while as `Loop`, scan
 * as `Scan` (or a counted `Loop` when it has no xs, since Scan needs one scanned input), jit as a
 * call of a model-local function, and checkpoint and the custom-rule primitives as their primal
 * graph inlined (their rules matter only to transforms, which ran before export).
 */
import type { Graph } from "../../ir/graph.js";
import type { Aval } from "../../ir/types.js";
import { allocate } from "../../tensor/dtype.js";
import type { Emitter, Typed } from "../emitter.js";
import type { IndexAval } from "../proto.js";
import { type Lowering, lit } from "./kit.js";

const BOOL_SCALAR: Aval = { shape: [], dtype: "bool" };
const INT64_SCALAR: IndexAval = { shape: [], dtype: "int64" };

/** Lowers `g` into `sub` with its inputs bound to `inputs`; returns its typed results. */
function run(sub: Emitter, g: Graph, inputs: readonly string[]): Typed[] {
  return sub.inline(g, inputs).map((name, k) => ({ name, aval: g.outputs[k]!.aval }));
}

/** cond: branch `index` clamped into range, as nested Ifs (index ≤ k picks branch k). */
const cond: Lowering<"cond"> = (em, e, [index, ...operands], outs) => {
  const { branches } = e.params;
  const chain = (target: Emitter, k: number): Typed[] => {
    if (k === branches.length - 1) return run(target, branches[k]!, operands);
    const pick = target.op("LessOrEqual", [index!, lit(target, k, "int32")]);
    const results = branches[k]!.outputs.map((a) => ({ name: target.fresh("cond"), aval: a.aval }));
    target.node("If", [pick], results.map((r) => r.name), {
      then_branch: { g: target.block("branch", [], (sub) => run(sub, branches[k]!, operands)) },
      else_branch: { g: target.block("branch", [], (sub) => chain(sub, k + 1)) },
    });
    return results;
  };
  chain(em, 0).forEach((r, k) => em.node("Identity", [r.name], [outs[k]!]));
};

/** while: the condition evaluated once before a Loop, and again at the end of each body. */
const whileLoop: Lowering<"while"> = (em, e, ins, outs) => {
  const { cond: condG, body, condConsts, bodyConsts } = e.params;
  const cc = ins.slice(0, condConsts);
  const bc = ins.slice(condConsts, condConsts + bodyConsts);
  const carry = ins.slice(condConsts + bodyConsts);
  const first = em.inline(condG, [...cc, ...carry])[0]!;
  const carryAvals = e.outputs.map((v) => v.aval);
  const iter = em.fresh("iter");
  const condIn = em.fresh("cond_in");
  const formal = carryAvals.map((aval) => ({ name: em.fresh("carry"), aval }));
  const g = em.block("while_body", [{ name: iter, aval: INT64_SCALAR }, { name: condIn, aval: BOOL_SCALAR }, ...formal], (sub) => {
    const next = run(sub, body, [...bc, ...formal.map((f) => f.name)]);
    const again = sub.inline(condG, [...cc, ...next.map((n) => n.name)])[0]!;
    return [{ name: again, aval: BOOL_SCALAR }, ...next];
  });
  em.node("Loop", ["", first, ...carry], outs, { body: { g } });
};

/** scan: ONNX Scan over the xs (consts read from the enclosing graph by name). */
const scan: Lowering<"scan"> = (em, e, ins, outs) => {
  const { body, numConsts, numCarry, length, reverse } = e.params;
  const consts = ins.slice(0, numConsts);
  const carry = ins.slice(numConsts, numConsts + numCarry);
  const xs = ins.slice(numConsts + numCarry);
  const carryAvals = e.outputs.slice(0, numCarry).map((v) => v.aval);
  const numYs = e.outputs.length - numCarry;
  if (length === 0) {
    // No step: the carry passes through and the stacked ys are empty.
    carry.forEach((c, k) => em.node("Identity", [c], [outs[k]!]));
    e.outputs.slice(numCarry).forEach((v, k) => em.node("Identity", [em.constant(v.aval.dtype, v.aval.shape, allocate(v.aval.dtype, 0))], [outs[numCarry + k]!]));
    return;
  }
  if (xs.length === 0) return countedScan(em, e, consts, carry, outs);
  const formalCarry = carryAvals.map((aval) => ({ name: em.fresh("carry"), aval }));
  const formalX = e.inputs.slice(numConsts + numCarry).map((a) => ({ name: em.fresh("x"), aval: { shape: a.aval.shape.slice(1), dtype: a.aval.dtype } }));
  const g = em.block("scan_body", [...formalCarry, ...formalX], (sub) =>
    run(sub, body, [...consts, ...formalCarry.map((f) => f.name), ...formalX.map((f) => f.name)]),
  );
  const dir = reverse ? 1 : 0;
  em.node("Scan", [...carry, ...xs], outs, {
    body: { g },
    num_scan_inputs: { i: xs.length },
    scan_input_directions: { ints: xs.map(() => dir) },
    scan_output_directions: { ints: Array.from({ length: numYs }, () => dir) },
  });
};

/** A scan with no xs: a Loop counted to `length`, ys stacked by the Loop (reversed after, if reverse). */
function countedScan(em: Emitter, e: Parameters<Lowering<"scan">>[1], consts: readonly string[], carry: readonly string[], outs: readonly string[]): void {
  const { body, numCarry, length, reverse } = e.params;
  const carryAvals = e.outputs.slice(0, numCarry).map((v) => v.aval);
  const iter = em.fresh("iter");
  const condIn = em.fresh("cond_in");
  const formal = carryAvals.map((aval) => ({ name: em.fresh("carry"), aval }));
  const g = em.block("scan_loop_body", [{ name: iter, aval: INT64_SCALAR }, { name: condIn, aval: BOOL_SCALAR }, ...formal], (sub) => {
    const results = run(sub, body, [...consts, ...formal.map((f) => f.name)]);
    return [{ name: condIn, aval: BOOL_SCALAR }, ...results];
  });
  const stacked = outs.slice(numCarry).map((o) => (reverse ? em.fresh("ys") : o));
  em.node("Loop", [em.int64s([length], true), lit(em, 1, "bool"), ...carry], [...outs.slice(0, numCarry), ...stacked], { body: { g } });
  if (reverse) {
    stacked.forEach((s, k) =>
      em.node("Slice", [s, em.int64s([-1]), em.int64s([-(2 ** 53)]), em.int64s([0]), em.int64s([-1])], [outs[numCarry + k]!]),
    );
  }
}

/** Inlines a primitive's primal graph (`fun`): checkpoint and the custom-rule primitives. */
const inlineFun: Lowering<"checkpoint" | "custom_jvp_call" | "custom_vjp_call"> = (em, e, ins, outs) => {
  em.inline(e.params.fun, ins).forEach((r, k) => em.node("Identity", [r], [outs[k]!]));
};

/** The control-flow part of the ONNX lowering table. */
export const CONTROL_LOWERINGS = {
  cond,
  while: whileLoop,
  scan,
  jit: ((em, e, ins, outs) => em.call(e.params.graph, e.params.name, ins, outs)) as Lowering<"jit">,
  checkpoint: inlineFun as Lowering<"checkpoint">,
  custom_jvp_call: inlineFun as Lowering<"custom_jvp_call">,
  custom_vjp_call: inlineFun as Lowering<"custom_vjp_call">,
};
