/** Typed binders of the complex-number primitives (the rules of this area and np/complex.ts use them). */
import type { Tensor } from "../../tensor/tensor.js";
import { apply1 } from "../ops.js";

/** complex(re, im): re + i·im from two float arrays of one dtype (equal shapes, or one a scalar). */
export const complex = (re: Tensor, im: Tensor): Tensor => apply1("complex", [re, im], {});
/** The real part of a complex array. */
export const real = (x: Tensor): Tensor => apply1("real", [x], {});
/** The imaginary part of a complex array. */
export const imag = (x: Tensor): Tensor => apply1("imag", [x], {});
/** The complex conjugate of a complex array. */
export const conj = (x: Tensor): Tensor => apply1("conj", [x], {});
