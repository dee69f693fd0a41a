/**
 * ONNX lowerings of the random-number primitives. Threefry-2x32-20 (src/tensor/kernels/threefry.ts)
 * is spelled out on uint32 tensors: ONNX Runtime's uint32 Add wraps modulo 2³² as the kernel's
 * `| 0` does, BitShift and BitwiseOr make the rotations and BitwiseXor the mixing, so every word is
 * the kernel's bit for bit. The whole batch of keys and counters is one broadcast computation: keys
 * `[...batch, 1…]` against counters `[...shape]`, the partitionable scheme (counter `i` is the pair
 * `(0, i)`: counters stay below 2³¹).
 *
 * random_gamma and random_poisson, rejection samplers built on the same hash, are in
 * random-rejection.ts.
 */
import type { EquationOf } from "../../ir/types.js";
import { sizeOf } from "../../tensor/shape.js";
import { Emitter } from "../emitter.js";
import { type Lowering, lit } from "./kit.js";
import { randomGammaGradLowering } from "./special.js";

const U32 = 12;
const ROTATIONS = [13, 15, 26, 6, 17, 29, 16, 24] as const;
const PARITY = 0x1bd11bda;

/** A 0-d uint32 constant (a counter or a Threefry constant). */
export const u32 = (em: Emitter, v: number): string => lit(em, v >>> 0, "uint32");

/** x rotated left by `r` bits (0 < r < 32). */
function rotl(em: Emitter, x: string, r: number): string {
  const left = em.op("BitShift", [x, u32(em, r)], { direction: { s: "LEFT" } });
  const right = em.op("BitShift", [x, u32(em, 32 - r)], { direction: { s: "RIGHT" } });
  return em.op("BitwiseOr", [left, right]);
}

/**
 * Threefry-2x32-20 of the counter pair `(c0, c1)` under the key `(k0, k1)`, all uint32 and
 * broadcast together (as the kernel's `encrypt`, round for round); returns the two output words.
 */
export function threefry(em: Emitter, k0: string, k1: string, c0: string, c1: string): [string, string] {
  const add = (a: string, b: string): string => em.op("Add", [a, b]);
  const ks = [k0, k1, em.op("BitwiseXor", [em.op("BitwiseXor", [k0, k1]), u32(em, PARITY)])];
  let x0 = add(c0, k0);
  let x1 = add(c1, k1);
  for (let g = 1; g <= 5; g++) {
    const base = (g & 1) === 1 ? 0 : 4;
    for (let r = 0; r < 4; r++) {
      x0 = add(x0, x1);
      x1 = em.op("BitwiseXor", [rotl(em, x1, ROTATIONS[base + r]!), x0]);
    }
    const s = g % 3;
    x0 = add(x0, ks[s]!);
    x1 = add(add(x1, ks[(s + 1) % 3]!), u32(em, g));
  }
  return [x0, x1];
}

/** Word `w` (0 or 1) of every key of `keys` (`[...batch, 2]`), shaped `[...batch, 1 × extra]`. */
export function keyWord(em: Emitter, keys: string, batch: readonly number[], w: number, extra: number): string {
  const word = em.op("Slice", [keys, em.int64s([w]), em.int64s([w + 1]), em.int64s([-1])]);
  return em.op("Reshape", [word, em.int64s([...batch, ...new Array<number>(extra).fill(1)])]);
}

/** The counters `0 … n−1` as uint32, shaped `shape`. */
export function counters(em: Emitter, shape: readonly number[]): string {
  const n = sizeOf(shape);
  const r = em.op("Range", [lit(em, 0, "int32"), lit(em, n, "int32"), lit(em, 1, "int32")]);
  return em.op("Reshape", [em.op("Cast", [r], { to: { i: U32 } }), em.int64s([...shape])]);
}

/** Both hash words of counters `0 … |shape|−1` under every key: `[...batch, ...shape]` each. */
function hashCounters(em: Emitter, e: EquationOf<"random_bits" | "random_split">, keys: string): [string, string] {
  const batch = e.inputs[0]!.aval.shape.slice(0, -1);
  const shape = e.params.shape;
  const k0 = keyWord(em, keys, batch, 0, shape.length);
  const k1 = keyWord(em, keys, batch, 1, shape.length);
  return threefry(em, k0, k1, u32(em, 0), counters(em, shape));
}

/** Two word tensors of one shape stacked on a new last axis (a batch of keys). */
const stackWords = (em: Emitter, y0: string, y1: string, out: string): void =>
  em.node("Concat", [em.op("Unsqueeze", [y0, em.int64s([-1])]), em.op("Unsqueeze", [y1, em.int64s([-1])])], [out], { axis: { i: -1 } });

const randomBits: Lowering<"random_bits"> = (em, e, [keys], [out]) => {
  const [y0, y1] = hashCounters(em, e, keys!);
  em.node("BitwiseXor", [y0, y1], [out!]);
};

const randomSplit: Lowering<"random_split"> = (em, e, [keys], [out]) => {
  const [y0, y1] = hashCounters(em, e, keys!);
  stackWords(em, y0, y1, out!);
};

/** The new key is Threefry of the counter `(0, data)` under the old key. */
const randomFoldIn: Lowering<"random_fold_in"> = (em, e, [keys, data], [out]) => {
  const batch = e.inputs[0]!.aval.shape.slice(0, -1);
  const word = e.inputs[1]!.aval.dtype === "uint32" ? data! : em.op("Cast", [data!], { to: { i: U32 } });
  const [y0, y1] = threefry(em, keyWord(em, keys!, batch, 0, 0), keyWord(em, keys!, batch, 1, 0), u32(em, 0), word);
  stackWords(em, y0, y1, out!);
};

/** The random part of the ONNX lowering table. */
export const RANDOM_LOWERINGS = {
  random_bits: randomBits,
  random_split: randomSplit,
  random_fold_in: randomFoldIn,
  // Elementwise math on lgamma and digamma: written with the special functions' builders.
  random_gamma_grad: randomGammaGradLowering,
};
