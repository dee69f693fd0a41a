/** The `tree` namespace: pytree utilities. */
export { flatten, unflatten, map, leaves, structure, TreeDef } from "./pytree.js";
