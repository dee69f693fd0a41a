/**
 * Printing graphs in the spirit of a jaxpr. Variables are renamed a, b, …, z, ba, bb, … in order
 * of definition (constants, inputs, then equation outputs), so equal graphs print equally whatever
 * their internal ids. Short graphs print on one line, longer ones one equation a line.
 */
import { optionsArg } from "../errors.js";
import { shortName } from "../tensor/dtype.js";
import type { Atom, Equation, GraphBody, Var } from "./types.js";
import { avalString } from "./types.js";

/** Name number `n` as a, b, …, z, ba, bb, … (base 26 over letters, like jaxprs). */
export function varName(n: number): string {
  let s = "";
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return s;
}

/** Assigns printed names to every variable of a graph, in definition order. */
export function nameVars(g: GraphBody): Map<number, string> {
  const names = new Map<number, string>();
  const add = (v: Var): void => {
    if (!names.has(v.id)) names.set(v.id, varName(names.size));
  };
  g.constVars.forEach(add);
  g.inputs.forEach(add);
  for (const e of g.equations) e.outputs.forEach(add);
  return names;
}

/** The shortest decimal that reads back as the same float32 (0.1, not 0.10000000149011612). */
function shortestFloat32(value: number): string {
  for (let p = 1; p <= 9; p++) {
    const s = value.toPrecision(p);
    if (Math.fround(Number(s)) === value) return String(Number(s));
  }
  return String(value);
}

/** Formats one literal (`dtype` is the short name): `2.0:f32[]`, `-inf:f32[]`, `3:i32[]`, `3:u32[]`, `True:bool[]`. */
export function literalString(value: number, dtype: string): string {
  if (dtype === "bool") return `${value ? "True" : "False"}:bool[]`;
  let text: string;
  if (Number.isNaN(value)) text = "nan";
  else if (value === Infinity) text = "inf";
  else if (value === -Infinity) text = "-inf";
  else if (dtype === "i32" || dtype === "u32") text = String(value);
  else if (Object.is(value, -0)) text = "-0.0";
  else {
    text = dtype === "f32" ? shortestFloat32(value) : String(value);
    if (/^-?\d+$/.test(text)) text += ".0";
    text = text.replace("e+", "e");
  }
  return `${text}:${dtype}[]`;
}

/** Formats a param value: arrays as tuples `(0, 1)`, `(0,)`; nested objects as `{k=v}`. */
export function paramString(v: unknown): string {
  if (typeof v === "function") return `<function ${v.name || "anonymous"}>`;
  if (isGraphLike(v)) return indentGraph(String(v));
  if (Array.isArray(v)) {
    if (v.length === 0) return "()";
    return v.length === 1 ? `(${paramString(v[0])},)` : `(${v.map(paramString).join(", ")})`;
  }
  if (v !== null && typeof v === "object") {
    return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}=${paramString(x)}`).join(", ")}}`;
  }
  if (typeof v === "number") return Number.isNaN(v) ? "nan" : String(v);
  return String(v);
}

/** A nested graph (control flow, custom rules, checkpoint), recognised without importing Graph. */
function isGraphLike(v: unknown): v is { equations: unknown; outTree: unknown } {
  return typeof v === "object" && v !== null && "equations" in v && "outTree" in v;
}

/** A nested graph printed inside its equation: later lines indented one level. */
function indentGraph(text: string): string {
  return text.split("\n").join("\n    ");
}

/** Formats params as `[axes=(0,), keepdims=False]`, or "" when there are none. */
export function paramsString(params: object): string {
  const entries = Object.entries(params);
  if (entries.length === 0) return "";
  return `[${entries.map(([k, v]) => (isDotDims(v) ? dotDimsString(v) : `${toSnake(k)}=${paramString(v)}`)).join(", ")}]`;
}

interface DotDimsLike {
  lhsContract: readonly number[];
  rhsContract: readonly number[];
  lhsBatch: readonly number[];
  rhsBatch: readonly number[];
}

function isDotDims(v: unknown): v is DotDimsLike {
  return typeof v === "object" && v !== null && "lhsContract" in v && "rhsBatch" in v;
}

/** dot_general's dimensions as jaxprs print them: `dimension_numbers=(((1,), (0,)), ((), ()))`. */
function dotDimsString(d: DotDimsLike): string {
  const t = (xs: readonly number[]): string => paramString([...xs]);
  return `dimension_numbers=((${t(d.lhsContract)}, ${t(d.rhsContract)}), (${t(d.lhsBatch)}, ${t(d.rhsBatch)}))`;
}

function toSnake(k: string): string {
  return k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Formats one equation given variable names. */
export function equationString(e: Equation, names: Map<number, string>): string {
  const atom = (a: Atom): string =>
    a._tag === "Var" ? names.get(a.id) ?? `?${a.id}` : literalString(a.value, shortName(a.aval.dtype));
  const outs = e.outputs.map((v) => `${names.get(v.id)}:${avalString(v.aval)}`).join(" ");
  return `${outs} = ${e.primitive}${paramsString(e.params)} ${e.inputs.map(atom).join(" ")}`.trimEnd();
}

/** Options of `graphToString` (and `Graph.toString`). */
export interface PrintOptions {
  /**
   * Annotate each equation with where it came from: its scope (`loss/mlp/dense`, from
   * `namedScope` and the user's function names), its source line, and `backward` for equations of
   * a backward pass (which carry the scope and line of the forward equation they differentiate).
   */
  readonly provenance?: boolean;
}

/** `# backward · loss/mlp · model.ts:12:5`, or "" when nothing is known. */
function provenanceComment(e: Equation): string {
  const parts = [e.pass === "backward" ? "backward" : "", e.scope ?? "", e.source ?? ""].filter((p) => p !== "");
  return parts.length === 0 ? "" : `# ${parts.join(" · ")}`;
}

/** The whole graph as text; `{ provenance: true }` adds each equation's scope, line and pass. */
export function graphToString(g: GraphBody, options?: PrintOptions): string {
  const { provenance } = optionsArg(options, "Graph.toString", ["provenance"]);
  const names = nameVars(g);
  const decl = (v: Var): string => `${names.get(v.id)}:${avalString(v.aval)}`;
  const atom = (a: Atom): string =>
    a._tag === "Var" ? names.get(a.id) ?? `?${a.id}` : literalString(a.value, shortName(a.aval.dtype));
  const head = `lambda ${g.constVars.map(decl).join(" ")}${g.constVars.length ? " " : ""}; ${g.inputs.map(decl).join(" ")}.`;
  let eqns = g.equations.map((e) => equationString(e, names));
  const outs = `(${g.outputs.map(atom).join(", ")})`;
  if (provenance === true && eqns.length > 0) {
    // One equation a line, comments aligned in a column after the longest (single-line) equation.
    const width = Math.min(72, Math.max(...eqns.map((t) => (t.includes("\n") ? 0 : t.length))));
    eqns = eqns.map((t, i) => {
      const c = provenanceComment(g.equations[i]!);
      return c === "" ? t : `${t.includes("\n") ? t : t.padEnd(width)}  ${c}`;
    });
    return `{ ${head}\n  let ${eqns.join("\n      ")}\n  in ${outs} }`;
  }
  const oneLine = `{ ${head} let ${eqns.join("; ")} in ${outs} }`;
  if (eqns.length === 0) return `{ ${head} let  in ${outs} }`.replace("let  in", "let in");
  if (oneLine.length <= 100) return oneLine;
  return `{ ${head}\n  let ${eqns.join("\n      ")}\n  in ${outs} }`;
}
