/**
 * Equations know where they come from: the user's line, the scope (namedScope names and the
 * user's function names, outermost first) and the pass. A backward-pass equation carries the
 * line and scope of the forward equation it differentiates — checked against the lines of this
 * file, found by searching its own text.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ArgumentError, grad, jit, lax, namedScope, np, trace, traceVjp, type Tensor } from "../../src/index.js";

const text = readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n");
/** `provenance.test.ts:<line>` of the line of this file that contains `marker`. */
function lineOf(marker: string): string {
  const i = text.findIndex((l) => l.includes(marker) && !l.includes("lineOf("));
  expect(i).toBeGreaterThanOrEqual(0);
  return `provenance.test.ts:${i + 1}:`;
}

function dense(x: Tensor): Tensor {
  return np.tanh(x.mul(3)); // @dense
}
const block = namedScope("block", (x: Tensor) => dense(x).add(1));
function loss(x: Tensor): Tensor {
  return np.sum(np.log(block(x))); // @loss
}

describe("provenance of equations", () => {
  it("forward equations: scope from function names and namedScope, outermost first", () => {
    const g = trace(loss)(np.ones([3]));
    const tanh = g.equations.find((e) => e.primitive === "tanh")!;
    expect(tanh.scope).toBe("loss/block/dense");
    expect(tanh.source?.startsWith(lineOf("// @dense"))).toBe(true);
    expect(tanh.pass).toBe("forward");
    const log = g.equations.find((e) => e.primitive === "log")!;
    expect(log.scope).toBe("loss");
    expect(log.source?.startsWith(lineOf("// @loss"))).toBe(true);
    expect(g.equations.find((e) => e.primitive === "add")!.scope).toBe("loss/block");
  });

  it("an anonymous top-level function adds no scope", () => {
    const g = trace((x: Tensor) => np.sin(x))(np.ones([2]));
    expect(g.equations[0]!.scope).toBeUndefined();
  });

  it("a namedScope opened around a transform call prefixes what it traces", () => {
    const outer = namedScope("outer", (x: Tensor) => grad(loss)(x));
    const g = trace(outer)(np.ones([3]));
    expect(g.equations.every((e) => e.scope === undefined || e.scope.startsWith("outer"))).toBe(true);
    expect(g.equations.some((e) => e.scope === "outer/loss/block/dense")).toBe(true);
  });

  it("backward equations carry the pass, line and scope of the forward equation they differentiate", () => {
    const g = trace(grad(loss))(np.ones([3]));
    const back = g.equations.filter((e) => e.pass === "backward");
    const fwd = g.equations.filter((e) => e.pass === "forward");
    expect(back.length).toBeGreaterThan(0);
    expect(fwd.length).toBeGreaterThan(0);
    // log's derivative 1/u is computed in the forward pass (a residual), from the @loss line.
    const recip = fwd.find((e) => e.primitive === "integer_pow")!;
    expect(recip.source?.startsWith(lineOf("// @loss"))).toBe(true);
    expect(recip.scope).toBe("loss");
    // tanh's and the ×3's transposes are backward muls from the @dense line.
    expect(back.some((e) => e.primitive === "mul" && e.scope === "loss/block/dense" && e.source?.startsWith(lineOf("// @dense")))).toBe(true);
    // Every backward equation of a function without custom rules points into this file or nowhere.
    for (const e of back) if (e.source !== undefined) expect(e.source).toMatch(/^provenance\.test\.ts:/);
  });

  it("traceVjp's backward graph is all backward; its forward graph all forward", () => {
    const { forward, backward } = traceVjp(loss)(np.ones([3]));
    expect(forward.equations.every((e) => e.pass === "forward")).toBe(true);
    expect(backward.equations.every((e) => e.pass === "backward")).toBe(true);
    expect(backward.equations.some((e) => e.scope === "loss/block/dense")).toBe(true);
  });

  it("a jitted function's inner graph keeps its equations' lines and passes under grad", () => {
    const g = trace(grad(jit(loss)))(np.ones([3]));
    const jits = g.equations.filter((e) => e.primitive === "jit");
    expect(jits.some((e) => e.pass === "backward")).toBe(true);
    expect(jits.some((e) => e.pass === "forward")).toBe(true);
  });

  it("scan bodies record the body function's lines", () => {
    function step(c: Tensor, x: Tensor): [Tensor, Tensor] {
      return [c.mul(x), np.sin(c)]; // @step
    }
    const g = trace((xs: Tensor) => lax.scan(step, np.array(1), xs)[0])(np.ones([4]));
    const scan = g.equations.find((e) => e.primitive === "scan")!;
    const body = (scan.params as { body: { equations: readonly { primitive: string; source?: string; scope?: string }[] } }).body;
    const sin = body.equations.find((e) => e.primitive === "sin")!;
    expect(sin.source?.startsWith(lineOf("// @step"))).toBe(true);
    expect(sin.scope).toBe("step");
  });

  it("namedScope refuses a bad name or a non-function", () => {
    expect(() => namedScope("", (x: Tensor) => x)).toThrow(ArgumentError);
    expect(() => namedScope("s", 3 as never)).toThrow(/namedScope: f must be a function/);
    expect(() => namedScope(3 as never, (x: Tensor) => x)).toThrow(/namedScope: name must be a non-empty string/);
  });

  it("namedScope returns what f returns and passes this and arguments through", () => {
    const f = namedScope("s", (a: number, b: number) => a * 10 + b);
    expect(f(4, 2)).toBe(42);
  });
});

describe("printing with provenance", () => {
  it("one equation a line, each with its pass, scope and line; plain printing unchanged", () => {
    const g = trace(grad(loss))(np.ones([3]));
    const text = g.toString({ provenance: true });
    const lines = text.split("\n").filter((l) => l.includes(" = "));
    expect(lines).toHaveLength(g.equations.length);
    g.equations.forEach((e, i) => {
      const line = lines[i]!;
      expect(line).toContain(` = ${e.primitive}`);
      if (e.pass === "backward") expect(line).toMatch(/# backward · /);
      if (e.scope !== undefined) expect(line).toContain(e.scope);
      if (e.source !== undefined) expect(line).toContain(e.source);
    });
    expect(text).toContain("# backward · loss/block/dense · ");
    expect(g.toString()).not.toContain("#");
  });
});
