/**
 * np's elementwise math (src/np/math*.ts) against JAX: values in float32, float64 and int32
 * (including −0, ±∞ and NaN, broadcasting, empty and size-1 shapes) and first and second
 * derivatives in float64 at ordinary points and at the points where JAX fixes a value by
 * convention — all from test/fixtures/math.json, written by scripts/gen-math.py. Then derivatives
 * against float64 finite differences, vmap against a loop, jit against eager, and bad input.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ArgumentError, DTypeError, ShapeError, grad, jit, np, vmap, type Tensor } from "../../src/index.js";
import { EXACT, expectClose, fdGrad, thrown, vals } from "../support/index.js";

type Encoded = number | boolean | "nan" | "inf" | "-inf";
interface Arr {
  data: Encoded[];
  shape: number[];
  dtype: "float32" | "float64" | "int32" | "bool";
}
interface ValueCase {
  fn: string;
  args: Arr[];
  kwargs: Record<string, number>;
  out: Arr[];
}
interface GradCase {
  fn: string;
  at: Encoded[];
  value: Encoded;
  d: [Encoded, Encoded][];
}
const FILE = new URL("../fixtures/math.json", import.meta.url);
const fixture = JSON.parse(readFileSync(FILE, "utf8")) as { values: ValueCase[]; grads: GradCase[] };
const decode = (v: Encoded): number => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : Number(v));
const tensor = (a: Arr): Tensor =>
  a.shape.includes(0) ? np.zeros(a.shape, a.dtype) : np.reshape(np.array(a.data.map(decode), { dtype: a.dtype }), a.shape);

type Fn = (...args: never[]) => Tensor | Tensor[];
const call = (name: string, args: unknown[]): Tensor[] => {
  const f = (np as unknown as Record<string, Fn>)[name];
  if (f === undefined) throw new Error(`np.${name} is missing`);
  const out = f(...(args as never[]));
  return Array.isArray(out) ? out : [out];
};

/** JAX's libm (XLA's) and V8's differ in the last bits: a few ulps of each dtype. */
const TOL = { float64: { rtol: 2e-14, atol: 1e-300 }, float32: { rtol: 1e-6, atol: 1e-7 }, int32: { rtol: 0, atol: 0 }, bool: { rtol: 0, atol: 0 } };

const label = (c: ValueCase): string =>
  `${c.fn}(${c.args.map((a) => `${a.dtype}[${a.shape}]`).join(", ")}${Object.keys(c.kwargs).length > 0 ? `, ${JSON.stringify(c.kwargs)}` : ""})`;

describe("np math: values against JAX", () => {
  for (const c of fixture.values) {
    it(label(c), () => {
      const args: unknown[] = c.args.map(tensor);
      if (Object.keys(c.kwargs).length > 0) args.push(c.kwargs);
      const got = call(c.fn, args);
      expect(got.length).toBe(c.out.length);
      got.forEach((g, i) => {
        const want = c.out[i]!;
        expect(g.dtype, `output ${i} dtype`).toBe(want.dtype);
        expect(g.shape, `output ${i} shape`).toEqual(want.shape);
        const w = want.data.map(decode);
        expectClose(g, w, TOL[want.dtype], `${label(c)} output ${i}`);
        // Signed zeros are part of the value (copysign, trunc, modf, remainder keep them).
        const gv = vals(g);
        const wrongZero = w.findIndex((v, k) => v === 0 && Object.is(v, -0) !== Object.is(gv[k], -0));
        expect(wrongZero, `output ${i}: sign of zero at element ${wrongZero}`).toBe(-1);
      });
    });
  }
});

describe("np math: derivatives against JAX (float64)", () => {
  for (const c of fixture.grads) {
    const at = c.at.map(decode);
    it(`${c.fn} at (${at.join(", ")})`, () => {
      const name = c.fn;
      const args = c.fn === "ldexp" ? [at[0]!, 3] : at;
      c.d.forEach(([g1, g2], i) => {
        if (c.fn === "ldexp" && i > 0) return;
        const f = (t: Tensor): Tensor => {
          const xs: unknown[] = args.map((v) => np.array(v, { dtype: i === 1 && c.fn === "ldexp" ? "int32" : "float64" }));
          if (c.fn === "ldexp") xs[1] = 3;
          xs[i] = t;
          return call(name, xs)[0]!;
        };
        const x = np.array(at[i]!, { dtype: "float64" });
        expectClose(grad(f)(x), [decode(g1)], { rtol: 1e-13, atol: 1e-300 }, `d/dx${i}`);
        expectClose(grad(grad(f))(x), [decode(g2)], { rtol: 1e-12, atol: 1e-300 }, `d²/dx${i}²`);
      });
    });
  }
});

describe("np math: derivatives against float64 finite differences", () => {
  // Weighted sums make a scalar whose gradient mixes every element (h = 1e-6, so rtol 1e-7).
  const w = [0.7, -1.3, 0.4];
  const sumW = (t: Tensor): Tensor => np.sum(np.mul(t, np.array(w, { dtype: "float64" })));
  const cases: [string, (x: Tensor) => Tensor, number[]][] = [
    ["arcsin", (x) => np.arcsin(x), [-0.6, 0.1, 0.8]],
    ["arccosh", (x) => np.arccosh(x), [1.2, 2.0, 7.5]],
    ["arctanh", (x) => np.arctanh(x), [-0.6, 0.1, 0.8]],
    ["cbrt", (x) => np.cbrt(x), [-3.0, 0.4, 8.0]],
    ["hypot(x, 2x - 1)", (x) => np.hypot(x, np.sub(np.mul(x, 2), 1)), [-1.5, 0.2, 3.0]],
    ["arctan2(x, x² - 1)", (x) => np.arctan2(x, np.sub(np.mul(x, x), 1)), [-1.5, 0.2, 3.0]],
    ["logaddexp(x, −x)", (x) => np.logaddexp(x, np.neg(x)), [-1.5, 0.2, 3.0]],
    ["logaddexp2(x, 1)", (x) => np.logaddexp2(x, 1), [-1.5, 0.2, 3.0]],
    ["sinc", (x) => np.sinc(x), [-1.3, 0.05, 2.2]],
    ["unwrap", (x) => np.unwrap(np.mul(x, 4)), [0.5, 2.0, -0.7]],
    ["ldexp", (x) => np.ldexp(x, 2), [-1.5, 0.2, 3.0]],
    ["frexp mantissa", (x) => np.frexp(x)[0], [-1.5, 0.2, 3.0]],
  ];
  for (const [name, f, x] of cases) {
    it(`${name}: grad = fd, and the hessian-vector product = fd of the gradient`, () => {
      const g = (t: Tensor): Tensor => sumW(f(t));
      expectClose(grad(g)(np.array(x, { dtype: "float64" })), fdGrad(g, x), { rtol: 1e-7 }, name);
      // Second order: the gradient's own weighted sum, differentiated again, against its difference quotient.
      const gg = (t: Tensor): Tensor => sumW(grad(g)(t));
      expectClose(grad(gg)(np.array(x, { dtype: "float64" })), fdGrad(gg, x), { rtol: 1e-6 }, `${name} (second order)`);
    });
  }
});

describe("np math: vmap and jit", () => {
  const xs = np.array([[0.3, -2.0, 5.0], [-0.0, 1.5, -7.25]], { dtype: "float64" });
  const ys = np.array([[1.0, 0.0, -3.0], [2.5, -1.5, 4.0]], { dtype: "float64" });
  const binaries: [string, (a: Tensor, b: Tensor) => Tensor][] = [
    ["hypot", np.hypot], ["logaddexp", np.logaddexp], ["arctan2", np.arctan2], ["floorDivide", np.floorDivide],
    ["remainder", np.remainder], ["copysign", np.copysign], ["nextafter", np.nextafter], ["fmax", np.fmax],
  ];
  for (const [name, f] of binaries) {
    it(`vmap(${name}) = a loop over rows; jit(${name}) = eager bit for bit`, () => {
      const rows = [0, 1].map((i) => f(np.take(xs, i, 0), np.take(ys, i, 0)));
      expect(vmap(f)(xs, ys)).toEqual(np.stack(rows));
      expectClose(jit(f)(xs, ys), f(xs, ys), EXACT);
      const x32 = np.astype(xs, "float32"), y32 = np.astype(ys, "float32");
      expectClose(jit(f)(x32, y32), f(x32, y32), EXACT);
    });
  }

  it("vmap of unwrap along rows = unwrap with axis -1; vmap of grad(logaddexp) keeps the custom rule", () => {
    const p = np.array([[0.1, 3.0, -3.0, 6.0], [2.0, -2.5, 0.4, 9.0]], { dtype: "float64" });
    expect(vmap((r: Tensor) => np.unwrap(r))(p)).toEqual(np.unwrap(p, { axis: -1 }));
    const d = vmap(grad((a: Tensor) => np.logaddexp(a, 1)))(np.array([1, -Infinity, 3], { dtype: "float64" }));
    expectClose(d, [0.5, 0, 1 / (1 + Math.exp(-2))]);
  });

  it("jit fuses the new float primitives and gives the eager bits (float32)", () => {
    const f = (x: Tensor): Tensor => np.add(np.arcsinh(np.sinh(x)), np.mul(np.cbrt(x), np.exp2(np.arctan(x))));
    const x = np.array([-2.5, -0.3, 0, 0.7, 4], { dtype: "float32" });
    expectClose(jit(f)(x), f(x), EXACT);
  });
});

describe("np math: bad input", () => {
  it("ldexp refuses a float exponent tensor, as JAX", () => {
    const err = thrown(() => np.ldexp(1, np.array([1.5])));
    expect(err).toBeInstanceOf(DTypeError);
    expect(err.message).toMatch(/np\.ldexp: args\[1\].*integer/);
    expect(thrown(() => np.ldexp(1, 0.5))).toBeInstanceOf(DTypeError);
  });

  it("unwrap: axis out of range, unknown or repeated options, a non-number period", () => {
    const p = np.array([[0, 1], [2, 3]]);
    expect(thrown(() => np.unwrap(p, { axis: 2 })).message).toMatch(/np\.unwrap: axis 2 is out of range/);
    expect(thrown(() => np.unwrap(p, { axis: 2 }))).toBeInstanceOf(ShapeError);
    expect(thrown(() => np.unwrap(p, { bogus: 1 }))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.unwrap(p, null, 0, { axis: 0 }))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => np.unwrap(p, { period: "360" }))).toBeInstanceOf(ArgumentError);
  });

  it("nanToNum: replacements must be numbers; floorDivide refuses bool; shapes must broadcast", () => {
    expect(thrown(() => np.nanToNum([NaN], { nan: "0" })).message).toMatch(/np\.nanToNum: "nan" must be a number/);
    expect(thrown(() => np.floorDivide(true, false))).toBeInstanceOf(DTypeError);
    expect(thrown(() => np.hypot([1, 2], [1, 2, 3]))).toBeInstanceOf(ShapeError);
  });

  it("positional options follow JAX's order", () => {
    const p = np.array([0, 350, 5], { dtype: "float32" });
    expect(np.unwrap(p, null, -1, 360)).toEqual(np.unwrap(p, { period: 360 }));
    expect(np.nanToNum([NaN, Infinity], true, 1, 2)).toEqual(np.array([1, 2], { dtype: "float32" }));
  });
});
