/** The sorting (a stable multi-operand sort) and top-k, as registry entries (src/primitives/registry.ts spreads them in). */
import { sort } from "./sort.js";
import { topK } from "./top-k.js";

export const sortingPrimitives = { sort, top_k: topK } as const;
