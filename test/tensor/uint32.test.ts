/**
 * The uint32 dtype against JAX (test/fixtures/bitwise.json, written by scripts/gen-bitwise.py):
 * type promotion with strong and weak operands, wrapping arithmetic, XLA's division by zero,
 * conversions to and from uint32, reductions, and the integer primitives (shifts, counts), each
 * eagerly and under jit, bit for bit.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DTypeError, OverflowError, type DType, type Tensor, jit, np, trace } from "../../src/index.js";
import * as ops from "../../src/primitives/ops.js";
import { reduce } from "../../src/tensor/kernels/reduce.js";
import { decode } from "../np/fixture.js";
import { thrown } from "../support/index.js";

const fx = JSON.parse(readFileSync(new URL("../fixtures/bitwise.json", import.meta.url), "utf8"));
const DTYPES: DType[] = ["bool", "int32", "uint32", "float32", "float64"];

const u32 = (xs: readonly number[]): Tensor => np.array(xs, { dtype: "uint32" });
const i32 = (xs: readonly number[]): Tensor => np.array(xs, { dtype: "int32" });
const values = (t: Tensor): number[] => Array.from(t.data() as ArrayLike<number>, Number);

/** Runs `f` eagerly and under jit: both must give `want` exactly (and the same dtype). */
function bothWays(f: (...xs: Tensor[]) => Tensor, args: Tensor[], want: readonly number[], dtype: DType): void {
  const eager = f(...args);
  const compiled = jit(f)(...args);
  expect(eager.dtype).toBe(dtype);
  expect(compiled.dtype).toBe(dtype);
  expect(values(eager)).toEqual(want);
  expect(values(compiled)).toEqual(want);
}

describe("uint32 promotion", () => {
  const { x32, x64 } = fx.promotion;
  it("follows JAX's lattice for every pair of dtypes", () => {
    for (const a of DTYPES) {
      for (const b of DTYPES) {
        // int32 with uint32 joins at int64 in JAX; without x64 (JAX's default) that is int32, fluxion's choice.
        const want = x32[a]?.[b] ?? x64[a][b];
        expect(np.promoteTypes(a, b), `${a} + ${b}`).toBe(want === "int64" ? "int32" : want);
        expect(np.add(np.zeros([1], a), np.zeros([1], b)).dtype, `np.add(${a}, ${b})`).toBe(np.promoteTypes(a, b));
      }
    }
    expect(x32.int32.uint32).toBe("int32");
    expect(x64.int32.uint32).toBe("int64");
  });

  it("weak JS numbers and booleans take the dtype they meet", () => {
    for (const d of DTYPES) {
      const w = fx.promotion.weak[d];
      expect(np.add(np.zeros([2], d), 1).dtype, `${d} + 1`).toBe(w.int);
      expect(np.add(np.zeros([2], d), 1.5).dtype, `${d} + 1.5`).toBe(w.float);
      expect(np.add(np.zeros([2], d), true).dtype, `${d} + true`).toBe(w.bool);
    }
  });

  it("a weak integer meeting uint32 must fit uint32 (where JAX checks int32's range and wraps negatives)", () => {
    const w = fx.promotion["weak uint32"];
    // Agreements with JAX.
    expect(values(np.add(u32([0]), 2 ** 31 - 1))).toEqual([w[String(2 ** 31 - 1)]]);
    expect(thrown(() => np.add(u32([0]), 2 ** 32))).toBeInstanceOf(OverflowError);
    expect(w[String(2 ** 32)]).toBe("OverflowError");
    // Deviations: JAX's weak ints are int32, so it refuses 2^31 … 2^32 − 1 and wraps −1 to 2^32 − 1;
    // a JS number has no int32 type, so fluxion takes every uint32 value and refuses negatives,
    // as JAX itself refuses np.array([-1], uint32).
    expect(w[String(2 ** 31)]).toBe("OverflowError");
    expect(values(np.add(u32([0]), 2 ** 32 - 1))).toEqual([2 ** 32 - 1]);
    expect(w["-1"]).toBe(2 ** 32 - 1);
    const e = thrown(() => np.add(u32([0]), -1));
    expect(e).toBeInstanceOf(OverflowError);
    expect(e.message).toContain("uint32 cannot hold (it holds integers from 0 to 4294967295)");
  });
});

describe("uint32 arithmetic", () => {
  const u = fx.uint32;
  const a = () => u32(u.a), b = () => u32(u.b);

  it("wraps at 2^32 (add, sub, mul, neg, integer_pow) and compares unsigned", () => {
    bothWays((x, y) => np.add(x, y), [a(), b()], u.add, "uint32");
    bothWays((x, y) => np.sub(x, y), [a(), b()], u.sub, "uint32");
    bothWays((x, y) => np.mul(x, y), [a(), b()], u.mul, "uint32");
    bothWays((x) => np.neg(x), [a()], u.neg, "uint32");
    bothWays((x) => ops.integerPow(x, 3), [a()], u.pow3, "uint32");
    bothWays((x, y) => np.maximum(x, y), [a(), b()], u.max, "uint32");
    bothWays((x, y) => np.minimum(x, y), [a(), b()], u.min, "uint32");
    bothWays((x, y) => np.less(x, y), [a(), b()], u.lt, "bool");
  });

  it("divides truncating, with XLA's x / 0 = 2^32 − 1 and x % 0 = x", () => {
    bothWays((x, y) => ops.binaryOp("div", x, y), [a(), b()], u.div, "uint32");
    bothWays((x, y) => ops.binaryOp("rem", x, y), [a(), b()], u.rem, "uint32");
    expect(u.div[0]).toBe(2 ** 32 - 1);
  });

  it("bitwise not flips every bit", () => {
    bothWays((x) => ops.unaryOp("not", x), [a()], u.not, "uint32");
  });

  it("reduces with wrapping sums and products, unsigned max/min/argmax", () => {
    const x = () => u32(u.a);
    expect(values(np.sum(x()))).toEqual([u.sum]);
    expect(values(jit((t: Tensor) => np.sum(t))(x()))).toEqual([u.sum]);
    expect(values(np.prod(x().slice([1, 4])))).toEqual([u.prod]);
    expect(values(np.max(x()))).toEqual([u["max all"]]);
    expect(values(np.min(x()))).toEqual([u["min all"]]);
    expect(values(np.argmax(x()))).toEqual([u.argmax]);
    expect(values(np.argmin(x()))).toEqual([u.argmin]);
    expect(np.sum(x()).dtype).toBe("uint32");
    // Empty reductions of the kernel give the dtype's identities (np.max refuses them, as JAX).
    expect(Array.from(reduce("min", new Uint32Array(0), [0, 2], [0], "uint32"))).toEqual([2 ** 32 - 1, 2 ** 32 - 1]);
    expect(Array.from(reduce("max", new Uint32Array(0), [0, 2], [0], "uint32"))).toEqual([0, 0]);
  });

  it("multiplies matrices wrapping at 2^32", () => {
    const p = np.matmul(u32([2 ** 31, 3, 1, 2 ** 32 - 1]).reshape([2, 2]), u32([2, 1, 5, 2 ** 31]).reshape([2, 2]));
    expect(p.dtype).toBe("uint32");
    expect(values(p)).toEqual(u.matmul);
  });

  it("int32 division by zero keeps fluxion's 0 (XLA gives −1 and the dividend)", () => {
    // Pinned so that a change is deliberate: JAX's lax.div/rem by 0 give the fixture's values.
    const q = values(ops.binaryOp("div", i32(u["int32 a"]), i32(u["int32 b"])));
    expect(q.slice(0, 3)).toEqual([0, 0, 0]);
    expect(u["int32 div"].slice(0, 3)).toEqual([-1, -1, -1]);
    expect(q.slice(3)).toEqual(u["int32 div"].slice(3));
  });
});

describe("conversions to and from uint32", () => {
  const c = fx.uint32;
  it("float → uint32 truncates and saturates: NaN, −∞ and negatives give 0, +∞ and huge give 2^32 − 1", () => {
    for (const d of ["float32", "float64"] as const) {
      const x = np.array(decode(c["from float"][d].in), { dtype: d });
      bothWays((t) => np.astype(t, "uint32"), [x], c["from float"][d].out, "uint32");
    }
  });
  it("int32 ↔ uint32 keep the 32 bits; uint32 → float32 rounds; → bool is x ≠ 0", () => {
    bothWays((t) => np.astype(t, "uint32"), [i32(c["int32 to uint32"].in)], c["int32 to uint32"].out, "uint32");
    bothWays((t) => np.astype(t, "int32"), [u32(c["uint32 to int32"].in)], c["uint32 to int32"].out, "int32");
    bothWays((t) => np.astype(t, "float32"), [u32(c["uint32 to float32"].in)], decode(c["uint32 to float32"].out).map(Math.fround), "float32");
    bothWays((t) => np.astype(t, "bool"), [u32(c["uint32 to bool"].in)], c["uint32 to bool"].out, "bool");
  });
  it("array data must fit uint32; a Uint32Array is uint32", () => {
    expect(thrown(() => np.array([-1], { dtype: "uint32" }))).toBeInstanceOf(OverflowError);
    expect(thrown(() => np.array([2 ** 32], { dtype: "uint32" }))).toBeInstanceOf(OverflowError);
    expect(values(np.array([2 ** 32 - 1, -0.5], { dtype: "uint32" }))).toEqual([2 ** 32 - 1, 0]);
    const t = np.array(Uint32Array.of(1, 2 ** 32 - 1));
    expect(t.dtype).toBe("uint32");
    expect(t.toArray()).toEqual([1, 2 ** 32 - 1]);
    expect(thrown(() => np.array([1], { dtype: "uint16" as never }))).toBeInstanceOf(DTypeError);
  });
});

describe("shifts and bit counts (lax level)", () => {
  const s = fx.shifts;
  for (const name of ["int32", "uint32"] as const) {
    it(`${name}: shifts by 0, 1, 31, 32, 33 (and negative amounts) as XLA`, () => {
      const { x, by } = s[name];
      for (const [amount, row] of Object.entries(by) as [string, Record<string, number[]>][]) {
        const mk = () => np.array(x, { dtype: name });
        const amt = () => np.full([x.length], Number(amount), name);
        for (const prim of ["shift_left", "shift_right_arithmetic", "shift_right_logical"] as const) {
          bothWays((a, b) => ops.binaryOp(prim, a, b), [mk(), amt()], row[prim]!, name);
        }
      }
    });
    it(`${name}: population_count and clz, of 0 and all ones too`, () => {
      const c = fx.counts[name];
      bothWays((a) => ops.unaryOp("population_count", a), [np.array(c.x, { dtype: name })], c.population_count, name);
      bothWays((a) => ops.unaryOp("clz", a), [np.array(c.x, { dtype: name })], c.clz, name);
    });
  }
  it("floats are refused by the integer primitives", () => {
    expect(thrown(() => ops.binaryOp("shift_left", np.ones([2]), np.ones([2])))).toBeInstanceOf(DTypeError);
    expect(thrown(() => ops.unaryOp("clz", np.ones([2])))).toBeInstanceOf(DTypeError);
  });
});

describe("printing", () => {
  it("graphs name uint32 u32, and tensors print their values unsigned", () => {
    const g = trace((x: Tensor) => np.add(x, 4294967295))(u32([1, 2]));
    expect(g.toString()).toContain("u32[2]");
    expect(g.toString()).toContain("4294967295:u32[]");
    expect(u32([4294967295]).toArray()).toEqual([4294967295]);
    expect(String(u32([4294967295]))).toContain("4294967295");
    expect(String(u32([4294967295]))).toContain("uint32");
  });
});
