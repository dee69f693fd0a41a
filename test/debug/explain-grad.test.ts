import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DTypeError, FluxionError, ShapeError, explainGrad, grad, jacfwd, jit, lax, nn, np, stopGradient, vmap, type Tensor } from "../../src/index.js";

const thisFile = readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n");
/** The 1-based line of this file that carries the marker comment `// @<tag>`. */
function lineOf(tag: string): number {
  const i = thisFile.findIndex((l) => l.includes(`// @${tag}`) && !l.includes("lineOf"));
  if (i < 0) throw new Error(`no marker @${tag}`);
  return i + 1;
}
const at = (tag: string) => new RegExp(`explain-grad\\.test\\.ts:${lineOf(tag)}:\\d+`);

describe("explainGrad: each cause of a zero gradient, with its primitive and source line", () => {
  it("no path to the output", () => {
    const r = explainGrad((a: Tensor, b: Tensor) => (void b, np.sum(np.sin(a))), { argnums: [0, 1] })(np.array([1, 2]), np.array([3]));
    expect(r.leaf("a")!.zero).toBe(false);
    expect(r.leaf("b")!.zero).toBe(true);
    expect(r.leaf("b")!.reasons.map((x) => x.kind)).toEqual(["no-path"]);
    expect(r.toString()).toMatch(/b: f32\[1\]\s+ZERO gradient\n\s+- \[no-path\]/);
  });

  it("an input that only decides a where mask", () => {
    const f = (x: Tensor, c: Tensor) => np.sum(np.where(np.greater(x, 0), c, 0)); // @mask-only
    const r = explainGrad(f, { argnums: [0, 1] })(np.array([1, -2]), np.array([3, 4]));
    expect(r.leaf("c")!).toMatchObject({ zero: false, maxAbsGrad: 1 });
    const [reason] = r.leaf("x")!.reasons;
    expect(reason).toMatchObject({ kind: "index-only", primitive: "select" });
    expect(reason!.detail).toContain("mask");
    expect(reason!.source).toMatch(at("mask-only"));
  });

  it("stopGradient", () => {
    const f = (x: Tensor) => {
      const y = stopGradient(np.multiply(x, 3)); // @stop
      return np.sum(np.multiply(y, y));
    };
    const [reason] = explainGrad(f)(np.array([1, 2, 3])).leaf("x")!.reasons;
    expect(reason!.kind).toBe("stop-gradient");
    expect(reason!.primitive).toBe("stop_gradient");
    expect(reason!.source).toMatch(at("stop"));
  });

  it("a comparison", () => {
    const f = (x: Tensor) => np.sum(np.astype(np.greater(x, 0), "float32")); // @cmp
    const r = explainGrad(f)(np.array([-1, 2]));
    const [reason] = r.leaf("x")!.reasons;
    expect(reason).toMatchObject({ kind: "non-differentiable", primitive: "gt" });
    expect(reason!.source).toMatch(at("cmp"));
    expect(r.toString()).toContain("comparison");
  });

  it("an integer cast", () => {
    const f = (x: Tensor) => np.sum(np.astype(np.astype(x, "int32"), "float32")); // @int
    const [reason] = explainGrad(f)(np.array([1.5, 2.5])).leaf("x")!.reasons;
    expect(reason).toMatchObject({ kind: "non-differentiable", primitive: "convert_element_type" });
    expect(reason!.detail).toContain("int32");
    expect(reason!.source).toMatch(at("int"));
  });

  it("floor, round, sign and argmax", () => {
    for (const [tag, op, prim] of [
      ["floor", (x: Tensor) => np.floor(x), "floor"], // @floor
      ["round", (x: Tensor) => np.round(x), "round"], // @round
      ["sign", (x: Tensor) => np.sign(x), "sign"], // @sign
      ["argmax", (x: Tensor) => np.astype(np.argmax(x), "float32"), "argmax"], // @argmax
    ] as const) {
      const [reason] = explainGrad((x: Tensor) => np.sum(op(x)))(np.array([0.3, 1.7, -2.2])).leaf("x")!.reasons;
      expect(reason).toMatchObject({ kind: "non-differentiable", primitive: prim });
      expect(reason!.source).toMatch(at(tag));
    }
  });

  it("a where whose mask never picks the branch", () => {
    const f = (x: Tensor, c: Tensor) => np.sum(np.where(np.greater(c, 100), x, 0)); // @where
    const r = explainGrad(f)(np.array([1, 2]), np.array([5, 6]));
    const [reason] = r.leaf("x")!.reasons;
    expect(reason).toMatchObject({ kind: "select", primitive: "select" });
    expect(reason!.detail).toMatch(/mask is false for every element/);
    expect(reason!.source).toMatch(at("where"));
    // The same where with one element picked passes a gradient.
    expect(explainGrad(f)(np.array([1, 2]), np.array([5, 600])).leaf("x")!.zero).toBe(false);
  });

  it("relu with every input ≤ 0 (nn.relu and np.maximum(x, 0))", () => {
    const r1 = explainGrad((w: Tensor) => np.sum(nn.relu(np.subtract(w, 10))))(np.array([1, 2, 3])); // @relu
    expect(r1.leaf("w")!.reasons).toHaveLength(1); // relu's internal stopGradient is not blamed
    expect(r1.leaf("w")!.reasons[0]).toMatchObject({ kind: "select", primitive: "select" });
    expect(r1.leaf("w")!.reasons[0]!.source).toMatch(at("relu"));
    expect(r1.leaf("w")!.reasons[0]!.detail).toMatch(/^relu .*every input is ≤ 0/);
    const r2 = explainGrad((w: Tensor) => np.sum(np.maximum(np.subtract(w, 10), 0)))(np.array([1, 2, 3])); // @maximum
    expect(r2.leaf("w")!.reasons[0]).toMatchObject({ kind: "relu", primitive: "max" });
    expect(r2.leaf("w")!.reasons[0]!.source).toMatch(at("maximum"));
  });

  it("a zero constant multiplier", () => {
    const f = (x: Tensor) => np.sum(np.add(np.multiply(np.sin(x), 0), 1)); // @zero
    const [reason] = explainGrad(f)(np.array([1, 2])).leaf("x")!.reasons;
    expect(reason).toMatchObject({ kind: "zero-multiplier", primitive: "mul" });
    expect(reason!.detail).toContain("constant zero");
    expect(reason!.source).toMatch(at("zero"));
    // A zeros array made in the function is a constant too.
    const g = (x: Tensor) => np.sum(np.multiply(np.zeros([2]), np.cos(x))); // @zeros
    const [r2] = explainGrad(g)(np.array([1, 2])).leaf("x")!.reasons;
    expect(r2).toMatchObject({ kind: "zero-multiplier", primitive: "mul" });
    expect(r2!.detail).toContain("constant zero");
    expect(r2!.source).toMatch(at("zeros"));
  });

  it("paths that cancel: the derivative reaches the output but sums to zero", () => {
    const f = (x: Tensor) => np.subtract(np.sum(np.sin(x)), np.sum(np.sin(np.multiply(x, 1))));
    const r = explainGrad(f)(np.array([0.3, 0.7]));
    expect(r.leaf("x")!.zero).toBe(true);
    expect(r.leaf("x")!.reasons.map((x) => x.kind)).toEqual(["cancellation"]);
  });

  it("inside a scan body: names the body and the primitive", () => {
    const f = (x: Tensor) => {
      const [c] = lax.scan((carry: Tensor, y: Tensor) => [np.add(carry, np.floor(np.multiply(y, x))), y], np.array(0), np.ones([3])); // @scan
      return c;
    };
    const [reason] = explainGrad(f)(np.array(1.5)).leaf("x")!.reasons;
    expect(reason).toMatchObject({ kind: "control-flow", primitive: "scan" });
    const inside = reason!.inside!.join("\n");
    expect(inside).toMatch(/inside scan body: floor \(piecewise constant: no derivative\) at .*explain-grad\.test\.ts:/);
    expect(inside).toMatch(at("scan"));
  });
});

describe("explainGrad: control flow", () => {
  it("a scan whose carry passes through stopGradient: names it, not the harmless multiply", () => {
    const f = (w: Tensor, xs: Tensor) => {
      const [c] = lax.scan(
        (carry: Tensor, y: Tensor) => [stopGradient(np.add(carry, np.multiply(y, w))), y], // @scan-stop
        np.array(0),
        xs,
      );
      return np.sum(c);
    };
    const r = explainGrad(f, { argnums: [0, 1] })(np.array(2), np.array([1, 2, 3]));
    for (const leaf of r.leaves) {
      expect(leaf.zero).toBe(true);
      const [reason] = leaf.reasons;
      expect(reason).toMatchObject({ kind: "control-flow", primitive: "scan" });
      expect(reason!.inside).toHaveLength(1);
      expect(reason!.inside![0]).toMatch(/^inside scan body: stop_gradient at /);
      expect(reason!.inside![0]).toMatch(at("scan-stop"));
    }
  });

  it("a cond whose taken branch rounds: names the branch and round", () => {
    const f = (x: Tensor) =>
      // Branch equations carry the source lines of the branch functions.
      lax.cond(
        np.array(true),
        (y: Tensor) => np.sum(np.round(y)), // @cond-true
        (y: Tensor) => np.sum(np.round(y)), // @cond-false
        x,
      );
    const [reason] = explainGrad(f)(np.array([0.4, 1.6])).leaf("x")!.reasons;
    expect(reason).toMatchObject({ kind: "control-flow", primitive: "cond" });
    const inside = reason!.inside!.join("\n");
    expect(inside).toMatch(/inside cond branch 0: round \(piecewise constant: no derivative\) at /);
    expect(inside).toMatch(/inside cond branch 1: round/);
    // lax.cond(pred, onTrue, onFalse): branch 0 is onFalse, branch 1 is onTrue (as JAX orders them).
    expect(reason!.inside!.find((l) => l.includes("branch 0"))).toMatch(at("cond-false"));
    expect(reason!.inside!.find((l) => l.includes("branch 1"))).toMatch(at("cond-true"));
  });

  it("a jit-compiled inner function with a stopGradient: names jit and the equation in it", () => {
    const inner = jit((y: Tensor) => np.sum(np.multiply(stopGradient(y), 2))); // @jit-stop
    const [reason] = explainGrad((x: Tensor) => inner(np.sin(x)))(np.array([0.1, 0.2])).leaf("x")!.reasons;
    expect(reason).toMatchObject({ kind: "control-flow", primitive: "jit" });
    expect(reason!.inside!.join("\n")).toMatch(/^inside jit\(.*\): stop_gradient at /);
    expect(reason!.inside!.join("\n")).toMatch(at("jit-stop"));
  });

  it("a cond whose taken branch is differentiable is nonzero, with grad's value", () => {
    const f = (x: Tensor) => lax.cond(np.array(false), (y: Tensor) => np.sum(np.round(y)), (y: Tensor) => np.sum(np.multiply(y, y)), x);
    const l = explainGrad(f)(np.array([0.5, -3])).leaf("x")!;
    expect(l).toMatchObject({ zero: false, maxAbsGrad: 6 }); // d/dx sum(x²) = 2x
  });
});

describe("explainGrad: nonzero leaves, pytrees, agreement with forward mode", () => {
  const mlp = (params: { W1: Tensor; b1: Tensor; W2: Tensor; unused: Tensor }, x: Tensor) => {
    const h = nn.relu(np.add(np.matmul(x, params.W1), params.b1)); // @mlp-relu
    return np.sum(np.matmul(h, params.W2));
  };
  const params = {
    W1: np.array([[1, -1], [2, -2]]),
    b1: np.array([0.5, -10]),
    W2: np.array([[3], [4]]),
    unused: np.array([7]),
  };
  const x = np.array([[1, 1]]);

  it("names leaves by parameter path and reports nonzero gradients with their size", () => {
    const r = explainGrad(mlp, { argnums: [0, 1] })(params, x);
    expect(r.leaves.map((l) => l.path)).toEqual(["params.W1", "params.W2", "params.b1", "params.unused", "x"]); // pytree keys sort
    // Closed form: h = relu([3.5, -13]) = [3.5, 0]; dL/dW2 = h^T, so max |g| = 3.5.
    expect(r.leaf("params.W2")!).toMatchObject({ zero: false, maxAbsGrad: 3.5, reasons: [] });
    expect(r.leaf("params.unused")!.reasons[0]!.kind).toBe("no-path");
    expect(r.toString()).toContain("params.W2: f32[2,1]  nonzero gradient (max |g| = 3.5)");
  });

  it("a dead hidden layer: W1 and b1 are zero because of relu, with mlp's line", () => {
    const dead = { ...params, b1: np.array([-100, -100]) };
    const r = explainGrad(mlp)(dead, x);
    expect(r.zeroLeaves.map((l) => l.path)).toEqual(["params.W1", "params.W2", "params.b1", "params.unused"]);
    for (const p of ["params.W1", "params.b1"]) {
      expect(r.leaf(p)!.reasons).toHaveLength(1);
      expect(r.leaf(p)!.reasons[0]!.source).toMatch(at("mlp-relu"));
    }
    // W2 multiplies h = 0 (computed, not a constant): a zero multiplier at the output matmul.
    expect(r.leaf("params.W2")!.reasons[0]).toMatchObject({ kind: "zero-multiplier", primitive: "dot_general" });
    expect(r.leaf("params.W2")!.reasons[0]!.detail).toContain("computed");
  });

  it("agrees with jacfwd on which leaves are zero", () => {
    const cases: [(...a: Tensor[]) => Tensor, Tensor[]][] = [
      [(a, b) => np.sum(np.multiply(stopGradient(a), b)), [np.array([1, 2]), np.array([3, 4])]],
      [(a, b) => np.sum(np.add(np.floor(a), nn.relu(b))), [np.array([1.5, 2]), np.array([-3, -4])]],
      [(a, b) => np.sum(np.where(np.greater(a, 0), a, b)), [np.array([1, 2]), np.array([3, 4])]],
      [(a, b) => np.sum(np.multiply(np.subtract(a, a), b)), [np.array([1, 2]), np.array([3, 4])]],
    ];
    for (const [f, args] of cases) {
      const r = explainGrad(f, { argnums: [0, 1] })(...args);
      const jac = jacfwd(f, { argnums: [0, 1] })(...args) as Tensor[];
      const fwdZero = jac.map((j) => (j.toArray() as number[]).every((v) => v === 0));
      expect(r.leaves.map((l) => l.zero)).toEqual(fwdZero);
      // The size it reports is the public grad's.
      const g = grad(f, { argnums: [0, 1] })(...args) as Tensor[];
      expect(r.leaves.map((l) => l.maxAbsGrad)).toEqual(g.map((t) => Math.max(...(t.toArray() as number[]).map(Math.abs))));
      for (const l of r.leaves) if (l.zero) expect(l.reasons.length).toBeGreaterThan(0);
    }
  });
});

describe("explainGrad: bad input", () => {
  it("rejects a non-function, bad argnums, a non-scalar output", () => {
    expect(() => explainGrad(3 as never)).toThrow(FluxionError);
    expect(() => explainGrad((x: Tensor) => np.sum(x), { argnums: 1.5 })).toThrow(FluxionError);
    expect(() => explainGrad((x: Tensor) => np.sum(x), { bogus: 1 } as never)).toThrow(FluxionError);
    expect(() => explainGrad((x: Tensor) => np.sum(x), { argnums: 2 })(np.array([1]))).toThrow(FluxionError);
    expect(() => explainGrad((x: Tensor) => x)(np.array([1, 2]))).toThrow(ShapeError);
    expect(() => explainGrad((x: Tensor) => np.sum(np.astype(x, "float32")))(np.array([1, 2], { dtype: "int32" }))).toThrow(DTypeError);
    expect(() => explainGrad((x: Tensor) => np.sum(x), { argnums: [0, 0] })(np.array([1]))).toThrow(/repeats an argument/);
  });

  it("rejects an async function and one that returns a Promise", () => {
    expect(() => explainGrad(async (x: Tensor) => np.sum(x))).toThrow(FluxionError);
    expect(() => explainGrad((x: Tensor) => Promise.resolve(np.sum(x)) as unknown as Tensor)(np.array([1]))).toThrow(FluxionError);
  });

  it("rejects traced arguments (under vmap)", () => {
    const inner = (x: Tensor) => explainGrad((y: Tensor) => np.sum(y))(x).leaves.length;
    expect(() => vmap((x: Tensor) => np.multiply(x, inner(x)))(np.ones([2, 3]))).toThrow(/must be concrete arrays/);
  });
});
