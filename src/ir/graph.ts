/**
 * `Graph`: a typed, first-order, single-assignment program — inputs, constants, equations,
 * outputs — plus the pytree structures of the traced function's arguments and result.
 * Immutable: the constructor deep-freezes everything (constant tensors guard their own data).
 */
import type { Tensor } from "../tensor/tensor.js";
import { TreeDef } from "../tree/pytree.js";
import { deepFreeze } from "./freeze.js";
import { type PrintOptions, graphToString } from "./print.js";
import type { Atom, Equation, Var } from "./types.js";

/** What `Graph`'s constructor takes. */
export interface GraphParts {
  readonly inputs: readonly Var[];
  readonly constVars: readonly Var[];
  readonly constValues: readonly Tensor[];
  readonly equations: readonly Equation[];
  readonly outputs: readonly Atom[];
  readonly inTree?: TreeDef;
  readonly outTree?: TreeDef;
}

/** A renderer of drawings: the graph, the user's options, and the function the user called (for errors). */
export type GraphRenderer = (g: Graph, options: object | undefined, where: string) => string;

/**
 * The renderers of `toSvg`, `toHtml` and the notebook display. They draw with dagre, a layout
 * library that the IR's core should not depend on, so the package root installs them (src/wire.ts);
 * until then placeholders. A wiring slot: an object whose two fields only `installRenderers` sets.
 */
export const drawingRenderers: { svg: GraphRenderer; html: GraphRenderer } = {
  svg: (g) => `<svg xmlns="http://www.w3.org/2000/svg"><text>${g.equations.length} equations</text></svg>`,
  html: (g) => `<pre>${g.equations.length} equations</pre>`,
};

/** @internal Installs the SVG and HTML renderers used by toSvg, toHtml and the notebook display. */
export function installRenderers(r: { svg: GraphRenderer; html: GraphRenderer }): void {
  drawingRenderers.svg = r.svg;
  drawingRenderers.html = r.html;
}

/**
 * The IR of a traced function (what JAX calls a closed jaxpr). Make one with `trace(f)(...args)`;
 * print it with `toString()`, draw it with `toDot`/`toMermaid`, run it with `evaluate`.
 *
 * @example
 * ```ts
 * const g = trace((x) => np.sum(np.sin(x)))(np.ones([3]));
 * g.toString(); // "{ lambda ; a:f32[3]. let b:f32[3] = sin a; c:f32[] = reduce_sum[axes=(0,)] b in (c) }"
 * ```
 */
export class Graph {
  /** The graph's parameters, one per leaf of the traced arguments. */
  readonly inputs: readonly Var[];
  /** Variables bound to captured arrays (closed-over tensors), in `constValues` order. */
  readonly constVars: readonly Var[];
  /** The captured arrays. */
  readonly constValues: readonly Tensor[];
  /** The equations, in a valid evaluation order. */
  readonly equations: readonly Equation[];
  /** One atom per leaf of the traced result. */
  readonly outputs: readonly Atom[];
  /** Structure of the traced arguments (a flat list when the graph was built by a transform). */
  readonly inTree: TreeDef;
  /** Structure of the traced result. */
  readonly outTree: TreeDef;

  constructor(parts: GraphParts) {
    this.inputs = parts.inputs;
    this.constVars = parts.constVars;
    this.constValues = Object.freeze([...parts.constValues]);
    this.equations = parts.equations;
    this.outputs = parts.outputs;
    this.inTree = parts.inTree ?? TreeDef.flatList(parts.inputs.length);
    this.outTree = parts.outTree ?? TreeDef.flatList(parts.outputs.length);
    deepFreeze(this.inputs);
    deepFreeze(this.constVars);
    deepFreeze(this.equations);
    deepFreeze(this.outputs);
    Object.freeze(this);
  }

  /**
   * The jaxpr-like text: `{ lambda ; a:f32[3]. let b:f32[3] = sin a in (b) }` (multi-line when
   * long). `{ provenance: true }` prints one equation a line, each with its pass, scope and source
   * line as a comment (`# backward · loss/dense · model.ts:12:5`).
   */
  toString(options?: PrintOptions): string {
    return graphToString(this, options);
  }

  /**
   * Rich display for notebooks (Deno's Jupyter kernel calls this): the interactive page (pan, zoom,
   * collapse scopes, hover), the static SVG picture, and the text.
   */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return {
      "text/html": drawingRenderers.html(this, { fragment: true }, "display"),
      "image/svg+xml": drawingRenderers.svg(this, undefined, "display"),
      "text/plain": this.toString(),
    };
  }
}
