/**
 * The graph typechecker: every variable defined once before use, every equation's output types
 * equal to what its shape rule says. Returns an `Either` (fp-ts) — callers decide whether to throw.
 * It does not stop at the first problem: every check runs and their problems are accumulated
 * (fp-ts validation), so a broken graph is reported whole. The Left is one error of the first
 * problem's class with every message on its own line.
 */
import * as E from "fp-ts/lib/Either.js";
import * as NEA from "fp-ts/lib/NonEmptyArray.js";
import * as RA from "fp-ts/lib/ReadonlyArray.js";
import { pipe } from "fp-ts/lib/function.js";
import { FluxionError, InternalError } from "../errors.js";
import type { Graph } from "./graph.js";
import { type Atom, type Aval, type PrimName, type ShapeRules, avalString, avalsEqual } from "./types.js";

/** A problem: an error a shape rule threw, or the message of an `InternalError` still to be made. */
type Problem = FluxionError | string;

/** One check's outcome: every problem it found, or nothing to report. */
type Check = E.Either<NEA.NonEmptyArray<Problem>, void>;

const ok: Check = E.right(undefined);
const fail = (problem: Problem): Check => E.left([problem]);

/** Combines checks, keeping the problems of every one (not only the first, as `Either` itself would). */
const all = (checks: readonly Check[]): Check =>
  pipe(
    checks,
    RA.sequence(E.getApplicativeValidation(NEA.getSemigroup<Problem>())),
    E.map(() => undefined),
  );

/** The problems as one error: the first one's class, every message on its own line. */
function joined(problems: NEA.NonEmptyArray<Problem>): FluxionError {
  const first = problems[0];
  if (problems.length === 1 && typeof first !== "string") return first;
  const lines = problems.map((p) => (typeof p === "string" ? p : p.message)).join("\n");
  return typeof first === "string" ? new InternalError(lines) : new (first.constructor as new (message: string) => FluxionError)(lines);
}

/** Checks `g` against the primitives' shape rules; Right(g) when well formed, else every problem found. */
export function validateGraph(g: Graph, prims: ShapeRules): E.Either<FluxionError, Graph> {
  const defined = new Map<number, string>();
  const checks: Check[] = [];
  const define = (id: number, aval: Aval, where: string): Check => {
    if (defined.has(id)) return fail(`graph: variable ${id} defined twice (${where})`);
    defined.set(id, avalString(aval));
    return ok;
  };
  const use = (a: Atom, where: string): Check => {
    if (a._tag === "Literal") return ok;
    const t = defined.get(a.id);
    if (t === undefined) return fail(`graph: variable ${a.id} used before definition in ${where}`);
    if (t !== avalString(a.aval)) return fail(`graph: variable ${a.id} used as ${avalString(a.aval)} but defined as ${t} in ${where}`);
    return ok;
  };
  for (const v of [...g.constVars, ...g.inputs]) checks.push(define(v.id, v.aval, "input"));
  if (g.constVars.length !== g.constValues.length) checks.push(fail("graph: constVars and constValues differ in length"));
  for (const [k, e] of g.equations.entries()) {
    const where = `equation ${k} (${e.primitive})`;
    checks.push(...e.inputs.map((a) => use(a, where)));
    checks.push(shapeCheck(prims, e.primitive, e.inputs, e.params, e.outputs, where));
    // Outputs are defined at their declared types even when the shape rule disagrees, so one bad
    // equation is reported once rather than again at every later use.
    checks.push(...e.outputs.map((v) => define(v.id, v.aval, where)));
  }
  checks.push(...g.outputs.map((a) => use(a, "outputs")));
  return pipe(
    all(checks),
    E.bimap(joined, () => g),
  );
}

/** The equation's declared output types against its primitive's shape rule. */
function shapeCheck(
  prims: ShapeRules,
  primitive: string,
  inputs: readonly Atom[],
  params: unknown,
  outputs: readonly { readonly aval: Aval }[],
  where: string,
): Check {
  let expected: readonly Aval[];
  try {
    expected = prims[primitive as PrimName].shapeRule(inputs.map((a) => a.aval), params as never);
  } catch (err) {
    return fail(err instanceof FluxionError ? err : `${where}: ${String(err)}`);
  }
  if (expected.length !== outputs.length || expected.some((a, i) => !avalsEqual(a, outputs[i]!.aval))) {
    return fail(`graph: ${where} outputs ${outputs.map((v) => avalString(v.aval)).join(", ")} but its shape rule gives ${expected.map(avalString).join(", ")}`);
  }
  return ok;
}
