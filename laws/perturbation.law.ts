/**
 * Law 14 — no perturbation confusion. A derivative taken inside another must not see the outer
 * perturbation, whatever the two transforms are:
 *  - grad(x ↦ x · grad(y ↦ x · y)(c))(x₀) = 2·x₀ (Siskind & Pearlmutter's example);
 *  - grad(x ↦ grad(y ↦ x · y)(1))(1) = 1 (DESIGN.md);
 *  - a randomised family with closed forms, each derivative D taken by any of grad, jvp, vjp,
 *    linearize, jacfwd, jacrev:
 *      F(x) = x^p · D_y[x^a · y^b](c)                         F'(x₀) = (p+a)·b·c^(b−1)·x₀^(p+a−1)
 *      F(x) = x^p · D_y[y^q · D_z[x^a · y^b · z^e](z₀)](y₀)   F'(x₀) = (p+a)·e·(b+q)·x₀^(p+a−1)·y₀^(b+q−1)·z₀^(e−1)
 * A confused tangent (an inner derivative that also differentiates x, or an outer one that sees
 * the inner perturbation) changes the exponents, so the closed form no longer holds.
 *
 * Can fail (checked by hand: a scratch harness replaced JvpInterpreter.prototype.split at run time
 * with one that accepts any JvpTracer, not only its own): all four laws fail.
 */
import * as fc from "fast-check";
import { describe, it } from "vitest";
import { jvp, linearize } from "../src/api/forward.js";
import { grad, vjp } from "../src/api/grad.js";
import { jacfwd, jacrev } from "../src/api/jacobian.js";
import * as ops from "../src/primitives/ops.js";
import { scalar } from "../src/tensor/from-js.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { uniform } from "./domains-derivative.js";
import { checkLaw, ensure, runs } from "./law.js";

const f64 = (x: number): Tensor => scalar(x, "float64");
const one = f64(1);

/** d/dt f(t) at `at`, for a scalar function, by one of fluxion's transforms. */
type Derivative = (f: (t: Tensor) => Tensor, at: Tensor) => Tensor;

const MODES: Record<string, Derivative> = {
  grad: (f, at) => grad(f)(at),
  jvp: (f, at) => jvp(f, [at], [one])[1],
  vjp: (f, at) => vjp(f, at)[1](one)[0]!,
  linearize: (f, at) => linearize(f, at)[1](one),
  jacfwd: (f, at) => jacfwd(f)(at),
  jacrev: (f, at) => jacrev(f)(at),
};
const modeArb = fc.constantFrom(...Object.keys(MODES));

const pow = (x: Tensor, n: number): Tensor => ops.integerPow(x, n);
/** A value away from 0 (the closed forms have negative powers of it when an exponent is 0). */
const pointArb = fc.tuple(uniform(0.5, 2), fc.boolean()).map(([x, neg]) => (neg ? -x : x));
const close = (got: number, want: number): boolean => Math.abs(got - want) <= 1e-9 * (1 + Math.abs(want));

describe("law 14: no perturbation confusion", () => {
  it("grad(x ↦ x · grad(y ↦ x · y)(c))(x₀) = 2·x₀", () =>
    checkLaw({
      name: "x · grad(y ↦ x·y)",
      note: "the inner gradient is x, so the outer function is x² with derivative 2x; 3x² or x means the inner derivative saw the outer perturbation",
      arbitrary: fc.tuple(pointArb, pointArb),
      holds: ([x0, c]) => {
        const got = (grad(((x: Tensor) => ops.mul(x, grad(((y: Tensor) => ops.mul(x, y)))(f64(c)))))(f64(x0))).item();
        ensure(close(got, 2 * x0), () => `x₀ = ${x0}, c = ${c}: got ${got}, want ${2 * x0}`);
      },
    }));

  it("grad(x ↦ grad(y ↦ x · y)(1))(1) = 1", () => {
    const got = (grad(((x: Tensor) => grad(((y: Tensor) => ops.mul(x, y)))(one)))(one)).item();
    ensure(got === 1, () => `got ${got}, want 1`);
  });

  it("two levels, any pair of derivative transforms", () =>
    checkLaw(
      {
        name: "F(x) = x^p · D_y[x^a y^b](c)",
        note: "F'(x₀) = (p+a)·b·c^(b−1)·x₀^(p+a−1); a mismatch for one pair of transforms means one of them leaks or swallows the other's perturbation",
        arbitrary: fc.record({
          outer: modeArb, inner: modeArb,
          p: fc.integer({ min: 0, max: 2 }), a: fc.integer({ min: 1, max: 3 }), b: fc.integer({ min: 1, max: 3 }),
          x0: pointArb, c: pointArb,
        }),
        holds: ({ outer, inner, p, a, b, x0, c }) => {
          const F = (x: Tensor): Tensor => ops.mul(pow(x, p), MODES[inner]!((y) => ops.mul(pow(x, a), pow(y, b)), f64(c)));
          const got = MODES[outer]!(F, f64(x0)).item();
          const want = (p + a) * b * c ** (b - 1) * x0 ** (p + a - 1);
          ensure(close(got, want), () => `outer ${outer}, inner ${inner}, p=${p} a=${a} b=${b} x₀=${x0} c=${c}: got ${got}, want ${want}`);
        },
      },
      runs(40),
    ));

  it("three levels, any triple of derivative transforms", () =>
    checkLaw(
      {
        name: "F(x) = x^p · D_y[y^q · D_z[x^a y^b z^e](z₀)](y₀)",
        note: "F'(x₀) = (p+a)·e·(b+q)·x₀^(p+a−1)·y₀^(b+q−1)·z₀^(e−1); a mismatch means some level confused its perturbation with another's",
        arbitrary: fc.record({
          outer: modeArb, middle: modeArb, inner: modeArb,
          p: fc.integer({ min: 0, max: 1 }), q: fc.integer({ min: 0, max: 1 }),
          a: fc.integer({ min: 1, max: 2 }), b: fc.integer({ min: 1, max: 2 }), e: fc.integer({ min: 1, max: 2 }),
          x0: pointArb, y0: pointArb, z0: pointArb,
        }),
        holds: ({ outer, middle, inner, p, q, a, b, e, x0, y0, z0 }) => {
          const F = (x: Tensor): Tensor =>
            ops.mul(
              pow(x, p),
              MODES[middle]!((y) => ops.mul(pow(y, q), MODES[inner]!((z) => ops.mul(ops.mul(pow(x, a), pow(y, b)), pow(z, e)), f64(z0))), f64(y0)),
            );
          const got = MODES[outer]!(F, f64(x0)).item();
          const want = (p + a) * e * (b + q) * x0 ** (p + a - 1) * y0 ** (b + q - 1) * z0 ** (e - 1);
          ensure(close(got, want), () => `outer ${outer}, middle ${middle}, inner ${inner}, p=${p} q=${q} a=${a} b=${b} e=${e} x₀=${x0} y₀=${y0} z₀=${z0}: got ${got}, want ${want}`);
        },
      },
      runs(30),
    ));
});
