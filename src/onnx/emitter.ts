/**
 * The emitter lowerings write into: it names every value of the graph being exported, collects
 * nodes and constants, and emits sub-graphs (If/Loop/Scan bodies, jit functions) recursively. One
 * emitter writes one ONNX graph; its sub-graphs share its name counter, so every value in the
 * model has a distinct name (ONNX sub-graphs may read outer values by name, and must not shadow).
 */
import { create } from "@bufbuild/protobuf";
import { type FunctionProto, FunctionProtoSchema, type GraphProto, GraphProtoSchema, type NodeProto, NodeProtoSchema, type TensorProto } from "onnx-buf";
import { FluxionError } from "../errors.js";
import { graphsEqual } from "../ir/equal.js";
import type { Graph } from "../ir/graph.js";
import type { Atom, Aval, Equation, Var } from "../ir/types.js";
import { type DType, type DataArray, allocate } from "../tensor/dtype.js";
import { type AttrValue, type IndexAval, attribute, int64Proto, tensorProto, valueInfo } from "./proto.js";

/** A primitive with no ONNX lowering (or none for these operands): what `exportGraph` throws. */
export class OnnxExportError extends FluxionError {}

/** How one primitive's equations become ONNX nodes. */
export type OnnxLowering<E = Equation> = (em: Emitter, e: E, ins: readonly string[], outs: readonly string[]) => void;

/** The lowering of every primitive, as the table (lowering.ts) resolves it. */
export type LowerEquation = (em: Emitter, e: Equation) => void;

/** Shared by an emitter and its sub-emitters: the model's name counter and its local functions. */
interface ModelState {
  next: number;
  readonly functions: Map<Graph, FunctionProto>;
}

/** A named value and its type (a sub-graph's input or result). */
export interface Typed {
  readonly name: string;
  readonly aval: Aval | IndexAval;
}

/** The ONNX domain of the functions `jit` boundaries become. */
export const FUNCTION_DOMAIN = "ai.fluxion.jit";

/** One ONNX graph under construction. */
export class Emitter {
  private readonly names = new Map<number, string>();

  /**
   * `constantsAsNodes`: write constants as `Constant` nodes instead of initializers (sub-graphs
   * and functions, where initializers are not allowed or not visible to the runtime's optimizer).
   */
  constructor(
    readonly opset: number,
    private readonly lower: LowerEquation,
    private readonly state: ModelState = { next: 0, functions: new Map() },
    private readonly constantsAsNodes = false,
    readonly nodes: NodeProto[] = [],
    readonly initializers: TensorProto[] = [],
  ) {}

  /**
   * An emitter writing into the same graph with a scope of variable names of its own: variable ids
   * are local to one fluxion graph, so each inlined graph needs its own.
   */
  private scope(): Emitter {
    return new Emitter(this.opset, this.lower, this.state, this.constantsAsNodes, this.nodes, this.initializers);
  }

  /** A new name no other value in the model has; `hint` makes the model readable. */
  fresh(hint = "t"): string {
    return `${hint}_${this.state.next++}`;
  }

  /** Binds variable `v` to the existing value `name` (an input, an outer value). */
  bind(v: Var, name: string): void {
    this.names.set(v.id, name);
  }

  /** The name of `v`'s value, made on first use. */
  nameOf(v: Var): string {
    let n = this.names.get(v.id);
    if (n === undefined) {
      n = this.fresh("v");
      this.names.set(v.id, n);
    }
    return n;
  }

  /** The name of an equation operand: a variable's value, or a literal as a 0-d constant. */
  atom(a: Atom): string {
    return a._tag === "Var" ? this.nameOf(a) : this.scalar(a.value, a.aval.dtype);
  }

  /** Appends the node `op(inputs) → outputs` with `attrs`. */
  node(op: string, inputs: readonly string[], outputs: readonly string[], attrs: Readonly<Record<string, AttrValue>> = {}, domain = ""): void {
    this.nodes.push(
      create(NodeProtoSchema, {
        opType: op,
        domain,
        name: `${op}_${this.state.next++}`,
        input: [...inputs],
        output: [...outputs],
        attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
      }),
    );
  }

  /** `op(inputs)` into one fresh output; returns its name. */
  op(op: string, inputs: readonly string[], attrs: Readonly<Record<string, AttrValue>> = {}): string {
    const out = this.fresh(op.toLowerCase());
    this.node(op, inputs, [out], attrs);
    return out;
  }

  /** A constant tensor; returns its name. */
  constant(dtype: DType, shape: readonly number[], data: DataArray): string {
    const name = this.fresh("c");
    const t = tensorProto(name, dtype, shape, data);
    if (this.constantsAsNodes) this.node("Constant", [], [name], { value: { t } });
    else this.initializers.push(t);
    return name;
  }

  /** A 0-d constant of `dtype` holding `value`. */
  scalar(value: number, dtype: DType): string {
    const data = allocate(dtype, 1);
    data[0] = value;
    return this.constant(dtype, [], data);
  }

  /** A 1-d int64 constant (shapes, axes, starts: ONNX's index type), or 0-d with `scalar`. */
  int64s(values: readonly number[], scalar = false): string {
    const name = this.fresh("i");
    const t = int64Proto(name, values, scalar);
    if (this.constantsAsNodes) this.node("Constant", [], [name], { value: { t } });
    else this.initializers.push(t);
    return name;
  }

  /** Lowers every equation of `g` here, with `g`'s inputs bound to `inputs`; returns its outputs. */
  inline(g: Graph, inputs: readonly string[]): string[] {
    const s = this.scope();
    g.inputs.forEach((v, k) => s.bind(v, inputs[k]!));
    g.constVars.forEach((v, k) => {
      const t = g.constValues[k]!;
      s.bind(v, s.constant(t.dtype, t.shape, t.concreteData()));
    });
    for (const e of g.equations) this.lower(s, e);
    return g.outputs.map((a) => s.atom(a));
  }

  /**
   * A sub-graph (an If branch, a Loop or Scan body): `declared` are its formal inputs (none for If
   * branches, which read the enclosing graph's values by name), `build` lowers its content into
   * the sub-emitter and returns its results. Every result goes out through an Identity, since a
   * graph output must be produced inside the graph (a result may be an input or an outer value).
   */
  block(name: string, declared: readonly Typed[], build: (sub: Emitter) => readonly Typed[]): GraphProto {
    const sub = new Emitter(this.opset, this.lower, this.state, true);
    const produced = build(sub).map((o) => {
      const out = sub.fresh("out");
      sub.node("Identity", [o.name], [out]);
      return { name: out, aval: o.aval };
    });
    return create(GraphProtoSchema, {
      name: sub.fresh(name),
      node: sub.nodes,
      initializer: sub.initializers,
      input: declared.map((d) => valueInfo(d.name, d.aval)),
      output: produced.map((o) => valueInfo(o.name, o.aval)),
    });
  }

  /**
   * Calls `g` as a model-local ONNX function (`jit` boundaries keep their identity in the model):
   * defined once per graph, in domain `FUNCTION_DOMAIN`, under a name made from `label`.
   */
  call(g: Graph, label: string, inputs: readonly string[], outputs: readonly string[]): void {
    // Equal graphs (the same jit'd function traced at two call sites) share one function.
    let fn = this.state.functions.get(g) ?? [...this.state.functions].find(([other]) => graphsEqual(other, g))?.[1];
    if (fn === undefined) {
      const sub = new Emitter(this.opset, this.lower, this.state, true);
      const formal = g.inputs.map(() => sub.fresh("arg"));
      const results = sub.inline(g, formal).map((r) => {
        const out = sub.fresh("ret");
        sub.node("Identity", [r], [out]);
        return out;
      });
      const safe = label.replace(/[^A-Za-z0-9_]/g, "_") || "f";
      fn = create(FunctionProtoSchema, {
        name: `${safe}_${this.state.functions.size}`,
        domain: FUNCTION_DOMAIN,
        input: formal,
        output: results,
        node: sub.nodes,
        opsetImport: [{ domain: "", version: BigInt(this.opset) }],
      });
      this.state.functions.set(g, fn);
    }
    this.node(fn.name, inputs, outputs, {}, FUNCTION_DOMAIN);
  }

  /** The model-local functions defined so far (jit boundaries), for the model's `functions`. */
  functions(): FunctionProto[] {
    return [...this.state.functions.values()];
  }

  /** Raises the error for an equation no lowering handles. */
  static unsupported(e: { readonly primitive: string; readonly source: string | undefined }, why: string): never {
    throw new OnnxExportError(
      `onnx.exportGraph: primitive ${e.primitive} ${why}${e.source !== undefined ? ` (equation at ${e.source})` : ""}; ` +
        "run this part with jit instead, or leave it out of the exported function",
    );
  }
}
