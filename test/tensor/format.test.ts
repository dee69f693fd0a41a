import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { np } from "../../src/index.js";
import { formatArray } from "../../src/tensor/format.js";
import type { DType } from "../../src/tensor/dtype.js";

interface ReprCase {
  shape: number[];
  dtype: string;
  values: (number | string | boolean)[];
  repr: string;
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/repr.json", import.meta.url), "utf8")) as { cases: ReprCase[] };
const decode = (v: number | string | boolean): number =>
  typeof v === "boolean" ? Number(v) : v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number);

describe("toString prints like numpy's repr (scripts/gen-repr.py)", () => {
  it.each(fixture.cases.map((c) => [`${c.dtype}[${c.shape.join(",")}] ${c.repr.slice(0, 40).replace(/\n/g, " ")}`, c] as const))("%s", (_t, c) => {
    const x = np.array(c.values.map(decode), { dtype: c.dtype as DType }).reshape(c.shape);
    expect(x.toString()).toBe(c.repr);
    expect(String(x)).toBe(c.repr);
  });
  it("formatArray is the same text for the raw data", () => {
    expect(formatArray([2, 2], "float32", new Float32Array([1, 2, 3, 4]))).toBe("array([[1., 2.],\n       [3., 4.]], dtype=float32)");
  });
});
