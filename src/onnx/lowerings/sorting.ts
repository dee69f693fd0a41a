/**
 * ONNX lowerings of the sorting area: sort (stable, lexicographic on several keys), argsort and
 * top_k. Each becomes a chain of full-length TopK passes, least significant key first: ONNX
 * Runtime's TopK breaks ties by the lower index (for both directions), so each pass is a stable
 * sort and the chain sorts lexicographically. Keys are mapped first so that TopK's plain `<`
 * yields fluxion's orders, which it cannot on raw floats (TopK leaves NaN ties unordered and
 * −0 equal to +0):
 * - sort and argsort (JAX's comparator): −0 = +0, every NaN equal and after +∞;
 * - top_k (IEEE total order, descending): NaN above +∞, +0 above −0.
 * float32 keys widen to float64, where NaN, ±∞ and −0 fit as distinct finite values around the
 * float32 range, so one pass per key suffices; float64 keys take a pass per part of the order.
 * uint32 keys widen to int64 and bools to int32 (ONNX Runtime's TopK takes neither).
 *
 * The sign of a NaN can be read only with BitCast (opset 26): no op of earlier opsets tells −NaN
 * from +NaN in ONNX Runtime (Sign gives NaN for both, Cast to string "NaN", casts to integers the
 * same value, casts through float16/bfloat16/float8 keep the sign but nothing reads it back). So
 * at opsets below 26 top_k ranks every NaN as +NaN (largest), where the reference kernel ranks a
 * −NaN smallest; from opset 26 on it reads the sign bit and ranks as the kernel does.
 */
import type { DType } from "../../tensor/dtype.js";
import { InternalError } from "../../errors.js";
import type { Emitter } from "../emitter.js";
import { type Lowering, lit } from "./kit.js";

const INT32 = 6, INT64 = 7, DOUBLE = 11;

/** One stable TopK pass: the key, and whether larger keys come first. */
interface Pass {
  readonly key: string;
  readonly largest: boolean;
}

/** Which order a key is sorted in: JAX's sort comparator, or top_k's IEEE total order. */
type Order = "sort" | "total";

/** x < 0 or x = −0: the sign bit of a non-NaN float (1/−0 = −∞). */
const signBit = (em: Emitter, x: string, d: DType): string =>
  em.op("Or", [em.op("Less", [x, lit(em, 0, d)]), em.op("Less", [em.op("Reciprocal", [x]), lit(em, 0, d)])]);

/**
 * True where `x` (float32 or float64) is a NaN with its sign bit set: read through BitCast to the
 * integer of its width (opset 26), whose sign is the float's sign bit.
 */
const negativeNaN = (em: Emitter, x: string, d: DType): string =>
  em.op("And", [em.op("IsNaN", [x]), em.op("Less", [em.op("BitCast", [x], { to: { i: d === "float32" ? INT32 : INT64 } }), d === "float32" ? lit(em, 0, "int32") : em.int64s([0], true)])]);

/**
 * The passes (least significant first) that order `x` of dtype `d` as `order` says, ascending
 * unless `largest`.
 */
function keyPasses(em: Emitter, x: string, d: DType, order: Order, largest: boolean): Pass[] {
  switch (d) {
    case "int32":
      return [{ key: x, largest }];
    case "uint32":
      return [{ key: em.op("Cast", [x], { to: { i: INT64 } }), largest }];
    case "bool":
      return [{ key: em.op("Cast", [x], { to: { i: INT32 } }), largest }];
    case "float32": {
      // Every float32 fits in [−3.5e38, 3.5e38]: ±∞ move to ±1e300 and NaN to +∞ (both orders put
      // NaN above everything); the total order's −0 moves just below +0, to −2^−1074.
      const wide = em.op("Cast", [x], { to: { i: DOUBLE } });
      const isNaN = em.op("IsNaN", [x]);
      let k = em.op("Where", [em.op("IsInf", [x], { detect_negative: { i: 0 } }), lit(em, 1e300, "float64"), wide]);
      k = em.op("Where", [em.op("IsInf", [x], { detect_positive: { i: 0 } }), lit(em, -1e300, "float64"), k]);
      if (order === "total") {
        const negZero = em.op("And", [em.op("Equal", [x, lit(em, 0, d)]), signBit(em, x, d)]);
        k = em.op("Where", [negZero, lit(em, -5e-324, "float64"), k]);
      }
      k = em.op("Where", [isNaN, lit(em, Infinity, "float64"), k]);
      // A −NaN below everything (−∞ is at −1e300 here), where the sign can be read.
      if (order === "total" && em.opset >= 26) k = em.op("Where", [negativeNaN(em, x, d), lit(em, -Infinity, "float64"), k]);
      return [{ key: k, largest }];
    }
    case "float64": {
      // NaN joins +∞ in the value pass; a more significant pass puts it above.
      const isNaN = em.op("IsNaN", [x]);
      const value = em.op("Where", [isNaN, lit(em, Infinity, d), x]);
      let nanFlag = em.op("Cast", [isNaN], { to: { i: INT32 } });
      // Where the sign can be read: a −NaN's flag is −1, below every number (+NaN 1, numbers 0).
      if (order === "total" && em.opset >= 26) nanFlag = em.op("Sub", [nanFlag, em.op("Mul", [em.op("Cast", [negativeNaN(em, x, d)], { to: { i: INT32 } }), lit(em, 2, "int32")])]);
      const passes: Pass[] = [{ key: value, largest }, { key: nanFlag, largest }];
      if (order === "sort") return passes;
      // Total order: among equal values (only ±0 differ), +0 above −0 — the least significant pass.
      const positive = em.op("Cast", [em.op("Not", [signBit(em, x, d)])], { to: { i: INT32 } });
      return [{ key: positive, largest }, ...passes];
    }
    default:
      throw new InternalError(`onnx.exportGraph: no sort key for dtype ${d}`);
  }
}

/**
 * The first `k` entries (all `n` by default) of the int64 permutation along `axis` that the passes
 * sort into: each pass sorts the key as the previous passes permuted it, stably, and composes the
 * permutations; the last (most significant) pass need only find the first k.
 */
function stableOrder(em: Emitter, passes: readonly Pass[], axis: number, n: number, first = n): string {
  let perm: string | undefined;
  for (const [i, p] of passes.entries()) {
    const k = em.int64s([i === passes.length - 1 ? first : n]);
    const key = perm === undefined ? p.key : em.op("GatherElements", [p.key, perm], { axis: { i: axis } });
    const values = em.fresh("topk_values");
    const indices = em.fresh("topk_indices");
    em.node("TopK", [key, k], [values, indices], { axis: { i: axis }, largest: { i: p.largest ? 1 : 0 }, sorted: { i: 1 } });
    perm = perm === undefined ? indices : em.op("GatherElements", [perm, indices], { axis: { i: axis } });
  }
  return perm!;
}

const sort: Lowering<"sort"> = (em, e, ins, outs) => {
  const { dimension, numKeys } = e.params;
  const n = e.inputs[0]!.aval.shape[dimension]!;
  const passes: Pass[] = [];
  for (let k = numKeys - 1; k >= 0; k--) passes.push(...keyPasses(em, ins[k]!, e.inputs[k]!.aval.dtype, "sort", false));
  const perm = stableOrder(em, passes, dimension, n);
  ins.forEach((x, i) => em.node("GatherElements", [x, perm], [outs[i]!], { axis: { i: dimension } }));
};

const argsort: Lowering<"argsort"> = (em, e, [x], [out]) => {
  const shape = e.inputs[0]!.aval.shape;
  const axis = e.params.axis < 0 ? e.params.axis + shape.length : e.params.axis;
  const perm = stableOrder(em, keyPasses(em, x!, e.inputs[0]!.aval.dtype, "sort", false), axis, shape[axis]!);
  em.node("Cast", [perm], [out!], { to: { i: INT32 } });
};

const topK: Lowering<"top_k"> = (em, e, [x], [values, indices]) => {
  const { k, axis } = e.params;
  const n = e.inputs[0]!.aval.shape[axis]!;
  const first = stableOrder(em, keyPasses(em, x!, e.inputs[0]!.aval.dtype, "total", true), axis, n, k);
  em.node("GatherElements", [x!, first], [values!], { axis: { i: axis } });
  em.node("Cast", [first], [indices!], { to: { i: INT32 } });
};

/** The sorting part of the ONNX lowering table. */
export const SORTING_LOWERINGS = { sort, argsort, top_k: topK };
