/**
 * Law 6 — broadcasting agrees with a naive reference: `np.add`, `np.mul`, `np.maximum` and
 * `np.where` over broadcast-compatible shapes (rank mismatch, 0- and 1-sized dims) equal an
 * independent implementation written here with index arithmetic over row-major strides; and
 * incompatible shapes throw a `ShapeError` whose message names both shapes.
 *
 * Can fail (checked by hand: a broadcast_in_dim mapping operand dims to the leading output dims,
 * i.e. aligning on the left, failed np.add, np.mul, np.maximum and np.where): left alignment agrees
 * only when ranks are equal; stretching a size-1 dim by reading index i instead of 0 also differs.
 */
import * as fc from "fast-check";
import { describe, it } from "vitest";
import { ShapeError, np } from "../src/index.js";
import type { DType } from "../src/tensor/dtype.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { type Shape, NUMERIC_DTYPES, compatibleShapesArb, dtypeArb, incompatiblePairArb, makeTensor, tensorArb } from "./arbitraries.js";
import { describeTensor, sameTensor } from "./equal.js";
import { checkLaw, ensure } from "./law.js";

// ---- the reference (independent of src/: no shape helpers, no kernels) -----------------------------

/** numpy's broadcast of several shapes, aligned on the right; undefined if incompatible. */
function refShape(shapes: readonly Shape[]): number[] | undefined {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let k = 0; k < rank; k++) {
    const dims = shapes.map((s) => s[s.length - rank + k] ?? 1);
    const big = dims.filter((d) => d !== 1);
    if (big.some((d) => d !== big[0])) return undefined;
    out.push(big.length > 0 ? big[0]! : 1);
  }
  return out;
}

function rowMajorStrides(shape: Shape): number[] {
  const st = shape.map(() => 1);
  for (let i = shape.length - 2; i >= 0; i--) st[i] = st[i + 1]! * shape[i + 1]!;
  return st;
}

/** The flat index into an operand of `shape` for the output multi-index `idx` (size-1 dims read 0). */
function operandOffset(idx: readonly number[], shape: Shape): number {
  const st = rowMajorStrides(shape);
  const lead = idx.length - shape.length;
  return shape.reduce((off, d, i) => off + (d === 1 ? 0 : idx[lead + i]!) * st[i]!, 0);
}

/** Applies `fn` elementwise over the broadcast of `xs`, visiting every output multi-index. */
function refElementwise(xs: readonly Tensor[], dtype: DType, fn: (...v: number[]) => number): Tensor {
  const shape = refShape(xs.map((x) => x.shape))!;
  const n = shape.reduce((a, d) => a * d, 1);
  const out: number[] = [];
  for (let flat = 0; flat < n; flat++) {
    const idx: number[] = [];
    let rest = flat;
    for (let i = shape.length - 1; i >= 0; i--) {
      idx[i] = rest % shape[i]!;
      rest = Math.floor(rest / shape[i]!);
    }
    out.push(fn(...xs.map((x) => x.concreteData()[operandOffset(idx, x.shape)]!)));
  }
  return makeTensor(shape, dtype, out);
}

/** The dtype's own rounding of an exact double result (float32 double rounding is exact for + and ×). */
const store = (dtype: DType, v: number): number => (dtype === "float32" ? Math.fround(v) : dtype === "int32" ? v | 0 : v);

const refOps = {
  add: (d: DType) => (a: number, b: number) => store(d, a + b),
  mul: (d: DType) => (a: number, b: number) => (d === "int32" ? Math.imul(a, b) : store(d, a * b)),
  // NaN wins; on a tie of zeros +0 wins (as Math.max and numpy's maximum).
  maximum: (d: DType) => (a: number, b: number) =>
    Number.isNaN(a) || Number.isNaN(b) ? NaN : store(d, a > b ? a : a < b ? b : Object.is(a, -0) ? b : a),
} as const;

// ---- laws ---------------------------------------------------------------------------------------------

const operandsArb = (k: number) =>
  fc.tuple(compatibleShapesArb(k), dtypeArb(NUMERIC_DTYPES)).chain(([shapes, dtype]) => fc.tuple(...shapes.map((s) => tensorArb(s, dtype))));

describe("law 6: broadcasting agrees with a naive reference", () => {
  for (const name of ["add", "mul", "maximum"] as const) {
    it(`np.${name}`, () =>
      checkLaw({
        name: `broadcasting: np.${name}`,
        note: `np.${name} over broadcast-compatible shapes must equal the strided reference elementwise (same shape, dtype, bits)`,
        arbitrary: operandsArb(2),
        holds: ([a, b]) => {
          const got = np[name](a!, b!);
          const want = refElementwise([a!, b!], a!.dtype, refOps[name](a!.dtype));
          ensure(sameTensor(got, want), () => `np.${name}(${describeTensor(a!)}, ${describeTensor(b!)})\ngot  ${describeTensor(got)}\nwant ${describeTensor(want)}`);
        },
      }));
  }

  it("np.where", () =>
    checkLaw({
      name: "broadcasting: np.where",
      note: "np.where(c, a, b) with three broadcast-compatible shapes must equal the strided reference",
      arbitrary: fc.tuple(compatibleShapesArb(3), dtypeArb(NUMERIC_DTYPES)).chain(([[sc, sa, sb], dtype]) =>
        fc.tuple(tensorArb(sc!, "bool"), tensorArb(sa!, dtype), tensorArb(sb!, dtype)),
      ),
      holds: ([c, a, b]) => {
        const got = np.where(c, a, b);
        const want = refElementwise([c, a, b], a.dtype, (p, x, y) => (p !== 0 ? x : y));
        ensure(sameTensor(got, want), () => `np.where(${describeTensor(c)}, ${describeTensor(a)}, ${describeTensor(b)})\ngot  ${describeTensor(got)}\nwant ${describeTensor(want)}`);
      },
    }));

  it("incompatible shapes throw a ShapeError naming both", () =>
    checkLaw({
      name: "broadcasting: incompatible shapes",
      note: "np.add/mul/maximum/where on shapes that do not broadcast must throw ShapeError and name both shapes as [d0,d1]",
      arbitrary: incompatiblePairArb().chain(([sa, sb]) => fc.tuple(tensorArb(sa, "float32"), tensorArb(sb, "float32"))),
      holds: ([a, b]) => {
        ensure(refShape([a.shape, b.shape]) === undefined, () => `generator bug: [${a.shape}] and [${b.shape}] broadcast`);
        const calls: [string, () => unknown][] = [
          ["add", () => np.add(a, b)],
          ["mul", () => np.mul(a, b)],
          ["maximum", () => np.maximum(a, b)],
          ["where", () => np.where(true, a, b)],
        ];
        for (const [name, call] of calls) {
          let err: unknown;
          try {
            call();
          } catch (e) {
            err = e;
          }
          const msg = err instanceof Error ? err.message : "";
          ensure(
            err instanceof ShapeError && msg.includes(`[${a.shape.join(",")}]`) && msg.includes(`[${b.shape.join(",")}]`),
            () => `np.${name}(${a.typeString}, ${b.typeString}) should throw a ShapeError naming both shapes; got ${err === undefined ? "no error" : String(err)}`,
          );
        }
      },
    }));
});
