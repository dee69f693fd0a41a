/**
 * The aux forms of the transforms: `vjpWithAux`, `linearizeWithAux` and `jvp(…, { hasAux })` return
 * the aux output as computed (not differentiated) beside the derivative of the main output, checked
 * against closed forms; nested under grad, the aux stays differentiable by the outer transform.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, grad, jvp, linearizeWithAux, np, vjpWithAux, type Tensor } from "../../src/index.js";
import { bad, expectClose, f64, s64, thrown } from "../support/index.js";

describe("vjpWithAux", () => {
  it("returns [out, vjpFn, aux]; vjpFn pulls back the output only", () => {
    const x = f64([0.3, -1.2]);
    const y = s64(2.5);
    const f = (a: Tensor, b: Tensor) => [np.mul(np.sin(a), b), { c: np.cos(a), n: 3 }] as const;
    const [out, pullback, aux] = vjpWithAux(f, x, y);
    expectClose(out, [Math.sin(0.3) * 2.5, Math.sin(-1.2) * 2.5]);
    expectClose(aux.c, [Math.cos(0.3), Math.cos(-1.2)]);
    expect(aux.n.item()).toBe(3);
    const [gx, gy] = pullback(f64([1, -2]));
    expectClose(gx, [Math.cos(0.3) * 2.5, -2 * Math.cos(-1.2) * 2.5]);
    expectClose(gy, Math.sin(0.3) - 2 * Math.sin(-1.2));
  });

  it("under grad, the aux is a value of the outer trace: d/dx cos(x) = −sin(x)", () => {
    const outer = (x: Tensor) => vjpWithAux((a: Tensor) => [np.sin(a), np.cos(a)] as const, x)[2];
    expectClose(grad(outer)(s64(0.7)), -Math.sin(0.7));
  });

  it("refuses a function that does not return [out, aux]", () => {
    const e = thrown(() => vjpWithAux(bad((x: Tensor) => x), s64(1)));
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.message).toContain("[value, aux]");
  });
});

describe("linearizeWithAux", () => {
  it("returns [out, jvpFn, aux]; jvpFn is the linear map of the output, reusable", () => {
    const [out, fJvp, aux] = linearizeWithAux((x: Tensor) => [np.pow(x, 3), np.exp(x)] as const, s64(1.5));
    expectClose(out, 1.5 ** 3);
    expectClose(aux, Math.exp(1.5));
    expectClose(fJvp(s64(1)), 3 * 1.5 ** 2);
    expectClose(fJvp(s64(-2)), -2 * 3 * 1.5 ** 2);
  });
});

describe("jvp with hasAux", () => {
  it("returns [out, tangentOut, aux]", () => {
    const f = (x: Tensor, y: Tensor) => [np.mul(x, y), { sum: np.add(x, y) }] as const;
    const [out, tangent, aux] = jvp(f, [s64(2), s64(5)], [s64(1), s64(10)], { hasAux: true });
    expectClose(out, 10);
    expectClose(tangent, 1 * 5 + 2 * 10);
    expectClose(aux.sum, 7);
  });

  it("without hasAux keeps the two-element result", () => {
    const r = jvp((x: Tensor) => np.sin(x), [s64(0)], [s64(1)], { hasAux: false });
    expect(r).toHaveLength(2);
    expectClose(r[1], 1);
  });

  it("reports every bad option at once", () => {
    const e = thrown(() => jvp(np.sin, [1], [1], bad({ hasAux: 1, aux: true })));
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.message.split("\n")).toEqual([
      'jvp(sin): unknown option "aux"; the options are hasAux.',
      "jvp(sin): hasAux must be true or false; got 1.",
    ]);
  });
});
