/**
 * np construction against JAX and numpy (scripts/gen-products-nn.py): fullLike, diag, diagflat,
 * tri, tril, triu, trilIndices, triuIndices (and …From), identity, indices, meshgrid, logspace, geomspace, fromfunction, vander and the
 * windows, in float32/float64/int32 with empty and size-1 shapes, and the gradients of diag, tril
 * and vander (JAX's NaN at x = 0 in the x⁰ column); then transforms and bad input.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, DTypeError, ShapeError, grad, np, vmap, type Tensor } from "../../src/index.js";
import { expectClose, f64, thrown } from "../support/index.js";
import { runFixtureFamily } from "./products-nn-fixture.js";

const FUNCTIONS: Record<string, (...g: Tensor[]) => Tensor> = {
  "i+10j": (i, j) => np.add(i!, np.mul(10, j!)),
  "i*j": (i, j) => np.mul(i!, j!),
  "7": () => np.array(7),
};

runFixtureFamily("construct", {
  diag: ([v], kw) => np.diag(v, kw),
  diagflat: ([v], kw) => np.diagflat(v, kw),
  tril: ([m], kw) => np.tril(m, kw),
  triu: ([m], kw) => np.triu(m, kw),
  fullLike: ([a, v], kw) => np.fullLike(a, v ?? kw.fill, { dtype: kw.dtype, shape: kw.shape }),
  vander: ([x], kw) => np.vander(x, kw),
  tri: (_, kw) => np.tri(kw.N, kw.M, kw.k, kw.dtype),
  identity: (_, kw) => np.identity(kw.n, kw.dtype),
  indices: (_, kw) => (kw.sparse ? np.indices(kw.dimensions, { dtype: kw.dtype, sparse: true }) : np.indices(kw.dimensions, kw.dtype)),
  meshgrid: (xs, kw) => np.meshgrid(...xs, kw),
  logspace: (_, { start, stop, ...kw }) => np.logspace(start, stop, kw),
  geomspace: (_, { start, stop, ...kw }) => np.geomspace(start, stop, kw),
  fromfunction: (_, kw) => np.fromfunction(FUNCTIONS[kw.fn]!, kw.shape, kw.dtype),
  hamming: (_, kw) => np.hamming(kw.M),
  hanning: (_, kw) => np.hanning(kw.M),
  bartlett: (_, kw) => np.bartlett(kw.M),
  blackman: (_, kw) => np.blackman(kw.M),
  kaiser: (_, kw) => np.kaiser(kw.M, kw.beta),
  trilIndices: (_, kw) => np.trilIndices(kw.n, kw.k, kw.m),
  triuIndices: (_, kw) => np.triuIndices(kw.n, { k: kw.k, m: kw.m ?? undefined }),
  trilIndicesFrom: ([a], kw) => np.trilIndicesFrom(a, kw.k),
  triuIndicesFrom: ([a], kw) => np.triuIndicesFrom(a, { k: kw.k }),
});

describe("construct: argument forms and extras", () => {
  it("positional and options forms agree", () => {
    expectClose(np.tri(3, { k: 1, dtype: "int32" }), np.tri(3, null, 1, "int32"));
    expectClose(np.logspace(0, 3, 4, true, 2), np.logspace(0, 3, { num: 4, base: 2 }));
    expectClose(np.geomspace(1, 8, 4, false), [1, 1.6817929, 2.828427, 4.756828]);
    expectClose(np.diag([1, 2], { k: -1 }), np.diag([1, 2], -1));
    expectClose(np.vander([2, 3], 3, true), [1, 2, 4, 1, 3, 9]);
    expect(np.meshgrid([1, 2], [3, 4, 5], { indexing: "ij" }).map((g) => g.shape)).toEqual([[2, 3], [2, 3]]);
  });

  it("empty, emptyLike and asarray", () => {
    expect(np.empty([2, 0]).shape).toEqual([2, 0]);
    expectClose(np.empty(3, "int32"), np.zeros([3], "int32"));
    expectClose(np.emptyLike(np.ones([2], "float64")), np.zeros([2], "float64"));
    expect(np.emptyLike(np.ones([2]), { shape: [4, 1] }).shape).toEqual([4, 1]);
    const x = np.ones([2]);
    expect(np.asarray(x)).toBe(x);
    expect(np.asarray(x, "int32").dtype).toBe("int32");
    expect(np.asarray([[1, 2]], { dtype: "float64" }).dtype).toBe("float64");
  });

  it("diag, tril, meshgrid and fullLike of a traced value differentiate and vectorise", () => {
    const f = (v: Tensor): Tensor => np.sum(np.mul(np.diag(v, 1), np.reshape(np.arange(9, undefined, undefined, "float64"), [3, 3])));
    expectClose(grad(f)(f64([5, 7])), [1, 5]);
    const g = (m: Tensor): Tensor => np.sum(np.square(np.triu(m)));
    expectClose(grad(g)(f64([1, 2, 3, 4], [2, 2])), [2, 4, 0, 8]);
    const h = (x: Tensor): Tensor => np.sum(np.mul(np.meshgrid(x, f64([1, 2, 3]))[0]!, np.meshgrid(x, f64([1, 2, 3]))[1]!));
    expectClose(grad(h)(f64([1, 1])), [6, 6]);
    expectClose(grad((v: Tensor) => np.sum(np.fullLike(np.ones([2, 3]), v)))(f64([1, 2, 3])), [2, 2, 2]);
    const batched = vmap((v: Tensor) => np.diag(v))(f64([1, 2, 3, 4], [2, 2])) as Tensor;
    expectClose(batched, [1, 0, 0, 2, 3, 0, 0, 4]);
    expectClose(vmap((m: Tensor) => np.diag(m))(f64([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2])) as Tensor, [1, 4, 5, 8]);
  });
});

describe("construct: bad input", () => {
  it("raises the errors of RELIABILITY.md's table, naming the function and the argument", () => {
    expect(thrown(() => np.diag(np.ones([2, 2, 2]))).message).toMatch(/np\.diag: v must be 1-D .* or 2-D/);
    expect(thrown(() => np.diag([1, 2], 0.5))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.tril([1, 2, 3])).message).toMatch(/np\.tril: the array must be at least 2-D/);
    expect(thrown(() => np.triu(np.ones([2, 2]), "1" as never))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.tri(-1))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.tri(2, 2, 0, "float16" as never))).toBeInstanceOf(DTypeError);
    expect(thrown(() => np.indices([2, -1]))).toBeInstanceOf(ShapeError);
    expect(thrown(() => np.meshgrid(np.ones([2, 2]))).message).toMatch(/np\.meshgrid: args\[0\] has shape \[2,2\]; every coordinate array must be 1-D/);
    expect(thrown(() => np.meshgrid([1], { indexing: "xz" as never }))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.meshgrid([1], { copy: false }))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.logspace(0, 1, -1))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.logspace(0, 1, 3, true, 10, "float32", 1))).toBeInstanceOf(ShapeError);
    expect(thrown(() => np.geomspace(1, "a" as never))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.fromfunction(3 as never, [2]))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.fromfunction(() => np.ones([3]), [2])).message).toMatch(/np\.fromfunction: .*\[3\] does not broadcast to \[2\]/);
    expect(thrown(() => np.vander(np.ones([2, 2]))).message).toMatch(/np\.vander: x must be 1-D/);
    expect(thrown(() => np.vander([1, 2], -1))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.hamming(2.5))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.kaiser(3, "1" as never))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.fullLike(np.ones([2]), np.ones([3])))).toBeInstanceOf(ShapeError);
    expect(thrown(() => np.identity(2, { dtype: "x" as never }))).toBeInstanceOf(DTypeError);
    expect(thrown(() => np.trilIndices(-2))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.triuIndices(2, 0.5))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.trilIndicesFrom([1, 2])).message).toMatch(/np\.trilIndicesFrom: the array must be 2-D/);
  });
});
