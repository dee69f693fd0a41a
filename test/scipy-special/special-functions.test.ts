/**
 * erfc, erfinv, gammaln, digamma, ndtr and ndtri against true values (mpmath, rounded once; JAX's
 * at poles and special inputs) over wide grids — far tails, the zeros of gammaln at 1 and 2 and
 * between its negative poles, digamma's root, poles, NaN, ±∞, −0 — in float64 and float32
 * (test/fixtures/special.json, from scripts/gen-special.py); their first, second and third
 * derivatives against SciPy's closed forms (digamma, polygamma) and float64 finite differences;
 * and jit, vmap and dtype behaviour.
 */
import { describe, expect, it } from "vitest";
import { grad, jit, lax, np, scipySpecial, vmap, type Tensor } from "../../src/index.js";
import { EXACT, expectClose, fdGrad } from "../support/index.js";
import { decodeAll, fixture } from "./fixture.js";

type Name = keyof typeof fixture.unary;
const fns: Record<Name, (x: Tensor) => Tensor> = {
  erfc: scipySpecial.erfc,
  erfinv: scipySpecial.erfinv,
  gammaln: scipySpecial.gammaln,
  digamma: scipySpecial.digamma,
  ndtr: scipySpecial.ndtr,
  ndtri: scipySpecial.ndtri,
};

/**
 * The float64 tolerance at x: 1e-14 relative where the function is well-conditioned (the kernels
 * reach ~2e-15; the brief asks 1e-13); beside the zeros of gammaln and digamma between their
 * negative poles only an absolute 1e-14 is possible (the reflection formula cancels there, as in
 * SciPy); ndtr's relative condition number grows like x² in the lower tail; erfc's and ndtr's
 * subnormal results carry the subnormal spacing; ndtri is Cephes' rational approximation, as JAX's.
 */
function tol64(name: Name, x: number): { rtol: number; atol: number } {
  if (!Number.isFinite(x)) return { rtol: 0, atol: 0 };
  switch (name) {
    case "gammaln":
    case "digamma":
      return x < 0 ? { rtol: 1e-14, atol: 1e-14 } : { rtol: 1e-14, atol: 0 };
    case "erfc":
      return { rtol: 1e-14, atol: 1e-321 };
    case "ndtr":
      return { rtol: 1e-14 * Math.max(1, x * x), atol: 1e-321 };
    case "ndtri":
      return { rtol: 1e-14, atol: 1e-16 };
    default:
      return { rtol: 1e-14, atol: 0 };
  }
}

/** float32: the true value rounded once (1 ulp apart at most); ndtr/ndtri are float32 compositions, as JAX's. */
function tol32(name: Name, x: number): { rtol: number; atol: number } {
  if (!Number.isFinite(x)) return { rtol: 0, atol: 0 };
  if (name === "ndtr") return { rtol: 1e-6 * Math.max(1, x * x), atol: 1e-45 };
  if (name === "ndtri") return { rtol: 2e-6, atol: 1e-6 };
  return { rtol: 1.2e-7, atol: name === "gammaln" || name === "digamma" ? 1e-7 : 1.4e-45 };
}

describe("scipySpecial values", () => {
  for (const name of Object.keys(fns) as Name[]) {
    for (const dtype of ["float64", "float32"] as const) {
      it(`${name} in ${dtype} matches the true values on its grid`, () => {
        const pts = fixture.unary[name][dtype];
        const xs = decodeAll(pts.x), want = decodeAll(pts.value);
        const got = fns[name](np.array(xs, { dtype }));
        expect(got.dtype).toBe(dtype);
        const g = got.toArray() as number[];
        xs.forEach((x, i) => expectClose(np.array([g[i]!], { dtype }), [want[i]!], dtype === "float64" ? tol64(name, x) : tol32(name, x), `${name}(${x})`));
      });
    }
  }

  it("keeps the sign of zero where JAX does, and gives JAX's values at poles", () => {
    expect(Object.is(scipySpecial.erfinv(np.array([-0], { dtype: "float64" })).data()[0], -0)).toBe(true);
    expectClose(scipySpecial.gammaln(np.array([0, -0, -1, -3, Infinity, -Infinity, NaN], { dtype: "float64" })), [Infinity, Infinity, Infinity, Infinity, Infinity, Infinity, NaN], EXACT);
    expectClose(scipySpecial.digamma(np.array([0, -0, -1, -Infinity, Infinity, NaN], { dtype: "float64" })), [NaN, NaN, NaN, NaN, Infinity, NaN], EXACT);
    expectClose(scipySpecial.erfinv(np.array([1, -1, 1.5, NaN], { dtype: "float64" })), [Infinity, -Infinity, NaN, NaN], EXACT);
    expectClose(scipySpecial.erfc(np.array([Infinity, -Infinity, 40], { dtype: "float64" })), [0, 2, 0], EXACT);
    expectClose(scipySpecial.ndtri(np.array([0, 1, -0.5, 2], { dtype: "float64" })), [-Infinity, Infinity, NaN, NaN], EXACT);
  });

  it("takes ints and bools as float32 (as JAX's promote_args_inexact)", () => {
    const got = scipySpecial.gammaln([1, 2, 3]);
    expect(got.dtype).toBe("float32");
    expectClose(got, [0, 0, Math.log(2)]);
    expect(scipySpecial.erfc([true, false]).dtype).toBe("float32");
  });

  it("lax.erfc and lax.erfInv are the same primitives", () => {
    const x = np.array([-2, 0.3, 5], { dtype: "float64" });
    expectClose(lax.erfc(x), scipySpecial.erfc(x), EXACT);
    const y = np.array([-0.9, 0.3, 0.999], { dtype: "float64" });
    expectClose(lax.erfInv(y), scipySpecial.erfinv(y), EXACT);
  });

  it("handles empty and size-1 arrays", () => {
    for (const f of Object.values(fns)) {
      expect(f(np.zeros([0, 3], "float64")).shape).toEqual([0, 3]);
      expect(f(np.array([[0.5]], { dtype: "float64" })).shape).toEqual([1, 1]);
    }
  });

  it("gives the same bits under jit and vmap as eagerly", () => {
    const x = np.array([0.3, 1.5, 2.0000001, -2.45, 27.1, 0.999], { dtype: "float64" });
    for (const f of Object.values(fns)) {
      expectClose(jit(f)(x), f(x), EXACT);
      expectClose(vmap(f)(np.reshape(x, [3, 2])), np.reshape(f(x), [3, 2]), EXACT);
    }
  });
});

/** Elementwise derivative of order k of f (grad of the sum, nested). */
function derivative(f: (x: Tensor) => Tensor, k: number): (x: Tensor) => Tensor {
  let d = f;
  for (let i = 0; i < k; i++) {
    const inner = d;
    d = (x: Tensor) => grad((y: Tensor) => np.sum(inner(y)))(x);
  }
  return d;
}

describe("scipySpecial derivatives", () => {
  const cases: [keyof typeof fixture.derivatives, (x: Tensor) => Tensor][] = [
    ["gammaln", scipySpecial.gammaln],
    ["digamma", scipySpecial.digamma],
    ["erfc", scipySpecial.erfc],
    ["erfinv", scipySpecial.erfinv],
  ];
  for (const [name, f] of cases) {
    it(`${name}: first and second derivatives match the closed forms (digamma, polygamma, exponentials)`, () => {
      const d = fixture.derivatives[name];
      const x = np.array(decodeAll(d.x), { dtype: "float64" });
      expectClose(derivative(f, 1)(x), decodeAll(d.d1), { rtol: 1e-13, atol: 1e-14 }, `${name}'`);
      expectClose(derivative(f, 2)(x), decodeAll(d.d2), { rtol: 1e-13, atol: 1e-14 }, `${name}''`);
      if (d.d3 !== undefined) expectClose(derivative(f, 3)(x), decodeAll(d.d3), { rtol: 1e-13, atol: 1e-14 }, `${name}'''`);
    });
  }

  it("polygamma of orders 1…8 (the derivatives of digamma) matches mpmath, poles and ±∞ as SciPy", () => {
    const p = fixture.polygamma;
    const xs = decodeAll(p.x), want = decodeAll(p.value);
    p.m.forEach((m, i) => {
      const got = derivative(scipySpecial.digamma, m)(np.array([xs[i]!], { dtype: "float64" }));
      expectClose(got, [want[i]!], { rtol: 1e-13, atol: 1e-300 }, `polygamma(${m}, ${xs[i]})`);
    });
  });

  it("second derivatives agree with float64 finite differences of the first", () => {
    const xs = [0.4, 1.46, 2.2, 7.5, -0.6, -3.3];
    for (const f of [scipySpecial.gammaln, scipySpecial.digamma]) {
      const d1 = derivative(f, 1);
      const fd = fdGrad((x) => np.sum(d1(x)), xs, [xs.length], 1e-6);
      expectClose(derivative(f, 2)(np.array(xs, { dtype: "float64" })), fd, { rtol: 1e-6, atol: 1e-6 });
    }
    const ys = [-0.8, 0.1, 0.7];
    const fd = fdGrad((y) => np.sum(scipySpecial.erfinv(y)), ys, [3], 1e-7);
    expectClose(derivative(scipySpecial.erfinv, 1)(np.array(ys, { dtype: "float64" })), fd, { rtol: 1e-7, atol: 1e-7 });
  });

  it("ndtr and ndtri differentiate through their compositions (ndtri' = 1/φ(ndtri))", () => {
    const p = np.array([1e-10, 0.01, 0.3, 0.5, 0.9, 0.99999], { dtype: "float64" });
    const x = scipySpecial.ndtri(p).toArray() as number[];
    const pdf = x.map((v) => Math.exp(-0.5 * v * v) / Math.sqrt(2 * Math.PI));
    expectClose(derivative(scipySpecial.ndtri, 1)(p), pdf.map((v) => 1 / v), { rtol: 1e-12, atol: 0 });
    expectClose(derivative(scipySpecial.ndtr, 1)(np.array(x, { dtype: "float64" })), pdf, { rtol: 1e-13, atol: 1e-300 });
  });

  it("vectorises derivatives (vmap of grad)", () => {
    const x = np.array([[0.5, 3], [1.5, 9]], { dtype: "float64" });
    const d = vmap((row: Tensor) => grad((y: Tensor) => np.sum(scipySpecial.gammaln(y)))(row))(x);
    expectClose(d, scipySpecial.digamma(x), EXACT);
  });
});
