/**
 * Law 7 — NaN, ±∞ and −0 are values, not errors: fed (with ±0, denormals and huge values) to
 * every elementwise primitive — and, beyond the brief, to every other primitive too — nothing
 * throws or hangs, the outputs have the shape rule's shape and dtype, and the traced evaluation
 * still equals the eager one bit for bit. NaN also propagates through the float unary primitives
 * and through float add/sub/mul/div/max/min/rem, as IEEE and RELIABILITY.md say.
 *
 * Can fail (checked by hand, patching the registry entry in a scratch file): a `max` kernel written
 * `x > y ? x : y` returns 1 for max(NaN, 1) and fails the NaN-propagation part at once; a kernel
 * that validated its input and threw on ±∞ would fail the no-throw part. (Traced = eager alone
 * cannot see such bugs: both paths run the same kernel.) A hang is caught by vitest's timeout.
 */
import { describe, it } from "vitest";
import { evaluate } from "../src/interpret/evaluate.js";
import { aval, avalString, avalsEqual } from "../src/ir/types.js";
import type { PrimitiveName } from "../src/primitives/params.js";
import type { AnyPrimitive } from "../src/primitives/rule-types.js";
import { primitive } from "../src/primitives/table.js";
import { isInexact } from "../src/tensor/dtype.js";
import type { Tensor } from "../src/tensor/tensor.js";
import { trace } from "../src/api/trace.js";
import { special } from "./arbitraries.js";
import { applyCase, casesOf, describeCase, evaluating, primitiveNames, title } from "./domains.js";
import { asTensorList, describeTensor, sameTensors, wellStored } from "./equal.js";
import { checkLaw, ensure, runs } from "./law.js";

/** Float primitives for which NaN in any operand gives NaN at that position. */
const NAN_PROPAGATING: ReadonlySet<PrimitiveName> = new Set<PrimitiveName>([
  "neg", "sin", "cos", "tan", "tanh", "exp", "log", "log1p", "expm1", "sqrt", "rsqrt", "logistic", "abs", "sign",
  "floor", "ceil", "round", "add", "sub", "mul", "div", "max", "min", "rem",
]);

/** Element `i` of `x` broadcast to `n` elements (x has n elements or is a scalar). */
const at = (x: Tensor, i: number): number => x.concreteData()[x.size === 1 ? 0 : i]!;

describe("law 7: NaN, ±inf and −0 never throw", () => {
  const isElementwise = (n: PrimitiveName): boolean => title(n).endsWith("(elementwise)");
  const elementwiseFirst = [...primitiveNames].sort((a, b) => Number(isElementwise(b)) - Number(isElementwise(a)));
  for (const name of elementwiseFirst) {
    it(title(name), () =>
      checkLaw(
        {
          name: `special values: ${name}`,
          note: "NaN/±inf/−0 inputs must not throw; outputs keep the shape rule's avals; traced = eager still holds; NaN propagates through float arithmetic",
          arbitrary: casesOf(name, special),
          holds: (c) => {
            const prim = primitive(c.name) as AnyPrimitive;
            const predicted = prim.shapeRule(c.inputs.map((t) => aval(t.shape, t.dtype)), c.params as never);
            const f = (...xs: Tensor[]): Tensor[] => applyCase(c, xs);
            const graph = trace(f)(...c.inputs);
            const eager = evaluating(c.name, () => applyCase(c));
            const interpreted = evaluating(c.name, () => evaluate(graph, ...c.inputs));
            if (eager === undefined) return; // no eager meaning: both threw the documented error
            const msg = (): string => `${describeCase(c)} on ${c.inputs.map(describeTensor).join("; ")} gave ${eager.map(describeTensor).join("; ")} (rule ${predicted.map(avalString).join(", ")})`;
            ensure(eager.length === predicted.length && eager.every((t, i) => avalsEqual(aval(t.shape, t.dtype), predicted[i]!) && wellStored(t)), msg);
            ensure(sameTensors(eager, interpreted), () => `${msg()}\nevaluate gave ${asTensorList(interpreted).map(describeTensor).join("; ")}`);
            if (NAN_PROPAGATING.has(c.name) && isInexact(eager[0]!.dtype)) {
              const out = eager[0]!;
              for (let i = 0; i < out.size; i++) {
                const nanIn = c.inputs.some((x) => Number.isNaN(at(x, i)));
                ensure(!nanIn || Number.isNaN(at(out, i)), () => `${msg()}\nelement ${i}: a NaN operand gave ${at(out, i)}`);
              }
            }
          },
        },
        runs(isElementwise(name) ? 50 : 25),
      ));
  }
});
