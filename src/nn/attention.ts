/**
 * Scaled dot-product attention as jax.nn.dot_product_attention computes it (its "xla"
 * implementation): logits = scale · QKᵀ (+ bias), masked positions set to a large negative
 * number, softmax over the keys in float32, probabilities times V. Grouped-query attention: N query
 * heads share K key/value heads (N a multiple of K), query head n using key/value head ⌊n / (N/K)⌋.
 */
import { ArgumentError, DTypeError, ShapeError, describeValue, fmtShape, inContext } from "../errors.js";
import * as ops from "../primitives/ops.js";
import type { DType } from "../tensor/dtype.js";
import { fromData, scalar } from "../tensor/from-js.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { tensorArg } from "../np/coerce.js";
import * as np from "../np/index.js";
import { optionalArgs } from "../np/options.js";
import { logsumexp, softmax } from "./softmax.js";
import { stopGradient } from "./activations.js";

/** `nn.dotProductAttention`'s options (JAX's keyword arguments, camelCased). */
export interface DotProductAttentionOptions {
  bias?: TensorLike | null;
  mask?: TensorLike | null;
  /** Multiplies the logits; default 1/√H. */
  scale?: number | null;
  /** Each query position t attends only to key positions s ≤ t. */
  isCausal?: boolean;
  /** int32 [B]: query positions at or past the length are padding (their output is 0). */
  querySeqLengths?: TensorLike | null;
  /** int32 [B]: key positions at or past the length are masked out. */
  keyValueSeqLengths?: TensorLike | null;
  /** Query t attends to keys s with t − left ≤ s ≤ t + right; a number w is [w, w]. */
  localWindowSize?: number | readonly [number, number] | null;
  /** "xla" (or left out): the only implementation here. */
  implementation?: "xla" | null;
  /** Also return the logsumexp of the masked logits, [B, T, N] (held constant), as JAX's. */
  returnResidual?: boolean;
}

const fail = (why: string): never => {
  throw new ShapeError(`nn.dotProductAttention: ${why}`);
};

/** `t` with leading size-1 axes up to rank 4 (JAX's _ensure_4d). */
function ensure4d(t: Tensor): Tensor {
  return t.ndim >= 4 ? t : ops.reshape(t, [...Array(4 - t.ndim).fill(1), ...t.shape]);
}

/** A [*, N|1, T, S] bias or mask regrouped as [*, K|1, G|1, T, S] to broadcast against [B, K, G, T, S] logits. */
function grouped(t: Tensor, name: string, n: number, k: number, g: number): Tensor {
  const [tb, tn, tt, ts] = t.shape as [number, number, number, number];
  if (tn === 1) return ops.reshape(t, [tb, 1, 1, tt, ts]);
  if (tn !== n) fail(`${name} has ${tn} heads (shape ${fmtShape(t.shape)}) but the query has ${n}; give ${n} or 1.`);
  return ops.reshape(t, [tb, k, g, tt, ts]);
}

/** A concrete bool [T, S] mask from a predicate on (query position, key position). */
function positionMask(t: number, s: number, keep: (i: number, j: number) => boolean): Tensor {
  const data = new Uint8Array(t * s);
  for (let i = 0; i < t; i++) for (let j = 0; j < s; j++) data[i * s + j] = keep(i, j) ? 1 : 0;
  return ops.reshape(fromData([t, s], "bool", data), [1, 1, 1, t, s]);
}

function seqLengths(v: unknown, name: string, b: number): Tensor | undefined {
  if (v === undefined || v === null) return undefined;
  const t = tensorArg("dotProductAttention", v as TensorLike, name, "int32");
  if (t.ndim !== 1 || t.shape[0] !== b) fail(`${name} must have shape [${b}] (one length per batch element); got ${fmtShape(t.shape)}.`);
  return t;
}

/**
 * Scaled dot-product attention over `query` [B, T, N, H], `key` and `value` [B, S, K, H] (3-D
 * [T, N, H] and [S, K, H] inputs work too), as JAX's: softmax(scale · QKᵀ + bias, masked) · V,
 * of the query's shape. N must be a multiple of K (grouped-query attention). `bias` (added to the
 * logits) and the bool `mask` (true = attend) are 4-D [B|1, N|1, T|1, S|1] (fewer dims get
 * leading 1s). Masked logits become −0.7 × float32's max, so a fully masked row attends uniformly
 * rather than giving NaN, as in JAX; like JAX, the softmax is computed in float32.
 *
 * @example
 * ```ts
 * const q = np.ones([1, 2, 1, 4]), k = np.ones([1, 3, 1, 4]), v = np.ones([1, 3, 1, 4]);
 * nn.dotProductAttention(q, k, v, { isCausal: true }).shape; // [1, 2, 1, 4]
 * ```
 */
export function dotProductAttention(
  query: TensorLike,
  key: TensorLike,
  value: TensorLike,
  ...rest:
    | [bias: TensorLike | null | undefined, mask: TensorLike | null | undefined, options: DotProductAttentionOptions & { returnResidual: true }]
    | [options: DotProductAttentionOptions & { returnResidual: true }]
): [Tensor, Tensor];
export function dotProductAttention(
  query: TensorLike,
  key: TensorLike,
  value: TensorLike,
  ...rest: [bias?: TensorLike | null, mask?: TensorLike | null, options?: DotProductAttentionOptions] | [options: DotProductAttentionOptions]
): Tensor;
export function dotProductAttention(query: TensorLike, key: TensorLike, value: TensorLike, ...rest: unknown[]): Tensor | [Tensor, Tensor] {
  return inContext("nn.dotProductAttention", () => {
    const o = optionalArgs(
      "nn.dotProductAttention",
      ["bias", "mask", "scale", "isCausal", "querySeqLengths", "keyValueSeqLengths", "localWindowSize", "implementation", "returnResidual"],
      rest,
    );
    if (o.implementation !== undefined && o.implementation !== null && o.implementation !== "xla") {
      throw new ArgumentError(`nn.dotProductAttention: implementation ${describeValue(o.implementation)} is not available; use "xla" or leave it out.`);
    }
    const q0 = tensorArg("dotProductAttention", query, "query");
    const outShape = q0.shape;
    const q = ensure4d(q0);
    const k = ensure4d(tensorArg("dotProductAttention", key, "key"));
    const v = ensure4d(tensorArg("dotProductAttention", value, "value"));
    for (const [t, name] of [[q, "query"], [k, "key"], [v, "value"]] as const) {
      if (t.ndim !== 4) fail(`${name} must have 3 or 4 dimensions ([B, T, N, H]); got shape ${fmtShape(t.shape)}.`);
      if (t.dtype !== "float32" && t.dtype !== "float64") {
        throw new DTypeError(`nn.dotProductAttention: ${name} is ${t.dtype}; query, key and value must be float32 or float64.`);
      }
    }
    const [B, S, K, H] = k.shape as [number, number, number, number];
    if (v.shape.some((d, i) => d !== k.shape[i]) || v.dtype !== k.dtype) {
      fail(`value (${v.dtype}${fmtShape(v.shape)}) must have key's shape and dtype (${k.dtype}${fmtShape(k.shape)}).`);
    }
    const [qb, T, N, qh] = q.shape as [number, number, number, number];
    if (qb !== B || qh !== H || q.dtype !== k.dtype) {
      fail(`query (${q.dtype}${fmtShape(q.shape)}) must be [B=${B}, T, N, H=${H}] of key's dtype ${k.dtype}.`);
    }
    if (K === 0 || N % K !== 0) fail(`the number of query heads (${N}) must be a multiple of the key/value heads (${K}).`);
    const G = N / K;

    // Logits [B, K, G, T, S] in promote(query dtype, float32), scaled.
    const qg = ops.reshape(q, [B, T, K, G, H]);
    let logits = np.einsum("BTKGH,BSKH->BKGTS", qg, k);
    const scale = o.scale === undefined || o.scale === null ? 1 / Math.sqrt(H) : o.scale;
    if (typeof scale !== "number") throw new ArgumentError(`nn.dotProductAttention: scale must be a number; got ${describeValue(scale)}.`);
    logits = ops.mul(logits, scalar(scale, logits.dtype));
    if (o.bias !== undefined && o.bias !== null) {
      const bias = ensure4d(tensorArg("dotProductAttention", o.bias as TensorLike, "bias"));
      if (bias.ndim !== 4) fail(`bias must have at most 4 dimensions; got shape ${fmtShape(bias.shape)}.`);
      logits = np.astype(np.add(logits, grouped(bias, "bias", N, K, G)), logits.dtype);
    }

    const masks: Tensor[] = [];
    if (o.mask !== undefined && o.mask !== null) {
      const mask = ensure4d(tensorArg("dotProductAttention", o.mask as TensorLike, "mask"));
      if (mask.dtype !== "bool") throw new DTypeError(`nn.dotProductAttention: mask is ${mask.dtype}; it must be bool (true where a query may attend).`);
      if (mask.ndim !== 4) fail(`mask must have at most 4 dimensions; got shape ${fmtShape(mask.shape)}.`);
      masks.push(grouped(mask, "mask", N, K, G));
    }
    if (o.isCausal !== undefined && typeof o.isCausal !== "boolean") {
      throw new ArgumentError(`nn.dotProductAttention: isCausal must be true or false; got ${describeValue(o.isCausal)}.`);
    }
    if (o.isCausal === true) masks.push(positionMask(T, S, (i, j) => j <= i));
    if (o.localWindowSize !== undefined && o.localWindowSize !== null) {
      const w = o.localWindowSize;
      const [left, right] = typeof w === "number" ? [w, w] : Array.isArray(w) && w.length === 2 ? (w as [number, number]) : [NaN, NaN];
      if (![left, right].every((x) => Number.isInteger(x) && x >= 0)) {
        throw new ArgumentError(`nn.dotProductAttention: localWindowSize must be a non-negative integer or a pair [left, right]; got ${describeValue(w)}.`);
      }
      masks.push(positionMask(T, S, (i, j) => i <= j + left && i >= j - right));
    }
    const qLen = seqLengths(o.querySeqLengths, "querySeqLengths", B);
    const kvLen = seqLengths(o.keyValueSeqLengths, "keyValueSeqLengths", B);
    if (qLen !== undefined) masks.push(np.less(ops.iota("int32", [B, 1, 1, T, 1], 3), ops.reshape(qLen, [B, 1, 1, 1, 1])));
    if (kvLen !== undefined) masks.push(np.less(ops.iota("int32", [B, 1, 1, 1, S], 4), ops.reshape(kvLen, [B, 1, 1, 1, 1])));

    let padded = logits;
    if (masks.length > 0) {
      const combined = masks.reduce((a, b) => np.logicalAnd(a, b));
      // JAX's large negative: −0.7 × the dtype's max, but never past float32's.
      padded = np.where(np.broadcastTo(combined, logits.shape), logits, scalar(-0.7 * 3.4028234663852886e38, logits.dtype));
    }
    const probs = np.astype(softmax(np.astype(padded, "float32"), -1), k.dtype as DType);
    let encoded = np.einsum("BKGTS,BSKH->BTKGH", probs, v);
    if (qLen !== undefined) {
      const valid = np.less(ops.iota("int32", [B, T, 1, 1, 1], 1), ops.reshape(qLen, [B, 1, 1, 1, 1]));
      encoded = np.mul(encoded, np.astype(valid, encoded.dtype));
    }
    const out = ops.reshape(encoded, outShape);
    if (o.returnResidual !== true) return out;
    // logsumexp over the keys, [B, K, G, T] → [B, T, N], held constant as JAX's residual.
    const lse = np.astype(logsumexp(np.astype(padded, "float32"), -1), k.dtype as DType);
    const residual = ops.reshape(ops.transpose(lse, [0, 3, 1, 2]), outShape.slice(0, -1));
    return [out, stopGradient(residual)];
  });
}
