/** The convolution (conv_general_dilated), as registry entries (src/primitives/registry.ts spreads them in). */
import { convGeneralDilated } from "./conv-general-dilated.js";

export const convPrimitives = { conv_general_dilated: convGeneralDilated } as const;
