/**
 * Reading and making tensors in tests: plain numbers out of a tensor, and float64 / int32
 * tensors from plain numbers.
 */
import { np, type Tensor } from "../../src/index.js";

/** Casts an `unknown` result (of a transform, say) to a tensor. */
export const T = (x: unknown): Tensor => x as Tensor;

/** The elements of a tensor (row-major) as JS numbers (booleans become 0/1). */
export const vals = (t: unknown): number[] => Array.from(T(t).data() as ArrayLike<number>, Number);

/** A float64 tensor of `shape` from flat data (a shape with a zero dimension needs no data). */
export function f64(data: readonly number[], shape: readonly number[] = [data.length]): Tensor {
  if (shape.includes(0)) return np.zeros([...shape], "float64");
  return np.reshape(np.array([...data], { dtype: "float64" }), [...shape]);
}

/** A float64 scalar. */
export const s64 = (v: number): Tensor => np.array(v, { dtype: "float64" });

/** An int32 scalar. */
export const i32 = (v: number): Tensor => np.array(v, { dtype: "int32" });
