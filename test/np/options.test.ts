import { describe, expect, it } from "vitest";
import { ArgumentError, np } from "../../src/index.js";
import { isOptions, optionalArgs } from "../../src/np/options.js";
import { thrown } from "../support/index.js";

const NAMES = ["axis", "dtype", "out", "ddof", "keepdims"] as const;

describe("optionalArgs: JAX keyword arguments, positional or by name", () => {
  it("reads positional arguments in JAX's order and a trailing options object", () => {
    expect(optionalArgs("np.std", NAMES, [0])).toEqual({ axis: 0 });
    expect(optionalArgs("np.std", NAMES, [{ axis: 1, ddof: 1 }])).toEqual({ axis: 1, ddof: 1 });
    expect(optionalArgs("np.std", NAMES, [0, undefined, undefined, 1, { keepdims: true }])).toEqual({ axis: 0, ddof: 1, keepdims: true });
    expect(optionalArgs("np.std", NAMES, [])).toEqual({});
  });
  it("refuses an argument given twice, an unknown name and too many positional arguments", () => {
    const twice = thrown(() => optionalArgs("np.std", NAMES, [0, { axis: 1 }]));
    expect(twice).toBeInstanceOf(ArgumentError);
    expect(twice.message).toMatch(/np\.std: "axis" was given twice/);
    const unknown = thrown(() => optionalArgs("np.std", NAMES, [{ axes: 1 }]));
    expect(unknown.message).toMatch(/unknown option "axes"; it takes "axis", "dtype"/);
    const many = thrown(() => optionalArgs("np.std", NAMES, [0, 1, 2, 3, 4, 5]));
    expect(many.message).toMatch(/got 6 optional arguments .* at most 5/);
  });
  it("tells options objects from tensors, arrays and typed arrays", () => {
    expect(isOptions({ axis: 0 })).toBe(true);
    expect(isOptions(Object.create(null))).toBe(true);
    expect(isOptions(np.array([1]))).toBe(false);
    expect(isOptions([1, 2])).toBe(false);
    expect(isOptions(new Float32Array(2))).toBe(false);
    expect(isOptions(null)).toBe(false);
    expect(isOptions(new Map())).toBe(false);
  });
});
