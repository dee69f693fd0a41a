/**
 * dot_general's ONNX forms: a float32 product exports as MatMul or as Gemm with `transA`/`transB`
 * (whichever reads each operand in place), batched products as a batched MatMul behind the
 * Transposes that bring batch dims first, and a Transpose of a matrix product's result folds into
 * the swapped Gemm. Every model runs in ONNX Runtime and must give what `evaluate` gives; the
 * operands hold small integers, so every sum is exact in float32 and the results must agree bit
 * for bit whatever order ONNX Runtime adds in. Float64 products stay Einsum. The exported models
 * pass the ONNX checker where python3 has the `onnx` package.
 */
import { fromBinary } from "@bufbuild/protobuf";
import { ModelProtoSchema, type GraphProto, type NodeProto } from "onnx-buf";
import { afterAll, describe, expect, it } from "vitest";
import { agree, runModel } from "../../laws/onnx-programs.js";
import { evaluate, np, onnx, trace, type Tensor } from "../../src/index.js";
import { dotGeneral, transpose } from "../../src/primitives/ops.js";
import type { DotDims } from "../../src/tensor/kernels/matmul.js";
import { checkModels } from "./onnx-checker.js";

const exported: [string, Uint8Array][] = [];

/** Integers in [−4, 4] from a fixed linear congruential sequence: products and sums stay exact. */
function ints(shape: readonly number[], seed: number, dtype: "float32" | "float64" = "float32"): Tensor {
  let s = seed >>> 0;
  const n = shape.reduce((p, d) => p * d, 1);
  const data = Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s >>> 24) % 9 - 4;
  });
  return np.reshape(np.array(data, { dtype }), [...shape]);
}

const flag = (n: NodeProto, name: string): number => Number(n.attribute.find((a) => a.name === name)?.i ?? 0n);

/** Exports `f` traced at `inputs`, runs it in ONNX Runtime, requires evaluate's exact values; returns the model's graph. */
async function exactGraph(name: string, f: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[]): Promise<GraphProto> {
  const g = trace(f)(...inputs);
  const bytes = onnx.exportGraph(g);
  exported.push([name, bytes]);
  const want = [evaluate(g, ...inputs) as Tensor];
  const [got] = await runModel(bytes, inputs, want, () => g.toString());
  expect(got!.shape).toEqual(want[0]!.shape);
  expect(agree(got!, want[0]!, 0), `${name}: ${got!.toString()} vs ${want[0]!.toString()}`).toBe(true);
  return fromBinary(ModelProtoSchema, bytes).graph!;
}

/** The nodes that compute (the Identity the exporter names each output with left out). */
const computing = (g: GraphProto): NodeProto[] => g.node.filter((n) => n.opType !== "Identity");

/** `exactGraph`'s computing nodes. */
const exact = async (name: string, f: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[]): Promise<NodeProto[]> => computing(await exactGraph(name, f, inputs));

const dims = (lhsContract: number[], rhsContract: number[], lhsBatch: number[] = [], rhsBatch: number[] = []): DotDims => ({ lhsContract, rhsContract, lhsBatch, rhsBatch });

describe("onnx.exportGraph of float32 dot_general as MatMul and Gemm", () => {
  // Each operand stored either way round: [m,k] or [k,m] on the left, [k,n] or [n,k] on the right.
  const [m, k, n] = [3, 5, 4];
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      it(`a product whose lhs is ${transA ? "[k,m]" : "[m,k]"} and rhs ${transB ? "[n,k]" : "[k,n]"} is one ${transA || transB ? "Gemm" : "MatMul"} (transA ${Number(transA)}, transB ${Number(transB)})`, async () => {
        const a = ints(transA ? [k, m] : [m, k], 1);
        const b = ints(transB ? [n, k] : [k, n], 2);
        const nodes = await exact(`product-${Number(transA)}${Number(transB)}`, (x, y) => dotGeneral(x, y, dims([transA ? 0 : 1], [transB ? 1 : 0])), [a, b]);
        // The operands are read in place: no Transpose, no Reshape.
        expect(nodes.map((x) => x.opType)).toEqual([transA || transB ? "Gemm" : "MatMul"]);
        if (transA || transB) expect([flag(nodes[0]!, "transA"), flag(nodes[0]!, "transB")]).toEqual([Number(transA), Number(transB)]);
      });

      it(`the transpose of that product (transA ${Number(transA)}, transB ${Number(transB)}) is the swapped Gemm, without a Transpose`, async () => {
        const a = ints(transA ? [k, m] : [m, k], 3);
        const b = ints(transB ? [n, k] : [k, n], 4);
        const graph = await exactGraph(`transposed-${Number(transA)}${Number(transB)}`, (x, y) => transpose(dotGeneral(x, y, dims([transA ? 0 : 1], [transB ? 1 : 0])), [1, 0]), [a, b]);
        expect(computing(graph).map((x) => x.opType)).toEqual(["Gemm"]);
        // (op(A)·op(B))ᵀ = op(B)ᵀ·op(A)ᵀ: B first, each flag flipped.
        const [gemm] = computing(graph);
        expect(gemm!.input).toEqual([graph.input[1]!.name, graph.input[0]!.name]);
        expect([flag(gemm!, "transA"), flag(gemm!, "transB")]).toEqual([Number(!transB), Number(!transA)]);
      });
    }
  }

  it("a vector on either side, and a matrix–vector product", async () => {
    await exact("vec-mat", (x, y) => dotGeneral(x, y, dims([0], [0])), [ints([5], 5), ints([5, 3], 6)]);
    await exact("mat-vec", (x, y) => dotGeneral(x, y, dims([1], [0])), [ints([3, 5], 7), ints([5], 8)]);
    await exact("vec-vec", (x, y) => dotGeneral(x, y, dims([0], [0])), [ints([6], 9), ints([6], 10)]);
  });

  it("an outer product (nothing contracted)", async () => {
    await exact("outer", (x, y) => dotGeneral(x, y, dims([], [])), [ints([3], 11), ints([4], 12)]);
  });

  it("leading batch dims: one batched MatMul", async () => {
    const nodes = await exact("batched", (x, y) => dotGeneral(x, y, dims([2], [1], [0], [0])), [ints([2, 3, 5], 13), ints([2, 5, 4], 14)]);
    expect(nodes.map((x) => x.opType)).toEqual(["MatMul"]);
  });

  it("batch dims elsewhere than first, two of them, in another order on each side", async () => {
    // lhs [m=3, b1=2, k=5, b2=2], rhs [b2=2, n=4, k=5, b1=2]: batch pairs (1↔3) and (3↔0).
    const nodes = await exact("scattered-batch", (x, y) => dotGeneral(x, y, dims([2], [2], [1, 3], [3, 0])), [ints([3, 2, 5, 2], 15), ints([2, 4, 5, 2], 16)]);
    expect(nodes.map((x) => x.opType)).toContain("MatMul");
  });

  it("two contracted dims, paired in an order that differs from either operand's axis order", async () => {
    // lhs [k1=2, m=3, k2=4], rhs [k2=4, n=5, k1=2]: pairs (0↔2) and (2↔0), listed rhs-first as (2,0)/(0,2).
    await exact("two-contracted", (x, y) => dotGeneral(x, y, dims([2, 0], [0, 2])), [ints([2, 3, 4], 17), ints([4, 5, 2], 18)]);
  });

  it("several free dims on each side (products reshaped to matrices and back)", async () => {
    // lhs [m1=2, k=3, m2=4], rhs [n1=2, k=3, n2=3]: free dims on both sides of the contraction.
    await exact("multi-free", (x, y) => dotGeneral(x, y, dims([1], [1])), [ints([2, 3, 4], 19), ints([2, 3, 3], 20)]);
  });

  it("empty operands: an empty contraction is zeros, an empty free dim an empty result", async () => {
    const zeros = await exact("empty-k", (x, y) => dotGeneral(x, y, dims([1], [0])), [ints([3, 0], 21), ints([0, 4], 22)]);
    expect(zeros.map((x) => x.opType)).not.toContain("MatMul");
    await exact("empty-m", (x, y) => dotGeneral(x, y, dims([1], [0])), [ints([0, 5], 23), ints([5, 4], 24)]);
    await exact("empty-batch", (x, y) => dotGeneral(x, y, dims([2], [1], [0], [0])), [ints([0, 3, 5], 25), ints([0, 5, 4], 26)]);
  });

  it("non-integer operands agree with evaluate to float32 rounding", async () => {
    const a = np.mul(ints([6, 7], 27), np.array(0.37, { dtype: "float32" }));
    const b = np.mul(ints([4, 7], 28), np.array(-1.13, { dtype: "float32" }));
    const g = trace((x: Tensor, y: Tensor) => dotGeneral(x, y, dims([1], [1])))(a, b);
    const want = [evaluate(g, a, b) as Tensor];
    const [got] = await runModel(onnx.exportGraph(g), [a, b], want, () => g.toString());
    expect(agree(got!, want[0]!, 1e-6)).toBe(true);
  });

  it("keeps a Transpose that is not a matrix transpose, or whose product is read twice", async () => {
    // A batched product's result transposed with its batch dim moved: no Gemm form.
    const batched = await exact("batched-transposed", (x, y) => transpose(dotGeneral(x, y, dims([2], [1], [0], [0])), [1, 0, 2]), [ints([2, 3, 5], 29), ints([2, 5, 4], 30)]);
    expect(batched.map((x) => x.opType)).toContain("Transpose");
    const twice = await exact("read-twice", (x, y) => {
      const p = dotGeneral(x, y, dims([1], [0]));
      return np.add(transpose(p, [1, 0]), np.reshape(p, [4, 3]));
    }, [ints([3, 5], 31), ints([5, 4], 32)]);
    expect(twice.map((x) => x.opType)).toContain("Transpose");
  });
});

describe("onnx.exportGraph of float64 dot_general", () => {
  it("stays Einsum (the reference kernel's rounding) and agrees with evaluate", async () => {
    const nodes = await exact("float64", (x, y) => dotGeneral(x, y, dims([0], [1])), [ints([5, 3], 33, "float64"), ints([4, 5], 34, "float64")]);
    expect(nodes.map((x) => x.opType)).toEqual(["Einsum"]);
    const folded = await exact("float64-transposed", (x, y) => transpose(dotGeneral(x, y, dims([1], [0])), [1, 0]), [ints([3, 5], 35, "float64"), ints([5, 4], 36, "float64")]);
    expect(folded.map((x) => x.opType)).toEqual(["Einsum"]);
  });
});

afterAll(() => {
  const checked = checkModels(exported, "export-matmul");
  if (checked !== undefined) expect(checked.accepted).toBe(exported.length);
});
