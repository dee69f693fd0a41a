/** The orthogonal decompositions (qr, eigh, svd), as registry entries (src/primitives/registry.ts spreads them in). */
import { eigh } from "./eigh.js";
import { qr } from "./qr.js";
import { svd } from "./svd.js";

export const eigenPrimitives = { qr, eigh, svd } as const;
