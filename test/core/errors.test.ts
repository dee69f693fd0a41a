/**
 * Every bad input of shared/RELIABILITY.md that exists at this stage (no grad/vmap/control flow
 * yet) raises its `FluxionError` subclass with a message that says what was wrong, where (op,
 * argument path, dimension) and what to do instead. A final sweep checks that nothing escapes as a
 * bare TypeError/RangeError — including hostile JS values that TypeScript would reject.
 */
import { describe, expect, it } from "vitest";
import {
  ArgumentError,
  DTypeError,
  FluxionError,
  PyTreeError,
  ResourceError,
  ShapeError,
  type Tensor,
  evaluate,
  jit,
  np,
  random,
  trace,
  tree,
} from "../../src/index.js";
import { bad, thrown } from "../support/index.js";


class Point {
  constructor(
    readonly x = 1,
    readonly y = 2,
  ) {}
}

type ErrorClass = abstract new (...args: never[]) => FluxionError;

interface Case {
  /** What the user did wrong. */
  name: string;
  run: () => unknown;
  cls: ErrorClass;
  /** Fragments the message must contain (what, where, fix). */
  says: readonly (string | RegExp)[];
  /** Fragments it must not contain (a misleading diagnosis). */
  never?: readonly (string | RegExp)[];
}

const cyclic = (): Record<string, unknown> => {
  const o: Record<string, unknown> = { a: 1 };
  o.self = o;
  return o;
};

const cases: Case[] = [
  // ---- broadcasting -------------------------------------------------------------------------
  {
    name: "add of [2,3] and [4]",
    run: () => np.add(np.ones([2, 3]), np.ones([4])),
    cls: ShapeError,
    says: ["add: incompatible shapes for broadcasting: [2,3] and [4] (args[0], args[1])", /equal or 1/],
  },
  {
    name: "method mul of [2,3] and [2]",
    run: () => np.ones([2, 3]).mul(np.ones([2])),
    cls: ShapeError,
    says: ["mul: incompatible shapes for broadcasting: [2,3] and [2]", "args[0], args[1]"],
  },
  {
    name: "broadcast mismatch while tracing",
    run: () => trace((x: Tensor, y: Tensor) => np.sub(x, y))(np.ones([3, 1, 5]), np.ones([4, 6])),
    cls: ShapeError,
    says: ["sub: incompatible shapes for broadcasting: [3,1,5] and [4,6]"],
  },
  {
    name: "np.broadcastTo to an incompatible shape",
    run: () => np.broadcastTo(np.ones([3]), [2]),
    cls: ShapeError,
    says: ["np.broadcastTo", "[3]", "[2]"],
  },
  // ---- contraction --------------------------------------------------------------------------
  {
    name: "matmul [2,3] @ [4,5]",
    run: () => np.matmul(np.ones([2, 3]), np.ones([4, 5])),
    cls: ShapeError,
    says: ["np.matmul", "contraction", "[2,3]", "[4,5]", "axis 1", "size 3", "axis 0", "size 4", /[Tt]ranspose/],
  },
  {
    name: "batched matmul contraction",
    run: () => np.ones([2, 2, 3]).matmul(np.ones([3, 2, 5])),
    cls: ShapeError,
    says: ["[2,2,3]", "axis 2", "[3,2,5]", "axis 1"],
  },
  {
    name: "dot [2,3] · [2]",
    run: () => np.dot(np.ones([2, 3]), np.ones([2])),
    cls: ShapeError,
    says: ["np.dot", "[2,3]", "axis 1", "[2]", "axis 0", "size 3", "size 2"],
  },
  {
    name: "matmul of a scalar",
    run: () => np.matmul(2, np.ones([3])),
    cls: ShapeError,
    says: ["np.matmul", "at least 1-D", "np.mul"],
  },
  // ---- reshape and shape literals -----------------------------------------------------------
  {
    name: "reshape [2,3] to [4,2]",
    run: () => np.reshape(np.ones([2, 3]), [4, 2]),
    cls: ShapeError,
    says: ["[2,3]", "6 elements", "[4,2]", "8 elements"],
  },
  {
    name: "reshape with an uninferable -1",
    run: () => np.ones([5]).reshape([2, -1]),
    cls: ShapeError,
    says: ["infer dimension 1", "[5]", "5 elements", "[2,-1]"],
  },
  {
    name: "reshape with two -1",
    run: () => np.reshape(np.ones([4]), [-1, -1]),
    cls: ShapeError,
    says: ["dimension 1", "[-1,-1]", "at most one -1"],
  },
  {
    name: "reshape to a 2.5 dimension",
    run: () => np.reshape(np.ones([5]), [2, 2.5]),
    cls: ShapeError,
    says: ["np.reshape", "dimension 1", "2.5", "non-negative integers"],
  },
  {
    name: "shape literal -2",
    run: () => np.full([2, -2], 0),
    cls: ShapeError,
    says: ["np.full", "dimension 1", "[2,-2]", "is -2", "non-negative integers"],
  },
  {
    name: "shape literal 2.5",
    run: () => np.full([2.5], 0),
    cls: ShapeError,
    says: ["dimension 0", "is 2.5", "non-negative integers"],
  },
  {
    name: "shape literal NaN",
    run: () => np.full([3, NaN], 1),
    cls: ShapeError,
    says: ["dimension 1", "is NaN"],
  },
  {
    name: "shape literal Infinity in random.uniform",
    run: () => random.uniform(random.key(0), [Infinity]),
    cls: ShapeError,
    says: ["random.uniform", "dimension 0", "Infinity"],
  },
  {
    name: "shape that is not an array",
    run: () => np.reshape(np.ones([3]), bad("3")),
    cls: ShapeError,
    says: ["np.reshape", "array of integers"],
  },
  // ---- data that is not numeric -------------------------------------------------------------
  {
    name: "ragged rows",
    run: () => np.array(bad([[1, 2], [3]])),
    cls: DTypeError,
    says: ["np.array", "ragged", "data[1]", "length 1", "length 2", "same length"],
  },
  {
    name: "a number among rows",
    run: () => np.array(bad([[1, 2], 3])),
    cls: DTypeError,
    says: ["ragged", "data[1]"],
  },
  {
    name: "a string in nested data",
    run: () => np.array(bad([[1, 2], [3, "4"]])),
    cls: DTypeError,
    says: ["data[1][1]", 'the string "4"', "numbers or booleans"],
  },
  {
    name: "a function as data",
    run: () => np.array(bad([1, () => 1])),
    cls: DTypeError,
    says: ["data[1]", "a function"],
  },
  {
    name: "a Map as data",
    run: () => np.array(bad(new Map())),
    cls: DTypeError,
    says: ["np.array", "Map"],
  },
  {
    name: "a class instance as data",
    run: () => np.array(bad([new Point()])),
    cls: DTypeError,
    says: ["data[0]", "Point"],
  },
  {
    name: "a string as an op argument",
    run: () => np.add(bad("a"), 1),
    cls: DTypeError,
    says: ["add", "args[0]", '"a"'],
  },
  {
    name: "null as an op argument",
    run: () => np.mul(np.ones([2]), bad(null)),
    cls: DTypeError,
    says: ["mul", "args[1]", "null"],
  },
  {
    name: "an unsupported typed array",
    run: () => np.array(bad(new Uint8Array(2))),
    cls: DTypeError,
    says: ["Uint8Array", "Float32Array"],
  },
  {
    name: "a string as a pytree leaf",
    run: () => trace((p: unknown) => p)(bad({ a: "s" })),
    cls: PyTreeError,
    says: ["args[0].a", 'the string "s"'],
  },
  {
    name: "a function inside a pytree",
    run: () => trace((p: unknown) => p)(bad({ a: [1, () => 1] })),
    cls: PyTreeError,
    says: ["args[0].a[1]", "a function"],
  },
  {
    name: "a Map inside a pytree",
    run: () => trace((p: unknown) => p)(bad({ a: [1, new Map()] })),
    cls: PyTreeError,
    says: ["args[0].a[1]", "a Map", "plain object"],
  },
  {
    name: "a class instance as a jit argument",
    run: () => jit((p: unknown) => p)(bad({ w: new Point() })),
    cls: PyTreeError,
    says: ["args[0].w", "Point", "plain object"],
  },
  {
    name: "a traced function returning a string",
    run: () => trace(() => "hi")(),
    cls: PyTreeError,
    says: ["result", 'the string "hi"'],
  },
  // ---- cycles -------------------------------------------------------------------------------
  {
    name: "a cyclic object argument",
    run: () => trace((p: unknown) => p)(cyclic()),
    cls: PyTreeError,
    says: [/^cycle detected at args\[0\]\.self\b/, "acyclic"],
  },
  {
    name: "a cyclic array argument",
    run: () => {
      const a: unknown[] = [1];
      a.push(a);
      return trace((p: unknown) => p)(a);
    },
    cls: PyTreeError,
    says: ["cycle detected at args[0][1]"],
  },
  {
    name: "a cyclic result",
    run: () => trace((x: Tensor) => ({ x, ...{ loop: cyclic() } }))(np.ones([2])),
    cls: PyTreeError,
    says: ["cycle detected at result.loop.self"],
  },
  // ---- asynchronous functions ---------------------------------------------------------------
  {
    name: "trace of an async function",
    run: () => trace(async function step(x: Tensor) { return x; })(np.ones([2])),
    cls: ArgumentError,
    says: ["trace(step)", "Promise", "synchronous"],
  },
  {
    name: "jit of an async function",
    run: () => jit(async (x: Tensor) => x)(np.ones([2])),
    cls: ArgumentError,
    says: ["jit(", "Promise", "synchronous"],
  },
  {
    name: "a function returning a thenable",
    run: () => trace(() => ({ then: () => undefined }))(),
    cls: ArgumentError,
    says: ["Promise", "synchronous"],
  },
  // ---- resources ----------------------------------------------------------------------------
  {
    name: "np.zeros([1e6, 1e6])",
    run: () => np.zeros([1e6, 1e6]),
    cls: ResourceError,
    says: ["[1000000,1000000]", "1000000000000 elements", "limit"],
  },
  {
    name: "np.ones([65536, 65536]) (just over 2^31 elements)",
    run: () => np.ones([65536, 65536]),
    cls: ResourceError,
    says: ["4294967296 elements"],
  },
  {
    name: "np.eye(1e6)",
    run: () => np.eye(1e6),
    cls: ResourceError,
    says: ["np.eye", "1000000000000 elements"],
  },
  {
    name: "np.arange(0, 1e12)",
    run: () => np.arange(0, 1e12),
    cls: ResourceError,
    says: ["np.arange", "1000000000000 elements"],
  },
  {
    name: "random.uniform over 1e12 elements",
    run: () => random.uniform(random.key(0), [1e6, 1e6]),
    cls: ResourceError,
    says: ["random.uniform", "1000000000000 elements"],
  },
  {
    name: "a broadcast that would make 1e10 elements",
    run: () => np.add(np.ones([1e5, 1]), np.ones([1, 1e5])),
    cls: ResourceError,
    says: ["[100000,100000]", "10000000000 elements"],
  },
  {
    name: "np.linspace with 1e12 points",
    run: () => np.linspace(0, 1, 1e12),
    cls: ResourceError,
    says: ["np.linspace", "1000000000000"],
  },
  {
    name: "an outer product of 1e10 elements",
    run: () => np.outer(np.ones([1e5]), np.ones([1e5])),
    cls: ResourceError,
    says: ["10000000000"],
  },
  {
    name: "np.broadcastTo a 1e12-element shape",
    run: () => np.broadcastTo(np.ones([1]), [1e6, 1e6]),
    cls: ResourceError,
    says: ["1000000000000"],
  },
  // ---- axes ---------------------------------------------------------------------------------
  {
    name: "sum over axis 2 of a matrix",
    run: () => np.sum(np.ones([2, 3]), 2),
    cls: ShapeError,
    says: ["np.sum", "axis 2", "rank 2", "[-2, 1]"],
  },
  {
    name: "mean over axis -3 of a matrix",
    run: () => np.ones([2, 3]).mean(-3),
    cls: ShapeError,
    says: ["np.mean", "axis -3", "[-2, 1]"],
  },
  {
    name: "argmax over axis 5",
    run: () => np.argmax(np.ones([2, 3]), 5),
    cls: ShapeError,
    says: ["np.argmax", "axis 5"],
  },
  {
    name: "expandDims past the end",
    run: () => np.expandDims(np.ones([3]), 3),
    cls: ShapeError,
    says: ["np.expandDims", "axis 3"],
  },
  {
    name: "concatenate along a missing axis",
    run: () => np.concatenate([np.ones([2]), np.ones([2])], 1),
    cls: ShapeError,
    says: ["np.concatenate", "axis 1", "rank 1"],
  },
  {
    name: "a repeated reduction axis",
    run: () => np.mean(np.ones([2, 2]), [0, 0]),
    cls: ShapeError,
    says: ["np.mean", "repeated axis"],
  },
  {
    name: "squeeze of a non-unit axis",
    run: () => np.squeeze(np.ones([2, 1]), 0),
    cls: ShapeError,
    says: ["np.squeeze", "axis 0", "[2,1]", "size 2"],
  },
  {
    name: "concatenate of mismatched shapes",
    run: () => np.concatenate([np.ones([2, 3]), np.ones([2, 4])], 0),
    cls: ShapeError,
    says: ["[2,4]", "[2,3]"],
  },
  {
    name: "stack of mismatched shapes",
    run: () => np.stack([np.ones([2]), np.ones([3])]),
    cls: ShapeError,
    says: ["np.stack", "args[0][1]", "[3]", "[2]"],
  },
  // ---- item ---------------------------------------------------------------------------------
  {
    name: "item() of a [3] tensor",
    run: () => np.ones([3]).item(),
    cls: ArgumentError,
    says: ["item()", "shape [3]", "3 elements", "exactly one", /x\.get\(i\)|x\.sum\(\)/],
  },
  {
    name: "item() of an empty tensor",
    run: () => np.ones([0]).item(),
    cls: ArgumentError,
    says: ["item()", "0 elements"],
  },
  {
    name: "Number() of a [3] tensor",
    run: () => Number(np.ones([3])),
    cls: ArgumentError,
    says: ["f32[3]", "JS number", "item()"],
  },
  // ---- dtypes -------------------------------------------------------------------------------
  {
    name: 'np.zeros dtype "float16"',
    run: () => np.zeros([2], bad("float16")),
    cls: DTypeError,
    says: ['unknown dtype "float16"', '"float32", "float64", "int32", "uint32", "bool", "complex64" or "complex128"'],
  },
  {
    name: 'np.array dtype "uint8"',
    run: () => np.array([1], { dtype: bad("uint8") }),
    cls: DTypeError,
    says: ["np.array", 'unknown dtype "uint8"'],
  },
  {
    name: 'astype "int64"',
    run: () => np.ones([1]).astype(bad("int64")),
    cls: DTypeError,
    says: ["np.astype", 'unknown dtype "int64"'],
  },
  {
    name: 'np.arange dtype "int8"',
    run: () => np.arange(3, undefined, 1, bad("int8")),
    cls: DTypeError,
    says: ["np.arange", 'unknown dtype "int8"'],
  },
  {
    name: "bool operands to np.sub",
    run: () => np.sub(np.array([true]), np.array([true])),
    cls: DTypeError,
    says: ["np.sub", "bool", "np.astype"],
  },
  {
    name: 'random.uniform dtype "int32"',
    run: () => random.uniform(random.key(0), [2], { dtype: "int32" }),
    cls: DTypeError,
    says: ["random.uniform", "int32", "float32"],
  },
  // ---- integer indices ----------------------------------------------------------------------
  {
    name: "take with a fractional index",
    run: () => np.take(np.ones([3]), [0.5]),
    cls: DTypeError,
    says: ["np.take", "0.5", "not an integer"],
  },
  {
    name: "take with float32 index tensor",
    run: () => np.take(np.ones([3]), np.array([1])),
    cls: DTypeError,
    says: ["np.take", "float32", "int32", "np.astype"],
  },
  {
    name: "x.get(1.5)",
    run: () => np.ones([3]).get(1.5),
    cls: FluxionError,
    says: ["1.5", "integer"],
    never: ["out of range"],
  },
  {
    name: "x.slice(1.5)",
    run: () => np.ones([3]).slice(1.5),
    cls: FluxionError,
    says: ["1.5", "integer"],
    never: ["out of range"],
  },
  {
    name: "x.at(1.5).set(0)",
    run: () => np.ones([3]).at(1.5).set(0),
    cls: FluxionError,
    says: ["1.5", "integer"],
    never: ["out of range"],
  },
  {
    name: "slice range with a fractional bound",
    run: () => np.arange(5).slice([0.5, 3]),
    cls: ShapeError,
    says: ["slice", "axis 0", "integers"],
  },
  // ---- out-of-range indices -----------------------------------------------------------------
  {
    name: "x.get(5) of a [3] tensor",
    run: () => np.ones([3]).get(5),
    cls: ShapeError,
    says: ["get", "index 5", "out of range", "size 3", "[-3, 2]"],
  },
  {
    name: "x.get(-4) of a [3] tensor",
    run: () => np.ones([3]).get(-4),
    cls: ShapeError,
    says: ["index -4", "[-3, 2]"],
  },
  {
    name: "x.get(0) of a 0-d tensor",
    run: () => np.ones([]).get(0),
    cls: ShapeError,
    says: ["0-d", "item()"],
  },
  {
    name: "x.slice with an index out of range",
    run: () => np.ones([2, 3]).slice(null, 3),
    cls: ShapeError,
    says: ["index 3", "axis 1", "size 3"],
  },
  {
    name: "more slice ranges than axes",
    run: () => np.ones([2]).slice(null, null),
    cls: ShapeError,
    says: ["2 ranges", "rank 1"],
  },
  {
    name: "x.at(3) of a [3] tensor",
    run: () => np.zeros([3]).at(3).set(1),
    cls: ShapeError,
    says: ["at(3)", "out of range", "size 3"],
  },
  // ---- einsum -------------------------------------------------------------------------------
  {
    name: "einsum with a digit label",
    run: () => np.einsum("ij,j1", np.ones([2, 3]), np.ones([3])),
    cls: ShapeError,
    says: ['np.einsum("ij,j1")', "letters"],
  },
  {
    name: "einsum with too few arrays",
    run: () => np.einsum("ij,jk->ik", np.ones([2, 3])),
    cls: ShapeError,
    says: ["2 operands", "1 arrays"],
  },
  {
    name: "einsum with too many labels",
    run: () => np.einsum("ijk", np.ones([2, 3])),
    cls: ShapeError,
    says: ['operand 0 ("ijk")', "3 labels", "[2,3]", "2 dimensions"],
  },
  {
    name: "einsum with a label of two sizes",
    run: () => np.einsum("ij,jk->ik", np.ones([2, 3]), np.ones([4, 2])),
    cls: ShapeError,
    says: ["label 'j'", "size 3", "4", "operand 1", "[4,2]"],
  },
  {
    name: "einsum with an unknown output label",
    run: () => np.einsum("ij->iz", np.ones([2, 3])),
    cls: ShapeError,
    says: ["output label 'z'"],
  },
  {
    name: "einsum with a repeated output label",
    run: () => np.einsum("ij->ii", np.ones([2, 3])),
    cls: ShapeError,
    says: ["repeated"],
  },
  {
    name: "einsum with a malformed ellipsis",
    run: () => np.einsum("i..j", np.ones([2, 3])),
    cls: ShapeError,
    says: ["ellipsis"],
  },
  {
    name: "einsum with two arrows",
    run: () => np.einsum("ij->->i", np.ones([2, 3])),
    cls: ShapeError,
    says: ["'->'"],
  },
  {
    name: "einsum without a spec string",
    run: () => np.einsum(bad(3), np.ones([2, 3])),
    cls: ShapeError,
    says: ["spec string"],
  },
  // ---- graphs, jit and trees ----------------------------------------------------------------
  {
    name: "evaluate with a wrong shape",
    run: () => evaluate(trace((x: Tensor) => x)(np.ones([3])), np.ones([4])),
    cls: ShapeError,
    says: ["evaluate", "input 0", "[4]", "f32[3]", "Re-trace"],
  },
  {
    name: "evaluate with a wrong dtype",
    run: () => evaluate(trace((x: Tensor) => x)(np.ones([3])), np.ones([3], "int32")),
    cls: DTypeError,
    says: ["evaluate", "int32", "f32[3]", "np.astype"],
  },
  {
    name: "evaluate with too few arguments",
    run: () => evaluate(trace((x: Tensor, _y: Tensor) => x)(np.ones([3]), np.ones([3])), np.ones([3])),
    cls: PyTreeError,
    says: ["evaluate", "PyTreeDef([*])", "PyTreeDef([*, *])"],
  },
  {
    name: "evaluate with another key than traced",
    run: () => evaluate(trace((p: { a: Tensor }) => p.a)({ a: np.ones([3]) }), bad({ b: np.ones([3]) })),
    cls: PyTreeError,
    says: ["evaluate", '"b"', '"a"'],
  },
  {
    name: "jit staticArgnums out of range",
    run: () => jit((x: unknown) => x, { staticArgnums: 3 })(1),
    cls: ArgumentError,
    says: ["staticArgnums", "3", "1 positional argument"],
  },
  {
    name: "an unhashable static argument",
    run: () => jit((x: unknown, _f: unknown) => x, { staticArgnums: 1 })(1, () => 1),
    cls: ArgumentError,
    says: ["static argument 1", "key the cache"],
  },
  {
    name: "trace of a non-function",
    run: () => trace(bad<(...args: unknown[]) => unknown>(3)),
    cls: ArgumentError,
    says: ["trace", "function", "number"],
  },
  {
    name: "unflatten with the wrong number of leaves",
    run: () => tree.unflatten(tree.structure([1, 2]), [1]),
    cls: PyTreeError,
    says: ["unflatten", "2 leaves", "1 were given"],
  },
  {
    name: "random.split of a float key",
    run: () => random.split(bad(np.ones([2]))),
    cls: FluxionError,
    says: ["random.split", "int32[2]", "float32"],
  },
  // ---- hostile JS values (what untyped callers pass) ----------------------------------------
  {
    name: "transpose with a string for axes",
    run: () => np.transpose(np.ones([2, 3]), bad("ab")),
    cls: ShapeError,
    says: ["np.transpose"],
  },
  {
    name: "sum with an options object naming an option sum lacks",
    run: () => np.sum(np.ones([3]), bad({ axes: 1 })),
    cls: ArgumentError,
    says: ["np.sum", "unknown option \"axes\"", "\"axis\""],
  },
  {
    name: "tree.map with a non-function",
    run: () => tree.map(bad(3), [1]),
    cls: ArgumentError,
    says: ["tree.map", "function"],
  },
  {
    name: "evaluate of something that is not a Graph",
    run: () => evaluate(bad({}), 1),
    cls: ArgumentError,
    says: ["evaluate", "Graph"],
  },
  {
    name: "np.full with a string fill value",
    run: () => np.full([2], bad("a")),
    cls: DTypeError,
    says: ["np.full", '"a"'],
  },
];

describe("bad inputs raise their FluxionError subclass with a useful message", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const e = thrown(c.run);
    expect(e, `${e.name}: ${e.message}`).toBeInstanceOf(c.cls);
    for (const s of c.says) {
      if (typeof s === "string") expect(e.message).toContain(s);
      else expect(e.message).toMatch(s);
    }
    for (const s of c.never ?? []) {
      if (typeof s === "string") expect(e.message).not.toContain(s);
      else expect(e.message).not.toMatch(s);
    }
  });
});

describe("error classes and their printed form", () => {
  it("prints the broadcast error exactly as RELIABILITY.md shows it", () => {
    const e = thrown(() => np.add(np.ones([2, 3]), np.ones([4])));
    expect(e.name).toBe("ShapeError");
    expect(String(e).startsWith("ShapeError: add: incompatible shapes for broadcasting: [2,3] and [4] (args[0], args[1])")).toBe(true);
  });

  it("prints the cycle error exactly as RELIABILITY.md shows it", () => {
    const e = thrown(() => trace((p: unknown) => p)(cyclic()));
    expect(String(e).startsWith("PyTreeError: cycle detected at args[0].self")).toBe(true);
  });

  it("detects a deep cycle without overflowing the stack", () => {
    const root: Record<string, unknown> = {};
    let node = root;
    for (let i = 0; i < 200; i++) {
      const next: Record<string, unknown> = {};
      node.n = next;
      node = next;
    }
    node.back = root;
    const e = thrown(() => tree.flatten(root));
    expect(e).toBeInstanceOf(PyTreeError);
    expect(e.message).toMatch(/^cycle detected at tree(\.n){200}\.back \(in tree\.flatten\)/);
  });

  it("accepts shared (acyclic) references: a DAG is not a cycle", () => {
    const shared = [1, 2];
    expect(tree.leaves({ a: shared, b: shared })).toEqual([1, 2, 1, 2]);
  });

  it("names the element count and the limit (a RangeError from the engine would mean it tried to allocate)", () => {
    const e = thrown(() => np.zeros([1e6, 1e6]));
    expect(e).toBeInstanceOf(ResourceError);
    expect(e).not.toBeInstanceOf(RangeError);
    expect(e.message).toContain("2147483647");
  });

  it("np.zeros and np.ones name themselves, not the np.full they delegate to", () => {
    expect(thrown(() => np.zeros([2, -2])).message).toContain("np.zeros");
    expect(thrown(() => np.ones([2.5])).message).toContain("np.ones");
    expect(thrown(() => np.zeros([2], bad("float16"))).message).toContain("np.zeros");
  });

  it("every error class is a FluxionError and an Error, and carries its own name", () => {
    for (const C of [ShapeError, DTypeError, PyTreeError, ResourceError, ArgumentError]) {
      const e = new C("m");
      expect(e).toBeInstanceOf(FluxionError);
      expect(e).toBeInstanceOf(Error);
      expect(e.name).toBe(C.name);
      expect(String(e)).toBe(`${C.name}: m`);
    }
  });

  it("every case above throws a FluxionError, never a bare TypeError or RangeError", () => {
    const offenders: string[] = [];
    for (const c of cases) {
      let e: unknown;
      try {
        c.run();
        offenders.push(`${c.name}: did not throw`);
        continue;
      } catch (err) {
        e = err;
      }
      if (!(e instanceof FluxionError)) offenders.push(`${c.name}: ${(e as Error).name}: ${(e as Error).message}`);
      else if (e instanceof TypeError || e instanceof RangeError) offenders.push(`${c.name}: is also a ${e.name}`);
    }
    expect(offenders).toEqual([]);
  });
});
