#!/usr/bin/env python3
"""
Generates test/fixtures/erf.json: erf and its first two derivatives computed by JAX (lax.erf, and
jax.grad of it, in float64 and float32 on CPU), with scipy.special.erf as a second opinion on the
float64 values. test/lax/erf.test.ts only reads the committed JSON; it never runs python. Re-run
after changing the points (needs `pip install jax scipy`):

    python3 scripts/gen-erf.py

The file holds, per dtype, the points `x` and
- value: erf(x);
- grad:  d erf / dx = 2/sqrt(pi) exp(-x^2), by jax.grad;
- grad2: d^2 erf / dx^2 = -2x d erf/dx, by jax.grad of jax.grad;
NaN and +-inf are encoded as the strings "nan", "inf", "-inf"; float32 numbers are written as the
shortest decimal that reads back as the same float32 (so the test can compare bit for bit).
"""
import json
from pathlib import Path

import jax

jax.config.update("jax_enable_x64", True)
jax.config.update("jax_platforms", "cpu")

import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
from fixture_encoding import enc_float  # noqa: E402
import scipy.special  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

# Each of Cody's three intervals (|x| <= 0.46875, <= 4, > 4) and its edges, the tiny-x branch,
# the tail where erfc underflows (|x| >= 26.543), signed zeros and the special values.
POINTS = [
    0.0, -0.0, 1e-300, 1e-20, 1e-8, -1e-8, 0.1, -0.25, 0.46875, -0.46875, 0.46876, 0.5, -0.5, 0.75,
    1.0, -1.0, 1.5, 2.0, -2.5, 3.0, 3.999, 4.0, -4.0, 4.001, 5.0, -5.5, 6.0, 10.0, 26.5, 27.0, -30.0,
    float("inf"), float("-inf"), float("nan"),
]


def case(dtype):
    np_dtype = np.float64 if dtype == "float64" else np.float32
    xs = np.array(POINTS, dtype=np_dtype)
    erf = jax.lax.erf
    d1 = jax.vmap(jax.grad(lambda x: erf(x)))
    d2 = jax.vmap(jax.grad(jax.grad(lambda x: erf(x))))
    value = np.asarray(erf(jnp.asarray(xs)))
    if dtype == "float64":
        ref = scipy.special.erf(xs)
        ok = np.isclose(value, ref, rtol=1e-15, atol=0, equal_nan=True)
        assert ok.all(), f"JAX and scipy disagree at {xs[~ok]}"
    return {
        "x": [enc_float(v, dtype) for v in xs],
        "value": [enc_float(v, dtype) for v in value],
        "grad": [enc_float(v, dtype) for v in np.asarray(d1(jnp.asarray(xs)))],
        "grad2": [enc_float(v, dtype) for v in np.asarray(d2(jnp.asarray(xs)))],
    }


def main():
    out = {"generator": "scripts/gen-erf.py", "jax": jax.__version__, "scipy": scipy.__version__,
           "float64": case("float64"), "float32": case("float32")}
    path = ROOT / "test" / "fixtures" / "erf.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
