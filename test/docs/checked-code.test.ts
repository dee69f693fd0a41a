/** The checked-comment language of the docs runner: what it checks, to which precision, and what it leaves as prose. */
import { describe, expect, it } from "vitest";
import { decimals, expectMatches, promised, withChecks } from "./checked-code.js";

describe("checked comments", () => {
  it("reads numbers, booleans, strings and arrays as promises, anything else as prose", () => {
    expect(promised(" 0.841")).toBe("0.841");
    expect(promised("-2: the slope")).toBe("-2");
    expect(promised("true")).toBe("true");
    expect(promised('"float32"')).toBe('"float32"');
    expect(promised("[[1, 2], [3, -4.5]]")).toBe("[[1, 2], [3, -4.5]]");
    expect(promised("reverse mode")).toBeUndefined();
    expect(promised("1-based index")).toBeUndefined();
    expect(promised('"elided …"')).toBeUndefined();
  });

  it("compares a number to the digits it is written with, an integer to 1e-6", () => {
    expect(decimals("0.841")).toBe(3);
    expect(() => expectMatches(0.8415, 0.841, 3, "x")).not.toThrow();
    expect(() => expectMatches(0.8416, 0.841, 3, "x")).toThrow();
    expect(() => expectMatches(12.4, 12, 0, "x")).toThrow();
    expect(() => expectMatches([1, 2.05], [1, 2], 0, "x")).toThrow();
    expect(() => expectMatches([1, 2], [1, 2, 3], 0, "x")).toThrow();
    expect(() => expectMatches("float64", "float32", 0, "x")).toThrow();
  });

  it("turns checked lines into checks line for line, and leaves destructurings and prose alone", () => {
    const code = ["const y = f(x); // 3", "g(y);           // 0.5", "const [a, b] = h(); // 1", "k(); // a remark", "m(); // throws ShapeError: because"].join("\n");
    const { code: out, count } = withChecks(code);
    expect(count).toBe(3);
    const lines = out.split("\n");
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe('const y = f(x); __checks.push(["const y = f(x)", __value(y), 3, 0]);');
    expect(lines[1]).toBe('__checks.push(["g(y)", __value(g(y)), 0.5, 1]);');
    expect(lines[2]).toBe("const [a, b] = h(); // 1");
    expect(lines[3]).toBe("k(); // a remark");
    expect(lines[4]).toBe('__checks.push(["m()", __throws(() => { m(); }), "ShapeError", 0]);');
  });
});
