/**
 * Leaf paths of a pytree structure, as `tree.flatten` names them (`args[0].W1`, `out["a b"]`), so a
 * drawing names a graph's inputs and outputs the way errors and traceVjp's residuals do.
 */
import type { TreeDef } from "../tree/pytree.js";

/**
 * The path of each leaf of `def` under `root`, in leaf order.
 *
 * @example
 * ```ts
 * leafPaths(tree.structure([{ W1: 1, b: [2, 3] }, 4]), "args"); // ["args[0].W1", "args[0].b[0]", "args[0].b[1]", "args[1]"]
 * ```
 */
export function leafPaths(def: TreeDef, root: string): string[] {
  const out: string[] = [];
  // An explicit stack, as pytree.ts walks structures: they may nest deeper than the call stack.
  const stack: { node: TreeDef["node"]; path: string }[] = [{ node: def.node, path: root }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (node.kind === "leaf") out.push(path);
    else if (node.kind === "array" || node.kind === "object") {
      for (let i = node.children.length - 1; i >= 0; i--) {
        const key = node.kind === "object" ? node.keys[i]! : undefined;
        const sub = key === undefined ? `${path}[${i}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
        stack.push({ node: node.children[i]!, path: sub });
      }
    }
  }
  return out;
}
