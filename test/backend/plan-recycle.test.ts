/**
 * A compiled plan recycles the arrays of its dead intermediates for later calls (allocate's free
 * list). Checked: the free list itself (zeroed reuse inside a tracked call only), and programs
 * whose results alias intermediates, nest a scan, or are held across calls, and loops whose steps
 * hand their dead carries back — every call's result equal to eager evaluation, and results held
 * from earlier calls unchanged by later ones.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setWasmFusionEnabled } from "../../src/backend/wasm/fused-loop.js";
import { Tensor, jit, lax, np } from "../../src/index.js";
import { allocate, clearRecycled, endTracking, recycle, trackAllocations } from "../../src/tensor/dtype.js";

afterEach(() => clearRecycled());

const values = (t: Tensor): number[] => Array.from(t.data());
const ramp = (n: number, s: number): Tensor => np.array(Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.7 + s)));

/**
 * Calls `jit(f)` on `argsOf(call)` for `calls` calls: each call's results equal eager `f`'s bit
 * for bit, and every result held from an earlier call still does after the last one.
 */
function equalsEagerCallAfterCall(f: (...args: Tensor[]) => Tensor[], argsOf: (call: number) => Tensor[], calls: number): void {
  const jf = jit(f) as (...args: Tensor[]) => Tensor[];
  const held: { out: Tensor[]; want: number[][] }[] = [];
  for (let call = 0; call < calls; call++) {
    const args = argsOf(call);
    const out = jf(...args);
    const want = f(...args).map(values);
    expect(out.map(values)).toEqual(want);
    held.push({ out, want });
  }
  for (const { out, want } of held) expect(out.map(values)).toEqual(want);
}

describe("allocate's free list", () => {
  it("hands a recycled array back zeroed, inside a tracked call only", () => {
    const outer = trackAllocations();
    const a = allocate("float32", 1000) as Float32Array;
    a.fill(7);
    const made = endTracking(outer);
    expect(made).toContain(a);
    expect(recycle(a)).toBe(true);
    expect(allocate("float32", 1000)).not.toBe(a); // eager allocation never takes from the list
    const again = trackAllocations();
    expect(allocate("float64", 500)).not.toBe(a); // another type, same byte length
    const b = allocate("float32", 1000);
    endTracking(again);
    expect(b).toBe(a);
    expect(Array.from(b).every((v) => v === 0)).toBe(true);
  });

  it("refuses views (an array that does not own its whole buffer)", () => {
    const whole = new Float32Array(2000);
    expect(recycle(whole.subarray(0, 1000))).toBe(false);
  });
});

describe("plans with recycled intermediates equal eager, call after call", () => {
  // Compared with eager bit for bit, so jit's fused loops run as JS (the WebAssembly loops' vector
  // exp/sin/tanh are approximations of their own); the test after this block runs them too.
  let wasmWas = true;
  beforeAll(() => (wasmWas = setWasmFusionEnabled(false)));
  afterAll(() => void setWasmFusionEnabled(wasmWas));

  it("results aliasing an intermediate (a reshape of it) survive later calls", () => {
    const f = (x: Tensor): Tensor[] => {
      const y = np.exp(np.sin(x));
      const z = np.mul(np.add(y, 1), np.cos(x));
      return [y.reshape([20, 50]), np.tanh(z), np.sum(np.mul(z, z))];
    };
    equalsEagerCallAfterCall(f, (call) => [ramp(1000, call)], 6);
  });

  it("inputs are never reused, even when the program returns nothing of them", () => {
    const x = ramp(4096, 1);
    const before = values(x);
    // The reshape is an intermediate holding x's own array: it must not be taken for a dead one.
    const jf = jit((v: Tensor) => np.sum(np.exp(np.neg(np.abs(v.reshape([64, 64]))))));
    for (let call = 0; call < 5; call++) jf(x);
    ramp(4096, 2); // allocations after the calls must not land in x
    // A program with several outputs of x's size takes whatever the free list holds.
    jit((v: Tensor) => [np.mul(v, 3), np.add(v, 1), np.sub(v, 2), np.cos(v)])(ramp(4096, 3));
    expect(values(x)).toEqual(before);
  });

  it("a scan inside jit (a plan run by a kernel of another) is stable across calls", () => {
    const f = (wh: Tensor, xs: Tensor): Tensor => {
      const [hT, ys] = lax.scan((h: Tensor, x: Tensor): [Tensor, Tensor] => {
        const next = np.tanh(np.add(np.matmul(h, wh), x));
        return [next, np.sum(next)];
      }, np.zeros([8, 16]), xs);
      return np.add(np.sum(hT), np.sum(ys));
    };
    const wh = np.mul(ramp(256, 3).reshape([16, 16]), 0.3);
    const jf = jit(f);
    for (let call = 0; call < 4; call++) {
      const xs = ramp(12 * 8 * 16, call).reshape([12, 8, 16]);
      expect(jf(wh, xs).item()).toBe(f(wh, xs).item());
    }
  });

  it("loop steps hand their dead carries back, never one a new carry or a result still holds", () => {
    // Carries swapped (the new second carry is the old first one's array), a y that is the old
    // carry, a y that is a reshape of the new carry, a carry passed through unchanged.
    const f = (xs: Tensor, c0: Tensor): Tensor[] => {
      const [[a, b, same], ys] = lax.scan(
        ([p, q, r]: [Tensor, Tensor, Tensor], x: Tensor): [[Tensor, Tensor, Tensor], Tensor[]] => {
          const next = np.add(np.mul(np.sin(q), 0.5), x);
          return [[next, p, r], [p, next.reshape([4, 64])]];
        },
        [c0, np.mul(c0, 2), np.cos(c0)],
        xs,
      );
      return [a, b, same, ...(ys as Tensor[])];
    };
    equalsEagerCallAfterCall(f, (call) => [ramp(30 * 256, call).reshape([30, 256]), ramp(256, 10 + call)], 4);
  });

  it("a while loop's dead carries are recycled without touching the live ones", () => {
    const f = (x: Tensor): Tensor[] => {
      const [, u, v] = lax.whileLoop(
        ([i]: Tensor[]) => np.less(i, 25),
        ([i, p, q]: Tensor[]) => [np.add(i, 1), q, np.add(np.mul(np.cos(p), 0.9), q)],
        [np.array(0, { dtype: "int32" }), x, np.mul(x, 3)],
      );
      return [u!, v!];
    };
    equalsEagerCallAfterCall(f, (call) => [ramp(512, call)], 4);
  });
});

describe("with the WebAssembly fused loops", () => {
  it("results held across calls keep the values they were returned with", () => {
    const f = (x: Tensor): Tensor[] => {
      const y = np.exp(np.sin(x));
      const z = np.mul(np.add(y, 1), np.cos(x));
      return [y.reshape([20, 50]), np.tanh(z), np.sum(np.mul(z, z))];
    };
    const jf = jit(f);
    const held: { out: Tensor[]; first: number[][] }[] = [];
    for (let call = 0; call < 6; call++) {
      const out = jf(ramp(1000, call));
      held.push({ out, first: out.map(values) });
    }
    for (const { out, first } of held) expect(out.map(values)).toEqual(first);
  });
});
