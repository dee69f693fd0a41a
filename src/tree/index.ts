/**
 * The `tree` namespace: pytree utilities.
 *
 * @module
 */
import { type Leaf, type TreeDef, flatten as flattenAt } from "./pytree.js";

export { unflatten, map, leaves, structure, TreeDef } from "./pytree.js";

/**
 * Splits a pytree into its leaves (depth first, object keys sorted, as JAX) and its structure.
 * An error names the bad node by its path from `tree` (`tree.a[1] is a Map`).
 *
 * @example
 * ```ts
 * const [leaves, def] = tree.flatten({ b: 2, a: [1, np.ones([2])] });
 * leaves.length; // 3
 * ```
 */
export function flatten(t: unknown): [Leaf[], TreeDef] {
  return flattenAt(t, "tree", undefined, "tree.flatten");
}
