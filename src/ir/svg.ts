/**
 * `toSvg(graph, options?)`: a self-contained SVG picture of a graph — forward equations blue and
 * backward orange (`data-pass`), residual edges magenta and dashed (`data-residual="true"`), each
 * edge's shape and dtype, inputs and outputs named by pytree path, scopes and nested graphs as boxes,
 * hover text in `<title>`s. The picture is drawn by src/draw/ (dagre, laid out one scope at a time);
 * the IR must not depend on a layout library, so the package root installs it (src/wire.ts) into the
 * slot of ir/graph.ts that the notebook display reads too.
 */
import { type Graph, drawingRenderers } from "./graph.js";

/** Options of `toSvg` (see src/draw/svg.ts: `theme`, `collapsed`, `residualOutputs`, `residualInputs`). */
export interface SvgOptions {
  /** "light", "dark", or "auto" (default: light, dark under a dark page or JupyterLab theme). */
  readonly theme?: "light" | "dark" | "auto";
  /** Draw every scope and nested graph collapsed to one summary box (default false). */
  readonly collapsed?: boolean;
  /** The last `residualOutputs` outputs are residuals (traceVjp's `forward`: pass `residuals.length`). */
  readonly residualOutputs?: number;
  /** The first `residualInputs` inputs are residuals (traceVjp's `backward`: pass `residuals.length`). */
  readonly residualInputs?: number;
}

/**
 * An SVG string picturing the graph.
 *
 * @example
 * ```ts
 * const svg = toSvg(trace((x) => np.sum(np.sin(x)))(np.ones([3])));
 * svg.startsWith("<svg"); // true
 * svg.includes('data-pass="forward"'); // true
 * ```
 */
export function toSvg(g: Graph, options?: SvgOptions): string {
  return drawingRenderers.svg(g, options, "toSvg");
}
