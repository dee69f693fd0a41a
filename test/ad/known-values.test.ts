/**
 * Derivatives pinned to known values: the JAX README's tanh derivatives, closed forms of the
 * elementwise ops, reductions, linear algebra, indexing and movement ops, float64 central
 * differences for composite functions, and the edge values of shared/RELIABILITY.md ("Values at
 * the edges"), each pinned exactly. Constants computed with numpy show the numpy expression.
 */
import { describe, expect, it } from "vitest";
import { grad, nn, np, type Tensor } from "../../src/index.js";
import * as ops from "../../src/primitives/ops.js";
import { expectClose, expectShape, fdGrad, vals } from "../support/index.js";

const X = [0.3, -0.7, 1.1, 2.5];
const POS = [0.25, 0.7, 1.1, 2.5];
const x32 = (d: readonly number[]): Tensor => np.array([...d]);
const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));
const sumOf = (f: (x: Tensor) => Tensor) => (x: Tensor): Tensor => np.sum(f(x));
const g1 = (f: (x: Tensor) => Tensor) => grad(f) as (x: unknown) => Tensor;

// ---------------------------------------------------------------------------------------------
// The JAX README
// ---------------------------------------------------------------------------------------------

describe("the JAX README's tanh derivatives (float32)", () => {
  // Exact: 1 - tanh(2)^2 = 0.0706508248531644; -2 tanh(2)(1 - tanh(2)^2) = -0.136218687427113;
  // at 1: -2(1 - t²)² + 4t²(1 - t²) = 0.621626680771296 with t = tanh(1).
  it("grad(tanh)(2) = 0.070650816", () => {
    const g = grad(np.tanh)(2.0);
    expect(g.dtype).toBe("float32");
    expectShape(g, []);
    expectClose(g, 0.070650816, { rtol: 1e-6, atol: 0 });
  });
  it("grad(grad(tanh))(2) = -0.13621868", () => {
    expectClose(grad(grad(np.tanh))(2.0), -0.13621868, { rtol: 1e-6, atol: 0 });
  });
  it("grad(grad(grad(tanh)))(1) = 0.6216267", () => {
    expectClose(grad(grad(grad(np.tanh)))(1.0), 0.6216267, { rtol: 1e-6, atol: 0 });
  });
});

// ---------------------------------------------------------------------------------------------
// Elementwise closed forms
// ---------------------------------------------------------------------------------------------

describe("elementwise closed forms (grad of sum(f(x)) is f'(x))", () => {
  const cases: [string, (x: Tensor) => Tensor, readonly number[], (v: number) => number][] = [
    ["sin' = cos", np.sin, X, Math.cos],
    ["cos' = -sin", np.cos, X, (v) => -Math.sin(v)],
    ["exp' = exp", np.exp, X, Math.exp],
    ["log' = 1/x", np.log, POS, (v) => 1 / v],
    ["sqrt' = 1/(2 sqrt x)", np.sqrt, POS, (v) => 1 / (2 * Math.sqrt(v))],
    ["tanh' = 1 - tanh²", np.tanh, X, (v) => 1 - Math.tanh(v) ** 2],
    ["pow(x, 3)' = 3x² (JS number exponent)", (x) => np.pow(x, 3), X, (v) => 3 * v * v],
    ["pow(x, 2.5)' = 2.5 x^1.5 (tensor exponent)", (x) => np.pow(x, np.array(2.5)), POS, (v) => 2.5 * v ** 1.5],
    ["logistic' = s(1 - s)", nn.sigmoid, X, (v) => sigmoid(v) * (1 - sigmoid(v))],
    ["softplus' = sigmoid", nn.softplus, X, sigmoid],
    ["square' = 2x", np.square, X, (v) => 2 * v],
    ["log1p' = 1/(1 + x)", np.log1p, POS, (v) => 1 / (1 + v)],
    ["expm1' = exp", np.expm1, X, Math.exp],
    ["tan' = 1 + tan²", np.tan, X, (v) => 1 + Math.tan(v) ** 2],
    ["pow(x, 2) with a tensor exponent at negative x = 2x", (x) => np.pow(x, np.array(2)), X, (v) => 2 * v],
    ["reciprocal' = -1/x²", np.reciprocal, POS, (v) => -1 / (v * v)],
  ];
  for (const [name, f, at, df] of cases) {
    it(name, () => {
      const g = g1(sumOf(f))(x32(at));
      expectShape(g, [at.length]);
      expectClose(g, at.map(df), { rtol: 2e-6, atol: 1e-6 });
    });
  }

  it("pow with respect to the exponent: d/dy 2^y = 2^y ln 2", () => {
    const ys = [-1, 0, 0.5, 3];
    const g = grad((b: Tensor, y: Tensor) => np.sum(np.pow(b, y)), { argnums: 1 })(np.full([4], 2), x32(ys));
    expectClose(g, ys.map((y) => 2 ** y * Math.LN2), { rtol: 2e-6 });
  });

  it("div: ∂x (x/y) = 1/y, ∂y (x/y) = -x/y²; mod: ∂x = 1, ∂y = -floor(x/y)", () => {
    const [gx, gy] = grad((x: Tensor, y: Tensor) => np.div(x, y), { argnums: [0, 1] })(np.array(3), np.array(2));
    expect([gx!.item(), gy!.item()]).toEqual([0.5, -0.75]);
    const [mx, my] = grad((x: Tensor, y: Tensor) => np.mod(x, y), { argnums: [0, 1] })(np.array(7.5), np.array(2));
    expect([mx!.item(), my!.item()]).toEqual([1, -3]);
  });

  it("softplus' = sigmoid (numpy constants)", () => {
    // 1/(1+np.exp(-np.array([0.3,-0.7,1.1,2.5])))
    expectClose(g1(sumOf(nn.softplus))(x32(X)), [0.574442516811659, 0.3318122278318339, 0.7502601055951177, 0.9241418199787566], { rtol: 2e-6 });
  });
});

describe("nn closed forms", () => {
  it("grad of logsumexp is softmax", () => {
    const z = [1, 2, 0.5, -1];
    const e = z.map(Math.exp);
    const s = e.reduce((a, b) => a + b);
    expectClose(g1(nn.logsumexp)(x32(z)), e.map((v) => v / s), { rtol: 2e-6 });
  });

  it("softmax cross-entropy: grad = softmax(z) - y", () => {
    const loss = (logits: Tensor, y: Tensor): Tensor => np.neg(np.sum(np.mul(y, nn.logSoftmax(logits))));
    const z = x32([1, 2, 0.5]);
    const y = x32([0, 1, 0]);
    // z=np.array([1.,2.,.5]); s=np.exp(z)/np.exp(z).sum(); s - [0,1,0]
    expectClose(grad(loss)(z, y), [0.23122389762214907, -0.37146828078823746, 0.1402443831660885], { rtol: 2e-6 });
    // -np.log(s[1])
    expectClose(loss(z, y), 0.4643687841079447, { rtol: 2e-6 });
    // Through softmax (not logSoftmax) gives the same gradient.
    const loss2 = (logits: Tensor): Tensor => np.neg(np.sum(np.mul(y, np.log(nn.softmax(logits)))));
    expectClose(grad(loss2)(z), [0.23122389762214907, -0.37146828078823746, 0.1402443831660885], { rtol: 1e-5 });
  });

  it("batched softmax cross-entropy matches a float64 central difference", () => {
    const y = [0, 0, 1, 1, 0, 0];
    const loss = (logits: Tensor): Tensor =>
      np.mean(np.neg(np.sum(np.mul(np.array(y, { dtype: logits.dtype }).reshape([2, 3]), nn.logSoftmax(logits, -1)), -1)));
    const z = [0.1, -0.4, 2.0, 1.5, 0.3, -2.2];
    const g = g1(loss)(np.array(z).reshape([2, 3]));
    expectShape(g, [2, 3]);
    expectClose(g, fdGrad(loss, z, [2, 3]), { rtol: 1e-5, atol: 1e-6 });
  });
});

// ---------------------------------------------------------------------------------------------
// Reductions
// ---------------------------------------------------------------------------------------------

describe("reductions", () => {
  it("mean: 1/n everywhere", () => {
    const g = g1((x) => np.mean(x))(np.ones([2, 3]));
    expectShape(g, [2, 3]);
    expectClose(g, 1 / 6, { rtol: 1e-7 });
    // mean over one axis, weighted: d/dx Σ_i w_i mean_j x_ij = w_i / 3.
    const g2 = g1((x) => np.sum(np.mul(np.mean(x, 1), np.array([1, 4]))))(np.ones([2, 3]));
    expectClose(g2, [1 / 3, 1 / 3, 1 / 3, 4 / 3, 4 / 3, 4 / 3], { rtol: 1e-7 });
  });

  it("max with ties splits the cotangent equally", () => {
    expect(vals(g1((x) => np.max(x))(x32([1, 3, 3, 2])))).toEqual([0, 0.5, 0.5, 0]);
    expectClose(g1((x) => np.max(x))(x32([5, 5, 5, 1])), [1 / 3, 1 / 3, 1 / 3, 0], { rtol: 1e-7 });
    // Per row: a tie in row 0, none in row 1.
    expect(vals(g1((x) => np.sum(np.max(x, 1)))(np.array([[1, 1], [2, 3]])))).toEqual([0.5, 0.5, 0, 1]);
  });

  it("min is the mirror of max", () => {
    expect(vals(g1((x) => np.min(x))(x32([2, -1, 4, -1])))).toEqual([0, 0.5, 0, 0.5]);
  });

  it("prod without zeros: the product of the others", () => {
    expect(vals(g1((x) => np.prod(x))(x32([2, 3, 4])))).toEqual([12, 8, 6]);
  });

  it("prod with zeros is exact: the product of the others, never 0/0", () => {
    expect(vals(g1((x) => np.prod(x))(x32([2, 0, 3, 4])))).toEqual([0, 24, 0, 0]);
    expect(vals(g1((x) => np.prod(x))(x32([2, 0, 3, 0])))).toEqual([0, 0, 0, 0]);
    expect(vals(g1((x) => np.prod(x))(x32([0])))).toEqual([1]);
    // Along an axis: rows [0, 5] and [2, 3].
    expect(vals(g1((x) => np.sum(np.prod(x, 1)))(np.array([[0, 5], [2, 3]])))).toEqual([5, 0, 3, 2]);
  });
});

// ---------------------------------------------------------------------------------------------
// Linear algebra
// ---------------------------------------------------------------------------------------------

describe("linear algebra", () => {
  const A = [[1, 2, 3], [4, 5, 6]];
  const B = [[1, 2], [3, 4], [5, 6]];

  it("∂/∂A sum(A·B) = ones·Bᵀ and ∂/∂B sum(A·B) = Aᵀ·ones", () => {
    const [gA, gB] = grad((a: Tensor, b: Tensor) => np.sum(np.matmul(a, b)), { argnums: [0, 1] })(np.array(A), np.array(B));
    expectShape(gA, [2, 3]);
    expectShape(gB, [3, 2]);
    // np.ones((2,2)) @ B.T -> [[3,7,11],[3,7,11]];  A.T @ np.ones((2,2)) -> [[5,5],[7,7],[9,9]]
    expect(gA!.toArray()).toEqual([[3, 7, 11], [3, 7, 11]]);
    expect(gB!.toArray()).toEqual([[5, 5], [7, 7], [9, 9]]);
  });

  it("matrix-vector: ∂/∂v (w · A v) = Aᵀ w", () => {
    const g = grad((v: Tensor) => np.dot(np.array([1, -1]), np.matmul(np.array(A), v)))(np.ones([3]));
    // np.array(A).T @ [1,-1] -> [-3,-3,-3]
    expect(vals(g)).toEqual([-3, -3, -3]);
  });

  it("einsum: full contraction and a weighted matrix-vector product", () => {
    const P = [[1, 2], [3, 4]];
    const Q = [[5, 6], [7, 8]];
    const [gP, gQ] = grad((p: Tensor, q: Tensor) => np.einsum("ij,jk->", p, q), { argnums: [0, 1] })(np.array(P), np.array(Q));
    // np.ones((2,2)) @ Q.T -> [[11,15],[11,15]];  P.T @ np.ones((2,2)) -> [[4,4],[6,6]]
    expect(gP!.toArray()).toEqual([[11, 15], [11, 15]]);
    expect(gQ!.toArray()).toEqual([[4, 4], [6, 6]]);
    // f(M) = Σ_i w_i Σ_j M_ij v_j → ∂f/∂M_ij = w_i v_j (an outer product).
    const w = [2, -1];
    const v = [0.5, 3];
    const gM = grad((m: Tensor) => np.einsum("i,ij,j->", np.array(w), m, np.array(v)))(np.array(P));
    expect(gM.toArray()).toEqual([[1, 6], [-0.5, -3]]);
  });

  it("einsum with a batch index matches a float64 central difference", () => {
    const f = (x: Tensor): Tensor => {
      const y = np.einsum("bij,bj->bi", x, np.array([[1, 2], [-1, 0.5]], { dtype: x.dtype }));
      return np.sum(np.sin(y));
    };
    const x = [0.1, 0.2, -0.3, 0.4, 0.5, -0.6, 0.7, 0.8];
    expectClose(g1(f)(np.array(x).reshape([2, 2, 2])), fdGrad(f, x, [2, 2, 2]), { rtol: 1e-5, atol: 1e-6 });
  });
});

// ---------------------------------------------------------------------------------------------
// Selection, indexing and movement
// ---------------------------------------------------------------------------------------------

describe("selection and indexing", () => {
  it("where routes the cotangent to the chosen branch", () => {
    // x > 0 ? x² : 3x → 2x or 3.
    const g = g1((x) => np.sum(np.where(np.greater(x, 0), np.mul(x, x), np.mul(x, 3))))(x32([-1, 2, -5, 0.5]));
    expect(vals(g)).toEqual([3, 4, 3, 1]);
    const [ga, gb] = grad((a: Tensor, b: Tensor) => np.sum(np.where(np.array([true, false, true]), a, b)), { argnums: [0, 1] })(
      np.ones([3]),
      np.ones([3]),
    );
    expect(vals(ga)).toEqual([1, 0, 1]);
    expect(vals(gb)).toEqual([0, 1, 0]);
  });

  it("take: duplicated indices scatter-add", () => {
    const idx = np.array([0, 2, 0, 0], { dtype: "int32" });
    expect(vals(g1((x) => np.sum(np.take(x, idx)))(x32([1, 2, 3])))).toEqual([3, 0, 1]);
    // Weighted: Σ_k w_k x[idx_k] → ∂/∂x_j = Σ_{k: idx_k = j} w_k.
    const w = np.array([1, 10, 100, 1000]);
    expect(vals(g1((x) => np.sum(np.mul(np.take(x, idx), w)))(x32([1, 2, 3])))).toEqual([1101, 0, 10]);
    // Along axis 1 with a repeated column.
    const g = g1((x) => np.sum(np.take(x, np.array([1, 1], { dtype: "int32" }), 1)))(np.ones([2, 3]));
    expect(g.toArray()).toEqual([[0, 2, 0], [0, 2, 0]]);
  });

  it("get(i) puts the cotangent in row i", () => {
    expect(g1((x) => np.sum(np.mul(x.get(1), np.array([3, 4]))))(np.ones([2, 2])).toArray()).toEqual([[0, 0], [3, 4]]);
  });

  it("x.at(i).set(v): zero gradient at i for x, the cotangent at i for v", () => {
    const w = np.array([1, 2, 3]);
    const f = (x: Tensor, v: Tensor): Tensor => np.sum(np.mul(x.at(1).set(v), w));
    const [gx, gv] = grad(f, { argnums: [0, 1] })(x32([7, 8, 9]), np.array(5));
    expect(vals(gx)).toEqual([1, 0, 3]);
    expectShape(gv, []);
    expect(gv!.item()).toBe(2);
    // A row set into a matrix, v broadcast from a scalar: ∂/∂v = sum of that row's weights.
    const m = (x: Tensor, v: Tensor): Tensor => np.sum(np.mul(x.at(0).set(v), np.array([[1, 2], [3, 4]])));
    const [gm, gs] = grad(m, { argnums: [0, 1] })(np.ones([2, 2]), np.array(0));
    expect(gm!.toArray()).toEqual([[0, 0], [3, 4]]);
    expect(gs!.item()).toBe(3);
  });

  it("x.at(i).add(v): identity for x, the cotangent at i for v", () => {
    const [gx, gv] = grad((x: Tensor, v: Tensor) => np.sum(np.mul(x.at(1).add(v), np.array([1, 2, 3]))), { argnums: [0, 1] })(
      x32([1, 2, 3]),
      np.array(2),
    );
    expect(vals(gx)).toEqual([1, 2, 3]);
    expect(gv!.item()).toBe(2);
  });
});

describe("movement ops", () => {
  it("slice: the cotangent is padded back into place", () => {
    const g = g1((x) => np.sum(np.mul(x.slice(null, [1, 3]), np.array([[1, 2], [3, 4]]))))(np.ones([2, 4]));
    expect(g.toArray()).toEqual([[0, 1, 2, 0], [0, 3, 4, 0]]);
    expect(vals(g1((x) => np.sum(x.slice([0, 5, 2])))(np.ones([5])))).toEqual([1, 0, 1, 0, 1]);
  });

  it("pad (the transpose of slice) has a strided-slice gradient", () => {
    // pad is not a public np function; it is reached through the ops facade.
    // lo = 1, hi = 2, interior = 1: x lands at positions 1, 3, 5 of 8.
    const g = g1((x) => np.sum(np.mul(ops.pad(x, 0, [[1, 2, 1]]), np.arange(8))))(np.ones([3]));
    expect(vals(g)).toEqual([1, 3, 5]);
  });

  it("concatenate: each input gets its own part of the cotangent", () => {
    const [ga, gb] = grad((a: Tensor, b: Tensor) => np.sum(np.mul(np.concatenate([a, b]), np.array([1, 2, 3, 4, 5]))), { argnums: [0, 1] })(
      np.ones([2]),
      np.ones([3]),
    );
    expect(vals(ga)).toEqual([1, 2]);
    expect(vals(gb)).toEqual([3, 4, 5]);
    const [gc, gd] = grad((c: Tensor, d: Tensor) => np.sum(np.mul(np.concatenate([c, d], 1), np.array([[1, 2, 3], [4, 5, 6]]))), {
      argnums: [0, 1],
    })(np.ones([2, 1]), np.ones([2, 2]));
    expect(gc!.toArray()).toEqual([[1], [4]]);
    expect(gd!.toArray()).toEqual([[2, 3], [5, 6]]);
  });

  it("reshape and transpose: the cotangent is reshaped / transposed back", () => {
    const w = np.array([[1, 2], [3, 4], [5, 6]]);
    expect(g1((x) => np.sum(np.mul(np.reshape(x, [3, 2]), w)))(np.ones([2, 3])).toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(g1((x) => np.sum(np.mul(np.transpose(x), w)))(np.ones([2, 3])).toArray()).toEqual([[1, 3, 5], [2, 4, 6]]);
    expect(g1((x) => np.sum(np.mul(x.T, w)))(np.ones([2, 3])).toArray()).toEqual([[1, 3, 5], [2, 4, 6]]);
  });

  it("stack: each input gets its slice of the cotangent", () => {
    const [ga, gb] = grad((a: Tensor, b: Tensor) => np.sum(np.mul(np.stack([a, b], 1), np.array([[1, 2], [3, 4]]))), { argnums: [0, 1] })(
      np.ones([2]),
      np.ones([2]),
    );
    expect(vals(ga)).toEqual([1, 3]);
    expect(vals(gb)).toEqual([2, 4]);
  });

  it("broadcasting: the cotangent is summed over broadcast axes", () => {
    const [ga, gb] = grad((a: Tensor, b: Tensor) => np.sum(np.mul(np.add(a, b), np.array([[1, 2, 3], [4, 5, 6]]))), { argnums: [0, 1] })(
      np.ones([2, 1]),
      np.ones([3]),
    );
    expect(ga!.toArray()).toEqual([[6], [15]]);
    expect(vals(gb)).toEqual([5, 7, 9]);
  });
});

// ---------------------------------------------------------------------------------------------
// Values at the edges (shared/RELIABILITY.md), pinned exactly
// ---------------------------------------------------------------------------------------------

describe("values at the edges", () => {
  it("abs'(0) = 1 (also at -0)", () => {
    expect(grad(np.abs)(0).item()).toBe(1);
    expect(grad(np.abs)(-0).item()).toBe(1);
    expect(vals(g1(sumOf(np.abs))(x32([-2, 0, 3])))).toEqual([-1, 1, 1]);
  });

  it("sign' = 0 everywhere, including 0", () => {
    expect(vals(g1(sumOf(np.sign))(x32([-2, 0, 3])))).toEqual([0, 0, 0]);
  });

  it("relu'(0) = 0", () => {
    expect(grad(nn.relu)(0).item()).toBe(0);
    expect(vals(g1(sumOf(nn.relu))(x32([-1, 0, 2])))).toEqual([0, 0, 1]);
  });

  it("maximum / minimum ties split 0.5 / 0.5", () => {
    for (const op of [np.maximum, np.minimum]) {
      const [ga, gb] = grad((a: Tensor, b: Tensor) => op(a, b), { argnums: [0, 1] })(np.array(1), np.array(1));
      expect([ga!.item(), gb!.item()]).toEqual([0.5, 0.5]);
    }
    // Away from the tie the whole cotangent goes to the winner.
    const [ga, gb] = grad((a: Tensor, b: Tensor) => np.sum(np.maximum(a, b)), { argnums: [0, 1] })(x32([1, 2, 3]), x32([3, 2, 1]));
    expect(vals(ga)).toEqual([0, 0.5, 1]);
    expect(vals(gb)).toEqual([1, 0.5, 0]);
  });

  it("reduce-max ties split equally", () => {
    expect(vals(g1((x) => np.max(x))(x32([2, 2])))).toEqual([0.5, 0.5]);
    expect(vals(g1((x) => np.max(x))(x32([7, 7, 7, 7])))).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it("x.get(argmax(x)) at a tie gives [1, 0]", () => {
    expect(vals(g1((x) => x.get(np.argmax(x)))(x32([3, 3])))).toEqual([1, 0]);
  });

  it("floor' = ceil' = round' = 0", () => {
    for (const op of [np.floor, np.ceil, np.round]) expect(vals(g1(sumOf(op))(x32([-1.5, 0, 0.5, 2.7])))).toEqual([0, 0, 0, 0]);
  });

  it("sqrt'(0) = +∞ and log'(0) = +∞", () => {
    expect(grad(np.sqrt)(0).item()).toBe(Infinity);
    expect(grad(np.log)(0).item()).toBe(Infinity);
  });

  it("∂x pow(x, y) at x = 0, y = 0 (a tensor exponent) is NaN", () => {
    expect((grad((x: Tensor) => np.pow(x, np.array(0)))(0)).item()).toBeNaN();
    expect((grad((x: Tensor, y: Tensor) => np.pow(x, y))(np.array(0), np.array(0))).item()).toBeNaN();
  });

  it("x ** n with integer n = 0 (a JS number) at 0 has gradient 0", () => {
    const g = grad((x: Tensor) => np.pow(x, 0))(0);
    expect(Math.abs(g.item())).toBe(0); // 0 or -0, not NaN (0 · 0⁻¹ would be NaN)
    // n = 1 at 0: d/dx x¹ = 1·x⁰ = 1.
    expect((grad((x: Tensor) => np.pow(x, 1))(0)).item()).toBe(1);
  });

  it("where(x > 0, log(x), 0) at 0 has gradient NaN; the double-where form gives 0", () => {
    const single = (x: Tensor): Tensor => np.where(np.greater(x, 0), np.log(x), 0);
    expect(grad(single)(0).item()).toBeNaN();
    const double = (x: Tensor): Tensor => {
      const ok = np.greater(x, 0);
      return np.where(ok, np.log(np.where(ok, x, 1)), 0);
    };
    expect(grad(double)(0).item()).toBe(0);
    expect(grad(double)(2).item()).toBe(0.5);
  });

  for (const dtype of ["float32", "float64"] as const) {
    it(`softplus' at ±1000 and ±∞ is 1 or 0, never NaN (${dtype})`, () => {
      const g = g1(sumOf(nn.softplus))(np.array([1000, -1000, Infinity, -Infinity], { dtype }));
      expect(g.dtype).toBe(dtype);
      expect(vals(g)).toEqual([1, 0, 1, 0]);
    });
  }

  it("logsumexp with some −∞ entries is finite, and so is its gradient", () => {
    const x = x32([0, -Infinity, 1]);
    // np.log(np.exp(0.) + np.exp(1.)) -> 1.3132616875182228
    expectClose(nn.logsumexp(x), 1.3132616875182228, { rtol: 1e-6 });
    const g = g1(nn.logsumexp)(x);
    // np.exp([0., 1.]) / np.exp([0., 1.]).sum() -> [0.2689414213699951, 0.7310585786300049]
    expectClose(g, [0.2689414213699951, 0, 0.7310585786300049], { rtol: 1e-6 });
    expect(vals(g).every(Number.isFinite)).toBe(true);
    // Per row, with a whole −∞ column.
    const m = np.array([[0, -Infinity], [1, -Infinity]]);
    const gm = g1((v) => np.sum(nn.logsumexp(v, 1)))(m);
    expect(vals(gm)).toEqual([1, 0, 1, 0]);
  });

  it("tanh' at ±1000 is 0", () => {
    expect(grad(np.tanh)(1000).item()).toBe(0);
    expect(grad(np.tanh)(-1000).item()).toBe(0);
  });

  it("mean of an empty axis is NaN", () => {
    // np.mean(np.zeros((0, 3)), axis=0) -> [nan, nan, nan]
    const m = np.mean(np.zeros([0, 3]), 0);
    expectShape(m, [3]);
    expect(vals(m).every(Number.isNaN)).toBe(true);
    // Its gradient has the (empty) shape of the input.
    expectShape(g1((x) => np.sum(np.mean(x, 0)))(np.zeros([0, 3])), [0, 3]);
  });
});
