/**
 * The types of the public transforms, computed from the function they receive: a gradient
 * (`Gradient`, the argument's own pytree type with tensor leaves), what `grad`/`valueAndGrad`
 * return for their options, and a Jacobian (`Jacobian`, the output's structure with each leaf an
 * input's structure). What a transformed function accepts (`ArgsLike`) and returns (`Tensors`)
 * comes from tree/types.ts. Types only: nothing here exists at run time.
 */
import type { TensorLike } from "../tensor/tensor.js";
import type { IsAny, Opaque, TensorLeaf, Tensors } from "../tree/types.js";

export type { ArgLike, ArgsLike, TensorLeaf, Tensors } from "../tree/types.js";

/**
 * The gradient (or cotangent, or tangent) of an argument of type `T`: the same pytree with `Tensor`
 * leaves. `Gradient<Tensor>` and `Gradient<number>` are `Tensor`; `Gradient<{ w: Tensor; b: Tensor }>`
 * is `{ w: Tensor; b: Tensor }`.
 */
export type Gradient<T> = Tensors<T>;

/** One gradient per positional parameter, as `vjp`'s pullback and `linearTranspose` return them. */
export type Gradients<Args extends readonly unknown[]> = { -readonly [K in keyof Args]: Gradient<Args[K]> };

/**
 * The parameter at `argnums` position `I`. A negative or non-literal index selects from every
 * parameter (the type cannot tell which one at compile time).
 */
export type ParamAt<Args extends readonly unknown[], I extends number> = `${I}` extends `-${string}`
  ? Args[number]
  : number extends I
    ? Args[number]
    : Args[I];

/** The gradients for an array `argnums`: a tuple for a literal tuple, one per entry. */
export type GradientsAt<Args extends readonly unknown[], N extends readonly number[]> = {
  -readonly [K in keyof N]: Gradient<ParamAt<Args, N[K]>>;
};

/** The gradient for `argnums` `A` (a number or an array of numbers). */
export type GradientFor<Args extends readonly unknown[], A> = A extends readonly number[]
  ? GradientsAt<Args, A>
  : A extends number
    ? Gradient<ParamAt<Args, A>>
    : Gradient<Args[0]>;

/**
 * A Jacobian: the output's pytree structure `R` with each leaf replaced by `G` (the input's
 * gradient structure). For a tensor output it is `G` itself.
 */
export type Jacobian<R, G> =
  IsAny<R> extends true ? any : unknown extends R ? unknown : [TensorLike] extends [R] ? G : JacobianOf<R, G>;

type JacobianOf<R, G> = R extends TensorLeaf
  ? G
  : R extends Opaque
    ? R
    : R extends readonly unknown[]
      ? { -readonly [K in keyof R]: Jacobian<R[K], G> }
      : R extends object
        ? { -readonly [K in keyof R]: Jacobian<R[K], G> }
        : R;

/** The `argnums` an options type `O` names (0 when it names none). */
export type ArgnumsOf<O> = O extends { readonly argnums: infer A extends number | readonly number[] } ? A : 0;

/** True when an options type `O` sets `hasAux: true`. */
type HasAux<O> = O extends { readonly hasAux: true } ? true : false;

/** The value part of a `[value, aux]` result. */
type ValueOf<R> = R extends readonly unknown[] ? Tensors<R[0]> : Tensors<R>;

/** The aux part of a `[value, aux]` result, with tensor leaves (aux is returned as traced). */
type AuxOf<R> = R extends readonly unknown[] ? Tensors<R[1]> : unknown;

/**
 * What `grad(f, opts)` returns for `f: (...args: Args) => R`: the gradient of the argument(s) named
 * by `argnums`, paired with the aux output under `hasAux: true`.
 */
export type GradResult<Args extends readonly unknown[], R, O> =
  HasAux<O> extends true ? [GradientFor<Args, ArgnumsOf<O>>, AuxOf<R>] : GradientFor<Args, ArgnumsOf<O>>;

/** What `valueAndGrad(f, opts)` returns: `[value, gradient]`, or `[[value, aux], gradient]` under `hasAux`. */
export type ValueAndGradResult<Args extends readonly unknown[], R, O> =
  HasAux<O> extends true
    ? [[ValueOf<R>, AuxOf<R>], GradientFor<Args, ArgnumsOf<O>>]
    : [Tensors<R>, GradientFor<Args, ArgnumsOf<O>>];
