/**
 * Laws of the control-flow layer (`lax`), property-tested with fast-check under a fixed seed
 * (`FC_SEED`, default 42). Every reference is computed outside the primitive under test:
 *
 * - `scan` equals the same recurrence unrolled as a plain JS loop of np ops, in value, jvp, vjp
 *   and second order (grad of grad), forwards and in reverse, for single and pytree carries;
 * - `cond` / `switch` equal the branch taken (chosen in JS), and so do their gradients;
 * - `vmap(cond)`, `vmap(scan)`, `vmap(whileLoop)` with per-example predicates / data equal the
 *   per-example loop;
 * - `forLoop` (static and traced bounds) equals `scan` with the same body.
 *
 * Each is a law of the shared harness (laws/law.ts): fast-check under the suite's fixed seed,
 * and a failure names the law and what it usually means. All data is float64, so the references
 * agree to ~1e-12 and the tolerances are tight.
 */
import * as fc from "fast-check";
import { describe, it } from "vitest";
import { grad, jit, jvp, lax, np, tree, vjp, vmap, type Tensor } from "../../src/index.js";
import { checkLaw, ensure, runs } from "../../laws/law.js";
import { T, expectClose, expectTreeClose, f64, i32, s64, vals } from "../support/index.js";
import { stackTrees } from "./helpers.js";

/** Tolerance of a float64 result against its float64 reference (a different evaluation order). */
const TOL = { rtol: 1e-9, atol: 1e-10 };

/** A pool of doubles in [-1, 1] that the cases draw their data from. */
const pool = (n: number) => fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n });

/** Takes successive numbers from a pool. */
function taker(p: readonly number[]) {
  let k = 0;
  return (n: number): number[] => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(p[k++ % p.length]!);
    return out;
  };
}

const D = 2; // feature size of every carry leaf and x_t

// ---------------------------------------------------------------------------------------------
// scan ≡ unrolled loop
// ---------------------------------------------------------------------------------------------

type Carry = Tensor | { h: Tensor; c: Tensor };

/**
 * The random bodies. kind 0: carry' = tanh(a·carry + b·x), y = carry·x. kind 1 (an LSTM-like
 * pytree carry {h, c}): h' = tanh(a·h + b·x + c), c' = 0.5·c + sin(b·h'), y = [h·x, c'].
 */
function body(kind: number, a: Tensor, b: Tensor) {
  return (carry: Carry, x: Tensor): [Carry, unknown] => {
    if (kind === 0) {
      const c = carry as Tensor;
      return [np.tanh(np.add(np.mul(a, c), np.mul(b, x))), np.mul(c, x)];
    }
    const { h, c } = carry as { h: Tensor; c: Tensor };
    const h2 = np.tanh(np.add(np.add(np.mul(a, h), np.mul(b, x)), c));
    const c2 = np.add(np.mul(0.5, c), np.sin(np.mul(b, h2)));
    return [{ h: h2, c: c2 }, [np.mul(h, x), c2]];
  };
}

/** y leaves per kind (each of shape [D]). */
const yLeafCount = (kind: number) => (kind === 0 ? 1 : 2);

/** scan with the body, as a function of (a, b, init, xs). */
const viaScan =
  (kind: number, reverse: boolean) =>
  (a: Tensor, b: Tensor, init: Carry, xs: Tensor): unknown =>
    lax.scan(body(kind, a, b), init, xs, { reverse });

/** The same recurrence unrolled in JS with plain np ops: the reference. */
const unrolled =
  (kind: number, reverse: boolean, n: number) =>
  (a: Tensor, b: Tensor, init: Carry, xs: Tensor): unknown => {
    const f = body(kind, a, b);
    let carry = init;
    const ys: unknown[] = new Array(n);
    for (let k = 0; k < n; k++) {
      const t = reverse ? n - 1 - k : k;
      const [c, y] = f(carry, xs.get(t));
      carry = c;
      ys[t] = y;
    }
    const stackLeaf = (j: number): Tensor => {
      if (n === 0) return np.zeros([0, D], "float64");
      return np.stack(ys.map((y) => (kind === 0 ? (y as Tensor) : (y as Tensor[])[j]!)));
    };
    const ysStacked = kind === 0 ? stackLeaf(0) : [stackLeaf(0), stackLeaf(1)];
    return [carry, ysStacked];
  };

interface ScanCase {
  kind: number;
  n: number;
  reverse: boolean;
  data: number[];
}

const scanCaseArb: fc.Arbitrary<ScanCase> = fc.record({
  kind: fc.constantFrom(0, 1),
  n: fc.integer({ min: 0, max: 5 }),
  reverse: fc.boolean(),
  data: pool(96),
});

/** The primals (a, b, init, xs), tangents for them and an output cotangent of a case. */
function scanInputs({ kind, n, data }: ScanCase) {
  const take = taker(data);
  const carry = (): Carry => (kind === 0 ? f64(take(D)) : { h: f64(take(D)), c: f64(take(D)) });
  const a = s64(1.5 * take(1)[0]!);
  const b = s64(1.5 * take(1)[0]!);
  const primals = [a, b, carry(), f64(take(n * D), [n, D])] as const;
  const tangents = [s64(take(1)[0]!), s64(take(1)[0]!), carry(), f64(take(n * D), [n, D])] as const;
  const ys = yLeafCount(kind) === 1 ? f64(take(n * D), [n, D]) : [f64(take(n * D), [n, D]), f64(take(n * D), [n, D])];
  const cotangent = [carry(), ys];
  return { primals, tangents, cotangent };
}

/** A scalar loss of the scan outputs, smooth and touching every leaf. */
function lossOf(out: unknown): Tensor {
  const leaves = tree.leaves(out);
  return leaves.reduce((acc: Tensor, l) => np.add(acc, np.sum(np.sin(np.mul(l, 1.3)))), s64(0));
}

describe("scan equals the unrolled loop", () => {
  it("in value", () =>
    checkLaw(
      {
        name: "scan = unrolled loop, in value",
        note: "scan's carry and stacked ys must equal the same body run as a JS loop; a difference is in scan's kernel (order, reverse, stacking)",
        arbitrary: scanCaseArb,
        holds: (c) => {
          const { primals } = scanInputs(c);
          expectTreeClose(viaScan(c.kind, c.reverse)(...primals), unrolled(c.kind, c.reverse, c.n)(...primals), TOL, "scan value");
        },
      },
      runs(30),
    ));

  it("in jvp (tangents of a, b, the initial carry and xs)", () =>
    checkLaw(
      {
        name: "scan = unrolled loop, in jvp",
        note: "jvp of scan must equal jvp of the unrolled loop; a difference is in scan's jvp rule (the tangent body, symbolic-zero tangents of the carry)",
        arbitrary: scanCaseArb,
        holds: (c) => {
          const { primals, tangents } = scanInputs(c);
          const [out, tan] = jvp(viaScan(c.kind, c.reverse), [...primals], [...tangents]);
          const [outU, tanU] = jvp(unrolled(c.kind, c.reverse, c.n), [...primals], [...tangents]);
          expectTreeClose(out, outU, TOL, "jvp primal");
          expectTreeClose(tan, tanU, TOL, "jvp tangent");
        },
      },
      runs(25),
    ));

  it("in vjp (cotangents of a, b, the initial carry and xs)", () =>
    checkLaw(
      {
        name: "scan = unrolled loop, in vjp",
        note: "vjp of scan must equal vjp of the unrolled loop; a difference is in scan's transpose (the reversed loop, residuals, accumulated cotangents of closed-over values)",
        arbitrary: scanCaseArb,
        holds: (c) => {
          const { primals, cotangent } = scanInputs(c);
          const [out, pull] = vjp(viaScan(c.kind, c.reverse), ...primals);
          const [outU, pullU] = vjp(unrolled(c.kind, c.reverse, c.n), ...primals);
          expectTreeClose(out, outU, TOL, "vjp primal");
          expectTreeClose(pull(cotangent), pullU(cotangent), TOL, "vjp cotangents");
        },
      },
      runs(25),
    ));

  it("in second order: grad (w.r.t. everything) of ∂L/∂a", () =>
    checkLaw(
      {
        name: "scan = unrolled loop, in second order",
        note: "grad of grad through scan must equal it through the unrolled loop; a difference is in differentiating scan's own jvp or transpose rules",
        arbitrary: scanCaseArb,
        holds: (c) => {
          const { primals } = scanInputs(c);
          const second = (f: (a: Tensor, b: Tensor, init: Carry, xs: Tensor) => unknown) => {
            const L = (a: Tensor, b: Tensor, init: Carry, xs: Tensor) => lossOf(f(a, b, init, xs));
            const dLda = grad(L, { argnums: 0 });
            return grad(dLda, { argnums: [0, 1, 2, 3] })(...primals);
          };
          expectTreeClose(second(viaScan(c.kind, c.reverse)), second(unrolled(c.kind, c.reverse, c.n)), TOL, "grad of grad");
        },
      },
      runs(15),
    ));
});

// ---------------------------------------------------------------------------------------------
// cond / switch ≡ the branch taken
// ---------------------------------------------------------------------------------------------

interface CondCase {
  p: number[];
  x: number[];
  y: number;
  thr: number;
}

const condCaseArb: fc.Arbitrary<CondCase> = fc
  .record({ p: pool(4), x: pool(3), y: fc.double({ min: -1, max: 1, noNaN: true }), thr: fc.double({ min: -1.5, max: 1.5, noNaN: true }) })
  .filter(({ x, thr }) => Math.abs(x[0]! + x[1]! + x[2]! - thr) > 1e-6);

/** Three branches of (x: [3], y: []) ↦ [3], with random coefficients. */
function branches(p: readonly number[]) {
  const [a, b, c, d] = p.map((v) => 1.5 * v) as [number, number, number, number];
  return [
    (x: Tensor, y: Tensor) => np.add(np.mul(np.sin(np.mul(x, a)), y), np.square(x)),
    (x: Tensor, y: Tensor) => np.sub(np.exp(np.mul(x, b)), np.mul(y, x)),
    (x: Tensor, y: Tensor) => np.mul(np.tanh(np.add(np.mul(x, c), d)), np.cos(y)),
  ];
}

/** The predicate of the cond cases: sum(x) > thr, decided in JS for the reference. */
const predOf = (x: Tensor, thr: number) => np.greater(np.sum(x), thr);
const takenInJs = ({ x, thr }: CondCase) => x[0]! + x[1]! + x[2]! > thr;

describe("cond equals the branch taken", () => {
  it("in value and in gradient (predicate computed from the differentiated input)", () =>
    checkLaw(
      {
        name: "cond = the branch taken, in value, grad and jvp",
        note: "cond (eager, under jit, under grad and jvp) must equal the branch JS picks; a difference is in cond's kernel, its jvp or transpose rule, or jit's handling of its branches",
        arbitrary: condCaseArb,
        holds: (c) => {
          const [t, f] = branches(c.p);
          const viaCond = (x: Tensor, y: Tensor) => T(lax.cond(predOf(x, c.thr), t!, f!, x, y));
          const taken = takenInJs(c) ? t! : f!;
          const x = f64(c.x);
          const y = s64(c.y);
          expectTreeClose(viaCond(x, y), taken(x, y), TOL, "cond value");
          expectTreeClose(jit(viaCond)(x, y), taken(x, y), TOL, "jit(cond) value");
          const L = (g: (x: Tensor, y: Tensor) => Tensor) => (x: Tensor, y: Tensor) => np.sum(np.mul(g(x, y), f64([0.7, -1.1, 0.4])));
          const want = grad(L(taken), { argnums: [0, 1] })(x, y);
          expectTreeClose(grad(L(viaCond), { argnums: [0, 1] })(x, y), want, TOL, "cond grad");
          expectTreeClose(jit(grad(L(viaCond), { argnums: [0, 1] }))(x, y), want, TOL, "jit(grad(cond))");
          // Forward mode too.
          const [, tan] = jvp(viaCond, [x, y], [f64([0.3, -0.2, 0.5]), s64(0.9)]);
          const [, tanW] = jvp(taken, [x, y], [f64([0.3, -0.2, 0.5]), s64(0.9)]);
          expectTreeClose(tan, tanW, TOL, "cond jvp");
        },
      },
      runs(15),
    ));

  it("switch with any index (clamped into range) equals the branch taken, in value and gradient", () =>
    checkLaw(
      {
        name: "switch = the branch taken (index clamped), in value and grad",
        note: "switch must clamp its index into range as JAX does and equal that branch, eagerly, under jit and under grad",
        arbitrary: fc.tuple(condCaseArb, fc.integer({ min: -3, max: 5 })),
        holds: ([c, index]) => {
          const bs = branches(c.p);
          const taken = bs[Math.min(Math.max(index, 0), bs.length - 1)]!;
          const viaSwitch = (i: Tensor, x: Tensor, y: Tensor) => T(lax.switch(i, bs, x, y));
          const x = f64(c.x);
          const y = s64(c.y);
          expectTreeClose(viaSwitch(i32(index), x, y), taken(x, y), TOL, "switch value");
          expectTreeClose(jit(viaSwitch)(i32(index), x, y), taken(x, y), TOL, "jit(switch) value");
          const L = (g: (x: Tensor, y: Tensor) => Tensor) => (x: Tensor, y: Tensor) => np.sum(np.mul(g(x, y), f64([0.7, -1.1, 0.4])));
          expectTreeClose(
            grad(L((x, y) => viaSwitch(i32(index), x, y)), { argnums: [0, 1] })(x, y),
            grad(L(taken), { argnums: [0, 1] })(x, y),
            TOL,
            "switch grad",
          );
        },
      },
      runs(15),
    ));

  it("vmap(cond) with a per-example predicate equals the per-example loop, also for its gradient", () =>
    checkLaw(
      {
        name: "vmap(cond) = per-example loop, in value and grad",
        note: "with a batched predicate cond must pick each example's branch (both run, then select); a difference is in cond's batching rule or in transposing a cond with a batched index",
        arbitrary: fc.tuple(fc.array(condCaseArb, { minLength: 1, maxLength: 4 }), pool(4), fc.double({ min: -1, max: 1, noNaN: true })),
        holds: ([cases, p, thr]) => {
          const [t, f] = branches(p);
          const viaCond = (x: Tensor, y: Tensor) => T(lax.cond(predOf(x, thr), t!, f!, x, y));
          const X = f64(cases.flatMap((c) => c.x), [cases.length, 3]);
          const Y = f64(cases.map((c) => c.y));
          const loop = cases.map((_, i) => viaCond(X.get(i), Y.get(i)));
          expectTreeClose(vmap(viaCond)(X, Y), stackTrees(loop), TOL, "vmap(cond)");
          // Per-example gradients: the transpose of a cond with a batched index.
          const L = (x: Tensor, y: Tensor) => np.sum(np.mul(viaCond(x, y), f64([0.7, -1.1, 0.4])));
          const g = grad(L, { argnums: [0, 1] });
          const gLoop = cases.map((_, i) => g(X.get(i), Y.get(i)));
          expectTreeClose(vmap(g)(X, Y), stackTrees(gLoop), TOL, "vmap(grad(cond))");
        },
      },
      runs(15),
    ));

  it("vmap(switch) with a per-example index (some out of range) equals the per-example loop", () =>
    checkLaw(
      {
        name: "vmap(switch) = per-example loop",
        note: "with a batched index (some out of range) switch must pick each example's clamped branch; a difference is in switch's batching rule",
        arbitrary: fc.tuple(fc.array(fc.tuple(condCaseArb, fc.integer({ min: -2, max: 4 })), { minLength: 1, maxLength: 4 }), pool(4)),
        holds: ([cases, p]) => {
          const bs = branches(p);
          const viaSwitch = (i: Tensor, x: Tensor, y: Tensor) => T(lax.switch(i, bs, x, y));
          const I = np.array(cases.map(([, i]) => i), { dtype: "int32" });
          const X = f64(cases.flatMap(([c]) => c.x), [cases.length, 3]);
          const Y = f64(cases.map(([c]) => c.y));
          const loop = cases.map(([, i], k) => bs[Math.min(Math.max(i, 0), 2)]!(X.get(k), Y.get(k)));
          expectTreeClose(vmap(viaSwitch)(I, X, Y), stackTrees(loop), TOL, "vmap(switch)");
        },
      },
      runs(20),
    ));
});

// ---------------------------------------------------------------------------------------------
// forLoop ≡ scan with the same body
// ---------------------------------------------------------------------------------------------

describe("forLoop equals scan with the same body", () => {
  /** (i, carry) ↦ tanh(a·carry + b·sin(i)) + 0.1·i: reads the index as a float. */
  const step = (a: Tensor, b: Tensor) => (i: Tensor, c: Tensor) => {
    const fi = np.astype(i, "float64");
    return np.add(np.tanh(np.add(np.mul(a, c), np.mul(b, np.sin(fi)))), np.mul(fi, 0.1));
  };
  const viaScan = (lo: number, hi: number) => (a: Tensor, b: Tensor, c0: Tensor) => {
    const idx = np.array(Array.from({ length: Math.max(0, hi - lo) }, (_, k) => lo + k), { dtype: "int32" });
    return T(lax.scan((c: Tensor, i: Tensor) => [step(a, b)(i, c), null], c0, idx, { length: Math.max(0, hi - lo) })[0]);
  };
  const caseArb = fc.record({ lo: fc.integer({ min: -2, max: 3 }), len: fc.integer({ min: -1, max: 5 }), data: pool(8) });

  it("with static (JS number) bounds: value, jvp and gradient", () =>
    checkLaw(
      {
        name: "forLoop (static bounds) = scan over the indices, in value, jvp and grad",
        note: "forLoop(lo, hi) must run the body for i = lo … hi−1 (none when hi ≤ lo) exactly like a scan over those indices, also under jvp and grad",
        arbitrary: caseArb,
        holds: ({ lo, len, data }) => {
          const hi = lo + len;
          const take = taker(data);
          const a = s64(take(1)[0]!);
          const b = s64(take(1)[0]!);
          const c0 = f64(take(D));
          const viaFor = (a: Tensor, b: Tensor, c0: Tensor) => T(lax.forLoop(lo, hi, step(a, b), c0));
          const ref = viaScan(lo, hi);
          expectTreeClose(viaFor(a, b, c0), ref(a, b, c0), TOL, "forLoop value");
          const tans = [s64(0.3), s64(-0.7), f64(take(D))] as const;
          expectTreeClose(jvp(viaFor, [a, b, c0], tans), jvp(ref, [a, b, c0], tans), TOL, "forLoop jvp");
          const L = (f: typeof ref) => (a: Tensor, b: Tensor, c0: Tensor) => np.sum(np.square(f(a, b, c0)));
          expectTreeClose(
            grad(L(viaFor), { argnums: [0, 1, 2] })(a, b, c0),
            grad(L(ref), { argnums: [0, 1, 2] })(a, b, c0),
            TOL,
            "forLoop grad",
          );
        },
      },
      runs(25),
    ));

  it("with traced bounds (jit, bounds as arguments): value and jvp", () =>
    checkLaw(
      {
        name: "forLoop (traced bounds) = scan over the indices, in value and jvp",
        note: "with bounds only known at run time (jit arguments) forLoop becomes a while loop; it must still equal the scan over lo … hi−1, also under jvp",
        arbitrary: caseArb,
        holds: ({ lo, len, data }) => {
          const hi = lo + len;
          const take = taker(data);
          const a = s64(take(1)[0]!);
          const b = s64(take(1)[0]!);
          const c0 = f64(take(D));
          const viaFor = jit((l: Tensor, h: Tensor, a: Tensor, b: Tensor, c0: Tensor) => T(lax.forLoop(l, h, step(a, b), c0)));
          const ref = viaScan(lo, hi);
          expectTreeClose(viaFor(i32(lo), i32(hi), a, b, c0), ref(a, b, c0), TOL, "traced forLoop value");
          const tans = [s64(0.3), s64(-0.7), f64(take(D))] as const;
          const [out, tan] = jvp((a: Tensor, b: Tensor, c0: Tensor) => viaFor(i32(lo), i32(hi), a, b, c0), [a, b, c0], tans);
          const [outR, tanR] = jvp(ref, [a, b, c0], tans);
          expectTreeClose(out, outR, TOL, "traced forLoop jvp primal");
          expectTreeClose(tan, tanR, TOL, "traced forLoop jvp tangent");
        },
      },
      runs(20),
    ));
});

// ---------------------------------------------------------------------------------------------
// vmap(scan), vmap(whileLoop) ≡ per-example loop
// ---------------------------------------------------------------------------------------------

describe("vmap of loops equals the per-example loop", () => {
  it("vmap(scan): batched xs (batch axis 0 or 1) and init, closed-over weights unbatched; and per-example gradients", () =>
    checkLaw(
      {
        name: "vmap(scan) = per-example loop, in value and per-example grad",
        note: "scan with a batched carry and xs (batch axis 0 or 1) and unbatched closed-over weights must equal scanning each example; a difference is in scan's batching rule (moving the batch axis, forcing the carry batched)",
        arbitrary: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 4 }), fc.constantFrom(0, 1), fc.boolean(), pool(64)),
        holds: ([B, n, xAxis, reverse, data]) => {
          const take = taker(data);
          const W = f64(take(D * D), [D, D]);
          const init = f64(take(B * D), [B, D]);
          const xsBatchFirst = f64(take(B * n * D), [B, n, D]);
          const rnn = (W: Tensor) => (h0: Tensor, xs: Tensor) =>
            lax.scan((h: Tensor, x: Tensor) => {
              const h2 = np.tanh(np.add(np.matmul(W, h), x));
              return [h2, np.sum(np.mul(h, x))];
            }, h0, xs, { reverse });
          const xsArg = xAxis === 0 ? xsBatchFirst : np.transpose(xsBatchFirst, [1, 0, 2]);
          const got = vmap(rnn(W), { inAxes: [0, xAxis] })(init, xsArg);
          const loop = Array.from({ length: B }, (_, i) => rnn(W)(init.get(i), xsBatchFirst.get(i)));
          expectTreeClose(got, stackTrees(loop), TOL, "vmap(scan)");

          // Per-example gradients w.r.t. the (unbatched) weights.
          const L = (W: Tensor, h0: Tensor, xs: Tensor) => {
            const [h, ys] = rnn(W)(h0, xs) as [Tensor, Tensor];
            return np.add(np.sum(np.square(h)), np.sum(ys));
          };
          const g = grad(L, { argnums: [0, 1] });
          const gotG = vmap(g, { inAxes: [null, 0, xAxis] })(W, init, xsArg);
          const loopG = Array.from({ length: B }, (_, i) => g(W, init.get(i), xsBatchFirst.get(i)));
          expectTreeClose(gotG, stackTrees(loopG), TOL, "vmap(grad(scan))");
        },
      },
      runs(20),
    ));

  it("vmap(whileLoop) with a per-example predicate (different trip counts) equals the per-example loop", () => {
    const grow = (x0: Tensor, lim: Tensor, rate: Tensor) =>
      lax.whileLoop(
        ([x]: [Tensor, Tensor]) => np.less(x, lim),
        ([x, k]: [Tensor, Tensor]) => [np.add(np.mul(x, rate), 0.1), np.add(k, i32(1))] as [Tensor, Tensor],
        [x0, i32(0)] as [Tensor, Tensor],
      );
    const exArb = fc.record({ x0: fc.double({ min: 0.05, max: 3, noNaN: true }), lim: fc.double({ min: -1, max: 8, noNaN: true }) });
    checkLaw(
      {
        name: "vmap(whileLoop) = per-example loop, with per-example trip counts, also under jvp",
        note: "with a batched predicate the loop runs until every example is done and each example keeps its own result and trip count; a difference is in whileLoop's batching rule (the select that freezes finished examples)",
        arbitrary: fc.tuple(fc.array(exArb, { minLength: 1, maxLength: 5 }), fc.double({ min: 1.2, max: 2, noNaN: true })),
        holds: ([exs, r]) => {
          const X0 = f64(exs.map((e) => e.x0));
          const LIM = f64(exs.map((e) => e.lim));
          const rate = s64(r);
          const got = vmap(grow, { inAxes: [0, 0, null] })(X0, LIM, rate);
          const loop = exs.map((_, i) => grow(X0.get(i), LIM.get(i), rate));
          expectTreeClose(got, stackTrees(loop), TOL, "vmap(whileLoop)");
          // And against the plain JS loop, including the per-example trip counts.
          const js = exs.map(({ x0, lim }) => {
            let x = x0;
            let k = 0;
            while (x < lim) {
              x = x * r + 0.1;
              k++;
            }
            return [x, k] as const;
          });
          const [xs, ks] = got as [Tensor, Tensor];
          expectClose(xs, js.map(([x]) => x), TOL, "final x");
          const trips = js.map(([, k]) => k);
          ensure(JSON.stringify(vals(ks)) === JSON.stringify(trips), () => `trip counts ${JSON.stringify(vals(ks))}, the JS loop took ${JSON.stringify(trips)}`);
          // vmap of the jvp (forward mode through the batched loop) against the per-example jvp.
          const tanOf = (x0: Tensor, lim: Tensor) => jvp((x: Tensor) => grow(x, lim, rate)[0]!, [x0], [s64(1)])[1];
          const gotT = vmap(tanOf)(X0, LIM);
          expectClose(gotT, exs.map((_, i) => vals(tanOf(X0.get(i), LIM.get(i)))[0]!), TOL, "vmap(jvp(whileLoop))");
        },
      },
      runs(25),
    );
  });
});
