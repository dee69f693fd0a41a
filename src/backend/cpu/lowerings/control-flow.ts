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
import { type DataArray, allocate, storageLength } from "../../../tensor/dtype.js";
import { fromData } from "../../../tensor/from-js.js";
import { sizeOf } from "../../../tensor/shape.js";
import type { Tensor } from "../../../tensor/tensor.js";
import { clampBranch } from "../../../primitives/control/cond.js";
import type { PrimitiveParams } from "../../../primitives/params.js";
import type { CpuLowering, Kernel } from "../lowering-kit.js";

type ControlName = "scan" | "while" | "cond";

/** The executable of a sub-graph: the current backend's cached plan (as `runGraph` would run it). */
const planOf = (g: PrimitiveParams["scan"]["body"]): Executable => currentBackend().compile(g);

/**
 * scan: the body's plan run `length` times. The argument array is built once and updated in place
 * (a plan reads its inputs into its own slots and keeps no reference to the array); each xs
 * component's step is a typed-array view of its rows, each ys component's step is copied into
 * its row of the stacked output.
 */
export const scanKernel: Kernel<"scan"> = (inputs, { body, numConsts, numCarry, length, reverse }, outAvals) => {
  const plan = planOf(body);
  const nIn = numConsts + numCarry;
  const xs = inputs.slice(nIn);
  const args: Tensor[] = inputs.slice(0, nIn);
  // Per-step shape and storage length (complex values take two slots an element).
  const xShapes = xs.map((x) => x.shape.slice(1));
  const xData = xs.map((x) => x.concreteData());
  const xStep = xs.map((x, i) => storageLength(x.dtype, sizeOf(xShapes[i]!)));
  const yAvals = outAvals.slice(numCarry);
  const yStep = yAvals.map((a) => storageLength(a.dtype, sizeOf(a.shape.slice(1))));
  const ys: DataArray[] = yAvals.map((a, j) => allocate(a.dtype, length * yStep[j]!));
  let carry: Tensor[] = inputs.slice(numConsts, nIn);
  for (let k = 0; k < length; k++) {
    const t = reverse ? length - 1 - k : k;
    for (let c = 0; c < numCarry; c++) args[numConsts + c] = carry[c]!;
    for (let i = 0; i < xs.length; i++) {
      const n = xStep[i]!;
      args[nIn + i] = fromData(xShapes[i]!, xs[i]!.dtype, xData[i]!.subarray(t * n, t * n + n));
    }
    const outs = plan(args);
    carry = outs.length === numCarry ? outs : outs.slice(0, numCarry);
    for (let j = 0; j < ys.length; j++) ys[j]!.set(outs[numCarry + j]!.concreteData() as never, t * yStep[j]!);
  }
  return [...carry.map(owned), ...yAvals.map((a, j) => fromData(a.shape, a.dtype, ys[j]!))];
};

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
  while (condPlan(condArgs)[0]!.concreteData()[0] !== 0) {
    carry = bodyPlan(bodyArgs);
    for (let c = 0; c < nCarry; c++) condArgs[condConsts + c] = bodyArgs[bodyConsts + c] = carry[c]!;
  }
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
