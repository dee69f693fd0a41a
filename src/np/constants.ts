/**
 * numpy's constants and the names JAX and @jax-js/jax give to things np already has: `np.pi`,
 * `np.e`, `np.inf`, `np.nan`, `np.eulerGamma`, `np.around` (= `np.round`), `np.hann`
 * (= `np.hanning`), `np.bool` (the dtype name, as `np.bool_`).
 */
export { round as around } from "./elementwise.js";
export { hanning as hann } from "./construct.js";

/** π. @example `np.pi` // 3.141592653589793 */
export const pi = Math.PI;
/** Euler's number e. @example `np.e` // 2.718281828459045 */
export const e = Math.E;
/** +∞. @example `np.inf` // Infinity */
export const inf = Infinity;
/** Not a number. @example `np.nan` // NaN */
export const nan = NaN;
/** The Euler–Mascheroni constant γ. @example `np.eulerGamma` // 0.5772156649015329 */
export const eulerGamma = 0.5772156649015329;
/** The bool dtype's name (numpy's `np.bool`). @example `np.zeros([2], np.bool).dtype` // "bool" */
const boolDType = "bool" as const;
export { boolDType as bool };
