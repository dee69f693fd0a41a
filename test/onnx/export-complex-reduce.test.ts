/**
 * Complex reduce_prod in exported models, run in ONNX Runtime: against `evaluate` (the reference
 * kernel) on every pair of special and ordinary parts, over every set of axes of a rank-3
 * operand; and against closed forms where the kernel's order decides the answer (a product that
 * overflows and underflows again, ∞ meeting a zero part, complex64 parts whose float32 product
 * would overflow while the kernel's float64 one does not).
 */
import { describe, expect, it } from "vitest";
import { evaluate, trace, type Tensor } from "../../src/index.js";
import { apply1 } from "../../src/primitives/ops.js";
import type { ComplexDType } from "../../src/tensor/dtype.js";
import { fromData } from "../../src/tensor/from-js.js";
import { agree } from "../../laws/onnx-programs.js";
import { describeTensor } from "../../laws/equal.js";
import { runExported } from "./run-exported.js";


const prodOver = (axes: readonly number[]) => (x: Tensor): Tensor => apply1("reduce_prod", [x], { axes });

/** The product of `z` over `axes` in ONNX Runtime, checked against evaluate's; returns ONNX Runtime's. */
async function expectAgrees(z: Tensor, axes: readonly number[], tol: number): Promise<Tensor> {
  const g = trace(prodOver(axes))(z);
  const [want] = [evaluate(g, z)].flat(Infinity) as Tensor[];
  const [got] = await runExported(g, [z]);
  expect(agree(got!, want!, tol), `axes [${axes}] of ${describeTensor(z)}: evaluate ${describeTensor(want!)}, ONNX Runtime ${describeTensor(got!)}`).toBe(true);
  return got!;
}

/** Parts the operands are built from: ordinary, huge, tiny and special. */
const PARTS = [0, -0, 1, -2.5, 0.3, 1e-3, 19.5, -21, 700, 1e-300, 1e300, Infinity, -Infinity, NaN];

/** `n` complex elements whose (re, im) run through every pair of PARTS, from pair `shift`. */
function pairs(dtype: ComplexDType, shape: readonly number[], shift = 0): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  const data = dtype === "complex64" ? new Float32Array(2 * n) : new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const j = (k * 5 + shift) % PARTS.length ** 2;
    data[2 * k] = PARTS[Math.floor(j / PARTS.length)]!;
    data[2 * k + 1] = PARTS[j % PARTS.length]!;
  }
  return fromData(shape, dtype, data);
}

/** Complex128 parts as a tensor of `shape` ([re, im] per element). */
const c128 = (shape: readonly number[], parts: readonly number[]): Tensor => fromData(shape, "complex128", Float64Array.from(parts));

const tolOf = (d: ComplexDType): number => (d === "complex64" ? 2e-4 : 1e-9);

describe("onnx.exportGraph: reduce_prod on complex operands", () => {
  const AXES = [[], [0], [1], [2], [-1], [0, 2], [2, 0], [1, 2], [0, 1], [0, 1, 2]];
  for (const dtype of ["complex64", "complex128"] as const) {
    it(`${dtype}: every set of axes of a rank-3 operand, special parts included`, async () => {
      for (const shift of [0, 3, 61]) {
        const z = pairs(dtype, [3, 2, 4], shift);
        for (const axes of AXES) await expectAgrees(z, axes, tolOf(dtype));
      }
      // Ordinary values only: no NaN to hide a wrong order or a wrong element.
      const data = Float64Array.from({ length: 48 }, (_, k) => Math.sin(k * 1.7) * 2);
      const plain = fromData([3, 2, 4], dtype, dtype === "complex64" ? Float32Array.from(data) : data);
      for (const axes of AXES) await expectAgrees(plain, axes, tolOf(dtype));
    });
  }

  it("multiplies in the kernel's order: row-major over the reduced axes, from 1 + 0i", async () => {
    // Row-major, 1e200·1e-200 comes back to 1 before the next 1e200; column-major would overflow.
    const rows = c128([2, 2], [1e200, 0, 1e-200, 0, 1e200, 0, 1e-200, 0]);
    const got = await expectAgrees(rows, [0, 1], 1e-9);
    expect(Math.abs(got.concreteData()[0]! - 1)).toBeLessThan(1e-12);
    expect(got.concreteData()[1]).toBe(0);
    // In order: 1e-200, then 1e-400 underflows to 0, and 0·1e200 stays 0: (0, 0). A tree
    // ((1e-200·1e-200)·(1e200·1e200)) or the reverse order meets 0·∞ and gives NaN.
    const under = c128([4], [1e-200, 0, 1e-200, 0, 1e200, 0, 1e200, 0]);
    expect(Array.from((await expectAgrees(under, [0], 1e-9)).concreteData())).toEqual([0, 0]);
    // A single element is still multiplied into 1 + 0i: (1, ∞) gives 1·1 − 0·∞ = NaN.
    const single = (await expectAgrees(c128([1], [1, Infinity]), [0], 1e-9)).concreteData();
    expect(single[0]).toBeNaN();
    expect(single[1]).toBe(Infinity);
  });

  it("complex64 multiplies in float64 and rounds once, as the kernel's accumulator", async () => {
    // 3e38·3e38 overflows float32 but not float64: the product comes back to about 9·(1e-38)².
    const z = fromData([4], "complex64", Float32Array.of(3e38, 0, 3e38, 0, 1e-38, 0, 1e-38, 0));
    const got = (await expectAgrees(z, [0], 2e-4)).concreteData();
    expect(got[0]).toBeCloseTo(9, 4);
    expect(got[1]).toBe(0);
  });
});
