/**
 * Params of the random-number primitives: this area's part of the registry's params map
 * (src/primitives/params.ts extends it).
 */
export interface RandomParams {
  random_bits: { readonly shape: readonly number[] };
  random_split: { readonly shape: readonly number[] };
  random_fold_in: Readonly<Record<never, never>>;
  random_gamma: { readonly logSpace: boolean };
  random_gamma_grad: Readonly<Record<never, never>>;
  random_poisson: Readonly<Record<never, never>>;
}
