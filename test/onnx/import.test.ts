/**
 * onnx.importModel against Python's ONNX Runtime: every model of test/fixtures/onnx (a CNN, a
 * transformer block, one model per imported op) evaluates to ONNX Runtime's outputs within 1e-5.
 */
import { describe, expect, it } from "vitest";
import { onnx, type Tensor } from "../../src/index.js";
import { CASES, type FixtureTensor, modelBytes, num, toTensor } from "./import-fixtures.js";

/** Largest |actual − expected| / max(1, |expected|); NaNs must match. */
function relErr(actual: Tensor, expected: FixtureTensor): number {
  expect(actual.shape).toEqual(expected.shape);
  const a = Array.from(actual.data() as ArrayLike<number>);
  let m = 0;
  expected.data.forEach((e, i) => {
    const ev = num(e);
    const av = a[i]!;
    if (Number.isNaN(ev) || Number.isNaN(av)) {
      if (Number.isNaN(ev) !== Number.isNaN(av)) m = Infinity;
      return;
    }
    if (ev === av) return;
    m = Math.max(m, Math.abs(av - ev) / Math.max(1, Math.abs(ev)));
  });
  return m;
}

describe("onnx.importModel matches ONNX Runtime", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const { fn, params, inputNames, outputNames } = onnx.importModel(modelBytes(c));
      expect(inputNames).toEqual(c.inputs.map((t) => t.name));
      expect(outputNames).toEqual(c.outputs.map((t) => t.name));
      const out = fn(params, ...c.inputs.map(toTensor));
      const outs = Array.isArray(out) ? out : [out];
      c.outputs.forEach((e, i) => {
        const err = relErr(outs[i]!, e);
        expect(err, `${c.name} output ${e.name}`).toBeLessThanOrEqual(1e-5);
      });
    });
  }
});
