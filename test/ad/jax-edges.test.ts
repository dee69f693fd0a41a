/**
 * Values and derivatives at the edges, pinned to JAX itself: test/fixtures/jax-edges.json is
 * written by scripts/gen-jax-edges.py from JAX's own rules (relu's and softplus's custom_jvp, the
 * stop_gradient in logsumexp and logSoftmax, `_balanced_eq` for maximum/minimum ties and NaN,
 * reduce-max ties averaged, pow's select on an integer exponent, tanh' = (1 + y)(1 − y), …) at
 * 0 and −0, ties, ±∞, NaN, overflow ranges and empty axes, in float32 and float64.
 *
 * For each case fluxion must give the value, the gradient of sum(weights · f) with respect to each
 * argument, the jvp along each argument, and for unary ops the second derivative — eagerly and
 * under jit. NaN must be NaN, ±∞ exactly ±∞, finite values within the case's tolerance (float64
 * 1e-12 relative, float32 1e-6). The sign of a zero is not compared: XLA, which computed the
 * expectations, folds x·0, x + 0 and x − y freely and so returns −0 or +0 by its rewrites, not
 * by a property of the function.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { grad, jit, jvp, nn, np, type DType, type Tensor } from "../../src/index.js";

type Enc = number | string;

interface EdgeCase {
  readonly id: string;
  readonly op: string;
  readonly dtype: "float32" | "float64";
  readonly args: readonly (readonly Enc[])[];
  readonly argDtypes: readonly DType[];
  readonly shapes: readonly (readonly number[])[];
  readonly weights: readonly Enc[] | null;
  readonly value: readonly Enc[];
  readonly valueShape: readonly number[];
  readonly grads: readonly (readonly Enc[] | null)[];
  readonly tangents: readonly (readonly Enc[] | null)[];
  readonly jvps: readonly (readonly Enc[] | null)[];
  readonly grad2: readonly (readonly Enc[])[] | null;
  readonly tol: { readonly rtol: number; readonly atol: number };
}

const FILE = new URL("../fixtures/jax-edges.json", import.meta.url);
const fixture = JSON.parse(readFileSync(FILE, "utf8")) as { jax: string; cases: EdgeCase[] };

const decode = (v: Enc): number => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number));

type Fn = (...xs: Tensor[]) => Tensor;

const gtZero = (x: Tensor): Tensor => np.greater(x, 0);

/** How fluxion computes each op of the fixture (JAX's function in a comment where names differ). */
const RUNNERS: Record<string, Fn> = {
  abs: np.abs,
  sign: np.sign,
  relu: nn.relu,
  softplus: nn.softplus,
  sigmoid: nn.sigmoid, // jax.nn.sigmoid = lax.logistic
  gelu: nn.gelu, // jax.nn.gelu(x, approximate=True)
  tanh: np.tanh,
  exp: np.exp,
  expm1: np.expm1,
  log: np.log,
  log1p: np.log1p,
  sqrt: np.sqrt,
  floor: np.floor,
  ceil: np.ceil,
  round: np.round,
  square: np.square,
  reciprocal: np.reciprocal,
  // jnp.power(x, n) with a Python int n is lax.integer_pow, as np.pow(x, n) with a JS integer.
  pow0: (x) => np.pow(x, 0),
  pow1: (x) => np.pow(x, 1),
  pow2: (x) => np.pow(x, 2),
  pow3: (x) => np.pow(x, 3),
  "pow-1": (x) => np.pow(x, -1),
  "pow-2": (x) => np.pow(x, -2),
  whereRelu: (x) => np.where(gtZero(x), x, 0),
  whereLog: (x) => np.where(gtZero(x), np.log(x), 0),
  whereLogSafe: (x) => np.where(gtZero(x), np.log(np.where(gtZero(x), x, 1)), 0),
  clipConst: (x) => np.clip(x, -1, 1),
  maximum: np.maximum,
  minimum: np.minimum,
  pow: np.pow,
  powIntExponent: np.pow, // a float base with an int32 exponent tensor
  mod: np.mod,
  div: np.div,
  mul: np.mul,
  clip: np.clip,
  max: (x) => np.max(x, -1),
  min: (x) => np.min(x, -1),
  prod: (x) => np.prod(x, -1),
  logsumexp: (x) => nn.logsumexp(x, -1),
  softmax: (x) => nn.softmax(x, -1),
  logSoftmax: (x) => nn.logSoftmax(x, -1),
  softmaxEmpty1d: (x) => nn.softmax(x),
  softmaxEmpty2d: (x) => nn.softmax(x),
  logSoftmaxEmpty1d: (x) => nn.logSoftmax(x),
  logSoftmaxEmpty2d: (x) => nn.logSoftmax(x),
  logsumexpEmpty1d: (x) => nn.logsumexp(x, -1),
  logsumexpEmpty2d: (x) => nn.logsumexp(x, -1),
};

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/**
 * Where JAX's value is an artefact of how XLA evaluates its rule, not a property of the function,
 * fluxion is held to the closed form instead (evaluated here in float64), at the listed points.
 */
const ARTEFACTS: Readonly<Record<string, readonly { what: "grad2"; at: readonly number[]; closedForm: (x: number) => number; why: string }[]>> = {
  "softplus/float64": [{
    what: "grad2", at: [30], closedForm: (x) => sigmoid(x) * sigmoid(-x),
    why: "JAX differentiates its rule e^(x − softplus x) to e^(x−sp)·(1 − e^(x−sp)), and 1 − e^(x−sp) cancels for large x: 9.24e-14 where σ(30)(1 − σ(30)) = 9.36e-14",
  }],
};

/** The expected elements of `what`, with the artefact points replaced by their closed form. */
function expected(c: EdgeCase, what: "grad2", want: readonly Enc[]): Enc[] {
  const out = [...want];
  for (const a of ARTEFACTS[c.id] ?? []) {
    if (a.what !== what) continue;
    for (const x of a.at) {
      const hits = c.args[0]!.flatMap((v, i) => (decode(v) === x ? [i] : []));
      expect(hits.length, `${c.id}: artefact point ${x} is not in the fixture`).toBeGreaterThan(0);
      for (const i of hits) out[i] = a.closedForm(x);
    }
  }
  return out;
}

function tensor(data: readonly Enc[], shape: readonly number[], dtype: DType): Tensor {
  return np.reshape(np.array(data.map(decode), { dtype }), [...shape]);
}

/** Where `got` differs from `want`: NaN ↔ NaN, ±∞ exactly, finite within atol + rtol·|want|. */
function mismatches(what: string, got: Tensor, want: readonly Enc[], c: EdgeCase): string[] {
  const g = Array.from(got.data());
  if (g.length !== want.length) return [`${what}: ${g.length} elements, want ${want.length}`];
  const bad: string[] = [];
  want.forEach((e, i) => {
    let w = decode(e);
    if (c.dtype === "float32") w = Math.fround(w);
    const x = g[i]!;
    let ok: boolean;
    if (Number.isNaN(w)) ok = Number.isNaN(x);
    else if (!Number.isFinite(w)) ok = x === w;
    else ok = Number.isFinite(x) && Math.abs(x - w) <= c.tol.atol + c.tol.rtol * Math.abs(w);
    if (!ok) bad.push(`${what}[${i}] at (${c.args.map((a) => a[i % a.length]).join(", ")}): got ${x}, want ${w}`);
  });
  return bad;
}

/** Everything fluxion computes for one case, eagerly or under jit, checked against JAX. */
function check(c: EdgeCase, compiled: boolean): string[] {
  const f = RUNNERS[c.op]!;
  const args = c.args.map((a, i) => tensor(a, c.shapes[i]!, c.argDtypes[i]!));
  const weights = c.weights === null ? np.onesLike(f(...args)) : tensor(c.weights, c.valueShape, c.dtype);
  const diff = c.grads.flatMap((g, i) => (g === null ? [] : [i]));
  const wrap = <F extends (...a: any[]) => any>(fn: F): F => (compiled ? (jit(fn) as F) : fn);

  const bad: string[] = [];
  const value = wrap(f)(...args);
  expect([...value.shape], `${c.id} value shape`).toEqual([...c.valueShape]);
  bad.push(...mismatches("value", value, c.value, c));

  const loss = (...xs: Tensor[]): Tensor => np.sum(np.mul(weights, f(...xs)));
  if (diff.length > 0) {
    const grads = wrap(grad(loss, { argnums: diff }))(...args);
    diff.forEach((i, k) => bad.push(...mismatches(`grad[${i}]`, grads[k]!, c.grads[i]!, c)));
  }
  for (const i of diff) {
    const along = (y: Tensor): Tensor => f(...args.map((x, j) => (j === i ? y : x)));
    const tangent = tensor(c.tangents[i]!, c.shapes[i]!, c.dtype);
    const [, dy] = wrap((x: Tensor, t: Tensor) => jvp(along, [x], [t]))(args[i]!, tangent) as [Tensor, Tensor];
    bad.push(...mismatches(`jvp[${i}]`, dy, c.jvps[i]!, c));
  }
  if (c.grad2 !== null) {
    const d1 = grad((y: Tensor) => np.sum(f(y))) as (y: Tensor) => Tensor;
    const d2 = wrap(grad((y: Tensor) => np.sum(d1(y))))(args[0]!);
    bad.push(...mismatches("grad2", d2, expected(c, "grad2", c.grad2[0]!), c));
  }
  return bad;
}

describe(`values and derivatives at the edges match JAX ${fixture.jax}`, () => {
  it("each documented JAX artefact really differs from its closed form (else it is no artefact)", () => {
    for (const [id, entries] of Object.entries(ARTEFACTS)) {
      const c = fixture.cases.find((k) => k.id === id)!;
      for (const a of entries) {
        const jaxValues = c.grad2![0]!;
        const fixed = expected(c, a.what, jaxValues);
        const stillClose = mismatches(a.what, np.array(jaxValues.map(decode), { dtype: c.dtype }), fixed, c).length === 0;
        expect(stillClose, `${id} ${a.what} at ${a.at.join(", ")}: ${a.why}`).toBe(false);
      }
    }
  });

  it("every op of the fixture has a runner and every runner a case, in both float dtypes", () => {
    const ops = new Set(fixture.cases.map((c) => c.op));
    expect([...ops].filter((op) => !(op in RUNNERS))).toEqual([]);
    expect(Object.keys(RUNNERS).filter((op) => !ops.has(op))).toEqual([]);
    for (const dtype of ["float32", "float64"]) {
      expect(fixture.cases.filter((c) => c.dtype === dtype).length).toBe(ops.size);
    }
  });

  for (const c of fixture.cases) {
    it(`${c.id} (eager)`, () => expect(check(c, false)).toEqual([]));
    it(`${c.id} (jit)`, () => expect(check(c, true)).toEqual([]));
  }
});
