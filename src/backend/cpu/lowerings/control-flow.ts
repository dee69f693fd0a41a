/**
 * CPU lowerings of the loop and branch primitives (scan, while, cond; spread into
 * src/backend/cpu/lowering.ts). Each compiles its graphs once per call — the backend's plan cache
 * makes that once per graph — and then runs every step on that plan with the carries handed from
 * step to step as they are: a scan reads step t of each xs as a view of the stacked array (no
 * slice, no copy) and writes each step's ys straight into the stacked outputs, allocated once, so
 * a step costs its body's kernels and nothing per equation of the loop. Results equal the
 * reference kernels' (src/primitives/control/) bit for bit: the same plans run on the same values.
 */
import { REFERENCE } from "../../backend.js";
import { currentBackend } from "../../current.js";
import type { Executable } from "../../backend.js";
import { type DataArray, allocate, endTracking, keepTracked, recycle, storageLength, trackAllocations } from "../../../tensor/dtype.js";
import { fromData } from "../../../tensor/from-js.js";
import { sizeOf } from "../../../tensor/shape.js";
import type { Tensor } from "../../../tensor/tensor.js";
import { Graph } from "../../../ir/graph.js";
import type { Atom, Equation, Var } from "../../../ir/types.js";
import { clampBranch } from "../../../primitives/control/cond.js";
import { loopInvariant } from "../../../primitives/control/scan-residuals.js";
import type { CpuLowering, Kernel } from "../lowering-kit.js";

type ControlName = "scan" | "while" | "cond";

/** The executable of a sub-graph: the current backend's cached plan (as `runGraph` would run it). */
const planOf = (g: Graph): Executable => currentBackend().compile(g);

/**
 * scan: the body's plan run `length` times, its loop-invariant part once before them. The
 * argument array is built once and updated in place
 * (a plan reads its inputs into its own slots and keeps no reference to the array); each xs
 * component's step is a typed-array view of its rows, each ys component's step is copied into
 * its row of the stacked output.
 */
export const scanKernel: Kernel<"scan"> = (inputs, params, outAvals) => {
  const { numCarry, length, reverse } = params;
  // Loop-invariant equations (reading only the constants) run once, before the first step; their
  // values join the constants of a body without them. A scan of no steps runs none of the body.
  const split = length > 0 ? hoisted(params.body, params.numConsts) : undefined;
  const body = split?.loop ?? params.body;
  const invariants = split === undefined ? [] : planOf(split.pre)(inputs.slice(0, params.numConsts));
  const numConsts = params.numConsts + invariants.length;
  const plan = planOf(body);
  const nIn = numConsts + numCarry;
  const xs = inputs.slice(params.numConsts + numCarry);
  const args: Tensor[] = [...inputs.slice(0, params.numConsts), ...invariants, ...inputs.slice(params.numConsts, params.numConsts + numCarry)];
  // Per-step shape and storage length (complex values take two slots an element).
  const xShapes = xs.map((x) => x.shape.slice(1));
  const xData = xs.map((x) => x.concreteData());
  const xStep = xs.map((x, i) => storageLength(x.dtype, sizeOf(xShapes[i]!)));
  const yAvals = outAvals.slice(numCarry);
  const yStep = yAvals.map((a) => storageLength(a.dtype, sizeOf(a.shape.slice(1))));
  const ys: DataArray[] = yAvals.map((a, j) => allocate(a.dtype, length * yStep[j]!));
  let carry: Tensor[] = inputs.slice(params.numConsts, params.numConsts + numCarry);
  const steps = new StepArrays();
  for (let k = 0; k < length; k++) {
    const t = reverse ? length - 1 - k : k;
    for (let c = 0; c < numCarry; c++) args[numConsts + c] = carry[c]!;
    for (let i = 0; i < xs.length; i++) {
      const n = xStep[i]!;
      args[nIn + i] = fromData(xShapes[i]!, xs[i]!.dtype, xData[i]!.subarray(t * n, t * n + n));
    }
    const before = carry;
    const outs = steps.run(plan, args);
    carry = outs.length === numCarry ? outs : outs.slice(0, numCarry);
    for (let j = 0; j < ys.length; j++) ys[j]!.set(outs[numCarry + j]!.concreteData() as never, t * yStep[j]!);
    // The step's ys are copied into their rows and the previous carries are read no more: their
    // arrays go back to the free list for the next step (unless a new carry still holds them).
    steps.release([...before, ...outs.slice(numCarry)], carry);
  }
  steps.finish();
  return [...carry.map(owned), ...yAvals.map((a, j) => fromData(a.shape, a.dtype, ys[j]!))];
};

/**
 * The arrays a loop's steps allocate (a body plan's results: each step's carries and ys), handed
 * back to `allocate`'s free list once the loop reads them no more — so a 100-step loop reuses two
 * carries' memory instead of allocating a hundred (fresh arrays outside V8's heap fault their
 * pages in whenever the allocator has returned freed memory to the OS). Only arrays made by a
 * step of this loop are recycled: never an input, a constant or a view of xs. What is left when the
 * loop ends (its final carries) goes to the enclosing plan call, which decides in turn.
 */
class StepArrays {
  private readonly owned = new Set<DataArray>();

  /** Runs one step of `plan`, recording what it allocates and does not recycle itself. */
  run(plan: Executable, args: readonly Tensor[]): Tensor[] {
    const outer = trackAllocations();
    try {
      return plan(args);
    } finally {
      for (const a of endTracking(outer)) this.owned.add(a);
    }
  }

  /** Recycles the arrays of `dead` that a step made, unless one of `live` shares their memory. */
  release(dead: readonly Tensor[], live: readonly Tensor[]): void {
    const kept = new Set<ArrayBufferLike>();
    for (const t of live) if (t.buffer !== undefined) kept.add(t.buffer.buffer);
    for (const t of dead) {
      const a = t.buffer;
      if (a === undefined || !this.owned.has(a) || kept.has(a.buffer)) continue;
      this.owned.delete(a);
      recycle(a);
    }
  }

  /** Hands what was not recycled to the enclosing call's tracking. */
  finish(): void {
    keepTracked([...this.owned]);
    this.owned.clear();
  }
}

/** A scan body split in two: `pre` (the constants ↦ the invariant values the loop reads) and `loop`. */
export interface Split {
  readonly pre: Graph;
  readonly loop: Graph;
}

/** Each body's split, made once (undefined: nothing to hoist), so the plans of both are cached too. */
const splits = new WeakMap<Graph, Split | null>();

/**
 * The loop-invariant equations of `body` — those whose operands are all constants (its first
 * `numConsts` inputs, captured arrays, literals) or invariant themselves — moved into a graph of
 * their own. The loop graph takes the invariant values it reads as extra constants, after the
 * original ones. The same kernels then run on the same values, once instead of once a step.
 *
 * @example
 * ```ts
 * // A scan whose body reads exp(w), w a constant: exp(w) moves out of the loop.
 * const w = np.ones([3]);
 * const g = trace((xs: Tensor) => lax.scan((c: Tensor, x: Tensor): [Tensor, Tensor] => [np.add(c, np.mul(x, np.exp(w))), c], np.zeros([3]), xs))(np.ones([4, 3]));
 * const { body, numConsts } = g.equations.find((e) => e.primitive === "scan")!.params as { body: Graph; numConsts: number };
 * hoisted(body, numConsts)!.pre.equations.length; // 1
 * hoisted(body, numConsts)!.loop.equations.length; // 2
 * ```
 */
export function hoisted(body: Graph, numConsts: number): Split | undefined {
  const known = splits.get(body);
  if (known !== undefined) return known ?? undefined;
  const invariant = loopInvariant(body, numConsts);
  const pre: Equation[] = [];
  const loop: Equation[] = [];
  for (const e of body.equations) (e.inputs.every((a) => a._tag !== "Var" || invariant.has(a.id)) ? pre : loop).push(e);
  if (pre.length === 0) {
    splits.set(body, null);
    return undefined;
  }
  // The invariant values the loop needs: read by a remaining equation, or returned by the body.
  const made = new Map(pre.flatMap((e) => e.outputs.map((v) => [v.id, v] as const)));
  const needed = new Map<number, Var>();
  const need = (a: Atom): void => {
    if (a._tag === "Var" && made.has(a.id)) needed.set(a.id, made.get(a.id)!);
  };
  for (const e of loop) e.inputs.forEach(need);
  body.outputs.forEach(need);
  const carried = [...needed.values()];
  const split: Split = {
    pre: new Graph({ inputs: body.inputs.slice(0, numConsts), constVars: body.constVars, constValues: body.constValues, equations: pre, outputs: carried }),
    loop: new Graph({
      inputs: [...body.inputs.slice(0, numConsts), ...carried, ...body.inputs.slice(numConsts)],
      constVars: body.constVars,
      constValues: body.constValues,
      equations: loop,
      outputs: body.outputs,
    }),
  };
  splits.set(body, split);
  return split;
}

/**
 * `t`, or a copy of it if its data is a view into a larger array: a final carry that is still a
 * step of xs (a body that returns its x as the carry) must not make a result alias part of an input.
 */
function owned(t: Tensor): Tensor {
  const d = t.concreteData();
  return d.byteOffset === 0 && d.byteLength === d.buffer.byteLength ? t : fromData(t.shape, t.dtype, d.slice());
}

/** while: the condition's and the body's plans, each run once per trip on one reused argument array. */
export const whileKernel: Kernel<"while"> = (inputs, { cond, body, condConsts, bodyConsts }) => {
  const condPlan = planOf(cond);
  const bodyPlan = planOf(body);
  const nCarry = inputs.length - condConsts - bodyConsts;
  const condArgs: Tensor[] = [...inputs.slice(0, condConsts), ...inputs.slice(condConsts + bodyConsts)];
  const bodyArgs: Tensor[] = inputs.slice(condConsts);
  let carry: Tensor[] = inputs.slice(condConsts + bodyConsts);
  const steps = new StepArrays();
  while (condPlan(condArgs)[0]!.concreteData()[0] !== 0) {
    const before = carry;
    carry = steps.run(bodyPlan, bodyArgs);
    for (let c = 0; c < nCarry; c++) condArgs[condConsts + c] = bodyArgs[bodyConsts + c] = carry[c]!;
    steps.release(before, carry);
  }
  steps.finish();
  return carry;
};

/** cond: the chosen branch's plan (its index clamped into range, as the reference does). */
export const condKernel: Kernel<"cond"> = ([index, ...operands], { branches }) =>
  planOf(branches[clampBranch(index!.item(), branches.length)]!)(operands);

/** One lowering per control-flow primitive: a kernel, never a fused loop. */
export const CONTROL_FLOW_LOWERINGS: { readonly [N in ControlName]: CpuLowering<N> | typeof REFERENCE } = {
  scan: { kernel: scanKernel },
  while: { kernel: whileKernel },
  cond: { kernel: condKernel },
};
