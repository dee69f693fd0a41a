/**
 * Assertions shared by every test: elementwise closeness under one tolerance policy, the same
 * over whole pytrees, and catching what a call throws.
 *
 * Tolerance policy. An element passes when `|got − want| ≤ atol + rtol·|want|`. Unless a test
 * says otherwise, the tolerance follows the dtype of `got`:
 *
 * - float64: rtol = atol = 1e-12 (a few thousand ulps: room for a different summation order or a
 *   libm call, nothing more);
 * - float32: rtol = atol = 1e-6 (about 8 ulps), for float32 results compared with a float64
 *   reference;
 * - int32, bool: exact.
 *
 * A tolerance that is given replaces the default: `rtol` alone sets `atol` to the same value,
 * `atol` alone keeps the dtype's `rtol`. A test that needs a looser one (finite differences, a
 * long float32 chain) passes it and says why; `EXACT` asks for equality. Whatever the tolerance,
 * NaN must meet NaN and ±∞ must meet the same infinity, and a float32 result is compared with
 * the float32 nearest to the wanted value.
 */
import { expect } from "vitest";
import { tree, type Tensor } from "../../src/index.js";
import { T, vals } from "./tensors.js";

/** A tolerance: see the policy above. */
export interface Tol {
  rtol?: number;
  atol?: number;
}

/** Equality, element for element (NaN still meets NaN). */
export const EXACT: Tol = Object.freeze({ rtol: 0, atol: 0 });

/** The default relative tolerance for results of `dtype`. */
export function defaultRtol(dtype: string): number {
  if (dtype === "float64") return 1e-12;
  if (dtype === "float32") return 1e-6;
  return 0;
}

function isTensor(x: unknown): x is Tensor {
  return typeof x === "object" && x !== null && typeof (x as Tensor).data === "function" && Array.isArray((x as Tensor).shape);
}

/**
 * Expects the tensor `got` to hold `want` elementwise within the tolerance (see the policy
 * above). `want` is a number (checked against every element), the flat row-major list of
 * elements, or a tensor (whose shape and dtype must match too). One assertion lists the first
 * mismatched elements; `what` prefixes its messages.
 *
 * @example
 * ```ts
 * expectClose(np.sin(x), [0, 1], {}, "sin");           // the dtype's default tolerance
 * expectClose(grad(f)(x), fdGrad(f, [0.3]), { rtol: 1e-7 }); // finite differences: h = 1e-6
 * ```
 */
export function expectClose(got: unknown, want: number | readonly number[] | Tensor, tol: Tol = {}, what = ""): void {
  const g = T(got);
  const label = what === "" ? "" : `${what}: `;
  expect(isTensor(g), `${label}result is a tensor`).toBe(true);
  if (isTensor(want)) {
    expect(g.shape, `${label}shape`).toEqual(want.shape);
    expect(g.dtype, `${label}dtype`).toBe(want.dtype);
  }
  const rtol = tol.rtol ?? defaultRtol(g.dtype);
  // "atol" alone keeps the dtype's rtol; "rtol" alone is also the atol.
  const atol = tol.atol ?? (tol.rtol !== undefined ? tol.rtol : defaultRtol(g.dtype));
  const gv = vals(g);
  const wv = typeof want === "number" ? gv.map(() => want) : isTensor(want) ? vals(want) : [...want];
  expect(gv.length, `${label}element count of ${JSON.stringify(gv)} vs ${JSON.stringify(wv)}`).toBe(wv.length);
  const bad = mismatches(gv, wv, g.dtype, { rtol, atol });
  if (bad.length === 0) return;
  const context = gv.length <= 64 ? `\ngot  ${JSON.stringify(gv)}\nwant ${JSON.stringify(wv)}` : "";
  const report = `${bad.slice(0, 10).join("\n")}\n(${bad.length} of ${gv.length} differ; ${g.dtype}, atol ${atol}, rtol ${rtol})${context}`;
  expect(bad.length, `${label}mismatched elements:\n${report}\n`).toBe(0);
}

/** Formats a number so that -0, NaN and ±∞ are visible in failure messages. */
function show(x: number): string {
  return Object.is(x, -0) ? "-0" : String(x);
}

/**
 * The elements where `got` (of `dtype`) and `want` differ, one line each: NaN must be NaN, ±∞
 * must be equal, int32 and bool exactly equal (booleans in `want` count as 0/1), finite floats
 * within `atol + rtol·|want|`. For a float32 result, `want` is first rounded to the float32 it
 * denotes (a float64 reference of 0.1 means the float32 0.1).
 */
export function mismatches(got: ArrayLike<number>, want: readonly (number | boolean)[], dtype: string, tol: Required<Tol>): string[] {
  const bad: string[] = [];
  const n = Math.max(got.length, want.length);
  for (let i = 0; i < n; i++) {
    const g = Number(got[i]);
    let w = Number(want[i]);
    if (dtype === "float32") w = Math.fround(w);
    let ok: boolean;
    if (Number.isNaN(w)) ok = Number.isNaN(g);
    else if (!Number.isFinite(w) || dtype === "int32" || dtype === "bool") ok = g === w;
    else ok = Number.isFinite(g) && Math.abs(g - w) <= tol.atol + tol.rtol * Math.abs(w);
    if (!ok) bad.push(`element ${i}: got ${show(g)}, want ${show(w)} (rel ${(Math.abs(g - w) / Math.abs(w)).toExponential(2)})`);
  }
  return bad;
}

/**
 * Expects two pytrees of tensors to have the same structure and, leaf by leaf, the same shape,
 * dtype and values within the tolerance.
 */
export function expectTreeClose(got: unknown, want: unknown, tol: Tol = {}, what = "tree"): void {
  const [gl, gd] = tree.flatten(got);
  const [wl, wd] = tree.flatten(want);
  expect(gd.toString(), `${what}: structure`).toBe(wd.toString());
  expect(gl.length, `${what}: leaf count`).toBe(wl.length);
  gl.forEach((g, i) => expectClose(g, T(wl[i]), tol, `${what} leaf ${i}`));
}

/** Runs `f`, which must throw; returns what it threw (the test fails if it returns normally). */
export function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  expect.fail("expected the call to throw, but it returned normally");
}

/** Expects the shape of a tensor. */
export function expectShape(got: unknown, shape: readonly number[]): void {
  expect(T(got).shape).toEqual(shape);
}
