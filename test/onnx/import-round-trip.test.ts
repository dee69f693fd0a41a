/**
 * exportGraph → importModel on random registry programs (the programs of the laws): the imported
 * model of a traced program must run with the graph's shapes and dtypes, and each equation,
 * exported alone and imported, must give what `evaluate` gives on the same operand values. Per
 * equation, because some lowerings spell an op with others (tan as sin/cos, float64 forms) and a
 * later step (rem, a comparison) can turn a last-bit difference into any other. Integers, bools
 * and exact ops must agree exactly; floats within 2e-4 relative where float32 is involved, 1e-9
 * otherwise. Programs using a primitive without an ONNX lowering are set aside.
 */
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inDomain } from "../../laws/arbitraries.js";
import { describeTensor } from "../../laws/equal.js";
import { checkLaw, ensure, runs } from "../../laws/law.js";
import { IMPORTABLE, agree, equationGraph, usesFloat32, valuesOf } from "../../laws/onnx-programs.js";
import { registryProgramArb, runRegistryProgram } from "../../laws/registry-programs.js";
import { evaluate, Graph, onnx, trace, type Tensor } from "../../src/index.js";

/** Runs the imported model of `g` on `args`; its outputs as a list. */
function importedRun(g: Graph, args: readonly Tensor[]): Tensor[] {
  const { fn, params } = onnx.importModel(onnx.exportGraph(g));
  const out = fn(params, ...args);
  return Array.isArray(out) ? out : [out];
}

describe("importModel(exportGraph(g)) evaluates like g", () => {
  it("random registry programs (1–4 steps, float32/float64/int/bool, in-domain values)", () => {
    let checked = 0;
    let setAside = 0;
    checkLaw(
      {
        name: "ONNX import round trip on random registry programs",
        note: "a traced program, exported and imported, runs with the graph's shapes and dtypes; each equation exported and imported alone gives evaluate's values",
        arbitrary: registryProgramArb({ names: IMPORTABLE, maxSteps: 4, values: fc.constant(inDomain) }),
        holds: (p) => {
          const g = trace((...xs: Tensor[]) => runRegistryProgram(p, xs))(...p.inputs);
          const context = (): string => `${p.text}\ninputs ${p.inputs.map(describeTensor).join("; ")}\n${g.toString()}`;
          try {
            onnx.exportGraph(g);
          } catch (err) {
            if (err instanceof onnx.OnnxExportError) {
              setAside++;
              return;
            }
            throw err;
          }
          const want = evaluate(g, ...p.inputs) as Tensor[];
          const whole = importedRun(g, p.inputs);
          whole.forEach((t, k) => ensure(t.dtype === want[k]!.dtype && t.shape.join() === want[k]!.shape.join(), () => `output ${k}: ${describeTensor(t)}, want ${describeTensor(want[k]!)}\n${context()}`));
          const values = valuesOf(g, p.inputs);
          for (const e of g.equations) {
            const { graph, operands } = equationGraph(e);
            const args = operands.map((v) => values.get(v.id)!);
            const got = importedRun(graph, args);
            const tol = usesFloat32(graph) ? 2e-4 : 1e-9;
            e.outputs.forEach((v, k) => {
              const w = values.get(v.id)!;
              ensure(agree(got[k]!, w, tol), () => `equation ${e.primitive}, output ${k}: evaluate ${describeTensor(w)}\nimported ${describeTensor(got[k]!)}\noperands ${args.map(describeTensor).join("; ")}\n${graph.toString()}\n--- in the program\n${context()}`);
            });
          }
          checked++;
        },
      },
      runs(100),
    );
    console.log(`[import round trip] ${checked} programs checked, ${setAside} set aside (a primitive without an ONNX lowering)`);
    expect(checked, `only ${checked} programs were exportable (${setAside} set aside)`).toBeGreaterThan(setAside);
  });
});
