/**
 * vmap's bad inputs (shared/RELIABILITY.md): inconsistent batch sizes, an axis out of range, no
 * mapped axis, inAxes / outAxes that are not a prefix of the value, outAxes null for a batched
 * output, outAxes out of range — each a FluxionError subclass whose message says what, where
 * (one line per argument with its axis and size) and what to do. Also: errors of ops inside vmap
 * speak of the per-example shapes the user wrote, tracer misuse under vmap, and non-functions.
 */
import { describe, expect, it } from "vitest";
import {
  ArgumentError,
  ConcretizationError,
  FluxionError,
  ShapeError,
  UnexpectedTracerError,
  np,
  vmap,
  type Tensor,
} from "../../src/index.js";
import { bad, thrown } from "../support/index.js";


function f(x: Tensor, y: Tensor): Tensor {
  return np.add(x, y);
}

/** The error thrown by `fn`, checked to be a FluxionError of class `cls`. */
function expectError(fn: () => unknown, cls: new (...a: never[]) => Error): Error {
  const e = thrown(fn);
  expect(e, `${e.name}: ${e.message}`).toBeInstanceOf(cls);
  expect(e).toBeInstanceOf(FluxionError);
  expect(e.name).toBe(cls.name);
  return e;
}

/** The message's lines after the first. */
const detailLines = (e: Error): string[] => e.message.split("\n").slice(1);

describe("inconsistent batch sizes", () => {
  it("two arguments: ShapeError listing both sizes, one line per argument with axis and size", () => {
    const e = expectError(() => vmap(f)(np.zeros([4, 3]), np.zeros([3, 3])), ShapeError);
    expect(e.message.split("\n")[0]).toMatch(/^vmap\(f\): .*different sizes.*4.*3/);
    expect(e.message).toMatch(/must agree/);
    const lines = detailLines(e);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/args\[0\]/);
    expect(lines[0]).toMatch(/axis 0/);
    expect(lines[0]).toContain("[4,3]");
    expect(lines[0]).toMatch(/size 4/);
    expect(lines[1]).toMatch(/args\[1\]/);
    expect(lines[1]).toMatch(/axis 0/);
    expect(lines[1]).toContain("[3,3]");
    expect(lines[1]).toMatch(/size 3/);
  });

  it("three arguments with different axes and one unmapped: every argument has its line", () => {
    const g = (a: Tensor, b: Tensor, c: Tensor): Tensor => np.add(np.add(a, b), c);
    const e = expectError(() => vmap(g, { inAxes: [1, null, -1] })(np.zeros([2, 5]), np.zeros([2]), np.zeros([2, 6])), ShapeError);
    const lines = detailLines(e);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/args\[0\].*axis 1.*\[2,5\].*size 5/);
    expect(lines[1]).toMatch(/args\[1\].*not mapped.*\[2\]/);
    expect(lines[2]).toMatch(/args\[2\].*axis -1.*\[2,6\].*size 6/);
  });

  it("leaves of one pytree argument that disagree: each leaf's line names its path", () => {
    const e = expectError(() => vmap(((p: { w: Tensor; b: Tensor }) => p.w))({ w: np.zeros([2, 3]), b: np.zeros([4]) }), ShapeError);
    const lines = detailLines(e);
    expect(lines).toHaveLength(2);
    expect(e.message).toMatch(/size 2/);
    expect(e.message).toMatch(/size 4/);
    // RELIABILITY.md: "where" is an argument path such as args[1].w.
    expect(lines.find((l) => l.includes("[2,3]"))).toContain("args[0].w");
    expect(lines.find((l) => l.includes("[4]"))).toContain("args[0].b");
  });

  it("a nested vmap reports the per-example shape of the outer-batched argument", () => {
    const e = expectError(() => vmap((x: Tensor) => vmap(f)(x, np.zeros([4])))(np.zeros([5, 3])), ShapeError);
    expect(e.message).toMatch(/args\[0\].*\[3\].*size 3/);
    expect(e.message).toMatch(/args\[1\].*\[4\].*size 4/);
    expect(e.message).not.toContain("[5,3]");
  });
});

describe("axis out of range", () => {
  it("a positive axis past the rank: ShapeError naming the axis, the shape and the rank", () => {
    const e = expectError(() => vmap(f, { inAxes: [0, 2] })(np.zeros([4, 3]), np.zeros([4, 3])), ShapeError);
    expect(e.message.split("\n")[0]).toMatch(/^vmap\(f\): .*out of range/);
    const lines = detailLines(e);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/args\[0\].*axis 0.*size 4/);
    expect(lines[1]).toMatch(/args\[1\].*axis 2.*out of range.*\[4,3\].*rank 2/);
  });

  it("a negative axis past the rank, a non-integer axis, and a scalar argument", () => {
    const e1 = expectError(() => vmap(f, { inAxes: -3 })(np.zeros([4, 3]), np.zeros([4, 3])), ShapeError);
    expect(e1.message).toMatch(/args\[0\].*axis -3.*out of range.*rank 2/);
    expect(e1.message).toMatch(/args\[1\].*axis -3.*out of range.*rank 2/);
    const e2 = expectError(() => vmap(np.sin, { inAxes: 0.5 })(np.zeros([4, 3])), ShapeError);
    expect(e2.message).toMatch(/axis 0\.5/);
    const e3 = expectError(() => vmap(np.sin)(np.array(3)), ShapeError);
    expect(e3.message).toMatch(/args\[0\].*axis 0.*out of range.*\[\].*rank 0/);
  });

  it("a JS number argument with a mapped axis", () => {
    const e = expectError(() => vmap(f)(np.zeros([4]), 2), ShapeError);
    expect(e.message).toMatch(/args\[1\].*axis 0.*out of range.*rank 0/);
  });
});

describe("no mapped axis", () => {
  it("every inAxes entry null: ArgumentError listing each argument as not mapped", () => {
    const e = expectError(() => vmap(f, { inAxes: [null, null] })(np.zeros([4, 3]), np.zeros([3])), ArgumentError);
    expect(e.message.split("\n")[0]).toMatch(/^vmap\(f\): no argument is mapped/);
    expect(e.message).toMatch(/map at least one axis/);
    const lines = detailLines(e);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/args\[0\].*not mapped.*\[4,3\]/);
    expect(lines[1]).toMatch(/args\[1\].*not mapped.*\[3\]/);
  });

  it("inAxes null as a single value, and a call with no arguments", () => {
    expectError(() => vmap(np.sin, { inAxes: null })(np.zeros([4])), ArgumentError);
    const e = expectError(() => vmap((() => np.zeros([2])))(), ArgumentError);
    expect(e.message).toMatch(/no argument is mapped/);
  });
});

describe("inAxes not a prefix of the arguments", () => {
  it("an array with more entries than arguments", () => {
    const e = expectError(() => vmap(f, { inAxes: [0, 0, 0] })(np.zeros([4]), np.zeros([4])), ArgumentError);
    expect(e.message).toMatch(/^vmap\(f\): inAxes has 3 entries but 2 arguments were passed/);
    expect(e.message).toMatch(/one per argument/);
  });

  it("an array with fewer entries than arguments", () => {
    const e = expectError(() => vmap(f, { inAxes: [0] })(np.zeros([4]), np.zeros([4])), ArgumentError);
    expect(e.message).toMatch(/inAxes has 1 entr(y|ies) but 2 arguments were passed/);
  });

  it("object keys that differ from the argument's keys", () => {
    const g = (p: { w: Tensor; b: Tensor }): Tensor => np.add(p.w, p.b);
    const e = expectError(() => vmap(g, { inAxes: [{ w: null, bias: 0 }] })({ w: np.zeros([3]), b: np.zeros([4, 3]) }), ArgumentError);
    expect(e.message).toMatch(/^vmap\(g\): /);
    expect(e.message).toContain("inAxes[0]");
    expect(e.message).toContain("{bias, w}");
    expect(e.message).toContain("args[0]");
    expect(e.message).toContain("{b, w}");
    expect(e.message).toMatch(/prefix/);
    // A missing key is just as wrong as an extra one.
    const e2 = expectError(() => vmap(g, { inAxes: { w: null } })({ w: np.zeros([3]), b: np.zeros([4, 3]) }), ArgumentError);
    expect(e2.message).toContain("{w}");
    expect(e2.message).toContain("{b, w}");
  });

  it("an object spec for a tensor argument, and a nested array of the wrong length", () => {
    const e = expectError(() => vmap(np.sin, { inAxes: [{ w: 0 }] })(np.zeros([3])), ArgumentError);
    expect(e.message).toMatch(/inAxes\[0\].*\{w\}.*args\[0\].*not an object/);
    const e2 = expectError(() => vmap(((p: Tensor[]) => p[0]), { inAxes: [[0, 0]] })([np.zeros([3])]), ArgumentError);
    expect(e2.message).toMatch(/inAxes\[0\] is an array of length 2.*args\[0\] is an array of length 1/);
  });

  it("a spec that is not a number, null, array or object", () => {
    const e = expectError(() => vmap(np.sin, { inAxes: bad("0") })(np.zeros([3])), ArgumentError);
    expect(e.message).toMatch(/inAxes must be a number, null, or an array\/object/);
    expect(e.message).toMatch(/string/);
  });
});

describe("outAxes", () => {
  it("null for a batched output: ArgumentError naming the output", () => {
    const e = expectError(() => vmap(np.sin, { outAxes: null })(np.zeros([4, 3])), ArgumentError);
    expect(e.message).toMatch(/^vmap\(sin\): outAxes is null for output 0/);
    expect(e.message).toMatch(/depends on the mapped inputs/);
    expect(e.message).toMatch(/give it an axis/);
    const g = (x: Tensor): Tensor[] => [np.ones([2]), np.sin(x)];
    const e2 = expectError(() => vmap(g, { outAxes: [null, null] })(np.zeros([4, 3])), ArgumentError);
    expect(e2.message).toMatch(/output 1/);
  });

  it("an axis out of range, positive and negative: ShapeError with the output's rank", () => {
    const e = expectError(() => vmap(np.sin, { outAxes: 3 })(np.zeros([4, 3])), ShapeError);
    expect(e.message).toMatch(/^vmap\(sin\): outAxes 3 is out of range for output 0 of rank 2/);
    const e2 = expectError(() => vmap(np.sin, { outAxes: -3 })(np.zeros([4, 3])), ShapeError);
    expect(e2.message).toMatch(/outAxes -3 is out of range for output 0 of rank 2/);
    // For an unbatched output the batch axis is added: rank 1 + 1.
    const e3 = expectError(() => vmap(((_x: Tensor) => np.ones([5])), { outAxes: 2 })(np.zeros([4])), ShapeError);
    expect(e3.message).toMatch(/outAxes 2 is out of range for output 0 of rank 2/);
  });

  it("not a prefix of the output", () => {
    const e = expectError(() => vmap(((x: Tensor) => [x, x]), { outAxes: [0, 0, 0] })(np.zeros([4])), ArgumentError);
    expect(e.message).toMatch(/outAxes is an array of length 3 but result is an array of length 2/);
    const e2 = expectError(() => vmap(((x: Tensor) => ({ a: x })), { outAxes: { b: 0 } })(np.zeros([4])), ArgumentError);
    expect(e2.message).toMatch(/outAxes has keys \{b\} but result has keys \{a\}/);
  });
});

describe("errors of ops inside vmap speak of per-example shapes", () => {
  it("ops that check at the np level: matmul, add, sum axis, get index", () => {
    const e1 = expectError(() => vmap((x: Tensor) => np.matmul(x, np.zeros([4, 2])))(np.zeros([5, 3])), ShapeError);
    expect(e1.message).toMatch(/\[3\].*\[4,2\]/);
    expect(e1.message).not.toContain("[5,3]");
    const e2 = expectError(() => vmap((x: Tensor) => np.add(x, np.zeros([4])))(np.zeros([5, 3])), ShapeError);
    expect(e2.message).toContain("[3] and [4]");
    const e3 = expectError(() => vmap((x: Tensor) => np.sum(x, 2))(np.zeros([5, 4, 3])), ShapeError);
    expect(e3.message).toMatch(/axis 2 is out of range for an array of rank 2/);
    const e4 = expectError(() => vmap((x: Tensor) => x.get(4))(np.zeros([5, 4, 3])), ShapeError);
    expect(e4.message).toContain("[4,3]");
  });

  it("reshape to another size names the per-example shapes, not the batched ones", () => {
    // Outside vmap: "reshape: cannot reshape [4,3] (12 elements) to [3,2] (6 elements)".
    const e = expectError(() => vmap((x: Tensor) => x.reshape([3, 2]))(np.zeros([5, 4, 3])), ShapeError);
    expect(e.message).toContain("[4,3]");
    expect(e.message).toContain("[3,2]");
    expect(e.message).not.toContain("[5,4,3]");
  });

  it("concatenate of mismatched shapes names the per-example shapes and the user's axis", () => {
    // Outside vmap: "concatenate: args[1] has shape [3,4] but args[0] has [4,3]; all dimensions except axis 0 must match."
    const e = expectError(() => vmap((x: Tensor) => np.concatenate([x, np.zeros([3, 4])], 0))(np.zeros([5, 4, 3])), ShapeError);
    expect(e.message).toContain("[4,3]");
    expect(e.message).toContain("[3,4]");
    expect(e.message).toMatch(/axis 0/);
    expect(e.message).not.toContain("[5,4,3]");
  });
});

describe("tracer misuse and bad functions under vmap", () => {
  it("reading a batched value in JS control flow is a ConcretizationError naming vmap", () => {
    const e = expectError(() => vmap((x: Tensor) => (x.item() > 0 ? x : np.neg(x)))(np.zeros([5])), ConcretizationError);
    expect(e.message).toMatch(/traced f32\[\] inside vmap/);
    expect(e.message).toMatch(/np\.where|lax\.cond/);
    const e2 = expectError(() => vmap((x: Tensor) => (Number(x) > 0 ? x : np.neg(x)))(np.zeros([5])), ConcretizationError);
    expect(e2.message).toMatch(/inside vmap/);
  });

  it("string conversion of a batched value shows the per-example type", () => {
    let seen = "";
    vmap((x: Tensor) => {
      seen = `${x}`;
      return x;
    })(np.zeros([5, 2]));
    expect(seen).toBe("Tracer<f32[2]>");
  });

  it("a batched value that escapes is an UnexpectedTracerError when used later", () => {
    let leaked: Tensor | undefined;
    vmap((x: Tensor) => {
      leaked = x;
      return x;
    })(np.zeros([5, 2]));
    const e = expectError(() => np.sin(leaked!), UnexpectedTracerError);
    expect(e.message).toMatch(/f32\[2\]/);
    expect(e.message).toMatch(/vmap/);
    const e2 = expectError(() => vmap((y: Tensor) => np.add(y, leaked!))(np.zeros([5, 2])), UnexpectedTracerError);
    expect(e2.message).toMatch(/vmap/);
  });

  it("a non-function, and a function returning a Promise", () => {
    const e = expectError(() => vmap(bad(5)), ArgumentError);
    expect(e.message).toMatch(/vmap: expected a function, got number/);
    const e2 = expectError(() => vmap((async (x: Tensor) => x))(np.zeros([3])), ArgumentError);
    expect(e2.message).toMatch(/Promise/);
  });
});
