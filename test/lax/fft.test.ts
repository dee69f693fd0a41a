/** lax.fft: JAX's argument form of the FFT primitive, against closed forms. */
import { describe, expect, it } from "vitest";
import { ArgumentError, lax, np } from "../../src/index.js";

describe("lax.fft", () => {
  it("RFFT of an impulse is all ones; IRFFT brings it back", () => {
    const x = np.array([1, 0, 0, 0], { dtype: "float64" });
    const spectrum = lax.fft(x, "RFFT", [4]);
    expect(spectrum.dtype).toBe("complex128");
    expect(spectrum.toArray()).toEqual([[1, 0], [1, 0], [1, 0]]);
    expect(lax.fft(spectrum, "IRFFT", [4]).toArray()).toEqual([1, 0, 0, 0]);
  });
  it("FFT over two trailing axes of a constant puts everything in the zero bin (length 3 by Bluestein: rounding only)", () => {
    const x = np.complex(np.ones([2, 3], "float64"), np.zeros([2, 3], "float64"));
    const out = lax.fft(x, "FFT", [2, 3]).toArray() as number[][][];
    const [re0, im0] = out[0]![0]!;
    expect(re0).toBeCloseTo(6, 14);
    expect(Math.abs(im0!)).toBeLessThan(1e-15);
    const rest = out.flat().slice(1).map(([re, im]) => Math.hypot(re!, im!));
    for (const r of rest) expect(r).toBeLessThan(1e-15);
  });
  it("refuses an unknown transform type by name", () => {
    expect(() => lax.fft(np.ones([4]), "DCT" as never, [4])).toThrow(ArgumentError);
    expect(() => lax.fft(np.ones([4]), "DCT" as never, [4])).toThrow(/fftType must be one of "FFT", "IFFT", "RFFT", "IRFFT"; got "DCT"/);
  });
});
