/**
 * Test domains of the control-flow primitives `cond`, `while`, `scan` and `jit`. Their sub-graphs are
 * random programs (programs.ts) traced flat (captured constants stay constvars), wrapped so that
 * every branch / body has the signature the primitive demands: a branch or a carry update returns
 * `x + tanh(Σ sum(program outputs))` for each of its float inputs, which keeps types fixed and
 * values bounded however many times a loop runs. `while` terminates by construction: its carry
 * holds an int32 counter, its condition is `counter < n` with n in [0, 3].
 * Two flavours: `controlDomains` (any palette, float32/float64) for the value laws, and
 * `smoothControlDomains` (smooth palette, float64) for the derivative laws.
 */
import * as fc from "fast-check";
import type { Graph } from "../src/ir/graph.js";
import { type Aval, aval } from "../src/ir/types.js";
import * as ops from "../src/primitives/ops.js";
import type { DType } from "../src/tensor/dtype.js";
import { scalar } from "../src/tensor/from-js.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { traceFlat } from "../src/trace/trace.js";
import { FLOAT_DTYPES, type Range, type Shape, type Values, range, shapeArb, shuffledInputsArb, tensorArb } from "./arbitraries.js";
import type { Domain } from "./domains.js";
import { allFloatArgs } from "./domains-linear.js";
import { FULL_PALETTE, type Palette, type Program, SMOOTH_PALETTE, programArb, runProgram } from "./programs.js";
import { wire } from "../src/wire.js";

// Laws import modules below the package root, so they wire fluxion's layers themselves.
wire();

/** Where the sub-graphs' programs come from, and the operands' dtypes and range. */
interface Flavour {
  readonly palette: Palette;
  readonly dtypes: readonly DType[];
  readonly range: Range;
}

const ANY: Flavour = { palette: FULL_PALETTE, dtypes: FLOAT_DTYPES, range: { min: -3, max: 3 } };
const SMOOTH: Flavour = { palette: SMOOTH_PALETTE, dtypes: ["float64"], range: { min: -2, max: 2 } };

const smallShape = shapeArb({ maxRank: 2, maxDim: 3 });
const avalOf = (x: Tensor): Aval => aval(x.shape, x.dtype);
const allAxes = (x: Tensor): number[] => x.shape.map((_, i) => i);

/** tanh(Σ sum(outs)), a bounded scalar of dtype `dtype` that depends on every output. */
function squashOuts(outs: readonly Tensor[], dtype: DType): Tensor {
  let s = scalar(0, dtype);
  for (const o of outs) s = ops.add(s, ops.reduceSum(ops.convert(o, dtype), allAxes(o)));
  return ops.unaryOp("tanh", s);
}

/** `squashOuts` of program p run on xs. */
const squash = (p: Program, xs: readonly Tensor[], dtype: DType): Tensor => squashOuts(runProgram(p, xs), dtype);

/** `n` programs over `nInputs` inputs of `shape` and `dtype`. */
const programsArb = (fl: Flavour, n: number, nInputs: number, shape: Shape, dtype: DType): fc.Arbitrary<Program[]> =>
  fc.array(programArb({ palette: fl.palette, dtype, shape: fc.constant(shape), nInputs, maxSteps: 5 }), { minLength: n, maxLength: n });

const tensorsArb = (n: number, shape: Shape, dtype: DType, v: Values, r: Range): fc.Arbitrary<Tensor[]> =>
  fc.tuple(...range(n).map(() => tensorArb(shape, dtype, v, r)));

function condDomain(fl: Flavour): Domain<"cond"> {
  return {
    linearArgs: (c) => [range(c.inputs.length).slice(1)], // the operands, never the branch index
    cases: (v) =>
      fc
        .record({ shape: smallShape, dtype: fc.constantFrom(...fl.dtypes), nOps: fc.integer({ min: 1, max: 3 }), nBranches: fc.integer({ min: 1, max: 3 }) })
        .chain(({ shape, dtype, nOps, nBranches }) =>
          fc
            .tuple(programsArb(fl, nBranches, nOps, shape, dtype), tensorsArb(nOps, shape, dtype, v, fl.range), tensorArb([], "int32", v, { min: -1, max: nBranches }))
            .map(([programs, operands, index]) => {
              const avals = operands.map(avalOf);
              const branches: Graph[] = programs.map((p, b) =>
                traceFlat((...xs: Tensor[]) => {
                  const s = squash(p, xs, dtype);
                  return xs.map((x) => ops.add(x, s));
                }, avals, `branch${b}`),
              );
              return { name: "cond" as const, inputs: [index, ...operands], params: { branches } };
            }),
        ),
    // Another example: a fresh branch index (clamping included) and shuffled operands.
    resample: (c) =>
      fc.tuple(tensorArb([], "int32", { special: false, element: () => fc.integer({ min: -1, max: c.params.branches.length }) }), shuffledInputsArb(c.inputs.slice(1))).map(([i, ops_]) => [i, ...ops_]),
  };
}

function whileDomain(fl: Flavour): Domain<"while"> {
  const i32 = aval([], "int32");
  return {
    linearArgs: allFloatArgs,
    cases: (v) =>
      fc
        .record({ shape: smallShape, dtype: fc.constantFrom(...fl.dtypes), nCarry: fc.integer({ min: 1, max: 2 }), nConsts: fc.integer({ min: 0, max: 1 }) })
        .chain(({ shape, dtype, nCarry, nConsts }) =>
          fc
            .tuple(
              programsArb(fl, 1, nConsts + nCarry, shape, dtype),
              tensorsArb(nConsts, shape, dtype, v, fl.range),
              tensorsArb(nCarry, shape, dtype, v, fl.range),
              tensorArb([], "int32", v, { min: 0, max: 3 }),
              tensorArb([], "int32", v, { min: 0, max: 1 }),
            )
            .map(([[p], consts, carry, n, i0]) => {
              const fAvals = carry.map(avalOf);
              const cond = traceFlat((limit: Tensor, i: Tensor) => [ops.binaryOp("lt", i, limit)], [i32, i32, ...fAvals], "while_cond");
              const body = traceFlat(
                (...ins: Tensor[]) => {
                  const bc = ins.slice(0, nConsts);
                  const i = ins[nConsts]!;
                  const fs = ins.slice(nConsts + 1);
                  const s = squash(p!, [...bc, ...fs], dtype);
                  return [ops.add(i, scalar(1, "int32")), ...fs.map((f) => ops.add(f, s))];
                },
                [...consts.map(avalOf), i32, ...fAvals],
                "while_body",
              );
              return {
                name: "while" as const,
                inputs: [n, ...consts, i0, ...carry],
                params: { cond, body, condConsts: 1, bodyConsts: nConsts },
              };
            }),
        ),
    // Another example: a fresh trip count and start, shuffled float operands.
    resample: (c) => {
      const nc = c.params.bodyConsts;
      const ints = (min: number, max: number) => tensorArb([], "int32", { special: false, element: () => fc.integer({ min, max }) });
      return fc
        .tuple(ints(0, 3), shuffledInputsArb(c.inputs.slice(1, 1 + nc)), ints(0, 1), shuffledInputsArb(c.inputs.slice(2 + nc)))
        .map(([n, consts, i0, carry]) => [n, ...consts, i0, ...carry]);
    },
  };
}

function scanDomain(fl: Flavour): Domain<"scan"> {
  return {
    linearArgs: allFloatArgs,
    cases: (v) =>
      fc
        .record({
          shape: smallShape,
          dtype: fc.constantFrom(...fl.dtypes),
          counts: fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })).filter(([a, b, c]) => a + b + c >= 1 && a + b + c <= 3),
          length: fc.integer({ min: 0, max: 3 }),
          reverse: fc.boolean(),
        })
        .chain(({ shape, dtype, counts: [numConsts, numCarry, nXs], length, reverse }) =>
          fc
            .tuple(
              programsArb(fl, 1, numConsts + numCarry + nXs, shape, dtype),
              tensorsArb(numConsts + numCarry, shape, dtype, v, fl.range),
              tensorsArb(nXs, [length, ...shape], dtype, v, fl.range),
            )
            .map(([[p], constsAndCarry, xs]) => {
              const avals = [...constsAndCarry.map(avalOf), ...xs.map(() => aval(shape, dtype))];
              const body = traceFlat(
                (...ins: Tensor[]) => {
                  const carry = ins.slice(numConsts, numConsts + numCarry);
                  const outs = runProgram(p!, ins);
                  const s = squashOuts(outs, dtype);
                  return [...carry.map((c) => ops.add(c, s)), ...outs];
                },
                avals,
                "scan_body",
              );
              return { name: "scan" as const, inputs: [...constsAndCarry, ...xs], params: { body, numConsts, numCarry, length, reverse } };
            }),
        ),
  };
}

/** A jit call: a random program over 1–3 operands, traced flat (its constants stay constvars). */
function jitDomain(fl: Flavour): Domain<"jit"> {
  return {
    linearArgs: allFloatArgs,
    cases: (v) =>
      fc
        .record({ shape: smallShape, dtype: fc.constantFrom(...fl.dtypes), nIn: fc.integer({ min: 1, max: 3 }) })
        .chain(({ shape, dtype, nIn }) =>
          fc.tuple(programsArb(fl, 1, nIn, shape, dtype), tensorsArb(nIn, shape, dtype, v, fl.range)).map(([[p], xs]) => {
            const graph = traceFlat((...ins: Tensor[]) => runProgram(p!, ins), xs.map(avalOf), "jit_body");
            return { name: "jit" as const, inputs: xs, params: { name: "f", graph } };
          }),
        ),
  };
}

/** The control-flow domains of one flavour. */
function controlDomainsFor(fl: Flavour) {
  return { cond: condDomain(fl), while: whileDomain(fl), scan: scanDomain(fl), jit: jitDomain(fl) } satisfies {
    [N in "cond" | "while" | "scan" | "jit"]: Domain<N>;
  };
}

/** Any programs, float32 or float64 operands: for the value laws (shape rule, traced = eager, …). */
export const controlDomains = controlDomainsFor(ANY);

/** Smooth float64 programs: for the derivative laws (finite differences need no kinks). */
export const smoothControlDomains = controlDomainsFor(SMOOTH);
