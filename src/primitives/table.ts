/**
 * The installed primitive table: filled once by the package root's wiring (src/wire.ts), read by
 * the ops facade. This indirection lets primitive files call other ops without importing the
 * registry, which imports them all (no cycles).
 */
import { InternalError } from "../errors.js";
import type { PrimitiveName } from "./params.js";
import type { PrimitiveDef } from "./rule-types.js";

/** The registry's type: one definition per primitive name. */
export type PrimitiveTable = { readonly [N in PrimitiveName]: PrimitiveDef<N> };

let table: PrimitiveTable | undefined;

/** Installs the registry (the package root's wiring calls this once). */
export function installPrimitives(t: PrimitiveTable): void {
  table = t;
}

/** The definition of primitive `name`. */
export function primitive<N extends PrimitiveName>(name: N): PrimitiveDef<N> {
  if (table === undefined) throw new InternalError(`primitive ${name} used before fluxion was wired: import it from its package root (src/index.ts)`);
  return table[name] as PrimitiveDef<N>;
}
