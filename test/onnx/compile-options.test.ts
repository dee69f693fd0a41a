/**
 * The session options onnx.compile creates its ONNX Runtime sessions with: the intra-op pool is
 * as large as the host runs at once unless the caller says otherwise (ONNX Runtime's own default
 * counts physical cores and may settle on one thread on a virtual machine).
 */
import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { sessionOptions } from "../../src/onnx/compile.js";
import { hostThreads } from "../../src/onnx/runtime.js";

describe("onnx.compile's session options", () => {
  it("counts the host's threads as Node's availableParallelism does", async () => {
    expect(await hostThreads()).toBe(availableParallelism());
  });

  it("defaults the intra-op pool to the host's threads, keeps an explicit count, and leaves it unset where the host is unknown", () => {
    expect(sessionOptions({}, 6)).toEqual({ executionProviders: ["cpu"], graphOptimizationLevel: "all", intraOpNumThreads: 6 });
    expect(sessionOptions({ intraOpNumThreads: 1 }, 6).intraOpNumThreads).toBe(1);
    // 0 asks for ONNX Runtime's own default and is passed on as such.
    expect(sessionOptions({ intraOpNumThreads: 0 }, 6).intraOpNumThreads).toBe(0);
    expect("intraOpNumThreads" in sessionOptions({}, undefined)).toBe(false);
    expect(sessionOptions({ executionProviders: ["cuda", "cpu"] }, 2).executionProviders).toEqual(["cuda", "cpu"]);
  });
});
