/**
 * The public transforms are typed from the function they receive (shared/API.md, "Transforms,
 * typed"). `expectTypeOf` assertions are checked by `tsc --noEmit` (a wrong inferred type is a
 * compile error in this file); the calls also run, so the types describe real results.
 */
import { pipe } from "fp-ts/lib/function.js";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  checkpoint,
  grad,
  hessian,
  jacfwd,
  jacrev,
  jit,
  jvp,
  lax,
  linearize,
  linearizeWithAux,
  np,
  type Tensor,
  type TensorLike,
  valueAndGrad,
  vjp,
  vjpWithAux,
  vmap,
} from "../../src/index.js";
import { expectClose, f64, s64 } from "../support/index.js";

type Params = { w: Tensor; b: Tensor };
const model = (p: Params, x: Tensor) => np.sum(np.square(np.add(np.mul(p.w, x), p.b)));
const params: Params = { w: f64([1, 2]), b: f64([0.5, -1]) };
const x = f64([3, 4]);

describe("grad and valueAndGrad", () => {
  it("a tensor argument's gradient is a Tensor; numbers are accepted where tensors are", () => {
    const g = grad((v: Tensor) => np.sum(v));
    expectTypeOf(g).toExtend<(v: Tensor) => Tensor>();
    expectTypeOf<number | Tensor>().toExtend<Parameters<typeof g>[0]>();
    expectTypeOf(g(2)).toEqualTypeOf<Tensor>();
    expectTypeOf(grad(np.tanh)(2.0)).toEqualTypeOf<Tensor>();
    expect(g(2).item()).toBe(1);
  });

  it("a pytree argument's gradient has the argument's type", () => {
    const g = grad(model)(params, x);
    expectTypeOf(g).toEqualTypeOf<{ w: Tensor; b: Tensor }>();
    // d/dw Σ(wx+b)² = 2(wx+b)x, d/db = 2(wx+b)
    expectClose(g.w, [2 * 3.5 * 3, 2 * 7 * 4]);
    expectClose(g.b, [2 * 3.5, 2 * 7]);
  });

  it("argnums: a number selects that argument, an array gives a tuple", () => {
    expectTypeOf(grad(model, { argnums: 1 })(params, x)).toEqualTypeOf<Tensor>();
    const [gp, gx] = grad(model, { argnums: [0, 1] })(params, x);
    expectTypeOf(gp).toEqualTypeOf<Params>();
    expectTypeOf(gx).toEqualTypeOf<Tensor>();
    expectClose(gx, [2 * 3.5 * 1, 2 * 7 * 2]);
  });

  it("hasAux returns [gradient, aux]; valueAndGrad returns [value, gradient]", () => {
    const [g, aux] = grad((v: Tensor) => [np.sum(np.square(v)), { n: v.size }] as const, { hasAux: true })(x);
    expectTypeOf(g).toEqualTypeOf<Tensor>();
    expectTypeOf(aux).toEqualTypeOf<{ n: Tensor }>();
    expect(aux.n.item()).toBe(2);
    const [value, gp] = valueAndGrad(model)(params, x);
    expectTypeOf(value).toEqualTypeOf<Tensor>();
    expectTypeOf(gp).toEqualTypeOf<Params>();
    expectClose(value, 3.5 ** 2 + 7 ** 2);
    const [[v2, a2], g2] = valueAndGrad((v: Tensor) => [np.sum(v), np.max(v)] as const, { hasAux: true })(x);
    expectTypeOf(v2).toEqualTypeOf<Tensor>();
    expectTypeOf(a2).toEqualTypeOf<Tensor>();
    expectTypeOf(g2).toEqualTypeOf<Tensor>();
  });

  it("pipe(f, grad, grad) from fp-ts typechecks and is the second derivative", () => {
    const d2 = pipe(np.tanh, grad, grad);
    expectTypeOf(d2).parameter(0).toExtend<TensorLike>();
    expectTypeOf(d2(2.0)).toEqualTypeOf<Tensor>();
    const t = Math.tanh(2);
    expectClose(d2(s64(2)), -2 * t * (1 - t * t));
  });
});

describe("vjp, jvp and linearize", () => {
  it("vjp(f, ...primals) is [out, (ct) => one cotangent per primal]", () => {
    const [out, pullback] = vjp(model, params, x);
    expectTypeOf(out).toEqualTypeOf<Tensor>();
    const [cp, cx] = pullback(s64(1));
    expectTypeOf(cp).toEqualTypeOf<Params>();
    expectTypeOf(cx).toEqualTypeOf<Tensor>();
    expectClose(cp.b, [7, 14]);
  });

  it("jvp(f, primals, tangents) is [out, tangentOut]; with hasAux, [out, tangentOut, aux]", () => {
    const [y, dy] = jvp((v: Tensor) => np.sin(v), [s64(0)], [s64(1)]);
    expectTypeOf(y).toEqualTypeOf<Tensor>();
    expectTypeOf(dy).toEqualTypeOf<Tensor>();
    const [, , aux] = jvp((v: Tensor) => [np.sin(v), { c: np.cos(v) }] as const, [s64(0)], [s64(1)], { hasAux: true });
    expectTypeOf(aux).toEqualTypeOf<{ c: Tensor }>();
    expectClose(aux.c, 1);
  });

  it("the aux forms and linearize", () => {
    const [, pullback, aux] = vjpWithAux((v: Tensor) => [np.sin(v), [v, 2]] as const, s64(0));
    expectTypeOf(aux).toEqualTypeOf<[Tensor, Tensor]>();
    expectTypeOf(pullback(s64(1))).toEqualTypeOf<[v: Tensor]>();
    const [, fJvp, aux2] = linearizeWithAux((v: Tensor) => [np.exp(v), np.cos(v)] as const, s64(0));
    expectTypeOf(fJvp(s64(1))).toEqualTypeOf<Tensor>();
    expectTypeOf(aux2).toEqualTypeOf<Tensor>();
    const [, lin] = linearize(model, params, x);
    expectTypeOf<[Params, Tensor]>().toExtend<Parameters<typeof lin>>();
    expectTypeOf(lin(params, x)).toEqualTypeOf<Tensor>();
  });
});

describe("vmap, jacobians, jit, checkpoint, lax", () => {
  it("vmap keeps the argument types; Jacobians are tensors (or the pytrees of the arguments)", () => {
    const perRow = vmap((row: Tensor) => np.sum(row));
    expectTypeOf(perRow).toExtend<(rows: Tensor) => Tensor>();
    expectTypeOf(jacfwd((v: Tensor) => np.sin(v))(x)).toEqualTypeOf<Tensor>();
    expectTypeOf(jacrev(model)(params, x)).toEqualTypeOf<Params>();
    expectTypeOf(jacrev(model, { argnums: [0, 1] })(params, x)).toEqualTypeOf<[Params, Tensor]>();
    expectTypeOf(hessian((v: Tensor) => np.sum(np.pow(v, 3)))(x)).toEqualTypeOf<Tensor>();
  });

  it("jit and checkpoint keep the function's type (numbers accepted where tensors are)", () => {
    const f = jit((p: Params, v: Tensor) => ({ y: model(p, v), p }));
    expectTypeOf(f(params, x)).toEqualTypeOf<{ y: Tensor; p: Params }>();
    const c = checkpoint((v: Tensor) => np.tanh(v));
    expectTypeOf(c(1)).toEqualTypeOf<Tensor>();
    expectTypeOf(lax.cond(true, (v: Tensor) => v, (v: Tensor) => np.neg(v), 1)).toEqualTypeOf<Tensor>();
    const [carry, ys] = lax.scan((c0: Tensor, xi: Tensor) => [np.add(c0, xi), np.mul(c0, xi)] as const, s64(0), x);
    expectTypeOf(carry).toEqualTypeOf<Tensor>();
    expectTypeOf(ys).toEqualTypeOf<Tensor>();
  });
});
