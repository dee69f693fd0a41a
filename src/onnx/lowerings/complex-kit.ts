/**
 * What the complex lowerings share. ONNX Runtime has no complex arithmetic, so an exported graph
 * carries a complex64 (complex128) value as a float32 (float64) tensor with a trailing axis of 2,
 * (real, imaginary) — the layout of ONNX's DFT, and the interleaved order of fluxion's storage
 * (proto.ts `storedAs`). These builders take such a value apart (`re`, `im`) and put one together
 * (`pack`), and run a real lowering on the parts of complex operands (`onParts`): an equation
 * whose avals name the parts' float dtype instead, lowered by the real table's entry.
 */
import type { Atom, Aval, EquationOf, PrimName, Var } from "../../ir/types.js";
import { type DType, isComplex, realPartDType } from "../../tensor/dtype.js";
import type { Emitter, OnnxLowering } from "../emitter.js";

/** The lowering type of primitive `N` on complex operands. */
export type ComplexLowering<N extends PrimName> = OnnxLowering<EquationOf<N>>;

/** The float dtype of a complex dtype's parts (a real dtype is its own). */
export const partDtype = (d: DType): DType => (isComplex(d) ? realPartDType(d) : d);

/** Part `k` (0 real, 1 imaginary) of a complex value: its trailing pair axis indexed away. */
export function partOf(em: Emitter, z: string, k: 0 | 1): string {
  return em.op("Gather", [z, em.int64s([k], true)], { axis: { i: -1 } });
}

/** The real part of a complex value. */
export const re = (em: Emitter, z: string): string => partOf(em, z, 0);

/** The imaginary part of a complex value. */
export const im = (em: Emitter, z: string): string => partOf(em, z, 1);

/**
 * The complex value of `shape` with parts `r` and `i` (each of `shape`, or broadcastable to it:
 * a part that is a scalar, such as a literal 0, is expanded).
 */
export function pack(em: Emitter, r: string, i: string, shape: readonly number[]): string {
  const target = em.int64s([...shape, 1]);
  const column = (v: string): string => em.op("Expand", [em.op("Unsqueeze", [v, em.int64s([-1])]), target]);
  return em.op("Concat", [column(r), column(i)], { axis: { i: -1 } });
}

/** `v` with its aval's complex dtype replaced by its parts' dtype (a literal keeps its value, the real part). */
function asPart<A extends Atom>(a: A): A {
  if (!isComplex(a.aval.dtype)) return a;
  const aval: Aval = { shape: a.aval.shape, dtype: partDtype(a.aval.dtype) };
  return { ...a, aval };
}

/**
 * `e` as an equation on the parts: every complex aval (operands and results) replaced by its
 * parts' float dtype, params `params` (default `e`'s). The result is for handing to a real
 * lowering only; its variables are never named through an emitter.
 */
export function partEquation<N extends PrimName>(e: EquationOf<N>, params: EquationOf<N>["params"] = e.params): EquationOf<N> {
  return { ...e, params, inputs: e.inputs.map(asPart), outputs: e.outputs.map((v) => asPart(v) as Var) };
}

/**
 * Runs `lowering` (a real table entry) on `e` with operands `ins`, into `outs` (fresh names if
 * undefined); returns the result names.
 */
export function lowerReal<N extends PrimName>(em: Emitter, lowering: OnnxLowering<EquationOf<N>>, e: EquationOf<N>, ins: readonly string[], outs?: readonly string[]): string[] {
  const names = outs ?? e.outputs.map(() => em.fresh("part"));
  lowering(em, e, ins, names);
  return [...names];
}

/**
 * A primitive that acts on the real and imaginary parts alike (movement, gathers and scatters,
 * selection, sums): `lowering` runs once on the real parts of the complex operands and once on
 * the imaginary parts (other operands, such as indices and predicates, as they are), and the
 * results are packed again.
 */
export function partwise<N extends PrimName>(lowering: OnnxLowering<EquationOf<N>>): ComplexLowering<N> {
  return (em, e, ins, outs) => {
    const pe = partEquation(e);
    const side = (k: 0 | 1): string[] => lowerReal(em, lowering, pe, ins.map((x, j) => (isComplex(e.inputs[j]!.aval.dtype) ? partOf(em, x, k) : x)));
    const rs = side(0);
    const is = side(1);
    e.outputs.forEach((v, j) => {
      if (isComplex(v.aval.dtype)) em.node("Identity", [pack(em, rs[j]!, is[j]!, v.aval.shape)], [outs[j]!]);
      else em.node("Identity", [rs[j]!], [outs[j]!]);
    });
  };
}

/**
 * An equation of `primitive` with `params` on operands of `inputs` avals giving `outputs`: what a
 * real lowering is handed to build part of a complex one (it reads avals and params, never variables).
 */
export function synthetic<N extends PrimName>(primitive: N, params: EquationOf<N>["params"], inputs: readonly Aval[], outputs: readonly Aval[]): EquationOf<N> {
  return {
    _tag: "Equation",
    primitive,
    params,
    inputs: inputs.map((aval, k) => ({ _tag: "Var", id: -1 - k, aval }) as Var),
    outputs: outputs.map((aval, k) => ({ _tag: "Var", id: -1 - inputs.length - k, aval }) as Var),
    source: undefined,
    scope: undefined,
    pass: "forward",
  } as EquationOf<N>;
}
