import { describe, expect, it } from "vitest";
import { FloatingPointError, debugNans, grad, jit, np, trace, type Tensor } from "../../src/index.js";

/** The message of what `f` throws (the test fails if it throws nothing). */
function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(FloatingPointError);
    return (e as Error).message;
  }
  throw new Error("expected a FloatingPointError");
}

describe("debugNans names the pass that made the NaN", () => {
  it("forward: sqrt of a negative number", () => {
    const msg = messageOf(() => debugNans(() => grad((x: Tensor) => np.sqrt(x))(np.array(-1))));
    expect(msg).toMatch(/^debugNans: sqrt produced a NaN in the forward pass/);
  });

  it("backward: 0 · ∞ in the transposed derivative of sqrt at 0 (the forward pass is NaN-free)", () => {
    // d/dx [0 · sqrt(x)] at 0: the forward values are 0 and sqrt's derivative 1/(2·sqrt 0) = ∞, so
    // the first NaN is the cotangent 0 meeting ∞ on the way back.
    const msg = messageOf(() => debugNans(() => grad((x: Tensor) => np.mul(np.sqrt(x), 0))(np.array(0))));
    expect(msg).toMatch(/produced a NaN in the backward pass/);
  });

  it("the mark leaves with the backward pass: a later forward NaN says forward", () => {
    const msg = messageOf(() =>
      debugNans(() => {
        grad((x: Tensor) => np.sum(np.mul(x, x)))(np.array([1, 2]));
        return np.log(np.array(-1));
      }),
    );
    expect(msg).toMatch(/^debugNans: log produced a NaN in the forward pass/);
  });

  it("an error inside the backward pass removes the mark too", () => {
    expect(() => debugNans(() => grad((x: Tensor) => np.mul(np.sqrt(x), 0))(np.array(0)))).toThrow(/backward pass/);
    expect(messageOf(() => debugNans(() => np.sqrt(np.array(-4))))).toMatch(/in the forward pass/);
  });

  it("leaves values alone where nothing is NaN: grad through the mark equals the closed form", () => {
    // d/dx Σ sin(x)·x = cos(x)·x + sin(x)
    const g = debugNans(() => grad((x: Tensor) => np.sum(np.mul(np.sin(x), x)))(np.array([0.5, 1.5], { dtype: "float64" })));
    const want = [0.5, 1.5].map((v) => Math.cos(v) * v + Math.sin(v));
    (g.toArray() as number[]).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 12));
  });

  it("a traced backward pass records the same graph as without debugNans", () => {
    const f = (x: Tensor) => np.sum(np.tanh(x));
    const x = np.ones([3]);
    expect(debugNans(() => trace(grad(f))(x)).toString()).toBe(trace(grad(f))(x).toString());
    expect((debugNans(() => jit(grad(f))(x)).toArray() as number[])[0]).toBeCloseTo(1 - Math.tanh(1) ** 2, 6);
  });
});
