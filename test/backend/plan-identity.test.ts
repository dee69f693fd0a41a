/**
 * The compiled plan hands on the operand of a movement op that leaves it unchanged (a full slice,
 * an identity transpose or broadcast_in_dim, a zero pad) instead of copying it. Checked two ways:
 * which equations count as identities (a same-shape pad that shifts, or a square transpose, does
 * not), and jit against eager evaluation of programs mixing identity moves with their non-identity
 * twins, element for element.
 */
import { describe, expect, it } from "vitest";
import { isIdentityMove } from "../../src/backend/cpu/plan.js";
import { Tensor, jit, np } from "../../src/index.js";
import type { Equation } from "../../src/ir/types.js";
import { aval, mkEquation, mkVar } from "../../src/ir/types.js";
import * as ops from "../../src/primitives/ops.js";

const square = np.array([[1, -2, 3], [4, 5, -6], [7, -8, 9]], { dtype: "float32" });

/**
 * An equation x:f32[inShape] → y:f32[outShape] made by hand: tracing already drops an identity
 * transpose or broadcast, but graphs from other passes (and graphs built by hand) may hold them.
 */
function eqn(primitive: "slice" | "transpose" | "broadcast_in_dim" | "pad" | "neg", params: object, inShape: number[], outShape = inShape, outDtype: "float32" | "float64" = "float32"): Equation {
  const x = mkVar(0, aval(inShape, "float32"));
  const y = mkVar(1, aval(outShape, outDtype));
  return mkEquation(primitive, params as never, [x], [y], undefined) as Equation;
}

describe("isIdentityMove", () => {
  it("accepts movement ops that leave every element in place", () => {
    expect(isIdentityMove(eqn("slice", { startIndices: [0, 0], limitIndices: [3, 3], strides: [1, 1] }, [3, 3]))).toBe(true);
    expect(isIdentityMove(eqn("transpose", { permutation: [0, 1] }, [3, 3]))).toBe(true);
    expect(isIdentityMove(eqn("broadcast_in_dim", { shape: [3, 3], broadcastDimensions: [0, 1] }, [3, 3]))).toBe(true);
    expect(isIdentityMove(eqn("pad", { paddingValue: 0, config: [[0, 0, 0], [0, 0, 0]] }, [3, 3]))).toBe(true);
    // A stride on a dim of one element still takes that element.
    expect(isIdentityMove(eqn("slice", { startIndices: [0, 0], limitIndices: [1, 3], strides: [5, 1] }, [1, 3]))).toBe(true);
  });

  it("rejects same-shape moves that rearrange or shift, other shapes, other dtypes and other ops", () => {
    expect(isIdentityMove(eqn("transpose", { permutation: [1, 0] }, [3, 3]))).toBe(false);
    expect(isIdentityMove(eqn("pad", { paddingValue: 0, config: [[1, -1, 0], [0, 0, 0]] }, [3, 3]))).toBe(false);
    expect(isIdentityMove(eqn("slice", { startIndices: [0, 0], limitIndices: [3, 2], strides: [1, 1] }, [3, 3], [3, 2]))).toBe(false);
    expect(isIdentityMove(eqn("broadcast_in_dim", { shape: [3, 3, 1], broadcastDimensions: [0, 1] }, [3, 3], [3, 3, 1]))).toBe(false);
    expect(isIdentityMove(eqn("slice", { startIndices: [0, 0], limitIndices: [3, 3], strides: [1, 1] }, [3, 3], [3, 3], "float64"))).toBe(false);
    expect(isIdentityMove(eqn("neg", {}, [3, 3]))).toBe(false);
  });
});

describe("jit with identity moves equals eager", () => {
  const program = (x: Tensor): Tensor[] => {
    const same = ops.pad(ops.transpose(ops.slice(x, [0, 0], [3, 3], [1, 1]), [0, 1]), 0, [[0, 0, 0], [0, 0, 0]]);
    const shifted = ops.pad(x, -1, [[1, -1, 0], [0, 0, 0]]);
    const flipped = ops.transpose(same, [1, 0]);
    return [same, np.add(shifted, flipped), ops.broadcastInDim(same, [3, 3], [0, 1])];
  };

  it("values, shapes and dtypes match, for float32 and float64", () => {
    for (const dtype of ["float32", "float64"] as const) {
      const x = square.astype(dtype);
      const eager = program(x);
      const compiled = jit(program)(x);
      expect(compiled).toHaveLength(3);
      compiled.forEach((t, i) => {
        expect(t.dtype).toBe(dtype);
        expect(t.shape).toEqual(eager[i]!.shape);
        expect(Array.from(t.data())).toEqual(Array.from(eager[i]!.data()));
      });
      // The identity chain's output is the input's values: [[1, -2, 3], …].
      expect(compiled[0]!.toArray()).toEqual(x.toArray());
    }
  });
});
