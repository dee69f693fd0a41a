/**
 * The two sources of traced functions the graph laws (3, 4, 8) share: every primitive on its
 * domain, and random programs. Each yields a function, its inputs, anything else it captured, and
 * a description for counterexamples.
 */
import * as fc from "fast-check";
import type { PrimitiveName } from "../src/primitives/params.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { inDomain } from "./arbitraries.js";
import { applyCase, casesOf, describeCase, evaluating } from "./domains.js";
import { programCaseArb, programFn } from "./programs.js";

export interface Traceable {
  /** Builds a fresh function each call (jit caches per function object). */
  readonly fn: () => (...xs: Tensor[]) => Tensor[];
  readonly xs: readonly Tensor[];
  /** Concrete tensors the function closes over. */
  readonly captured: readonly Tensor[];
  readonly label: string;
  /** Runs an evaluation of it: for a primitive without eager meaning, checks it throws (→ undefined). */
  readonly run: <T>(thunk: () => T) => T | undefined;
}

/** Primitive `name` applied to its domain. */
export function primitiveTraceable(name: PrimitiveName): fc.Arbitrary<Traceable> {
  return casesOf(name, inDomain).map((c) => ({
    fn: () => (...xs: Tensor[]) => applyCase(c, xs),
    xs: c.inputs,
    captured: [],
    label: describeCase(c),
    run: (thunk) => evaluating(name, thunk),
  }));
}

/** A random program and its inputs. */
export const programTraceable: fc.Arbitrary<Traceable> = programCaseArb.map(({ program, xs }) => ({
  fn: () => programFn(program),
  xs,
  captured: program.constants,
  label: program.text,
  run: (thunk) => thunk(),
}));
