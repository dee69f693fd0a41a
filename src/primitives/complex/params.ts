/**
 * Params of the complex-number constructors and parts (complex, real, imag, conj): this area's part of the registry's params map
 * (src/primitives/params.ts extends it).
 */
type NoParams = Readonly<Record<never, never>>;

export interface ComplexParams {
  /** complex(re, im): float32 parts give complex64, float64 parts complex128. */
  complex: NoParams;
  /** The real part of a complex array (complex64 → float32). */
  real: NoParams;
  /** The imaginary part of a complex array. */
  imag: NoParams;
  /** The complex conjugate (imaginary part negated). */
  conj: NoParams;
}
