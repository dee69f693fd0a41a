/** Typed wrappers that bind the random-number primitives (the area's part of the ops facade). */
import { apply1 } from "../ops.js";
import type { Tensor } from "../../tensor/tensor.js";

/** 32 random bits per element of `shape`, for each key of a batch `[...batch, 2]`. */
export const randomBits = (keys: Tensor, shape: readonly number[]): Tensor => apply1("random_bits", [keys], { shape });

/** New keys `[...batch, ...shape, 2]` from each key of a batch `[...batch, 2]`. */
export const randomSplit = (keys: Tensor, shape: readonly number[]): Tensor => apply1("random_split", [keys], { shape });

/** Each key of a batch `[...batch, 2]` with the matching word of `data` (`[...batch]`) folded in. */
export const randomFoldIn = (keys: Tensor, data: Tensor): Tensor => apply1("random_fold_in", [keys, data], {});

/** gamma(alpha, 1) samples (their logs when `logSpace`), one stream per element, for keys `[...batch, 2]` and alphas `[...batch, ...]`. */
export const randomGamma = (keys: Tensor, alpha: Tensor, logSpace: boolean): Tensor => apply1("random_gamma", [keys, alpha], { logSpace });

/** The derivative of gamma(alpha, 1) samples `x` with respect to `alpha` (implicit reparameterisation). */
export const randomGammaGrad = (alpha: Tensor, x: Tensor): Tensor => apply1("random_gamma_grad", [alpha, x], {});

/** int32 Poisson samples for keys `[...batch, 2]` and float32 rates `[...batch, ...]` (one block per key). */
export const randomPoisson = (keys: Tensor, lam: Tensor): Tensor => apply1("random_poisson", [keys, lam], {});
