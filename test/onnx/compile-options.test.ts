/**
 * The session options onnx.compile creates its ONNX Runtime sessions with: the intra-op pool is
 * as large as the host runs at once unless the caller says otherwise (ONNX Runtime's own default
 * counts physical cores and may settle on one thread on a virtual machine), and its idle threads
 * spin only where the caller asks.
 */
import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { np, onnx, type Tensor } from "../../src/index.js";
import { sessionOptions } from "../../src/onnx/compile.js";
import { hostThreads } from "../../src/onnx/runtime.js";

describe("onnx.compile's session options", () => {
  it("counts the host's threads as Node's availableParallelism does", async () => {
    expect(await hostThreads()).toBe(availableParallelism());
  });

  it("defaults the intra-op pool to the host's threads, keeps an explicit count, and leaves it unset where the host is unknown", () => {
    expect(sessionOptions({}, 6)).toEqual({
      executionProviders: ["cpu"], graphOptimizationLevel: "all", intraOpNumThreads: 6, extra: { session: { intra_op: { allow_spinning: "0" } } },
    });
    expect(sessionOptions({ intraOpNumThreads: 1 }, 6).intraOpNumThreads).toBe(1);
    // 0 asks for ONNX Runtime's own default and is passed on as such.
    expect(sessionOptions({ intraOpNumThreads: 0 }, 6).intraOpNumThreads).toBe(0);
    expect("intraOpNumThreads" in sessionOptions({}, undefined)).toBe(false);
    expect(sessionOptions({ executionProviders: ["cuda", "cpu"] }, 2).executionProviders).toEqual(["cuda", "cpu"]);
  });

  it("lets the pool's idle threads spin only where asked", () => {
    expect(sessionOptions({ spinning: true }, 2).extra.session.intra_op.allow_spinning).toBe("1");
    expect(sessionOptions({ spinning: false }, 2).extra.session.intra_op.allow_spinning).toBe("0");
    expect(() => onnx.compile((a: Tensor) => a, { spinning: "yes" as never })).toThrow(/spinning/);
  });

  it("runs a compiled function with spinning on and off alike", async () => {
    const f = (a: Tensor, b: Tensor): Tensor => np.tanh(np.matmul(a, b));
    const a = np.array([[1, 2, 3], [4, 5, 6]], { dtype: "float32" });
    const b = np.array([[0.5, -1], [0.25, 0], [-0.125, 2]], { dtype: "float32" });
    const want = f(a, b).concreteData();
    for (const spinning of [true, false]) {
      const got = (await onnx.compile(f, { spinning, intraOpNumThreads: 2 })(a, b)).concreteData();
      got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-6));
    }
  });
});
