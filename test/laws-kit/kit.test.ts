/**
 * The law kit `fluxion/laws`: its checks pass on correct functions and rules, and fail — with
 * fast-check's shrunk counterexample — on wrong ones (the references are finite differences of the
 * primal, never the rule under test).
 */
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ArgumentError, type Tensor, customJvp, customVjp, np } from "../../src/index.js";
import { arbitraries, checkCustomRule, checkDerivatives, checkTransforms } from "../../src/laws/index.js";
import { readSources } from "../architecture/source-graph.js";

const vec3 = arbitraries.tensor({ shape: [3] });

/** A two-layer MLP's squared loss on a fixed batch, as a function of its parameters. */
const xs = np.array([[0.5, -1, 2], [1, 0.25, -0.5]], { dtype: "float64" });
const ys = np.array([1, -1], { dtype: "float64" });
function mlpLoss(p: { W1: Tensor; b1: Tensor; w2: Tensor }): Tensor {
  const h = np.tanh(np.add(np.matmul(xs, p.W1), p.b1));
  return np.mean(np.square(np.sub(np.matmul(h, p.w2), ys)));
}
const params = fc.record({
  W1: arbitraries.tensor({ shape: [3, 4] }),
  b1: arbitraries.tensor({ shape: [4] }),
  w2: arbitraries.tensor({ shape: [4] }),
});

/** sin with a right forward rule. */
const sinJvp = customJvp((x: Tensor) => np.sin(x), ([x], [dx]) => [np.sin(x), np.mul(dx, np.cos(x))]);
/** sin with a wrong backward rule: 2·ct·cos x (the right one is ct·cos x). */
const sinBadVjp = customVjp(
  (x: Tensor) => np.sin(x),
  (x: Tensor) => [np.sin(x), x],
  (x: Tensor, ct: Tensor) => [np.mul(2, np.mul(ct, np.cos(x)))],
);
/** sin with a right backward rule. */
const sinVjp = customVjp((x: Tensor) => np.sin(x), (x: Tensor) => [np.sin(x), x], (x: Tensor, ct: Tensor) => [np.mul(ct, np.cos(x))]);

function failure(run: () => void): string {
  try {
    run();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  throw new Error("the check passed; it should have failed");
}

describe("packaging", () => {
  it("the main entry never loads the law kit or fast-check (a peer of fluxion/laws only)", () => {
    const modules = new Map(readSources().map((m) => [m.file, m]));
    const reached = new Set<string>();
    const visit = (file: string): void => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const i of modules.get(file)?.internal ?? []) visit(i.target);
    };
    visit("index.ts");
    expect(reached.size).toBeGreaterThan(80);
    expect([...reached].filter((f) => f.startsWith("laws/"))).toEqual([]);
    expect([...reached].filter((f) => modules.get(f)!.external.some((i) => i.target === "fast-check"))).toEqual([]);
    expect(modules.get("laws/checks.ts")!.external.some((i) => i.target === "fast-check")).toBe(true);
  });
});

describe("arbitraries", () => {
  it("tensor draws the asked shape, dtype and element range", () => {
    for (const t of fc.sample(arbitraries.tensor({ shape: [2, 3], dtype: "float32", elements: fc.double({ min: 1, max: 2, noNaN: true }) }), { numRuns: 20, seed: 1 })) {
      expect(t.shape).toEqual([2, 3]);
      expect(t.dtype).toBe("float32");
      expect([...t.data()].every((v) => v >= 1 && v <= 2)).toBe(true);
    }
  });

  it("shape respects its bounds, and tensor follows a shape arbitrary", () => {
    for (const s of fc.sample(arbitraries.shape({ minRank: 1, maxRank: 2, minDim: 1, maxDim: 3 }), { numRuns: 50, seed: 2 })) {
      expect(s.length >= 1 && s.length <= 2 && s.every((d) => d >= 1 && d <= 3)).toBe(true);
    }
    for (const t of fc.sample(arbitraries.tensor({ shape: arbitraries.shape({ maxRank: 2 }), dtype: "int32" }), { numRuns: 30, seed: 3 })) {
      expect(t.dtype).toBe("int32");
      expect(t.ndim).toBeLessThanOrEqual(2);
    }
  });

  it("pytree nests arrays and objects of the given leaves", () => {
    const trees = fc.sample(arbitraries.pytree(fc.constant(7), { maxDepth: 2 }), { numRuns: 60, seed: 4 });
    expect(trees.some((t) => Array.isArray(t))).toBe(true);
    expect(trees.some((t) => typeof t === "object" && t !== null && !Array.isArray(t))).toBe(true);
    expect(trees.some((t) => t === 7)).toBe(true);
  });
});

describe("checks pass on correct functions", () => {
  it("checkDerivatives: sin to order 2, both modes", () => {
    checkDerivatives((x: Tensor) => np.sin(x), vec3, { order: 2, seed: 1 });
  });

  it("checkDerivatives: an MLP loss over a pytree of parameters", () => {
    checkDerivatives(mlpLoss, params, { seed: 2, numRuns: 15 });
  });

  it("checkCustomRule: a customJvp with the right rule, and a customVjp with the right backward", () => {
    checkCustomRule(sinJvp, undefined, { seed: 3 });
    checkCustomRule(sinVjp, undefined, { seed: 3 });
  });

  it("checkTransforms: an elementwise function and the MLP loss", () => {
    checkTransforms((x: Tensor) => np.mul(np.tanh(x), np.exp(np.mul(x, 0.5))), arbitraries.tensor({ shape: arbitraries.shape({ maxRank: 2 }) }), { seed: 4, numRuns: 15 });
    checkTransforms(mlpLoss, params, { seed: 5, numRuns: 10 });
  });
});

describe("checks fail with fast-check's shrunk counterexample", () => {
  it("checkCustomRule catches a customVjp whose backward returns 2·ct·cos x for sin", () => {
    const message = failure(() => checkCustomRule(sinBadVjp, undefined, { seed: 6 }));
    expect(message).toContain("Property failed");
    expect(message).toContain("Counterexample");
    expect(message).toMatch(/Shrunk \d+ time/);
    expect(message).toContain("⟨vjp(ct), t⟩ vs ⟨ct, central difference⟩");
  });

  it("checkDerivatives catches a customJvp whose rule is off by 1%", () => {
    const off = customJvp((x: Tensor) => np.exp(x), ([x], [dx]) => [np.exp(x), np.mul(1.01, np.mul(dx, np.exp(x)))]);
    const message = failure(() => checkDerivatives(off, vec3, { seed: 7, modes: ["jvp"] }));
    expect(message).toContain("Counterexample");
    expect(message).toContain("jvp (order 1) vs central difference");
  });

  it("checkDerivatives at order 2 catches a rule whose first derivative is right but second is wrong", () => {
    // The tangent dx·cos(x) is right, but cos here has a zero derivative, so the second
    // derivative lacks −sin(x)·dx²: order 1 passes, order 2 must fail.
    const opaque = customJvp((x: Tensor) => np.cos(x), ([x], [dx]) => [np.cos(x), np.zerosLike(dx)]);
    const sin2 = customJvp((x: Tensor) => np.sin(x), ([x], [dx]) => [np.sin(x), np.mul(dx, opaque(x))]);
    checkDerivatives(sin2, vec3, { seed: 8, order: 1, modes: ["jvp"] });
    const message = failure(() => checkDerivatives(sin2, vec3, { seed: 8, order: 2, modes: ["jvp"] }));
    expect(message).toContain("jvp (order 2) vs central difference");
    expect(message).toContain("Counterexample");
  });

  it("checkTransforms catches a customJvp whose tangent is not linear", () => {
    const nonlinear = customJvp((x: Tensor) => np.sin(x), ([x], [dx]) => [np.sin(x), np.mul(np.square(dx), np.cos(x))]);
    const message = failure(() => checkTransforms(nonlinear, vec3, { seed: 9 }));
    expect(message).toContain("Counterexample");
    expect(message).toContain("linearity");
  });
});

describe("wrong arguments", () => {
  it("are refused with an ArgumentError that says what was expected", () => {
    expect(() => checkDerivatives(3 as never, vec3)).toThrow(ArgumentError);
    expect(() => checkDerivatives((x: Tensor) => x, [1, 2] as never)).toThrow(/fast-check Arbitrary/);
    expect(() => checkDerivatives((x: Tensor) => x, vec3, { order: 0 })).toThrow(/order must be an integer ≥ 1/);
    expect(() => checkDerivatives((x: Tensor) => x, vec3, { modes: ["grad" as never] })).toThrow(/modes must be/);
    expect(() => checkTransforms((x: Tensor) => x, undefined as never)).toThrow(ArgumentError);
    expect(() => checkCustomRule("sin" as never)).toThrow(ArgumentError);
  });
});
