/**
 * Optimizers as pure functions over pytrees (optax-style): `init(params)` makes a state,
 * `update(grads, state, params)` returns `[updates, state]`, `applyUpdates` adds updates to
 * params. Everything is built from np ops, so a whole training step can be jitted.
 */
import { ArgumentError } from "../errors.js";
import * as np from "../np/index.js";
import type { Tensor } from "../tensor/tensor.js";
import { map } from "../tree/pytree.js";

/** A gradient transformation. */
export interface Optimizer<S> {
  init(params: unknown): S;
  update(grads: unknown, state: S, params?: unknown): [unknown, S];
}

function checkRate(name: string, lr: number): void {
  if (typeof lr !== "number" || !Number.isFinite(lr)) throw new ArgumentError(`optim.${name}: the learning rate must be a finite number; got ${String(lr)}.`);
}

/**
 * Plain gradient descent: updates = −lr · grads.
 * @example
 * ```ts
 * const opt = optim.sgd(0.1);
 * const [updates] = opt.update(grads, opt.init(params));
 * params = optim.applyUpdates(params, updates);
 * ```
 */
export function sgd(lr: number): Optimizer<null> {
  checkRate("sgd", lr);
  return {
    init: () => null,
    update: (grads, state) => [map((g) => np.mul(g as Tensor, -lr), grads), state],
  };
}

/** Adam's state: the step count and the first and second moment estimates. */
export interface AdamState {
  readonly count: Tensor;
  readonly mu: unknown;
  readonly nu: unknown;
}

/**
 * Adam (Kingma & Ba) with bias correction: m ← b1·m + (1−b1)·g, v ← b2·v + (1−b2)·g²,
 * update = −lr · m̂ / (√v̂ + eps).
 * @example
 * ```ts
 * const opt = optim.adam(1e-3);
 * let state = opt.init(params);
 * const [updates, next] = opt.update(grads, state);
 * ```
 */
export function adam(lr: number, opts: { b1?: number; b2?: number; eps?: number } = {}): Optimizer<AdamState> {
  checkRate("adam", lr);
  const b1 = opts.b1 ?? 0.9, b2 = opts.b2 ?? 0.999, eps = opts.eps ?? 1e-8;
  return {
    init: (params) => ({
      count: np.zeros([]),
      mu: map((p) => np.zerosLike(p as Tensor), params),
      nu: map((p) => np.zerosLike(p as Tensor), params),
    }),
    update: (grads, state) => {
      const count = np.add(state.count, 1);
      const mu = map((m, g) => np.add(np.mul(m as Tensor, b1), np.mul(g as Tensor, 1 - b1)), state.mu, grads);
      const nu = map((v, g) => np.add(np.mul(v as Tensor, b2), np.mul(np.square(g as Tensor), 1 - b2)), state.nu, grads);
      const c1 = np.sub(1, np.pow(np.full([], b1), count));
      const c2 = np.sub(1, np.pow(np.full([], b2), count));
      const updates = map(
        (m, v) => np.mul(np.div(np.div(m as Tensor, c1), np.add(np.sqrt(np.div(v as Tensor, c2)), eps)), -lr),
        mu,
        nu,
      );
      return [updates, { count, mu, nu }];
    },
  };
}

/**
 * params + updates, leaf by leaf.
 * @example `params = optim.applyUpdates(params, updates);`
 */
export function applyUpdates<P>(params: P, updates: unknown): P {
  return map((p, u) => np.add(p as Tensor, u as Tensor), params, updates) as P;
}
