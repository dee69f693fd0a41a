/**
 * Jacobians and Hessians: `jacfwd` pushes the standard basis of the inputs through jvp under one
 * vmap; `jacrev` pulls the standard basis of the outputs back through one linearization under
 * vmap; `hessian = jacfwd(jacrev(f))`. Output shape is out.shape ++ in.shape, over pytrees of
 * inputs and outputs, with `argnums`. Sizes are checked before anything is allocated.
 */
import { DTypeError, ResourceError, inContext } from "../errors.js";
import { instantiate } from "../primitives/ad.js";
import * as ops from "../primitives/ops.js";
import { type DType, isFloat } from "../tensor/dtype.js";
import { MAX_ELEMENTS, sizeOf } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import * as np from "../np/index.js";
import { avalOf } from "../trace/eval-interpreter.js";
import { fnLabel, traceFlat } from "../trace/trace.js";
import { jvpFlat } from "../transforms/jvp.js";
import { linearizeFlat } from "../transforms/linearize.js";
import { backwardPass } from "../transforms/transpose.js";
import { vmapFlat } from "../transforms/vmap.js";
import { type TreeDef, unflatten } from "../tree/pytree.js";
import { type FlatArg, callUser, checkTransformArgs, flatArg, normalizeArgnums } from "./args.js";
import type { ArgnumsOf, ArgsLike, GradientFor, Jacobian } from "./types.js";

/** Options of `jacfwd`, `jacrev` and `hessian`. */
export interface JacobianOptions {
  /** Which positional argument(s) to differentiate: a number (default 0) or an array. */
  argnums?: number | readonly number[];
}

interface Setup {
  flats: FlatArg[];
  leaves: Tensor[];
  flatF: (...xs: Tensor[]) => Tensor[];
  outDef: () => TreeDef;
  outAvals: { shape: readonly number[]; dtype: DType }[];
  basisDType: DType;
}

function setup(f: (...args: never[]) => unknown, args: readonly unknown[], argnums: readonly number[], label: string): Setup {
  const flats = argnums.map((a) => flatArg(args[a], `args[${a}]`, label));
  flats.forEach((fl, j) =>
    fl.leaves.forEach((x) => {
      if (!isFloat(x.dtype)) throw new DTypeError(`${label} requires float inputs; args[${argnums[j]}] is ${x.dtype}. Cast with np.astype.`);
    }),
  );
  const counts = flats.map((fl) => fl.leaves.length);
  let def: TreeDef | undefined;
  const flatF = (...xs: Tensor[]): Tensor[] => {
    const full = [...args];
    let k = 0;
    argnums.forEach((a, j) => {
      full[a] = unflatten(flats[j]!.def, xs.slice(k, (k += counts[j]!)));
    });
    const out = flatArg(callUser(f, full, label), "result", label);
    def = out.def;
    return out.leaves;
  };
  const leaves = flats.flatMap((fl) => fl.leaves);
  // One trace gives the output types (for the size check) without computing anything.
  const g = traceFlat(flatF, leaves.map(avalOf), label);
  const outAvals = g.outputs.map((a) => ({ shape: a.aval.shape, dtype: a.aval.dtype }));
  const basisDType: DType = leaves.some((x) => x.dtype === "float64") ? "float64" : "float32";
  return { flats, leaves, flatF, outDef: () => def!, outAvals, basisDType };
}

function checkSize(label: string, n: number, m: number): void {
  if (n * m > MAX_ELEMENTS) {
    throw new ResourceError(
      `${label}: the Jacobian would have ${n} × ${m} = ${n * m} elements, more than the limit of ${MAX_ELEMENTS}. ` +
        `Use jvp/vjp products instead of the full matrix.`,
    );
  }
}

/** Splits a flat vector into tensors shaped like `likes` (each cast to its dtype). */
function splitFlat(v: Tensor, likes: readonly { shape: readonly number[]; dtype: DType }[]): Tensor[] {
  let off = 0;
  return likes.map((l) => {
    const n = sizeOf(l.shape);
    const part = ops.slice(v, [off], [off + n], [1]);
    off += n;
    return ops.convert(ops.reshape(part, l.shape), l.dtype);
  });
}

/** Builds the result tree: the output structure, each leaf an input structure (an array for array argnums). */
function assemble(
  outDef: TreeDef,
  outCount: number,
  flats: readonly FlatArg[],
  arrayArgnums: boolean,
  block: (o: number, leafIndex: number) => Tensor,
): unknown {
  const perOut = Array.from({ length: outCount }, (_, o) => {
    let k = 0;
    const perArg = flats.map((fl) => unflatten(fl.def, fl.leaves.map(() => block(o, k++))));
    return arrayArgnums ? perArg : perArg[0];
  });
  return unflatten(outDef, perOut);
}

/**
 * The Jacobian by forward mode (one jvp per input element, vectorised with vmap): efficient when
 * inputs are fewer than outputs. Shape: out.shape ++ in.shape.
 *
 * @example
 * ```ts
 * jacfwd((x: Tensor) => np.sin(x))(np.array([0, 1])).toArray(); // [[1, 0], [0, 0.5403023]]
 * ```
 */
export function jacfwd<Args extends unknown[], R, const O extends JacobianOptions = {}>(
  f: (...args: Args) => R,
  opts?: O,
): (...args: ArgsLike<Args>) => Jacobian<R, GradientFor<Args, ArgnumsOf<O>>>;
export function jacfwd(f: (...args: never[]) => unknown, opts: JacobianOptions = {}): (...args: unknown[]) => unknown {
  checkTransformArgs(f, opts, ["argnums"], "jacfwd");
  const label = fnLabel("jacfwd", f);
  return (...args: unknown[]): unknown => {
    const argnums = normalizeArgnums(opts.argnums, args.length, label);
    const s = setup(f, args, argnums, label);
    const n = s.leaves.reduce((t, x) => t + x.size, 0);
    checkSize(label, n, s.outAvals.reduce((t, a) => t + sizeOf(a.shape), 0));
    const pushforward = (t: Tensor): Tensor[] => {
      const [, outT] = jvpFlat(s.flatF, s.leaves, splitFlat(t, s.leaves.map(avalOf)), label);
      return outT.map(instantiate);
    };
    const columns = vmapFlat(pushforward, [np.eye(n, n, s.basisDType)], [0], n, label); // each [n, ...out]
    const offsets = s.leaves.map((_, i) => s.leaves.slice(0, i).reduce((t, x) => t + x.size, 0));
    return assemble(s.outDef(), columns.length, s.flats, typeof opts.argnums === "object", (o, i) => {
      const leaf = s.leaves[i]!;
      const col = columns[o]!;
      const outShape = col.shape.slice(1);
      const rows = ops.slice(col, [offsets[i]!, ...outShape.map(() => 0)], [offsets[i]! + leaf.size, ...outShape], col.shape.map(() => 1));
      const block = ops.reshape(rows, [...leaf.shape, ...outShape]);
      const k = leaf.ndim;
      return np.transpose(block, [...outShape.map((_, j) => k + j), ...leaf.shape.map((_, j) => j)]);
    });
  };
}

/**
 * The Jacobian by reverse mode (one vjp per output element, vectorised with vmap over a single
 * linearization): efficient when outputs are fewer than inputs. Shape: out.shape ++ in.shape.
 *
 * @example
 * ```ts
 * jacrev((x: Tensor) => np.mul(x, x))(np.array([1, 2])).toArray(); // [[2, 0], [0, 4]]
 * ```
 */
export function jacrev<Args extends unknown[], R, const O extends JacobianOptions = {}>(
  f: (...args: Args) => R,
  opts?: O,
): (...args: ArgsLike<Args>) => Jacobian<R, GradientFor<Args, ArgnumsOf<O>>>;
export function jacrev(f: (...args: never[]) => unknown, opts: JacobianOptions = {}): (...args: unknown[]) => unknown {
  checkTransformArgs(f, opts, ["argnums"], "jacrev");
  const label = fnLabel("jacrev", f);
  return (...args: unknown[]): unknown => {
    const argnums = normalizeArgnums(opts.argnums, args.length, label);
    const s = setup(f, args, argnums, label);
    const m = s.outAvals.reduce((t, a) => t + sizeOf(a.shape), 0);
    checkSize(label, s.leaves.reduce((t, x) => t + x.size, 0), m);
    s.outAvals.forEach((a, o) => {
      if (!isFloat(a.dtype)) throw new DTypeError(`${label} requires float outputs; output ${o} is ${a.dtype}.`);
    });
    const { linear } = linearizeFlat(s.flatF, s.leaves, label);
    const outDType: DType = s.outAvals.some((a) => a.dtype === "float64") ? "float64" : "float32";
    const pullback = (c: Tensor): Tensor[] => backwardPass(linear, splitFlat(c, s.outAvals), label).map(instantiate);
    const rows = vmapFlat(pullback, [np.eye(m, m, outDType)], [0], m, label); // per input leaf: [m, ...in]
    const offsets = s.outAvals.map((_, o) => s.outAvals.slice(0, o).reduce((t, a) => t + sizeOf(a.shape), 0));
    return assemble(s.outDef(), s.outAvals.length, s.flats, typeof opts.argnums === "object", (o, i) => {
      const r = rows[i]!;
      const inShape = r.shape.slice(1);
      const outShape = s.outAvals[o]!.shape;
      const block = ops.slice(r, [offsets[o]!, ...inShape.map(() => 0)], [offsets[o]! + sizeOf(outShape), ...inShape], r.shape.map(() => 1));
      return ops.reshape(block, [...outShape, ...inShape]);
    });
  };
}

/**
 * The Hessian, `jacfwd(jacrev(f))`: shape out.shape ++ in.shape ++ in.shape.
 *
 * @example
 * ```ts
 * hessian((x: Tensor) => np.sum(np.pow(x, 3)))(np.array([1, 2])).toArray(); // [[6, 0], [0, 12]]
 * ```
 */
export function hessian<Args extends unknown[], R, const O extends JacobianOptions = {}>(
  f: (...args: Args) => R,
  opts?: O,
): (...args: ArgsLike<Args>) => Jacobian<Jacobian<R, GradientFor<Args, ArgnumsOf<O>>>, GradientFor<Args, ArgnumsOf<O>>>;
export function hessian(f: (...args: never[]) => unknown, opts: JacobianOptions = {}): (...args: unknown[]) => unknown {
  checkTransformArgs(f, opts, ["argnums"], "hessian");
  const inner: (...args: unknown[]) => unknown = jacrev(f as (...args: unknown[]) => unknown, opts);
  const outer = jacfwd(inner, opts);
  // Errors raised by the inner jacrev/jacfwd name hessian too, the function the user called.
  const label = fnLabel("hessian", f);
  return (...args: unknown[]) => inContext(label, () => outer(...args));
}
