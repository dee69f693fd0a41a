#!/usr/bin/env python3
"""
Generates test/fixtures/factor.json: values and gradients from JAX (jax_enable_x64, CPU) of
lax.linalg's cholesky, triangular_solve, lu and lu_pivots_to_permutation, and of jnp.linalg's
cholesky, solve, inv, det, slogdet, matrix_power, multi_dot, tensorsolve, tensorinv, cross,
diagonal, trace and outer — float32 and float64, batched, non-square, singular, negative-determinant
and ill-conditioned cases. test/np/linalg-factor.test.ts and test/lax/linalg-factor.test.ts only
read the JSON. Re-run after changing a case (needs numpy and jax):

    python3 scripts/gen-factor.py

Each case is { id, op, args, kwargs, outputs, grads?, weights? }:
- args[i] is { dtype, shape, data } (a tensor, data flattened) or { value } (a JS value);
- outputs is a list of { dtype, shape, data } (one per array the function returns);
- grads (when present) lists, for each tensor argument named in "gradArgs", the gradient of
  sum(weights * outputs[gradOutput]) with respect to it (JAX's reverse mode).
NaN and +-inf are the strings "nan", "inf", "-inf"; float32 values the shortest decimal that reads
back as the same float32 (scripts/fixture_encoding.py).
"""
import json
from pathlib import Path

import jax

jax.config.update("jax_enable_x64", True)
jax.config.update("jax_platforms", "cpu")

import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
from jax import lax  # noqa: E402
from fixture_encoding import enc_float  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test" / "fixtures" / "factor.json"
CASES = []
RNG = np.random.default_rng(20261202)


def enc_tensor(arr):
    arr = np.asarray(arr)
    dtype = {"float32": "float32", "float64": "float64", "bool": "bool"}.get(str(arr.dtype), "int32")
    flat = arr.reshape(-1)
    if dtype in ("float32", "float64"):
        data = [enc_float(v, dtype) for v in flat]
    elif dtype == "bool":
        data = [bool(v) for v in flat]
    else:
        data = [int(v) for v in flat]
    return {"dtype": dtype, "shape": list(arr.shape), "data": data}


def arg(x):
    if isinstance(x, np.ndarray):
        return enc_tensor(x)
    return {"value": x}


def add(id_, op, fn, args, kwargs=None, grad_args=(), grad_output=0):
    """Records fn(*args) and, for grad_args, the gradient of sum(w * outputs[grad_output])."""
    kwargs = kwargs or {}
    jargs = [jnp.asarray(a) if isinstance(a, np.ndarray) else a for a in args]
    out = fn(*jargs)
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    case = {"id": id_, "op": op, "args": [arg(a) for a in args], "kwargs": kwargs, "outputs": [enc_tensor(np.asarray(o)) for o in outs]}
    if grad_args:
        target = np.asarray(outs[grad_output])
        w = RNG.uniform(-1, 1, size=target.shape).astype(target.dtype)

        def loss(*diff):
            full = list(jargs)
            for i, d in zip(grad_args, diff):
                full[i] = d
            o = fn(*full)
            o = o[grad_output] if isinstance(o, (tuple, list)) else o
            return jnp.sum(jnp.asarray(w) * o)

        gs = jax.grad(loss, argnums=tuple(range(len(grad_args))))(*[jargs[i] for i in grad_args])
        case["weights"] = enc_tensor(w)
        case["gradArgs"] = list(grad_args)
        case["gradOutput"] = grad_output
        case["grads"] = [enc_tensor(np.asarray(g)) for g in gs]
    CASES.append(case)


def rand(shape, dtype, lo=-1.0, hi=1.0):
    return RNG.uniform(lo, hi, size=shape).astype(dtype)


def spd(batch, n, dtype):
    m = RNG.uniform(-1, 1, size=(*batch, n, n))
    return (m @ np.swapaxes(m, -1, -2) + n * np.eye(n)).astype(dtype)


def hilbert(n, dtype):
    i = np.arange(n)
    return (1.0 / (i[:, None] + i[None, :] + 1)).astype(dtype)


def tri(n, dtype, batch=()):
    a = RNG.uniform(-1, 1, size=(*batch, n, n))
    idx = np.arange(n)
    a[..., idx, idx] = np.sign(a[..., idx, idx]) * (1.5 + np.abs(a[..., idx, idx]))
    return a.astype(dtype)


for dt in ("float32", "float64"):
    # ---- lax.linalg.cholesky and jnp.linalg.cholesky ----
    add(f"cholesky-3-{dt}", "lax.cholesky", lambda x: lax.linalg.cholesky(x), [spd((), 3, dt)], grad_args=(0,))
    add(f"cholesky-batched-{dt}", "lax.cholesky", lambda x: lax.linalg.cholesky(x), [spd((2,), 3, dt)], grad_args=(0,))
    add(f"cholesky-1-{dt}", "lax.cholesky", lambda x: lax.linalg.cholesky(x), [spd((), 1, dt)], grad_args=(0,))
    add(f"cholesky-hilbert-{dt}", "lax.cholesky", lambda x: lax.linalg.cholesky(x), [hilbert(4, dt)], grad_args=(0,))
    nonpd = np.array([[1.0, 2.0, 0.0], [2.0, 1.0, 0.0], [0.0, 0.0, 1.0]], dtype=dt)
    add(f"cholesky-not-pd-{dt}", "lax.cholesky", lambda x: lax.linalg.cholesky(x), [nonpd])
    mixed = np.stack([spd((), 3, dt), nonpd])
    add(f"cholesky-batch-one-not-pd-{dt}", "lax.cholesky", lambda x: lax.linalg.cholesky(x), [mixed])
    nonsym = spd((), 3, dt) + np.triu(rand((3, 3), dt), 1)
    add(f"cholesky-no-symmetrize-{dt}", "lax.cholesky", lambda x: lax.linalg.cholesky(x, symmetrize_input=False), [nonsym], {"symmetrizeInput": False})
    add(f"cholesky-symmetrize-{dt}", "lax.cholesky", lambda x: lax.linalg.cholesky(x), [nonsym], grad_args=(0,))
    add(f"np-cholesky-upper-{dt}", "np.cholesky", lambda x: jnp.linalg.cholesky(x, upper=True), [spd((), 3, dt)], {"upper": True}, grad_args=(0,))

    # ---- triangular_solve: every flag combination ----
    for left in (True, False):
        for lower in (True, False):
            for trans in (True, False):
                for unit in (True, False):
                    kw = {"leftSide": left, "lower": lower, "transposeA": trans, "unitDiagonal": unit}
                    f = lambda a, b, left=left, lower=lower, trans=trans, unit=unit: lax.linalg.triangular_solve(
                        a, b, left_side=left, lower=lower, transpose_a=trans, unit_diagonal=unit)
                    b = rand((3, 2) if left else (2, 3), dt)
                    name = f"trsm-{'L' if left else 'R'}{'lo' if lower else 'up'}{'T' if trans else 'N'}{'U' if unit else 'D'}-{dt}"
                    add(name, "lax.triangularSolve", f, [tri(3, dt), b], kw, grad_args=(0, 1))
    f = lambda a, b: lax.linalg.triangular_solve(a, b, left_side=True, lower=True)
    add(f"trsm-batched-{dt}", "lax.triangularSolve", f, [tri(3, dt, (2,)), rand((2, 3, 4), dt)], {"leftSide": True, "lower": True}, grad_args=(0, 1))
    add(f"trsm-vector-left-{dt}", "lax.triangularSolve", f, [tri(3, dt), rand((3,), dt)], {"leftSide": True, "lower": True}, grad_args=(0, 1))
    fr = lambda a, b: lax.linalg.triangular_solve(a, b, left_side=False, lower=False)
    add(f"trsm-vector-right-{dt}", "lax.triangularSolve", fr, [tri(3, dt), rand((3,), dt)], {"leftSide": False, "lower": False}, grad_args=(0, 1))

    # ---- lu ----
    for shape in ((4, 4), (3, 5), (5, 3), (2, 3, 3), (1, 1)):
        add(f"lu-{'x'.join(map(str, shape))}-{dt}", "lax.lu", lambda x: lax.linalg.lu(x), [rand(shape, dt, -2, 2)], grad_args=(0,))
    sing = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.0, 1.0]], dtype=dt)
    add(f"lu-singular-{dt}", "lax.lu", lambda x: lax.linalg.lu(x), [sing])
    zero_col = np.array([[0.0, 1.0], [0.0, 2.0]], dtype=dt)
    add(f"lu-zero-column-{dt}", "lax.lu", lambda x: lax.linalg.lu(x), [zero_col])

    # ---- solve / inv ----
    a3 = rand((3, 3), dt) + 2 * np.eye(3, dtype=dt)
    add(f"solve-vector-{dt}", "np.solve", jnp.linalg.solve, [a3, rand((3,), dt)], grad_args=(0, 1))
    add(f"solve-matrix-{dt}", "np.solve", jnp.linalg.solve, [a3, rand((3, 2), dt)], grad_args=(0, 1))
    add(f"solve-batched-a-vector-b-{dt}", "np.solve", jnp.linalg.solve, [rand((2, 3, 3), dt) + 2 * np.eye(3, dtype=dt), rand((3,), dt)], grad_args=(0, 1))
    add(f"solve-broadcast-{dt}", "np.solve", jnp.linalg.solve, [rand((2, 1, 3, 3), dt) + 2 * np.eye(3, dtype=dt), rand((4, 3, 2), dt)], grad_args=(0, 1))
    add(f"solve-pivoting-{dt}", "np.solve", jnp.linalg.solve, [np.array([[0.0, 1.0, 2.0], [1.0, 0.0, 3.0], [4.0, -3.0, 8.0]], dtype=dt), rand((3,), dt)], grad_args=(0, 1))
    add(f"inv-{dt}", "np.inv", jnp.linalg.inv, [a3], grad_args=(0,))
    add(f"inv-batched-{dt}", "np.inv", jnp.linalg.inv, [rand((2, 4, 4), dt) + 2 * np.eye(4, dtype=dt)], grad_args=(0,))
    add(f"inv-hilbert-{dt}", "np.inv", jnp.linalg.inv, [hilbert(4, dt)])

    # ---- det / slogdet ----
    for n in (1, 2, 3, 4, 5):
        add(f"det-{n}-{dt}", "np.det", jnp.linalg.det, [rand((n, n), dt, -2, 2)], grad_args=(0,))
    neg = np.diag([1.0, -2.0, 3.0, 0.5]).astype(dt) + 0.1 * rand((4, 4), dt)
    add(f"det-negative-{dt}", "np.det", jnp.linalg.det, [neg], grad_args=(0,))
    add(f"det-batched-{dt}", "np.det", jnp.linalg.det, [rand((2, 4, 4), dt, -2, 2)], grad_args=(0,))
    r3 = np.array([[1.0, 2.0, 3.0, 4.0], [2.0, 1.0, 0.0, 1.0], [3.0, 3.0, 3.0, 5.0], [0.0, 1.0, 2.0, 1.0]], dtype=dt)
    add(f"det-singular-rank3-{dt}", "np.det", jnp.linalg.det, [r3], grad_args=(0,))
    r2 = np.array([[1.0, 2.0, 3.0, 4.0], [2.0, 4.0, 6.0, 8.0], [0.0, 1.0, 0.0, 1.0], [0.0, 2.0, 0.0, 2.0]], dtype=dt)
    add(f"det-singular-rank2-{dt}", "np.det", jnp.linalg.det, [r2], grad_args=(0,))
    add(f"det-singular-2x2-{dt}", "np.det", jnp.linalg.det, [np.array([[1.0, 2.0], [2.0, 4.0]], dtype=dt)], grad_args=(0,))
    add(f"det-hilbert-{dt}", "np.det", jnp.linalg.det, [hilbert(5, dt)])
    for n in (1, 2, 4):
        add(f"slogdet-{n}-{dt}", "np.slogdet", jnp.linalg.slogdet, [rand((n, n), dt, -2, 2) + np.eye(n, dtype=dt)], grad_args=(0,), grad_output=1)
    add(f"slogdet-negative-{dt}", "np.slogdet", jnp.linalg.slogdet, [neg], grad_args=(0,), grad_output=1)
    add(f"slogdet-batched-{dt}", "np.slogdet", jnp.linalg.slogdet, [rand((3, 3, 3), dt, -2, 2)], grad_args=(0,), grad_output=1)
    add(f"slogdet-singular-{dt}", "np.slogdet", jnp.linalg.slogdet, [r3])
    add(f"slogdet-hilbert-{dt}", "np.slogdet", jnp.linalg.slogdet, [hilbert(6, dt)])

    # ---- matrix_power ----
    mp = rand((3, 3), dt) + np.eye(3, dtype=dt)
    for n in (0, 1, 2, 3, 5, -1, -2):
        add(f"matrix-power-{n}-{dt}", "np.matrixPower", lambda x, k, n=n: jnp.linalg.matrix_power(x, n), [mp, n], grad_args=(0,))
    add(f"matrix-power-batched-{dt}", "np.matrixPower", lambda x, n: jnp.linalg.matrix_power(x, n), [rand((2, 2, 2), dt), 4], grad_args=(0,))

    # ---- multi_dot, tensorsolve, tensorinv ----
    add(f"multi-dot-{dt}", "np.multiDot", lambda a, b, c: jnp.linalg.multi_dot([a, b, c]), [rand((5, 2), dt), rand((2, 6), dt), rand((6, 3), dt)], grad_args=(0, 1, 2))
    add(f"multi-dot-vectors-{dt}", "np.multiDot", lambda a, b, c, d: jnp.linalg.multi_dot([a, b, c, d]), [rand((4,), dt), rand((4, 3), dt), rand((3, 5), dt), rand((5,), dt)], grad_args=(0, 1, 2, 3))
    ta = rand((2, 3, 6), dt) + np.eye(6, dtype=dt).reshape(2, 3, 6)
    add(f"tensorsolve-{dt}", "np.tensorsolve", jnp.linalg.tensorsolve, [ta, rand((2, 3), dt)], grad_args=(0, 1))
    add(f"tensorsolve-axes-{dt}", "np.tensorsolve", lambda a, b: jnp.linalg.tensorsolve(a, b, axes=(0,)), [np.moveaxis(ta, 2, 0).copy(), rand((2, 3), dt)], {"axes": [0]}, grad_args=(0, 1))
    add(f"tensorinv-{dt}", "np.tensorinv", lambda a: jnp.linalg.tensorinv(a, 1), [np.moveaxis(ta, 2, 0).reshape(6, 2, 3).copy()], {"ind": 1}, grad_args=(0,))
    add(f"tensorinv-2-{dt}", "np.tensorinv", lambda a: jnp.linalg.tensorinv(a, 2), [ta.reshape(2, 3, 2, 3)], {}, grad_args=(0,))

    # ---- cross, diagonal, trace, outer ----
    add(f"cross-{dt}", "np.cross", jnp.linalg.cross, [rand((2, 3), dt), rand((3,), dt)], grad_args=(0, 1))
    add(f"cross-axis-{dt}", "np.cross", lambda a, b: jnp.linalg.cross(a, b, axis=0), [rand((3, 2), dt), rand((3, 2), dt)], {"axis": 0}, grad_args=(0, 1))
    add(f"diagonal-{dt}", "np.diagonal", jnp.linalg.diagonal, [rand((2, 3, 4), dt)], grad_args=(0,))
    add(f"diagonal-offset-{dt}", "np.diagonal", lambda x: jnp.linalg.diagonal(x, offset=-1), [rand((3, 4), dt)], {"offset": -1}, grad_args=(0,))
    add(f"trace-{dt}", "np.trace", jnp.linalg.trace, [rand((2, 3, 3), dt)], grad_args=(0,))
    add(f"trace-offset-{dt}", "np.trace", lambda x: jnp.linalg.trace(x, offset=1), [rand((3, 4), dt)], {"offset": 1}, grad_args=(0,))
    add(f"outer-{dt}", "np.outer", jnp.linalg.outer, [rand((3,), dt), rand((4,), dt)], grad_args=(0, 1))

# ---- lu_pivots_to_permutation (int32) ----
add("pivots-to-permutation", "lax.luPivotsToPermutation", lambda p, s: lax.linalg.lu_pivots_to_permutation(p, 4), [np.array([2, 2, 3], dtype=np.int32), 4])
add("pivots-to-permutation-batched", "lax.luPivotsToPermutation", lambda p, s: lax.linalg.lu_pivots_to_permutation(p, 3), [np.array([[1, 2], [0, 1]], dtype=np.int32), 3])

OUT.write_text(json.dumps({"generator": "scripts/gen-factor.py", "jax": jax.__version__, "numpy": np.__version__, "cases": CASES}, indent=None) + "\n")
print(f"wrote {len(CASES)} cases to {OUT}")
