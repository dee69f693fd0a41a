/**
 * Differentiation control: stopGradient, customJvp (the rule is used, to any order), customVjp
 * (fwd/bwd used, residuals passed, null cotangents), checkpoint (same gradients, visible and
 * rematerialised in the graph), and simplify on gradient graphs (reads like hand-written code,
 * never folds x·0 or x+0).
 */
import { describe, expect, it } from "vitest";
import { checkpoint, customJvp, customVjp, evaluate, grad, jit, jvp, nn, np, stopGradient, trace, valueAndGrad, vjp, type Tensor } from "../../src/index.js";
import { T, expectClose, fdGrad, vals } from "../support/index.js";

// ---------------------------------------------------------------------------------------------
// stopGradient
// ---------------------------------------------------------------------------------------------

describe("stopGradient", () => {
  it("grad of x · stopGradient(x) is x, not 2x", () => {
    expect(T(grad((x: Tensor) => np.mul(x, stopGradient(x)))(3)).item()).toBe(3);
    expect(vals(grad((x: Tensor) => np.sum(np.mul(x, stopGradient(x))))(np.array([1, -2, 5])))).toEqual([1, -2, 5]);
  });

  it("forward mode: the tangent of x · stopGradient(x) is x·dx", () => {
    const [y, dy] = jvp((x: Tensor) => np.mul(x, stopGradient(x)), [np.array(3)], [np.array(2)]);
    expect(y!.item()).toBe(9);
    expect(dy!.item()).toBe(6);
  });

  it("second order: f = x²·sg(x) has f' = 2x·sg(x) and f'' = 2·sg(x)", () => {
    const f = (x: Tensor): Tensor => np.mul(np.mul(x, x), stopGradient(x));
    expect(T(grad(f)(3)).item()).toBe(18);
    expect(T(grad(grad(f))(3)).item()).toBe(6);
  });

  it("works leaf by leaf on a pytree", () => {
    const g = grad((p: { a: Tensor; b: Tensor }) => np.sum(np.mul(p.a, stopGradient(p).b)))({ a: np.array([1, 2]), b: np.array([3, 4]) }) as {
      a: Tensor;
      b: Tensor;
    };
    expect(vals(g.a)).toEqual([3, 4]);
    expect(vals(g.b)).toEqual([0, 0]);
  });

  it("is the identity on values", () => {
    expect(vals(stopGradient(np.array([1.5, -2])))).toEqual([1.5, -2]);
  });
});

// ---------------------------------------------------------------------------------------------
// customJvp
// ---------------------------------------------------------------------------------------------

describe("customJvp", () => {
  // A deliberately different (but linear in the tangent, hence valid) derivative: d sinish = 2·dx.
  const sinish = customJvp(
    function sinish(x: Tensor) {
      return np.sin(x);
    },
    ([x]: [Tensor], [dx]: [Tensor]): [Tensor, Tensor] => [np.sin(x), np.mul(dx, 2)],
  );

  it("evaluates f itself outside any transform", () => {
    expectClose(sinish(np.array(1)), Math.sin(1), { rtol: 1e-7 });
  });

  it("jvp, grad, vjp and jit(grad) all use the rule, not f's own derivative", () => {
    const [y, dy] = jvp(sinish, [np.array(1)], [np.array(3)]);
    expectClose(y, Math.sin(1), { rtol: 1e-7 });
    expect(dy!.item()).toBe(6);
    expect(T(grad(sinish)(1)).item()).toBe(2);
    expect(vals(vjp(sinish, np.array([1, 2]))[1](np.array([1, -1]))[0])).toEqual([2, -2]);
    expect(T(jit(grad(sinish))(1)).item()).toBe(2);
    expect(vals(grad((x: Tensor) => np.sum(sinish(x)))(np.array([0.1, 0.2])))).toEqual([2, 2]);
  });

  it("higher order differentiates the rule: d x = 3x·dx gives second derivative 3 (not -sin)", () => {
    const h = customJvp(
      function h(x: Tensor) {
        return np.sin(x);
      },
      ([x]: [Tensor], [dx]: [Tensor]): [Tensor, Tensor] => [np.sin(x), np.mul(dx, np.mul(x, 3))],
    );
    expect(T(grad(h)(2)).item()).toBe(6);
    expect(T(grad(grad(h))(2)).item()).toBe(3);
    expect(T(jvp(grad(h), [np.array(2)], [np.array(1)])[1]).item()).toBe(3);
  });

  it("a rule that calls the function itself gives every order (exp)", () => {
    const e: (x: Tensor) => Tensor = customJvp(
      function e(x: Tensor) {
        return np.exp(x);
      },
      ([x]: [Tensor], [dx]: [Tensor]): [Tensor, Tensor] => [e(x), np.mul(dx, e(x))],
    );
    for (const d of [grad(e), grad(grad(e)), grad(grad(grad(e)))]) expectClose(d(0.5), Math.exp(0.5), { rtol: 1e-6 });
  });

  it("the JAX docs' log1pexp: a stable rule gives 1 at x = 1000 where the naive derivative is NaN", () => {
    const naive = (x: Tensor): Tensor => np.log(np.add(1, np.exp(x)));
    const log1pexp: (x: Tensor) => Tensor = customJvp(
      function log1pexp(x: Tensor) {
        return naive(x);
      },
      ([x]: [Tensor], [dx]: [Tensor]): [Tensor, Tensor] => [log1pexp(x), np.mul(dx, np.sub(1, np.div(1, np.add(1, np.exp(x)))))],
    );
    // d/dx log(1 + eˣ) = eˣ/(1 + eˣ) = ∞/∞ at 1000 in float32.
    expect(T(grad(naive)(1000)).item()).toBeNaN();
    expect(T(grad(log1pexp)(1000)).item()).toBe(1);
    expect(T(grad(log1pexp)(0)).item()).toBe(0.5);
    expect(T(jit(grad(log1pexp))(1000)).item()).toBe(1);
    expect(vals(grad((x: Tensor) => np.sum(log1pexp(x)))(np.array([-1000, 1000])))).toEqual([0, 1]);
  });

  it("several arguments and pytree outputs", () => {
    // f(x, y) = {p: x·y, q: x}, with the rule's product derivative scaled by 10 to show it is used.
    const f = customJvp(
      function f(x: Tensor, y: Tensor) {
        return { p: np.mul(x, y), q: x };
      },
      ([x, y]: [Tensor, Tensor], [dx, dy]: [Tensor, Tensor]): [{ p: Tensor; q: Tensor }, { p: Tensor; q: Tensor }] => [
        { p: np.mul(x, y), q: x },
        { p: np.mul(np.add(np.mul(dx, y), np.mul(x, dy)), 10), q: dx },
      ],
    );
    const [gx, gy] = grad((x: Tensor, y: Tensor) => {
      const o = f(x, y);
      return np.add(o.p, o.q);
    }, { argnums: [0, 1] })(np.array(2), np.array(5));
    expect(gx!.item()).toBe(51);
    expect(gy!.item()).toBe(20);
  });
});

// ---------------------------------------------------------------------------------------------
// customVjp
// ---------------------------------------------------------------------------------------------

describe("customVjp", () => {
  const clipGrad = customVjp(
    function clipGrad(x: Tensor) {
      return x;
    },
    (x: Tensor): [Tensor, null] => [x, null],
    (_r: null, g: Tensor) => [np.clip(g, -1, 1)],
  );

  it("bwd is used: gradient clipping", () => {
    expect(vals(grad((x: Tensor) => np.sum(np.mul(clipGrad(x), np.array([10, 0.5, -3]))))(np.ones([3])))).toEqual([1, 0.5, -1]);
    expect(T(grad((x: Tensor) => np.mul(clipGrad(x), 10))(1)).item()).toBe(1);
    expect(T(jit(grad((x: Tensor) => np.mul(clipGrad(x), 10)))(1)).item()).toBe(1);
    // The forward value is f's.
    expect(vals(clipGrad(np.array([5, -7])))).toEqual([5, -7]);
  });

  it("residuals reach bwd with fwd's structure and values", () => {
    let seen: string[] = [];
    const mul = customVjp(
      function mul(x: Tensor, y: Tensor) {
        return np.mul(x, y);
      },
      (x: Tensor, y: Tensor): [Tensor, { x: Tensor; y: Tensor; extra: [Tensor] }] => [np.mul(x, y), { x, y, extra: [np.add(x, 100)] }],
      (r: { x: Tensor; y: Tensor; extra: [Tensor] }, g: Tensor) => {
        seen = Object.keys(r).sort();
        expect(Array.isArray(r.extra)).toBe(true);
        // ∂(xy)/∂x = y, ∂(xy)/∂y = x; extra − 100 = x checks the third residual's value.
        return [np.mul(g, r.y), np.mul(g, np.sub(r.extra[0], 100))];
      },
    );
    const [gx, gy] = grad(mul, { argnums: [0, 1] })(np.array(2), np.array(7));
    expect(seen).toEqual(["extra", "x", "y"]);
    expect([gx!.item(), gy!.item()]).toEqual([7, 2]);
    const [, pb] = vjp(mul, np.array([1, 2]), np.array([3, 4]));
    const [cx, cy] = pb(np.array([1, 10]));
    expect(vals(cx)).toEqual([3, 40]);
    expect(vals(cy)).toEqual([1, 20]);
  });

  it("bwd returning null for an argument gives it a zero gradient of its shape", () => {
    const onlyX = customVjp(
      function onlyX(x: Tensor, y: Tensor) {
        return np.mul(x, y);
      },
      (x: Tensor, y: Tensor): [Tensor, Tensor] => [np.mul(x, y), y],
      (y: Tensor, g: Tensor) => [np.mul(g, y), null],
    );
    const [gx, gy] = grad((x: Tensor, y: Tensor) => np.sum(onlyX(x, y)), { argnums: [0, 1] })(np.array([1, 2]), np.array([3, 4]));
    expect(vals(gx)).toEqual([3, 4]);
    expect(gy!.shape).toEqual([2]);
    expect(vals(gy)).toEqual([0, 0]);
  });

  it("pytree arguments: bwd returns the argument's structure", () => {
    const lin = customVjp(
      function lin(p: { w: Tensor; b: Tensor }, x: Tensor) {
        return np.add(np.mul(p.w, x), p.b);
      },
      (p: { w: Tensor; b: Tensor }, x: Tensor): [Tensor, [Tensor, Tensor]] => [np.add(np.mul(p.w, x), p.b), [p.w, x]],
      ([w, x]: [Tensor, Tensor], g: Tensor) => [{ w: np.mul(g, x), b: g }, np.mul(g, w)],
    );
    const g = grad((p: { w: Tensor; b: Tensor }) => lin(p, np.array(4)))({ w: np.array(3), b: np.array(1) }) as { w: Tensor; b: Tensor };
    expect(g.w.item()).toBe(4);
    expect(g.b.item()).toBe(1);
  });

  it("second order differentiates bwd (written with ops)", () => {
    const s = customVjp(
      function s(x: Tensor) {
        return np.sin(x);
      },
      (x: Tensor): [Tensor, Tensor] => [np.sin(x), x],
      (x: Tensor, g: Tensor) => [np.mul(g, np.cos(x))],
    );
    expectClose(grad(s)(1), Math.cos(1), { rtol: 1e-7 });
    expectClose(grad(grad(s))(1), -Math.sin(1), { rtol: 1e-7 });
  });
});

// ---------------------------------------------------------------------------------------------
// checkpoint
// ---------------------------------------------------------------------------------------------

describe("checkpoint", () => {
  const body = (y: Tensor): Tensor => np.tanh(np.sin(y));
  const layer = checkpoint(function layer(y: Tensor) {
    return body(y);
  });
  const sech2 = (v: number): number => 1 - Math.tanh(v) ** 2;

  it("gives the same values and gradients as without (float32 tolerance), matching the closed form", () => {
    const x = [0.3, -0.7, 1.1];
    expect(vals(layer(np.array(x)))).toEqual(vals(body(np.array(x))));
    const plain = grad((v: Tensor) => np.sum(np.mul(body(v), v)))(np.array(x));
    const remat = grad((v: Tensor) => np.sum(np.mul(layer(v), v)))(np.array(x));
    expectClose(remat, vals(plain), { rtol: 2e-6, atol: 1e-7 });
    // d/dx [x tanh(sin x)] = tanh(sin x) + x sech²(sin x) cos x
    expectClose(remat, x.map((v) => Math.tanh(Math.sin(v)) + v * sech2(Math.sin(v)) * Math.cos(v)), { rtol: 2e-6, atol: 1e-7 });
  });

  it("second order, several arguments, closures over constants and over an outer traced value", () => {
    // (tanh ∘ sin)'' = -2 tanh(s) sech²(s) cos²x − sech²(s) sin x, s = sin x
    const s = Math.sin(0.5);
    expectClose(grad(grad(layer))(0.5), -2 * Math.tanh(s) * sech2(s) * Math.cos(0.5) ** 2 - sech2(s) * Math.sin(0.5), { rtol: 1e-5 });
    const [ga, gb] = grad((a: Tensor, b: Tensor) => np.sum(checkpoint((p: Tensor, q: Tensor) => np.mul(np.sin(p), q))(a, b)), { argnums: [0, 1] })(
      np.array([1, 2]),
      np.array([3, 4]),
    );
    expectClose(ga, [3 * Math.cos(1), 4 * Math.cos(2)], { rtol: 2e-6 });
    expectClose(gb, [Math.sin(1), Math.sin(2)], { rtol: 2e-6 });
    const W = np.array([1, 2]);
    expectClose(grad((v: Tensor) => np.sum(checkpoint((p: Tensor) => np.mul(np.sin(p), W))(v)))(np.array([1, 2])), [Math.cos(1), 2 * Math.cos(2)], {
      rtol: 2e-6,
    });
    // The checkpointed function closes over the differentiated variable itself.
    expectClose(grad((v: Tensor) => np.sum(checkpoint((p: Tensor) => np.mul(np.sin(p), v))(np.array([1, 2]))))(np.array([1, 2])), [Math.sin(1), Math.sin(2)], {
      rtol: 2e-6,
    });
  });

  it("jit(grad) of a checkpointed function equals the closed form", () => {
    const x = [1, 2];
    expectClose(jit(grad((v: Tensor) => np.sum(layer(v))))(np.array(x)), x.map((v) => sech2(Math.sin(v)) * Math.cos(v)), { rtol: 2e-6 });
  });

  it("trace(valueAndGrad(f)) shows the checkpoint, and the backward pass is a `_bwd` checkpoint that recomputes", () => {
    const f = (v: Tensor): Tensor => np.sum(layer(v));
    const vg = trace(valueAndGrad(f))(np.ones([3])).toString();
    expect(vg).toMatch(/checkpoint\[name=layer,/);
    const g = trace(grad(f))(np.ones([3])).toString();
    expect(g).toMatch(/checkpoint\[name=layer\w*_bwd,/);
    // The backward checkpoint rematerialises sin (its only input is the saved x and the cotangent).
    const bwd = g.slice(g.indexOf("_bwd"));
    expect(bwd).toMatch(/= sin a/);
    expect(bwd).toMatch(/= cos a/);
    // Its result still evaluates to the closed form.
    expectClose(evaluate(trace(grad(f))(np.ones([2])), np.array([1, 2])), [1, 2].map((v) => sech2(Math.sin(v)) * Math.cos(v)), { rtol: 2e-6 });
  });
});

// ---------------------------------------------------------------------------------------------
// simplify on gradient graphs
// ---------------------------------------------------------------------------------------------

describe("simplify", () => {
  it("trace(grad(sum ∘ sin)) reads like `cos a`, without dead code", () => {
    const g = trace(grad((x: Tensor) => np.sum(np.sin(x))))(np.ones([3]));
    expect(g.toString()).toMatchInlineSnapshot(`"{ lambda ; a:f32[3]. let b:f32[3] = cos a in (b) }"`);
  });

  it("the raw trace has more equations than the simplified one, and both evaluate alike", () => {
    const f = grad((x: Tensor) => np.sum(np.sin(x)));
    const raw = trace(f, { simplify: false })(np.ones([3]));
    const simple = trace(f)(np.ones([3]));
    expect(raw.equations.length).toBeGreaterThan(simple.equations.length);
    const at = np.array([0, 1, -2]);
    expect(vals(evaluate(raw, at))).toEqual(vals(evaluate(simple, at)));
    expectClose(evaluate(simple, at), [1, Math.cos(1), Math.cos(-2)], { rtol: 1e-6 });
  });

  it("never folds x·0 (wrong for ∞ and NaN)", () => {
    const g = trace((x: Tensor) => np.mul(x, 0))(np.ones([3]));
    expect(g.toString()).toMatch(/= mul a 0\.0:f32\[\]/);
    const out = vals(evaluate(g, np.array([Infinity, 2, NaN])));
    expect(out[0]).toBeNaN();
    expect(out[1]).toBe(0);
    expect(out[2]).toBeNaN();
  });

  it("never folds x+0 (wrong for -0)", () => {
    const g = trace((x: Tensor) => np.add(x, 0))(np.ones([2]));
    expect(g.toString()).toMatch(/= add a 0\.0:f32\[\]/);
    const out = vals(evaluate(g, np.array([-0, 1])));
    expect(Object.is(out[0], 0)).toBe(true);
  });

  it("the traced gradient ∂/∂y [(x·0)·y] = x·0 keeps its mul: NaN at x = ∞, 0 elsewhere", () => {
    const g = trace(grad((x: Tensor, y: Tensor) => np.sum(np.mul(np.mul(x, 0), y)), { argnums: 1 }))(np.ones([2]), np.ones([2]));
    const out = vals(evaluate(g, np.array([Infinity, 3]), np.array([1, 1])));
    expect(out[0]).toBeNaN();
    expect(out[1]).toBe(0);
  });

  it("simplified gradient graphs agree with float64 differences", () => {
    const f = (x: Tensor): Tensor => np.sum(np.mul(nn.softplus(x), np.cos(x)));
    const x = [0.2, -1.3, 2.1];
    const g = trace(grad(f))(np.array(x));
    expectClose(evaluate(g, np.array(x)), fdGrad(f, x), { rtol: 1e-5, atol: 1e-6 });
  });
});
