/**
 * Elementwise ops against numpy (test/fixtures/np-cases.json, family "elementwise"): every unary
 * and binary op of shared/API.md in float32, float64 and int32, with broadcasting ([3,1]+[1,4],
 * [2,3]+[3], weak scalars on either side), empty ([0,3]) and size-1 dims, 0-d tensors, IEEE
 * specials (NaN, ±∞, ±0) and the method forms; plus where and clip.
 */
import { np, type Tensor } from "../../src/index.js";
import { runFamily, type Runner } from "./fixture.js";

type Unary = (x: any) => Tensor;
type Binary = (x: any, y: any) => Tensor;

const UNARY: Record<string, Unary> = {
  neg: np.neg, exp: np.exp, log: np.log, log1p: np.log1p, expm1: np.expm1, sin: np.sin, cos: np.cos, tan: np.tan,
  tanh: np.tanh, sqrt: np.sqrt, abs: np.abs, sign: np.sign, square: np.square, reciprocal: np.reciprocal,
  floor: np.floor, ceil: np.ceil, round: np.round, logicalNot: np.logicalNot,
};

const BINARY: Record<string, Binary> = {
  add: np.add, sub: np.sub, mul: np.mul, div: np.div, pow: np.pow, mod: np.mod, maximum: np.maximum, minimum: np.minimum,
  less: np.less, lessEqual: np.lessEqual, greater: np.greater, greaterEqual: np.greaterEqual, equal: np.equal,
  notEqual: np.notEqual, logicalAnd: np.logicalAnd, logicalOr: np.logicalOr,
};

/** Calls the method `name` of tensor `x` (`x.sin()`, `x.add(y)`). */
function method(x: Tensor, name: string, ...rest: unknown[]): Tensor {
  return (x as unknown as Record<string, (...a: unknown[]) => Tensor>)[name]!(...rest);
}

const runners: Record<string, Runner> = {
  where: ([c, a, b]) => np.where(c, a, b),
  clip: ([x, lo, hi], kw) => (kw.method ? (x as Tensor).clip(lo, hi) : np.clip(x, lo, hi)),
};
for (const [name, f] of Object.entries(UNARY)) {
  runners[name] = ([x], kw) => (kw.method ? method(x, name) : f(x));
}
for (const [name, f] of Object.entries(BINARY)) {
  runners[name] = ([x, y], kw) => (kw.method ? method(x, name, y) : f(x, y));
}

runFamily("elementwise", runners, [...Object.keys(UNARY), ...Object.keys(BINARY), "where", "clip"]);
