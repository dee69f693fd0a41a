/**
 * The vmap law, vmap(f)(xs)[i] = f(xs[i]), for a representative op of every primitive family,
 * every form of inAxes / outAxes, nesting, closures over outer tracers, and composition with
 * jvp, vjp, grad and jit. Expected values come from the per-example loop (`x.get(i)` /
 * `x.slice(...)` stacked with `np.stack`), closed forms, or numpy constants — never from vmap.
 */
import { describe, expect, it } from "vitest";
import { checkpoint, customJvp, customVjp, grad, jit, jvp, lax, nn, np, random, stopGradient, vjp, vmap, type Tensor } from "../../src/index.js";
import { type AnyFunction, EXACT, T, type Tol, expectClose, vals } from "../support/index.js";
import { exampleOf, loop, rand, randInt } from "./helpers.js";

type F = AnyFunction;

/** vmap(f, {inAxes}) against the per-example loop (same shape, dtype, values). */
function checkLaw(f: F, args: readonly unknown[], inAxes: readonly (number | null)[], size: number, tol: Tol = EXACT): void {
  const got = vmap(f, { inAxes: inAxes.length === 1 ? inAxes[0]! : [...inAxes] })(...args);
  expectClose(got, loop(f, args, inAxes, size), tol);
}

const B = 4;

describe("the comparison helpers (so a passing law means something)", () => {
  it("expectClose rejects a wrong shape, dtype or element", () => {
    const x = np.array([[1, 2], [3, 4]]);
    expect(() => expectClose(x, np.array([1, 2, 3, 4]), EXACT)).toThrow();
    expect(() => expectClose(x, np.astype(x, "float64"), EXACT)).toThrow();
    expect(() => expectClose(x, np.array([[1, 2], [3, 4.001]]), EXACT)).toThrow();
    expect(() => expectClose(x, np.array([[1, 2], [3, 4.001]]), { rtol: 1e-3 })).not.toThrow();
  });

  it("loop slices each argument along its own axis and stacks along outAxis", () => {
    // x = np.arange(6).reshape(2, 3); [x[:, i] for i in range(3)] stacked on axis 1 is x itself.
    const x = np.reshape(np.arange(6), [2, 3]);
    expect(loop((v: Tensor) => v, [x], [1], 3).toArray()).toEqual([[0, 3], [1, 4], [2, 5]]);
    expect(loop((v: Tensor) => v, [x], [-1], 3, 1).toArray()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(loop((v: Tensor, c: number) => np.mul(v, c), [x, 10], [0, null], 2).toArray()).toEqual([[0, 10, 20], [30, 40, 50]]);
  });
});

// ---------------------------------------------------------------------------------------------
// Elementwise
// ---------------------------------------------------------------------------------------------

describe("elementwise", () => {
  const X = rand([B, 3], 1);
  const Y = rand([B, 3], 2);

  it("unary: sin, exp, tanh, abs, floor over a batch", () => {
    for (const f of [np.sin, np.exp, np.tanh, np.abs, np.floor, nn.relu, nn.softplus]) checkLaw(f, [X], [0], B);
  });

  it("binary, both batched on axis 0", () => {
    for (const f of [np.add, np.sub, np.mul, np.div, np.maximum, np.minimum]) checkLaw(f, [X, Y], [0, 0], B);
  });

  it("binary, batched on different axes (0 and 1)", () => {
    checkLaw(np.sub, [X, np.transpose(Y)], [0, 1], B);
  });

  it("binary with an unbatched operand (inAxes null) and with a closed-over tensor", () => {
    const c = np.array([1, -2, 3]);
    checkLaw(np.mul, [X, c], [0, null], B);
    checkLaw(np.mul, [c, X], [null, 0], B);
    checkLaw((x: Tensor) => np.add(x, c), [X], [0], B);
  });

  it("binary broadcasting a batched vector against an unbatched matrix", () => {
    const M = rand([2, 3], 3);
    checkLaw((x: Tensor, m: Tensor) => np.mul(x, m), [X, M], [0, null], B);
    checkLaw((m: Tensor, x: Tensor) => np.sub(m, x), [M, X], [null, 0], B);
  });

  it("binary with a JS scalar and a 0-d tensor", () => {
    checkLaw((x: Tensor) => x.mul(2).add(1), [X], [0], B);
    checkLaw((x: Tensor) => np.pow(2.5, np.abs(x)), [X], [0], B, { rtol: 1e-6 });
    const s = np.array(0.5);
    checkLaw((x: Tensor) => np.sub(s, x), [X], [0], B);
    // A batch of scalars against an unbatched vector.
    checkLaw((a: Tensor) => np.mul(a, np.array([1, 2, 3])), [np.array([1, 2, 3, 4])], [0], B);
  });

  it("comparisons give bool, batched", () => {
    checkLaw(np.less, [X, Y], [0, 0], B);
    checkLaw((x: Tensor) => np.greaterEqual(x, 0), [X], [0], B);
  });

  it("select / where with batched condition and one unbatched branch", () => {
    const other = np.array([10, 20, 30]);
    checkLaw((x: Tensor) => np.where(np.greater(x, 0), x, other), [X], [0], B);
    checkLaw((c: Tensor, x: Tensor) => np.where(c, x, np.neg(x)), [np.greater(Y, 0), X], [0, 0], B);
    // Only the condition batched; both branches unbatched.
    checkLaw((c: Tensor) => np.where(c, other, np.array([-1, -2, -3])), [np.greater(Y, 0)], [0], B);
    // Scalar per-example condition picks between whole vectors.
    checkLaw((c: Tensor, x: Tensor) => np.where(c, x, other), [np.array([true, false, true, false]), X], [0, 0], B);
  });

  it("convert_element_type to int32, float64 and bool", () => {
    const Z = np.mul(X, 5);
    checkLaw((x: Tensor) => np.astype(x, "int32"), [Z], [0], B);
    checkLaw((x: Tensor) => np.astype(x, "float64"), [Z], [0], B);
    checkLaw((x: Tensor) => np.astype(x, "bool"), [np.floor(Z)], [0], B);
  });

  it("integer_pow (x³, x⁻², square)", () => {
    checkLaw((x: Tensor) => np.pow(x, 3), [X], [0], B);
    checkLaw((x: Tensor) => np.pow(np.add(x, 2), -2), [X], [0], B);
    checkLaw(np.square, [X], [1], 3);
  });
});

// ---------------------------------------------------------------------------------------------
// Reductions
// ---------------------------------------------------------------------------------------------

describe("reductions", () => {
  // Batch axis in the middle: examples are X[:, i, :] of shape [3, 5].
  const X = rand([3, B, 5], 4);

  it("sum over an axis before the batch dim, after it, both, and all", () => {
    checkLaw((x: Tensor) => np.sum(x, 0), [X], [1], B, { rtol: 1e-6 });
    checkLaw((x: Tensor) => np.sum(x, 1), [X], [1], B, { rtol: 1e-6 });
    checkLaw((x: Tensor) => np.sum(x, -1), [X], [1], B, { rtol: 1e-6 });
    checkLaw((x: Tensor) => np.sum(x, [0, 1]), [X], [1], B, { rtol: 1e-6, atol: 1e-6 });
    checkLaw((x: Tensor) => np.sum(x), [X], [1], B, { rtol: 1e-6, atol: 1e-6 });
  });

  it("keepdims, with the batch dim first and last", () => {
    checkLaw((x: Tensor) => np.sum(x, 1, true), [X], [1], B, { rtol: 1e-6 });
    checkLaw((x: Tensor) => np.max(x, 0, true), [X], [1], B);
    checkLaw((x: Tensor) => np.mean(x, -1, true), [X], [0], 3, { rtol: 1e-6 });
    checkLaw((x: Tensor) => np.min(x, [0], true), [X], [2], 5);
  });

  it("max, min, prod, mean with negative and multiple axes", () => {
    checkLaw((x: Tensor) => np.max(x, -1), [X], [1], B);
    checkLaw((x: Tensor) => np.min(x, 0), [X], [-1], 5);
    checkLaw((x: Tensor) => np.prod(x, 1), [X], [0], 3, { rtol: 1e-6 });
    checkLaw((x: Tensor) => np.mean(x, [0, 1]), [X], [2], 5, { rtol: 1e-6 });
  });

  it("argmax / argmin along axes before and after the batch dim", () => {
    checkLaw((x: Tensor) => np.argmax(x, 0), [X], [1], B);
    checkLaw((x: Tensor) => np.argmax(x, 1), [X], [1], B);
    checkLaw((x: Tensor) => np.argmin(x, -1), [X], [0], 3);
    checkLaw((x: Tensor) => np.argmax(x), [X], [2], 5);
    checkLaw((x: Tensor) => np.argmax(x, 0, true), [X], [1], B);
  });

  it("argmax known values (numpy)", () => {
    // np.argmax([[[1, 9], [5, 2]], [[7, 3], [0, 8]]], axis=1) for each batch element along axis 0
    // = [[1, 0], [0, 1]]
    const x = np.array([[[1, 9], [5, 2]], [[7, 3], [0, 8]]]);
    expect(T(vmap((e: Tensor) => np.argmax(e, 0))(x)).toArray()).toEqual([[1, 0], [0, 1]]);
    // With the batch along the last axis: np.argmax(x, axis=0).T per example, [[1, 0], [0, 1]].T
    // examples x[:, :, j]: j=0 → [[1,5],[7,0]] argmax axis 0 → [1, 0]; j=1 → [[9,2],[3,8]] → [0, 1]
    expect(T(vmap((e: Tensor) => np.argmax(e, 0), { inAxes: 2 })(x)).toArray()).toEqual([[1, 0], [0, 1]]);
  });

  it("argsort via random.permutation over a batch of keys", () => {
    const keys = random.split(random.key(7), 5);
    const perm = (k: Tensor): Tensor => random.permutation(k, 8);
    checkLaw(perm, [keys], [0], 5);
    // Keys stored column-wise ([2, 5]) with inAxes 1.
    checkLaw(perm, [np.transpose(keys)], [1], 5);
    // Each row is a permutation of 0…7.
    for (const row of T(vmap(perm)(keys)).toArray() as number[][]) expect([...row].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});

// ---------------------------------------------------------------------------------------------
// Shape and movement
// ---------------------------------------------------------------------------------------------

describe("movement", () => {
  const X = rand([B, 2, 3], 5);

  it("reshape, with the batch axis first and in the middle", () => {
    checkLaw((x: Tensor) => x.reshape([6]), [X], [0], B);
    checkLaw((x: Tensor) => x.reshape([3, 4]), [X], [1], 2);
    checkLaw((x: Tensor) => x.reshape([2, 1, 3]), [X], [0], B);
    checkLaw((x: Tensor) => np.reshape(x, [-1]), [X], [2], 3);
    checkLaw((x: Tensor) => np.expandDims(x, 1), [X], [0], B);
    checkLaw((x: Tensor) => np.squeeze(np.expandDims(x, 0)), [X], [1], 2);
  });

  it("broadcast (broadcastTo and broadcasting arithmetic)", () => {
    checkLaw((x: Tensor) => np.broadcastTo(x, [5, 3]), [rand([B, 3], 6)], [0], B);
    checkLaw((x: Tensor) => np.broadcastTo(x, [2, 4, 3]), [rand([3, B], 7)], [1], B);
    checkLaw((x: Tensor) => np.broadcastTo(x, [2, 3]), [rand([B, 1, 3], 8)], [0], B);
  });

  it("transpose (.T and explicit axes)", () => {
    checkLaw((x: Tensor) => x.T, [X], [0], B);
    checkLaw((x: Tensor) => np.transpose(x, [1, 0]), [X], [2], 3);
    checkLaw((x: Tensor) => np.transpose(np.reshape(x, [2, 3, 1]), [2, 0, 1]), [X], [0], B);
  });

  it("slice, including negative steps (rev) and dropped axes", () => {
    const Y = rand([B, 7], 9);
    checkLaw((x: Tensor) => x.slice([1, 5]), [Y], [0], B);
    checkLaw((x: Tensor) => x.slice([6, 0, -2]), [Y], [0], B);
    checkLaw((x: Tensor) => x.slice([-1, -8, -1]), [np.transpose(Y)], [1], B);
    checkLaw((x: Tensor) => x.slice([0, 7, 3]), [np.transpose(Y)], [-1], B);
    checkLaw((x: Tensor) => x.slice(null, [2, 0, -1]), [X], [0], B);
    checkLaw((x: Tensor) => x.slice(1, [0, 3, 2]), [X], [0], B);
    checkLaw((x: Tensor) => x.get(-1), [X], [2], 3);
  });

  it("slice known values (numpy)", () => {
    // np.arange(12).reshape(2, 6)[:, 5:0:-2] = [[5, 3, 1], [11, 9, 7]]
    const got = vmap((x: Tensor) => x.slice([5, 0, -2]))(np.reshape(np.arange(12), [2, 6]));
    expect(T(got).toArray()).toEqual([[5, 3, 1], [11, 9, 7]]);
  });

  it("pad built from concatenate with unbatched zeros, and stack", () => {
    const Y = rand([B, 3], 10);
    const padded = (x: Tensor): Tensor => np.concatenate([np.zeros([2]), x, np.zeros([1])]);
    checkLaw(padded, [Y], [0], B);
    checkLaw(padded, [np.transpose(Y)], [1], B);
    checkLaw((x: Tensor) => np.stack([x, np.mul(x, 2)], 1), [Y], [0], B);
    checkLaw((x: Tensor) => np.stack([np.ones([3]), x], 0), [np.transpose(Y)], [1], B);
    // np.pad(np.arange(6).reshape(2, 3), ((0, 0), (2, 1))) = [[0,0,0,1,2,0],[0,0,3,4,5,0]]
    expect(T(vmap(padded)(np.reshape(np.arange(6), [2, 3]))).toArray()).toEqual([[0, 0, 0, 1, 2, 0], [0, 0, 3, 4, 5, 0]]);
  });

  it("the pad primitive (the transpose of slice) under vmap of a gradient", () => {
    // d/dx sum(x[1:4]·w) = w padded with zeros: pad(w, (1, 2)).
    const Y = rand([B, 6], 11);
    const w = np.array([1, 2, 3]);
    const g = (x: Tensor): Tensor => T(grad((v: Tensor) => np.sum(np.mul(v.slice([1, 4]), w)))(x));
    checkLaw(g, [Y], [0], B);
    checkLaw(g, [np.transpose(Y)], [1], B);
    expectClose(vmap(g)(Y), Array.from({ length: B }, () => [0, 1, 2, 3, 0, 0]).flat(), EXACT);
    // Strided slice: interior padding.
    const g2 = (x: Tensor): Tensor => T(grad((v: Tensor) => np.sum(np.mul(v.slice([0, 6, 2]), w)))(x));
    expectClose(vmap(g2)(Y), Array.from({ length: B }, () => [1, 0, 2, 0, 3, 0]).flat(), EXACT);
  });

  it("concatenate with one unbatched operand, on every axis", () => {
    const c = np.array([[7, 8, 9]]);
    checkLaw((x: Tensor) => np.concatenate([x, c], 0), [X], [0], B);
    checkLaw((x: Tensor) => np.concatenate([c, x, c], 0), [X], [1], 2);
    checkLaw((x: Tensor) => np.concatenate([x, np.ones([2, 2])], 1), [X.slice(null, null, [0, 1])], [0], B);
    checkLaw((x: Tensor, y: Tensor) => np.concatenate([x, y], -1), [X, rand([2, B, 4], 12)], [0, 1], B);
  });
});

// ---------------------------------------------------------------------------------------------
// Indexing
// ---------------------------------------------------------------------------------------------

describe("indexing", () => {
  const X = rand([B, 5, 3], 13);
  const table = rand([6, 2], 14);

  it("take/gather with only the operand batched", () => {
    const idx = np.astype(np.array([4, 0, 0, 2]), "int32");
    checkLaw((x: Tensor) => np.take(x, idx, 0), [X], [0], B);
    checkLaw((x: Tensor) => np.take(x, idx, 1), [X], [1], 5);
    checkLaw((x: Tensor) => np.take(x, [[1, 2], [2, 1]], 1), [X], [0], B);
    checkLaw((x: Tensor) => np.take(x, [-1, 7]), [X], [0], B); // flattened, negative and clamped
  });

  it("take/gather with only the indices batched", () => {
    const I = randInt([B, 3], 15, 0, 6);
    checkLaw((i: Tensor) => np.take(table, i, 0), [I], [0], B);
    checkLaw((i: Tensor) => np.take(table, i, 0), [np.transpose(I)], [1], B);
    checkLaw((i: Tensor) => np.take(table, i, 1), [randInt([B], 16, 0, 2)], [0], B);
    checkLaw((i: Tensor) => table.get(i), [randInt([B], 17, 0, 6)], [0], B);
  });

  it("take/gather with both batched, including negative and out-of-range indices", () => {
    const I = np.astype(np.array([[0, 4], [-1, 2], [9, -7], [3, 3]]), "int32");
    checkLaw((x: Tensor, i: Tensor) => np.take(x, i, 0), [X, I], [0, 0], B);
    checkLaw((x: Tensor, i: Tensor) => np.take(x, i, 1), [X.slice(null, [0, 3]), np.transpose(I)], [0, 1], B);
    checkLaw((x: Tensor, i: Tensor) => x.get(i), [X, np.astype(np.array([4, 0, -2, 1]), "int32")], [0, 0], B);
    checkLaw((x: Tensor, i: Tensor) => np.take(x, i, 0), [np.transpose(X, [1, 0, 2]), I], [1, 0], B);
  });

  it("gather known values (numpy)", () => {
    // x = np.arange(12).reshape(3, 4); i = [[3, 0], [1, 1], [2, 0]]
    // np.take_along_axis(x, i, 1) = [[3, 0], [5, 5], [10, 8]]
    const x = np.reshape(np.arange(12), [3, 4]);
    const i = np.astype(np.array([[3, 0], [1, 1], [2, 0]]), "int32");
    expect(T(vmap((r: Tensor, k: Tensor) => np.take(r, k))(x, i)).toArray()).toEqual([[3, 0], [5, 5], [10, 8]]);
  });

  it("x.at(i).set / add with batched indices and values", () => {
    const Z = rand([B, 5], 18);
    const I = np.astype(np.array([0, 4, -1, 2]), "int32");
    const V = np.array([10, 20, 30, 40]);
    checkLaw((x: Tensor, i: Tensor, v: Tensor) => x.at(i).set(v), [Z, I, V], [0, 0, 0], B);
    checkLaw((x: Tensor, i: Tensor, v: Tensor) => x.at(i).add(v), [Z, I, V], [0, 0, 0], B);
    // Only indices and values batched: scatter into a shared zero vector.
    checkLaw((i: Tensor, v: Tensor) => np.zeros([5]).at(i).set(v), [I, V], [0, 0], B);
    // Only values batched, index static.
    checkLaw((x: Tensor, v: Tensor) => x.at(3).add(v), [Z, V], [null, 0], B);
    // Only the operand batched.
    checkLaw((x: Tensor) => x.at(np.astype(np.array([1, 3]), "int32")).set(-1), [Z], [0], B);
    // Batched index vectors with duplicates: add accumulates.
    const J = np.astype(np.array([[1, 1, 0], [2, 4, 2], [0, 0, 0], [3, 2, 1]]), "int32");
    const W = rand([B, 3], 19);
    checkLaw((x: Tensor, j: Tensor, w: Tensor) => x.at(j).add(w), [Z, J, W], [0, 0, 0], B, { rtol: 1e-6, atol: 1e-7 });
    // Rows of a matrix, index and values batched along axis 1.
    const M = rand([B, 3, 2], 20);
    checkLaw((m: Tensor, i: Tensor, v: Tensor) => m.at(i).set(v), [M, I, np.transpose(rand([B, 2], 21))], [0, 0, 1], B);
  });

  it("scatter-add known values (numpy)", () => {
    // z = np.zeros((2, 4)); np.add.at(z[0], [1, 1, 3], [1, 2, 3]); np.add.at(z[1], [0, 2, 0], [4, 5, 6])
    // z = [[0, 3, 0, 3], [10, 0, 5, 0]]
    const i = np.astype(np.array([[1, 1, 3], [0, 2, 0]]), "int32");
    const v = np.array([[1, 2, 3], [4, 5, 6]]);
    expect(T(vmap((k: Tensor, u: Tensor) => np.zeros([4]).at(k).add(u))(i, v)).toArray()).toEqual([[0, 3, 0, 3], [10, 0, 5, 0]]);
  });
});

// ---------------------------------------------------------------------------------------------
// Linear algebra and random numbers
// ---------------------------------------------------------------------------------------------

describe("linear algebra", () => {
  const A = rand([B, 2, 3], 22);
  const Bm = rand([B, 3, 4], 23);
  const W = rand([3, 4], 24);
  const L = rand([2, 3], 25);
  const tol = { rtol: 1e-6, atol: 1e-6 };

  it("matmul with only the lhs batched (vector and matrix examples)", () => {
    checkLaw((x: Tensor) => np.matmul(x, W), [A], [0], B, tol);
    checkLaw((x: Tensor) => np.matmul(x, W), [rand([B, 3], 26)], [0], B, tol);
    checkLaw((x: Tensor) => np.matmul(x, W), [np.transpose(A, [1, 2, 0])], [-1], B, tol);
  });

  it("matmul with only the rhs batched", () => {
    checkLaw((w: Tensor) => np.matmul(L, w), [Bm], [0], B, tol);
    checkLaw((w: Tensor) => np.matmul(L, w), [np.transpose(Bm, [1, 0, 2])], [1], B, tol);
    checkLaw((v: Tensor) => np.matmul(L, v), [rand([B, 3], 27)], [0], B, tol);
  });

  it("matmul with both batched, on different axes; dot and outer", () => {
    checkLaw(np.matmul, [A, Bm], [0, 0], B, tol);
    checkLaw(np.matmul, [np.transpose(A, [1, 0, 2]), np.transpose(Bm, [1, 2, 0])], [1, 2], B, tol);
    const U = rand([B, 3], 28), V = rand([3, B], 29);
    checkLaw(np.dot, [U, V], [0, 1], B, tol);
    checkLaw(np.outer, [U, V], [0, 1], B, tol);
  });

  it("matmul known values (numpy)", () => {
    // np.einsum('bij,jk->bik', [[[1,2]],[[3,4]]], [[1,0,2],[0,1,3]]) = [[[1,2,8]],[[3,4,18]]]
    const got = vmap((x: Tensor) => np.matmul(x, np.array([[1, 0, 2], [0, 1, 3]])))(np.array([[[1, 2]], [[3, 4]]]));
    expect(T(got).toArray()).toEqual([[[1, 2, 8]], [[3, 4, 18]]]);
  });

  it("einsum with batched and unbatched operands", () => {
    checkLaw((a: Tensor, b: Tensor) => np.einsum("ij,jk->ik", a, b), [A, W], [0, null], B, tol);
    checkLaw((a: Tensor, b: Tensor) => np.einsum("ij,ij->i", a, b), [A, L], [0, null], B, tol);
    checkLaw((a: Tensor, b: Tensor) => np.einsum("ij,jk->ki", a, b), [A, Bm], [0, 0], B, tol);
    checkLaw((a: Tensor) => np.einsum("ij->j", a), [A], [2], 3, tol);
  });

  it("random.uniform and random.normal over a batch of keys", () => {
    const keys = random.split(random.key(3), 6);
    checkLaw((k: Tensor) => random.uniform(k, [3]), [keys], [0], 6);
    checkLaw((k: Tensor) => random.uniform(k, [2, 2], { minval: -1, maxval: 2 }), [keys], [0], 6);
    checkLaw((k: Tensor) => random.uniform(k), [np.transpose(keys)], [1], 6);
    checkLaw((k: Tensor) => random.normal(k, [4]), [keys], [0], 6, { rtol: 1e-6, atol: 1e-6 });
    checkLaw((k: Tensor) => random.split(k, 3), [keys], [0], 6);
    // Different keys give different rows.
    const rows = T(vmap((k: Tensor) => random.uniform(k, [3]))(keys)).toArray() as number[][];
    expect(new Set(rows.map((r) => r.join(","))).size).toBe(6);
  });
});

// ---------------------------------------------------------------------------------------------
// inAxes and outAxes
// ---------------------------------------------------------------------------------------------

describe("inAxes", () => {
  const X = rand([3, B], 30);

  it("a number: 1 and -1 map the last axis", () => {
    const f = (x: Tensor): Tensor => np.mul(np.sin(x), np.sum(x));
    const want = loop(f, [X], [1], B);
    expectClose(vmap(f, { inAxes: 1 })(X), want, { rtol: 1e-6 });
    expectClose(vmap(f, { inAxes: -1 })(X), want, { rtol: 1e-6 });
  });

  it("one number applies to every argument (and to every leaf of a pytree argument)", () => {
    const f = (p: { a: Tensor; b: Tensor }, x: Tensor): Tensor => np.add(np.mul(p.a, x), p.b);
    const p = { a: rand([3, B], 31), b: rand([3, B], 32) };
    const got = vmap(f, { inAxes: 1 })(p, X);
    const want = np.stack(Array.from({ length: B }, (_, i) => f({ a: T(exampleOf(p.a, 1, i)), b: T(exampleOf(p.b, 1, i)) }, T(exampleOf(X, 1, i)))));
    expectClose(got, want, { rtol: 1e-6 });
  });

  it("null: an argument shared by every example", () => {
    const w = np.array([1, 2, 3]);
    const f = (w0: Tensor, x: Tensor): Tensor => np.dot(w0, x);
    expectClose(vmap(f, { inAxes: [null, 1] })(w, X), loop(f, [w, X], [null, 1], B), { rtol: 1e-6 });
  });

  it("an object prefix { w: null, b: 0 }", () => {
    const params = { w: rand([3, 2], 33), b: rand([B, 2], 34) };
    const f = (p: { w: Tensor; b: Tensor }): Tensor => np.add(np.matmul(np.array([1, 2, 3]), p.w), p.b);
    const got = vmap(f, { inAxes: { w: null, b: 0 } })(params);
    const want = np.stack(Array.from({ length: B }, (_, i) => f({ w: params.w, b: params.b.get(i) })));
    expectClose(got, want, { rtol: 1e-6 });
  });

  it("per-argument arrays holding object and array prefixes", () => {
    const params = { w: rand([3, 2], 35), b: rand([2, B], 36) };
    const xs = [rand([B, 3], 37), rand([3], 38)];
    const f = (p: { w: Tensor; b: Tensor }, pair: Tensor[]): Tensor => np.add(np.matmul(np.mul(pair[0]!, pair[1]!), p.w), p.b);
    const got = vmap(f, { inAxes: [{ w: null, b: 1 }, [0, null]] })(params, xs);
    const want = np.stack(Array.from({ length: B }, (_, i) => f({ w: params.w, b: T(exampleOf(params.b, 1, i)) }, [xs[0]!.get(i), xs[1]!])));
    expectClose(got, want, { rtol: 1e-6, atol: 1e-7 });
  });

  it("JS numbers as unmapped arguments", () => {
    const f = (x: Tensor, s: number): Tensor => np.mul(x, s);
    expectClose(vmap(f, { inAxes: [0, null] })(rand([B, 2], 39), 3), loop(f, [rand([B, 2], 39), 3], [0, null], B), EXACT);
  });
});

describe("outAxes", () => {
  const X = rand([B, 3], 40);
  const f = (x: Tensor): Tensor => np.mul(np.cos(x), 2);

  it("1 and -1 put the batch axis last", () => {
    const want = loop(f, [X], [0], B, 1);
    expect(want.shape).toEqual([3, B]);
    expectClose(vmap(f, { outAxes: 1 })(X), want, EXACT);
    expectClose(vmap(f, { outAxes: -1 })(X), want, EXACT);
    const g = (x: Tensor): Tensor => np.outer(x, x);
    expectClose(vmap(g, { outAxes: 1 })(X), loop(g, [X], [0], B, 1), { rtol: 1e-6 });
    expectClose(vmap(g, { outAxes: -1 })(X), loop(g, [X], [0], B, 2), { rtol: 1e-6 });
  });

  it("null for an unbatched output returns it as is; 0 broadcasts it", () => {
    const c = np.array([5, 6]);
    const h = (x: Tensor): Tensor[] => [np.sin(x), np.mul(c, 2)];
    const [a, b] = vmap(h, { outAxes: [0, null] })(X);
    expectClose(a, loop(np.sin, [X], [0], B), EXACT);
    expectClose(b, np.array([10, 12]), EXACT);
    const [, b0] = vmap(h)(X);
    expectClose(b0, np.array([[10, 12], [10, 12], [10, 12], [10, 12]]), EXACT);
    const [, b1] = vmap(h, { outAxes: [0, 1] })(X);
    expectClose(b1, np.array([[10, 10, 10, 10], [12, 12, 12, 12]]), EXACT);
  });

  it("a pytree prefix of the output", () => {
    const h = (x: Tensor) => ({ s: np.sum(x), parts: [np.mul(x, 2), np.outer(x, x)] });
    const out = vmap(h, { outAxes: { s: 0, parts: [1, -1] } })(X) as { s: Tensor; parts: Tensor[] };
    expectClose(out.s, loop((x: Tensor) => h(x).s, [X], [0], B), { rtol: 1e-6 });
    expectClose(out.parts[0], loop((x: Tensor) => h(x).parts[0], [X], [0], B, 1), EXACT);
    expectClose(out.parts[1], loop((x: Tensor) => h(x).parts[1], [X], [0], B, 2), { rtol: 1e-6 });
    // One number for the whole tree.
    const all = vmap(h, { outAxes: -1 })(X) as { s: Tensor; parts: Tensor[] };
    expectClose(all.s, loop((x: Tensor) => h(x).s, [X], [0], B), { rtol: 1e-6 });
    expectClose(all.parts[0], loop((x: Tensor) => h(x).parts[0], [X], [0], B, 1), EXACT);
  });
});

// ---------------------------------------------------------------------------------------------
// Nesting and closures
// ---------------------------------------------------------------------------------------------

describe("nesting", () => {
  it("vmap(vmap(f)) equals the nested loop, with different axes", () => {
    const f = (x: Tensor): Tensor => np.mul(np.sin(x), np.sum(np.square(x)));
    const X = rand([3, 5, 2], 41); // outer batch axis 0 (3), inner along axis 2 of each [5, 2] → 2
    const got = vmap(vmap(f, { inAxes: 1 }), { inAxes: 0 })(X);
    const want = np.stack(Array.from({ length: 3 }, (_, i) => np.stack(Array.from({ length: 2 }, (_, j) => f(X.get(i).slice(null, j))))));
    expectClose(got, want, { rtol: 1e-6 });
    // Outer over axis 2, inner over (the remaining) axis 0, outputs placed at axis 1 and 0.
    const got2 = vmap(vmap(f, { inAxes: 0, outAxes: 1 }), { inAxes: 2, outAxes: 0 })(X);
    const want2 = np.stack(Array.from({ length: 2 }, (_, j) => np.stack(Array.from({ length: 3 }, (_, i) => f(X.slice(i, null, j))), 1)));
    expectClose(got2, want2, { rtol: 1e-6 });
  });

  it("pairwise distances: the inner function closes over the outer example", () => {
    const P = rand([4, 3], 42), Q = rand([5, 3], 43);
    const dist = (p: Tensor, q: Tensor): Tensor => np.sqrt(np.sum(np.square(np.sub(p, q))));
    const got = vmap((p: Tensor) => vmap((q: Tensor) => dist(p, q))(Q))(P);
    const want = Array.from({ length: 4 }, (_, i) => Array.from({ length: 5 }, (_, j) => dist(P.get(i), Q.get(j)).item())).flat();
    expect(T(got).shape).toEqual([4, 5]);
    expectClose(got, want, { rtol: 1e-6 });
    // Closed form in float64 JS.
    const pv = vals(P), qv = vals(Q);
    const cf = Array.from({ length: 20 }, (_, k) => {
      const i = Math.floor(k / 5), j = k % 5;
      return Math.hypot(pv[3 * i]! - qv[3 * j]!, pv[3 * i + 1]! - qv[3 * j + 1]!, pv[3 * i + 2]! - qv[3 * j + 2]!);
    });
    expectClose(got, cf, { rtol: 1e-6 });
  });

  it("nested matmul: vmap over rows of both operands gives all pairwise dot products", () => {
    const U = rand([3, 4], 44), V = rand([2, 4], 45);
    const got = vmap((u: Tensor) => vmap((v: Tensor) => np.dot(u, v))(V))(U);
    expectClose(got, np.matmul(U, np.transpose(V)), { rtol: 1e-6, atol: 1e-7 });
  });

  it("three levels deep", () => {
    const X = rand([2, 3, 4], 46);
    const got = vmap(vmap(vmap(np.exp)))(X);
    expectClose(got, np.exp(X), EXACT);
  });
});

describe("closures over outer tracers (grad and vmap)", () => {
  const sigma = (z: number): number => 1 / (1 + Math.exp(-z));
  // Logistic loss of one example: softplus(w·x) − y·(w·x); its gradient is (σ(w·x) − y)·x.
  const loss = (w: Tensor, x: Tensor, y: Tensor): Tensor => {
    const z = np.dot(w, x);
    return np.sub(nn.softplus(z), np.mul(y, z));
  };
  const d = 3, n = 5;
  const w = np.array([0.5, -1, 0.25], { dtype: "float64" });
  const xs = rand([n, d], 47, { dtype: "float64" });
  const ys = np.array([1, 0, 1, 1, 0], { dtype: "float64" });

  function closedForm(): number[] {
    const wv = vals(w), xv = vals(xs), yv = vals(ys);
    return Array.from({ length: n }, (_, i) => {
      const z = wv.reduce((t, wj, j) => t + wj * xv[i * d + j]!, 0);
      return Array.from({ length: d }, (_, j) => (sigma(z) - yv[i]!) * xv[i * d + j]!);
    }).flat();
  }

  it("per-example gradients: vmap(grad(loss), { inAxes: [null, 0, 0] })", () => {
    const got = vmap(grad(loss), { inAxes: [null, 0, 0] })(w, xs, ys);
    expect(T(got).shape).toEqual([n, d]);
    const perLoop = np.stack(Array.from({ length: n }, (_, i) => T(grad(loss)(w, xs.get(i), ys.get(i)))));
    expectClose(got, perLoop, { rtol: 1e-12, atol: 1e-14 });
    expectClose(got, closedForm(), { rtol: 1e-12, atol: 1e-14 });
  });

  it("vmap inside grad: the gradient of a vmapped batch loss is the summed per-example gradient", () => {
    const batchLoss = (wt: Tensor): Tensor => np.sum(T(vmap((x: Tensor, y: Tensor) => loss(wt, x, y))(xs, ys)));
    const got = grad(batchLoss)(w);
    const cf = closedForm();
    const summed = Array.from({ length: d }, (_, j) => cf.filter((_, k) => k % d === j).reduce((a, b) => a + b, 0));
    expectClose(got, summed, { rtol: 1e-12, atol: 1e-14 });
  });

  it("the inner function closes over a grad tracer (w captured, not passed)", () => {
    const g = grad(((wt: Tensor) => np.sum(T(vmap((x: Tensor) => np.square(np.dot(wt, x)))(xs)))));
    // d/dw Σ (w·xᵢ)² = Σ 2 (w·xᵢ) xᵢ
    const wv = vals(w), xv = vals(xs);
    const want = Array.from({ length: d }, (_, j) =>
      Array.from({ length: n }, (_, i) => 2 * wv.reduce((t, wk, k) => t + wk * xv[i * d + k]!, 0) * xv[i * d + j]!).reduce((a, b) => a + b, 0),
    );
    expectClose(g(w), want, { rtol: 1e-12, atol: 1e-14 });
  });

  it("per-example Hessian-vector products: vmap over grad of grad", () => {
    // f(x) = Σ x³ per example; ∇f = 3x², (∂/∂x)(∇f·v) = 6 x v.
    const f = (x: Tensor): Tensor => np.sum(np.pow(x, 3));
    const v = np.array([1, 2, 3], { dtype: "float64" });
    const hvp = (x: Tensor): Tensor => T(grad((y: Tensor) => np.dot(T(grad(f)(y)), v))(x));
    const got = vmap(hvp)(xs);
    const xv = vals(xs), vv = vals(v);
    expectClose(got, xv.map((xi, k) => 6 * xi * vv[k % d]!), { rtol: 1e-12, atol: 1e-14 });
  });
});

// ---------------------------------------------------------------------------------------------
// Composition with jvp, vjp and jit
// ---------------------------------------------------------------------------------------------

describe("composition", () => {
  const X = rand([B, 3], 48, { dtype: "float64" });
  const Tn = rand([B, 3], 49, { dtype: "float64" });
  const f = (x: Tensor): Tensor => np.mul(np.sin(x), np.sum(np.exp(x)));
  // Closed form of the tangent per example: cos(x)·t·S + sin(x)·Σ eˣt, S = Σ eˣ.
  function tangentClosedForm(): number[] {
    const xv = vals(X), tv = vals(Tn);
    return Array.from({ length: B }, (_, i) => {
      const x = xv.slice(3 * i, 3 * i + 3), t = tv.slice(3 * i, 3 * i + 3);
      const S = x.reduce((a, b) => a + Math.exp(b), 0);
      const St = x.reduce((a, b, k) => a + Math.exp(b) * t[k]!, 0);
      return x.map((xi, k) => Math.cos(xi) * t[k]! * S + Math.sin(xi) * St);
    }).flat();
  }

  it("vmap∘jvp = jvp∘vmap = the per-example jvp loop = the closed form", () => {
    const tangentOf = (x: Tensor, t: Tensor): Tensor => T(jvp(f, [x], [t])[1]);
    const a = vmap(tangentOf)(X, Tn);
    const [outB, tB] = jvp(vmap(f), [X], [Tn]);
    expectClose(outB, loop(f, [X], [0], B), { rtol: 1e-14 });
    expectClose(a, loop(tangentOf, [X, Tn], [0, 0], B), { rtol: 1e-13, atol: 1e-14 });
    expectClose(tB, loop(tangentOf, [X, Tn], [0, 0], B), { rtol: 1e-13, atol: 1e-14 });
    expectClose(a, tangentClosedForm(), { rtol: 1e-12, atol: 1e-14 });
  });

  it("jvp of vmap with the batch on axis 1 and a shared tangent", () => {
    const Xt = np.transpose(X), Tt = np.transpose(Tn);
    const [, tB] = jvp(vmap(f, { inAxes: 1, outAxes: 1 }), [Xt], [Tt]);
    expectClose(np.transpose(tB), tangentClosedForm(), { rtol: 1e-12, atol: 1e-14 });
  });

  it("jit(vmap(f)) and vmap(jit(f)) equal the eager loop", () => {
    const g = (x: Tensor, w: Tensor): Tensor => np.tanh(np.matmul(x, w));
    const W = rand([3, 2], 50, { dtype: "float64" });
    const want = loop(g, [X, W], [0, null], B);
    expectClose(jit(vmap(g, { inAxes: [0, null] }))(X, W), want, { rtol: 1e-14, atol: 1e-15 });
    expectClose(vmap(jit(g), { inAxes: [0, null] })(X, W), want, { rtol: 1e-14, atol: 1e-15 });
    // Called again (cache hit) and with another batch size (new compile).
    expectClose(jit(vmap(g, { inAxes: [0, null] }))(X, W), want, { rtol: 1e-14, atol: 1e-15 });
    const X2 = rand([7, 3], 51, { dtype: "float64" });
    const jv = jit(vmap(g, { inAxes: [0, null] }));
    jv(X, W);
    expectClose(jv(X2, W), loop(g, [X2, W], [0, null], 7), { rtol: 1e-14, atol: 1e-15 });
  });

  it("jit(vmap(grad(loss))) gives per-example gradients", () => {
    const loss = (w: Tensor, x: Tensor): Tensor => np.sum(np.square(np.sub(np.dot(w, x), 1)));
    const w = np.array([0.1, 0.2, 0.3], { dtype: "float64" });
    const got = jit(vmap(grad(loss), { inAxes: [null, 0] }))(w, X);
    // 2(w·x − 1)x
    const wv = vals(w), xv = vals(X);
    const want = Array.from({ length: B }, (_, i) => {
      const x = xv.slice(3 * i, 3 * i + 3);
      const z = x.reduce((t, xi, k) => t + xi * wv[k]!, 0);
      return x.map((xi) => 2 * (z - 1) * xi);
    }).flat();
    expectClose(got, want, { rtol: 1e-12, atol: 1e-14 });
  });

  it("vjp of vmap equals the stacked per-example vjps", () => {
    const C = rand([B, 3], 52, { dtype: "float64" });
    const [out, pullback] = vjp(vmap(f), X);
    expectClose(out, loop(f, [X], [0], B), { rtol: 1e-14 });
    const [ct] = pullback(C);
    const want = np.stack(Array.from({ length: B }, (_, i) => T(vjp(f, X.get(i))[1](C.get(i))[0])));
    expectClose(ct, want, { rtol: 1e-12, atol: 1e-14 });
    // Closed form: cᵀJ with J = diag(cos x)·S + sin(x) eˣᵀ → c·cos(x)·S + eˣ·(c·sin x).
    const xv = vals(X), cv = vals(C);
    const cf = Array.from({ length: B }, (_, i) => {
      const x = xv.slice(3 * i, 3 * i + 3), c = cv.slice(3 * i, 3 * i + 3);
      const S = x.reduce((a, b) => a + Math.exp(b), 0);
      const cs = x.reduce((a, b, k) => a + c[k]! * Math.sin(b), 0);
      return x.map((xi, k) => c[k]! * Math.cos(xi) * S + Math.exp(xi) * cs);
    }).flat();
    expectClose(ct, cf, { rtol: 1e-12, atol: 1e-14 });
  });

  it("vjp of vmap with an unbatched argument sums its cotangent over the batch", () => {
    const g = (x: Tensor, w: Tensor): Tensor => np.matmul(x, w);
    const W = rand([3, 2], 53, { dtype: "float64" });
    const C = rand([B, 2], 54, { dtype: "float64" });
    const [, pullback] = vjp(vmap(g, { inAxes: [0, null] }), X, W);
    const [cx, cw] = pullback(C);
    expectClose(cx, np.matmul(C, np.transpose(W)), { rtol: 1e-12, atol: 1e-14 });
    expectClose(cw, np.matmul(np.transpose(X), C), { rtol: 1e-12, atol: 1e-14 });
  });
});

// ---------------------------------------------------------------------------------------------
// Control flow, custom rules, and edge cases of the batch itself
// ---------------------------------------------------------------------------------------------

describe("control flow and custom rules", () => {
  const X = rand([B, 3], 60);

  it("lax.cond with a per-example predicate, and with a shared one", () => {
    const f = (x: Tensor): Tensor => T(lax.cond(np.greater(np.sum(x), 0), (v: Tensor) => np.sin(v), (v: Tensor) => np.mul(v, 10), x));
    const Xm = np.add(X, np.array([[1], [-1], [1], [-1]]));
    const sums = T(np.sum(Xm, 1)).toArray() as number[];
    expect(sums.some((v) => v > 0) && sums.some((v) => v <= 0), `mixed predicates in ${JSON.stringify(sums)}`).toBe(true);
    checkLaw(f, [Xm], [0], B, { rtol: 1e-6 });
    const g = (x: Tensor, p: Tensor): Tensor => T(lax.cond(p, (v: Tensor) => np.exp(v), (v: Tensor) => np.neg(v), x));
    checkLaw(g, [X, np.array(true)], [0, null], B);
    checkLaw(g, [X, np.array([true, false, false, true])], [0, 0], B);
  });

  it("lax.switch with a batched index", () => {
    const branches = [(v: Tensor) => np.sin(v), (v: Tensor) => np.cos(v), (v: Tensor) => np.square(v)];
    const f = (i: Tensor, x: Tensor): Tensor => T(lax.switch(i, branches, x));
    checkLaw(f, [np.astype(np.array([2, 0, 1, 2]), "int32"), X], [0, 0], B);
  });

  it("lax.scan over a batch of sequences (batched xs, shared init)", () => {
    const Xs = rand([B, 5], 61);
    const run = (xs: Tensor): Tensor[] => (lax.scan((c: Tensor, x: Tensor) => [np.add(np.mul(c, 0.5), x), np.mul(c, x)], np.array(0), xs));
    const [carry, ys] = vmap(run)(Xs);
    const per = Array.from({ length: B }, (_, i) => run(Xs.get(i)));
    expectClose(carry, np.stack(per.map((p) => p[0]!)), { rtol: 1e-6, atol: 1e-7 });
    expectClose(ys, np.stack(per.map((p) => p[1]!)), { rtol: 1e-6, atol: 1e-7 });
    // Closed form in JS.
    const xv = vals(Xs);
    const cf: number[] = [];
    for (let i = 0; i < B; i++) {
      let c = 0;
      for (let t = 0; t < 5; t++) c = 0.5 * c + xv[5 * i + t]!;
      cf.push(c);
    }
    expectClose(carry, cf, { rtol: 1e-6, atol: 1e-7 });
  });

  it("lax.whileLoop with per-example trip counts", () => {
    // Double until ≥ 10: 1 → 16, 3 → 12, 7 → 14, 20 → 20 (no iteration).
    const f = (x: Tensor): Tensor => T(lax.whileLoop((c: Tensor) => np.less(c, 10), (c: Tensor) => np.mul(c, 2), x));
    const xs = np.array([1, 3, 7, 20]);
    checkLaw(f, [xs], [0], B);
    expectClose(vmap(f)(xs), [16, 12, 14, 20], EXACT);
    // A batched body constant with a shared start.
    const g = (k: Tensor): Tensor => T(lax.whileLoop((c: Tensor) => np.less(c, 100), (c: Tensor) => np.mul(c, k), np.array(1)));
    expectClose(vmap(g)(np.array([2, 3, 10, 200])), [128, 243, 100, 200], EXACT);
  });

  it("lax.forLoop with a batched carry", () => {
    const f = (x: Tensor): Tensor => T(lax.forLoop(0, 3, (i: Tensor, c: Tensor) => np.add(np.mul(c, 2), np.astype(i, "float32")), x));
    checkLaw(f, [X], [0], B, { rtol: 1e-6 });
  });

  it("customJvp, customVjp, stopGradient and checkpoint under vmap(grad)", () => {
    const safeLog = customJvp((x: Tensor) => np.log(x), ([x]: [Tensor], [dx]: [Tensor]) => [np.log(x), np.div(dx, x)] as [Tensor, Tensor]);
    const P = np.add(np.abs(X), 0.5);
    checkLaw(safeLog, [P], [0], B);
    checkLaw((x: Tensor) => T(grad((v: Tensor) => np.sum(safeLog(v)))(x)), [P], [0], B);
    expectClose(vmap((x: Tensor) => T(grad((v: Tensor) => np.sum(safeLog(v)))(x)))(P), vals(P).map((v) => 1 / v), { rtol: 1e-6 });

    const clipGrad = customVjp((x: Tensor) => x, (x: Tensor) => [x, null] as [Tensor, null], (_r: null, g: Tensor) => [np.clip(g, -1, 1)]);
    const h = (x: Tensor): Tensor => T(grad((v: Tensor) => np.sum(np.mul(clipGrad(v), np.array([10, 0.5, -3]))))(x));
    checkLaw(h, [X], [0], B);
    expectClose(vmap(h)(X), Array.from({ length: B }, () => [1, 0.5, -1]).flat(), EXACT);

    const sg = (x: Tensor): Tensor => T(grad((v: Tensor) => np.sum(np.mul(stopGradient(v), v)))(x));
    checkLaw(sg, [X], [0], B);
    expectClose(vmap(sg)(X), X, EXACT);

    const ck = (x: Tensor): Tensor => T(grad((v: Tensor) => np.sum(checkpoint((u: Tensor) => np.sin(np.sin(u)))(v)))(x));
    checkLaw(ck, [X], [0], B, { rtol: 1e-6 });
  });
});

describe("edge cases of the batch", () => {
  it("a batch of one", () => {
    const X = rand([1, 3], 62);
    checkLaw((x: Tensor) => np.matmul(x, np.eye(3)), [X], [0], 1);
  });

  it("an empty batch keeps the per-example output shape", () => {
    const out = T(vmap((x: Tensor) => np.sum(np.sin(x), 0, true))(np.zeros([0, 3])));
    expect(out.shape).toEqual([0, 1]);
    const out2 = T(vmap((x: Tensor) => np.matmul(x, np.ones([3, 2])), { inAxes: 1 })(np.zeros([3, 0])));
    expect(out2.shape).toEqual([0, 2]);
  });

  it("int32 and bool batches keep their dtype", () => {
    const I = randInt([B, 3], 63, -5, 5);
    checkLaw((x: Tensor) => np.add(np.mul(x, 3), 1), [I], [0], B);
    checkLaw((x: Tensor) => np.sum(x), [I], [0], B);
    checkLaw((x: Tensor) => np.logicalNot(x), [np.greater(I, 0)], [0], B);
  });

  it("a function that ignores its input, or returns a JS number, broadcasts over the batch", () => {
    const c = np.array([1, 2]);
    expectClose(vmap((_x: Tensor) => c)(rand([3, 5], 64)), np.array([[1, 2], [1, 2], [1, 2]]), EXACT);
    const one = T(vmap((_x: Tensor) => 7)(rand([3, 5], 64)));
    expect(one.shape).toEqual([3]);
    expectClose(one, [7, 7, 7], EXACT);
  });

  it("the identity moves the mapped axis to outAxes", () => {
    const X = rand([2, 3, 4], 65);
    expectClose(vmap((x: Tensor) => x, { inAxes: 2 })(X), np.transpose(X, [2, 0, 1]), EXACT);
    expectClose(vmap((x: Tensor) => x, { inAxes: 0, outAxes: 2 })(X), np.transpose(X, [1, 2, 0]), EXACT);
  });
});

describe("batch dims in unusual places", () => {
  const tol = { rtol: 1e-5, atol: 1e-6 };
  /** Like checkLaw, with the batch axis of the output at `outAxis`. */
  function checkOut(f: F, args: readonly unknown[], inAxes: readonly (number | null)[], size: number, outAxis: number, tl: Tol = EXACT): void {
    const got = vmap(f, { inAxes: [...inAxes], outAxes: outAxis })(...args);
    expectClose(got, loop(f, args, inAxes, size, outAxis), tl);
  }

  it("scatter into a shared operand with 2-D indices batched on axis 1", () => {
    const J = randInt([2, B, 3], 70, -5, 5);
    checkLaw((j: Tensor) => np.zeros([5, 2]).at(j).add(1), [J], [1], B);
  });

  it("scatter with the operand batched on its last axis and values shared; output axis 2", () => {
    const Z = rand([5, 2, B], 71);
    const I = randInt([B, 2], 72, 0, 5);
    const upd = (x: Tensor, i: Tensor): Tensor => x.at(i).set(np.array([[1, 2], [3, 4]]));
    checkLaw(upd, [Z, I], [2, 0], B);
    checkOut(upd, [Z, I], [2, 0], B, 2);
  });

  it("gather of a shared table with batched indices, output batch axis last", () => {
    const table = rand([6, 2], 73);
    checkOut((i: Tensor) => np.take(table, i, 0), [randInt([3, B], 74, 0, 6)], [1], B, 2);
    checkOut((i: Tensor) => np.take(table, i, 1), [randInt([3, B], 75, 0, 2)], [1], B, 1);
  });

  it("matmul of per-example stacks of matrices (dot_general with its own batch dims)", () => {
    checkLaw(np.matmul, [rand([B, 2, 2, 3], 76), rand([2, 3, 4, B], 77)], [0, 3], B, tol);
    checkLaw(np.matmul, [rand([2, 2, 3], 76), rand([2, 3, 4, B], 77)], [null, 3], B, tol);
    checkLaw(np.matmul, [rand([2, B, 2, 3], 78), rand([2, 3, 4], 79)], [1, null], B, tol);
    checkLaw(np.matmul, [rand([2, B, 2, 3], 78), rand([3], 79)], [1, null], B, tol);
    checkLaw(np.matmul, [rand([3], 80), rand([2, 3, B, 4], 81)], [null, 2], B, tol);
  });

  it("grad of a vmap over axis 1, and jvp through a vmap that closes over the jvp's input", () => {
    const X = rand([3, B], 82, { dtype: "float64" });
    const per = (v: Tensor): Tensor => np.square(np.sum(np.sin(v)));
    const g = T(grad((x: Tensor) => np.sum(T(vmap(per, { inAxes: 1 })(x))))(X));
    const want = np.stack(Array.from({ length: B }, (_, i) => T(grad(per)(X.slice(null, i)))), 1);
    expectClose(g, want, { rtol: 1e-12, atol: 1e-14 });
    const Y = rand([B, 2], 83, { dtype: "float64" });
    const [, t] = jvp((s: Tensor) => vmap((y: Tensor) => np.mul(np.sin(s), y))(Y), [np.array(0.3, { dtype: "float64" })], [np.array(1, { dtype: "float64" })]);
    expectClose(t, vals(Y).map((y) => Math.cos(0.3) * y), { rtol: 1e-12 });
  });

  it("scan with a batched init and shared xs; reverse scan with xs batched on axis 1", () => {
    const xs = rand([5, 3], 84);
    const f = (c0: Tensor): Tensor => (lax.scan((c: Tensor, x: Tensor) => [np.add(np.mul(c, x), 1), np.sum(c)], c0, xs))[1]!;
    checkLaw(f, [rand([B, 3], 85)], [0], B, tol);
    checkOut(f, [rand([3, B], 86)], [1], B, 1, tol);
    const r = (s: Tensor): Tensor => (lax.scan((c: Tensor, x: Tensor) => [np.add(c, x), np.mul(c, x)], np.zeros([2]), s, { reverse: true }))[1]!;
    checkLaw(r, [rand([5, B, 2], 87)], [1], B, tol);
  });

  it("softmax, logsumexp and the gradients of max, prod and logsumexp with the batch in the middle", () => {
    const X = rand([3, B, 4], 88);
    checkLaw((x: Tensor) => nn.softmax(x, 0), [X], [1], B, tol);
    checkLaw((x: Tensor) => nn.logsumexp(x, -1), [X], [1], B, tol);
    checkLaw((x: Tensor) => T(grad((v: Tensor) => nn.logsumexp(v))(x)), [X], [1], B, tol);
    checkLaw((x: Tensor) => T(grad((v: Tensor) => np.max(v))(x)), [X], [2], 4, tol);
    checkLaw((x: Tensor) => T(grad((v: Tensor) => np.sum(np.prod(v, 0)))(x)), [X], [2], 4, tol);
  });

  it("a vmap of a jit of a vmap", () => {
    const X3 = rand([2, B, 3], 89);
    expectClose(vmap(jit(vmap((x: Tensor) => np.tanh(np.sum(x)))))(X3), np.tanh(np.sum(X3, 2)), { rtol: 1e-6 });
  });
});
