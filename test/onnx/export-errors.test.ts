/**
 * onnx.exportGraph's refusals that are not a lowering still to write: custom_lin, which a
 * linearized customVjp function holds, has no forward computation, and the error says so and
 * what to export instead.
 */
import { describe, expect, it } from "vitest";
import { customVjp, linearize, np, onnx, trace, type Tensor } from "../../src/index.js";

describe("onnx.exportGraph refusals", () => {
  it("custom_lin: says it only carries a backward rule, not that a lowering is missing", () => {
    const sinRule = customVjp((x: Tensor) => np.sin(x), (x: Tensor) => [np.sin(x), x], (x: Tensor, g: Tensor) => [np.mul(g, np.cos(x))]);
    const [, fLin] = linearize(sinRule, np.array([0.5, 1]));
    const g = trace(fLin)(np.array([1, 1]));
    expect(g.toString()).toContain("custom_lin");
    expect(() => onnx.exportGraph(g)).toThrow(onnx.OnnxExportError);
    expect(() => onnx.exportGraph(g)).toThrow(
      /primitive custom_lin has no forward computation to export: it only carries a customVjp backward rule, to be transposed; export the gradient \(trace of vjp or grad\) instead of the linearized function/,
    );
    expect(() => onnx.exportGraph(g)).not.toThrow(/no ONNX lowering yet/);
  });
});
