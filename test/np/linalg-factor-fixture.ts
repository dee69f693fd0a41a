/**
 * Loads test/fixtures/factor.json (scripts/gen-factor.py: values and gradients from JAX) and runs
 * a family of its cases: one test per case comparing every output, and the gradient of
 * sum(weights · output) with respect to the listed arguments, plus the coverage check (every op
 * has a runner, every runner has cases).
 */
import { readFileSync } from "node:fs";
import { describe, it } from "vitest";
import { grad, np, type Tensor, type DType } from "../../src/index.js";
import { expectClose } from "../support/index.js";
import { expectFixtureCoverage } from "../support/fixture-coverage.js";

type Json = number | string | boolean | null | Json[] | { [k: string]: Json };
interface Enc { dtype: DType; shape: number[]; data: Json[] }
interface Case {
  id: string;
  op: string;
  args: ({ value: Json } | Enc)[];
  kwargs: Record<string, any>;
  outputs: Enc[];
  weights?: Enc;
  gradArgs?: number[];
  gradOutput?: number;
  grads?: Enc[];
}

const decode = (v: Json): number => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : Number(v));

/** A fixture tensor as a fluxion tensor. */
export function tensorOf(e: Enc): Tensor {
  return np.reshape(np.array(e.data.map(decode), { dtype: e.dtype }), e.shape);
}

let cache: Case[] | undefined;
/** All cases of the fixture. */
export function factorCases(): Case[] {
  cache ??= (JSON.parse(readFileSync(new URL("../fixtures/factor.json", import.meta.url), "utf8")) as { cases: Case[] }).cases;
  return cache;
}

/** How to call fluxion for an op: the decoded arguments (tensors or JS values) and the kwargs. */
export type Runner = (args: any[], kwargs: Record<string, any>) => Tensor | Tensor[];

/** Tolerance for a case: ill-conditioned inputs amplify rounding (LAPACK's order vs ours). */
function tolFor(c: Case, dtype: string, isGrad: boolean): { rtol: number; atol: number } {
  const ill = c.id.includes("hilbert") || c.id.includes("singular");
  if (dtype === "float64") return ill ? { rtol: 1e-7, atol: 1e-9 } : { rtol: 1e-10, atol: 1e-11 };
  if (dtype === "float32") return ill ? { rtol: 2e-2, atol: 2e-3 } : isGrad ? { rtol: 2e-4, atol: 2e-5 } : { rtol: 1e-5, atol: 2e-6 };
  return { rtol: 0, atol: 0 };
}

/** One test per case of the ops in `runners` (a prefix-filtered family), and the coverage test. */
export function runFactorFamily(title: string, prefix: string, runners: Record<string, Runner>): void {
  const cases = factorCases().filter((c) => c.op.startsWith(prefix));
  describe(title, () => {
    it("fixture and runners cover each other", () => expectFixtureCoverage(cases, runners));
    for (const c of cases) {
      it(c.id, () => {
        const run = runners[c.op]!;
        const args = c.args.map((a) => ("value" in a ? a.value : tensorOf(a)));
        const out = run(args, c.kwargs);
        const outs = Array.isArray(out) ? out : [out];
        c.outputs.forEach((e, i) => expectClose(outs[i], tensorOf(e), tolFor(c, e.dtype, false), `${c.id} output ${i}`));
        if (c.grads === undefined) return;
        const w = tensorOf(c.weights!);
        const gradArgs = c.gradArgs!;
        const loss = (...diff: Tensor[]): Tensor => {
          const full = [...args];
          gradArgs.forEach((k, j) => (full[k] = diff[j]));
          const o = run(full, c.kwargs);
          return np.sum(np.multiply(w, Array.isArray(o) ? o[c.gradOutput!]! : o));
        };
        const gs = grad(loss, { argnums: gradArgs.map((_, j) => j) })(...gradArgs.map((k) => args[k] as Tensor)) as unknown as Tensor[];
        c.grads.forEach((e, j) => expectClose(gs[j], tensorOf(e), tolFor(c, e.dtype, true), `${c.id} gradient wrt args[${gradArgs[j]}]`));
      });
    }
  });
}
