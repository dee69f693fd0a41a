#!/usr/bin/env python3
"""
Generates test/fixtures/multivariate.json: samples of jax.random.multivariate_normal (threefry2x32,
partitionable, CPU) for given seeds, means, covariances, shapes, dtypes and methods, and the
gradient of sum(weights · sample) in mean and cov. test/random/multivariate.test.ts only reads
the JSON. Re-run after changing a case (needs jax):

    python3 scripts/gen-multivariate.py

Numbers as scripts/fixture_encoding.py writes them (NaN/inf as strings, float32 shortest decimals).
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
OUT = ROOT / "test" / "fixtures" / "multivariate.json"
RNG = np.random.default_rng(7)
CASES = []


def enc(a):
    a = np.asarray(a)
    dt = "float32" if a.dtype == np.float32 else "float64"
    return {"dtype": dt, "shape": list(a.shape), "data": [enc_float(v, dt) for v in a.reshape(-1)]}


def add(id_, seed, mean, cov, shape, dtype, method):
    mean = np.asarray(mean, dtype=dtype)
    cov = np.asarray(cov, dtype=dtype)
    f = lambda m, c: jax.random.multivariate_normal(jax.random.PRNGKey(seed), m, c, shape, dtype, method)
    out = np.asarray(f(jnp.asarray(mean), jnp.asarray(cov)))
    w = RNG.uniform(-1, 1, size=out.shape).astype(dtype)
    gm, gc = jax.grad(lambda m, c: jnp.sum(w * f(m, c)), argnums=(0, 1))(jnp.asarray(mean), jnp.asarray(cov))
    CASES.append({
        "id": id_, "seed": seed, "mean": enc(mean), "cov": enc(cov), "shape": None if shape is None else list(shape),
        "dtype": dtype, "method": method, "sample": enc(out), "weights": enc(w), "gradMean": enc(gm), "gradCov": enc(gc),
    })


def spd(n, batch=()):
    m = RNG.uniform(-1, 1, size=(*batch, n, n))
    return m @ np.swapaxes(m, -1, -2) + 0.5 * np.eye(n)


for dt in ("float32", "float64"):
    for method in ("cholesky", "eigh", "svd"):
        add(f"mvn-3-{method}-{dt}", 0, [1.0, -2.0, 0.5], spd(3), (4,), dt, method)
    add(f"mvn-default-shape-{dt}", 1, RNG.uniform(-1, 1, size=(2, 3)), spd(3), None, dt, "cholesky")
    add(f"mvn-batched-cov-{dt}", 2, [0.0, 1.0], spd(2, (3,)), (5, 3), dt, "cholesky")
    add(f"mvn-1-{dt}", 3, [2.0], [[4.0]], (6,), dt, "cholesky")

OUT.write_text(json.dumps({"generator": "scripts/gen-multivariate.py", "jax": jax.__version__, "cases": CASES}) + "\n")
print(f"wrote {len(CASES)} cases to {OUT}")
