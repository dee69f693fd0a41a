/**
 * Pytrees: nested JS arrays and plain objects whose leaves are tensors, numbers, booleans or typed
 * arrays. Object keys are sorted (so `{a, b}` and `{b, a}` share one structure); getters are never
 * invoked; cycles, class instances, Maps, functions and strings are `PyTreeError`s naming the path.
 */
import { ArgumentError, PyTreeError } from "../errors.js";
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

/** The structure of a pytree without its leaves. Compare with `equals`; `toString` is canonical. */
export class TreeDef {
  /** @internal */
  readonly node: Node;
  /** Number of leaves. */
  readonly numLeaves: number;

  /** @internal */
  constructor(node: Node) {
    this.node = node;
    this.numLeaves = countLeaves(node);
    Object.freeze(this);
  }

  /** True when both describe the same structure. */
  equals(other: TreeDef): boolean {
    return this.toString() === other.toString();
  }

  /** `PyTreeDef([*, {a: *, b: None}])`: equal for equal structures. */
  toString(): string {
    return `PyTreeDef(${nodeString(this.node)})`;
  }

  /** The structure of a flat list of `n` leaves. */
  static flatList(n: number): TreeDef {
    return new TreeDef(Object.freeze({ kind: "array", children: Object.freeze(Array.from({ length: n }, () => LEAF)) }));
  }

  /** The structure of a single leaf. */
  static leaf(): TreeDef {
    return new TreeDef(LEAF);
  }

  /** Top-level children structures (for an array or object node). */
  children(): TreeDef[] {
    const n = this.node;
    return n.kind === "array" || n.kind === "object" ? n.children.map((c) => new TreeDef(c)) : [];
  }
}

function countLeaves(n: Node): number {
  if (n.kind === "leaf") return 1;
  if (n.kind === "none") return 0;
  return n.children.reduce((s, c) => s + countLeaves(c), 0);
}

function nodeString(n: Node): string {
  switch (n.kind) {
    case "leaf":
      return "*";
    case "none":
      return "None";
    case "array":
      return `[${n.children.map(nodeString).join(", ")}]`;
    case "object":
      return `{${n.keys.map((k, i) => `${JSON.stringify(k)}: ${nodeString(n.children[i]!)}`).join(", ")}}`;
  }
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

function describe(x: unknown): string {
  if (typeof x === "function") return "a function";
  if (typeof x === "string") return `the string ${JSON.stringify(x.length > 20 ? x.slice(0, 20) + "…" : x)}`;
  if (typeof x === "bigint") return "a bigint";
  if (typeof x === "symbol") return "a symbol";
  if (x instanceof Map) return "a Map";
  if (x instanceof Set) return "a Set";
  if (x instanceof Date) return "a Date";
  if (x instanceof Promise) return "a Promise";
  if (ArrayBuffer.isView(x)) return `a ${x.constructor.name}`;
  if (typeof x === "object" && x !== null) return `an instance of ${x.constructor?.name ?? "a class"}`;
  return String(x);
}

/**
 * Splits a pytree into its leaves (depth first, object keys sorted) and its structure.
 * `root` names the tree in error messages (`args[0]`).
 *
 * @example
 * ```ts
 * const [leaves, def] = tree.flatten({ b: 2, a: [1, np.ones([2])] });
 * leaves.length; // 3 (a[0], a[1], b)
 * ```
 */
export function flatten(t: unknown, root = "tree", paths?: string[]): [Leaf[], TreeDef] {
  const leaves: Leaf[] = [];
  const onPath = new Set<object>();
  const walk = (x: unknown, path: string): Node => {
    if (isLeaf(x)) {
      leaves.push(x);
      paths?.push(path);
      return LEAF;
    }
    if (x === null || x === undefined) return NONE;
    if (typeof x !== "object") {
      throw new PyTreeError(`${path} is ${describe(x)}; pytree leaves must be tensors or numbers. Remove it or convert it.`);
    }
    if (onPath.has(x)) {
      throw new PyTreeError(`cycle detected at ${path}: a pytree must not contain itself. Pass an acyclic structure.`);
    }
    if (Array.isArray(x)) {
      onPath.add(x);
      // Read elements through descriptors: getters are never invoked, holes count as None.
      const children = Array.from({ length: x.length }, (_, i) => {
        const d = Object.getOwnPropertyDescriptor(x, i);
        if (d === undefined) return NONE;
        if (d.get !== undefined || d.set !== undefined) {
          throw new PyTreeError(`${path}[${i}] is a getter/setter; pytrees hold data properties only. Copy the value into a plain array.`);
        }
        return walk(d.value, `${path}[${i}]`);
      });
      onPath.delete(x);
      return Object.freeze({ kind: "array", children: Object.freeze(children) });
    }
    if (!isPlainObject(x)) {
      throw new PyTreeError(
        `${path} is ${describe(x)}; pytrees may only contain arrays, plain objects and tensors. ` +
          `Convert it to a plain object or array first.`,
      );
    }
    onPath.add(x);
    const descriptors = Object.getOwnPropertyDescriptors(x);
    const keys = Object.keys(descriptors)
      .filter((k) => descriptors[k]!.enumerable)
      .sort();
    const children = keys.map((k) => {
      const d = descriptors[k]!;
      const childPath = /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;
      if (d.get !== undefined || d.set !== undefined) {
        throw new PyTreeError(`${childPath} is a getter/setter; pytrees hold data properties only. Copy the value into a plain property.`);
      }
      return walk(d.value, childPath);
    });
    onPath.delete(x);
    return Object.freeze({ kind: "object", keys: Object.freeze(keys), children: Object.freeze(children) });
  };
  const node = walk(t, root);
  return [leaves, new TreeDef(node)];
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
  if (leaves.length !== def.numLeaves) {
    throw new PyTreeError(`unflatten: the structure ${def} has ${def.numLeaves} leaves but ${leaves.length} were given.`);
  }
  let next = 0;
  const build = (n: Node): unknown => {
    switch (n.kind) {
      case "leaf":
        return leaves[next++];
      case "none":
        return null;
      case "array":
        return n.children.map(build);
      case "object": {
        const out: Record<string, unknown> = {};
        // defineProperty keeps keys such as "__proto__" as own data properties.
        n.keys.forEach((k, i) =>
          Object.defineProperty(out, k, { value: build(n.children[i]!), enumerable: true, writable: true, configurable: true }),
        );
        return out;
      }
    }
  };
  return build(def.node);
}

/** The leaves of a pytree, in flatten's order. @example `tree.leaves({ b: 2, a: [1, 3] })` // [1, 3, 2] */
export function leaves(t: unknown): Leaf[] {
  return flatten(t)[0];
}

/** The structure of a pytree. @example `tree.structure({ a: 1, b: [2] }).toString()` // 'PyTreeDef({"a": *, "b": [*]})' */
export function structure(t: unknown): TreeDef {
  return flatten(t)[1];
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
  if (typeof f !== "function") throw new ArgumentError(`tree.map: the first argument must be a function; got ${typeof f}.`);
  const [ls, def] = flatten(t, "tree");
  const others = rest.map((r, i) => {
    const [rl, rdef] = flatten(r, `rest[${i}]`);
    if (!rdef.equals(def)) {
      throw new PyTreeError(`tree.map: rest[${i}] has structure ${rdef} but the first tree has ${def}. Pass trees of one structure.`);
    }
    return rl;
  });
  return unflatten(def, ls.map((l, j) => f(l, ...others.map((o) => o[j]!))));
}
