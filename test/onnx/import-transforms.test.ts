/**
 * An imported model is an ordinary fluxion function: its gradients (w.r.t. input and params) agree
 * with float64 central differences, vmap over a batch equals a loop, jit equals eager, trace draws
 * it; and exportGraph → importModel round-trips fluxion functions.
 */
import { describe, expect, it } from "vitest";
import { Graph, grad, jit, lax, nn, np, onnx, random, toSvg, trace, tree, valueAndGrad, vmap, type Tensor } from "../../src/index.js";
import { caseNamed, modelBytes, toTensor } from "./import-fixtures.js";

type Params = Record<string, Tensor>;

const maxAbsDiff = (a: Tensor, b: Tensor): number => {
  expect(a.shape).toEqual(b.shape);
  const x = a.data();
  const y = b.data();
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!));
  return m;
};

const f64 = (t: Tensor): Tensor => np.astype(t, "float64");
const single = (out: Tensor | Tensor[]): Tensor => (Array.isArray(out) ? out[0]! : out);
const dot = (a: Tensor, b: Tensor): number => np.sum(np.mul(a, b)).item();

/**
 * Checks the gradient of loss(params, x) = sum(w · fn(params, x)) in float64 against central
 * differences along random directions of x and of every param.
 */
function checkGradients(name: string, seed: number): void {
  const c = caseNamed(name);
  const { fn, params } = onnx.importModel(modelBytes(c));
  const p64: Params = tree.map((t) => f64(t as Tensor), params) as Params;
  const x64 = f64(toTensor(c.inputs[0]!));
  const out0 = single(fn(p64, x64));
  let key = random.key(seed);
  const next = (shape: readonly number[]): Tensor => {
    const [k1, k2] = random.split(key);
    key = k1!;
    return random.normal(k2!, shape, "float64");
  };
  const w = next(out0.shape);
  const loss = (p: Params, x: Tensor): Tensor => np.sum(np.mul(w, single(fn(p, x))));
  const gx = grad(loss, { argnums: 1 })(p64, x64) as Tensor;
  const gp = grad(loss)(p64, x64) as Params;
  const eps = 1e-6;
  const fd = (dp: Params, dx: Tensor): number => {
    const shift = (s: number): number =>
      loss(tree.map((a, d) => np.add(a as Tensor, np.mul(d as Tensor, s)), p64, dp) as Params, np.add(x64, np.mul(dx, s))).item();
    return (shift(eps) - shift(-eps)) / (2 * eps);
  };
  const zeroP = tree.map((a) => np.zerosLike(a as Tensor), p64) as Params;
  for (let trial = 0; trial < 2; trial++) {
    const dx = next(x64.shape);
    const want = fd(zeroP, dx);
    expect(Math.abs(dot(gx, dx) - want)).toBeLessThan(1e-6 * Math.max(1, Math.abs(want)));
  }
  for (const k of Object.keys(p64)) {
    const dp = { ...zeroP, [k]: next(p64[k]!.shape) };
    const want = fd(dp, np.zerosLike(x64));
    expect(Math.abs(dot(gp[k]!, dp[k]!) - want), `param ${k}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(want)));
  }
}

describe("imported models under transforms", () => {
  it("CNN: grad w.r.t. input (saliency) and params matches float64 central differences", () => checkGradients("cnn", 1));
  it("transformer block: grad w.r.t. input and params matches float64 central differences", () => checkGradients("transformer", 2));

  for (const name of ["cnn", "transformer"]) {
    it(`${name}: vmap over a batch equals a loop, jit equals eager`, () => {
      const c = caseNamed(name);
      const { fn, params } = onnx.importModel(modelBytes(c));
      const x = toTensor(c.inputs[0]!);
      const batch = np.stack([x, np.mul(x, 0.5), np.sub(x, 1)]);
      const run = (p: Params, xi: Tensor): Tensor => single(fn(p, xi));
      const batched = vmap(run, { inAxes: [null, 0] })(params, batch) as Tensor;
      for (let i = 0; i < 3; i++) {
        expect(maxAbsDiff(np.take(batched, np.array(i, { dtype: "int32" }), 0), run(params, np.take(batch, np.array(i, { dtype: "int32" }), 0)))).toBeLessThan(1e-6);
      }
      const eager = run(params, x);
      expect(maxAbsDiff(jit(run)(params, x), eager)).toBeLessThan(1e-6);
    });
  }

  it("If with a traced condition (under jit) selects between both branches as ONNX Runtime does", () => {
    for (const name of ["op_If_true", "op_If_false"]) {
      const c = caseNamed(name);
      const { fn, params } = onnx.importModel(modelBytes(c));
      const [cond, x] = c.inputs.map(toTensor);
      const got = jit((p: Params, ci: Tensor, xi: Tensor) => single(fn(p, ci, xi)))(params, cond!, x!);
      expect(maxAbsDiff(got, toTensor(c.outputs[0]!))).toBeLessThan(1e-6);
    }
  });

  it("Loop and Scan differentiate: gradients match float64 central differences", () => {
    for (const [name, argnum] of [["op_Loop", 0], ["op_Scan", 1]] as const) {
      const c = caseNamed(name);
      const { fn, params } = onnx.importModel(modelBytes(c));
      const ins = c.inputs.map((t) => f64(toTensor(t)));
      const w = random.normal(random.key(3), np.shape(tree.leaves(fn(params, ...ins))[1] as Tensor), "float64");
      const loss = (xi: Tensor): Tensor => {
        const args = ins.map((v, i) => (i === argnum ? xi : v));
        const outs = fn(params, ...args) as Tensor[];
        return np.add(np.sum(np.mul(w, outs[1]!)), np.sum(outs[0]!));
      };
      const g = grad(loss)(ins[argnum]!);
      const d = random.normal(random.key(4), ins[argnum]!.shape, "float64");
      const eps = 1e-6;
      const want = (loss(np.add(ins[argnum]!, np.mul(d, eps))).item() - loss(np.sub(ins[argnum]!, np.mul(d, eps))).item()) / (2 * eps);
      expect(Math.abs(dot(g, d) - want), name).toBeLessThan(1e-6 * Math.max(1, Math.abs(want)));
    }
  });

  it("traces into a graph (drawable) with the model's ops as fluxion primitives", () => {
    const c = caseNamed("cnn");
    const { fn, params } = onnx.importModel(modelBytes(c));
    const g = trace((p: Params, x: Tensor) => single(fn(p, x)))(params, toTensor(c.inputs[0]!));
    expect(g).toBeInstanceOf(Graph);
    const prims = new Set(g.equations.map((e) => e.primitive));
    expect(prims.has("conv_general_dilated")).toBe(true);
    expect(prims.has("reduce_window_max")).toBe(true);
    expect(toSvg(g)).toContain("<svg");
  });
});

describe("exportGraph → importModel round trip", () => {
  type Fn = (...a: Tensor[]) => unknown;
  const i32 = (xs: number[]): Tensor => np.array(xs, { dtype: "int32" });
  const fns: [string, Fn, number[][]][] = [
    ["mlp", (x, y) => np.tanh(np.add(np.matmul(x!, y!), 0.5)), [[3, 4], [4, 2]]],
    ["softmax and reductions", (x, y) => {
      const e = np.exp(np.sub(x!, np.max(x!, { axis: 1, keepdims: true })));
      return [np.div(e, np.sum(e, { axis: 1, keepdims: true })), np.mean(np.mul(x!, y!), 0)];
    }, [[2, 5], [2, 5]]],
    ["movement", (x, y) => np.flip(np.expandDims(np.concatenate([np.transpose(x!), np.reshape(y!, [3, 2])], 0), 1), 0), [[2, 3], [2, 3]]],
    ["where and comparisons", (x, y) => np.where(np.greater(x!, y!), np.sqrt(np.abs(x!)), np.square(y!)), [[4], [4]]],
    ["a gradient graph", (w, x) => grad((w2: Tensor) => np.sum(np.tanh(np.matmul(x!, w2))))(w!), [[4, 2], [3, 4]]],
    ["valueAndGrad of a log-softmax loss", (w, x) => valueAndGrad((w2: Tensor) => np.sum(nn.logSoftmax(np.matmul(x!, w2))))(w!), [[4, 2], [3, 4]]],
    ["gather and integer ops", (w) => [np.take(w!, i32([2, 0, 1]), 1), np.argmax(w!, 1), np.floorDivide(np.astype(np.mul(w!, 4), "int32"), i32([3]))], [[3, 4]]],
    ["activations", (w) => [nn.gelu(w!), nn.sigmoid(w!), np.log1p(np.abs(w!)), np.expm1(w!), np.sign(w!)], [[3, 4]]],
    ["pad, flip, broadcast", (w) => [np.pad(w!, [[1, 2], [0, 1]]), np.flip(w!, 1), np.broadcastTo(np.sum(w!, 0), [2, 4])], [[3, 4]]],
    ["batched einsum", (a, b) => np.einsum("bij,bjk->bik", a!, b!), [[2, 3, 4], [2, 4, 5]]],
    ["cond (If)", (x) => lax.cond(np.greater(np.sum(x!), 0), (a: Tensor) => np.sin(a), (a: Tensor) => np.cos(a), x!), [[3]]],
    ["scan (Scan)", (c, xs) => lax.scan((cc: Tensor, xi: Tensor) => [np.add(np.mul(cc, 0.9), xi), np.tanh(cc)] as const, c!, xs!), [[2], [5, 2]]],
    ["whileLoop (Loop)", (x) => lax.whileLoop((c: [Tensor, Tensor]) => np.less(c[0], 4), (c: [Tensor, Tensor]) => [np.add(c[0], 1), np.sin(c[1])] as [Tensor, Tensor], [np.array(0, { dtype: "int32" }), x!] as [Tensor, Tensor]), [[3]]],
  ];
  for (const [name, f, shapes] of fns) {
    it(name, () => {
      const args = shapes.map((s, i) => random.normal(random.key(10 + i), s));
      const g = trace(f)(...args);
      const { fn, params } = onnx.importModel(onnx.exportGraph(g));
      const got = fn(params, ...args);
      const want = tree.leaves(f(...args) as Tensor | Tensor[]) as Tensor[];
      const gs = Array.isArray(got) ? got : [got];
      expect(gs.length).toBe(want.length);
      want.forEach((w, i) => expect(maxAbsDiff(gs[i]!, w)).toBeLessThan(1e-6));
    });
  }
});
