/**
 * Params of the special functions (erfc, erf_inv, lgamma, digamma, polygamma): this area's part of
 * the registry's params map (src/primitives/params.ts extends it). None carries params.
 */
type NoParams = Readonly<Record<never, never>>;

export interface SpecialParams {
  erfc: NoParams;
  erf_inv: NoParams;
  lgamma: NoParams;
  digamma: NoParams;
  polygamma: NoParams;
}
