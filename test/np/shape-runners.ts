/**
 * How each op of test/fixtures/shape.json is called in fluxion, from the case's decoded arguments
 * and kwargs (already in fluxion's spelling). Shared by the rearrange, split and select-index tests
 * and by the error cases, which call the same ops with arguments JAX refuses.
 */
import { np } from "../../src/index.js";
import type { ShapeRunner } from "./shape-fixture.js";

export const RUNNERS: Record<string, ShapeRunner> = {
  ravel: ([x], k) => (k.order ? np.ravel(x, k.order) : np.ravel(x)),
  flatten: ([x]) => np.flatten(x),
  flip: ([x], k) => np.flip(x, k.axis),
  fliplr: ([x]) => np.fliplr(x),
  flipud: ([x]) => np.flipud(x),
  roll: ([x], k) => np.roll(x, k.shift, k.axis),
  rot90: ([x], k) => (k.axes ? np.rot90(x, { k: k.k, axes: k.axes }) : np.rot90(x, k.k)),
  tile: ([x], k) => np.tile(x, k.reps),
  repeat: ([x], k) =>
    k.totalRepeatLength === undefined ? np.repeat(x, k.repeats, k.axis) : np.repeat(x, k.repeats, k.axis, { totalRepeatLength: k.totalRepeatLength }),
  pad: ([x], k) => (k.mode === null ? np.pad(x, k.padWidth) : np.pad(x, k.padWidth, k.mode, k.options)),
  moveaxis: ([x], k) => np.moveaxis(x, k.source, k.destination),
  swapaxes: ([x], k) => np.swapaxes(x, k.axis1, k.axis2),
  permuteDims: ([x], k) => np.permuteDims(x, k.axes),
  matrixTranspose: ([x]) => np.matrixTranspose(x),
  broadcastArrays: (args) => np.broadcastArrays(...args),
  broadcastShapes: (_, k) => np.broadcastShapes(...k.shapes),
  atleast1d: (args) => (args.length === 1 ? np.atleast1d(args[0]) : np.atleast1d(...args)),
  atleast2d: (args) => (args.length === 1 ? np.atleast2d(args[0]) : np.atleast2d(...args)),
  atleast3d: (args) => (args.length === 1 ? np.atleast3d(args[0]) : np.atleast3d(...args)),
  ndim: ([x]) => np.ndim(x),
  shape: ([x]) => np.shape(x),
  size: ([x], k) => (k.axis === null ? np.size(x) : np.size(x, k.axis)),

  split: ([x], k) => np.split(x, k.indicesOrSections, k.axis),
  arraySplit: ([x], k) => np.arraySplit(x, k.indicesOrSections, { axis: k.axis }),
  hsplit: ([x], k) => np.hsplit(x, k.indicesOrSections),
  vsplit: ([x], k) => np.vsplit(x, k.indicesOrSections),
  dsplit: ([x], k) => np.dsplit(x, k.indicesOrSections),
  unstack: ([x], k) => np.unstack(x, { axis: k.axis }),
  hstack: (args, k) => (k.dtype ? np.hstack(args, k.dtype) : np.hstack(args)),
  vstack: (args) => np.vstack(args),
  dstack: (args) => np.dstack(args),
  columnStack: (args) => np.columnStack(args),
  append: ([a, b], k) => np.append(a, b, k.axis),
  concat: (args, k) => np.concat(args, k.axis),

  takeAlongAxis: ([x, i], k) => np.takeAlongAxis(x, i, k.axis, { mode: k.mode, fillValue: k.fillValue }),
  putAlongAxis: ([x, i], k) => np.putAlongAxis(x, i, k.values, k.axis),
  diagonal: ([x], k) => np.diagonal(x, k.offset, k.axis1, k.axis2),
  diagIndices: (_, k) => np.diagIndices(k.n, k.ndim),
  diagIndicesFrom: ([x]) => np.diagIndicesFrom(x),
  select: (args, k) => {
    const n = k.nconds as number;
    return np.select(args.slice(0, n), args.slice(n), k.default);
  },
  compress: ([c, x], k) => np.compress(c, x, k.axis, { size: k.size, fillValue: k.fillValue }),
  delete: ([x], k) => np.delete(x, k.obj, k.axis),
  insert: ([x], k) => np.insert(x, k.obj, k.values, k.axis),
};

/** The runners of `ops`. */
export function runnersOf(...ops: string[]): Record<string, ShapeRunner> {
  return Object.fromEntries(ops.map((op) => [op, RUNNERS[op]!]));
}
