/**
 * The law harness (fp-ts-laws style): a law is a pure predicate plus the arbitrary that feeds it;
 * `checkLaw` runs it with fast-check under a fixed, printed, replayable seed and, on failure,
 * reports the law's name and note above fast-check's counterexample (seed and path included).
 */
import * as fc from "fast-check";
import { seed } from "../test/support/seed.js";

/** A property: `holds` returns false (or throws) for a counterexample. */
export interface Law<A> {
  /** Short name, shown as the test title. */
  readonly name: string;
  /** What the law says and what a failure usually means; printed on failure. */
  readonly note: string;
  /** In-domain inputs. */
  readonly arbitrary: fc.Arbitrary<A>;
  /** True (or no exception) when the law holds for `a`. */
  readonly holds: (a: A) => boolean | void;
}

/** The seed of every law in this run: the suite's one seed, `FC_SEED` (default 42). */
export { seed };

/** Runs per law unless `FC_RUNS` overrides it (kept within 25–100 so the suite stays fast). */
export function runs(preferred = 50): number {
  const env = process.env.FC_RUNS;
  return env === undefined ? preferred : Number(env);
}

let seedPrinted = false;

function printSeedOnce(): void {
  if (seedPrinted) return;
  seedPrinted = true;
  // One line per test file (vitest isolates files); replay with FC_SEED=<seed> npx vitest run laws.
  console.log(`[laws] fast-check seed ${seed}, ${process.env.FC_RUNS ?? "default"} runs (FC_SEED / FC_RUNS override)`);
}

/** Checks `law`; throws an Error naming the law, its note and the counterexample. */
export function checkLaw<A>(law: Law<A>, numRuns = runs()): void {
  printSeedOnce();
  try {
    fc.assert(
      fc.property(law.arbitrary, (a) => law.holds(a) !== false),
      // The law's own explanation (from `ensure`) goes into the message, not only into `cause`.
      { seed, numRuns, includeErrorInReport: true },
    );
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new Error(`law "${law.name}" failed.\n  note: ${law.note}\n  replay: FC_SEED=${seed}\n${detail}`, { cause: err });
  }
}

/** A law whose predicate is asynchronous (it awaits another engine, such as ONNX Runtime). */
export interface AsyncLaw<A> extends Omit<Law<A>, "holds"> {
  readonly holds: (a: A) => Promise<boolean | void>;
}

/** Checks an asynchronous `law` as `checkLaw` does a synchronous one. */
export async function checkAsyncLaw<A>(law: AsyncLaw<A>, numRuns = runs()): Promise<void> {
  printSeedOnce();
  try {
    await fc.assert(
      fc.asyncProperty(law.arbitrary, async (a) => (await law.holds(a)) !== false),
      { seed, numRuns, includeErrorInReport: true },
    );
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new Error(`law "${law.name}" failed.\n  note: ${law.note}\n  replay: FC_SEED=${seed}\n${detail}`, { cause: err });
  }
}

/** Throws `message()` unless `cond`: lets a law explain a counterexample beyond fast-check's dump. */
export function ensure(cond: boolean, message: () => string): void {
  if (!cond) throw new Error(message());
}

/**
 * Checks `law` on every value of a finite enumeration (for a law whose domain is small enough to
 * cover exactly, where a random sample could miss the one bad combination). `law.arbitrary` is
 * not used; failures report the law's name, its note and the value.
 */
export function checkAll<A>(law: Law<A>, values: readonly A[], describe: (a: A) => string = (a) => JSON.stringify(a)): void {
  for (const a of values) {
    let failure: unknown;
    try {
      if (law.holds(a) === false) failure = "the predicate returned false";
    } catch (err) {
      failure = err;
    }
    if (failure !== undefined) {
      const detail = failure instanceof Error ? failure.message : String(failure);
      throw new Error(`law "${law.name}" failed (exhaustive check, ${values.length} values).\n  note: ${law.note}\n  value: ${describe(a)}\n${detail}`, { cause: failure });
    }
  }
}
