/** Rearranging elements: flip, roll, rot90, tile, repeat, pad, moveaxis, swapaxes, ravel, atleast1d, … */
export {};
