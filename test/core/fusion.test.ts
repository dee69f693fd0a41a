/**
 * jit's fused elementwise loops: the same bits as evaluating the equations one by one (float32
 * rounding after every step, selects, comparisons, integer powers, scalar operands, values that
 * escape the loop), the closure fallback when code generation is off, and generated source made
 * only of the kernels' snippets and counter-made names, whatever the user's names.
 */
import { describe, expect, it } from "vitest";
import { jit, np, trace, evaluate, type Tensor } from "../../src/index.js";
import { lastFusedSource } from "../../src/compile/fuse.js";
import { setCodegenEnabled } from "../../src/tensor/kernels/codegen.js";

const bits = (t: Tensor): number[] => Array.from(t.data(), (v) => (Object.is(v, -0) ? -0 : v));

function sameBits(a: Tensor, b: Tensor): void {
  expect(a.shape).toEqual(b.shape);
  expect(a.dtype).toBe(b.dtype);
  const x = a.data(), y = b.data();
  for (let i = 0; i < x.length; i++) expect(Object.is(x[i], y[i]) || (Number.isNaN(x[i]) && Number.isNaN(y[i]))).toBe(true);
}

const x32 = np.array([-3.7, -1, -0.0, 0, 0.3, 1, 2.5, 1e30, NaN, Infinity]);
const x64 = x32.astype("float64");

describe("fused elementwise loops under jit", () => {
  const chain = (x: Tensor): Tensor => np.tanh(np.add(np.mul(np.sin(x), x), np.mul(0.5, np.exp(np.neg(x)))));
  const branchy = (x: Tensor, s: Tensor): Tensor => {
    const r = np.where(np.greater(x, 0), np.pow(x, 3), np.mul(x, s));
    return np.sub(np.maximum(r, np.square(x)), np.div(x, np.add(np.abs(x), 1)));
  };

  it("gives the eager bits for float32 and float64 chains", () => {
    for (const x of [x32, x64]) {
      sameBits(jit(chain)(x), chain(x));
      const s = np.array(0.7, { dtype: x.dtype });
      sameBits(jit(branchy)(x, s), branchy(x, s));
    }
  });

  it("writes out intermediate values that are used after the loop", () => {
    const f = (x: Tensor): Tensor[] => {
      const a = np.sin(x);
      const b = np.mul(a, a);
      return [b, np.sum(a), np.exp(b)];
    };
    const [j0, j1, j2] = jit(f)(x32) as Tensor[];
    const [e0, e1, e2] = f(x32);
    sameBits(j0!, e0!);
    sameBits(j1!, e1!);
    sameBits(j2!, e2!);
  });

  it("falls back to kernels with identical results when code generation is off", () => {
    const was = setCodegenEnabled(false);
    try {
      const g = (x: Tensor): Tensor => np.cos(np.mul(np.add(x, 1), x));
      sameBits(jit(g)(x32), g(x32));
    } finally {
      setCodegenEnabled(was);
    }
  });

  it("generated source uses only snippet text and counter-made names, whatever the user's names", () => {
    const hostile = { "*/": np.ones([3]), "\u2028": np.ones([3]), "}); process.exit(1); ((": np.ones([3]) };
    function weird(p: Record<string, Tensor>): Tensor {
      return np.sin(np.mul(np.add(p["*/"]!, p["\u2028"]!), p["}); process.exit(1); (("]!));
    }
    const out = jit(weird)(hostile);
    const vals = bits(out);
    expect(vals.every((v) => Math.abs(v - Math.sin(2)) < 1e-6)).toBe(true);
    const src = lastFusedSource();
    expect(src).toContain("for (let i = 0; i < n; i++)");
    expect(src).toMatch(/^[A-Za-z0-9_ \n;=()[\]{}.,!<>|&?:+*\/%-]*$/);
    for (const bad of ["*/", "\u2028", "process", "exit", "weird"]) expect(src.includes(bad), bad).toBe(false);
  });

  it("matches evaluate of the same graph", () => {
    const g = trace(chain)(x32);
    sameBits(jit(chain)(x32), evaluate(g, x32) as Tensor);
  });
});
