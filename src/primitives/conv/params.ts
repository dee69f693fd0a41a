/**
 * Params of the convolution (conv_general_dilated): this area's part of the registry's params map
 * (src/primitives/params.ts extends it).
 */
export interface ConvParams {
  conv_general_dilated: ConvGeneralDilatedParams;
}

/**
 * Where each role sits among an operand's axes (JAX's `ConvDimensionNumbers`): `lhsSpec` is
 * [batch, feature, ...spatial] of the input, `rhsSpec` [out feature, in feature, ...spatial] of the
 * kernel, `outSpec` [batch, feature, ...spatial] of the output. The spatial axes of all three are
 * listed in one order (the kernel's), which is the order of strides, padding and dilations.
 */
export interface ConvDimensionNumbers {
  readonly lhsSpec: readonly number[];
  readonly rhsSpec: readonly number[];
  readonly outSpec: readonly number[];
}

/**
 * JAX's `conv_general_dilated_p`, with padding already resolved to explicit (low, high) pairs
 * (negative pads crop) and the dimension numbers to index arrays. One entry per spatial dimension
 * in `windowStrides`, `padding`, `lhsDilation` (transposed convolution) and `rhsDilation` (atrous).
 * At most one of `featureGroupCount` (grouped/depthwise) and `batchGroupCount` (how JAX writes the
 * kernel gradient of a grouped convolution) exceeds 1. JAX's `precision` has no meaning here.
 */
export interface ConvGeneralDilatedParams {
  readonly windowStrides: readonly number[];
  readonly padding: readonly (readonly [number, number])[];
  readonly lhsDilation: readonly number[];
  readonly rhsDilation: readonly number[];
  readonly dimensionNumbers: ConvDimensionNumbers;
  readonly featureGroupCount: number;
  readonly batchGroupCount: number;
}
