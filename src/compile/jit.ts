/**
 * `jit(f)`: trace `f` once per argument structure, shapes, dtypes and static arguments to a closed
 * graph, cache it (in a WeakMap keyed by `f`, so dropped functions free their graphs), then run it.
 * With no transform active, the backend's executable of the cached graph runs directly (the fast path); under a
 * transform, jit binds the `jit` primitive carrying the graph (primitives/control/jit.ts), so grad,
 * vmap and an outer jit see one `jit[name=f]` equation and the call stays compiled.
 */
import type { Backend, Executable } from "../backend/backend.js";
import { currentBackend } from "../backend/current.js";
import { ArgumentError, optionsArg } from "../errors.js";
import type { Graph } from "../ir/graph.js";
import { type Aval, avalString } from "../ir/types.js";
import { arrayFrom } from "../tensor/from-js.js";
import { Tensor } from "../tensor/tensor.js";
import { isTracer } from "../trace/tracer.js";
import * as ops from "../primitives/ops.js";
import { traceClosed } from "../trace/closed.js";
import { evalInterpreter } from "../trace/eval-interpreter.js";
import { currentInterpreter } from "../trace/interpreter.js";
import { simplify } from "../transforms/simplify.js";
import { checkNotAsync, fnLabel, leafAval } from "../trace/trace.js";
import { type Leaf, TreeDef, flatten, unflatten } from "../tree/pytree.js";
import type { ArgsLike, Tensors } from "../tree/types.js";

/** Options of `jit`. */
export interface JitOptions {
  /** Positions of arguments that are not traced: their values select (and key) the cached graph. */
  staticArgnums?: number | readonly number[];
}

/** A trace and, once called at top level, the executable of it of the backend it ran on. */
interface Entry {
  /** Closed: inputs are the captured outer tracers (`captured`), then the argument leaves. */
  readonly graph: Graph;
  /** Outer tracers the trace read; only a trace that captured none is cached. */
  readonly captured: readonly Tensor[];
  plan?: Executable;
  /** The backend `plan` belongs to: another installed backend compiles its own. */
  planBackend?: Backend;
}

/**
 * How many traces one function keeps (one per argument signature). Past this, the least recently
 * used signature is dropped and traced again if it comes back: a function called with an ever
 * changing shape (a growing sequence length, a static argument drawn from a counter) would
 * otherwise keep every trace it ever made.
 */
export const JIT_CACHE_CAPACITY = 64;

/** A function's traces by signature, in least-recently-used order, and whether it was warned. */
interface FunctionCache {
  readonly entries: Map<string, Entry>;
  /** The most recently used key: calling again with it needs no reordering (the common case). */
  newest: string | undefined;
  /**
   * The newest entry again, with the argument types of the call that keyed it, when that call
   * passed positional tensors and nothing static: a call of tensors with these shapes and dtypes
   * has that key, so it takes the entry without building the key string (most of a small call's
   * cost). Cleared whenever another key becomes the newest, so it never skips a reordering.
   */
  last: { readonly entry: Entry; readonly avals: readonly Aval[] } | undefined;
  warned: boolean;
}

const caches = new WeakMap<object, FunctionCache>();

/** Where jit's one-time re-tracing warning goes (console.warn unless a test replaces it). */
let warn: (message: string) => void = (message) => console.warn(message);

/** @internal Replaces the warning sink (tests); returns the previous one. */
export function setJitWarningSink(sink: (message: string) => void): (message: string) => void {
  const was = warn;
  warn = sink;
  return was;
}

/** Looks `key` up and marks it most recently used. */
function lookup(cache: FunctionCache, key: string): Entry | undefined {
  const hit = cache.entries.get(key);
  if (hit !== undefined && key !== cache.newest) {
    cache.entries.delete(key);
    cache.entries.set(key, hit);
    cache.newest = key;
    cache.last = undefined;
  }
  return hit;
}

/**
 * Stores a new trace, dropping the least recently used one past `JIT_CACHE_CAPACITY`. The first
 * drop warns once per function: tracing on every call means jit costs more than it saves.
 */
function store(cache: FunctionCache, key: string, entry: Entry, label: string): void {
  cache.entries.set(key, entry);
  cache.newest = key;
  cache.last = undefined;
  if (cache.entries.size <= JIT_CACHE_CAPACITY) return;
  cache.entries.delete(cache.entries.keys().next().value!);
  if (cache.warned) return;
  cache.warned = true;
  warn(
    `fluxion: ${label} has been traced for more than ${JIT_CACHE_CAPACITY} different argument shapes, dtypes or static values; ` +
      `only the ${JIT_CACHE_CAPACITY} most recent traces are kept. Re-tracing on most calls makes jit slower than eager evaluation: ` +
      `pad inputs to a few fixed shapes, or pass changing numbers as tensors rather than static arguments.`,
  );
}

/**
 * A canonical text for a static argument: numbers by value (NaN, ±Infinity and −0 distinct),
 * object keys sorted. Anything else — or a cycle — cannot key the cache. The walk keeps its own
 * stack, so a deeply nested static argument cannot overflow the JS one.
 */
function staticKey(root: unknown, position: number, label: string): string {
  type Task = { readonly value: unknown } | { readonly text: string } | { readonly leave: object };
  const out: string[] = [];
  const onPath = new Set<object>();
  const stack: Task[] = [{ value: root }];
  while (stack.length > 0) {
    const task = stack.pop()!;
    if ("text" in task) {
      out.push(task.text);
      continue;
    }
    if ("leave" in task) {
      onPath.delete(task.leave);
      continue;
    }
    const value = task.value;
    if (typeof value === "number") out.push(Object.is(value, -0) ? "-0" : String(value));
    else if (typeof value === "string") out.push(JSON.stringify(value));
    else if (typeof value === "boolean" || value === null || value === undefined) out.push(String(value));
    else if (typeof value === "object" && !onPath.has(value) && isPlainContainer(value)) {
      onPath.add(value);
      const keys = Object.keys(value).sort();
      const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
      out.push(open);
      // Pushed in reverse so they pop in order: key 0 first, the closing bracket last.
      stack.push({ leave: value }, { text: close });
      for (let i = keys.length - 1; i >= 0; i--) {
        stack.push({ value: (value as Record<string, unknown>)[keys[i]!] }, { text: `${i > 0 ? "," : ""}${JSON.stringify(keys[i])}:` });
      }
    } else {
      throw new ArgumentError(
        `${label}: static argument ${position} must be a number, string, boolean or plain array/object of those (without cycles), so it can key the cache; got ${typeof value === "object" ? "a cycle or a class instance" : typeof value}.`,
      );
    }
  }
  return out.join("");
}

/**
 * True when `args` are tensors of exactly `avals`' shapes and dtypes: the call's cache key is the
 * one `avals` were keyed under (a flat list of tensors, nothing static).
 */
function sameTensorTypes(args: readonly unknown[], avals: readonly Aval[]): boolean {
  if (args.length !== avals.length) return false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!(a instanceof Tensor)) return false;
    const want = avals[i]!;
    if (a.dtype !== want.dtype) return false;
    const shape = a.shape;
    const wantShape = want.shape;
    if (shape.length !== wantShape.length) return false;
    for (let d = 0; d < shape.length; d++) if (shape[d] !== wantShape[d]) return false;
  }
  return true;
}

/** A tensor, number or boolean: a pytree leaf that needs no walk. */
function isPlainLeaf(a: unknown): boolean {
  return a instanceof Tensor || typeof a === "number" || typeof a === "boolean";
}

function isPlainContainer(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return Array.isArray(value) || proto === Object.prototype || proto === null;
}

/**
 * The same function, traced once per input shapes/dtypes and cached. Closed-over tensors are
 * baked into the cached graph as constants (as in JAX): pass changing values as arguments.
 *
 * @example
 * ```ts
 * const f = jit((x) => np.sum(np.tanh(x).mul(x)));
 * f(np.ones([1000])); // traces and runs
 * f(np.zeros([1000])); // reuses the cached graph
 * ```
 */
export function jit<Args extends unknown[], R>(f: (...args: Args) => R, opts?: JitOptions): (...args: ArgsLike<Args>) => Tensors<R>;
export function jit<Args extends unknown[], R>(f: (...args: Args) => R, options?: JitOptions): (...args: Args) => R {
  if (typeof f !== "function") throw new ArgumentError(`jit: expected a function, got ${typeof f}.`);
  const label = fnLabel("jit", f);
  checkNotAsync(f, label);
  const opts = optionsArg(options, label, ["staticArgnums"]);
  const statics = new Set(typeof opts.staticArgnums === "number" ? [opts.staticArgnums] : (opts.staticArgnums ?? []));
  let cache = caches.get(f);
  if (cache === undefined) {
    cache = { entries: new Map(), newest: undefined, last: undefined, warned: false };
    caches.set(f, cache);
  }
  const graphs = cache;
  return (...args: Args): R => {
    // The commonest call again — the same tensor types as the newest trace's — skips the key.
    const last = graphs.last;
    if (last !== undefined && statics.size === 0 && sameTensorTypes(args, last.avals)) return runEntry(last.entry, args as unknown as Tensor[]);
    for (const s of statics) {
      if (!Number.isInteger(s) || s < 0 || s >= args.length) {
        throw new ArgumentError(`${label}: staticArgnums contains ${s} but ${args.length} positional arguments were passed.`);
      }
    }
    const dynamic = args.map((a, i) => (statics.has(i) ? null : a));
    // The common call — positional tensors or numbers, nothing static — needs no pytree walk to
    // key the cache: its structure is the flat list of its arguments.
    const flat = statics.size === 0 && args.every(isPlainLeaf);
    const [leaves, inTree] = flat ? [args as Leaf[], TreeDef.flatList(args.length)] : flatten(dynamic, "args", undefined, label);
    const tensors = leaves.map((l) => (l instanceof Tensor ? l : arrayFrom(l, undefined, label)));
    const avals = tensors.map(leafAval);
    const key = [
      inTree.toString(),
      avals.map(avalString).join(","),
      [...statics].sort().map((s) => staticKey(args[s], s, label)).join("|"),
      statics.size === 0 ? "" : [...statics].join(","),
    ].join(";");
    let entry = lookup(graphs, key);
    const allTensors = flat && args.every((a) => a instanceof Tensor);
    if (entry === undefined) {
      const { graph, captured } = traceClosed(
        (inputs) => {
          const rebuilt = unflatten(inTree, inputs) as unknown[];
          return f(...(rebuilt.map((a, i) => (statics.has(i) ? args[i] : a)) as Args));
        },
        avals,
        label,
        inTree,
      );
      entry = { graph: simplify(graph), captured };
      // A graph that captured an outer transform's tracers takes them as operands of this call only.
      if (captured.length === 0) store(graphs, key, entry, label);
    }
    // lookup and store made this entry the newest (when stored): remember its types for the next call.
    if (allTensors && entry.captured.length === 0 && graphs.newest === key) graphs.last = { entry, avals };
    return runEntry(entry, tensors);
  };

  /** Runs a trace on the call's tensors: its compiled plan, or one jit equation under a transform. */
  function runEntry(entry: Entry, tensors: Tensor[]): R {
    const { graph, captured } = entry;
    // With no transform watching, run the backend's executable; otherwise bind one jit equation, which
    // every transform handles by its rule (and which runs compiled wherever it is evaluated).
    if (currentInterpreter() === evalInterpreter && captured.length === 0 && !tensors.some(isTracer)) {
      const backend = currentBackend();
      if (entry.planBackend !== backend) {
        entry.plan = backend.compile(graph);
        entry.planBackend = backend;
      }
      return unflatten(graph.outTree, entry.plan!(tensors)) as R;
    }
    const operands = captured.length === 0 ? tensors : captured.concat(tensors);
    return unflatten(graph.outTree, ops.applyN("jit", operands, { name: f.name || "f", graph })) as R;
  }
}
