/**
 * jit's view loops as WebAssembly SIMD (src/backend/wasm/view-loop.ts): elementwise chains that read
 * their operands through transposes, strided and reversed slices, broadcasts and pads (cropping
 * too) run as one vector loop, and give eager evaluation's bits — NaN, ±0 and ±∞ among the inputs,
 * float32 and float64, bool results, rows that are not a whole number of vectors, pads wider than
 * their operand. The reference is eager evaluation (the unfused kernels); the path taken is read
 * from the module's build counter, and the same programs are checked with the vector loops off.
 */
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hessian, jit, np, trace, type Tensor } from "../../../src/index.js";
import { describePlan } from "../../../src/backend/cpu/describe-plan.js";
import { setWasmFusionEnabled } from "../../../src/backend/wasm/fused-loop.js";
import { wasmViewLoopsBuilt } from "../../../src/backend/wasm/view-loop.js";
import * as ops from "../../../src/primitives/ops.js";
import { sameTensor } from "../../../laws/equal.js";
import { values } from "../special-values.js";

const tensor = (shape: number[], seed: number, dtype: "float32" | "float64"): Tensor =>
  np.array(values(shape.reduce((a, b) => a * b, 1), seed), { dtype }).reshape(shape);

/** jit(f) on xs, with the number of view loops built as WebAssembly while compiling it. */
function jitted(f: (...xs: Tensor[]) => Tensor | Tensor[], xs: readonly Tensor[]): { out: Tensor[]; built: number } {
  const before = wasmViewLoopsBuilt();
  const r = jit(f)(...xs);
  return { out: Array.isArray(r) ? r : [r], built: wasmViewLoopsBuilt() - before };
}

function expectEager(f: (...xs: Tensor[]) => Tensor | Tensor[], xs: readonly Tensor[], out: readonly Tensor[]): void {
  const e = f(...xs);
  const eager = Array.isArray(e) ? e : [e];
  out.forEach((t, k) => expect(sameTensor(t, eager[k]!), `output ${k}: jit ${Array.from(t.data()).slice(0, 6)} eager ${Array.from(eager[k]!.data()).slice(0, 6)}`).toBe(true));
}

/** Runs `thunk` with the WebAssembly loops off. */
function wasmOff<T>(thunk: () => T): T {
  const was = setWasmFusionEnabled(false);
  try {
    return thunk();
  } finally {
    setWasmFusionEnabled(was);
  }
}

describe("view loops as WebAssembly SIMD", () => {
  it("a transposed, reversed, strided and padded read into one loop gives eager's bits (float32 and float64)", () => {
    const f = (x: Tensor, y: Tensor, z: Tensor): Tensor =>
      ops.add(
        ops.mul(ops.transpose(x, [1, 0]), ops.rev(ops.slice(y, [0, 1], [14, 23], [2, 2]), [0, 1])),
        ops.pad(z, 0.5, [[3, -1, 0], [-2, 8, 0]]),
      );
    for (const dtype of ["float32", "float64"] as const) {
      const xs = [tensor([11, 7], 1, dtype), tensor([14, 23], 2, dtype), tensor([5, 5], 3, dtype)];
      expect(describePlan(trace(f as (...a: Tensor[]) => Tensor)(...xs)).split("\n")).toHaveLength(1);
      const { out, built } = jitted(f, xs);
      expect(built).toBe(1);
      expectEager(f, xs, out);
      expectEager(f, xs, wasmOff(() => jitted(f, xs).out));
    }
  });

  it("broadcasts along the inner and outer dims, a 0-d operand, bool results and a select", () => {
    const f = (x: Tensor, b: Tensor, c: Tensor, s: Tensor): Tensor[] => {
      const t = ops.sub(ops.broadcastInDim(b, [6, 9], [0]), ops.mul(ops.broadcastInDim(c, [6, 9], [1]), x));
      const m = ops.binaryOp("lt", t, ops.broadcastInDim(s, [6, 9], []));
      return [m, ops.select(m, t, ops.transpose(ops.pad(x, -1, [[0, 3, 0], [0, -3, 0]]), [1, 0]).reshape([6, 9]))];
    };
    for (const dtype of ["float32", "float64"] as const) {
      const xs = [tensor([6, 9], 4, dtype), tensor([6], 5, dtype), tensor([9], 6, dtype), np.array(0.5, { dtype })];
      const { out, built } = jitted(f, xs);
      expect(built).toBeGreaterThan(0);
      expectEager(f, xs, out);
    }
  });

  it("a movement chain copied out in one pass runs as a vector loop", () => {
    const f = (x: Tensor): Tensor => ops.rev(ops.transpose(ops.pad(x, 2, [[1, 2, 0], [-1, 3, 0]]), [1, 0]), [1]);
    for (const dtype of ["float32", "float64"] as const) {
      const xs = [tensor([9, 10], 7, dtype)];
      expect(describePlan(trace(f as (...a: Tensor[]) => Tensor)(...xs))).toMatch(/^fused\[pad, transpose, rev\]/);
      const { out, built } = jitted(f, xs);
      expect(built).toBe(1);
      expectEager(f, xs, out);
    }
  });

  it("declines an approximated op (the JS loop runs, bit for bit)", () => {
    const g = (x: Tensor): Tensor => ops.mul(np.sin(ops.transpose(x, [1, 0])), ops.transpose(x, [1, 0]));
    const xs = [tensor([8, 12], 8, "float32")];
    for (const h of [g]) {
      const { out, built } = jitted(h, xs);
      expect(built).toBe(0);
      expectEager(h, xs, out);
    }
  });

  it("W5's Hessian: every view loop is a vector loop, and the result is eager's and the closed form's", () => {
    const D = 100;
    const fn = (x: Tensor): Tensor => {
      const x2 = np.mul(x, x);
      return np.add(np.sum(np.mul(x2, x2)), np.sum(np.mul(x.slice([0, D - 1]), x.slice([1, D]))));
    };
    const xs = Array.from({ length: D }, (_, i) => Math.sin(1.7 * i));
    const x = np.array(xs, { dtype: "float32" });
    const h = hessian(fn) as (x: Tensor) => Tensor;
    const { out, built } = jitted(h, [x]);
    expect(built).toBeGreaterThanOrEqual(2);
    expectEager(h, [x], out);
    const H = out[0]!.data();
    for (let i = 0; i < D; i++) {
      for (let j = 0; j < D; j++) {
        const want = i === j ? 12 * Math.fround(xs[i]!) ** 2 : Math.abs(i - j) === 1 ? 1 : 0;
        expect(Math.abs(H[i * D + j]! - want)).toBeLessThan(1e-4);
      }
    }
  });

  it("random views of random shapes equal eager, bit for bit", () => {
    const shapeArb = fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 13 }));
    const padArb = fc.tuple(fc.integer({ min: -2, max: 4 }), fc.integer({ min: -2, max: 4 }));
    fc.assert(
      fc.property(shapeArb, padArb, padArb, fc.boolean(), fc.boolean(), fc.constantFrom("float32" as const, "float64" as const), fc.integer({ min: 1, max: 1000 }),
        ([r, c], [a0, b0], [a1, b1], transpose, reverse, dtype, seed) => {
          // x padded (and cropped) to [r', c'], maybe transposed and reversed; y of the result's shape.
          const rp = r + a0 + b0, cp = c + a1 + b1;
          fc.pre(rp > 0 && cp > 0);
          const f = (x: Tensor, y: Tensor): Tensor => {
            let v = ops.pad(x, 1.5, [[a0, b0, 0], [a1, b1, 0]]);
            if (transpose) v = ops.transpose(v, [1, 0]);
            if (reverse) v = ops.rev(v, [0, 1]);
            return ops.mul(ops.add(v, y), y);
          };
          const outShape = transpose ? [cp, rp] : [rp, cp];
          const xs = [tensor([r, c], seed, dtype), tensor(outShape, seed + 1, dtype)];
          expectEager(f, xs, jitted(f, xs).out);
        }),
      { numRuns: 60, seed: Number(process.env.FC_SEED ?? 42) },
    );
  });
});
