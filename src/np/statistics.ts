/** Reductions and statistics: all, any, std, var, average, median, quantile, cov, nansum, isclose, … */
export {};
