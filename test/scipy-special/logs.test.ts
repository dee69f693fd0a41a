/**
 * xlogy, xlog1py, logit, expit, logsumexp, softmax and logSoftmax against SciPy's values and JAX's
 * derivatives (its custom jvp rules) and JAX's logsumexp cases with axis, b, keepdims, returnSign
 * and where (test/fixtures/special.json, from scripts/gen-special.py); argument forms and errors.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, FluxionError, grad, jit, np, scipySpecial, vmap, type Tensor } from "../../src/index.js";
import { EXACT, bad, expectClose, fdGrad, thrown } from "../support/index.js";
import { decodeAll, fixture } from "./fixture.js";

const f64 = (xs: readonly number[] | number[][]) => np.array(xs as number[], { dtype: "float64" });
const tol = { rtol: 1e-15, atol: 1e-300 };

describe("xlogy and xlog1py", () => {
  const b = fixture.binary;
  const x = decodeAll(b.x), y = decodeAll(b.y);
  for (const name of ["xlogy", "xlog1py"] as const) {
    const f = scipySpecial[name];
    it(`${name}: SciPy's values (0 where x = 0, NaN from y still propagates)`, () => {
      expectClose(f(f64(x), f64(y)), decodeAll(b[name].value), tol);
    });
    it(`${name}: JAX's custom derivative in x and in y, elementwise`, () => {
      x.forEach((xi, i) => {
        const yi = y[i]!;
        const dx = grad((a: Tensor) => f(a, f64([yi]).reshape([])))(f64([xi]).reshape([]));
        const dy = grad((c: Tensor) => f(f64([xi]).reshape([]), c))(f64([yi]).reshape([]));
        expectClose(dx, [decodeAll(b[name].dx)[i]!], tol, `d${name}/dx at (${xi}, ${yi})`);
        expectClose(dy, [decodeAll(b[name].dy)[i]!], tol, `d${name}/dy at (${xi}, ${yi})`);
      });
    });
  }

  it("broadcasts and promotes like numpy (a weak number adopts the array's dtype)", () => {
    const got = scipySpecial.xlogy(np.array([[0], [2]], { dtype: "float64" }), 3);
    expect(got.dtype).toBe("float64");
    expect(got.shape).toEqual([2, 1]);
    expectClose(got, [0, 2 * Math.log(3)], tol);
    expect(scipySpecial.xlog1py([1, 2], np.array([0.5, 1], { dtype: "float32" })).dtype).toBe("float32");
  });

  it("second derivatives match finite differences", () => {
    const pts = [0.7, 2.5];
    const d2 = grad((t: Tensor) => np.sum(grad((u: Tensor) => np.sum(scipySpecial.xlogy(2, u)))(t)))(f64(pts));
    expectClose(d2, fdGrad((t) => np.sum(grad((u: Tensor) => np.sum(scipySpecial.xlogy(2, u)))(t)), pts), { rtol: 1e-6, atol: 1e-6 });
  });
});

describe("logit and expit", () => {
  for (const name of ["logit", "expit"] as const) {
    it(`${name}: SciPy's values and JAX's derivative`, () => {
      const c = fixture.binary[name];
      const x = decodeAll(c.x);
      expectClose(scipySpecial[name](f64(x)), decodeAll(c.value), { rtol: 1e-15, atol: 1e-300 });
      const d = grad((t: Tensor) => np.sum(scipySpecial[name](t)))(f64(x));
      expectClose(d, decodeAll(c.d1), { rtol: 1e-15, atol: 1e-300 });
    });
  }

  it("logit inverts expit", () => {
    const x = f64([-20, -1, 0, 3, 15]);
    expectClose(scipySpecial.logit(scipySpecial.expit(x)), x, { rtol: 1e-8, atol: 1e-12 });
  });
});

/** The fixture's kwargs as fluxion's options (JAX's names in camelCase). */
function options(kwargs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(kwargs)) {
    if (k === "return_sign") out.returnSign = v;
    else if (k === "b") continue; // decoded by the caller (its rows may hold "nan"/"inf")
    else if (k === "where") out.where = np.array(v as boolean[][]);
    else out[k] = v;
  }
  return out;
}

describe("logsumexp", () => {
  const lse = fixture.logsumexp;
  const a = f64(lse.a.map((row) => decodeAll(row)));
  lse.cases.forEach((c) => {
    it(`matches jax.scipy.special.logsumexp with ${JSON.stringify(c.kwargs)}`, () => {
      const o = options(c.kwargs);
      if (c.kwargs.b !== undefined) o.b = np.array((c.kwargs.b as unknown[]).map((r) => (Array.isArray(r) ? decodeAll(r as never) : r)) as number[], { dtype: "float64" });
      const got = scipySpecial.logsumexp(a, o) as Tensor | [Tensor, Tensor];
      const outs = Array.isArray(got) ? got : [got];
      expect(outs.length).toBe(c.out.length);
      outs.forEach((t, i) => {
        expect(t.shape).toEqual(c.out[i]!.shape);
        // 1e-14: with signed b the sum cancels (e − 2e² + e³/2), so summation order shows.
        expectClose(t, decodeAll(c.out[i]!.data), { rtol: 1e-14, atol: 1e-300 });
      });
    });
  });

  it("takes JAX's optional arguments positionally too", () => {
    const b = f64([[1, -2, 0.5], [3, 0, 1]]);
    const x = f64([[1, 2, 3], [0, 0.5, 1]]);
    expectClose(scipySpecial.logsumexp(x, 1, b, true), scipySpecial.logsumexp(x, { axis: 1, b, keepdims: true }), EXACT);
    const [r, s] = scipySpecial.logsumexp(x, null, b, false, true);
    expectClose(r, scipySpecial.logsumexp(x, { b, returnSign: true })[0], EXACT);
    expectClose(s, [1], EXACT);
    // Without b, returnSign or where it is nn.logsumexp (same bits).
    const e = Math.E;
    expectClose(scipySpecial.logsumexp(x, -1), [Math.log(e + e * e + e * e * e), Math.log(1 + Math.exp(0.5) + e)], { rtol: 1e-15 });
  });

  it("its gradient with b is b·softmax (JAX's)", () => {
    const g = fixture.logsumexp.grad;
    const d = grad((t: Tensor) => np.sum(scipySpecial.logsumexp(t, { axis: 1, b: f64(g.b) })))(f64(g.a));
    expectClose(d, decodeAll(g.data), { rtol: 1e-15, atol: 1e-300 });
  });

  it("gives −∞ over an empty or all −∞ slice, and the same under jit and vmap", () => {
    expectClose(scipySpecial.logsumexp(np.zeros([0], "float64")), [-Infinity], EXACT);
    expectClose(scipySpecial.logsumexp(f64([-Infinity, -Infinity]), { b: f64([1, 2]) }), [-Infinity], EXACT);
    const x = f64([[1, 2], [3, -4]]);
    const f = (t: Tensor) => scipySpecial.logsumexp(t, { b: f64([1, 0.5]), axis: -1 });
    expectClose(jit(f)(x), f(x), EXACT);
    expectClose(vmap(f)(x), f(x), EXACT);
  });

  it("rejects a bad axis, a non-boolean flag and unknown options with the function's name", () => {
    expect(thrown(() => scipySpecial.logsumexp([1, 2], 3)).message).toMatch(/scipySpecial\.logsumexp.*axis/);
    expect(thrown(() => scipySpecial.logsumexp([1, 2], { keepdims: bad("yes") }))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => scipySpecial.logsumexp([1, 2], { returnSign: bad(1) }))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => scipySpecial.logsumexp([1, 2], bad({ keep_dims: true }))).message).toMatch(/unknown option "keep_dims"/);
  });
});

describe("softmax and logSoftmax", () => {
  const s = fixture.softmax;
  const x = f64(s.x);
  for (const [key, axis] of [["none", undefined], ["axis0", 0], ["axis-1", -1]] as const) {
    it(`match JAX with axis ${String(axis)} (all axes by default, as SciPy)`, () => {
      const want = s[key];
      const opts = axis === undefined ? [] : [axis];
      expectClose(scipySpecial.softmax(x, ...opts), decodeAll(want.softmax), { rtol: 1e-15, atol: 1e-300 });
      expectClose(scipySpecial.logSoftmax(x, ...opts), decodeAll(want.logSoftmax), { rtol: 1e-15, atol: 1e-300 });
      if (axis !== undefined) expectClose(scipySpecial.softmax(x, { axis }), scipySpecial.softmax(x, axis), EXACT);
    });
  }

  it("rejects an axis out of range naming the function", () => {
    expect(thrown(() => scipySpecial.softmax([1, 2], 2)).message).toMatch(/scipySpecial\.softmax/);
    expect(thrown(() => scipySpecial.logSoftmax([1, 2], { axis: -3 })).message).toMatch(/scipySpecial\.logSoftmax/);
  });
});

describe("hostile arguments", () => {
  // eslint-disable-next-line no-sparse-arrays
  const hostile: unknown[] = [undefined, null, "x", Symbol("s"), 10n, {}, new Map(), [1, , 2], [[1], [2, 3]], () => 1, NaN];
  const fns = Object.entries(scipySpecial).filter(([, f]) => typeof f === "function") as [string, (...a: unknown[]) => unknown][];

  it("every scipySpecial function returns or raises a FluxionError naming itself", () => {
    expect(fns.length).toBe(14);
    for (const [name, f] of fns) {
      for (const h of hostile) {
        for (const args of [[h], [np.array([0.5, 0.25]), h]]) {
          let err: unknown;
          try {
            f(...args);
          } catch (e) {
            err = e;
          }
          if (err === undefined) continue;
          expect(err, `${name}(${String(typeof h === "symbol" ? "symbol" : h)})`).toBeInstanceOf(FluxionError);
          expect((err as Error).message, `${name}`).toContain(name === "logsumexp" || name === "softmax" || name === "logSoftmax" || args.length === 1 ? `scipySpecial.${name}` : "");
        }
      }
    }
  });
});
