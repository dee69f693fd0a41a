import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FloatingPointError, debugNans, grad, jit, lax, np, trace, type Tensor } from "../../src/index.js";

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

const ownLines = readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n");
/** `nans.test.ts:<line>:` of the line of this file that carries `marker`. */
function at(marker: string): string {
  return `nans.test.ts:${ownLines.findIndex((l) => l.includes(marker) && !l.includes("at(")) + 1}:`;
}

describe("debugNans points home from the backward pass, jit and loop bodies", () => {
  // d/dx Σ 0·sqrt(x) at x = 0: sqrt's derivative 1/(2·sqrt 0) = ∞ meets the cotangent 0.
  function model(x: Tensor): Tensor {
    return np.sum(np.mul(np.sqrt(x), 0)); // @sqrt-line
  }

  it("eager grad: names the backward op and the forward line it differentiates, not the grad call", () => {
    const msg = messageOf(() => debugNans(() => grad(model)(np.array([0, 1]))));
    expect(msg).toMatch(/^debugNans: \w+ produced a NaN in the backward pass, differentiating the forward equation at /);
    expect(msg).toContain(at("// @sqrt-line"));
    expect(msg).toContain("(scope model)");
  });

  it("jit(grad(f)): the whole compiled call is re-played; the backward equation inside is named with its line", () => {
    const msg = messageOf(() => debugNans(() => jit(grad(model))(np.array([0, 1]))));
    expect(msg).toMatch(/produced a NaN in the backward pass in the jit-compiled function/);
    expect(msg).toContain(at("// @sqrt-line"));
  });

  it("jit of a forward NaN says forward, with the line", () => {
    const f = jit((x: Tensor) => np.log(x).add(1)); // @jit-log
    const msg = messageOf(() => debugNans(() => f(np.array([1, -1]))));
    expect(msg).toMatch(/^debugNans: log produced a NaN in the forward pass in the jit-compiled function/);
    expect(msg).toContain(at("// @jit-log"));
  });

  it("scan: names the body's equation and the iteration", () => {
    // c_{t+1} = c_t − 1 from c_0 = 2: c is 2, 1, 0, −1 entering steps 0..3; log(c) first NaNs at step 3.
    const step = (c: Tensor, _x: Tensor): [Tensor, Tensor] => [c.sub(1), np.log(c)]; // @scan-log
    const msg = messageOf(() => debugNans(() => lax.scan(step, np.array(2), np.zeros([5]))));
    expect(msg).toMatch(/^debugNans: log produced a NaN in the forward pass in the scan body at iteration 3 /);
    expect(msg).toContain(at("// @scan-log"));
  });

  it("scan in reverse mode: the transposed scan body and its iteration in the backward pass", () => {
    // Σ_t 0·sqrt(c_t) with c_t = t: the step t = 0 differentiates sqrt at 0 (∞·0).
    const loss = (xs: Tensor) =>
      np.sum(lax.scan((c: Tensor, x: Tensor): [Tensor, Tensor] => [c.add(1), np.mul(np.sqrt(x.mul(c)), 0)], np.array(0), xs)[1]); // @scan-sqrt
    const msg = messageOf(() => debugNans(() => grad(loss)(np.ones([3]))));
    expect(msg).toMatch(/in the backward pass in the transposed scan body at iteration 0/);
    expect(msg).toContain(at("// @scan-sqrt"));
  });

  it("whileLoop: the body's equation and the iteration", () => {
    // c enters the body as 3, 2, 1, 0 (the condition c > −1 lets 0 in): sqrt(c − 1) is first NaN
    // at c = 0, iteration 3.
    const msg = messageOf(() =>
      debugNans(() =>
        lax.whileLoop(
          (c: Tensor) => np.greater(c, -1),
          (c: Tensor) => np.sqrt(c.sub(1)).mul(0).add(c).sub(1), // @while-sqrt
          np.array(3),
        ),
      ),
    );
    expect(msg).toMatch(/^debugNans: sqrt produced a NaN in the forward pass in the while body at iteration 3 /);
    expect(msg).toContain(at("// @while-sqrt"));
  });
});
