/** Cumulative reductions and differences: cumsum, cumprod, diff, ediff1d, trapezoid. */
export {};
