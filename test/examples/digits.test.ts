/**
 * `npm run demo` trains a small conv net on scikit-learn's digits: it must reach 97 % test
 * accuracy (the bar the demo promises) with the loss falling, run after run (everything is seeded).
 */
import { describe, expect, it } from "vitest";
import { train } from "../../examples/digits.js";

describe("the digits demo", () => {
  it("reaches ≥ 97 % held-out accuracy and the loss falls", () => {
    const { accuracy, losses, testCount } = train();
    expect(testCount).toBe(360);
    expect(accuracy).toBeGreaterThanOrEqual(0.97);
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(losses.slice(-20))).toBeLessThan(mean(losses.slice(0, 20)) / 10);
  }, 120_000);
});
