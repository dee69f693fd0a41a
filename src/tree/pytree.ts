/**
 * Pytrees: nested JS arrays and plain objects whose leaves are tensors, numbers, booleans or typed
 * arrays. Object keys are sorted (so `{a, b}` and `{b, a}` share one structure); getters are never
 * invoked; cycles, class instances, Maps, functions and strings are `PyTreeError`s naming the path.
 */
import { ArgumentError, PyTreeError, ResourceError, describeValue } from "../errors.js";
import { MAX_ELEMENTS } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";

/** A pytree leaf. */
export type Leaf = Tensor | number | boolean | Float32Array | Float64Array | Int32Array;

type Node =
  | { readonly kind: "leaf" }
  | { readonly kind: "none" }
  | { readonly kind: "array"; readonly children: readonly Node[] }
  | { readonly kind: "object"; readonly keys: readonly string[]; readonly children: readonly Node[] };

const LEAF: Node = Object.freeze({ kind: "leaf" });
const NONE: Node = Object.freeze({ kind: "none" });

/** `toString` of each TreeDef, computed once: jit keys and `equals` ask for it on every call. */
const canonical = new WeakMap<TreeDef, string>();

/**
 * The key that lets this module, and only it, construct TreeDefs: a TreeDef always describes a
 * structure that `flatten` produced, never a node object a caller made up.
 */
const MAKE: unique symbol = Symbol("TreeDef");

/**
 * The structure of a pytree without its leaves. Compare with `equals`; `toString` is canonical.
 * As JAX's PyTreeDef, it is not built by hand: get one from `tree.structure(x)` or
 * `tree.flatten(x)`. The class is exported for `instanceof` and its type.
 */
export class TreeDef {
  /** @internal */
  readonly node: Node;
  /** Number of leaves. */
  readonly numLeaves: number;

  /** @internal Use `tree.structure(x)`; the constructor refuses every other caller. */
  constructor(token: symbol, node: Node) {
    if (token !== MAKE) {
      throw new ArgumentError("TreeDef: a TreeDef cannot be constructed directly; get one from tree.structure(x) or tree.flatten(x).");
    }
    this.node = node;
    this.numLeaves = countLeaves(node);
    Object.freeze(this);
  }

  /** True when both describe the same structure (false when `other` is not a TreeDef, as JAX's `==`). */
  equals(other: TreeDef): boolean {
    return this === other || (other instanceof TreeDef && this.toString() === other.toString());
  }

  /** `PyTreeDef([*, {a: *, b: None}])`: equal for equal structures. */
  toString(): string {
    let s = canonical.get(this);
    if (s === undefined) {
      s = `PyTreeDef(${nodeString(this.node)})`;
      canonical.set(this, s);
    }
    return s;
  }

  /** The structure of a flat list of `n` leaves. @example `TreeDef.flatList(2).toString()` // "PyTreeDef([*, *])" */
  static flatList(n: number): TreeDef {
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
      throw new ArgumentError(`TreeDef.flatList: n must be a non-negative integer (the number of leaves); got ${describeValue(n)}.`);
    }
    if (n > MAX_ELEMENTS) throw new ResourceError(`TreeDef.flatList: ${n} leaves is more than the limit of ${MAX_ELEMENTS}.`);
    // A short list's TreeDef is shared: take it without building the node (jit asks on every call).
    const known = n <= SHARED_FLAT_LISTS ? shared.flatLists[n] : undefined;
    if (known !== undefined) return known;
    return treeDefOf(Object.freeze({ kind: "array", children: Object.freeze(Array.from({ length: n }, () => LEAF)) }));
  }

  /** The structure of a single leaf. */
  static leaf(): TreeDef {
    return treeDefOf(LEAF);
  }

  /** Top-level children structures (for an array or object node). */
  children(): TreeDef[] {
    const n = this.node;
    return n.kind === "array" || n.kind === "object" ? n.children.map((c) => new TreeDef(MAKE, c)) : [];
  }
}

// Every walk over a structure below is a loop with an explicit stack, not a recursion: a pytree
// may be nested far deeper (10,000 levels and more) than the JS call stack allows.

function countLeaves(root: Node): number {
  let count = 0;
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.kind === "leaf") count++;
    else if (n.kind !== "none") for (const c of n.children) stack.push(c);
  }
  return count;
}

function nodeString(root: Node): string {
  const parts: string[] = [];
  // Work items: a node still to print, or text to emit. Pushed in reverse so they pop in order.
  const stack: (Node | string)[] = [root];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === "string") {
      parts.push(item);
      continue;
    }
    switch (item.kind) {
      case "leaf":
        parts.push("*");
        break;
      case "none":
        parts.push("None");
        break;
      case "array":
      case "object": {
        const close = item.kind === "array" ? "]" : "}";
        parts.push(item.kind === "array" ? "[" : "{");
        stack.push(close);
        for (let i = item.children.length - 1; i >= 0; i--) {
          stack.push(item.children[i]!);
          if (item.kind === "object") stack.push(`${JSON.stringify(item.keys[i]!)}: `);
          if (i > 0) stack.push(", ");
        }
        break;
      }
    }
  }
  return parts.join("");
}

/** True for values that are pytree leaves. */
export function isLeaf(x: unknown): x is Leaf {
  return (
    x instanceof Tensor ||
    typeof x === "number" ||
    typeof x === "boolean" ||
    x instanceof Float32Array ||
    x instanceof Float64Array ||
    x instanceof Int32Array
  );
}

function isPlainObject(x: object): boolean {
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * Attaches a no-op rejection handler to a Promise (or thenable) found inside a pytree before the
 * error about it is thrown: nobody else will ever see that Promise, and an unhandled rejection
 * would end a Node process although the user caught the error.
 */
function silenceRejection(x: object): void {
  try {
    const then = (x as { then?: unknown }).then;
    if (typeof then === "function") then.call(x, undefined, () => {});
  } catch {
    // A throwing `then` getter leaves nothing pending.
  }
}

/** A container being flattened: its children so far and the index of the next one. */
interface Frame {
  readonly value: object;
  readonly path: string;
  /** Sorted enumerable keys of an object; undefined for an array. */
  readonly keys: string[] | undefined;
  readonly descriptors: Record<string, PropertyDescriptor> | undefined;
  readonly children: Node[];
  next: number;
}

/**
 * Splits a pytree into its leaves (depth first, object keys sorted) and its structure.
 * `root` names the tree in error messages (`args[0]`), and `where`, when given, the function the
 * user called (`tree.map: tree.a is a Map…`); `paths` collects each leaf's path.
 *
 * @example
 * ```ts
 * const [leaves, def] = tree.flatten({ b: 2, a: [1, np.ones([2])] });
 * leaves.length; // 3 (a[0], a[1], b)
 * ```
 */
export function flatten(t: unknown, root = "tree", paths?: string[], where?: string): [Leaf[], TreeDef] {
  const at = where === undefined ? "" : `${where}: `;
  const leaves: Leaf[] = [];
  // The containers on the path from the root to the current one (a cycle returns to one of them).
  const onPath = new Set<object>();
  const stack: Frame[] = [];
  /** A finished node for a leaf or None; for a container, a new frame on the stack. */
  const enter = (x: unknown, path: string): Node | undefined => {
    if (isLeaf(x)) {
      leaves.push(x);
      paths?.push(path);
      return LEAF;
    }
    if (x === null || x === undefined) return NONE;
    if (typeof x !== "object") {
      throw new PyTreeError(`${at}${path} is ${describeValue(x)}; pytree leaves must be tensors or numbers. Remove it or convert it.`);
    }
    if (onPath.has(x)) {
      // RELIABILITY.md's form starts with the path (`cycle detected at args[0].self`); the function follows it.
      const inWhere = where === undefined ? "" : ` (in ${where})`;
      throw new PyTreeError(`cycle detected at ${path}${inWhere}: a pytree must not contain itself. Pass an acyclic structure.`);
    }
    if (Array.isArray(x)) {
      onPath.add(x);
      stack.push({ value: x, path, keys: undefined, descriptors: undefined, children: [], next: 0 });
      return undefined;
    }
    if (!isPlainObject(x)) {
      silenceRejection(x);
      throw new PyTreeError(
        `${at}${path} is ${describeValue(x)}; pytrees may only contain arrays, plain objects and tensors. ` +
          `Convert it to a plain object or array first.`,
      );
    }
    onPath.add(x);
    // Descriptors, so getters are never invoked.
    const descriptors = Object.getOwnPropertyDescriptors(x);
    const keys = Object.keys(descriptors)
      .filter((k) => descriptors[k]!.enumerable)
      .sort();
    stack.push({ value: x, path, keys, descriptors, children: [], next: 0 });
    return undefined;
  };
  let done = enter(t, root);
  while (done === undefined) {
    const top = stack[stack.length - 1]!;
    const size = top.keys === undefined ? (top.value as unknown[]).length : top.keys.length;
    if (top.next === size) {
      stack.pop();
      onPath.delete(top.value);
      const children = Object.freeze(top.children);
      const node: Node =
        top.keys === undefined
          ? Object.freeze({ kind: "array", children })
          : Object.freeze({ kind: "object", keys: Object.freeze(top.keys), children });
      if (stack.length === 0) done = node;
      else stack[stack.length - 1]!.children.push(node);
      continue;
    }
    const i = top.next++;
    let child: Node | undefined;
    if (top.keys === undefined) {
      // Array elements are read through descriptors too: holes count as None.
      const d = Object.getOwnPropertyDescriptor(top.value, i);
      if (d === undefined) child = NONE;
      else if (d.get !== undefined || d.set !== undefined) {
        throw new PyTreeError(`${at}${top.path}[${i}] is a getter/setter; pytrees hold data properties only. Copy the value into a plain array.`);
      } else child = enter(d.value, `${top.path}[${i}]`);
    } else {
      const k = top.keys[i]!;
      const d = top.descriptors![k]!;
      const childPath = /^[A-Za-z_$][\w$]*$/.test(k) ? `${top.path}.${k}` : `${top.path}[${JSON.stringify(k)}]`;
      if (d.get !== undefined || d.set !== undefined) {
        throw new PyTreeError(`${at}${childPath} is a getter/setter; pytrees hold data properties only. Copy the value into a plain property.`);
      }
      child = enter(d.value, childPath);
    }
    if (child !== undefined) top.children.push(child);
  }
  return [leaves, treeDefOf(done)];
}

/** How many leaves a flat list may have and still share one TreeDef (see `treeDefOf`). */
const SHARED_FLAT_LISTS = 16;
/** The shared TreeDefs, made on first use. */
const shared: { leaf?: TreeDef; readonly flatLists: TreeDef[] } = { flatLists: [] };

/**
 * The TreeDef of a finished structure. The commonest ones — a single leaf, a short flat list of
 * leaves (a function's positional tensors) — are shared, so their canonical string is computed
 * once for the process rather than once per call (jit keys its cache with it on every call).
 */
function treeDefOf(node: Node): TreeDef {
  if (node === LEAF) return (shared.leaf ??= new TreeDef(MAKE, LEAF));
  if (node.kind === "array" && node.children.length <= SHARED_FLAT_LISTS && node.children.every((c) => c === LEAF)) {
    const n = node.children.length;
    return (shared.flatLists[n] ??= new TreeDef(MAKE, node));
  }
  return new TreeDef(MAKE, node);
}

/**
 * Rebuilds a pytree of structure `def` from `leaves` (in flatten's order).
 *
 * @example
 * ```ts
 * const [leaves, def] = tree.flatten({ w: 1, b: 2 });
 * tree.unflatten(def, leaves.map((x) => x * 10)); // { b: 20, w: 10 }
 * ```
 */
export function unflatten<L>(def: TreeDef, leaves: readonly L[]): unknown {
  if (!(def instanceof TreeDef)) {
    throw new ArgumentError(`tree.unflatten: args[0] is ${describeValue(def)}, not a TreeDef; pass the structure from tree.flatten(x) or tree.structure(x).`);
  }
  if (!Array.isArray(leaves)) {
    throw new ArgumentError(`tree.unflatten: args[1] (the leaves) is ${describeValue(leaves)}; pass an array with one value per leaf of the structure.`);
  }
  if (leaves.length !== def.numLeaves) {
    throw new PyTreeError(`tree.unflatten: the structure ${def} has ${def.numLeaves} leaves but ${leaves.length} were given.`);
  }
  // A single leaf (jit's commonest result) needs no walk.
  if (def.node.kind === "leaf") return leaves[0];
  let next = 0;
  // Containers being filled: each with the index of its next child.
  const stack: { readonly node: Node & { children: readonly Node[] }; readonly out: unknown[] | Record<string, unknown>; index: number }[] = [];
  /** The value of a leaf or None node; for a container, an empty one whose frame is pushed. */
  const enter = (n: Node): unknown => {
    switch (n.kind) {
      case "leaf":
        return leaves[next++];
      case "none":
        return null;
      case "array":
      case "object": {
        const out = n.kind === "array" ? [] : {};
        stack.push({ node: n, out, index: 0 });
        return out;
      }
    }
  };
  const result = enter(def.node);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const { node, out } = top;
    if (top.index === node.children.length) {
      stack.pop();
      continue;
    }
    const i = top.index++;
    const value = enter(node.children[i]!);
    if (node.kind === "array") (out as unknown[]).push(value);
    else {
      // defineProperty keeps keys such as "__proto__" as own data properties.
      const key = (node as { keys: readonly string[] }).keys[i]!;
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  return result;
}

/** The leaves of a pytree, in flatten's order. @example `tree.leaves({ b: 2, a: [1, 3] })` // [1, 3, 2] */
export function leaves(t: unknown): Leaf[] {
  return flatten(t, "tree", undefined, "tree.leaves")[0];
}

/** The structure of a pytree. @example `tree.structure({ a: 1, b: [2] }).toString()` // 'PyTreeDef({"a": *, "b": [*]})' */
export function structure(t: unknown): TreeDef {
  return flatten(t, "tree", undefined, "tree.structure")[1];
}

/**
 * Applies `f` leaf by leaf to one or more pytrees of the same structure.
 *
 * @example
 * ```ts
 * tree.map((a, b) => np.add(a, b), { w: w1 }, { w: w2 }); // { w: w1 + w2 }
 * ```
 */
export function map(f: (...xs: Leaf[]) => unknown, t: unknown, ...rest: unknown[]): unknown {
  if (typeof f !== "function") throw new ArgumentError(`tree.map: the first argument must be a function; got ${describeValue(f)}.`);
  const [ls, def] = flatten(t, "tree", undefined, "tree.map");
  const others = rest.map((r, i) => {
    const [rl, rdef] = flatten(r, `rest[${i}]`, undefined, "tree.map");
    if (!rdef.equals(def)) {
      throw new PyTreeError(`tree.map: rest[${i}] has structure ${rdef} but the first tree has ${def}. Pass trees of one structure.`);
    }
    return rl;
  });
  return unflatten(def, ls.map((l, j) => f(l, ...others.map((o) => o[j]!))));
}
