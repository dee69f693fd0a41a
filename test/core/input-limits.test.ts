/**
 * Inputs that must be refused before anything is allocated: JS arrays with holes (or `undefined`,
 * or sparse arrays of absurd length), and results over the 2^31 − 1 element limit — whichever op
 * builds them (every primitive's shape rule is checked by `definePrimitive`, scan's stacked ys
 * before a step runs, and np's creation functions). No test here allocates a large array: each
 * refusal is timed, and the traced cases allocate nothing at all.
 */
import { describe, expect, it } from "vitest";
import { DTypeError, FluxionError, ResourceError, ShapeError, type Tensor, jit, lax, np, random, trace } from "../../src/index.js";
import { aval } from "../../src/ir/types.js";
import * as ops from "../../src/primitives/ops.js";
import { registry } from "../../src/primitives/registry.js";
import { definePrimitive } from "../../src/primitives/rule-types.js";
import { bad } from "../support/index.js";


/** Runs `f`, which must throw at once (well under a second); returns what it threw. */
function refused(f: () => unknown, limitMs = 1000): Error {
  const t0 = performance.now();
  try {
    f();
  } catch (e) {
    expect(performance.now() - t0, "refused at once").toBeLessThan(limitMs);
    return e as Error;
  }
  throw new Error("expected the call to throw, but it returned normally");
}

/** An array of `length` slots holding `filled` at the front and holes after (nothing allocated for the holes). */
function sparse(length: number, filled: readonly number[] = []): number[] {
  const a = [...filled];
  a.length = length;
  return a;
}

describe("np.array: holes, undefined and sparse arrays", () => {
  it("a hole is a DTypeError naming its path, not a shifted array ([1, , 3] was [1, 3, 0])", () => {
    const e = refused(() => np.array(bad([1, , 3])));
    expect(e).toBeInstanceOf(DTypeError);
    expect(e.message).toMatch(/^np\.array: data\[1\] is a hole/);
  });
  it("a hole in a nested row names the nested path", () => {
    expect(refused(() => np.array(bad([[1, 2], [3, ,]]))).message).toMatch(/data\[1\]\[1\] is a hole/);
    expect(refused(() => np.array(bad([[, 2], [3, 4]]))).message).toMatch(/data\[0\]\[0\] is a hole/);
    expect(refused(() => np.array(bad([[1, 2], , ]))).message).toMatch(/data\[1\] is a hole/);
  });
  it("undefined as an element is a DTypeError naming its path", () => {
    const e = refused(() => np.array(bad([[1, 2], [undefined, 4]])));
    expect(e).toBeInstanceOf(DTypeError);
    expect(e.message).toMatch(/data\[1\]\[0\] is undefined/);
  });
  it("holes are refused whatever the dtype asked for, and as at().set values", () => {
    expect(refused(() => np.array(bad([1, , 3]), { dtype: "int32" }))).toBeInstanceOf(DTypeError);
    expect(refused(() => np.array(bad([true, , false])))).toBeInstanceOf(DTypeError);
    expect(refused(() => np.zeros([3]).at(0).set(bad([1, , 3])))).toBeInstanceOf(FluxionError);
    expect(refused(() => np.add(np.ones([3]), bad([1, , 3]))).message).toMatch(/data\[1\] is a hole/);
  });
  it("a sparse array of 2^32 − 1 slots is refused at once, with nothing walked or allocated", () => {
    const e = refused(() => np.array(sparse(2 ** 32 - 1)));
    expect(e).toBeInstanceOf(DTypeError);
    expect(e.message).toMatch(/data\[0\] is a hole/);
  });
  it("… also when its first element is set (too many elements) or when it is a nested row", () => {
    const e = refused(() => np.array(sparse(2 ** 32 - 1, [1])));
    expect(e).toBeInstanceOf(ResourceError);
    expect(e.message).toContain("4294967295 elements");
    expect(refused(() => np.array(bad([[1], sparse(2 ** 32 - 1, [1])])))).toBeInstanceOf(DTypeError);
    expect(refused(() => np.array(bad([sparse(2 ** 32 - 1, [1]), [1]])))).toBeInstanceOf(ResourceError);
  });
  it("a sparse array with a hole far in is refused at that hole", () => {
    const a = sparse(2 ** 20, [1, 2, 3]);
    expect(refused(() => np.array(a)).message).toMatch(/data\[3\] is a hole/);
  });
  it("dense data still converts, booleans to bool, empty to float32", () => {
    expect(np.array([[1, 2], [3, 4]]).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(np.array([[true], [false]]).dtype).toBe("bool");
    expect(np.array([[], []]).shape).toEqual([2, 0]);
    expect(np.array([[], []]).dtype).toBe("float32");
  });
});

describe("shapes and axes with holes", () => {
  it("a hole in a shape is a ShapeError naming the dimension", () => {
    const e = refused(() => np.zeros(bad([2, , 3])));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(/dimension 1 of shape \[2,undefined,3\] is undefined/);
    expect(refused(() => np.reshape(np.ones([6]), bad([6, ,])))).toBeInstanceOf(ShapeError);
  });
  it("a hole in an axis list is a ShapeError, not skipped", () => {
    const e = refused(() => np.transpose(np.ones([2, 3, 4]), bad([2, , 0])));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(/axis undefined/);
  });
  it("a sparse shape or axis list of 2^32 − 1 slots is refused at once", () => {
    expect(refused(() => np.zeros(sparse(2 ** 32 - 1)))).toBeInstanceOf(FluxionError);
    expect(refused(() => np.reshape(np.ones([6]), sparse(2 ** 32 - 1)))).toBeInstanceOf(FluxionError);
    expect(refused(() => np.transpose(np.ones([2, 3]), sparse(2 ** 32 - 1, [0, 1])))).toBeInstanceOf(ShapeError);
  });
});

describe("the 2^31 − 1 element limit, checked by every primitive's shape rule", () => {
  const big = 1_600_000_000; // under the limit alone, over it twice

  it("concatenate of two 1.6e9-element arrays (traced: nothing allocated) names the op, shape and count", () => {
    const e = refused(() => trace((x: Tensor) => np.concatenate([np.broadcastTo(x, [big]), np.broadcastTo(x, [big])]))(np.ones([1])));
    expect(e).toBeInstanceOf(ResourceError);
    expect(e.message).toMatch(/^concatenate: the output of shape \[3200000000\] has 3200000000 elements, more than the limit of 2147483647/);
  });
  it("stack of two 1.6e9-element arrays (traced)", () => {
    const e = refused(() => trace((x: Tensor) => np.stack([np.broadcastTo(x, [big]), np.broadcastTo(x, [big])]))(np.ones([1])));
    expect(e).toBeInstanceOf(ResourceError);
    expect(e.message).toContain("[2,1600000000]");
    expect(e.message).toContain("3200000000 elements");
  });
  it("eager concatenate of 2,200 references to one small array is refused before allocating", () => {
    const x = np.zeros([1_000_000], "bool");
    const e = refused(() => np.concatenate(new Array<Tensor>(2200).fill(x)));
    expect(e).toBeInstanceOf(ResourceError);
    expect(e.message).toContain("2200000000 elements");
  });
  it("eager scan whose stacked ys would exceed the limit is refused before the first step", () => {
    const y = np.zeros([1_000_000], "bool");
    const e = refused(() => lax.scan((c: Tensor) => [c, y], np.array(0), null, { length: 2200 }));
    expect(e).toBeInstanceOf(ResourceError);
    expect(e.message).toMatch(/^scan: ys leaf 0, bool\[1000000\] per step stacked over 2200 steps, of shape \[2200,1000000\] has 2200000000 elements/);
  });
  it("… and under jit", () => {
    const f = jit((c: Tensor) => lax.scan((k: Tensor) => [k, np.broadcastTo(np.greater(k, 0), [1_000_000])], c, null, { length: 2200 }));
    expect(refused(() => f(np.array(0)))).toBeInstanceOf(ResourceError);
  });
  it("pad and gather, reached through ops, are covered too", () => {
    expect(refused(() => ops.applyN("pad", [np.zeros([1])], { paddingValue: 0, config: [[0, 2 ** 31, 0]] }))).toBeInstanceOf(ResourceError);
    const idx = np.zeros([50_000], "int32");
    expect(refused(() => np.take(np.zeros([1, 50_000]), idx, 0))).toBeInstanceOf(ResourceError);
  });
  it("the check wraps whatever shape rule a primitive defines, so a new primitive is covered too", () => {
    const prim = definePrimitive({ ...registry.neg, shapeRule: () => [aval([65536, 65536], "float32")] });
    const e = refused(() => prim.shapeRule([aval([1], "float32")], {}));
    expect(e).toBeInstanceOf(ResourceError);
    expect(e.message).toMatch(/^neg: the output of shape \[65536,65536\] has 4294967296 elements/);
    const bad2 = definePrimitive({ ...registry.neg, shapeRule: () => [aval([2, NaN], "float32")] });
    expect(refused(() => bad2.shapeRule([aval([1], "float32")], {}))).toBeInstanceOf(ShapeError);
  });
  it("the count cannot overflow silently: huge products are refused, a zero dimension gives 0 elements", () => {
    const e = refused(() => np.zeros([2 ** 600, 2 ** 600]));
    expect(e).toBeInstanceOf(ResourceError);
    expect(e.message).toContain("about 1e361 elements");
    expect(refused(() => np.zeros([2 ** 60])).message).toContain("about 1.15e+18 elements");
    expect(np.zeros([2 ** 52, 2 ** 52, 2 ** 52, 2 ** 52, 2 ** 52, 2 ** 52, 2 ** 52, 2 ** 52, 2 ** 52, 2 ** 52, 2 ** 52, 2 ** 52, 2 ** 52, 2 ** 52, 2 ** 52, 2 ** 52, 2 ** 52, 2 ** 52, 2 ** 52, 2 ** 52, 0]).size).toBe(0);
  });
});

describe("np creation and random refuse oversize results before allocating", () => {
  it("a dimension too large to be exact is a ResourceError, not 'not an integer'", () => {
    expect(refused(() => np.zeros([2 ** 60]))).toBeInstanceOf(ResourceError);
    expect(refused(() => np.ones([2 ** 31]))).toBeInstanceOf(ResourceError);
    expect(refused(() => np.full([2 ** 16, 2 ** 16], 1))).toBeInstanceOf(ResourceError);
  });
  it("arange and linspace of too many values", () => {
    expect(refused(() => np.arange(0, 1e300))).toBeInstanceOf(ResourceError);
    expect(refused(() => np.arange(0, 1, 1e-12))).toBeInstanceOf(ResourceError);
    expect(refused(() => np.linspace(0, 1, 2 ** 60))).toBeInstanceOf(ResourceError);
  });
  it("eye and random draws", () => {
    expect(refused(() => np.eye(2 ** 16))).toBeInstanceOf(ResourceError);
    const k = random.key(0);
    expect(refused(() => random.uniform(k, [2 ** 16, 2 ** 16]))).toBeInstanceOf(ResourceError);
    expect(refused(() => random.normal(k, [2 ** 40]))).toBeInstanceOf(ResourceError);
    expect(refused(() => random.split(k, 2 ** 31 - 1))).toBeInstanceOf(ResourceError);
    expect(refused(() => random.permutation(k, 2 ** 31))).toBeInstanceOf(ResourceError);
  });
});
