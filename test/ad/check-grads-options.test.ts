/**
 * `checkGrads` refuses options that would make it check nothing (an unknown or misspelt mode, an
 * empty mode list, a non-positive or non-integer order, a zero/NaN/infinite step, a negative,
 * NaN or infinite tolerance, an unknown option name, arguments with no float element) with an
 * `ArgumentError` naming the value as given and the valid ones. Each case uses a function whose
 * derivative rule is deliberately wrong, so a checker that silently checked nothing would pass it.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, GradCheckError, type Tensor, checkGrads, customJvp, customVjp, np } from "../../src/index.js";
import { bad } from "../support/index.js";


/** sin with a derivative off by a factor 2 (cos x would be right). */
const wrongSin = customJvp(
  (x: Tensor) => np.sin(x),
  ([x], [dx]) => [np.sin(x), np.mul(np.mul(np.cos(x), dx), 2)],
);
/** sin whose reverse rule is off by a factor 2 (only reverse mode sees it). */
const wrongSinVjp = customVjp(
  (x: Tensor) => np.sin(x),
  (x: Tensor) => [np.sin(x), x],
  (x: Tensor, g: Tensor) => [np.mul(np.mul(np.cos(x), g), 2)],
);
const args = () => [np.array([0.3, -0.7], { dtype: "float64" })];

function expectArgumentError(opts: unknown, ...patterns: (string | RegExp)[]): void {
  let caught: unknown;
  try {
    checkGrads(wrongSin, args(), bad(opts));
  } catch (e) {
    caught = e;
  }
  expect(caught, JSON.stringify(opts)).toBeInstanceOf(ArgumentError);
  for (const p of patterns) expect((caught as Error).message).toMatch(p);
}

describe("checkGrads options", () => {
  it("the wrong rules are caught with valid modes (the control for the cases below)", () => {
    expect(() => checkGrads(wrongSin, args())).toThrow(GradCheckError);
    expect(() => checkGrads(wrongSin, args(), { modes: ["fwd"], order: 1 })).toThrow(GradCheckError);
    expect(() => checkGrads(wrongSin, args(), { modes: ["fwd", "rev", "lin"], order: 1 })).toThrow(GradCheckError);
    expect(() => checkGrads(wrongSinVjp, args(), { modes: ["rev"], order: 1 })).toThrow(GradCheckError);
  });

  it("an unknown mode names the value as given and lists the valid modes", () => {
    expectArgumentError({ modes: ["reverse"] }, /unknown mode "reverse" at modes\[0\]/, /"fwd", "rev", "lin"/);
    expectArgumentError({ modes: ["rev "] }, /unknown mode "rev " at modes\[0\]/, /"fwd", "rev", "lin"/);
    expectArgumentError({ modes: ["fwd", "backward"] }, /"backward" at modes\[1\]/);
    expectArgumentError({ modes: [1] }, /unknown mode 1 at modes\[0\]/);
  });

  it("modes that is empty or not an array", () => {
    expectArgumentError({ modes: [] }, /modes is empty, so nothing would be checked/, /"fwd", "rev", "lin"/);
    expectArgumentError({ modes: "rev" }, /modes must be an array/, /got "rev"/, /modes: \["rev"\]/);
    expectArgumentError({ modes: 0 }, /modes must be an array/, /got 0/);
  });

  it("an order that is not a positive integer, printed as given", () => {
    expectArgumentError({ order: 0 }, /order must be a positive integer/, /got 0\./);
    expectArgumentError({ order: -1 }, /got -1\./);
    expectArgumentError({ order: 2.5 }, /got 2\.5\./);
    expectArgumentError({ order: Number.NaN }, /got NaN\./);
    expectArgumentError({ order: "2" }, /got "2"\./);
  });

  it("a step that is zero, negative, NaN or infinite", () => {
    for (const eps of [0, -1e-4, Number.NaN, Infinity, "1e-4"]) {
      expectArgumentError({ eps, modes: ["fwd"] }, /eps must be a finite step above 0/, `got ${typeof eps === "string" ? `"${eps}"` : eps}.`);
    }
  });

  it("a tolerance that is negative, NaN or infinite", () => {
    for (const name of ["atol", "rtol"]) {
      for (const v of [-1e-5, Number.NaN, Infinity]) {
        expectArgumentError({ [name]: v }, new RegExp(`${name} must be a finite tolerance of at least 0`), `got ${v}.`);
      }
    }
  });

  it("an unknown option name, a non-integer seed, options that are not an object", () => {
    expectArgumentError({ mode: ["fwd"] }, /unknown option "mode"/, /order, modes, eps, atol, rtol, seed/);
    expectArgumentError({ tol: 1 }, /unknown option "tol"/);
    expectArgumentError({ seed: 0.5 }, /seed must be an integer; got 0\.5/);
    expectArgumentError(5, /options must be an object/, /got 5/);
    expectArgumentError([], /options must be an object/);
  });

  it("arguments with no float element: nothing to check", () => {
    let caught: unknown;
    try {
      checkGrads((i: Tensor) => np.mul(i, 2), [np.array([1, 2], { dtype: "int32" })]);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ArgumentError);
    expect((caught as Error).message).toMatch(/no argument has a float element/);
  });

  it("valid options still check: zero tolerances, explicit defaults, every mode", () => {
    checkGrads((x: Tensor) => np.mul(x, 3), args(), { order: 1, modes: ["fwd", "rev", "lin"], eps: 1, atol: 1e-12, rtol: 0, seed: 7 });
    checkGrads((x: Tensor) => np.sin(x), args(), { order: 2, modes: ["fwd", "rev"], eps: 1e-4 });
  });
});
