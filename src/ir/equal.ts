/**
 * Structural equality and hashing of graphs, up to renaming of variables (alpha-equivalence):
 * two graphs are equal when they have the same inputs, constants, equations (primitive, params,
 * operand wiring, types) and outputs, whatever ids their variables carry and whatever source
 * lines their equations remember. Sub-graphs in params compare structurally too; functions in
 * params (custom rules) compare by identity. Constant arrays compare by shape, dtype and bits.
 *
 * Graphs are immutable, so a graph's hash is computed once and remembered. The walks are loops
 * over equations; only nested sub-graphs recurse, as deep as the program's own nesting.
 *
 * @example
 * ```ts
 * const f = (x: Tensor) => np.sin(x).mul(2);
 * const a = trace(f)(np.ones([3]));
 * const b = trace(f)(np.zeros([3]));
 * graphsEqual(a, b); // true: same equations, other variable ids are irrelevant
 * graphHash(a) === graphHash(b); // true
 * ```
 */
import type { Tensor } from "../tensor/tensor.js";
import { Graph } from "./graph.js";
import type { Atom, Aval } from "./types.js";

// ---- hashing -----------------------------------------------------------------------------------

/** A 32-bit running hash (FNV-1a over 32-bit words, with a final avalanche). */
class Hasher {
  private h = 0x811c9dc5;

  word(w: number): void {
    this.h = Math.imul(this.h ^ (w | 0), 0x01000193);
  }

  private static readonly f64 = new Float64Array(1);
  private static readonly u32 = new Uint32Array(Hasher.f64.buffer);

  /** A number by its bits (−0 and +0 differ; every NaN hashes alike). */
  num(x: number): void {
    if (Number.isNaN(x)) {
      this.word(0x7ff80000);
      return;
    }
    Hasher.f64[0] = x;
    this.word(Hasher.u32[0]!);
    this.word(Hasher.u32[1]!);
  }

  str(s: string): void {
    this.word(s.length);
    for (let i = 0; i < s.length; i++) this.word(s.charCodeAt(i));
  }

  digest(): number {
    let h = this.h;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
  }
}

/** Identity numbers for functions in params (custom rules) and data-less tensors, for hashing. */
const functionIds = new WeakMap<object, number>();
let nextFunctionId = 1;

function functionId(f: object): number {
  let id = functionIds.get(f);
  if (id === undefined) {
    id = nextFunctionId++;
    functionIds.set(f, id);
  }
  return id;
}

/** How many elements of a constant the hash reads (equality reads them all). */
const HASHED_CONSTANT_ELEMENTS = 64;

function hashAval(h: Hasher, a: Aval): void {
  h.str(a.dtype);
  h.word(a.shape.length);
  for (const d of a.shape) h.word(d);
}

function hashTensor(h: Hasher, t: Tensor): void {
  hashAval(h, t);
  const data = t.buffer;
  // A captured tracer (a graph traced inside another transform) has no data: its identity counts.
  if (data === undefined) {
    h.word(functionId(t));
    return;
  }
  const n = Math.min(data.length, HASHED_CONSTANT_ELEMENTS);
  for (let i = 0; i < n; i++) h.num(data[i]!);
}

/** Params are plain data: numbers, strings, booleans, arrays, records, sub-graphs and functions. */
function hashValue(h: Hasher, v: unknown): void {
  if (typeof v === "number") {
    h.word(1);
    h.num(v);
  } else if (typeof v === "string") {
    h.word(2);
    h.str(v);
  } else if (typeof v === "boolean") {
    h.word(v ? 3 : 4);
  } else if (v === undefined || v === null) {
    h.word(v === undefined ? 5 : 6);
  } else if (typeof v === "function") {
    h.word(7);
    h.word(functionId(v));
  } else if (v instanceof Graph) {
    h.word(8);
    h.word(graphHash(v));
  } else if (Array.isArray(v)) {
    h.word(9);
    h.word(v.length);
    for (const x of v) hashValue(h, x);
  } else if (typeof v === "object") {
    h.word(10);
    const keys = Object.keys(v).sort();
    h.word(keys.length);
    for (const k of keys) {
      h.str(k);
      hashValue(h, (v as Record<string, unknown>)[k]);
    }
  }
}

/** A 32-bit hash of an equation's params (sub-graphs structurally, functions by identity). */
export function paramsHash(params: unknown): number {
  const h = new Hasher();
  hashValue(h, params);
  return h.digest();
}

const hashes = new WeakMap<Graph, number>();

/** A 32-bit hash of `g` that ignores variable ids and source lines: equal graphs hash alike. */
export function graphHash(g: Graph): number {
  const known = hashes.get(g);
  if (known !== undefined) return known;
  const h = new Hasher();
  const canon = new Map<number, number>();
  const bind = (id: number): void => void canon.set(id, canon.size);
  const atom = (a: Atom): void => {
    if (a._tag === "Literal") {
      h.word(-1);
      h.num(a.value);
      h.str(a.aval.dtype);
    } else {
      h.word(canon.get(a.id) ?? -2);
    }
  };
  h.word(g.inputs.length);
  for (const v of g.inputs) {
    hashAval(h, v.aval);
    bind(v.id);
  }
  h.word(g.constVars.length);
  g.constVars.forEach((v, i) => {
    hashTensor(h, g.constValues[i]!);
    bind(v.id);
  });
  h.word(g.equations.length);
  for (const e of g.equations) {
    h.str(e.primitive);
    hashValue(h, e.params);
    h.word(e.inputs.length);
    for (const a of e.inputs) atom(a);
    h.word(e.outputs.length);
    for (const v of e.outputs) {
      hashAval(h, v.aval);
      bind(v.id);
    }
  }
  h.word(g.outputs.length);
  for (const a of g.outputs) atom(a);
  h.str(g.inTree.toString());
  h.str(g.outTree.toString());
  const digest = h.digest();
  hashes.set(g, digest);
  return digest;
}

// ---- equality ----------------------------------------------------------------------------------

function avalsSame(a: Aval, b: Aval): boolean {
  return a.dtype === b.dtype && a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
}

function tensorsSame(a: Tensor, b: Tensor): boolean {
  if (a === b) return true;
  if (!avalsSame(a, b) || a.buffer === undefined || b.buffer === undefined) return false;
  const x = a.buffer, y = b.buffer;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
  return true;
}

function valuesSame(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return Object.is(a, b);
  if (a instanceof Graph && b instanceof Graph) return graphsEqual(a, b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => valuesSame(x, b[i]));
  if (typeof a === "object" && typeof b === "object" && a !== null && b !== null && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
    return (
      ka.length === kb.length &&
      ka.every((k, i) => k === kb[i] && valuesSame((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return a === b;
}

/** True when two equations' params are equal: numbers by bits, sub-graphs structurally, functions by identity. */
export function paramsEqual(a: unknown, b: unknown): boolean {
  return valuesSame(a, b);
}

/**
 * True when `a` and `b` are the same program up to renaming of variables (and source lines):
 * the hash agrees, and a walk that pairs their variables in definition order finds every
 * equation, operand and output the same.
 */
export function graphsEqual(a: Graph, b: Graph): boolean {
  if (a === b) return true;
  if (graphHash(a) !== graphHash(b)) return false;
  if (
    a.inputs.length !== b.inputs.length ||
    a.constVars.length !== b.constVars.length ||
    a.equations.length !== b.equations.length ||
    a.outputs.length !== b.outputs.length
  ) {
    return false;
  }
  // pair: a's variable id → b's variable id, built as definitions are met in order.
  const pair = new Map<number, number>();
  const define = (x: { id: number; aval: Aval }, y: { id: number; aval: Aval }): boolean => {
    if (!avalsSame(x.aval, y.aval)) return false;
    pair.set(x.id, y.id);
    return true;
  };
  const sameAtom = (x: Atom, y: Atom): boolean => {
    if (x._tag === "Literal" || y._tag === "Literal") {
      return x._tag === "Literal" && y._tag === "Literal" && Object.is(x.value, y.value) && x.aval.dtype === y.aval.dtype;
    }
    return pair.get(x.id) === y.id;
  };
  for (let i = 0; i < a.inputs.length; i++) if (!define(a.inputs[i]!, b.inputs[i]!)) return false;
  for (let i = 0; i < a.constVars.length; i++) {
    if (!define(a.constVars[i]!, b.constVars[i]!) || !tensorsSame(a.constValues[i]!, b.constValues[i]!)) return false;
  }
  for (let k = 0; k < a.equations.length; k++) {
    const x = a.equations[k]!, y = b.equations[k]!;
    if (x.primitive !== y.primitive || x.inputs.length !== y.inputs.length || x.outputs.length !== y.outputs.length) return false;
    for (let i = 0; i < x.inputs.length; i++) if (!sameAtom(x.inputs[i]!, y.inputs[i]!)) return false;
    if (!valuesSame(x.params, y.params)) return false;
    for (let i = 0; i < x.outputs.length; i++) if (!define(x.outputs[i]!, y.outputs[i]!)) return false;
  }
  for (let i = 0; i < a.outputs.length; i++) if (!sameAtom(a.outputs[i]!, b.outputs[i]!)) return false;
  return a.inTree.equals(b.inTree) && a.outTree.equals(b.outTree);
}
