/** dtype helpers: finfo, iinfo, resultType, promoteTypes, canCast, isscalar. */
export {};
