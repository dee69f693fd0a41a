/**
 * Runtime specialisation of elementwise loops. A loop body is spliced from a FIXED snippet table
 * (never a user string) and compiled once per (op, dtypes) with `new Function`, so every loop is
 * monomorphic in its typed arrays and op. If code generation is disallowed (CSP,
 * `--disallow-code-generation-from-strings`) callers get `undefined` and use closure loops instead.
 */

/**
 * Helper functions the generated code may call, captured once at load so that monkey-patching
 * `Math` later changes nothing. Snippets refer to them by these names.
 */
export type Helpers = Readonly<Record<string, (...args: number[]) => number>>;

const cache = new Map<string, unknown>();
/** Off only in tests of the closure fallback (see `setCodegenEnabled`). */
let enabled = true;
/** Set once `new Function` has thrown an EvalError: the host forbids code generation. */
let blocked = false;

/** The alphabet allowed in cache keys (which are spliced into the generated source as a comment). */
const KEY_RE = /^[a-z0-9_]+$/;

/**
 * Compiles `body` (a function body that `return`s the kernel) with the helpers in scope, caching
 * by `key`. `key` must be built from op and dtype names only (checked). Returns `undefined` when
 * code generation is unavailable or disabled, so the caller falls back to closures.
 */
export function compileCached<T>(key: string, helpers: Helpers, body: string): T | undefined {
  if (!enabled || blocked) return undefined;
  const hit = cache.get(key);
  if (hit !== undefined) return hit as T;
  if (!KEY_RE.test(key)) throw new Error(`internal: bad kernel cache key ${JSON.stringify(key)}`);
  const names = Object.keys(helpers);
  for (const n of names) if (!KEY_RE.test(n)) throw new Error(`internal: bad helper name ${JSON.stringify(n)}`);
  let made: T;
  try {
    // The key goes into a comment so that two keys with identical loop text still get separate
    // compiled functions (and so separate, monomorphic type feedback).
    const src = `"use strict";\n// ${key}\n${body}`;
    const factory = new Function(...names, src) as (...fns: ((...args: number[]) => number)[]) => T;
    made = factory(...names.map((n) => helpers[n]!));
  } catch (e) {
    // A CSP or --disallow-code-generation-from-strings raises EvalError: fall back for good.
    // Anything else (a SyntaxError) is a bug in a snippet and must not be hidden by the fallback.
    if (!(e instanceof EvalError)) throw e;
    blocked = true;
    return undefined;
  }
  cache.set(key, made);
  return made;
}

/**
 * Turns code generation on or off (for tests of the closure fallback); returns the previous
 * setting. It cannot turn on what the host forbids.
 */
export function setCodegenEnabled(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  loops.clear();
  return was;
}

const loops = new Map<string, unknown>();

/**
 * The loop for `key`, made once: callers build snippet text and source only on the first call,
 * so the per-op cost of an eager call is one map lookup. Cleared when code generation is toggled.
 */
export function memoLoops<T>(key: string, make: () => T): T {
  let hit = loops.get(key) as T | undefined;
  if (hit === undefined) {
    hit = make();
    loops.set(key, hit);
  }
  return hit;
}
