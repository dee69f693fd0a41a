/** Typed wrappers that bind the random-number primitives (the area's part of the ops facade). */
import { apply1 } from "../ops.js";
import type { Tensor } from "../../tensor/tensor.js";

/** 32 random bits per element of `shape`, for each key of a batch `[...batch, 2]`. */
export const randomBits = (keys: Tensor, shape: readonly number[]): Tensor => apply1("random_bits", [keys], { shape });

/** New keys `[...batch, ...shape, 2]` from each key of a batch `[...batch, 2]`. */
export const randomSplit = (keys: Tensor, shape: readonly number[]): Tensor => apply1("random_split", [keys], { shape });

/** Each key of a batch `[...batch, 2]` with the matching word of `data` (`[...batch]`) folded in. */
export const randomFoldIn = (keys: Tensor, data: Tensor): Tensor => apply1("random_fold_in", [keys, data], {});
