#!/usr/bin/env python3
"""
Generates test/fixtures/fft.json: expected values for fluxion's FFT kernel
(src/tensor/kernels/fft.ts), the np.fft helpers and (section "np") np.fft's transforms with their
gradients. The TypeScript tests only read the JSON. Re-run after changing a case (needs numpy, jax):

    python3 scripts/gen-fft.py

Sections:
- "kernel": per length n (and a few strided batches), a random complex input x (interleaved
  re, im), numpy's fft(x) and ifft(x) along the axis; a random real input r with rfft(r); and a
  random half spectrum h (n//2 + 1 bins, with nonzero imaginary parts at DC and Nyquist, which
  irfft must ignore) with irfft(h, n). All float64, from numpy's pocketfft.
- "helpers": fftfreq, rfftfreq, fftshift, ifftshift from jax.numpy.fft (float32 and float64).
- "np": np.fft transforms and gradients from jax (see gen_np below).

Complex arrays are { dtype, shape, re, im } with re/im flattened row-major; real arrays
{ dtype, shape, data }. NaN/inf are strings, float32 values the shortest decimal that reads back
as the same float32 (scripts/fixture_encoding.py).
"""
import json
from pathlib import Path

import jax

jax.config.update("jax_enable_x64", True)
jax.config.update("jax_platforms", "cpu")

import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
from fixture_encoding import enc_float  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test" / "fixtures" / "fft.json"
RNG = np.random.default_rng(20261202)

REAL_OF = {"complex64": "float32", "complex128": "float64", "float32": "float32", "float64": "float64"}


def enc_arr(arr, dtype=None):
    """A real or complex array in the fixture encoding."""
    arr = np.asarray(arr)
    if dtype is None:
        dtype = str(arr.dtype)
    shape = list(arr.shape)
    if dtype.startswith("complex"):
        rd = REAL_OF[dtype]
        flat = arr.reshape(-1)
        return {
            "dtype": dtype,
            "shape": shape,
            "re": [enc_float(v, rd) for v in flat.real],
            "im": [enc_float(v, rd) for v in flat.imag],
        }
    if dtype in ("float32", "float64"):
        return {"dtype": dtype, "shape": shape, "data": [enc_float(v, dtype) for v in arr.reshape(-1)]}
    return {"dtype": dtype, "shape": shape, "data": [int(v) for v in arr.reshape(-1)]}


def crandn(shape):
    return RNG.standard_normal(shape) + 1j * RNG.standard_normal(shape)


# ─── kernel ─────────────────────────────────────────────────────────────────────────────────────

LENGTHS = [1, 2, 3, 5, 7, 8, 12, 16, 17, 64, 100, 127, 128, 1000]
# (shape, axis): batches with the transformed axis in the middle, first and last.
BATCHES = [([3, 5, 4], 1), ([6, 3], 0), ([2, 9], 1), ([4, 2, 8], 2), ([7, 1, 2], 0)]


def kernel_case(shape, axis):
    n = shape[axis]
    x = crandn(shape)
    r = RNG.standard_normal(shape)
    hshape = list(shape)
    hshape[axis] = n // 2 + 1
    h = crandn(hshape)
    return {
        "shape": shape,
        "axis": axis,
        "x": enc_arr(x),
        "fft": enc_arr(np.fft.fft(x, axis=axis)),
        "ifft": enc_arr(np.fft.ifft(x, axis=axis)),
        "r": enc_arr(r),
        "rfft": enc_arr(np.fft.rfft(r, axis=axis)),
        "h": enc_arr(h),
        "irfft": enc_arr(np.fft.irfft(h, n=n, axis=axis)),
    }


def gen_kernel():
    return [kernel_case([n], 0) for n in LENGTHS] + [kernel_case(s, a) for s, a in BATCHES]


# ─── helpers ────────────────────────────────────────────────────────────────────────────────────


def gen_helpers():
    cases = []
    for dtype in ("float32", "float64"):
        dt = np.float32 if dtype == "float32" else np.float64
        for n, d in [(1, 1.0), (2, 1.0), (5, 1.0), (8, 0.1), (9, 2.5), (10, 1 / 3)]:
            cases.append({"op": "fftfreq", "n": n, "d": d, "dtype": dtype, "out": enc_arr(jnp.fft.fftfreq(n, d, dtype=dt), dtype)})
            cases.append({"op": "rfftfreq", "n": n, "d": d, "dtype": dtype, "out": enc_arr(jnp.fft.rfftfreq(n, d, dtype=dt), dtype)})
    for shape, axes in [([5], None), ([6], None), ([3, 4], None), ([3, 4], 0), ([3, 4], [1]), ([2, 5, 3], [0, 2]), ([2, 5, 3], -1)]:
        x = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape)
        for op in ("fftshift", "ifftshift"):
            f = getattr(jnp.fft, op)
            out = f(jnp.asarray(x), axes=axes)
            cases.append({"op": op, "x": enc_arr(x), "axes": axes, "out": enc_arr(out, "float64")})
    return cases


def main():
    data = {
        "generator": "scripts/gen-fft.py",
        "numpy": np.__version__,
        "jax": jax.__version__,
        "kernel": gen_kernel(),
        "helpers": gen_helpers(),
    }
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
