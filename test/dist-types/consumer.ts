/**
 * A package user's code, type-checked against the emitted declarations (dist/src/*.d.ts) rather
 * than the sources: what `npm run build` publishes must type a user's program the same way. Run by
 * `npm run check:dist-types` (and CI); not part of the root typecheck, which has no dist/ yet.
 */
import { type Equation, type PrimitiveName, type Tensor, grad, jit, np, trace, vmap } from "../../dist/src/index.js";

// Transforms are typed from the function they receive.
const f = (x: Tensor): Tensor => np.sum(np.tanh(x).mul(x));
const df: Tensor = grad(f)(np.ones([3]));
const pytreeGrad: { w: Tensor; b: Tensor } = grad((p: { w: Tensor; b: Tensor }) => np.sum(p.w.mul(p.b)))({ w: np.ones([2]), b: np.ones([2]) });
const batched: Tensor = vmap(f)(np.ones([4, 3]));
const compiled: Tensor = jit(f)(np.ones([3]));

// Every primitive's params reach the declarations: an equation narrows on its primitive.
const g = trace(f)(np.ones([3]));
const e: Equation = g.equations[0]!;
if (e.primitive === "integer_pow") {
  const y: number = e.params.y;
  void y;
}
const name: PrimitiveName = "reduce_sum";
// @ts-expect-error not a primitive name
const notAName: PrimitiveName = "no_such_primitive";

void [df, pytreeGrad, batched, compiled, name, notAName];
