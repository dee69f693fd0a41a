/** checkGrads passes correct derivatives and catches deliberately wrong rules. */
import { describe, expect, it } from "vitest";
import { GradCheckError, checkGrads, customJvp, customVjp, np, type Tensor } from "../../src/index.js";

const x = np.array([0.3, -0.7, 1.1]);

describe("checkGrads", () => {
  it("accepts correct derivatives to order 2 in every mode, float32 and float64", () => {
    const f = (v: Tensor) => np.sum(np.tanh(v).mul(np.sin(v)));
    expect(() => checkGrads(f, [x], { modes: ["fwd", "rev", "lin"] })).not.toThrow();
    expect(() => checkGrads(f, [x.astype("float64")], { order: 3 })).not.toThrow();
    const g = (w: Tensor, v: Tensor) => np.matmul(w, v).exp();
    expect(() => checkGrads(g, [np.array([[0.1, 0.2, 0.3], [0.0, -0.1, 0.2]]), x])).not.toThrow();
  });

  it("catches a jvp rule that is off by 1%, naming argument and element", () => {
    const bad = customJvp((v: Tensor) => np.sin(v), ([v]: [Tensor], [dv]: [Tensor]) => [np.sin(v), np.mul(dv, np.cos(v)).mul(1.01)]);
    const err = (() => { try { checkGrads(bad, [x.astype("float64")], { order: 1, modes: ["fwd"] }); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(GradCheckError);
    expect(String(err)).toMatch(/args\[0\].*element \[\d\].*derivative is .* but the float64 central difference is/);
  });

  it("catches a jvp rule with the wrong sign", () => {
    const bad = customJvp((v: Tensor) => np.exp(v), ([v]: [Tensor], [dv]: [Tensor]) => [np.exp(v), np.neg(np.mul(dv, np.exp(v)))]);
    expect(() => checkGrads(bad, [x], { order: 1, modes: ["fwd"] })).toThrow(GradCheckError);
  });

  it("catches a vjp rule with a transposed Jacobian", () => {
    const a = np.array([[1, 2, 0], [0, 1, 3], [4, 0, 1]]);
    const mv = customVjp(
      (v: Tensor) => np.matmul(a, v),
      (v: Tensor) => [np.matmul(a, v), null],
      (_r: null, ct: Tensor) => [np.matmul(a, ct)], // wrong: should be aᵀ·ct
    );
    const fwdOk = customVjp(
      (v: Tensor) => np.matmul(a, v),
      (v: Tensor) => [np.matmul(a, v), null],
      (_r: null, ct: Tensor) => [np.matmul(a.T, ct)],
    );
    expect(() => checkGrads((v: Tensor) => np.sum(np.sin(fwdOk(v))), [x], { order: 1, modes: ["rev"] })).not.toThrow();
    expect(() => checkGrads(mv, [x], { order: 1, modes: ["rev"] })).toThrow(/reverse-mode derivative \(vjp\) with respect to args\[0\]/);
  });
});
