/**
 * Casts a deliberately ill-typed value past the compiler: `bad(3)` where a function goes,
 * `bad<number>(tracer)` to compare a tracer. Only for tests that feed bad input on purpose;
 * everywhere else the public API is typed so that well-formed calls need no cast.
 */
export const bad = <T = never>(x: unknown): NoInfer<T> => x as T;

/**
 * Any function, for helpers that call a function with an argument list they were handed (a law
 * that checks `vmap(f)` against a loop over `f`, for any `f`): the arguments' types are the caller's.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFunction = (...args: any[]) => unknown;
