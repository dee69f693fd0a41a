/**
 * Helpers of the control-flow (lax) tests (comparisons, finite differences and tensor helpers
 * live in ../support).
 */
import { np, tree, type Tensor } from "../../src/index.js";

/** Stacks per-example results (pytrees of tensors) along a new leading axis. */
export function stackTrees(items: readonly unknown[]): unknown {
  if (items.length === 0) throw new Error("stackTrees: nothing to stack");
  return tree.map((...leaves) => np.stack(leaves as Tensor[]), items[0], ...items.slice(1));
}
