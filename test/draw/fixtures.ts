/**
 * Graphs the drawing tests picture: the gradient of a small MLP's loss (scoped layers), traceVjp's
 * pair for it, and control flow (scan, cond, while, jit) under grad.
 */
import { type Graph, type Tensor, grad, jit, lax, namedScope, nn, np, trace, traceVjp } from "../../src/index.js";

export const params = () => ({
  W1: np.ones([4, 8]).mul(0.1),
  b1: np.zeros([8]),
  W2: np.ones([8, 2]).mul(0.1),
  b2: np.zeros([2]),
});
type Params = ReturnType<typeof params>;

const dense = (name: string) =>
  namedScope(name, (W: Tensor, b: Tensor, x: Tensor): Tensor => np.matmul(x, W).add(b));

/** Mean squared error of a two-layer tanh MLP. */
export function mlpLoss(p: Params, x: Tensor, y: Tensor): Tensor {
  const h = np.tanh(dense("dense1")(p.W1, p.b1, x));
  const out = dense("dense2")(p.W2, p.b2, h);
  return np.mean(np.square(out.sub(y)));
}

export const batch = () => ({ x: np.ones([3, 4]), y: np.zeros([3, 2]) });

/** trace(grad(mlpLoss)) at small shapes. */
export function mlpGradGraph(): Graph {
  const { x, y } = batch();
  return trace(grad(mlpLoss))(params(), x, y);
}

/** traceVjp of the MLP loss in its params. */
export function mlpVjp() {
  const { x, y } = batch();
  return traceVjp((p: Params) => mlpLoss(p, x, y))(params());
}

/** grad of a scan (a cumulative tanh recurrence): a scan body forward, a transposed one backward. */
export function scanGradGraph(): Graph {
  const f = (w: Tensor, xs: Tensor): Tensor => {
    const [c] = lax.scan((c: Tensor, x: Tensor) => {
      const n = np.tanh(c.mul(w).add(x));
      return [n, n] as const;
    }, np.zeros([2]), xs);
    return np.sum(c as Tensor);
  };
  return trace(grad(f))(np.ones([2]), np.ones([5, 2]));
}

/** A graph with a cond, a whileLoop and a jit call. */
export function controlGraph(): Graph {
  const inner = jit(function inner(x: Tensor) {
    return nn.relu(x).mul(3);
  });
  const f = (x: Tensor): Tensor => {
    const a = lax.cond(np.greater(np.sum(x), 0), (v: Tensor) => np.sin(v), (v: Tensor) => np.cos(v), x);
    const b = lax.whileLoop((c: Tensor) => np.less(np.sum(c), 10), (c: Tensor) => c.mul(2), a);
    return np.sum(inner(b));
  };
  return trace(f)(np.ones([3]));
}
