/**
 * Types of pytrees of tensors as the transforms see them: what a transformed function accepts
 * (`ArgsLike`) and what it returns (`Tensors`). Every pytree leaf (a tensor, number, boolean or typed
 * array) becomes a `Tensor` on the way in and on the way out; arrays and plain objects keep their
 * structure; `null` and `undefined` stay as they are. Types only: nothing here exists at run time.
 */
import type { NestedArray, Tensor, TensorLike } from "../tensor/tensor.js";

/** A pytree leaf that the transforms turn into a `Tensor` (a number becomes a 0-d tensor). */
export type TensorLeaf = Tensor | number | boolean | Float32Array | Float64Array | Int32Array;

/** True for `any` (which would otherwise satisfy every branch below). */
export type IsAny<T> = 0 extends 1 & T ? true : false;

/** Objects the pytree walk treats as leaves or refuses: never mapped structurally. */
export type Opaque = ((...args: never[]) => unknown) | Float32Array | Float64Array | Int32Array;

/**
 * `T` with every pytree leaf a `Tensor`: `Tensors<number>` is `Tensor`, `Tensors<{ w: Tensor; b: number }>`
 * is `{ w: Tensor; b: Tensor }`, `Tensors<[Tensor, Tensor[]]>` is `[Tensor, Tensor[]]`. A parameter
 * declared as the whole `TensorLike` union (as `np.*` declare theirs) counts as one leaf.
 * `any` stays `any` and `unknown` stays `unknown`.
 */
export type Tensors<T> =
  IsAny<T> extends true ? any : unknown extends T ? unknown : [TensorLike] extends [T] ? Tensor : TensorsOf<T>;

type TensorsOf<T> = T extends TensorLeaf
  ? Tensor
  : T extends Opaque
    ? T
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: Tensors<T[K]> }
      : T extends object
        ? { -readonly [K in keyof T]: Tensors<T[K]> }
        : T;

/**
 * What a transformed function accepts where `f` takes `T`: a `Tensor` parameter also takes the
 * leaves that become tensors (a number, a boolean, a typed array), through pytrees. A nested JS
 * array is a pytree node, not a leaf, so it is accepted only where `f` itself accepts one. Nested
 * arrays and objects are accepted readonly (the transforms never write to their arguments).
 */
export type ArgLike<T> =
  IsAny<T> extends true
    ? any
    : T extends Tensor
      ? TensorLeaf
      : T extends NestedArray | Opaque
        ? T
        : T extends readonly unknown[]
          ? { readonly [K in keyof T]: ArgLike<T[K]> }
          : T extends object
            ? { readonly [K in keyof T]: ArgLike<T[K]> }
            : T;

/** `ArgLike` of each positional parameter (names and optional parameters are kept). */
export type ArgsLike<Args extends readonly unknown[]> = { [K in keyof Args]: ArgLike<Args[K]> };

