/** Joining and splitting: split, arraySplit, hsplit, hstack, vstack, dstack, columnStack, append, unstack. */
export {};
