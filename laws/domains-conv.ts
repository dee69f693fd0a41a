/** Test domains of the convolution (conv_general_dilated) (spread into laws/domains.ts). */
import type { ConvParams } from "../src/primitives/conv/params.js";
import type { Domain } from "./domains.js";

export const convDomains: { readonly [N in keyof ConvParams]: Domain<N> } = {};
