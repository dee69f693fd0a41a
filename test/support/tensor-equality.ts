/**
 * Deep equality of tensors for vitest's `toEqual`: same class, shape, dtype and elements (NaN
 * equal to NaN, −0 to +0 as `toEqual` treats numbers). Installed for every test file by
 * vitest.config.ts. Without it `toEqual` would walk tensors with their iterator (a tensor
 * iterates over its leading axis), one sub-tensor per element, and a 0-d tensor does not iterate.
 */
import { expect } from "vitest";
import { Tensor } from "../../src/tensor/tensor.js";

/** vitest equality tester: a verdict for two tensors, `undefined` (no opinion) otherwise. */
export function tensorEquality(a: unknown, b: unknown): boolean | undefined {
  const ta = a instanceof Tensor, tb = b instanceof Tensor;
  if (!ta && !tb) return undefined;
  if (!ta || !tb) return false;
  if (a === b) return true;
  if (a.constructor !== b.constructor || a.dtype !== b.dtype || a.shape.length !== b.shape.length) return false;
  if (a.shape.some((d, i) => d !== b.shape[i])) return false;
  if (a.buffer === undefined || b.buffer === undefined) return false; // distinct tracers
  const x = a.buffer, y = b.buffer;
  for (let i = 0; i < x.length; i++) {
    if (!(x[i] === y[i] || (Number.isNaN(x[i]) && Number.isNaN(y[i])))) return false;
  }
  return true;
}

expect.addEqualityTesters([tensorEquality]);
