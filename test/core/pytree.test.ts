/**
 * Pytrees: flatten/unflatten/map/leaves/structure; sorted keys so `{a, b}` and `{b, a}` share a
 * structure; `TreeDef.equals` and `toString` agree; the safety rules of RELIABILITY.md
 * (`__proto__`/`constructor`/`prototype` kept as own data, `Object.prototype` untouched,
 * null-prototype objects plain, getters never invoked, exotic objects rejected with their path).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PyTreeError, Tensor, TreeDef, np, tree } from "../../src/index.js";
import { thrown } from "../support/index.js";

// Object.prototype must come out of this file exactly as it went in.
let protoNamesBefore: string[] = [];
let protoSymbolsBefore: symbol[] = [];
beforeAll(() => {
  protoNamesBefore = Object.getOwnPropertyNames(Object.prototype).sort();
  protoSymbolsBefore = Object.getOwnPropertySymbols(Object.prototype);
});
afterAll(() => {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoNamesBefore);
  expect(Object.getOwnPropertySymbols(Object.prototype)).toEqual(protoSymbolsBefore);
});

describe("flatten / unflatten / leaves / structure", () => {
  it("flattens depth first with object keys sorted", () => {
    const x = np.ones([2]);
    const [leaves, def] = tree.flatten({ b: 2, a: [1, x], c: { z: 3, y: [4] } });
    expect(leaves).toEqual([1, x, 2, 4, 3]);
    expect(leaves[1]).toBe(x);
    expect(def.numLeaves).toBe(5);
    expect(def.toString()).toBe('PyTreeDef({"a": [*, *], "b": *, "c": {"y": [*], "z": *}})');
  });

  it("unflatten inverts flatten, rebuilding objects with sorted keys", () => {
    const t = { w: [1, 2], b: { s: 3 }, n: null };
    const [leaves, def] = tree.flatten(t);
    const back = tree.unflatten(def, leaves) as typeof t;
    expect(back).toEqual({ b: { s: 3 }, n: null, w: [1, 2] });
    expect(Object.keys(back)).toEqual(["b", "n", "w"]);
    expect(back).not.toBe(t);
    expect(back.w).not.toBe(t.w);
    expect(tree.unflatten(def, leaves.map((l) => (l as number) * 10))).toEqual({ b: { s: 30 }, n: null, w: [10, 20] });
  });

  it("treats tensors, numbers, booleans and typed arrays as leaves", () => {
    const x = np.zeros([3]);
    const f = new Float32Array(2);
    const i = new Int32Array(1);
    const d = new Float64Array(1);
    expect(tree.leaves([x, 1, true, f, i, d])).toEqual([x, 1, true, f, i, d]);
    expect(tree.structure(x).toString()).toBe("PyTreeDef(*)");
    expect(tree.structure(5).equals(tree.structure(x))).toBe(true);
  });

  it("null and undefined are empty subtrees (None) and come back as null", () => {
    const [leaves, def] = tree.flatten([1, null, { u: undefined }]);
    expect(leaves).toEqual([1]);
    expect(def.toString()).toBe('PyTreeDef([*, None, {"u": None}])');
    expect(tree.unflatten(def, [7])).toEqual([7, null, { u: null }]);
  });

  it("empty containers are kept", () => {
    expect(tree.structure({ a: [], b: {} }).toString()).toBe('PyTreeDef({"a": [], "b": {}})');
    expect(tree.unflatten(tree.structure({ a: [], b: {} }), [])).toEqual({ a: [], b: {} });
  });

  it("a hole in a sparse array is None, like undefined", () => {
    // eslint-disable-next-line no-sparse-arrays
    const sparse = [1, , 3];
    expect(tree.structure(sparse).toString()).toBe(tree.structure([1, null, 3]).toString());
    expect(tree.unflatten(tree.structure(sparse), [1, 3])).toEqual([1, null, 3]);
  });

  it("ignores symbol keys and non-enumerable properties, and extra array properties", () => {
    const o: Record<string | symbol, unknown> = { a: 1, [Symbol("s")]: 2 };
    Object.defineProperty(o, "hidden", { value: 3, enumerable: false });
    expect(tree.leaves(o)).toEqual([1]);
    const arr = Object.assign([1, 2], { extra: 3 });
    expect(tree.leaves(arr)).toEqual([1, 2]);
  });

  it("unflatten rejects the wrong number of leaves", () => {
    const e = thrown(() => tree.unflatten(tree.structure({ a: 1, b: [2, 3] }), [1, 2]));
    expect(e).toBeInstanceOf(PyTreeError);
    expect(e.message).toContain("3 leaves but 2 were given");
  });
});

describe("TreeDef equality and printing", () => {
  it("{a, b} and {b, a} share one structure", () => {
    const s1 = tree.structure({ a: 1, b: [2, 3] });
    const s2 = tree.structure({ b: [np.ones([2]), 5], a: np.zeros([]) });
    expect(s1.equals(s2)).toBe(true);
    expect(s1.toString()).toBe(s2.toString());
  });

  it("equals and toString agree on a family of structures", () => {
    const trees: unknown[] = [
      1,
      [1],
      [1, 2],
      [[1], 2],
      [1, [2]],
      { a: 1 },
      { b: 1 },
      { a: 1, b: 2 },
      { b: 2, a: 1 },
      { a: [1, 2] },
      { a: [1, null] },
      { a: null },
      null,
      [],
      {},
      { "a\", \"b": 1 }, // a key that could imitate two keys if not quoted
      { a: 1, b: 1 },
      { "": 1 },
    ];
    const defs = trees.map((t) => tree.structure(t));
    for (const [i, x] of defs.entries()) {
      for (const [j, y] of defs.entries()) {
        expect(x.equals(y), `${i} vs ${j}`).toBe(x.toString() === y.toString());
        expect(x.equals(y)).toBe(y.equals(x));
      }
    }
    const distinct = new Set(defs.map(String));
    // {a,b}, {b,a} and {a:1,b:1} coincide; everything else differs.
    expect(distinct.size).toBe(trees.length - 2);
    expect(defs[15]!.equals(defs[7]!)).toBe(false);
  });

  it("TreeDef instances are frozen", () => {
    const d = tree.structure({ a: [1, 2] });
    expect(d).toBeInstanceOf(TreeDef);
    expect(Object.isFrozen(d)).toBe(true);
  });
});

describe("tree.map", () => {
  it("maps one tree leaf by leaf, keeping its structure", () => {
    const out = tree.map((x) => (x as number) * 2, { b: [1, 2], a: 3, n: null });
    expect(out).toEqual({ a: 6, b: [2, 4], n: null });
  });

  it("maps two trees together (with keys in different orders)", () => {
    const w1 = { w: np.array([1, 2]), b: np.array(3) };
    const w2 = { b: np.array(10), w: np.array([20, 30]) };
    const out = tree.map((a, b) => np.add(a, b), w1, w2) as { w: Tensor; b: Tensor };
    expect(out.w.toArray()).toEqual([21, 32]);
    expect(out.b.toArray()).toBe(13);
  });

  it("rejects trees of another structure, naming both", () => {
    const e = thrown(() => tree.map((a) => a, { a: 1, b: [2] }, { a: 1, b: [2, 3] }));
    expect(e).toBeInstanceOf(PyTreeError);
    expect(e.message).toContain("tree.map");
    expect(e.message).toContain("rest[0]");
    expect(e.message).toContain('PyTreeDef({"a": *, "b": [*, *]})');
    expect(e.message).toContain('PyTreeDef({"a": *, "b": [*]})');
  });

  it("does not modify its inputs", () => {
    const t = { a: [1, 2], b: { c: 3 } };
    const copy = JSON.parse(JSON.stringify(t)) as typeof t;
    tree.map((x) => (x as number) + 1, t);
    expect(t).toEqual(copy);
  });
});

describe("safety", () => {
  it("keeps __proto__, constructor and prototype as own data properties", () => {
    const src = JSON.parse('{"__proto__": 1, "constructor": 2, "prototype": 3, "a": 4}') as Record<string, number>;
    const [leaves, def] = tree.flatten(src);
    expect(def.toString()).toBe('PyTreeDef({"__proto__": *, "a": *, "constructor": *, "prototype": *})');
    expect(leaves).toEqual([1, 4, 2, 3]);
    const out = tree.unflatten(def, [10, 40, 20, 30]) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    for (const [k, v] of [["__proto__", 10], ["constructor", 20], ["prototype", 30], ["a", 40]] as const) {
      const d = Object.getOwnPropertyDescriptor(out, k);
      expect(d, k).toBeDefined();
      expect(d!.value).toBe(v);
      expect(d!.enumerable).toBe(true);
    }
    expect(Object.keys(out)).toEqual(["__proto__", "a", "constructor", "prototype"]);
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
  });

  it("a __proto__ subtree cannot pollute Object.prototype through map or unflatten", () => {
    const src = JSON.parse('{"__proto__": {"polluted": 1}, "x": 2}') as unknown;
    const out = tree.map((v) => v, src) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, "__proto__")!.value).toEqual({ polluted: 1 });
    expect((out as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it("null-prototype objects are plain nodes", () => {
    const o = Object.create(null) as Record<string, unknown>;
    o.b = 2;
    o.a = [1];
    const [leaves, def] = tree.flatten(o);
    expect(leaves).toEqual([1, 2]);
    expect(def.equals(tree.structure({ a: [0], b: 0 }))).toBe(true);
  });

  it("does not invoke getters on objects: an accessor is an error naming the path", () => {
    let calls = 0;
    const o = { a: 1 };
    Object.defineProperty(o, "g", {
      enumerable: true,
      get() {
        calls++;
        throw new Error("getter ran");
      },
    });
    const e = thrown(() => tree.flatten({ outer: o }));
    expect(e).toBeInstanceOf(PyTreeError);
    expect(e.message).toContain("tree.outer.g");
    expect(e.message).toContain("getter");
    expect(calls).toBe(0);
  });

  it("does not invoke getters on array elements", () => {
    let calls = 0;
    const arr: unknown[] = [1, 2];
    Object.defineProperty(arr, 0, {
      enumerable: true,
      get() {
        calls++;
        return 5;
      },
    });
    try {
      tree.flatten(arr);
    } catch (e) {
      expect(e).toBeInstanceOf(PyTreeError);
    }
    expect(calls).toBe(0);
  });

  it("ignores non-enumerable getters without calling them", () => {
    let calls = 0;
    const o = { a: 1 };
    Object.defineProperty(o, "lazy", {
      enumerable: false,
      get() {
        calls++;
        return 1;
      },
    });
    expect(tree.leaves(o)).toEqual([1]);
    expect(calls).toBe(0);
  });

  class Params {
    w = 1;
  }

  it.each([
    ["a Map", { a: [1, new Map()] }, "tree.a[1]", "a Map"],
    ["a Set", { s: new Set([1]) }, "tree.s", "a Set"],
    ["a Date", [new Date(0)], "tree[0]", "a Date"],
    ["a class instance", { model: { p: new Params() } }, "tree.model.p", "Params"],
    ["a function", { f: () => 1 }, "tree.f", "a function"],
    ["a string", { name: "w" }, "tree.name", 'the string "w"'],
    ["a Promise", [Promise.resolve(1)], "tree[0]", "a Promise"],
    ["a RegExp", { r: /x/ }, "tree.r", "RegExp"],
    ["a Uint8Array", { u: new Uint8Array(2) }, "tree.u", "Uint8Array"],
    ["a bigint", { n: 1n }, "tree.n", "a bigint"],
    ["a key that needs quoting", { "my key": new Set() }, 'tree["my key"]', "a Set"],
  ])("rejects %s with its path", (_what, t, path, desc) => {
    const e = thrown(() => tree.flatten(t));
    expect(e).toBeInstanceOf(PyTreeError);
    expect(e.message.startsWith(`tree.flatten: ${path} is `)).toBe(true);
    expect(e.message).toContain(desc);
  });

  it("reports cycles with their path instead of overflowing the stack", () => {
    const o: Record<string, unknown> = { x: 1 };
    o.self = o;
    const e = thrown(() => tree.leaves({ root: o }));
    expect(e).toBeInstanceOf(PyTreeError);
    expect(e.message).toMatch(/^cycle detected at tree\.root\.self \(in tree\.leaves\)/);
    const a: unknown[] = [];
    a.push({ back: a });
    expect(thrown(() => tree.structure(a)).message).toMatch(/^cycle detected at tree\[0\]\.back \(in tree\.structure\)/);
  });

  it("Tensor leaves are not walked into", () => {
    const x = np.ones([2, 2]);
    const [leaves, def] = tree.flatten({ x });
    expect(leaves).toEqual([x]);
    expect(leaves[0]).toBeInstanceOf(Tensor);
    expect(def.numLeaves).toBe(1);
  });
});
