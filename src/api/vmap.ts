/**
 * `vmap(f, { inAxes, outAxes })` for users: axes as numbers (negative allowed), `null`, or
 * per-argument arrays / pytree prefixes; every size mismatch or bad axis reported one line per
 * argument.
 */
import { ArgumentError, ShapeError, fmtShape } from "../errors.js";
import { type BatchDim, moveAxis } from "../primitives/batching.js";
import * as ops from "../primitives/ops.js";
import type { Tensor } from "../tensor/tensor.js";
import { fnLabel } from "../trace/trace.js";
import { vmapFlatDims } from "../transforms/vmap.js";
import { unflatten } from "../tree/pytree.js";
import { type FlatArg, callUser, checkFunction, checkIsFunction, checkOptionsObject, flatArg, labelOf } from "./args.js";
import { type Checked, collect, ok, orThrow, problem, show } from "./problems.js";
import type { ArgsLike, Tensors } from "./types.js";

/** An axis spec: a number, null, or a pytree prefix of those. */
export type AxisSpec = number | null | readonly AxisSpec[] | { readonly [key: string]: AxisSpec };

/** Options of `vmap`. */
export interface VmapOptions {
  /** Batch axis of each argument: a number (default 0), null (not mapped), or a per-argument array / pytree prefix. */
  inAxes?: AxisSpec;
  /** Where the batch axis goes in each output: a number (default 0), null (output not mapped), or a pytree prefix. */
  outAxes?: AxisSpec;
}

function isPlain(x: unknown): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * Checks the form of an axis spec before any call: every entry a number, null, or an array/object
 * of those. Lists every bad entry by its path (`inAxes[1].w`).
 */
function checkAxisSpec(spec: unknown, specPath: string, label: string): Checked<unknown> {
  // A number's range (and integrality) is checked against the argument's rank at the call.
  if (spec === undefined || spec === null || typeof spec === "number") return ok(spec);
  if (Array.isArray(spec)) return collect(spec.map((s, i) => checkAxisSpec(s, `${specPath}[${i}]`, label)));
  if (isPlain(spec)) return collect(Object.keys(spec).map((k) => checkAxisSpec(spec[k], `${specPath}.${k}`, label)));
  return problem(`${label}: ${specPath} must be a number, null, or an array/object of those; got ${kindOf(spec)}.`);
}

/** `string "0"`, `boolean true`, `function`: what a bad spec entry is. */
function kindOf(x: unknown): string {
  return typeof x === "object" || typeof x === "function" ? typeof x : `${typeof x} ${show(x)}`;
}

/** Expands an axis-spec prefix over `tree`, one entry per leaf (in flatten's order); every mismatch is reported. */
function expandPrefix(spec: AxisSpec | undefined, tree: unknown, path: string, specPath: string, label: string): Checked<BatchDim[]> {
  if (spec === undefined || spec === null || typeof spec === "number") {
    return ok(flatArg(tree, path, label).leaves.map(() => (spec === undefined ? null : spec)));
  }
  if (Array.isArray(spec)) {
    if (!Array.isArray(tree) || tree.length !== spec.length) {
      return problem(
        `${label}: ${specPath} is an array of length ${spec.length} but ${path} is ` +
          `${Array.isArray(tree) ? `an array of length ${tree.length}` : typeof tree}; axes must be a prefix of the value's structure.`,
      );
    }
    return flatChecks(spec.map((s, i) => expandPrefix(s as AxisSpec, tree[i], `${path}[${i}]`, `${specPath}[${i}]`, label)));
  }
  if (isPlain(spec)) {
    const keys = Object.keys(spec).sort();
    const treeKeys = isPlain(tree) ? Object.keys(tree).sort() : undefined;
    if (treeKeys === undefined || treeKeys.join(",") !== keys.join(",")) {
      return problem(
        `${label}: ${specPath} has keys {${keys.join(", ")}} but ${path} ${treeKeys ? `has keys {${treeKeys.join(", ")}}` : "is not an object"}; ` +
          `axes must be a prefix of the value's structure.`,
      );
    }
    return flatChecks(
      keys.map((k) => expandPrefix((spec as Record<string, AxisSpec>)[k], (tree as Record<string, unknown>)[k], `${path}.${k}`, `${specPath}.${k}`, label)),
    );
  }
  return problem(`${label}: ${specPath} must be a number, null, or an array/object of those; got ${kindOf(spec)}.`);
}

/** All checks' problems, or their lists concatenated. */
function flatChecks(checks: readonly Checked<BatchDim[]>[]): Checked<BatchDim[]> {
  const all = collect(checks);
  return all._tag === "Left" ? all : ok(all.right.flat());
}

/** Normalises per-leaf axes, checks them and the batch size; errors list every argument. */
function batchAxes(parts: readonly FlatArg[], leafDims: readonly BatchDim[][], label: string): [BatchDim[], number] {
  const lines: string[] = [];
  const dims: BatchDim[] = [];
  const sizes = new Set<number>();
  let bad = false;
  parts.forEach((part, i) =>
    part.leaves.forEach((x, j) => {
      const d = leafDims[i]![j]!;
      const where = part.paths?.[j] ?? `args[${i}]`;
      if (d === null) {
        dims.push(null);
        lines.push(`  ${where}: not mapped (shape ${fmtShape(x.shape)})`);
        return;
      }
      if (!Number.isInteger(d) || d < -x.ndim || d >= x.ndim) {
        bad = true;
        dims.push(null);
        lines.push(`  ${where}: axis ${d} is out of range for shape ${fmtShape(x.shape)} (rank ${x.ndim})`);
        return;
      }
      const a = d < 0 ? d + x.ndim : d;
      dims.push(a);
      sizes.add(x.shape[a]!);
      lines.push(`  ${where}: axis ${d} of shape ${fmtShape(x.shape)} has size ${x.shape[a]}`);
    }),
  );
  if (bad) throw new ShapeError(`${label}: an axis in inAxes is out of range:\n${lines.join("\n")}`);
  if (sizes.size === 0) {
    throw new ArgumentError(`${label}: no argument is mapped (every inAxes entry is null); map at least one axis:\n${lines.join("\n")}`);
  }
  if (sizes.size > 1) {
    throw new ShapeError(`${label}: the mapped axes have different sizes (${[...sizes].join(", ")}); they must agree:\n${lines.join("\n")}`);
  }
  return [dims, [...sizes][0]!];
}

/**
 * Vectorises `f` over a batch axis of its arguments: `vmap(f)(xs)[i] = f(xs[i])`, computed on whole
 * batches (no loop). Composes with grad, jvp, vjp and jit in any order.
 *
 * @example
 * ```ts
 * const loss = (w: Tensor, x: Tensor, y: Tensor) => np.square(np.sub(np.dot(x, w), y));
 * const perExample = vmap(grad(loss), { inAxes: [null, 0, 0] }); // per-example gradients
 * perExample(np.ones([2]), np.array([[1, 0], [0, 2]]), np.array([0, 1])).toArray(); // [[2, 0], [0, 4]]
 * vmap((v: Tensor) => np.dot(v, v))(np.ones([5, 3])).toArray(); // [3, 3, 3, 3, 3]
 * ```
 */
export function vmap<Args extends unknown[], R>(f: (...args: Args) => R, opts?: VmapOptions): (...args: ArgsLike<Args>) => Tensors<R>;
export function vmap(f: (...args: never[]) => unknown, opts: VmapOptions = {}): (...args: unknown[]) => unknown {
  const o = (typeof opts === "object" && opts !== null ? opts : {}) as { inAxes?: unknown; outAxes?: unknown };
  orThrow(
    collect([
      checkIsFunction(f, "vmap"),
      checkOptionsObject(opts, ["inAxes", "outAxes"], labelOf("vmap", f)),
      checkAxisSpec(o.inAxes, "inAxes", labelOf("vmap", f)),
      checkAxisSpec(o.outAxes, "outAxes", labelOf("vmap", f)),
    ]),
  );
  checkFunction(f, "vmap");
  const label = fnLabel("vmap", f);
  return (...args: unknown[]): unknown => {
    const inAxes = opts.inAxes === undefined ? 0 : opts.inAxes;
    if (Array.isArray(inAxes) && inAxes.length !== args.length) {
      throw new ArgumentError(`${label}: inAxes has ${inAxes.length} entries but ${args.length} arguments were passed; give one per argument.`);
    }
    const parts = args.map((a, i) => flatArg(a, `args[${i}]`, label));
    const leafDims = orThrow(
      collect(
        args.map((a, i) =>
          expandPrefix(Array.isArray(inAxes) ? (inAxes[i] as AxisSpec) : inAxes, a, `args[${i}]`, Array.isArray(inAxes) ? `inAxes[${i}]` : "inAxes", label),
        ),
      ),
    );
    const [dims, size] = batchAxes(parts, leafDims, label);
    let outTree: unknown;
    const flatF = (xs: Tensor[]): Tensor[] => {
      let k = 0;
      const rebuilt = parts.map((p) => unflatten(p.def, xs.slice(k, (k += p.leaves.length))));
      const out = callUser(f, rebuilt, label);
      outTree = out;
      return flatArg(out, "result", label).leaves;
    };
    const [outs, outDims] = vmapFlatDims(flatF, parts.flatMap((p) => p.leaves), dims, size, label);
    const outFlat = flatArg(outTree, "result", label);
    const wanted = orThrow(expandPrefix(opts.outAxes === undefined ? 0 : opts.outAxes, outTree, "result", "outAxes", label));
    const placed = outs.map((y, i) => {
      const want = wanted[i]!;
      const bd = outDims[i]!;
      if (want === null) {
        if (bd !== null) {
          throw new ArgumentError(`${label}: outAxes is null for output ${i}, but that output depends on the mapped inputs; give it an axis.`);
        }
        return y;
      }
      const rank = y.ndim + (bd === null ? 1 : 0);
      if (!Number.isInteger(want) || want < -rank || want >= rank) {
        throw new ShapeError(`${label}: outAxes ${want} is out of range for output ${i} of rank ${rank} (with the batch axis).`);
      }
      const target = want < 0 ? want + rank : want;
      const batched = bd === null ? ops.broadcastInDim(y, [size, ...y.shape], y.shape.map((_, j) => j + 1)) : y;
      return moveAxis(batched, bd ?? 0, target);
    });
    return unflatten(outFlat.def, placed);
  };
}
