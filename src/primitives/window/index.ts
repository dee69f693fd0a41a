/** The windowed reductions (reduce_window, select_and_scatter_add), as registry entries (src/primitives/registry.ts spreads them in). */
export const windowPrimitives = {} as const;
