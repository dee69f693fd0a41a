/**
 * `np.fft`: discrete Fourier transforms with numpy's norm modes, axes and lengths, differentiable.
 *
 * @module
 */
export * from "./transforms.js";
export * from "./helpers.js";
