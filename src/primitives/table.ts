/**
 * The installed primitive table: filled once by registry.ts when it loads, read by the ops facade.
 * This indirection lets primitive files call other ops without importing the registry (no cycles).
 */
import { InternalError } from "../errors.js";
import type { PrimitiveName } from "./params.js";
import type { PrimitiveDef } from "./rule-types.js";

/** The registry's type: one definition per primitive name. */
export type PrimitiveTable = { readonly [N in PrimitiveName]: PrimitiveDef<N> };

let table: PrimitiveTable | undefined;

/** Called once by registry.ts. */
export function installPrimitives(t: PrimitiveTable): void {
  table = t;
}

/** The definition of primitive `name`. */
export function primitive<N extends PrimitiveName>(name: N): PrimitiveDef<N> {
  if (table === undefined) throw new InternalError(`primitive ${name} used before the registry loaded`);
  return table[name] as PrimitiveDef<N>;
}
