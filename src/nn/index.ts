/**
 * The `nn` namespace (jax.nn): activations, softmax and log-sum-exp in numerically stable forms,
 * standardize, oneHot, dot-product attention, and pooling as Flax spells it (`maxPool`, `avgPool`,
 * on the reduce_window primitives). Re-exported by name from the files that define them, so each
 * keeps its own TSDoc.
 *
 * @module
 */
export {
  relu, relu6, sigmoid, softplus, logSigmoid, silu, swish, mish, leakyRelu, elu, celu, selu, gelu, glu, softSign, hardTanh,
  hardSigmoid, hardSilu, hardSwish, squareplus, sparsePlus, sparseSigmoid, log1mexp, identity,
} from "./activations.js";
export { tanh } from "../np/elementwise.js";
export { logsumexp, logmeanexp, softmax, logSoftmax, type LogmeanexpOptions } from "./softmax.js";
export { standardize, oneHot, type StandardizeOptions, type OneHotOptions } from "./normalization.js";
export { dotProductAttention, type DotProductAttentionOptions } from "./attention.js";
export * from "./pooling.js";
