/**
 * Complex tensors: storage, printing (numpy's repr, strings from numpy 2.4), promotion (JAX's
 * lattice), toArray pairs, conversion, and the part primitives' values.
 */
import { describe, expect, it } from "vitest";
import { np } from "../../src/index.js";
import { DTypeError } from "../../src/errors.js";
import { promoteTypes } from "../../src/tensor/dtype.js";
import { fromData } from "../../src/tensor/from-js.js";

const c64 = (pairs: [number, number][]) => np.complex(pairs.map((p) => p[0]), pairs.map((p) => p[1]));

describe("complex storage and creation", () => {
  it("stores re/im interleaved, size counts elements", () => {
    const z = c64([[1, 2], [3, -4.5]]);
    expect(z.dtype).toBe("complex64");
    expect(z.size).toBe(2);
    expect(z.shape).toEqual([2]);
    expect(Array.from(z.data())).toEqual([1, 2, 3, -4.5]);
    expect(z.data()).toBeInstanceOf(Float32Array);
    expect(z.toArray()).toEqual([[1, 2], [3, -4.5]]);
  });
  it("np.complex of float64 parts is complex128; of ints complex64", () => {
    expect(np.complex(np.array([1], { dtype: "float64" }), 0).dtype).toBe("complex128");
    expect(np.complex(np.array([1], { dtype: "int32" }), 0).dtype).toBe("complex64");
    expect(np.complex(1, 2).toArray()).toEqual([1, 2]);
  });
  it("np.array with a complex dtype reads numbers as real parts", () => {
    expect(np.array([[1, 2], [3, 4]], { dtype: "complex128" }).toArray()).toEqual([[[1, 0], [2, 0]], [[3, 0], [4, 0]]]);
    expect(np.array(Float32Array.of(5, 6), { dtype: "complex64" }).toArray()).toEqual([[5, 0], [6, 0]]);
    expect(np.array(2.5, { dtype: "complex64" }).toArray()).toEqual([2.5, 0]);
    expect(np.zeros([2], "complex64").toArray()).toEqual([[0, 0], [0, 0]]);
    expect(np.ones([2], "complex128").toArray()).toEqual([[1, 0], [1, 0]]);
  });
  it("item() of a complex element refuses and names the alternatives", () => {
    expect(() => np.complex(1, 2).item()).toThrow(/toArray|np\.real/);
  });
  it("a buffer of the wrong length is refused", () => {
    expect(() => fromData([2], "complex64", new Float32Array(2))).toThrow(/array slots/);
  });
});

describe("printing is numpy's repr", () => {
  it.each([
    [c64([[1, 2], [3, -4.5]]), "array([1.+2.j , 3.-4.5j], dtype=complex64)"],
    [np.astype(c64([[1, 2], [3, -4.5]]), "complex128"), "array([1.+2.j , 3.-4.5j])"],
    [np.complex(1, 2), "array(1.+2.j, dtype=complex64)"],
    [np.complex(np.array([1e10, 0]), np.array([1, 2])), "array([1.e+10+1.j, 0.e+00+2.j], dtype=complex64)"],
    [np.zeros([0], "complex64"), "array([], dtype=complex64)"],
    [np.complex(np.arange(8), np.arange(8)), "array([0.+0.j, 1.+1.j, 2.+2.j, 3.+3.j, 4.+4.j, 5.+5.j, 6.+6.j, 7.+7.j],\n      dtype=complex64)"],
    [
      np.complex(np.array([[0.1, NaN], [NaN, -0]], { dtype: "float64" }), np.array([[1e-5, 1], [-Infinity, 0]], { dtype: "float64" })),
      "array([[ 0.1+1.e-05j,  nan+1.e+00j],\n       [ nan   -infj, -0. +0.e+00j]])",
    ],
  ])("%s", (z, want) => {
    expect(z.toString()).toBe(want);
  });
});

describe("promotion follows JAX's lattice", () => {
  it.each([
    ["float32", "complex64", "complex64"],
    ["float64", "complex64", "complex128"],
    ["int32", "complex64", "complex64"],
    ["uint32", "complex64", "complex64"],
    ["bool", "complex128", "complex128"],
    ["complex64", "complex128", "complex128"],
    ["float32", "complex128", "complex128"],
  ] as const)("%s + %s → %s", (a, b, want) => {
    expect(promoteTypes(a, b)).toBe(want);
    expect(promoteTypes(b, a)).toBe(want);
    expect(np.resultType(a, b)).toBe(want);
  });
  it("a JS number takes a complex partner's dtype", () => {
    expect(np.resultType(np.complex(1, 2), 2.5)).toBe("complex64");
  });
});

describe("conversion", () => {
  it("real → complex puts the value in the real part", () => {
    expect(np.astype(np.array([1.5, -2]), "complex128").toArray()).toEqual([[1.5, 0], [-2, 0]]);
    expect(np.astype(np.array([true, false]), "complex64").toArray()).toEqual([[1, 0], [0, 0]]);
  });
  it("complex → real drops the imaginary part (JAX's convert_element_type)", () => {
    const z = c64([[1.7, 2], [-3.2, 4]]);
    expect(np.astype(z, "float64").toArray()).toEqual([Math.fround(1.7), Math.fround(-3.2)]);
    expect(np.astype(z, "int32").toArray()).toEqual([1, -3]);
    expect(np.astype(z, "bool").toArray()).toEqual([true, true]);
  });
  it("complex64 ↔ complex128 keeps both parts", () => {
    const z = np.astype(c64([[1, 2]]), "complex128");
    expect(z.dtype).toBe("complex128");
    expect(z.toArray()).toEqual([[1, 2]]);
  });
});

describe("parts", () => {
  const z = c64([[1, 2], [3, -4]]);
  it("real, imag, conj, angle", () => {
    expect(np.real(z).toArray()).toEqual([1, 3]);
    expect(np.real(z).dtype).toBe("float32");
    expect(np.imag(z).toArray()).toEqual([2, -4]);
    expect(np.conj(z).toArray()).toEqual([[1, -2], [3, 4]]);
    const a = np.angle(z).toArray() as number[];
    expect(a[0]).toBeCloseTo(Math.atan2(2, 1), 6);
    expect(a[1]).toBeCloseTo(Math.atan2(-4, 3), 6);
  });
  it("real inputs: np.real is x, np.imag zeros, np.conj x, np.angle 0 or π", () => {
    const x = np.array([-2, 3]);
    expect(np.real(x)).toBe(x);
    expect(np.imag(x).toArray()).toEqual([0, 0]);
    expect(np.conj(x)).toBe(x);
    expect(np.angle(x).toArray()).toEqual([Math.fround(Math.PI), 0]);
  });
  it("the primitives refuse real operands with a DTypeError", async () => {
    const cops = await import("../../src/primitives/complex/ops.js");
    expect(() => cops.real(np.array([1]))).toThrow(DTypeError);
    expect(() => cops.complex(np.array([1]), np.array([1], { dtype: "float64" }))).toThrow(DTypeError);
  });
});

describe("dtype helpers", () => {
  it("finfo of a complex dtype is its parts' (as numpy)", () => {
    expect(np.finfo("complex64").eps).toBe(np.finfo("float32").eps);
    expect(np.finfo("complex128").max).toBe(np.finfo("float64").max);
  });
  it("canCast: reals cast safely to the complex dtype that holds them (numpy's table)", () => {
    expect(np.canCast("float32", "complex64")).toBe(true);
    expect(np.canCast("float64", "complex64")).toBe(false);
    expect(np.canCast("int32", "complex128")).toBe(true);
    expect(np.canCast("complex64", "float64")).toBe(false);
    expect(np.canCast("complex128", "complex64", { casting: "same_kind" })).toBe(true);
  });
});
