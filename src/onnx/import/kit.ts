/**
 * What an op's import sees of its node: the input values (tensors or statics), the attributes, the
 * number of outputs asked for, the opset, and a name for messages (`Conv node "conv1" (#3)`).
 */
import type { GraphProto } from "onnx-buf";
import type { Tensor } from "../../tensor/tensor.js";
import { type Attrs, OnnxImportError } from "./model.js";
import { type Value, isStatic, staticData, toTensor } from "./values.js";

/** Runs a subgraph (If/Loop/Scan bodies) with the given values bound to its inputs. */
export type RunGraph = (g: GraphProto, inputs: readonly Value[], outer: ReadonlyMap<string, Value>) => Value[];

export class NodeCtx {
  constructor(
    readonly inputs: readonly (Value | undefined)[],
    readonly attrs: Attrs,
    readonly where: string,
    readonly nOut: number,
    readonly opset: number,
    readonly scope: ReadonlyMap<string, Value>,
    readonly runGraph: RunGraph,
  ) {}

  /** Whether input `i` is given (ONNX marks an omitted optional input with an empty name). */
  has(i: number): boolean {
    return this.inputs[i] !== undefined;
  }

  /** Input `i` as a tensor. */
  t(i: number): Tensor {
    const v = this.inputs[i];
    if (v === undefined) throw new OnnxImportError(`onnx.importModel: ${this.where}: input ${i} is missing`);
    return toTensor(v, this.where);
  }

  /** Input `i` as static numbers, or undefined when omitted. */
  s(i: number): number[] | undefined {
    const v = this.inputs[i];
    return v === undefined ? undefined : staticData(v, `${this.where}: input ${i}`);
  }

  /** Whether every given input is static (shape arithmetic stays in JS). */
  allStatic(): boolean {
    return this.inputs.every((v) => v === undefined || isStatic(v));
  }

  fail(message: string): never {
    throw new OnnxImportError(`onnx.importModel: ${this.where}: ${message}`);
  }
}

/** How one ONNX op imports: its outputs, in order (only the first `ctx.nOut` are used). */
export type OpImport = (ctx: NodeCtx) => Value | Value[];

/** Input slots that must be static (shapes, axes, pads, sizes): initializers feeding them are not params. */
export const STATIC_INPUTS: Readonly<Record<string, readonly number[]>> = {
  Reshape: [1], Expand: [1], Tile: [1], Slice: [1, 2, 3, 4], Squeeze: [1], Unsqueeze: [1], Split: [1],
  Pad: [1, 2, 3], ReduceSum: [1], ReduceMean: [1], ReduceMax: [1], ReduceMin: [1], ReduceProd: [1],
  ReduceL1: [1], ReduceL2: [1], ReduceLogSumExp: [1], ReduceSumSquare: [1], TopK: [1], CumSum: [1],
  Resize: [1, 2, 3], ConstantOfShape: [0], Range: [0, 1, 2], OneHot: [1], Loop: [0, 1], Trilu: [1], ReduceLogSum: [1],
  DFT: [1, 2],
};
