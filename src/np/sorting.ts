/** Sorting and searching: sort, argsort, searchsorted, isin, unique, nonzero, argwhere. */
export {};
