/** Typed binders of this area's primitives (the ops facade of the cumulative and logical reductions). */
import type { Tensor } from "../../tensor/tensor.js";
import { apply1 } from "../ops.js";

/** The name of a cumulative reduction primitive. */
export type CumulativeName = "cumsum" | "cumprod" | "cummax" | "cummin" | "cumlogsumexp";

/** A cumulative reduction along `axis` (0 ≤ axis < rank), from the end when `reverse`. */
export const cumulative = (name: CumulativeName, x: Tensor, axis: number, reverse = false): Tensor => apply1(name, [x], { axis, reverse });
export const cumsum = (x: Tensor, axis: number, reverse = false): Tensor => apply1("cumsum", [x], { axis, reverse });
export const cumprod = (x: Tensor, axis: number, reverse = false): Tensor => apply1("cumprod", [x], { axis, reverse });
export const cummax = (x: Tensor, axis: number, reverse = false): Tensor => apply1("cummax", [x], { axis, reverse });
export const cummin = (x: Tensor, axis: number, reverse = false): Tensor => apply1("cummin", [x], { axis, reverse });
export const cumlogsumexp = (x: Tensor, axis: number, reverse = false): Tensor => apply1("cumlogsumexp", [x], { axis, reverse });
export const reduceAnd = (x: Tensor, axes: readonly number[]): Tensor => apply1("reduce_and", [x], { axes });
export const reduceOr = (x: Tensor, axes: readonly number[]): Tensor => apply1("reduce_or", [x], { axes });
export const reduceXor = (x: Tensor, axes: readonly number[]): Tensor => apply1("reduce_xor", [x], { axes });
