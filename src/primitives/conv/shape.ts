/**
 * conv_general_dilated's shape rule and the geometry its rules share: dilated sizes, the output
 * size of a window, the paddings of the two transposes (JAX's `_conv_general_vjp_{lhs,rhs}_padding`),
 * and dimension numbers printed back as the strings a user wrote ("NHWC", "HWIO", "NHWC").
 */
import { ArgumentError, DTypeError, ShapeError, fmtShape } from "../../errors.js";
import { type Aval, aval } from "../../ir/types.js";
import { isFloat } from "../../tensor/dtype.js";
import type { ConvDimensionNumbers, ConvGeneralDilatedParams } from "./params.js";

const OP = "conv_general_dilated";

/** Size of a dimension of size `d` with `dilation − 1` holes between neighbours (0 stays 0). */
export const dilateDim = (d: number, dilation: number): number => (d === 0 ? 0 : 1 + dilation * (d - 1));

/** Number of windows of size `window` at stride `stride` in `d` elements (0 when none fits). */
export const strideDim = (d: number, window: number, stride: number): number => Math.max(0, Math.floor((d - window) / stride) + 1);

/** The spatial axes of a spec, in the kernel's spatial order. */
export const spatialOf = (spec: readonly number[]): readonly number[] => spec.slice(2);

/** A spec with its first two roles swapped (batch ↔ feature, out ↔ in feature): JAX's `_conv_spec_transpose`. */
export const specTranspose = (spec: readonly number[]): number[] => [spec[1]!, spec[0]!, ...spec.slice(2)];

const SPATIAL_LETTERS = "HWDTUVXYZ";

/** One spec as a string of role letters by axis, as JAX users write it: "NCHW", "HWIO". */
function specLetters(spec: readonly number[], roles: string): string {
  const letters = new Array<string>(spec.length).fill("?");
  spec.forEach((axis, i) => {
    if (axis >= 0 && axis < spec.length) letters[axis] = i < 2 ? roles[i]! : (SPATIAL_LETTERS[i - 2] ?? String(i - 2));
  });
  return letters.join("");
}

/** The dimension numbers as JAX's string triple, e.g. `("NHWC", "HWIO", "NHWC")`. */
export function dimensionNumbersString(dn: ConvDimensionNumbers): string {
  return `("${specLetters(dn.lhsSpec, "NC")}", "${specLetters(dn.rhsSpec, "OI")}", "${specLetters(dn.outSpec, "NC")}")`;
}

/** Everything a message about a bad convolution names: both shapes and the dimension numbers. */
export const describeConv = (lhs: readonly number[], rhs: readonly number[], dn: ConvDimensionNumbers): string =>
  `lhs ${fmtShape(lhs)}, rhs ${fmtShape(rhs)}, dimension numbers ${dimensionNumbersString(dn)}`;

const isPermutation = (spec: readonly number[], rank: number): boolean =>
  spec.length === rank && spec.every((d) => Number.isInteger(d) && d >= 0 && d < rank) && new Set(spec).size === rank;

/** Validates the non-shape params against the number of spatial dimensions `n`. */
function checkParams(p: ConvGeneralDilatedParams, n: number, where: string): void {
  const list = (name: string, xs: readonly unknown[], ok: (x: number) => boolean, what: string): void => {
    if (xs.length !== n) throw new ShapeError(`${OP}: ${name} has ${xs.length} entries, but there are ${n} spatial dimensions (${where}); give one per spatial dimension.`);
    xs.forEach((x, i) => {
      if (typeof x !== "number" || !ok(x)) throw new ArgumentError(`${OP}: ${name}[${i}] is ${String(x)}; it must be ${what} (${where}).`);
    });
  };
  const positive = (x: number): boolean => Number.isInteger(x) && x >= 1;
  list("windowStrides", p.windowStrides, positive, "a positive integer");
  list("lhsDilation", p.lhsDilation, positive, "a positive integer");
  list("rhsDilation", p.rhsDilation, positive, "a positive integer");
  if (p.padding.length !== n) throw new ShapeError(`${OP}: padding has ${p.padding.length} (low, high) pairs, but there are ${n} spatial dimensions (${where}).`);
  p.padding.forEach((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((x) => Number.isInteger(x))) {
      throw new ArgumentError(`${OP}: padding[${i}] must be a pair of integers [low, high] (${where}).`);
    }
  });
}

/**
 * The output shape of a convolution, after checking its operands: dtypes (float32/float64, equal),
 * ranks, dimension numbers, feature and batch groups, and that negative padding leaves a
 * non-negative size. Every message names both shapes and the dimension numbers.
 */
export function convShapeRule([lhs, rhs]: readonly Aval[], p: ConvGeneralDilatedParams): Aval[] {
  const a = lhs!, b = rhs!;
  for (const [x, arg] of [[a, "lhs"], [b, "rhs"]] as const) {
    if (String(x.dtype).startsWith("complex")) throw new DTypeError(`${OP}: ${arg} is ${x.dtype}; complex convolution is not supported yet by ${OP}. Convolve the real and imaginary parts separately.`);
    if (!isFloat(x.dtype)) throw new DTypeError(`${OP}: ${arg} is ${x.dtype}, but convolution takes float32 or float64 operands; cast with np.astype(x, "float32").`);
  }
  if (a.dtype !== b.dtype) throw new DTypeError(`${OP}: lhs is ${a.dtype} but rhs is ${b.dtype}; cast one so both have one dtype.`);
  const dn = p.dimensionNumbers;
  const rank = a.shape.length;
  if (b.shape.length !== rank) {
    throw new ShapeError(`${OP}: lhs and rhs must have the same rank, but lhs is ${fmtShape(a.shape)} and rhs is ${fmtShape(b.shape)}.`);
  }
  if (rank < 2) throw new ShapeError(`${OP}: operands need a batch and a feature dimension (rank ≥ 2); got lhs ${fmtShape(a.shape)} and rhs ${fmtShape(b.shape)}.`);
  const where = describeConv(a.shape, b.shape, dn);
  for (const [name, spec] of [["lhsSpec", dn.lhsSpec], ["rhsSpec", dn.rhsSpec], ["outSpec", dn.outSpec]] as const) {
    if (!isPermutation(spec, rank)) {
      throw new ArgumentError(`${OP}: dimension numbers ${name} (${spec.join(", ")}) must name each of the ${rank} axes once (${where}).`);
    }
  }
  const n = rank - 2;
  checkParams(p, n, where);
  const G = p.featureGroupCount, B = p.batchGroupCount;
  const batch = a.shape[dn.lhsSpec[0]!]!, features = a.shape[dn.lhsSpec[1]!]!;
  const outFeatures = b.shape[dn.rhsSpec[0]!]!, inFeatures = b.shape[dn.rhsSpec[1]!]!;
  if (!Number.isInteger(G) || G < 1) throw new ArgumentError(`${OP}: featureGroupCount must be a positive integer, got ${G} (${where}).`);
  if (!Number.isInteger(B) || B < 1) throw new ArgumentError(`${OP}: batchGroupCount must be a positive integer, got ${B} (${where}).`);
  if (G > 1 && B > 1) throw new ArgumentError(`${OP}: at most one of featureGroupCount (${G}) and batchGroupCount (${B}) may exceed 1 (${where}).`);
  if (features % G !== 0) {
    throw new ShapeError(`${OP}: featureGroupCount ${G} must divide the lhs feature size ${features} (${where}).`);
  }
  if (features / G !== inFeatures) {
    const groups = G === 1 ? "" : ` divided by featureGroupCount ${G}`;
    throw new ShapeError(
      `${OP}: the lhs feature size ${features}${groups} must equal the rhs input feature size ${inFeatures} (${where}); ` +
        `check the channel counts, or the dimension numbers if the layouts are not what you meant.`,
    );
  }
  if (outFeatures % G !== 0) throw new ShapeError(`${OP}: the rhs output feature size ${outFeatures} must be a multiple of featureGroupCount ${G} (${where}).`);
  if (batch % B !== 0) throw new ShapeError(`${OP}: batchGroupCount ${B} must divide the lhs batch size ${batch} (${where}).`);
  if (outFeatures % B !== 0) throw new ShapeError(`${OP}: the rhs output feature size ${outFeatures} must be a multiple of batchGroupCount ${B} (${where}).`);
  const outSpatial = spatialOf(dn.lhsSpec).map((axis, i) => {
    const padded = dilateDim(a.shape[axis]!, p.lhsDilation[i]!) + p.padding[i]![0] + p.padding[i]![1];
    if (padded < 0) {
      throw new ShapeError(
        `${OP}: negative padding (${p.padding[i]!.join(", ")}) is larger than spatial dimension ${i} of the lhs (${where}).`,
      );
    }
    return strideDim(padded, dilateDim(b.shape[dn.rhsSpec[2 + i]!]!, p.rhsDilation[i]!), p.windowStrides[i]!);
  });
  const shape = new Array<number>(rank);
  shape[dn.outSpec[0]!] = batch / B;
  shape[dn.outSpec[1]!] = outFeatures;
  spatialOf(dn.outSpec).forEach((axis, i) => (shape[axis] = outSpatial[i]!));
  return [aval(shape, a.dtype)];
}

/** Arguments of the two transpose paddings: the primal's geometry, per spatial dimension. */
type VjpGeometry = [
  inShape: readonly number[], window: readonly number[], strides: readonly number[], outShape: readonly number[],
  padding: readonly (readonly [number, number])[], lhsDilation: readonly number[], rhsDilation: readonly number[],
];

/** Per spatial dimension: its low padding and the dilated input, window and (stride-dilated) output sizes. */
function dilatedSizes(...[inShape, window, strides, outShape, padding, lhsDilation, rhsDilation]: VjpGeometry): { lo: number; lhsD: number; rhsD: number; outD: number }[] {
  return inShape.map((d, i) => ({
    lo: padding[i]![0],
    lhsD: dilateDim(d, lhsDilation[i]!),
    rhsD: dilateDim(window[i]!, rhsDilation[i]!),
    outD: dilateDim(outShape[i]!, strides[i]!),
  }));
}

/** Padding of the lhs transpose (JAX's `_conv_general_vjp_lhs_padding`), per spatial dimension. */
export function vjpLhsPadding(...geometry: VjpGeometry): [number, number][] {
  return dilatedSizes(...geometry).map(({ lo, lhsD, rhsD, outD }) => {
    const before = rhsD - lo - 1;
    return [before, lhsD + rhsD - 1 - outD - before];
  });
}

/** Padding of the rhs transpose (JAX's `_conv_general_vjp_rhs_padding`), per spatial dimension. */
export function vjpRhsPadding(...geometry: VjpGeometry): [number, number][] {
  return dilatedSizes(...geometry).map(({ lo, lhsD, rhsD, outD }) => [lo, outD - lhsD + (rhsD - lo - 1)]);
}
