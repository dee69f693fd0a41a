/**
 * The backend that runs concrete values: a wiring slot the package root fills (src/wire.ts
 * installs the CPU backend). Eager evaluation, jit's top-level calls and graph-carrying primitives
 * read it; nothing installs it by being imported.
 */
import { InternalError } from "../errors.js";
import type { Backend } from "./backend.js";

let installed: Backend | undefined;

/** Makes `b` the backend that runs everything (the package root's wiring calls this). */
export function installBackend(b: Backend): void {
  installed = b;
}

/**
 * The installed backend.
 *
 * @example
 * ```ts
 * currentBackend().name; // "cpu"
 * ```
 */
export function currentBackend(): Backend {
  if (installed === undefined) {
    throw new InternalError("an op ran before a backend was installed: import fluxion from its package root (src/index.ts), or call wire().");
  }
  return installed;
}
