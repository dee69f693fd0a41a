/**
 * Products: inner, vdot, vecdot, matvec, vecmat, tensordot, cross, kron, trace. As in JAX, every
 * contraction is one dot_general (batch dimensions broadcast first), `cross` and `kron` are
 * elementwise products of slices and broadcasts, and `trace` sums a gathered diagonal. Operands
 * promote as JAX's do (weak JS numbers adopt the other operand's dtype); bool operands contract to
 * bool (an OR of ANDs), as jnp.dot of bools does.
 */
import { ArgumentError, ShapeError, describeValue, fmtShape, fmtValue, inContext } from "../errors.js";
import * as ops from "../primitives/ops.js";
import { scalar } from "../tensor/from-js.js";
import { broadcastShapes, normalizeAxes, normalizeAxis } from "../tensor/shape.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { conj } from "./complex.js";
import { diagonalOf } from "./diagonal-of.js";
import { broadcastTensor, promoteOperands, requireNumeric, toBool } from "./coerce.js";
import { optionalArgs } from "./options.js";

/** `np.vecdot`'s options. */
export interface VecdotOptions {
  axis?: number;
}
/** `np.tensordot`'s `axes`: N (the last N of a with the first N of b) or `[axesOfA, axesOfB]`. */
export type TensordotAxes = number | readonly [number | readonly number[], number | readonly number[]];
/** `np.cross`'s options (JAX's keyword arguments); `axis` sets all three. */
export interface CrossOptions {
  axisa?: number;
  axisb?: number;
  axisc?: number;
  axis?: number;
}
/** `np.trace`'s options. */
export interface TraceOptions {
  offset?: number;
  axis1?: number;
  axis2?: number;
}

const range = (start: number, stop: number): number[] => Array.from({ length: Math.max(0, stop - start) }, (_, i) => start + i);

/** Promoted operands ready for dot_general: bool computes in int32 and converts back (x ≠ 0) at the end. */
function dotOperands(op: string, xs: readonly TensorLike[]): { ts: Tensor[]; finish: (t: Tensor) => Tensor } {
  const ts = promoteOperands(op, xs);
  if (ts[0]!.dtype !== "bool") return { ts, finish: (t) => t };
  return { ts: ts.map((t) => ops.convert(t, "int32")), finish: toBool };
}

/** `x` with axis `from` moved to position `to` (both normalised). */
function moveAxis(x: Tensor, from: number, to: number): Tensor {
  if (from === to) return x;
  const perm = range(0, x.ndim).filter((d) => d !== from);
  perm.splice(to, 0, from);
  return ops.transpose(x, perm);
}

function contractionMismatch(op: string, a: Tensor, ia: number, b: Tensor, ib: number): never {
  throw new ShapeError(
    `np.${op}: contraction mismatch: args[0] ${fmtShape(a.shape)} axis ${ia} has size ${a.shape[ia]} but ` +
      `args[1] ${fmtShape(b.shape)} axis ${ib} has size ${b.shape[ib]}; the contracted axes must have one size.`,
  );
}

/** a · b with numpy broadcasting (for a 0-d operand, where JAX's products multiply). */
function broadcastMul(a: Tensor, b: Tensor): Tensor {
  const shape = broadcastShapes("np.mul", [a.shape, b.shape]);
  const [x, y] = [a.ndim === 0 ? a : broadcastTensor(a, shape), b.ndim === 0 ? b : broadcastTensor(b, shape)];
  return a.dtype === "bool" ? ops.binaryOp("and", x, y) : ops.mul(x, y);
}

/**
 * Inner product over the last axes: `out[i…, j…] = Σₖ a[i…, k] · b[j…, k]`, of shape
 * `a.shape[:-1] ++ b.shape[:-1]`; a 0-d operand multiplies.
 * @example `np.inner([1, 2, 3], [4, 5, 6]).item()` // 32
 */
export function inner(a: TensorLike, b: TensorLike): Tensor {
  return inContext("np.inner", () => {
    const { ts, finish } = dotOperands("inner", [a, b]);
    const [x, y] = ts as [Tensor, Tensor];
    if (x.ndim === 0 || y.ndim === 0) return broadcastMul(...(promoteOperands("inner", [a, b]) as [Tensor, Tensor]));
    const ia = x.ndim - 1, ib = y.ndim - 1;
    if (x.shape[ia] !== y.shape[ib]) contractionMismatch("inner", x, ia, y, ib);
    return finish(ops.dotGeneral(x, y, { lhsContract: [ia], rhsContract: [ib], lhsBatch: [], rhsBatch: [] }));
  });
}

/**
 * Dot product of the flattened operands (conjugating the first, which for real dtypes changes
 * nothing): a 0-d result. The operands must have one number of elements.
 * @example `np.vdot([[1, 2], [3, 4]], [[1, 1], [1, 1]]).item()` // 10
 */
export function vdot(a: TensorLike, b: TensorLike): Tensor {
  return inContext("np.vdot", () => {
    const { ts, finish } = dotOperands("vdot", [a, b]);
    const [x, y] = ts as [Tensor, Tensor];
    if (x.size !== y.size) {
      throw new ShapeError(`np.vdot: args[0] ${fmtShape(x.shape)} has ${x.size} elements but args[1] ${fmtShape(y.shape)} has ${y.size}; vdot needs equal sizes.`);
    }
    const fx = ops.reshape(conj(x), [x.size]), fy = ops.reshape(y, [y.size]);
    return finish(ops.dotGeneral(fx, fy, { lhsContract: [0], rhsContract: [0], lhsBatch: [], rhsBatch: [] }));
  });
}

/**
 * The batched contraction behind vecdot, matvec and vecmat: x's core dims `xCore` (its last ones)
 * against y's `yCore`, contracting `xc` with `yc`, over broadcast leading (batch) dims.
 */
function batchedContract(op: string, x: Tensor, y: Tensor, xCore: number, yCore: number, xc: number, yc: number): Tensor {
  const xb = x.shape.slice(0, x.ndim - xCore), yb = y.shape.slice(0, y.ndim - yCore);
  const batch = broadcastShapes(`np.${op}`, [xb, yb]);
  const nb = batch.length;
  const bx = broadcastTensor(x, [...batch, ...x.shape.slice(x.ndim - xCore)]);
  const by = broadcastTensor(y, [...batch, ...y.shape.slice(y.ndim - yCore)]);
  const b = range(0, nb);
  return ops.dotGeneral(bx, by, { lhsContract: [nb + xc], rhsContract: [nb + yc], lhsBatch: b, rhsBatch: b });
}

function atLeast(op: string, t: Tensor, rank: number, arg: string, what: string): void {
  if (t.ndim < rank) throw new ShapeError(`np.${op}: ${arg} must be at least ${rank}-D (${what}); got shape ${fmtShape(t.shape)}.`);
}

/**
 * Vector dot product along `axis` (default −1, counted in each operand) with the other axes
 * broadcast: `Σₖ conj(x1[…, k]) · x2[…, k]`.
 * @example `np.vecdot([[1, 2], [3, 4]], [1, 1]).toArray()` // [3, 7]
 */
export function vecdot(x1: TensorLike, x2: TensorLike, ...rest: [axis?: number, options?: VecdotOptions] | [options: VecdotOptions]): Tensor {
  return inContext("np.vecdot", () => {
    const { axis = -1 } = optionalArgs("np.vecdot", ["axis"], rest);
    const { ts, finish } = dotOperands("vecdot", [x1, x2]);
    let [x, y] = ts as [Tensor, Tensor];
    atLeast("vecdot", x, 1, "args[0]", "a vector along axis");
    atLeast("vecdot", y, 1, "args[1]", "a vector along axis");
    const ax = normalizeAxis(axis as number, x.ndim, "np.vecdot"), ay = normalizeAxis(axis as number, y.ndim, "np.vecdot");
    if (x.shape[ax] !== y.shape[ay]) contractionMismatch("vecdot", x, ax, y, ay);
    x = moveAxis(conj(x), ax, x.ndim - 1);
    y = moveAxis(y, ay, y.ndim - 1);
    return finish(batchedContract("vecdot", x, y, 1, 1, 0, 0));
  });
}

/**
 * Matrix–vector product over broadcast batch dims: `(…, m, n) × (…, n) → (…, m)`.
 * @example `np.matvec([[1, 2], [3, 4]], [1, 1]).toArray()` // [3, 7]
 */
export function matvec(x1: TensorLike, x2: TensorLike): Tensor {
  return inContext("np.matvec", () => {
    const { ts, finish } = dotOperands("matvec", [x1, x2]);
    const [x, y] = ts as [Tensor, Tensor];
    atLeast("matvec", x, 2, "args[0]", "a matrix");
    atLeast("matvec", y, 1, "args[1]", "a vector");
    if (x.shape[x.ndim - 1] !== y.shape[y.ndim - 1]) contractionMismatch("matvec", x, x.ndim - 1, y, y.ndim - 1);
    return finish(batchedContract("matvec", x, y, 2, 1, 1, 0));
  });
}

/**
 * Vector–matrix product over broadcast batch dims: `(…, n) × (…, n, m) → (…, m)` (the vector
 * conjugated, which changes nothing for real dtypes).
 * @example `np.vecmat([1, 1], [[1, 2], [3, 4]]).toArray()` // [4, 6]
 */
export function vecmat(x1: TensorLike, x2: TensorLike): Tensor {
  return inContext("np.vecmat", () => {
    const { ts, finish } = dotOperands("vecmat", [x1, x2]);
    const [x, y] = ts as [Tensor, Tensor];
    atLeast("vecmat", x, 1, "args[0]", "a vector");
    atLeast("vecmat", y, 2, "args[1]", "a matrix");
    if (x.shape[x.ndim - 1] !== y.shape[y.ndim - 2]) contractionMismatch("vecmat", x, x.ndim - 1, y, y.ndim - 2);
    return finish(batchedContract("vecmat", x, y, 1, 2, 0, 0));
  });
}

/** One side of tensordot's `axes` pair: an axis or a list of axes. */
function axisList(v: unknown, ndim: number, arg: string): number[] {
  const list = typeof v === "number" ? [v] : v;
  if (!Array.isArray(list)) {
    throw new ArgumentError(`np.tensordot: axes${arg} must be an integer or a list of integers; got ${describeValue(v)}.`);
  }
  return normalizeAxes(list as number[], ndim, "np.tensordot");
}

/**
 * Contracts axes of `a` with axes of `b`. `axes` (default 2) is an integer N — the last N axes of
 * `a` with the first N of `b` — or a pair `[axesOfA, axesOfB]` of integers or equal-length lists
 * (negative axes count from the end). The result has a's free axes, then b's.
 * @example `np.tensordot(np.ones([2, 3, 4]), np.ones([3, 4, 5])).shape` // [2, 5]
 */
export function tensordot(a: TensorLike, b: TensorLike, ...rest: [axes?: TensordotAxes, options?: { axes?: TensordotAxes }] | [options: { axes?: TensordotAxes }]): Tensor {
  return inContext("np.tensordot", () => {
    const { axes = 2 } = optionalArgs("np.tensordot", ["axes"], rest);
    const { ts, finish } = dotOperands("tensordot", [a, b]);
    const [x, y] = ts as [Tensor, Tensor];
    let ca: number[], cb: number[];
    if (typeof axes === "number") {
      if (!Number.isInteger(axes) || axes < 0 || axes > x.ndim || axes > y.ndim) {
        throw new ShapeError(
          `np.tensordot: axes=${fmtValue(axes)} must be an integer in [0, ${Math.min(x.ndim, y.ndim)}] for operands of rank ${x.ndim} and ${y.ndim}.`,
        );
      }
      ca = range(x.ndim - axes, x.ndim);
      cb = range(0, axes);
    } else if (Array.isArray(axes) && axes.length === 2) {
      ca = axisList(axes[0], x.ndim, "[0]");
      cb = axisList(axes[1], y.ndim, "[1]");
      if (ca.length !== cb.length) {
        throw new ShapeError(`np.tensordot: axes[0] lists ${ca.length} axes but axes[1] lists ${cb.length}; give one axis of b for each axis of a.`);
      }
    } else {
      throw new ArgumentError(`np.tensordot: axes must be an integer or a pair [axesOfA, axesOfB]; got ${describeValue(axes)}.`);
    }
    ca.forEach((d, i) => {
      if (x.shape[d] !== y.shape[cb[i]!]) contractionMismatch("tensordot", x, d, y, cb[i]!);
    });
    return finish(ops.dotGeneral(x, y, { lhsContract: ca, rhsContract: cb, lhsBatch: [], rhsBatch: [] }));
  });
}

/** Component `i` of the vectors along the last axis. */
const component = (x: Tensor, i: number): Tensor => {
  const n = x.ndim;
  const s = ops.slice(x, x.shape.map((_, d) => (d === n - 1 ? i : 0)), x.shape.map((size, d) => (d === n - 1 ? i + 1 : size)), x.shape.map(() => 1));
  return ops.reshape(s, x.shape.slice(0, -1));
};

/**
 * Cross product of 2- or 3-vectors along `axisa` of a and `axisb` of b (default −1), written along
 * `axisc` of the result; `axis` sets all three. The other axes broadcast. Two 2-vectors give the
 * scalar z-component (and `axisc` is unused); a 2-vector with a 3-vector takes z = 0.
 * @example `np.cross([1, 0, 0], [0, 1, 0]).toArray()` // [0, 0, 1]
 */
export function cross(a: TensorLike, b: TensorLike, ...rest: (number | undefined | CrossOptions)[]): Tensor {
  return inContext("np.cross", () => {
    const o = optionalArgs("np.cross", ["axisa", "axisb", "axisc", "axis"], rest);
    const axisa = (o.axis ?? o.axisa ?? -1) as number, axisb = (o.axis ?? o.axisb ?? -1) as number, axisc = (o.axis ?? o.axisc ?? -1) as number;
    let [x, y] = promoteOperands("cross", [a, b]) as [Tensor, Tensor];
    requireNumeric("cross", x);
    atLeast("cross", x, 1, "args[0]", "vectors along axisa");
    atLeast("cross", y, 1, "args[1]", "vectors along axisb");
    x = moveAxis(x, normalizeAxis(axisa, x.ndim, "np.cross (axisa)"), x.ndim - 1);
    y = moveAxis(y, normalizeAxis(axisb, y.ndim, "np.cross (axisb)"), y.ndim - 1);
    const na = x.shape[x.ndim - 1]!, nb = y.shape[y.ndim - 1]!;
    if ((na !== 2 && na !== 3) || (nb !== 2 && nb !== 3)) {
      throw new ShapeError(`np.cross: the vectors have ${na} and ${nb} components; each must have 2 or 3.`);
    }
    const sub = (p: Tensor, q: Tensor): Tensor => ops.sub(...(bcast(p, q) as [Tensor, Tensor]));
    const mul = (p: Tensor, q: Tensor): Tensor => ops.mul(...(bcast(p, q) as [Tensor, Tensor]));
    const [a0, a1] = [component(x, 0), component(x, 1)];
    const [b0, b1] = [component(y, 0), component(y, 1)];
    if (na === 2 && nb === 2) return sub(mul(a0, b1), mul(a1, b0));
    // A 2-vector's missing z is a zero (not 0·x: JAX's zeros_like, so an ∞ beside it gives ∞·0 = NaN only where JAX's does).
    const a2 = na === 3 ? component(x, 2) : broadcastTensor(scalar(0, x.dtype), a0.shape);
    const b2 = nb === 3 ? component(y, 2) : broadcastTensor(scalar(0, y.dtype), b0.shape);
    const c = [sub(mul(a1, b2), mul(a2, b1)), sub(mul(a2, b0), mul(a0, b2)), sub(mul(a0, b1), mul(a1, b0))];
    const shape = broadcastShapes("np.cross", c.map((t) => t.shape));
    const stacked = ops.concatenate(c.map((t) => ops.reshape(broadcastTensor(t, shape), [...shape, 1])), shape.length);
    return moveAxis(stacked, shape.length, normalizeAxis(axisc, shape.length + 1, "np.cross (axisc)"));
  });
}

function bcast(p: Tensor, q: Tensor): Tensor[] {
  const shape = broadcastShapes("np.cross", [p.shape, q.shape]);
  return [broadcastTensor(p, shape), broadcastTensor(q, shape)];
}

/**
 * Kronecker product: the block array whose block (i…) is `a[i…] · b`. The operand of lower rank
 * gains leading size-1 axes; the result has shape `a.shape · b.shape` elementwise.
 * @example `np.kron([1, 10], [1, 2, 3]).toArray()` // [1, 2, 3, 10, 20, 30]
 */
export function kron(a: TensorLike, b: TensorLike): Tensor {
  return inContext("np.kron", () => {
    let [x, y] = promoteOperands("kron", [a, b]) as [Tensor, Tensor];
    requireNumeric("kron", x);
    const n = Math.max(x.ndim, y.ndim);
    x = ops.reshape(x, [...Array(n - x.ndim).fill(1), ...x.shape]);
    y = ops.reshape(y, [...Array(n - y.ndim).fill(1), ...y.shape]);
    // a's axes at even positions, b's at odd ones: [a0, 1, a1, 1, …] times [1, b0, 1, b1, …].
    const shape = x.shape.flatMap((d, i) => [d, y.shape[i]!]);
    const ax = broadcastTensor(ops.reshape(x, x.shape.flatMap((d) => [d, 1])), shape);
    const by = broadcastTensor(ops.reshape(y, y.shape.flatMap((d) => [1, d])), shape);
    return ops.reshape(ops.mul(ax, by), x.shape.map((d, i) => d * y.shape[i]!));
  });
}

/**
 * Sum of the diagonal `offset` (default 0) of the planes spanned by `axis1` (0) and `axis2` (1);
 * the result has the other axes. Ints and bools sum to int32, as jnp.trace does.
 * @example `np.trace([[1, 2], [3, 4]]).item()` // 5
 */
export function trace(a: TensorLike, ...rest: (number | undefined | TraceOptions)[]): Tensor {
  return inContext("np.trace", () => {
    const { offset = 0, axis1 = 0, axis2 = 1 } = optionalArgs("np.trace", ["offset", "axis1", "axis2"], rest);
    let [x] = promoteOperands("trace", [a]) as [Tensor];
    if (x.ndim < 2) throw new ShapeError(`np.trace: the array must be at least 2-D; got shape ${fmtShape(x.shape)}.`);
    if (x.dtype === "bool") x = ops.convert(x, "int32");
    const d = diagonalOf(x, offset as number, axis1 as number, axis2 as number, "np.trace");
    return ops.reduceSum(d, [d.ndim - 1]);
  });
}
