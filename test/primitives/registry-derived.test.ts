/**
 * What the registry's definitions state once and the rest of fluxion reads from them: which
 * primitives jit fuses (the CPU lowering table's `fusion`), which ones constant folding leaves alone
 * (graph carriers, `foldable: false`), and the operand count behind `ops.unaryOp`/`binaryOp`.
 */
import { describe, expect, it } from "vitest";
import { np, trace } from "../../src/index.js";
import { describePlan } from "../../src/backend/cpu/describe-plan.js";
import { isFusible } from "../../src/backend/cpu/fuse.js";
import { InternalError } from "../../src/errors.js";
import { aval, mkEquation, mkVar } from "../../src/ir/types.js";
import * as ops from "../../src/primitives/ops.js";
import type { PrimitiveName } from "../../src/primitives/params.js";
import { registry } from "../../src/primitives/registry.js";
import type { AnyPrimitive } from "../../src/primitives/rule-types.js";
import type { Tensor } from "../../src/tensor/tensor.js";

const names = Object.keys(registry) as PrimitiveName[];
const def = (n: PrimitiveName): AnyPrimitive => registry[n] as AnyPrimitive;

/** The output dtype the shape rule gives `count` float64 scalars, or undefined if it refuses them. */
function outDtypeOnFloats(n: PrimitiveName, count: number): string | undefined {
  try {
    return def(n).shapeRule(Array.from({ length: count }, () => aval([4], "float64")), {} as never)[0]!.dtype;
  } catch {
    return undefined;
  }
}

describe("lists derived from the registry", () => {
  it("every no-params elementwise primitive that computes on floats fuses under jit", () => {
    // Fused loops compute in float64 and round where a kernel would store, one float per element.
    // nextafter and random_gamma_grad compute in their output dtype's own arithmetic (a float64
    // expression would give other float32 bits), and complex's result is two floats per element.
    const dtypeArithmetic: Record<string, string> = {
      nextafter: "steps one unit of the output dtype (a float32 step is not a float64 step rounded)",
      random_gamma_grad: "follows JAX's float32 series term by term in float32",
      complex: "makes a complex result, which fused loops (one float per element) do not hold",
    };
    const fused: string[] = [];
    for (const n of names) {
      if (n in dtypeArithmetic) continue;
      const count = def(n).operands;
      if (count === undefined) continue;
      const out = outDtypeOnFloats(n, count);
      if (out === undefined) continue;
      const ins = Array.from({ length: count }, (_, i) => mkVar(i, aval([4], "float64")));
      const e = mkEquation(n, {} as never, ins, [mkVar(9, aval([4], out as "float64"))], undefined);
      expect(isFusible(e as never), n).toBe(true);
      fused.push(n);
    }
    // The float unary and binary primitives and the comparisons, rem among them.
    expect(fused).toEqual(expect.arrayContaining(["tanh", "logistic", "rem", "pow", "lt", "ne"]));
    expect(fused).not.toContain("not");
  });

  it("rem fuses with its neighbours (it was missing from a hand-kept list)", () => {
    const f = (x: Tensor, y: Tensor): Tensor => np.tanh(ops.binaryOp("rem", np.exp(x), y));
    expect(describePlan(trace(f)(np.array([1.5, -2.5]), np.array([0.7, 0.3])))).toBe("fused[exp, rem, tanh] f32[2] (a, b) -> e");
  });

  it("every primitive has a kind, and the graph carriers are marked", () => {
    const kinds = new Set(["elementwise", "reduce", "movement", "indexing", "linalg", "creation", "autodiff", "control"]);
    for (const n of names) expect(kinds.has(def(n).kind), n).toBe(true);
    const carriers = names.filter((n) => def(n).carriesGraphs === true).sort();
    expect(carriers).toEqual(["checkpoint", "cond", "custom_jvp_call", "custom_vjp_call", "jit", "scan", "while"]);
  });

  it("binding a no-params primitive with the wrong operand count is an InternalError, not a crash", () => {
    const x = np.array([1, 2]);
    expect(() => ops.unaryOp("add", x)).toThrow(InternalError);
    expect(() => ops.unaryOp("add", x)).toThrow("add takes 2 operands, but was bound with 1.");
    expect(() => ops.binaryOp("sin", x, x)).toThrow("sin takes 1 operand, but was bound with 2.");
  });
});
