/**
 * Params of the elementwise math primitives (inverse and hyperbolic trig, atan2, cbrt, …): this area's part of the registry's params map
 * (src/primitives/params.ts extends it).
 */
type NoParams = Readonly<Record<never, never>>;

export interface MathParams {
  asin: NoParams; acos: NoParams; atan: NoParams;
  sinh: NoParams; cosh: NoParams; asinh: NoParams; acosh: NoParams; atanh: NoParams;
  cbrt: NoParams; exp2: NoParams; is_finite: NoParams;
  atan2: NoParams; nextafter: NoParams;
}
