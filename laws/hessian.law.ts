/**
 * Law 13 — second derivatives agree however they are taken. On random smooth float64 programs
 * (programs.ts, SMOOTH_PALETTE), as functions of their first input (the others captured):
 *  - the Hessian of loss = Σ sum(outputs) is symmetric: H[i, j] = H[j, i];
 *  - Hessian-vector products agree four ways: forward-over-reverse jvp(grad(loss), x, v),
 *    reverse-over-forward grad(x ↦ jvp(loss, x, v)), reverse-over-reverse grad(x ↦ ⟨grad(loss)(x), v⟩),
 *    and the Hessian matrix times v;
 *  - hessian(loss) = jacrev(jacfwd(loss)) (hessian is jacfwd∘jacrev: the other order must agree);
 *  - jacfwd(f) = jacrev(f) for the program itself (several outputs of any shape).
 * Agreement is within 1e-8 relative to the largest entry: all sides are exact derivatives, so only
 * rounding separates them.
 *
 * These laws compare modes, so a rule that is wrong the same way in every mode (a jvp rule off
 * by a factor, with its transpose derived from it) passes them: law 9 is the check for that.
 * Can fail (checked by hand: a scratch harness re-installed the primitive table with one rule
 * replaced, then ran this file): a `mul` transpose off by 1% fails the four-way HVP,
 * hessian = jacrev∘jacfwd and jacfwd = jacrev; a `neg` transpose returning +ct fails the four-way
 * HVP (fwd∘rev 0 but rev∘fwd −0.25) and hessian = jacrev∘jacfwd.
 */
import * as fc from "fast-check";
import { describe, it } from "vitest";
import { jvp } from "../src/api/forward.js";
import { grad } from "../src/api/grad.js";
import { hessian, jacfwd, jacrev } from "../src/api/jacobian.js";
import { aval } from "../src/ir/types.js";
import * as ops from "../src/primitives/ops.js";
import { scalar } from "../src/tensor/from-js.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { directionArb, show } from "./derivatives.js";
import { describeTensor } from "./equal.js";
import { checkLaw, ensure, runs } from "./law.js";
import { type ProgramCase, runProgram, smoothProgramCaseArb } from "./programs.js";

interface HessianCase extends ProgramCase {
  readonly v: Tensor;
}

const hessianCaseArb: fc.Arbitrary<HessianCase> = smoothProgramCaseArb(5).chain((pc) =>
  directionArb(aval(pc.xs[0]!.shape, "float64")).map((v) => ({ ...pc, v })),
);

/** The program as a function of its first input (the others fixed), and its scalar loss. */
function functions({ program, xs }: ProgramCase): { f: (x: Tensor) => Tensor[]; loss: (x: Tensor) => Tensor } {
  const f = (x: Tensor): Tensor[] => runProgram(program, [x, ...xs.slice(1)]);
  const loss = (x: Tensor): Tensor => {
    let s = scalar(0, "float64");
    for (const o of f(x)) s = ops.add(s, ops.reduceSum(o, o.shape.map((_, i) => i)));
    return s;
  };
  return { f, loss };
}

const data = (t: unknown): number[] => Array.from((t as Tensor).concreteData());
const maxAbs = (...arrays: number[][]): number => Math.max(0, ...arrays.flatMap((a) => a.map(Math.abs)));

/** First index where a and b differ by more than 1e-8·(1 + scale), or −1. */
function mismatch(a: readonly number[], b: readonly number[], scale: number): number {
  if (a.length !== b.length) return 0;
  return a.findIndex((x, i) => !(Math.abs(x - b[i]!) <= 1e-8 * (1 + scale)));
}

const context = ({ program, xs }: ProgramCase): string => `${program.text}\n  inputs ${xs.map(describeTensor).join("; ")}`;

describe("law 13: second derivatives", () => {
  it("the Hessian is symmetric", () =>
    checkLaw(
      {
        name: "Hessian symmetry",
        note: "H[i, j] must equal H[j, i] for a smooth loss; asymmetry means some jvp or transpose rule is wrong at second order",
        arbitrary: hessianCaseArb,
        holds: (pc) => {
          const { loss } = functions(pc);
          const n = pc.xs[0]!.size;
          const H = data(hessian(loss)(pc.xs[0]));
          const scale = maxAbs(H);
          for (let i = 0; i < n; i++)
            for (let j = 0; j < i; j++)
              ensure(Math.abs(H[i * n + j]! - H[j * n + i]!) <= 1e-8 * (1 + scale), () => `H[${i}, ${j}] = ${H[i * n + j]} but H[${j}, ${i}] = ${H[j * n + i]}\n${context(pc)}`);
        },
      },
      runs(30),
    ));

  it("Hessian-vector products agree four ways", () =>
    checkLaw(
      {
        name: "HVP: fwd∘rev = rev∘fwd = rev∘rev = H·v",
        note: "the same Hessian-vector product by forward-over-reverse, reverse-over-forward, reverse-over-reverse and the full Hessian must agree; which pair differs names the composition that is broken",
        arbitrary: hessianCaseArb,
        holds: (pc) => {
          const { loss } = functions(pc);
          const x = pc.xs[0]!, v = pc.v, n = x.size;
          const fwdRev = data(jvp(grad(loss), [x], [v])[1]);
          const revFwd = data(grad(((y: Tensor) => jvp(loss, [y], [v])[1]))(x));
          const revRev = data(
            grad(((y: Tensor) => {
              const g = grad(loss)(y);
              return ops.reduceSum(ops.mul(g, v), g.shape.map((_, i) => i));
            }))(x),
          );
          const H = data(hessian(loss)(x));
          const vd = data(v);
          const Hv = Array.from({ length: n }, (_, i) => vd.reduce((s, vj, j) => s + H[i * n + j]! * vj, 0));
          const scale = maxAbs(fwdRev, revFwd, revRev, Hv, H);
          for (const [name, other] of [["rev∘fwd", revFwd], ["rev∘rev", revRev], ["H·v", Hv]] as const) {
            const k = mismatch(other, fwdRev, scale);
            ensure(k < 0, () => `fwd∘rev ${show(fwdRev)} but ${name} ${show(other)} (element ${k})\n  v ${describeTensor(v)}\n${context(pc)}`);
          }
        },
      },
      runs(30),
    ));

  it("hessian = jacrev(jacfwd(f))", () =>
    checkLaw(
      {
        name: "hessian = jacrev∘jacfwd",
        note: "hessian (jacfwd of jacrev) must equal jacrev of jacfwd; a difference is a second-order rule that only works in one nesting",
        arbitrary: hessianCaseArb,
        holds: (pc) => {
          const { loss } = functions(pc);
          const H = data(hessian(loss)(pc.xs[0]));
          const other = data(jacrev(jacfwd(loss))(pc.xs[0]));
          const k = mismatch(other, H, maxAbs(H, other));
          ensure(k < 0, () => `hessian ${show(H)} but jacrev(jacfwd) ${show(other)} (element ${k})\n${context(pc)}`);
        },
      },
      runs(25),
    ));

  it("jacfwd = jacrev", () =>
    checkLaw(
      {
        name: "jacfwd = jacrev",
        note: "the Jacobian by forward mode (one jvp per input) and by reverse mode (one vjp per output) must agree; a difference is a jvp rule and a transpose rule that are not adjoint",
        arbitrary: hessianCaseArb,
        holds: (pc) => {
          const { f } = functions(pc);
          const fwd = jacfwd(f)(pc.xs[0]);
          const rev = jacrev(f)(pc.xs[0]);
          fwd.forEach((J, o) => {
            const a = data(J), b = data(rev[o]!);
            const k = J.shape.join() === rev[o]!.shape.join() ? mismatch(b, a, maxAbs(a, b)) : 0;
            ensure(k < 0, () => `output ${o}: jacfwd ${describeTensor(J)} but jacrev ${describeTensor(rev[o]!)} (element ${k})\n${context(pc)}`);
          });
        },
      },
      runs(30),
    ));
});
