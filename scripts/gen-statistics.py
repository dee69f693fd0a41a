#!/usr/bin/env python3
"""
Generates test/fixtures/statistics.json: values of JAX's cumulative reductions, statistics and
reductions (jax.numpy and jax.lax, on CPU), and gradients of the differentiable ones, for
test/np/cumulative.test.ts and test/np/statistics.test.ts (which only read the committed JSON).
Re-run after changing the cases (needs `pip install jax`):

    python3 scripts/gen-statistics.py

Each case is {id, family, op, args, dtypes, shapes, kwargs, expected, expectedShape, expectedDtype,
tol}, as test/np/fixture.ts reads them. JAX runs with x64 enabled so float64 stays float64; results
that JAX's default mode (which fluxion follows) would hold in 32 bits — an int64 from int32 inputs,
a float64 mean of int32 data — are written with the 32-bit dtype and a float32 tolerance. NaN and
+-inf are the strings "nan", "inf", "-inf"; float32 values the shortest decimal that reads back.
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
CASES = []
NAN, INF = float("nan"), float("inf")

TOL = {"float64": (1e-12, 1e-12), "float32": (2e-6, 1e-6), "int32": (0, 0), "uint32": (0, 0), "bool": (0, 0)}


def enc(v, dtype):
    if isinstance(v, np.ndarray):
        return enc(v.item(), dtype) if v.ndim == 0 else [enc(u, dtype) for u in v]
    if dtype == "bool":
        return bool(v)
    if dtype in ("int32", "uint32"):
        return int(v)
    return enc_float(v, dtype)


def out_dtype(result, in_dtypes):
    d = str(result.dtype)
    wide = "float64" in in_dtypes
    if d == "int64":
        return "int32"
    if d == "uint64":
        return "uint32"
    if d == "float64" and not wide:
        return "float32"
    return d


def add(family, op, args, dtypes, fn, kwargs=None, tol=None, cid=None):
    """Runs fn on the args (arrays of `dtypes`, None = passed as is) and records the case."""
    kwargs = kwargs or {}
    arrays = [np.asarray(a, dtype=d) if d is not None else a for a, d in zip(args, dtypes)]
    main = dtypes[0] if dtypes[0] in ("float32", "float64") else "float32"
    kw_dtype = {"where": "bool", "fweights": "int32"}
    jkw = {k: (tuple(v) if k == "axis" else jnp.asarray(v, dtype=kw_dtype.get(k, main))) if isinstance(v, list) else v for k, v in kwargs.items()}
    result = fn(*[jnp.asarray(a) if d is not None else a for a, d in zip(arrays, dtypes)], **jkw)
    result = np.asarray(result)
    dtype = out_dtype(result, [d for d in dtypes if d] + [kwargs.get("dtype")])
    rtol, atol = tol if tol is not None else TOL[dtype]
    if dtype in ("int32", "uint32") and result.dtype.kind == "f":
        raise ValueError(op)
    CASES.append({
        "id": cid or f"{op} #{sum(1 for c in CASES if c['op'] == op)} {','.join(f'{d}{list(np.shape(a))}' for a, d in zip(arrays, dtypes) if d)} {json.dumps(kwargs, default=str)}",
        "family": family,
        "op": op,
        "args": [enc(a, d) if d is not None else a for a, d in zip(arrays, dtypes)],
        "dtypes": list(dtypes),
        "shapes": [list(np.shape(a)) if d is not None else None for a, d in zip(arrays, dtypes)],
        "kwargs": kwargs,
        "expected": enc(result.astype(dtype) if dtype != str(result.dtype) else result, dtype),
        "expectedShape": list(result.shape),
        "expectedDtype": dtype,
        "tol": {"rtol": rtol, "atol": atol},
    })


M = [[1.5, -2.0, 3.25], [0.5, 4.0, -1.0]]
M_NAN = [[1.0, NAN, 3.0], [NAN, NAN, NAN]]
M_INF = [[1.0, INF, -2.0], [-INF, 0.0, 5.0]]
INTS = [[3, -1, 4], [1, 5, -9]]
BOOLS = [[True, False, True], [False, False, True]]
ZERO = [[2.0, 0.0, 3.0, -1.5]]
TIES = [[1.0, 3.0, 3.0, 2.0, 3.0], [2.0, 2.0, 2.0, 2.0, 2.0]]
EMPTY_AXIS = np.zeros((2, 0))
FLOATS = ("float32", "float64")


def cumulative_cases():
    f = "cumulative"
    for dt in FLOATS:
        for axis in (None, 0, 1, -1):
            add(f, "cumsum", [M], [dt], jnp.cumsum, {"axis": axis})
            add(f, "cumprod", [M], [dt], jnp.cumprod, {"axis": axis})
        add(f, "cumsum", [M_INF], [dt], jnp.cumsum, {"axis": 1})
        add(f, "cumsum", [M_NAN], [dt], jnp.cumsum, {"axis": 0})
        add(f, "cumprod", [M_INF], [dt], jnp.cumprod, {"axis": 1})
        add(f, "cumsum", [EMPTY_AXIS], [dt], jnp.cumsum, {"axis": 1})
        add(f, "cumsum", [[[[2.5]]]], [dt], jnp.cumsum, {"axis": 2})
        add(f, "cumsum", [3.5], [dt], jnp.cumsum, {})
        add(f, "nancumsum", [M_NAN], [dt], jnp.nancumsum, {"axis": 1})
        add(f, "nancumprod", [M_NAN], [dt], jnp.nancumprod, {"axis": None})
        add(f, "cumulativeSum", [M], [dt], jnp.cumulative_sum, {"axis": 1, "include_initial": True})
        add(f, "cumulativeProd", [M], [dt], jnp.cumulative_prod, {"axis": 0, "include_initial": True})
        add(f, "cumulativeSum", [[1.0, 2.0, 4.0]], [dt], jnp.cumulative_sum, {})
        for name, fn in (("cummax", lax.cummax), ("cummin", lax.cummin), ("cumlogsumexp", lax.cumlogsumexp), ("lax.cumsum", lax.cumsum), ("lax.cumprod", lax.cumprod)):
            for reverse in (False, True):
                add(f, name, [M_INF], [dt], fn, {"axis": 1, "reverse": reverse})
                add(f, name, [TIES], [dt], fn, {"axis": 1, "reverse": reverse})
            add(f, name, [M_NAN], [dt], fn, {"axis": 0, "reverse": False})
        add(f, "cumlogsumexp", [[[-INF, -INF, 0.0, -INF]]], [dt], lax.cumlogsumexp, {"axis": 1, "reverse": False})
        add(f, "diff", [M], [dt], jnp.diff, {})
        add(f, "diff", [M], [dt], jnp.diff, {"axis": 0})
        add(f, "diff", [M_INF], [dt], jnp.diff, {"n": 2, "prepend": 1.0, "append": [[7.0], [8.0]]})
        add(f, "diff", [[1.0, 4.0, 9.0, 16.0]], [dt], jnp.diff, {"n": 3})
        add(f, "diff", [[1.0]], [dt], jnp.diff, {"n": 2})
        add(f, "ediff1d", [M], [dt], jnp.ediff1d, {"to_begin": [0.0, -1.0], "to_end": 9.0})
        add(f, "trapezoid", [M], [dt], jnp.trapezoid, {})
        add(f, "trapezoid", [M], [dt], jnp.trapezoid, {"dx": 0.5, "axis": 0})
        add(f, "trapezoid", [M], [dt], jnp.trapezoid, {"x": [0.0, 1.0, 3.0]})
        add(f, "trapezoid", [M_INF], [dt], jnp.trapezoid, {"axis": -1})
        # JAX raises an IndexError for an empty axis; fluxion gives numpy's value (0), from numpy.
        add(f, "trapezoid", [EMPTY_AXIS], [dt], lambda y, **k: np.trapezoid(np.asarray(y), **k), {"axis": 1})
    add(f, "cumsum", [INTS], ["int32"], jnp.cumsum, {"axis": 1})
    add(f, "cumprod", [INTS], ["int32"], jnp.cumprod, {"axis": 0})
    add(f, "cumsum", [[2147483647, 1]], ["int32"], jnp.cumsum, {})  # wraps
    add(f, "cumsum", [BOOLS], ["bool"], jnp.cumsum, {"axis": 1})
    add(f, "cumsum", [INTS], ["int32"], jnp.cumsum, {"axis": 1, "dtype": "float32"})
    add(f, "cumsum", [[-1, 1, 0, 2]], ["int32"], jnp.cumsum, {"dtype": "bool"})
    add(f, "cumprod", [BOOLS], ["bool"], jnp.cumprod, {"axis": 1})
    add(f, "cumulativeSum", [BOOLS], ["bool"], jnp.cumulative_sum, {"axis": 1, "include_initial": True})
    for name, fn in (("cummax", lax.cummax), ("cummin", lax.cummin)):
        add(f, name, [INTS], ["int32"], fn, {"axis": 1, "reverse": True})
    add(f, "diff", [INTS], ["int32"], jnp.diff, {"axis": -2})
    add(f, "diff", [BOOLS], ["bool"], jnp.diff, {})
    add(f, "ediff1d", [INTS], ["int32"], jnp.ediff1d, {})
    add(f, "trapezoid", [INTS], ["int32"], jnp.trapezoid, {})
    # float32 accumulates in float64 and rounds once: a long run of 0.1s stays on the float64 path.
    long = np.full(4097, 0.1, dtype=np.float32)
    CASES.append({
        "id": "cumsum float32 accuracy: 4097 × 0.1f, the float64 running sum rounded once",
        "family": f, "op": "cumsum", "args": [enc(long, "float32")], "dtypes": ["float32"], "shapes": [[4097]],
        "kwargs": {}, "expected": enc(np.cumsum(long.astype(np.float64)).astype(np.float32), "float32"),
        "expectedShape": [4097], "expectedDtype": "float32", "tol": {"rtol": 0, "atol": 0},
    })


def statistics_cases():
    f = "statistics"
    for dt in FLOATS:
        for axis in (None, 0, -1, [0, 1]):
            add(f, "var", [M], [dt], jnp.var, {"axis": axis})
            add(f, "std", [M], [dt], jnp.std, {"axis": axis, "ddof": 1})
        add(f, "var", [M], [dt], jnp.var, {"axis": 1, "keepdims": True, "ddof": 1})
        add(f, "var", [M], [dt], jnp.var, {"axis": 1, "ddof": 3})  # N - ddof <= 0 -> NaN
        add(f, "var", [M], [dt], jnp.var, {"axis": 1, "correction": 1})
        add(f, "var", [M], [dt], jnp.var, {"axis": 1, "where": [[True, False, True], [True, True, True]]})
        add(f, "var", [M_NAN], [dt], jnp.var, {"axis": 1})
        add(f, "var", [M_INF], [dt], jnp.var, {"axis": 0})
        add(f, "var", [EMPTY_AXIS], [dt], jnp.var, {"axis": 1})
        add(f, "std", [[[4.0]]], [dt], jnp.std, {"axis": -1})
        add(f, "average", [M], [dt], jnp.average, {})
        add(f, "average", [M], [dt], jnp.average, {"axis": 1, "weights": [1.0, 2.0, 0.5]})
        add(f, "average", [M], [dt], jnp.average, {"axis": 0, "weights": [[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]], "keepdims": True})
        add(f, "ptp", [M], [dt], jnp.ptp, {"axis": 1})
        add(f, "ptp", [M_INF], [dt], jnp.ptp, {"axis": 0, "keepdims": True})
        add(f, "countNonzero", [M_NAN], [dt], jnp.count_nonzero, {"axis": 1})
        add(f, "cov", [M], [dt], jnp.cov, {})
        add(f, "cov", [M], [dt], jnp.cov, {"rowvar": False, "bias": True})
        add(f, "cov", [M], [dt], jnp.cov, {"ddof": 0, "fweights": [1, 2, 1], "aweights": [0.5, 1.0, 2.0]})
        add(f, "cov", [M], [dt], jnp.cov, {"aweights": [0.5, 1.0, 2.0]})
        add(f, "cov", [[1.0, 2.0, 4.0]], [dt], jnp.cov, {})
        add(f, "cov", [[1.0, 2.0, 4.0]], [dt], jnp.cov, {"y": [2.0, 1.0, 0.0]})
        add(f, "corrcoef", [M], [dt], jnp.corrcoef, {})
        add(f, "corrcoef", [[[1.0, 2.0], [3.0, 5.0], [0.0, 1.0]]], [dt], jnp.corrcoef, {"rowvar": False})
        add(f, "nansum", [M_NAN], [dt], jnp.nansum, {"axis": 1})
        add(f, "nanprod", [M_NAN], [dt], jnp.nanprod, {"axis": 1})
        add(f, "nanmax", [M_NAN], [dt], jnp.nanmax, {"axis": 1})
        add(f, "nanmin", [M_NAN], [dt], jnp.nanmin, {"axis": 0, "keepdims": True})
        add(f, "nanmean", [M_NAN], [dt], jnp.nanmean, {"axis": 1})
        add(f, "nanvar", [M_NAN], [dt], jnp.nanvar, {"axis": 0})
        add(f, "nanstd", [[[1.0, NAN, 3.0, 4.0]]], [dt], jnp.nanstd, {"axis": -1, "ddof": 1})
        add(f, "nanargmax", [M_NAN], [dt], jnp.nanargmax, {"axis": 1})
        add(f, "nanargmin", [M_NAN], [dt], jnp.nanargmin, {"axis": 0})
        add(f, "nanargmax", [[[NAN, 2.0], [1.0, 5.0]]], [dt], jnp.nanargmax, {})
        add(f, "all", [M_NAN], [dt], jnp.all, {"axis": 1})
        add(f, "any", [[[0.0, -0.0], [0.0, NAN]]], [dt], jnp.any, {"axis": 1, "keepdims": True})
        add(f, "all", [EMPTY_AXIS], [dt], jnp.all, {"axis": 1})
        add(f, "any", [EMPTY_AXIS], [dt], jnp.any, {"axis": 1})
        add(f, "isclose", [[1.0, 1.0, NAN, INF, INF, 0.0], [1.000001, 1.1, NAN, INF, -INF, 1e-9]], [dt, dt], jnp.isclose, {})
        add(f, "isclose", [[1.0, NAN, 1e-3], [1.01, NAN, 0.0]], [dt, dt], jnp.isclose, {"rtol": 0.1, "atol": 1e-2, "equal_nan": True})
        add(f, "allclose", [M, M], [dt, dt], jnp.allclose, {})
        add(f, "allclose", [M_NAN, M_NAN], [dt, dt], jnp.allclose, {"equal_nan": True})
        add(f, "arrayEqual", [M_NAN, M_NAN], [dt, dt], jnp.array_equal, {})
        add(f, "arrayEqual", [M_NAN, M_NAN], [dt, dt], jnp.array_equal, {"equal_nan": True})
        add(f, "arrayEquiv", [[1.0, 2.0], [[1.0, 2.0], [1.0, 2.0]]], [dt, dt], jnp.array_equiv, {})
        add(f, "sum", [M], [dt], jnp.sum, {"axis": 1, "keepdims": True, "initial": 10.0})
        add(f, "sum", [M], [dt], jnp.sum, {"axis": 1, "where": [True, False, True]})
        add(f, "prod", [M], [dt], jnp.prod, {"axis": 0, "initial": 2.0, "where": [[True, False, True], [True, True, False]]})
        add(f, "mean", [M], [dt], jnp.mean, {"axis": 1, "where": [[True, False, True], [False, False, False]]})
        add(f, "max", [M], [dt], jnp.max, {"axis": 1, "initial": 0.0, "where": [False, True, True]})
        add(f, "min", [EMPTY_AXIS], [dt], jnp.min, {"axis": 1, "initial": 7.0})
        add(f, "amax", [M_INF], [dt], jnp.amax, {"axis": 0})
        add(f, "amin", [M_INF], [dt], jnp.amin, {"axis": -1})
        add(f, "argmax", [M], [dt], jnp.argmax, {"axis": 1, "keepdims": True})
    for dt in ("int32", "bool"):
        data = INTS if dt == "int32" else BOOLS
        add(f, "var", [data], [dt], jnp.var, {"axis": 1})
        add(f, "std", [data], [dt], jnp.std, {})
        add(f, "average", [data], [dt], jnp.average, {"axis": 0})
        add(f, "all", [data], [dt], jnp.all, {"axis": 0})
        add(f, "any", [data], [dt], jnp.any, {})
        add(f, "countNonzero", [data], [dt], jnp.count_nonzero, {})
        add(f, "sum", [data], [dt], jnp.sum, {"axis": 1})
        add(f, "mean", [data], [dt], jnp.mean, {"axis": 0})
        add(f, "nanmax", [data], [dt], jnp.nanmax, {"axis": 1})
        add(f, "nanargmin", [data], [dt], jnp.nanargmin, {"axis": 1})
    add(f, "ptp", [INTS], ["int32"], jnp.ptp, {})
    add(f, "cov", [INTS], ["int32"], jnp.cov, {})
    add(f, "sum", [INTS], ["int32"], jnp.sum, {"dtype": "float32"})
    add(f, "mean", [INTS], ["int32"], jnp.mean, {"dtype": "float64"})
    add(f, "isclose", [[1, 2], [1, 3]], ["int32", "int32"], jnp.isclose, {})


def grad_case(op, x, dtype, fn, tol=None):
    """The gradient of sum(w * fn(x)) for a fixed w (so every output element is weighted differently)."""
    xa = np.asarray(x, dtype=dtype)

    def scalar_fn(t):
        out = fn(t)
        w = jnp.arange(1, out.size + 1, dtype=out.dtype).reshape(out.shape) / out.size
        return jnp.sum(w * out)

    g = np.asarray(jax.grad(scalar_fn)(jnp.asarray(xa)))
    rtol, atol = tol if tol is not None else TOL[dtype]
    CASES.append({
        "id": f"grad {op} {dtype}{list(xa.shape)}", "family": "grad", "op": op, "args": [enc(xa, dtype)], "dtypes": [dtype],
        "shapes": [list(xa.shape)], "kwargs": {}, "expected": enc(g, dtype), "expectedShape": list(g.shape),
        "expectedDtype": dtype, "tol": {"rtol": rtol, "atol": atol},
    })


def grad_cases():
    # The names are the keys of GRADS in test/np/cumulative.test.ts and statistics.test.ts.
    for dt in FLOATS:
        grad_case("cumsum axis 1", M, dt, lambda t: jnp.cumsum(t, axis=1))
        grad_case("cumsum reverse", M, dt, lambda t: lax.cumsum(t, axis=1, reverse=True))
        grad_case("cumprod with zero", ZERO, dt, lambda t: jnp.cumprod(t, axis=1))
        grad_case("cumprod two zeros", [[0.0, 2.0, 0.0, 3.0, 1.5]], dt, lambda t: lax.cumprod(t, axis=1, reverse=True))
        grad_case("cummax ties", TIES, dt, lambda t: lax.cummax(t, axis=1))
        grad_case("cummin ties reverse", TIES, dt, lambda t: lax.cummin(t, axis=1, reverse=True))
        grad_case("cumlogsumexp", M, dt, lambda t: lax.cumlogsumexp(t, axis=1))
        grad_case("cumlogsumexp -inf", [[-INF, 0.0, -INF, 1.0]], dt, lambda t: lax.cumlogsumexp(t, axis=1))
        grad_case("cumlogsumexp ties", [[2.0, 2.0, 2.0]], dt, lambda t: lax.cumlogsumexp(t, axis=1))
        grad_case("var", M, dt, lambda t: jnp.var(t, axis=1))
        grad_case("std ddof 1", M, dt, lambda t: jnp.std(t, axis=0, ddof=1))
        grad_case("average weights", M, dt, lambda t: jnp.average(t, axis=1, weights=jnp.array([1.0, 2.0, 0.5], t.dtype)))
        grad_case("nanvar", M_NAN, dt, lambda t: jnp.nanvar(jnp.where(jnp.isnan(t), jnp.nan, t), axis=1))
        grad_case("trapezoid", M, dt, lambda t: jnp.trapezoid(t, x=jnp.array([0.0, 1.0, 3.0], t.dtype)))
        grad_case("diff", M, dt, lambda t: jnp.diff(t, n=2, prepend=0.0))
    # Second order: the gradient of the gradient's weighted sum.
    for dt in FLOATS:
        for op, fn in (
            ("hessian cumprod", lambda t: jnp.cumprod(t, axis=1)),
            ("hessian cumlogsumexp", lambda t: lax.cumlogsumexp(t, axis=1)),
            ("hessian std", lambda t: jnp.std(t, axis=1)),
        ):
            xa = np.asarray(ZERO if op == "hessian cumprod" else M, dtype=dt)

            def first(t, fn=fn):
                out = fn(t)
                w = jnp.arange(1, out.size + 1, dtype=out.dtype).reshape(out.shape) / out.size
                return jnp.sum(w * out)

            def second(t, first=first):
                g = jax.grad(first)(t)
                w = jnp.arange(1, g.size + 1, dtype=g.dtype).reshape(g.shape)
                return jnp.sum(w * g)

            g2 = np.asarray(jax.grad(second)(jnp.asarray(xa)))
            rtol, atol = (1e-10, 1e-10) if dt == "float64" else (1e-4, 1e-4)
            CASES.append({
                "id": f"{op} {dt}{list(xa.shape)}", "family": "grad", "op": op, "args": [enc(xa, dt)], "dtypes": [dt],
                "shapes": [list(xa.shape)], "kwargs": {}, "expected": enc(g2, dt), "expectedShape": list(g2.shape),
                "expectedDtype": dt, "tol": {"rtol": rtol, "atol": atol},
            })


def main():
    cumulative_cases()
    statistics_cases()
    grad_cases()
    out = {"generator": "scripts/gen-statistics.py", "jax": jax.__version__, "numpy": np.__version__, "cases": CASES}
    path = ROOT / "test" / "fixtures" / "statistics.json"
    path.write_text(json.dumps(out, indent=1, allow_nan=False) + "\n")
    print(f"wrote {len(CASES)} cases to {path}")


if __name__ == "__main__":
    main()
