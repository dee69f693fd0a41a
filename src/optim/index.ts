/**
 * Optimizers as pure functions over pytrees (optax-style): `init(params)` makes a state,
 * `update(grads, state, params)` returns `[updates, state]`, `applyUpdates` adds updates to
 * params. Everything is built from np ops, so a whole training step can be jitted.
 *
 * @module
 */
import { ArgumentError, describeValue, inContext, optionsArg } from "../errors.js";
import * as np from "../np/index.js";
import { Tensor } from "../tensor/tensor.js";
import { map } from "../tree/pytree.js";

/** A gradient transformation. */
export interface Optimizer<S> {
  init(params: unknown): S;
  update(grads: unknown, state: S, params?: unknown): [unknown, S];
}

function checkRate(name: string, lr: number): void {
  if (typeof lr !== "number" || !Number.isFinite(lr)) {
    throw new ArgumentError(`optim.${name}: the learning rate must be a finite number; got ${describeValue(lr)}.`);
  }
}

/** A hyperparameter option: absent (its default) or a finite number. */
function numberOption(value: unknown, fallback: number, where: string, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ArgumentError(`${where}: option ${name} must be a finite number; got ${describeValue(value)}. Leave it out for the default ${fallback}.`);
  }
  return value;
}

/** Adam's state as given to `update`: what `init` or a previous `update` returned, or an error. */
function adamState(state: unknown): AdamState {
  const s = state as Partial<AdamState> | null | undefined;
  if (typeof s !== "object" || s === null || !(s.count instanceof Tensor) || s.mu === undefined || s.nu === undefined) {
    throw new ArgumentError(`optim.adam: update: the state is ${describeValue(state)}; pass the state from opt.init(params) or from the previous update.`);
  }
  return s as AdamState;
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
    update: (grads, state) => inContext("optim.sgd: update", () => [map((g) => np.mul(g as Tensor, -lr), grads), state]),
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
export function adam(lr: number, opts?: { b1?: number; b2?: number; eps?: number }): Optimizer<AdamState> {
  checkRate("adam", lr);
  const o = optionsArg(opts, "optim.adam", ["b1", "b2", "eps"]);
  const b1 = numberOption(o.b1, 0.9, "optim.adam", "b1");
  const b2 = numberOption(o.b2, 0.999, "optim.adam", "b2");
  const eps = numberOption(o.eps, 1e-8, "optim.adam", "eps");
  return {
    init: (params) =>
      inContext("optim.adam: init", () => ({
        count: np.zeros([]),
        mu: map((p) => np.zerosLike(p as Tensor), params),
        nu: map((p) => np.zerosLike(p as Tensor), params),
      })),
    update: (grads, stateArg) => inContext("optim.adam: update", () => {
      const state = adamState(stateArg);
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
      return [updates, { count, mu, nu }] as [unknown, AdamState];
    }),
  };
}

/**
 * params + updates, leaf by leaf.
 * @example `params = optim.applyUpdates(params, updates);`
 */
export function applyUpdates<P>(params: P, updates: unknown): P {
  return inContext("optim.applyUpdates", () => map((p, u) => np.add(p as Tensor, u as Tensor), params, updates) as P);
}
