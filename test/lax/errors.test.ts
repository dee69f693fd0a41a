/**
 * Errors of the control-flow layer (shared/RELIABILITY.md): mismatched branch outputs, carries
 * that change structure or type, bad predicates and indices, scan lengths that disagree, reverse
 * mode through whileLoop, and JS control flow on traced values. Each error is a FluxionError
 * subclass, raised at trace time, whose message names the branch / carry component and both
 * types (or structures), and says what to do instead.
 */
import { describe, expect, it } from "vitest";
import {
  ConcretizationError,
  DTypeError,
  FluxionError,
  PyTreeError,
  ShapeError,
  grad,
  jit,
  lax,
  np,
  vmap,
  type Tensor,
} from "../../src/index.js";
import { bad, i32, thrown } from "../support/index.js";

const x = () => np.array(1.5);
const id = (v: Tensor) => v;

/** Expects a FluxionError of class `cls` whose message contains every one of `parts`. */
function expectError(f: () => unknown, cls: new (...a: never[]) => Error, ...parts: (string | RegExp)[]): Error {
  const e = thrown(f);
  expect(e, `${e.constructor.name}: ${e.message}`).toBeInstanceOf(FluxionError);
  expect(e, `${e.constructor.name}: ${e.message}`).toBeInstanceOf(cls);
  for (const p of parts) {
    if (typeof p === "string") expect(e.message).toContain(p);
    else expect(e.message).toMatch(p);
  }
  return e;
}

// ---------------------------------------------------------------------------------------------
// cond
// ---------------------------------------------------------------------------------------------

describe("lax.cond", () => {
  it("branches returning different types: names the branch and both types", () => {
    expectError(() => lax.cond(true, id, (v: Tensor) => np.astype(v, "int32"), x()), DTypeError, "lax.cond", /branch/, "f32[]", "i32[]");
    expectError(() => lax.cond(true, id, (v: Tensor) => np.astype(v, "float64"), x()), DTypeError, "f32[]", "f64[]");
  });

  it("branches returning different shapes: names both types", () => {
    const e = expectError(() => lax.cond(true, id, (v: Tensor) => np.stack([v, v]), x()), FluxionError, "lax.cond", /branch/);
    expect(e.message).toContain("f32[]");
    expect(e.message).toContain("f32[2]");
  });

  it("branches returning different structures: names both structures", () => {
    const e = expectError(() => lax.cond(true, (v: Tensor) => [v, v], bad((v: Tensor) => ({ a: v })), x()), PyTreeError, "lax.cond", /branch/);
    expect(e.message).toContain("[*, *]");
    expect(e.message).toMatch(/\{"a": \*\}|\{a: \*\}/);
  });

  it("the error also fires under jit and grad (at trace time)", () => {
    const bad = (v: Tensor) => lax.cond(np.greater(v, 0), id, (w: Tensor) => np.astype(w, "float64"), v);
    expectError(() => jit(bad)(x()), DTypeError, "f32[]", "f64[]");
    expectError(() => grad(bad)(x()), DTypeError, "f32[]", "f64[]");
  });

  it("a mismatch message says which of trueFn / falseFn returned what (not an internal branch number)", () => {
    // Internally branch 0 is falseFn and branch 1 is trueFn; a user who wrote (trueFn, falseFn)
    // cannot know that, so the message must say "true"/"false" (or trueFn/falseFn).
    const e = expectError(() => lax.cond(true, (v: Tensor) => [v, v], bad((v: Tensor) => ({ a: v })), x()), PyTreeError);
    expect(e.message).toMatch(/\btrue\b|trueFn/i);
    expect(e.message).toMatch(/\bfalse\b|falseFn/i);
    const e2 = expectError(() => lax.cond(true, id, (v: Tensor) => np.astype(v, "int32"), x()), DTypeError, "f32[]", "i32[]");
    expect(e2.message).toMatch(/\btrue\b|trueFn/i);
    expect(e2.message).toMatch(/\bfalse\b|falseFn/i);
  });

  it("a non-boolean predicate is a DTypeError naming its type and the fix", () => {
    expectError(() => lax.cond(np.array(1), id, id, x()), DTypeError, "lax.cond", "bool", "f32[]", /np\.greater|compare/i);
    expectError(() => lax.cond(i32(1), id, id, x()), DTypeError, "bool", "i32[]");
    expectError(() => lax.cond(1, id, id, x()), DTypeError, "bool");
    expectError(() => jit((p: Tensor, v: Tensor) => lax.cond(p, id, id, v))(np.array(0.5), x()), DTypeError, "bool", "f32[]");
  });

  it("a non-scalar predicate is a ShapeError naming its shape and suggesting np.where", () => {
    expectError(() => lax.cond(np.array([true, false]), id, id, x()), ShapeError, "lax.cond", "[2]", "np.where");
  });
});

// ---------------------------------------------------------------------------------------------
// switch
// ---------------------------------------------------------------------------------------------

describe("lax.switch", () => {
  const three = (last: (v: Tensor) => unknown) => [id, (v: Tensor) => np.mul(v, 2), last];

  it("branches returning different types: names the branch index and both types", () => {
    expectError(() => lax.switch(0, three((v: Tensor) => np.astype(v, "float64")), x()), DTypeError, "lax.switch", "branch 2", "f32[]", "f64[]");
    expectError(() => lax.switch(1, three((v: Tensor) => np.astype(v, "int32")), x()), DTypeError, "branch 2", "f32[]", "i32[]");
  });

  it("branches returning different structures: names the branch and both structures", () => {
    expectError(() => lax.switch(0, three((v: Tensor) => [v]), x()), PyTreeError, "lax.switch", "branch 2", "[*]");
  });

  it("a float tensor index is a DTypeError, a non-scalar one a ShapeError", () => {
    expectError(() => lax.switch(np.array(1), three(id), x()), DTypeError, "lax.switch", "integer");
    expectError(() => lax.switch(i32(0).reshape([1]), three(id), x()), ShapeError, "lax.switch", "[1]");
  });

  it("a non-integer JS number index is rejected like a float tensor, not silently truncated", () => {
    // lax.switch(np.array(1.5), ...) is a DTypeError; lax.switch(1.5, ...) must not quietly run branch 1.
    expectError(() => lax.switch(1.5, three(id), x()), DTypeError, "lax.switch", "integer");
  });

  it("no branches is an error", () => {
    expectError(() => lax.switch(0, [], x()), FluxionError, "lax.switch");
  });
});

// ---------------------------------------------------------------------------------------------
// scan
// ---------------------------------------------------------------------------------------------

describe("lax.scan", () => {
  it("a carry that changes type: names the carry component and both types", () => {
    expectError(
      () => lax.scan((c: Tensor, v: Tensor) => [np.astype(c, "float64"), v], np.array(0), np.ones([3])),
      DTypeError,
      "lax.scan",
      /carry component 0/,
      "f64[]",
      "f32[]",
      /np\.astype/,
    );
    expectError(() => lax.scan((c: Tensor, v: Tensor) => [np.astype(c, "int32"), v], np.array(0), np.ones([3])), DTypeError, "carry", "i32[]", "f32[]");
  });

  it("a carry that changes shape: names both types", () => {
    expectError(() => lax.scan((c: Tensor, v: Tensor) => [np.stack([c, v]), v], np.array(0), np.ones([3])), FluxionError, "carry", "f32[2]", "f32[]");
  });

  it("a carry that changes structure: names both structures", () => {
    expectError(
      () => lax.scan(bad((c: { h: Tensor; c: Tensor }, v: Tensor) => [{ h: np.add(c.h, v) }, v]), { h: np.array(0), c: np.array(0) }, np.ones([3])),
      PyTreeError,
      "lax.scan",
      "carry",
      '{"h": *}',
      '{"c": *, "h": *}',
    );
    expectError(() => lax.scan(bad((c: Tensor, v: Tensor) => [[c, c], v]), np.array(0), np.ones([3])), PyTreeError, "carry", "[*, *]");
  });

  it("a carry type change inside a pytree carry names the component by its path (h), not only a flat index", () => {
    const e = expectError(
      () =>
        lax.scan(
          (c: { h: Tensor; c: Tensor }, v: Tensor) => [{ h: np.astype(np.add(c.h, v), "float64"), c: c.c }, v],
          { h: np.array(0), c: np.array(0) },
          np.ones([3]),
        ),
      DTypeError,
      "carry",
      "f64[]",
      "f32[]",
    );
    // The flat leaf index ("component 1": keys are sorted, so h is leaf 1) is not something the
    // user can see; RELIABILITY.md asks for a path such as carry.h / carry["h"].
    expect(e.message).toMatch(/\bh\b/);
  });

  it("xs of different lengths: ShapeError listing every xs leaf's length", () => {
    expectError(
      () => lax.scan((c: Tensor, v: { a: Tensor; b: Tensor }) => [c, v.a], np.array(0), { a: np.ones([3]), b: np.ones([4, 2]) }),
      ShapeError,
      "lax.scan",
      /length 3/,
      /length 4/,
    );
  });

  it("a { length } option that disagrees with the xs: ShapeError naming the option and the xs lengths", () => {
    expectError(() => lax.scan((c: Tensor, v: Tensor) => [c, v], np.array(0), np.ones([3]), { length: 5 }), ShapeError, "lax.scan", /5/, /length 3/);
  });

  it("a bad length (negative, fractional) or no xs and no length: ShapeError", () => {
    expectError(() => lax.scan((c: Tensor) => [c, c], np.array(0), null, { length: -1 }), ShapeError, "length");
    expectError(() => lax.scan((c: Tensor) => [c, c], np.array(0), null, { length: 2.5 }), ShapeError, "length");
    expectError(() => lax.scan((c: Tensor) => [c, c], np.array(0), null), ShapeError, "length");
  });

  it("a body that does not return [carry, y] is a PyTreeError saying what it returned", () => {
    expectError(() => lax.scan(bad((c: Tensor) => c), np.array(0), np.ones([3])), PyTreeError, "lax.scan", "[carry, y]");
  });

  it("the carry error also fires under jit and vmap", () => {
    const bad = (init: Tensor, xs: Tensor) => lax.scan((c: Tensor, v: Tensor) => [np.astype(np.add(c, v), "float64"), v], init, xs)[0];
    expectError(() => jit(bad)(np.array(0), np.ones([3])), DTypeError, "carry", "f64[]", "f32[]");
    expectError(() => vmap(bad)(np.zeros([2]), np.ones([2, 3])), DTypeError, "carry", "f64[]", "f32[]");
  });
});

// ---------------------------------------------------------------------------------------------
// whileLoop
// ---------------------------------------------------------------------------------------------

describe("lax.whileLoop", () => {
  it("a body that changes the carry type: names the carry component and both types", () => {
    expectError(
      () => lax.whileLoop((c: Tensor) => np.less(c, 3), (c: Tensor) => np.add(np.astype(c, "float64"), 1), np.array(0)),
      DTypeError,
      "lax.whileLoop",
      /carry component 0/,
      "f64[]",
      "f32[]",
    );
    // The classic: an int32 counter bumped by a float.
    expectError(
      () => lax.whileLoop(([i]: Tensor[]) => np.less(i!, 3), ([i, v]: Tensor[]) => [np.add(i!, 0.5), v!], [i32(0), np.array(1)]),
      DTypeError,
      /carry component 0/,
      "f32[]",
      "i32[]",
    );
  });

  it("a body that changes the carry structure: PyTreeError naming both structures", () => {
    expectError(
      () => lax.whileLoop((c: { a: Tensor }) => np.less(c.a, 3), bad((c: { a: Tensor }) => ({ a: np.add(c.a, 1), b: c.a })), { a: np.array(0) }),
      PyTreeError,
      "lax.whileLoop",
      '{"a": *, "b": *}',
      '{"a": *}',
    );
  });

  it("a condition returning a non-bool (or a non-scalar bool): DTypeError naming what it returned", () => {
    expectError(() => lax.whileLoop((c: Tensor) => c, (c: Tensor) => np.add(c, 1), np.array(0)), DTypeError, "lax.whileLoop", "bool", "f32[]", /np\.less|compare/i);
    expectError(() => lax.whileLoop((c: Tensor) => np.less(c, 3), (c: Tensor) => np.add(c, 1), np.zeros([2])), DTypeError, "bool[2]");
    expectError(() => lax.whileLoop((c: Tensor) => np.astype(c, "int32"), (c: Tensor) => np.add(c, 1), np.array(0)), DTypeError, "i32[]");
  });
});

// ---------------------------------------------------------------------------------------------
// JS control flow on traced values
// ---------------------------------------------------------------------------------------------

describe("reading a traced value in JS control flow", () => {
  /** `if (v > 0)` on whatever it is given. */
  const branchy = (v: Tensor): Tensor => (bad<number>(v) > 0 ? np.sin(v) : np.cos(v));

  const cases: [string, () => unknown, RegExp][] = [
    ["jit", () => jit(branchy)(x()), /jit/],
    ["grad", () => grad(branchy)(x()), /grad/],
    ["vmap", () => vmap(branchy)(np.ones([3])), /vmap/],
    ["a lax.scan body", () => lax.scan((c: Tensor, v: Tensor) => [branchy(c), v], x(), np.ones([2])), /scan/],
    ["a lax.cond branch", () => lax.cond(true, branchy, id, x()), /cond/],
  ];

  for (const [where, f, names] of cases) {
    it(`inside ${where}: ConcretizationError naming lax.cond, np.where and lax.forLoop`, () => {
      const e = expectError(f, ConcretizationError, "lax.cond", "np.where", "lax.forLoop");
      expect(e.message).toMatch(names);
      expect(e.message).toContain("f32[");
    });
  }

  it("Number(x) under grad is a ConcretizationError too", () => {
    expectError(() => grad((v: Tensor) => np.mul(v, Number(v)))(x()), ConcretizationError, "lax.cond", "np.where", "lax.forLoop");
  });

  it("the same function works eagerly, and the lax.cond rewrite works under jit and grad", () => {
    expect(branchy(x()).item()).toBeCloseTo(Math.sin(1.5), 6);
    const fixed = (v: Tensor) => lax.cond(np.greater(v, 0), np.sin, np.cos, v);
    expect(jit(fixed)(x()).item()).toBeCloseTo(Math.sin(1.5), 6);
    expect(grad(fixed)(x()).item()).toBeCloseTo(Math.cos(1.5), 6);
  });
});
