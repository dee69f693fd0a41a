/** lax.reduceWindow. */
export {};
