/**
 * Peephole rewrites of an exported top-level graph that ONNX Runtime's own optimizer leaves
 * undone, measured on the MLP training step (bench W2):
 *
 * - a Transpose of a matrix product's result folds into the product (the backward pass of
 *   `x @ w` computes `(dyᵀx)ᵀ`: one contraction writing the transposed layout directly saves a
 *   pass over a 784×512 result): into an Einsum's output subscripts, and into a Gemm or a 2-d
 *   MatMul as the swapped product, `(op(A)·op(B))ᵀ = op(B)ᵀ·op(A)ᵀ`, with `transA`/`transB` flipped;
 * - an Expand whose consumers broadcast anyway (Add, Mul, Where, …) is dropped: they read the
 *   small operand through ONNX's numpy broadcasting instead of a materialised copy. Each rewrite
 *   is made only where the consumer's result shape provably stays the same, from shapes inferred
 *   here for the ops the lowerings emit (any value of unknown shape blocks the rewrite).
 *
 * Both keep every value the graph computes (the same arithmetic in the same order), so exported
 * models compute the same bits with and without them. Sub-graphs and functions are left as they are.
 */
import type { GraphProto, NodeProto, TensorProto } from "onnx-buf";
import { attribute } from "./proto.js";

/** ONNX ops that broadcast their operands numpy-style (an Expanded operand is redundant). */
const BROADCASTING: ReadonlySet<string> = new Set([
  "Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Mod", "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual",
  "And", "Or", "Xor", "Where", "BitwiseAnd", "BitwiseOr", "BitwiseXor", "BitShift", "PRelu",
]);

/** ONNX ops whose result has their (only or first) operand's shape. */
const SAME_SHAPE: ReadonlySet<string> = new Set([
  "Identity", "Neg", "Abs", "Exp", "Log", "Tanh", "Sigmoid", "Sqrt", "Reciprocal", "Sin", "Cos", "Tan", "Erf", "Floor", "Ceil",
  "Round", "Sign", "Not", "IsNaN", "IsInf", "Cast", "Relu", "Softplus", "Atan", "Asin", "Acos", "Sinh", "Cosh", "Asinh", "Acosh",
  "Atanh", "BitwiseNot", "Softmax", "LogSoftmax", "CumSum",
]);

/** The numpy broadcast of `shapes`, or undefined where they do not broadcast. */
function broadcastShapes(shapes: readonly (readonly number[])[]): number[] | undefined {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    for (let k = 0; k < s.length; k++) {
      const i = rank - s.length + k;
      const d = s[k]!;
      if (d === out[i] || d === 1) continue;
      if (out[i] !== 1) return undefined;
      out[i] = d;
    }
  }
  return out;
}

/** The int64 values of a constant tensor (shapes and axes), if it has them. */
function int64Values(t: TensorProto): number[] | undefined {
  if (t.dataType !== 7) return undefined;
  if (t.int64Data.length > 0) return t.int64Data.map(Number);
  const raw = t.rawData;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  return Array.from({ length: raw.byteLength / 8 }, (_, k) => Number(view.getBigInt64(8 * k, true)));
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, k) => d === b[k]);

/** What the rewrites need to know of a graph: shapes where inferable, int64 constants, and uses. */
class GraphFacts {
  readonly shapes = new Map<string, number[]>();
  readonly constants = new Map<string, number[]>();
  readonly uses = new Map<string, number>();
  readonly producer = new Map<string, NodeProto>();

  constructor(g: GraphProto) {
    for (const v of g.input) {
      const t = v.type?.value;
      if (t?.case === "tensorType" && t.value.shape !== undefined) {
        const dims = t.value.shape.dim.map((d) => (d.value.case === "dimValue" ? Number(d.value.value) : NaN));
        if (dims.every((d) => !Number.isNaN(d))) this.shapes.set(v.name, dims);
      }
    }
    for (const t of g.initializer) {
      this.shapes.set(t.name, t.dims.map(Number));
      const ints = int64Values(t);
      if (ints !== undefined) this.constants.set(t.name, ints);
    }
    for (const o of g.output) this.use(o.name);
    for (const n of g.node) {
      for (const i of n.input) this.use(i);
      // A sub-graph may read any outer value by name: count every name it mentions as a use.
      for (const a of n.attribute) for (const sub of [...(a.g ? [a.g] : []), ...a.graphs]) for (const name of namesIn(sub)) this.use(name);
      for (const o of n.output) this.producer.set(o, n);
      this.infer(n);
    }
  }

  private use(name: string): void {
    this.uses.set(name, (this.uses.get(name) ?? 0) + 1);
  }

  private infer(n: NodeProto): void {
    const shapeOf = (k: number): number[] | undefined => this.shapes.get(n.input[k] ?? "");
    const ins = n.input.map((i) => this.shapes.get(i));
    const attr = (name: string) => n.attribute.find((a) => a.name === name);
    let out: number[] | undefined;
    if (n.opType === "Constant") {
      const t = attr("value")?.t;
      if (t !== undefined) {
        out = t.dims.map(Number);
        const ints = int64Values(t);
        if (ints !== undefined) this.constants.set(n.output[0]!, ints);
      }
    } else if (SAME_SHAPE.has(n.opType)) out = shapeOf(0);
    else if (BROADCASTING.has(n.opType)) out = ins.every((s) => s !== undefined) ? broadcastShapes(ins as number[][]) : undefined;
    else if (n.opType === "Reshape") {
      const target = this.constants.get(n.input[1] ?? "");
      if (target !== undefined && !target.includes(-1) && (attr("allowzero")?.i === 1n || !target.includes(0))) out = target;
    } else if (n.opType === "Expand") {
      const target = this.constants.get(n.input[1] ?? "");
      const x = shapeOf(0);
      if (target !== undefined && x !== undefined) out = broadcastShapes([x, target]);
    } else if (n.opType === "Transpose") {
      const x = shapeOf(0);
      const perm = attr("perm")?.ints.map(Number);
      if (x !== undefined) out = perm === undefined ? [...x].reverse() : perm.map((p) => x[p]!);
    } else if (n.opType === "Einsum") {
      out = einsumShape(new TextDecoder().decode(attr("equation")?.s), ins);
    } else if (n.opType === "Gemm") {
      const [a, b] = ins;
      if (a?.length === 2 && b?.length === 2) out = [attr("transA")?.i === 1n ? a[1]! : a[0]!, attr("transB")?.i === 1n ? b[0]! : b[1]!];
    } else if (n.opType === "MatMul") {
      const [a, b] = ins;
      // The lowerings' MatMuls: equal ranks of at least 2 (batch dims broadcast as in numpy).
      const batch = a !== undefined && b !== undefined && a.length === b.length && a.length >= 2 ? broadcastShapes([a.slice(0, -2), b.slice(0, -2)]) : undefined;
      if (batch !== undefined) out = [...batch, a![a!.length - 2]!, b![b!.length - 1]!];
    }
    if (out !== undefined && n.output.length === 1) this.shapes.set(n.output[0]!, out);
  }
}

/** Every value name a sub-graph (and its own sub-graphs) reads or writes. */
function namesIn(g: GraphProto): string[] {
  return g.node.flatMap((n) => [...n.input, ...n.attribute.flatMap((a) => [...(a.g ? [a.g] : []), ...a.graphs].flatMap(namesIn))]);
}

/** The result shape of an explicit Einsum equation (`ab,bc->ac`) on operands of known shape. */
function einsumShape(equation: string, ins: readonly (number[] | undefined)[]): number[] | undefined {
  const [lhs, rhs] = equation.replaceAll(" ", "").split("->");
  if (rhs === undefined || lhs === undefined || lhs.includes(".")) return undefined;
  const size = new Map<string, number>();
  const terms = lhs.split(",");
  for (let k = 0; k < terms.length; k++) {
    const s = ins[k];
    if (s === undefined || s.length !== terms[k]!.length) return undefined;
    [...terms[k]!].forEach((l, i) => size.set(l, s[i]!));
  }
  return [...rhs].map((l) => size.get(l) ?? NaN);
}

/** The attribute `name` of `n` as an integer (`fallback` where it is absent). */
const intAttr = (n: NodeProto, name: string, fallback: number): number => {
  const a = n.attribute.find((x) => x.name === name);
  return a === undefined ? fallback : Number(a.i);
};

/**
 * A Transpose of a product's result used nowhere else: the product writes the transposed layout.
 * A Gemm qualifies without a bias operand (the lowerings write none; a bias would need
 * transposing too), a MatMul only on matrices (its transposed form is a Gemm).
 */
function foldTransposes(g: GraphProto, facts: GraphFacts): void {
  const dropped = new Set<NodeProto>();
  for (const t of g.node) {
    if (t.opType !== "Transpose") continue;
    const e = facts.producer.get(t.input[0]!);
    if (e === undefined || facts.uses.get(t.input[0]!) !== 1) continue;
    const perm = t.attribute.find((a) => a.name === "perm")?.ints.map(Number);
    if (e.opType === "Einsum") {
      const eqAttr = e.attribute.find((a) => a.name === "equation")!;
      const [lhs, rhs] = new TextDecoder().decode(eqAttr.s).split("->");
      const order = perm ?? [...rhs!].map((_, k) => rhs!.length - 1 - k);
      eqAttr.s = new TextEncoder().encode(`${lhs}->${order.map((p) => rhs![p]).join("")}`);
    } else if (e.opType === "Gemm" || e.opType === "MatMul") {
      const shapes = e.input.map((i) => facts.shapes.get(i));
      if (e.input.length !== 2 || shapes.some((s) => s?.length !== 2) || (perm !== undefined && (perm[0] !== 1 || perm[1] !== 0))) continue;
      const transA = e.opType === "Gemm" ? intAttr(e, "transA", 0) : 0;
      const transB = e.opType === "Gemm" ? intAttr(e, "transB", 0) : 0;
      // (α·op(A)·op(B))ᵀ = α·op(B)ᵀ·op(A)ᵀ: α stays.
      const alpha = e.attribute.filter((a) => a.name === "alpha");
      e.opType = "Gemm";
      e.input = [e.input[1]!, e.input[0]!];
      e.attribute = [...alpha, ...[attribute("transA", { i: 1 - transB }), attribute("transB", { i: 1 - transA })].filter((a) => a.i === 1n)];
    } else continue;
    e.output[0] = t.output[0]!;
    dropped.add(t);
  }
  g.node = g.node.filter((n) => !dropped.has(n));
}

/** Expands read only by broadcasting ops, where the ops' result shapes stay the same: dropped. */
function dropExpands(g: GraphProto, facts: GraphFacts): void {
  const consumers = new Map<string, NodeProto[]>();
  for (const n of g.node) for (const i of n.input) consumers.set(i, [...(consumers.get(i) ?? []), n]);
  const dropped = new Set<NodeProto>();
  for (const x of g.node) {
    if (x.opType !== "Expand") continue;
    const out = x.output[0]!;
    const small = x.input[0]!;
    const readers = consumers.get(out) ?? [];
    // Every use must be a node input of a broadcasting op (not a graph output, not a sub-graph).
    if (readers.length === 0 || readers.reduce((s, r) => s + r.input.filter((i) => i === out).length, 0) !== facts.uses.get(out)) continue;
    const keeps = readers.every((r) => {
      const want = facts.shapes.get(r.output[0]!);
      const shapes = r.input.map((i) => facts.shapes.get(i === out ? small : i));
      if (!BROADCASTING.has(r.opType) || want === undefined || shapes.some((s) => s === undefined)) return false;
      const got = broadcastShapes(shapes as number[][]);
      return got !== undefined && sameShape(got, want);
    });
    if (!keeps) continue;
    for (const r of readers) r.input = r.input.map((i) => (i === out ? small : i));
    dropped.add(x);
  }
  g.node = g.node.filter((n) => !dropped.has(n));
}

/** Applies the rewrites to `g`'s own nodes, in place (the graph is freshly built by the exporter). */
export function optimizeGraph(g: GraphProto): void {
  foldTransposes(g, new GraphFacts(g));
  dropExpands(g, new GraphFacts(g));
  // The shapes the dropped Expands read are constants nothing reads any more.
  const read = new GraphFacts(g).uses;
  g.initializer = g.initializer.filter((t) => read.has(t.name));
}
