/** Test domains of the windowed reductions (reduce_window_sum/max/min, select_and_gather_add, select_and_scatter_add) (spread into laws/domains.ts). */
import * as fc from "fast-check";
import type { SelectWindowParams, WindowGeometry, WindowParams } from "../src/primitives/window/params.js";
import { type DType, isFloat } from "../src/tensor/dtype.js";
import { dilateDim, windowOutShape } from "../src/tensor/kernels/window.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { ALL_DTYPES, FLOAT_DTYPES, NUMERIC_DTYPES, type Shape, type Values, dtypeArb, makeTensor, permutationArb, shapeArb, tensorArb } from "./arbitraries.js";
import { allFloatArgs, eachOf } from "./domains-linear.js";
import type { Domain, DomainBase } from "./domains.js";

type ReduceName = "reduce_window_sum" | "reduce_window_max" | "reduce_window_min";
type SelectName = "select_and_gather_add" | "select_and_scatter_add";

/** One dim's window: 1–3 taps, stride 1–2, padding 0–2 each side, base and window dilation 1–2. */
const dimGeometryArb = fc.record({
  w: fc.integer({ min: 1, max: 3 }),
  s: fc.integer({ min: 1, max: 2 }),
  lo: fc.integer({ min: 0, max: 2 }),
  hi: fc.integer({ min: 0, max: 2 }),
  bd: fc.integer({ min: 1, max: 2 }),
  wd: fc.integer({ min: 1, max: 2 }),
});

/** A geometry for an operand of `shape`. */
function geometryArb(shape: Shape): fc.Arbitrary<WindowGeometry> {
  return fc.array(dimGeometryArb, { minLength: shape.length, maxLength: shape.length }).map((dims) => ({
    windowDimensions: dims.map((d) => d.w),
    windowStrides: dims.map((d) => d.s),
    padding: dims.map((d) => [d.lo, d.hi] as const),
    baseDilation: dims.map((d) => d.bd),
    windowDilation: dims.map((d) => d.wd),
  }));
}

/**
 * True when every window holds at least one element of the operand (not only padding or holes):
 * a max over padding alone is −∞, across which finite differences cannot step.
 */
function everyWindowReal(shape: Shape, g: WindowGeometry): boolean {
  const out = windowOutShape(shape, g);
  return shape.every((n, i) => {
    for (let j = 0; j < out[i]!; j++) {
      let real = false;
      for (let k = 0; k < g.windowDimensions[i]!; k++) {
        const p = j * g.windowStrides[i]! + k * g.windowDilation[i]! - g.padding[i]![0];
        if (p >= 0 && p < dilateDim(n, g.baseDilation[i]!) && p % g.baseDilation[i]! === 0) real = true;
      }
      if (!real) return false;
    }
    return true;
  });
}

/** The plain geometry: windows of one tap, no padding or dilation (always has real windows). */
const unitGeometry = (shape: Shape): WindowGeometry => ({
  windowDimensions: shape.map(() => 1), windowStrides: shape.map(() => 1), padding: shape.map(() => [0, 0] as const),
  baseDilation: shape.map(() => 1), windowDilation: shape.map(() => 1),
});

/**
 * Floats without ties: a random permutation of a grid of step 0.07 (jittered by < 0.01), so any two
 * elements are over 0.06 apart — far above a finite-difference step, across the kink a tie would be.
 * Ties themselves are pinned against JAX's values in test/lax/window.test.ts.
 */
function tieFreeArb(shape: Shape, dtype: DType, v: Values): fc.Arbitrary<Tensor> {
  if (v.special || !isFloat(dtype)) return tensorArb(shape, dtype, v, { min: -5, max: 5 });
  const n = shape.reduce((p, d) => p * d, 1);
  return fc
    .tuple(permutationArb(n), fc.array(fc.integer({ min: 0, max: 99 }), { minLength: n, maxLength: n }))
    .map(([perm, jitter]) => makeTensor(shape, dtype, perm.map((p, i) => (p - n / 2) * 0.07 + jitter[i]! * 1e-4)));
}

/** Operand shapes: rank 1–3, dims 0–4. */
const operandShapeArb = shapeArb({ minRank: 1, maxRank: 3, maxDim: 4 });

/** A shape and a geometry on it; `real` keeps only geometries whose every window holds an element. */
function shapeAndGeometryArb(real: boolean): fc.Arbitrary<[Shape, WindowGeometry]> {
  return operandShapeArb.chain((shape) =>
    geometryArb(shape).map((g): [Shape, WindowGeometry] => [shape, !real || everyWindowReal(shape, g) ? g : unitGeometry(shape)]),
  );
}

function reduceWindow<N extends ReduceName>(name: N, dtypes: readonly DType[], tieFree: boolean): DomainBase<N> {
  return {
    cases: (v) =>
      fc.tuple(shapeAndGeometryArb(tieFree), dtypeArb(dtypes)).chain(([[shape, g], dtype]) =>
        (tieFree ? tieFreeArb(shape, dtype, v) : tensorArb(shape, dtype, v, { min: -5, max: 5 })).map((x) => ({
          name, inputs: [x], params: g as WindowParams[N],
        })),
      ),
  };
}

/** A first operand (x's shape for the gather, the windows' shape for the scatter), a tie-free x, a selector. */
function select<N extends SelectName>(name: N): DomainBase<N> {
  return {
    cases: (v) =>
      fc.tuple(shapeAndGeometryArb(false), dtypeArb(FLOAT_DTYPES), fc.constantFrom<"ge" | "le">("ge", "le")).chain(([[shape, g], dtype, selectPrim]) => {
        const firstShape = name === "select_and_gather_add" ? shape : windowOutShape(shape, g);
        return fc
          .tuple(tensorArb(firstShape, dtype, v, { min: -5, max: 5 }), tieFreeArb(shape, dtype, v))
          .map(([a, x]) => ({ name, inputs: [a, x], params: { ...g, selectPrim } as SelectWindowParams as WindowParams[N] }));
      }),
  };
}

/** One domain per primitive of this area. */
export const windowDomains: { readonly [N in keyof WindowParams]: Domain<N> } = {
  reduce_window_sum: { ...reduceWindow("reduce_window_sum", NUMERIC_DTYPES, false), linearArgs: allFloatArgs },
  reduce_window_max: reduceWindow("reduce_window_max", ALL_DTYPES, true),
  reduce_window_min: reduceWindow("reduce_window_min", ALL_DTYPES, true),
  select_and_gather_add: { ...select("select_and_gather_add"), linearArgs: eachOf(0) },
  select_and_scatter_add: { ...select("select_and_scatter_add"), linearArgs: eachOf(0) },
};
