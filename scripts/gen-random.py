#!/usr/bin/env python3
"""
Generates test/fixtures/random.json: keys, key derivations, bits and samples computed by JAX with
its default PRNG (threefry2x32, `jax_threefry_partitionable=True`, JAX's default since 0.5) on CPU.
test/random/*.test.ts only read the committed JSON; they never run python. Re-run after changing
the cases (needs `pip install jax`):

    python3 scripts/gen-random.py

Keys and bits are written as uint32 numbers; samples as lists of numbers with NaN and +-inf as
the strings "nan", "inf", "-inf" and float32 values as the shortest decimal that reads back as the
same float32, so the tests can compare bit for bit. 64-bit integers are enabled so that float64
samples exist; every call passes its dtype, so the float32 and int32 streams are JAX's defaults.
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

assert jax.config.jax_threefry_partitionable, "the fixtures are for JAX's partitionable Threefry"

ROOT = Path(__file__).resolve().parent.parent
R = jax.random


def words(a):
    return np.asarray(a, dtype=np.uint32).reshape(-1).tolist()


def values(a):
    a = np.asarray(a)
    if a.dtype == np.bool_:
        return a.reshape(-1).astype(bool).tolist()
    if np.issubdtype(a.dtype, np.integer):
        return a.reshape(-1).astype(np.int64).tolist()
    dt = "float32" if a.dtype == np.float32 else "float64"
    return [enc_float(v, dt) for v in a.reshape(-1)]


def key(seed):
    return R.PRNGKey(seed)


SEEDS = [0, 1, 42, 12345, 2**31 - 1, 2**32 - 1, 2**32 + 5, -1, -7]
keys = [{"seed": s, "key": words(key(s))} for s in SEEDS]

split = []
for s in [0, 1, 42]:
    for num in [2, 3, 5, [2, 3]]:
        out = R.split(key(s), tuple(num) if isinstance(num, list) else num)
        split.append({"seed": s, "num": num, "shape": list(out.shape), "keys": words(out)})

fold_in = []
for s in [0, 1, 42]:
    for d in [0, 1, 7, 12345, 2**31, 2**32 - 1]:
        fold_in.append({"seed": s, "data": d, "key": words(R.fold_in(key(s), d))})

bits = []
for s in [0, 1, 42, 2**32 + 5]:
    for shape in [[], [1], [5], [2, 3], [0], [3, 0, 2]]:
        bits.append({"seed": s, "shape": shape, "bits": words(R.bits(key(s), tuple(shape), dtype=jnp.uint32))})

# A key derived by split then fold_in, to check the composition.
derived = R.fold_in(R.split(key(3), 4)[2], 9)
derived_case = {"key": words(derived), "bits": words(R.bits(derived, (6,), dtype=jnp.uint32))}


def sample(name, fn, seed, **kw):
    out = fn(key(seed))
    return {"name": name, "seed": seed, **kw, "shape": list(np.shape(out)), "out_dtype": str(np.asarray(out).dtype), "values": values(out)}


samples = []
for dt in ["float32", "float64"]:
    d = jnp.dtype(dt)
    for s in [0, 1, 42]:
        samples.append(sample("uniform", lambda k: R.uniform(k, (7,), d), s, dtype=dt))
        samples.append(sample("uniform_bounds", lambda k: R.uniform(k, (2, 3), d, -2.5, 3.0), s, dtype=dt))
        samples.append(sample("normal", lambda k: R.normal(k, (64,), d), s, dtype=dt))
        samples.append(sample("exponential", lambda k: R.exponential(k, (16,), d), s, dtype=dt))
        samples.append(sample("gumbel", lambda k: R.gumbel(k, (16,), d), s, dtype=dt))
        samples.append(sample("gumbel_high", lambda k: R.gumbel(k, (8,), d, mode="high"), s, dtype=dt))
        samples.append(sample("laplace", lambda k: R.laplace(k, (16,), d), s, dtype=dt))
        samples.append(sample("logistic", lambda k: R.logistic(k, (16,), d), s, dtype=dt))
        samples.append(sample("cauchy", lambda k: R.cauchy(k, (16,), d), s, dtype=dt))
        samples.append(sample("truncated_normal", lambda k: R.truncated_normal(k, -1.0, 2.0, (16,), d), s, dtype=dt))
        samples.append(sample("lognormal", lambda k: R.lognormal(k, 0.5, (16,), d), s, dtype=dt))
        samples.append(sample("pareto", lambda k: R.pareto(k, 3.0, (16,), d), s, dtype=dt))
        samples.append(sample("weibull_min", lambda k: R.weibull_min(k, 1.5, 2.0, (16,), d), s, dtype=dt))
        samples.append(sample("rayleigh", lambda k: R.rayleigh(k, 2.0, (16,), d), s, dtype=dt))
        samples.append(sample("maxwell", lambda k: R.maxwell(k, (16,), d), s, dtype=dt))
        samples.append(sample("triangular", lambda k: R.triangular(k, -1.0, 0.5, 2.0, (16,), d), s, dtype=dt))
        samples.append(sample("bernoulli", lambda k: R.bernoulli(k, jnp.asarray(0.3, d), (16,)), s, dtype=dt))
        samples.append(sample("geometric", lambda k: R.geometric(k, jnp.asarray(0.3, d), (16,), jnp.int32), s, dtype=dt))
# maxval 2^31 is beyond int32: JAX then widens the span by one (needs 64-bit Python ints).
for s in [0, 1, 42]:
    samples.append(sample("randint_full", lambda k: R.randint(k, (8,), -(2**31), 2**31, jnp.int32), s))

# JAX's default configuration (no 64-bit types) for the samplers whose dtypes follow their
# arguments: a Python float p is a weak float32, and indices are int32.
with jax.enable_x64(False):
  for s in [0, 1, 42]:
      samples.append(sample("double_sided_maxwell", lambda k: R.double_sided_maxwell(k, 1.0, 2.0, (16,), jnp.float32), s, dtype="float32"))
      samples.append(sample("bernoulli_weak", lambda k: R.bernoulli(k, 0.5, (16,)), s))
      samples.append(sample("bernoulli_high", lambda k: R.bernoulli(k, jnp.float32(0.3), (16,), mode="high"), s))
      samples.append(sample("rademacher", lambda k: R.rademacher(k, (16,), jnp.int32), s))
      samples.append(sample("randint_0_10", lambda k: R.randint(k, (16,), 0, 10, jnp.int32), s))
      samples.append(sample("randint_neg", lambda k: R.randint(k, (16,), -1000, 77777, jnp.int32), s))
      samples.append(sample("randint_wide", lambda k: R.randint(k, (16,), -(2**31), 2**31 - 1, jnp.int32), s))
      samples.append(sample("randint_empty_range", lambda k: R.randint(k, (4,), 5, 5, jnp.int32), s))
      samples.append(sample("permutation_10", lambda k: R.permutation(k, 10), s))
      samples.append(sample("permutation_2000", lambda k: R.permutation(k, 2000), s))
      samples.append(sample("permutation_rows", lambda k: R.permutation(k, jnp.arange(12, dtype=jnp.int32).reshape(3, 4), axis=1), s))
      samples.append(sample("permutation_independent", lambda k: R.permutation(k, jnp.arange(12, dtype=jnp.int32).reshape(3, 4), axis=1, independent=True), s))
      samples.append(sample("choice_replace", lambda k: R.choice(k, 10, (6,)), s))
      samples.append(sample("choice_no_replace", lambda k: R.choice(k, 10, (6,), replace=False), s))
      samples.append(sample("choice_p", lambda k: R.choice(k, 4, (8,), p=jnp.array([0.1, 0.2, 0.3, 0.4], jnp.float32)), s))
      samples.append(sample("choice_p_no_replace", lambda k: R.choice(k, 4, (3,), replace=False, p=jnp.array([0.1, 0.2, 0.3, 0.4], jnp.float32)), s))
      samples.append(sample("categorical", lambda k: R.categorical(k, jnp.array([[0.0, 1.0, 2.0], [2.0, 0.0, -1.0]], jnp.float32), -1, (4, 2)), s))
      samples.append(sample("categorical_axis0", lambda k: R.categorical(k, jnp.array([[0.0, 1.0, 2.0], [2.0, 0.0, -1.0]], jnp.float32), 0), s))
      samples.append(sample("categorical_no_replace", lambda k: R.categorical(k, jnp.array([0.0, 1.0, 2.0, 0.5], jnp.float32), -1, (3,), replace=False), s))

out = {
    "jax_version": jax.__version__,
    "keys": keys,
    "split": split,
    "fold_in": fold_in,
    "bits": bits,
    "derived": derived_case,
    "uniform_key0": float(R.uniform(key(0), (), jnp.float32)),
    "samples": samples,
}
(ROOT / "test" / "fixtures" / "random.json").write_text(json.dumps(out, separators=(",", ":")) + "\n")
print("wrote test/fixtures/random.json:", len(samples), "sample cases")
