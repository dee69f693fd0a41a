/**
 * onnx.compile: a whole training step (valueAndGrad of an MLP's loss plus an Adam update) runs as
 * one ONNX Runtime session and matches fluxion's own step; signatures are cached like jit's; bad
 * options are refused by name.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, np, onnx, optim, valueAndGrad, type Tensor } from "../../src/index.js";

type Params = { W: Tensor; b: Tensor };

const loss = (p: Params, x: Tensor, y: Tensor): Tensor => {
  const logits = np.tanh(np.matmul(x, p.W).add(p.b));
  return np.mean(np.square(logits.sub(y)));
};

const maxDiff = (a: Tensor, b: Tensor): number => {
  const x = a.concreteData();
  const y = b.concreteData();
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!));
  return m;
};

describe("onnx.compile", () => {
  const p: Params = { W: np.array([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]]), b: np.array([0.01, 0.02, 0.03]) };
  const x = np.array([[1, 2], [3, -4], [0.5, 0.25], [-1, 1]]);
  const y = np.array([[0.1, 0.2, 0.3], [0, 0, 0], [1, 0, 0], [0, 1, 0]]);

  it("runs valueAndGrad of a loss and matches fluxion's own values", async () => {
    const step = onnx.compile(valueAndGrad(loss));
    const [v, g] = await step(p, x, y);
    const [v0, g0] = valueAndGrad(loss)(p, x, y);
    expect(Math.abs(v.item() - v0.item())).toBeLessThan(1e-6);
    expect(maxDiff(g.W, g0.W)).toBeLessThan(1e-6);
    expect(maxDiff(g.b, g0.b)).toBeLessThan(1e-6);
  });

  it("runs a whole Adam training step in one session and tracks fluxion's own trajectory", async () => {
    const opt = optim.adam(0.05);
    const train = (params: Params, state: ReturnType<typeof opt.init>, xb: Tensor, yb: Tensor) => {
      const [l, grads] = valueAndGrad(loss)(params, xb, yb);
      const [updates, next] = opt.update(grads, state, params);
      return [l, optim.applyUpdates(params, updates), next] as const;
    };
    const compiled = onnx.compile(train);
    let [params, state] = [p, opt.init(p)];
    let [ref, refState] = [p, opt.init(p)];
    const losses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const [l, np1, ns] = await compiled(params, state, x, y);
      [params, state] = [np1, ns];
      const [l0, rp, rs] = train(ref, refState, x, y);
      [ref, refState] = [rp, rs];
      losses.push(l.item());
      expect(Math.abs(l.item() - l0.item())).toBeLessThan(1e-4);
    }
    expect(losses[19]!).toBeLessThan(losses[0]! * 0.8);
    expect(maxDiff(params.W, ref.W)).toBeLessThan(1e-3);
  });

  it("refuses bad arguments by name", () => {
    expect(() => onnx.compile(42 as never)).toThrow(ArgumentError);
    expect(() => onnx.compile((a: Tensor) => a, { executionProviders: [] })).toThrow(/executionProviders/);
    expect(() => onnx.compile((a: Tensor) => a, { intraOpNumThreads: -1 })).toThrow(/intraOpNumThreads/);
  });
});
