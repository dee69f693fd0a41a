/**
 * nn.dotProductAttention against jax.nn.dot_product_attention (scripts/gen-products-nn.py): plain,
 * scale, bias, bool mask (and a fully masked row, which attends uniformly as in JAX), causal,
 * local windows, sequence lengths, grouped-query heads (N = 4 query heads over K = 2), 3-D inputs,
 * size-1 shapes and the logsumexp residual, in float32 and float64, with gradients with respect to
 * query, key, value and bias; then jit, vmap and bad input.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, DTypeError, ShapeError, jit, nn, np, vmap, type Tensor } from "../../src/index.js";
import { expectClose, thrown } from "../support/index.js";
import { runFixtureFamily } from "../np/products-nn-fixture.js";

/** Options whose value is a number naming an argument index take that argument. */
const TENSOR_OPTIONS = ["bias", "mask", "querySeqLengths", "keyValueSeqLengths"];

runFixtureFamily("attention", {
  attention: ([q, k, v, ...more], kw) => {
    const options: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(kw)) options[name] = TENSOR_OPTIONS.includes(name) ? [q, k, v, ...more][value as number] : value;
    return nn.dotProductAttention(q, k, v, options) as Tensor | Tensor[];
  },
});

describe("dotProductAttention: forms and transforms", () => {
  const q = np.reshape(np.linspace(-1, 1, 24), [1, 3, 2, 4]);
  const k = np.reshape(np.linspace(1, -0.5, 32), [1, 4, 2, 4]);
  const v = np.reshape(np.linspace(0, 2, 32), [1, 4, 2, 4]);

  it("bias and mask positionally equal the options form", () => {
    const mask = np.greater(np.reshape(np.linspace(0, 1, 12), [1, 1, 3, 4]), 0.3);
    const bias = np.reshape(np.linspace(-1, 1, 24), [1, 2, 3, 4]);
    expectClose(nn.dotProductAttention(q, k, v, bias, mask, { isCausal: true }), nn.dotProductAttention(q, k, v, { bias, mask, isCausal: true }));
  });

  it("a single key makes the output that key's value, whatever the logits", () => {
    const out = nn.dotProductAttention(q, k.slice(null, [0, 1]), v.slice(null, [0, 1]));
    expectClose(out, np.broadcastTo(v.slice(null, [0, 1]), [1, 3, 2, 4]));
  });

  it("jit equals eager and vmap over an extra batch axis equals a loop", () => {
    const f = (a: Tensor, b: Tensor, c: Tensor): Tensor => nn.dotProductAttention(a, b, c, { isCausal: true, scale: 0.3 });
    expectClose(jit(f)(q, k, v), f(q, k, v), { rtol: 0, atol: 0 });
    const qs = np.stack([q.get(0), np.mul(q.get(0), -1)]);
    const batched = vmap((a: Tensor) => f(a, k.get(0), v.get(0)))(qs) as Tensor;
    expectClose(batched, np.stack([f(qs.get(0), k.get(0), v.get(0)), f(qs.get(1), k.get(0), v.get(0))]));
  });
});

describe("dotProductAttention: bad input", () => {
  const q = np.ones([1, 2, 2, 4]), k = np.ones([1, 3, 2, 4]);
  it("raises the errors of RELIABILITY.md's table, naming the argument", () => {
    expect(thrown(() => nn.dotProductAttention(q, k, np.ones([1, 3, 2, 5]))).message).toMatch(/nn\.dotProductAttention: value .* must have key's shape/);
    expect(thrown(() => nn.dotProductAttention(np.ones([1, 2, 2, 3]), k, k)).message).toMatch(/query .* must be \[B=1, T, N, H=4\]/);
    expect(thrown(() => nn.dotProductAttention(np.ones([1, 2, 3, 4]), k, k)).message).toMatch(/query heads \(3\) must be a multiple of the key\/value heads \(2\)/);
    expect(thrown(() => nn.dotProductAttention(q, k, k, { mask: np.ones([1, 1, 2, 3]) }))).toBeInstanceOf(DTypeError);
    expect(thrown(() => nn.dotProductAttention(q, k, k, { bias: np.ones([1, 3, 2, 3]) })).message).toMatch(/bias has 3 heads/);
    expect(thrown(() => nn.dotProductAttention(q, k, k, { querySeqLengths: [1, 2] })).message).toMatch(/querySeqLengths must have shape \[1\]/);
    expect(thrown(() => nn.dotProductAttention(q, k, k, { localWindowSize: -1 }))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => nn.dotProductAttention(q, k, k, { implementation: "cudnn" as never }))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => nn.dotProductAttention(q, k, k, { isCausal: 1 as never }))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => nn.dotProductAttention(np.ones([1, 2, 2, 4], "int32"), k, k))).toBeInstanceOf(DTypeError);
    expect(thrown(() => nn.dotProductAttention(np.ones([4]), k, k))).toBeInstanceOf(ShapeError);
  });
});
