/** Test domains of the windowed reductions (reduce_window, select_and_scatter_add) (spread into laws/domains.ts). */
import type { WindowParams } from "../src/primitives/window/params.js";
import type { Domain } from "./domains.js";

export const windowDomains: { readonly [N in keyof WindowParams]: Domain<N> } = {};
