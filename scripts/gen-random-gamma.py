#!/usr/bin/env python3
"""
Generates test/fixtures/random-gamma.json: samples of JAX's gamma family (gamma, loggamma, beta,
dirichlet, poisson, chisquare, f, t, generalized_normal, ball) and gradients of gamma samples with
respect to alpha, computed by JAX on CPU with its default PRNG (threefry2x32, partitionable).
test/random/gamma.test.ts only reads the committed JSON. Re-run after changing the cases:

    python3 scripts/gen-random-gamma.py

Values use the fixture encoding (NaN and +-inf as strings, float32 as the shortest decimal that
reads back as the same float32). 64-bit mode is on so float64 samples exist; every call passes its
dtype, so float32 streams are JAX's defaults.
"""
# ruff: noqa: E501
import json
from pathlib import Path

import jax

jax.config.update("jax_enable_x64", True)
jax.config.update("jax_platforms", "cpu")

import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
from fixture_encoding import enc_float  # noqa: E402

assert jax.config.jax_threefry_partitionable

ROOT = Path(__file__).resolve().parent.parent
R = jax.random


def values(a):
    a = np.asarray(a)
    if np.issubdtype(a.dtype, np.integer):
        return [int(v) for v in a.reshape(-1)]
    return [enc_float(v, a.dtype) for v in a.reshape(-1)]


def case(name, seed, dtype, fn, **extra):
    out = fn(R.PRNGKey(seed), dtype)
    return {"name": name, "seed": seed, "dtype": dtype, "shape": list(out.shape), "out_dtype": str(out.dtype), "values": values(out), **extra}


ALPHAS = [0.01, 0.3, 0.5, 0.99, 1.0, 1.5, 2.0, 3.7, 10.0, 100.0, 1e4]
SPECIAL_ALPHAS = [0.0, float("nan"), float("inf"), -0.5, -2.0]

samples = []
for dt in ["float32", "float64"]:
    f = jnp.dtype(dt)
    a = jnp.array(ALPHAS, f)
    for seed in [0, 1, 42]:
        samples.append(case("gamma_alphas", seed, dt, lambda k, d: R.gamma(k, a, dtype=d)))
        samples.append(case("loggamma_alphas", seed, dt, lambda k, d: R.loggamma(k, a, dtype=d)))
    samples.append(case("gamma_special", 3, dt, lambda k, d: R.gamma(k, jnp.array(SPECIAL_ALPHAS, f), dtype=d)))
    samples.append(case("loggamma_special", 3, dt, lambda k, d: R.loggamma(k, jnp.array(SPECIAL_ALPHAS, f), dtype=d)))
    samples.append(case("gamma_shape", 7, dt, lambda k, d: R.gamma(k, 2.5, (2, 3), dtype=d)))
    samples.append(case("gamma_bcast", 8, dt, lambda k, d: R.gamma(k, jnp.array([0.5, 4.0], f), (3, 2), dtype=d)))
    samples.append(case("beta", 9, dt, lambda k, d: R.beta(k, 2.0, 3.0, (8,), dtype=d)))
    samples.append(case("beta_small", 10, dt, lambda k, d: R.beta(k, jnp.array([0.01, 0.5, 5.0], f), jnp.array([0.02, 0.5, 1.0], f), dtype=d)))
    samples.append(case("dirichlet", 11, dt, lambda k, d: R.dirichlet(k, jnp.array([0.5, 1.0, 2.0, 5.0], f), (3,), dtype=d)))
    samples.append(case("dirichlet_small", 12, dt, lambda k, d: R.dirichlet(k, jnp.array([0.01, 0.02, 0.03], f), dtype=d)))
    samples.append(case("chisquare", 13, dt, lambda k, d: R.chisquare(k, jnp.array([1.0, 2.0, 5.0, 30.0], f), dtype=d)))
    samples.append(case("f", 14, dt, lambda k, d: R.f(k, 3.0, 5.0, (6,), dtype=d)))
    samples.append(case("t", 15, dt, lambda k, d: R.t(k, jnp.array([1.0, 3.0, 10.0], f), dtype=d)))

# generalized_normal and ball draw their signs with bernoulli(0.5), whose uniform takes the dtype of
# the Python float 0.5: float32 in JAX's default mode, which these cases use (64-bit mode off).
with jax.enable_x64(False):
    samples.append(case("generalized_normal", 16, "float32", lambda k, d: R.generalized_normal(k, 1.5, (6,), dtype=d)))
    samples.append(case("ball", 17, "float32", lambda k, d: R.ball(k, 3, 2, (4,), dtype=d)))
    samples.append(case("ball_p1", 18, "float32", lambda k, d: R.ball(k, 2, 1, (3,), dtype=d)))

LAMS = [0.0, 0.5, 3.0, 9.5, 10.0, 25.0, 1000.0, float("nan")]
for seed in [0, 1, 5]:
    samples.append(case("poisson_lams", seed, "int32", lambda k, d: R.poisson(k, jnp.array(LAMS, jnp.float32))))
samples.append(case("poisson_shape", 2, "int32", lambda k, d: R.poisson(k, 4.0, (3, 4))))
samples.append(case("poisson_large", 4, "int32", lambda k, d: R.poisson(k, jnp.array([12.0, 50.0, 200.0], jnp.float32), (2, 3))))

# vmap over keys and over alpha (a batch of keys, each drawing its own streams).
vmapped = []
for dt in ["float32", "float64"]:
    f = jnp.dtype(dt)
    keys = R.split(R.PRNGKey(20), 3)
    vmapped.append({"name": "gamma_vmap_keys", "dtype": dt, "values": values(jax.vmap(lambda k: R.gamma(k, jnp.array([0.5, 2.0], f), dtype=dt))(keys))})
    vmapped.append({"name": "gamma_vmap_alpha", "dtype": dt, "values": values(jax.vmap(lambda a: R.gamma(R.PRNGKey(21), a, dtype=dt))(jnp.array([0.2, 1.0, 7.0], f)))})
keys = R.split(R.PRNGKey(22), 3)
vmapped.append({"name": "poisson_vmap_keys", "dtype": "int32", "values": values(jax.vmap(lambda k: R.poisson(k, jnp.array([2.0, 30.0], jnp.float32)))(keys))})
vmapped.append({"name": "poisson_vmap_lam", "dtype": "int32", "values": values(jax.vmap(lambda l: R.poisson(R.PRNGKey(23), l, (2,)))(jnp.array([1.0, 15.0, 80.0], jnp.float32)))})

# Gradients of the samples with respect to alpha (implicit reparameterisation).
grads = []
for dt in ["float32", "float64"]:
    f = jnp.dtype(dt)
    a = jnp.array([0.05, 0.3, 0.9, 1.0, 2.5, 8.0, 50.0], f)
    for seed in [0, 3]:
        g = jax.grad(lambda al: R.gamma(R.PRNGKey(seed), al, dtype=dt).sum())(a)
        gl = jax.grad(lambda al: R.loggamma(R.PRNGKey(seed), al, dtype=dt).sum())(a)
        grads.append({"name": "gamma", "seed": seed, "dtype": dt, "alpha": values(a), "grad": values(g)})
        grads.append({"name": "loggamma", "seed": seed, "dtype": dt, "alpha": values(a), "grad": values(gl)})
    gb = jax.grad(lambda al: R.beta(R.PRNGKey(30), al, 2.0, dtype=dt).sum())(jnp.array([0.5, 1.5, 4.0], f))
    grads.append({"name": "beta_a", "seed": 30, "dtype": dt, "alpha": values(jnp.array([0.5, 1.5, 4.0], f)), "grad": values(gb)})

# random_gamma_grad on a grid (series and continued-fraction branches).
grid_a = [0.1, 0.5, 1.0, 2.0, 5.0, 30.0]
grid_x = [1e-3, 0.2, 0.9, 1.5, 4.0, 12.0, 40.0]
aa, xx = np.meshgrid(np.array(grid_a), np.array(grid_x), indexing="ij")
from jax._src.lax import special as lax_special  # noqa: E402

gamma_grad = {dt: {"alpha": values(aa.astype(dt)), "x": values(xx.astype(dt)),
                   "grad": values(lax_special.random_gamma_grad(jnp.array(aa, dt), jnp.array(xx, dt)))}
              for dt in ["float32", "float64"]}

out = {"samples": samples, "vmapped": vmapped, "grads": grads, "gamma_grad": gamma_grad}
(ROOT / "test" / "fixtures" / "random-gamma.json").write_text(json.dumps(out, separators=(",", ":")) + "\n")
print("wrote", len(samples), "sample cases")
