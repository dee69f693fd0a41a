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


# ─── np ─────────────────────────────────────────────────────────────────────────────────────────
#
# "values": { fn, x, kwargs, out } — jnp.fft.<fn>(x, **kwargs), computed in x's precision
# (float32/complex64 inputs stay single precision, as in JAX).
# "vjps": { fn, x, kwargs, ct, xbar } — jax.vjp(lambda x: fn(x, **kwargs), x)[1](ct): JAX's
# transposes, with complex cotangents where the output is complex.
# "grads": { loss, fn, x, kwargs, w, grad } — jax.grad of a real loss of a real input (see LOSSES).

COMPLEX_IN = {"fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "irfft", "irfft2", "irfftn", "hfft"}
VALUE_CASES = [
    ("fft", [8], {}),
    ("fft", [7], {"n": 10}),
    ("fft", [12], {"n": 5, "norm": "ortho"}),
    ("fft", [3, 5], {"axis": 0, "norm": "forward"}),
    ("fft", [2, 17], {"norm": "backward"}),
    ("ifft", [6], {}),
    ("ifft", [4, 7], {"axis": -2, "n": 6, "norm": "ortho"}),
    ("ifft", [13], {"norm": "forward"}),
    ("fft2", [4, 6], {}),
    ("fft2", [2, 3, 5], {"s": [4, 4], "norm": "ortho"}),
    ("fft2", [3, 4, 5], {"axes": [0, 2]}),
    ("ifft2", [5, 3], {"s": [2, 6]}),
    ("ifft2", [2, 4, 4], {"axes": [-1, -3], "norm": "forward"}),
    ("fftn", [3, 4, 5], {}),
    ("fftn", [3, 4, 5], {"axes": [1]}),
    ("fftn", [2, 3, 4], {"s": [5, 2], "axes": [2, 0], "norm": "ortho"}),
    ("fftn", [2, 2, 2, 3], {}),
    ("ifftn", [4, 3, 2], {"norm": "forward"}),
    ("ifftn", [6, 5], {"s": [3]}),
    ("rfft", [8], {}),
    ("rfft", [7], {}),
    ("rfft", [9], {"n": 12, "norm": "ortho"}),
    ("rfft", [5, 4], {"axis": 0, "norm": "forward"}),
    ("rfft", [1], {}),
    ("irfft", [5], {}),
    ("irfft", [5], {"n": 9}),
    ("irfft", [4, 3], {"axis": 0, "n": 7, "norm": "ortho"}),
    ("irfft", [6], {"n": 4, "norm": "forward"}),
    ("rfft2", [4, 6], {}),
    ("rfft2", [3, 5, 4], {"axes": [0, 1], "s": [3, 7]}),
    ("irfft2", [4, 4], {}),
    ("irfft2", [3, 5], {"s": [3, 7], "norm": "ortho"}),
    ("rfftn", [2, 3, 4], {}),
    ("rfftn", [2, 3, 5], {"axes": [2, 0], "norm": "forward"}),
    ("irfftn", [2, 3, 3], {}),
    ("irfftn", [4, 3, 4], {"axes": [0, 2], "s": [5, 6]}),
    ("hfft", [5], {}),
    ("hfft", [4], {"n": 7, "norm": "ortho"}),
    ("hfft", [3, 4], {"axis": 0, "norm": "forward"}),
    ("ihfft", [8], {}),
    ("ihfft", [7], {"n": 5, "norm": "ortho"}),
    ("ihfft", [3, 6], {"axis": 0, "norm": "forward"}),
]
# A real input to the complex transforms is promoted, as in JAX.
REAL_INTO_COMPLEX = [("fft", [6], {}), ("ifft2", [3, 4], {"norm": "ortho"})]

VJP_CASES = [
    ("fft", [8], {}),
    ("fft", [7], {"n": 9, "norm": "ortho"}),
    ("ifft", [3, 5], {"axis": 0, "norm": "forward"}),
    ("fft2", [3, 4], {}),
    ("ifftn", [2, 3, 4], {"axes": [0, 2]}),
    ("rfft", [8], {}),
    ("rfft", [7], {}),
    ("rfft", [6], {"n": 9, "norm": "ortho"}),
    ("rfft2", [4, 5], {}),
    ("rfftn", [2, 3, 4], {"norm": "forward"}),
    ("irfft", [5], {}),
    ("irfft", [5], {"n": 9}),
    ("irfft", [4, 3], {"axis": 0, "norm": "ortho"}),
    ("irfft2", [3, 4], {}),
    ("irfftn", [2, 4, 3], {"s": [3, 4, 5]}),
    ("hfft", [5], {}),
    ("hfft", [4], {"n": 7}),
    ("ihfft", [8], {}),
    ("ihfft", [7], {"norm": "ortho"}),
]

# Real losses of a real input x (w: fixed real weights of the output's shape).
LOSSES = {
    "sum_abs2_rfft": lambda fn, x, kw, w: jnp.sum(jnp.abs(getattr(jnp.fft, fn)(x, **kw)) ** 2),
    "weighted_real_imag": lambda fn, x, kw, w: jnp.sum(w * jnp.real(getattr(jnp.fft, fn)(x, **kw)) + jnp.imag(getattr(jnp.fft, fn)(x, **kw)) ** 2),
    "weighted_real_out": lambda fn, x, kw, w: jnp.sum(w * getattr(jnp.fft, fn)(x, **kw) ** 2),
}
GRAD_CASES = [
    ("sum_abs2_rfft", "rfft", [8], {}),
    ("sum_abs2_rfft", "rfft", [9], {}),
    ("sum_abs2_rfft", "rfft2", [3, 4], {"norm": "ortho"}),
    ("weighted_real_imag", "fft", [7], {}),
    ("weighted_real_imag", "rfft", [6], {"n": 8}),
    ("weighted_real_imag", "ifft2", [3, 4], {"norm": "forward"}),
    ("weighted_real_out", "irfft", [6], {}),  # the real input is promoted to complex first
    ("weighted_real_out", "hfft", [4], {"n": 6}),
]

PREC = {"single": ("float32", "complex64"), "double": ("float64", "complex128")}


def input_for(fn, shape, complex_in, prec):
    real_dt, cplx_dt = PREC[prec]
    if complex_in:
        return crandn(shape).astype(cplx_dt)
    return RNG.standard_normal(shape).astype(real_dt)


def gen_np():
    values, vjps, grads = [], [], []
    for prec in PREC:
        for fn, shape, kw in VALUE_CASES:
            x = input_for(fn, shape, fn in COMPLEX_IN, prec)
            out = getattr(jnp.fft, fn)(jnp.asarray(x), **kw)
            values.append({"fn": fn, "x": enc_arr(x), "kwargs": kw, "out": enc_arr(np.asarray(out))})
        for fn, shape, kw in REAL_INTO_COMPLEX:
            x = input_for(fn, shape, False, prec)
            out = getattr(jnp.fft, fn)(jnp.asarray(x), **kw)
            values.append({"fn": fn, "x": enc_arr(x), "kwargs": kw, "out": enc_arr(np.asarray(out))})
        for fn, shape, kw in VJP_CASES:
            x = jnp.asarray(input_for(fn, shape, fn in COMPLEX_IN, prec))
            f = lambda v, fn=fn, kw=kw: getattr(jnp.fft, fn)(v, **kw)
            y, pullback = jax.vjp(f, x)
            if jnp.iscomplexobj(y):
                ct = crandn(y.shape).astype(y.dtype)
            else:
                ct = RNG.standard_normal(y.shape).astype(y.dtype)
            (xbar,) = pullback(jnp.asarray(ct))
            vjps.append({"fn": fn, "x": enc_arr(np.asarray(x)), "kwargs": kw, "ct": enc_arr(ct), "xbar": enc_arr(np.asarray(xbar))})
        for loss, fn, shape, kw in GRAD_CASES:
            real_dt = PREC[prec][0]
            x = jnp.asarray(RNG.standard_normal(shape).astype(real_dt))
            yshape = getattr(jnp.fft, fn)(x, **kw).shape
            w = jnp.asarray(RNG.standard_normal(yshape).astype(real_dt))
            g = jax.grad(lambda v: LOSSES[loss](fn, v, kw, w))(x)
            grads.append({"loss": loss, "fn": fn, "x": enc_arr(np.asarray(x)), "kwargs": kw, "w": enc_arr(np.asarray(w)), "grad": enc_arr(np.asarray(g))})
    return {"values": values, "vjps": vjps, "grads": grads}


def main():
    data = {
        "generator": "scripts/gen-fft.py",
        "numpy": np.__version__,
        "jax": jax.__version__,
        "kernel": gen_kernel(),
        "helpers": gen_helpers(),
        "np": gen_np(),
    }
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
