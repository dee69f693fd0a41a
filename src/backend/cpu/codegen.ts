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

/**
 * How many compiled functions the code cache keeps. Kernels and plans hold their own references,
 * so an evicted entry is only compiled again if a new plan asks for the same source; what the
 * bound prevents is a process that jits thousands of distinct programs keeping every loop alive.
 */
export const CODE_CACHE_CAPACITY = 512;

/**
 * Compiled functions keyed by their complete source (helper names, label and body): two requests
 * share a function only if they would compile the same text, so no part of the source can be
 * forgotten in a key. A Map iterates in insertion order, which makes it an LRU: a hit moves its
 * entry to the end, and the first entry is the least recently used.
 */
const cache = new Map<string, unknown>();
/** Off only in tests of the closure fallback (see `setCodegenEnabled`). */
let enabled = true;
/** Set once `new Function` has thrown an EvalError: the host forbids code generation. */
let blocked = false;

/** The alphabet allowed in labels (which are spliced into the generated source as a comment). */
const KEY_RE = /^[a-z0-9_]+$/;

/**
 * Compiles `body` (a function body that `return`s the kernel) with the helpers in scope. `key`
 * labels the function (op and dtype names only, checked): it goes into the source as a comment,
 * so loops with the same text but different labels get separate compiled functions (and so
 * separate, monomorphic type feedback). Cached by the whole source. Returns `undefined` when code
 * generation is unavailable or disabled, so the caller falls back to closures.
 */
export function compileCached<T>(key: string, helpers: Helpers, body: string): T | undefined {
  if (!enabled || blocked) return undefined;
  if (!KEY_RE.test(key)) throw new Error(`internal: bad kernel cache key ${JSON.stringify(key)}`);
  const names = Object.keys(helpers);
  for (const n of names) if (!KEY_RE.test(n)) throw new Error(`internal: bad helper name ${JSON.stringify(n)}`);
  const src = `"use strict";\n// ${key}\n${body}`;
  // Helper names are part of the key: the same text sees other functions under other names.
  const cacheKey = `${names.join(",")}\n${src}`;
  const hit = cache.get(cacheKey);
  if (hit !== undefined) {
    cache.delete(cacheKey);
    cache.set(cacheKey, hit);
    return hit as T;
  }
  let made: T;
  try {
    const factory = new Function(...names, src) as (...fns: ((...args: number[]) => number)[]) => T;
    made = factory(...names.map((n) => helpers[n]!));
  } catch (e) {
    // A CSP or --disallow-code-generation-from-strings raises EvalError: fall back for good.
    // Anything else (a SyntaxError) is a bug in a snippet and must not be hidden by the fallback.
    if (!(e instanceof EvalError)) throw e;
    blocked = true;
    return undefined;
  }
  cache.set(cacheKey, made);
  if (cache.size > CODE_CACHE_CAPACITY) cache.delete(cache.keys().next().value!);
  return made;
}

/** @internal How many compiled functions the code cache holds (for tests and the soak check). */
export function codeCacheSize(): number {
  return cache.size;
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
