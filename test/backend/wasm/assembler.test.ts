// The WebAssembly assembler: LEB128 against values worked by hand, and assembled modules run —
// a counted loop, f32x4/f64x2 arithmetic on an imported memory, a shared memory import.
import { describe, expect, it } from "vitest";
import { sleb, uleb } from "../../../src/backend/wasm/encode.js";
import { wasmApi } from "../../../src/backend/wasm/host.js";
import { forRange } from "../../../src/backend/wasm/loops.js";
import { Locals, assemble } from "../../../src/backend/wasm/module.js";
import { f32x4, f64x2, i32, local, v128, valtype } from "../../../src/backend/wasm/opcodes.js";

const api = wasmApi()!;

describe("encodings", () => {
  it("writes LEB128 as the spec's examples", () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([127]);
    expect(uleb(128)).toEqual([0x80, 1]);
    expect(uleb(2 ** 32 - 1)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(63)).toEqual([63]);
    expect(sleb(64)).toEqual([0xc0, 0]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-65)).toEqual([0xbf, 0x7f]);
  });
});

describe("assembled modules run", () => {
  it("a counted loop: Σ_{v<n} v", () => {
    const L = new Locals(1);
    const v = L.add(valtype.i32), acc = L.add(valtype.i32);
    const body = [
      ...forRange(v, [i32.const(0)], [local.get(0)], [i32.const(1)], [local.get(acc), local.get(v), i32.add, local.set(acc)]),
      local.get(acc),
    ];
    const bytes = assemble({ functions: [{ name: "sum", params: [valtype.i32], results: [valtype.i32], locals: L.types, body }] });
    const sum = new api.Instance(new api.Module(bytes), {}).exports.sum as (n: number) => number;
    expect([sum(0), sum(1), sum(10), sum(1000)]).toEqual([0, 0, 45, 499500]);
  });

  it("SIMD arithmetic on an imported memory, shared and not", () => {
    for (const shared of [false, true]) {
      const memory = shared ? new api.Memory({ initial: 1, maximum: 4, shared: true }) : new api.Memory({ initial: 1 });
      // out[32..48) = a·b + a for f32x4 at 0 and 16; out[64..80) the same for f64x2 at 48 and 80.
      const body = [
        i32.const(32), i32.const(0), v128.load(), i32.const(16), v128.load(), f32x4.mul, i32.const(0), v128.load(), f32x4.add, v128.store(),
        i32.const(64), i32.const(48), v128.load(), i32.const(80), v128.load(), f64x2.mul, i32.const(48), v128.load(), f64x2.add, v128.store(),
      ];
      const bytes = assemble({
        memory: { module: "env", field: "mem", initial: 1, maximum: shared ? 4 : undefined, shared },
        functions: [{ name: "run", params: [], body }],
      });
      const f32 = new Float32Array(memory.buffer), f64 = new Float64Array(memory.buffer);
      f32.set([1, 2, 3, 4, 10, 20, 30, 40]);
      f64[6] = 1.5; f64[7] = -2; f64[10] = 4; f64[11] = 0.25;
      (new api.Instance(new api.Module(bytes), { env: { mem: memory } }).exports.run as () => void)();
      expect(Array.from(f32.subarray(8, 12))).toEqual([11, 42, 93, 164]);
      expect(Array.from(f64.subarray(8, 10))).toEqual([7.5, -2.5]);
    }
  });

  it("refuses a shared memory without a maximum", () => {
    expect(() => assemble({ memory: { module: "env", field: "mem", initial: 1, shared: true }, functions: [] })).toThrow(/maximum/);
  });
});
