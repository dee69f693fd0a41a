/**
 * `onnx.compile(f)`: ONNX Runtime as an engine. Like `jit`, it traces `f` once per argument
 * structure, shapes and dtypes; unlike `jit`, it exports the graph and runs it in an ONNX Runtime
 * session (native, multi-threaded kernels; CUDA where installed), so a whole training step —
 * `valueAndGrad` of a loss plus an optimizer update — becomes one session call. Calls are
 * asynchronous because ONNX Runtime's are.
 */
import { flatArg } from "../api/args.js";
import { ArgumentError } from "../errors.js";
import type { Graph } from "../ir/graph.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkNotAsync, leafAval, traceFlatList } from "../trace/trace.js";
import { simplify } from "../transforms/simplify.js";
import { flatten, unflatten } from "../tree/pytree.js";
import { exportGraph } from "./export.js";
import { OnnxRuntimeError, type OrtSession, fromOrt, hostThreads, loadOrt, toOrt } from "./runtime.js";

/** Options of `onnx.compile`. */
export interface CompileOptions {
  /**
   * ONNX Runtime's execution providers, in order of preference (default `["cpu"]`); `"cuda"` needs
   * onnxruntime-node's CUDA build and a GPU (see the ONNX guide).
   */
  readonly executionProviders?: readonly string[];
  /**
   * Threads for one operator (ONNX Runtime's intra-op pool); default: as many as the host runs at
   * once. ONNX Runtime's own default, 0, runs one thread on some virtual machines: on two cores the
   * MLP training step's session took 2.7 ms with it, 1.8 ms with two threads.
   */
  readonly intraOpNumThreads?: number;
  /**
   * Whether the intra-op pool's idle threads spin waiting for work (ONNX Runtime's
   * `session.intra_op.allow_spinning`); default false. Spinning saves a thread's wake-up between
   * operators on an idle machine (the MLP training step's session: 1.65 ms rather than 1.8), but
   * where other processes want the cores the spinning threads take their time slices: on a busy
   * two-core machine the step's median time roughly doubled with it.
   */
  readonly spinning?: boolean;
  /** The ONNX opset to export with (see `exportGraph`). */
  readonly opset?: number;
}

/**
 * The options `onnx.compile` creates each ONNX Runtime session with, for the host's `hostThreads`
 * (undefined: unknown): every graph optimization; the intra-op pool as large as asked, else as
 * large as the host runs at once (ONNX Runtime's own default, 0, runs one thread on some virtual
 * machines); its idle threads spinning only where asked (`spinning`).
 *
 * @example
 * ```ts
 * sessionOptions({}, 4).intraOpNumThreads; // 4
 * sessionOptions({ intraOpNumThreads: 1 }, 4).intraOpNumThreads; // 1
 * sessionOptions({}, undefined).intraOpNumThreads; // undefined (ONNX Runtime's default)
 * sessionOptions({ spinning: true }, 4).extra.session.intra_op.allow_spinning; // "1"
 * ```
 */
export function sessionOptions(options: CompileOptions, hostThreads: number | undefined): SessionOptions {
  const threads = options.intraOpNumThreads ?? hostThreads;
  return {
    executionProviders: [...(options.executionProviders ?? ["cpu"])],
    graphOptimizationLevel: "all",
    ...(threads !== undefined ? { intraOpNumThreads: threads } : {}),
    extra: { session: { intra_op: { allow_spinning: options.spinning === true ? "1" : "0" } } },
  };
}

/**
 * The subset of ONNX Runtime's session options `onnx.compile` sets (`extra` holds its string-valued
 * config entries); a type alias, so it passes where a plain record is expected.
 */
export type SessionOptions = {
  readonly executionProviders: string[];
  readonly graphOptimizationLevel: "all";
  readonly intraOpNumThreads?: number;
  readonly extra: { readonly session: { readonly intra_op: { readonly allow_spinning: "0" | "1" } } };
};

/** One compiled signature: its graph and the session running it. */
interface Compiled {
  readonly graph: Graph;
  readonly session: Promise<OrtSession>;
}

/** How many signatures one compiled function keeps (each holds an ONNX Runtime session). */
export const ONNX_COMPILE_CAPACITY = 16;

/**
 * `f` compiled to ONNX Runtime: an async function with `f`'s arguments and pytree result, traced
 * and exported on the first call for each argument structure, shape and dtype. Complex arguments
 * and results are complex tensors here as anywhere in fluxion (the model carries them as
 * (real, imaginary) float pairs; the conversion is done for you). Needs the optional peer
 * dependency `onnxruntime-node` (an `OnnxRuntimeMissingError` says how to install it).
 *
 * @example
 * ```ts
 * const step = onnx.compile((w: Tensor, x: Tensor) => valueAndGrad((w: Tensor) => np.sum(np.tanh(x.mul(w))))(w));
 * const [loss, g] = await step(np.array([0.5, -1]), np.array([1, 2]));
 * loss.shape; // []
 * g.shape; // [2]
 * ```
 */
export function compile<Args extends unknown[], R>(f: (...args: Args) => R, options: CompileOptions = {}): (...args: Args) => Promise<R> {
  if (typeof f !== "function") throw new ArgumentError(`onnx.compile: expected a function, got ${f === null ? "null" : typeof f}`);
  if (typeof options !== "object" || options === null) throw new ArgumentError(`onnx.compile: options must be an object; got ${String(options)}`);
  const providers = options.executionProviders ?? ["cpu"];
  if (!Array.isArray(providers) || providers.length === 0 || !providers.every((p) => typeof p === "string")) {
    throw new ArgumentError(`onnx.compile: options.executionProviders must be a non-empty array of names such as ["cpu"] or ["cuda", "cpu"]; got ${JSON.stringify(providers)}`);
  }
  const threads = options.intraOpNumThreads;
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 0)) {
    throw new ArgumentError(`onnx.compile: options.intraOpNumThreads must be a non-negative integer (0: ONNX Runtime's default); got ${String(threads)}`);
  }
  if (options.spinning !== undefined && typeof options.spinning !== "boolean") {
    throw new ArgumentError(`onnx.compile: options.spinning must be true or false; got ${String(options.spinning)}`);
  }
  const label = `onnx.compile(${f.name || "f"})`;
  checkNotAsync(f, label);
  // Traced as `trace` does, with this call's name in every message.
  const traced = (...args: unknown[]): Graph => {
    const [leaves, inTree] = flatten(args, "args", undefined, label);
    return simplify(traceFlatList((inputs) => (f as (...a: unknown[]) => unknown)(...(unflatten(inTree, inputs) as unknown[])), leaves.map(leafAval), label, inTree));
  };
  const cache = new Map<string, Compiled>();
  // Arguments are checked, and a new signature traced and exported, before the call returns: a
  // bad argument throws there, as it does for jit; only ONNX Runtime's part is asynchronous.
  return (...args: Args): Promise<R> => {
    const flat = flatArg(args, "args", label);
    const key = `${flat.def.toString()}|${flat.leaves.map((t) => `${t.dtype}[${t.shape.join(",")}]`).join(";")}`;
    let entry = cache.get(key);
    if (entry === undefined) {
      const graph = traced(...(args as unknown[]));
      const bytes = exportGraph(graph, options.opset === undefined ? {} : { opset: options.opset });
      const session = Promise.all([loadOrt(), hostThreads()]).then(([ort, host]) =>
        ort.InferenceSession
          .create(bytes, sessionOptions(options, host))
          .catch((err: unknown) => {
            throw new OnnxRuntimeError(`${label}: ONNX Runtime could not load the exported model (${String(err).slice(0, 400)}); run this function with jit instead, or report the graph if it should export`);
          }),
      );
      entry = { graph, session };
      cache.set(key, entry);
      if (cache.size > ONNX_COMPILE_CAPACITY) cache.delete(cache.keys().next().value!);
      session.catch(() => cache.delete(key));
    } else {
      cache.delete(key);
      cache.set(key, entry);
    }
    const { graph, session: made } = entry;
    return (async () => {
      const ort = await loadOrt();
      const session = await made;
      const feeds = Object.fromEntries(session.inputNames.map((n, k) => [n, toOrt(ort, flat.leaves[k]!, `${label}: argument ${flat.paths?.[k] ?? k}`)]));
      const result = await session.run(feeds).catch((err: unknown) => {
        throw new OnnxRuntimeError(`${label}: ONNX Runtime failed running the model (${String(err).slice(0, 400)})`);
      });
      const outs: Tensor[] = session.outputNames.map((n, k) => fromOrt(result[n]!, graph.outputs[k]!.aval, `${label}: output ${n}`));
      return unflatten(graph.outTree, outs) as R;
    })();
  };
}
