/**
 * Validation that reports every problem at once. A check returns an fp-ts `Either` whose left side
 * is a non-empty list of problems; checks combined with `collect` (or `Validation`'s `ap`) keep
 * going past a failure and concatenate the lists, so a user who passed three bad options reads
 * three lines instead of fixing them one run at a time. `orThrow` turns the list into one error:
 * the first problem's class (the one RELIABILITY.md names for it), every message on its own line.
 */
import * as E from "fp-ts/lib/Either.js";
import * as NEA from "fp-ts/lib/NonEmptyArray.js";
import * as RA from "fp-ts/lib/ReadonlyArray.js";
import { pipe } from "fp-ts/lib/function.js";
import { ArgumentError, type FluxionError } from "../errors.js";

/** One thing wrong with an input: the error class it calls for and a whole message (what, where, a fix). */
export interface Problem {
  readonly kind: new (message: string) => FluxionError;
  readonly message: string;
}

/** A checked value: every problem found, or the value. */
export type Checked<A> = E.Either<NEA.NonEmptyArray<Problem>, A>;

/** The applicative that accumulates problems (instead of stopping at the first, as `Either`'s own does). */
export const Validation = E.getApplicativeValidation(NEA.getSemigroup<Problem>());

/** A failed check. `kind` defaults to `ArgumentError`. */
export function problem(message: string, kind: Problem["kind"] = ArgumentError): Checked<never> {
  return E.left([{ kind, message }]);
}

/** A passed check. */
export const ok: <A>(a: A) => Checked<A> = E.right;

/** Runs every check and keeps all their problems: Right of all values only when each passed. */
export function collect<A>(checks: readonly Checked<A>[]): Checked<readonly A[]> {
  return pipe(checks, RA.sequence(Validation));
}

/** The value, or one error listing every problem, one per line, of the first problem's class. */
export function orThrow<A>(checked: Checked<A>): A {
  if (E.isRight(checked)) return checked.right;
  const problems = checked.left;
  throw new problems[0].kind(problems.map((p) => p.message).join("\n"));
}

/** Names a value in a message: strings quoted, others as JS prints them. */
export function show(x: unknown): string {
  if (typeof x === "string") return JSON.stringify(x);
  if (typeof x === "number" || typeof x === "boolean" || x === null || x === undefined) return String(x);
  if (Array.isArray(x)) return "an array";
  return typeof x === "function" ? "a function" : typeof x === "object" ? "an object" : typeof x;
}
