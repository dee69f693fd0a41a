"""
Fixtures for fluxion's complex numbers (test/fixtures/complex.json): values of the elementwise
functions, reductions and matmul on complex64 and complex128 inputs, and gradients with JAX's
convention (grad of a real function of complex input; grad with holomorphic=True), all computed
by JAX (x64 enabled). Run: python3 scripts/gen-complex.py
"""
import json
import os
import sys

import jax
import jax.numpy as jnp
import numpy as np

jax.config.update("jax_enable_x64", True)
sys.path.insert(0, os.path.dirname(__file__))
from fixture_encoding import enc_float  # noqa: E402

PART = {"complex64": "float32", "complex128": "float64"}


def enc(z, dtype):
    """A complex array as nested [re, im] pairs, flattened row-major: [[re, im], ...]."""
    z = np.asarray(z)
    part = PART.get(dtype, dtype)
    if np.iscomplexobj(z):
        return [[enc_float(v.real, part), enc_float(v.imag, part)] for v in z.reshape(-1)]
    return [enc_float(v, part) for v in z.reshape(-1)]


Z = np.array([1 + 2j, -2 + 0.5j, 0.3 - 1.7j, -0.8 - 0.6j, 2.5 + 0j, 0 - 1.2j])
W = np.array([0.5 - 1j, 1.5 + 0.25j, -1 + 1j, 2 - 0.5j, -0.7 + 0.3j, 1 + 1j])

UNARY = {
    "exp": jnp.exp, "log": jnp.log, "sqrt": jnp.sqrt, "sin": jnp.sin, "cos": jnp.cos, "tan": jnp.tan,
    "tanh": jnp.tanh, "expm1": jnp.expm1, "log1p": jnp.log1p, "abs": jnp.abs, "angle": jnp.angle,
    "sign": jnp.sign, "square": jnp.square, "reciprocal": jnp.reciprocal, "negative": jnp.negative,
    "conj": jnp.conj, "real": jnp.real, "imag": jnp.imag,
}
BINARY = {"add": jnp.add, "subtract": jnp.subtract, "multiply": jnp.multiply, "divide": jnp.divide, "power": jnp.power}

# Real-valued functions of complex input: JAX's grad convention.
REAL_FNS = {
    "abs2": lambda z: jnp.sum(jnp.abs(z) ** 2),
    "abs": lambda z: jnp.sum(jnp.abs(z)),
    "real_exp": lambda z: jnp.sum(jnp.real(jnp.exp(z))),
    "imag_log": lambda z: jnp.sum(jnp.imag(jnp.log(z))),
    "real_mul_w": lambda z: jnp.sum(jnp.real(z * W.astype(z.dtype))),
    "abs_sin": lambda z: jnp.sum(jnp.abs(jnp.sin(z) * z)),
    "angle": lambda z: jnp.sum(jnp.angle(z)),
    "real_sqrt_div": lambda z: jnp.sum(jnp.real(jnp.sqrt(z) / (z + 3))),
    "imag_pow3": lambda z: jnp.sum(jnp.imag(z ** 3)),
    "abs_matvec": lambda z: jnp.sum(jnp.abs(jnp.reshape(z, (2, 3)) @ jnp.reshape(W.astype(z.dtype), (3, 2)))),
    "real_prod": lambda z: jnp.real(jnp.prod(z[:4])),
    "real_mean_tanh": lambda z: jnp.real(jnp.mean(jnp.tanh(z))),
}
# Holomorphic functions (grad with holomorphic=True): f'(z) summed.
HOLO_FNS = {
    "exp_sum": lambda z: jnp.sum(jnp.exp(z)),
    "sin_mul": lambda z: jnp.sum(jnp.sin(z) * z),
    "log_sq": lambda z: jnp.sum(jnp.log(z) ** 2),
}


def main():
    out = {"z": Z.tolist() and [[v.real, v.imag] for v in Z], "w": [[v.real, v.imag] for v in W], "dtypes": {}}
    for dt in ["complex64", "complex128"]:
        z = jnp.asarray(Z, dtype=dt)
        w = jnp.asarray(W, dtype=dt)
        d = {"unary": {}, "binary": {}, "grad": {}, "holomorphic": {}}
        for name, f in UNARY.items():
            d["unary"][name] = enc(f(z), dt)
        for name, f in BINARY.items():
            d["binary"][name] = enc(f(z, w), dt)
        d["sum"] = enc(jnp.sum(z), dt)
        d["mean"] = enc(jnp.mean(z), dt)
        d["prod"] = enc(jnp.prod(z), dt)
        d["sum_axis0"] = enc(jnp.sum(jnp.reshape(z, (2, 3)), axis=0), dt)
        d["matmul"] = enc(jnp.reshape(z, (2, 3)) @ jnp.reshape(w, (3, 2)), dt)
        d["integer_pow"] = {str(n): enc(z ** n, dt) for n in [2, 3, -2]}
        for name, f in REAL_FNS.items():
            d["grad"][name] = enc(jax.grad(f)(z), dt)
        for name, f in HOLO_FNS.items():
            d["holomorphic"][name] = enc(jax.grad(f, holomorphic=True)(z), dt)
        out["dtypes"][dt] = d
    # What the documentation quotes.
    out["doc"] = {"grad_abs2_at_1p2j": [float(np.real(v)) for v in [jax.grad(lambda z: jnp.abs(z) ** 2)(1 + 2j)]] + [float(np.imag(jax.grad(lambda z: jnp.abs(z) ** 2)(1 + 2j)))]}
    path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "complex.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
