#!/usr/bin/env python3
"""
Generates test/fixtures/window.json: expected values and gradients of windowed reductions
(jax.lax.reduce_window with lax.add / lax.max / lax.min) and of Flax's pooling (flax.linen.max_pool,
avg_pool), computed by JAX on CPU. test/lax/window.test.ts and test/nn/pooling.test.ts only read the
JSON. Re-run after changing a case (needs numpy and jax; flax is optional):

    python3 scripts/gen-window.py

Each "reduce_window" case is { id, op ("add" | "max" | "min"), dtype, x, init, windowDimensions,
windowStrides, padding ("SAME" | "VALID" | [[lo, hi], ...]), baseDilation, windowDilation, out,
weights?, grad?, gradVia?, tangent?, jvp? }:
- x, out, weights, grad, tangent, jvp are { shape, data } (data flattened, row-major);
- grad is d/dx of sum(weights * reduce_window(x)). gradVia says how JAX computed it: "vjp" (jax.grad:
  select_and_scatter_add for max/min) or "jvp" (jax.jacfwd: select_and_gather_add), used where JAX's
  reverse mode raises (max/min with window dilation; an init that is not the identity);
- jvp is the tangent of reduce_window at x along `tangent` (jax.jvp).
Each "pool" case is { id, op ("max_pool" | "avg_pool"), dtype, x, windowShape, strides, padding,
countIncludePad?, out, weights, grad }, grad as above.
NaN and +-inf are the strings "nan", "inf", "-inf"; float32 values the shortest decimal that reads
back as the same float32 (scripts/fixture_encoding.py).

Flax pooling: if flax is installed its functions are called (and checked against the reproduction
below); otherwise flax.linen.pooling's semantics are reproduced with lax.reduce_window: unit windows
over the batch dims and the features, a batch of one added to an unbatched input.
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

try:
    import flax.linen as flax_nn  # noqa: E402
except ImportError:  # the reproduction below is used alone
    flax_nn = None

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test" / "fixtures" / "window.json"
NPDT = {"float32": np.float32, "float64": np.float64, "int32": np.int32}
OPS = {"add": lax.add, "max": lax.max, "min": lax.min}
RNG = np.random.default_rng(11)


def enc_tensor(arr, dtype):
    arr = np.asarray(arr)
    flat = arr.reshape(-1).tolist()
    if dtype in ("float32", "float64"):
        data = [enc_float(v, dtype) for v in flat]
    else:
        data = [int(v) for v in flat]
    return {"shape": list(arr.shape), "data": data}


def values(shape, dtype, kind="random"):
    """Test data: 'random' (few ties), 'ties' (values from {0, 1, 2}: many ties), 'ones' (all tied)."""
    n = int(np.prod(shape))
    if kind == "ones":
        v = np.ones(n)
    elif kind == "ties":
        v = RNG.integers(0, 3, n).astype(np.float64)
    elif dtype == "int32":
        v = RNG.integers(-20, 20, n)
    else:
        v = np.round(RNG.normal(size=n), 3)
    return np.asarray(v, dtype=NPDT[dtype]).reshape(shape)


def grad_by_jvp(loss, x):
    """d loss / dx by one jax.jvp per element (jacfwd's vmap is missing for generic reduce_window)."""
    flat = np.zeros(x.size, dtype=x.dtype)
    for i in range(x.size):
        e = np.zeros(x.size, dtype=x.dtype)
        e[i] = 1
        flat[i] = jax.jvp(loss, (x,), (jnp.asarray(e.reshape(x.shape)),))[1]
    return flat.reshape(x.shape)


def reduce_window_case(id_, op, dtype, shape, window, strides=None, padding="VALID", base=None, wdil=None,
                       init=None, kind="random", x=None, grad=True, jvp=False):
    rank = len(shape)
    strides = strides or [1] * rank
    base = base or [1] * rank
    wdil = wdil or [1] * rank
    if x is None:
        x = values(shape, dtype, kind)
    x = jnp.asarray(x, dtype=NPDT[dtype])
    if init is None:
        init = {"add": 0, "max": -np.inf, "min": np.inf}[op]
        if dtype == "int32" and op != "add":
            init = int(np.iinfo(np.int32).min if op == "max" else np.iinfo(np.int32).max)
    pad_arg = padding if isinstance(padding, str) else [tuple(p) for p in padding]

    def f(x):
        return lax.reduce_window(x, jnp.asarray(init, dtype=x.dtype), OPS[op], tuple(window), tuple(strides), pad_arg,
                                 tuple(base), tuple(wdil))

    out = f(x)
    case = {
        "id": id_, "op": op, "dtype": dtype, "x": enc_tensor(x, dtype),
        "init": enc_float(init, "float64") if dtype != "int32" else int(init),
        "windowDimensions": list(window), "windowStrides": list(strides),
        "padding": padding if isinstance(padding, str) else [list(p) for p in padding],
        "baseDilation": list(base), "windowDilation": list(wdil), "out": enc_tensor(out, dtype),
    }
    if grad and dtype != "int32":
        w = jnp.asarray(np.round(RNG.uniform(0.5, 1.5, out.shape), 3), dtype=x.dtype)
        loss = lambda x: jnp.sum(w * f(x))  # noqa: E731
        try:
            g, via = jax.grad(loss)(x), "vjp"
        except (NotImplementedError, ValueError):
            # JAX's reverse mode is missing for max/min with window dilation (select_and_gather_add
            # has no transpose then) and for an init that is not the identity (generic reduce_window).
            g, via = grad_by_jvp(loss, x), "jvp"
        case.update({"weights": enc_tensor(w, dtype), "grad": enc_tensor(g, dtype), "gradVia": via})
    if jvp:
        t = jnp.asarray(np.round(RNG.normal(size=x.shape), 3), dtype=x.dtype)
        _, jt = jax.jvp(f, (x,), (t,))
        case.update({"tangent": enc_tensor(t, dtype), "jvp": enc_tensor(jt, dtype)})
    return case


# ---- Flax pooling, reproduced --------------------------------------------------------------------

def pool_reproduced(x, init, fn, window_shape, strides, padding):
    """flax.linen.pooling.pool: unit windows on batch dims and features; an unbatched input gets a batch of one."""
    nb = x.ndim - (len(window_shape) + 1)
    strides = tuple(strides or (1,) * len(window_shape))
    dims = (1,) * nb + tuple(window_shape) + (1,)
    strides = (1,) * nb + strides + (1,)
    single = nb == 0
    if single:
        x, dims, strides = x[None], (1,) + dims, (1,) + strides
    if not isinstance(padding, str):
        padding = ((0, 0),) * (x.ndim - len(window_shape) - 1) + tuple(map(tuple, padding)) + ((0, 0),)
    y = lax.reduce_window(x, init, fn, dims, strides, padding)
    return y[0] if single else y


def max_pool_reproduced(x, window_shape, strides=None, padding="VALID"):
    return pool_reproduced(x, -jnp.inf, lax.max, window_shape, strides, padding)


def avg_pool_reproduced(x, window_shape, strides=None, padding="VALID", count_include_pad=True):
    y = pool_reproduced(x, 0.0, lax.add, window_shape, strides, padding)
    if count_include_pad:
        return y / np.prod(window_shape)
    div_shape = x.shape[:-1] + (1,)
    if len(div_shape) - 2 == len(window_shape):
        div_shape = (1,) + div_shape[1:]
    return y / pool_reproduced(jnp.ones(div_shape, x.dtype), 0.0, lax.add, window_shape, strides, padding)


def pool_case(id_, op, dtype, shape, window, strides=None, padding="VALID", count_include_pad=None, kind="random"):
    x = jnp.asarray(values(shape, dtype, kind))
    pad_arg = padding if isinstance(padding, str) else [tuple(p) for p in padding]
    kw = {} if count_include_pad is None else {"count_include_pad": count_include_pad}
    strides_arg = None if strides is None else tuple(strides)

    def ours(x):
        if op == "max_pool":
            return max_pool_reproduced(x, tuple(window), strides_arg, pad_arg)
        return avg_pool_reproduced(x, tuple(window), strides_arg, pad_arg, **kw)

    f = ours
    if flax_nn is not None and len(shape) >= len(window) + 1:
        def f(x):  # noqa: E306
            if op == "max_pool":
                return flax_nn.max_pool(x, tuple(window), strides_arg, pad_arg)
            return flax_nn.avg_pool(x, tuple(window), strides_arg, pad_arg, **kw)
        # The explicit-pairs form of Flax supports one batch dim or none; the reproduction any.
        np.testing.assert_allclose(np.asarray(f(x)), np.asarray(ours(x)), rtol=1e-6)
    out = f(x)
    w = jnp.asarray(np.round(RNG.uniform(0.5, 1.5, out.shape), 3), dtype=x.dtype)
    g = jax.grad(lambda x: jnp.sum(w * f(x)))(x)
    case = {
        "id": id_, "op": op, "dtype": dtype, "x": enc_tensor(x, dtype), "windowShape": list(window),
        "strides": None if strides is None else list(strides),
        "padding": padding if isinstance(padding, str) else [list(p) for p in padding],
        "out": enc_tensor(out, dtype), "weights": enc_tensor(w, dtype), "grad": enc_tensor(g, dtype),
    }
    if count_include_pad is not None:
        case["countIncludePad"] = count_include_pad
    return case


def main():
    rw = []
    for dt in ("float32", "float64"):
        s = "f32" if dt == "float32" else "f64"
        for op in ("add", "max", "min"):
            rw += [
                reduce_window_case(f"1d-{op}-valid-{s}", op, dt, [7], [3], jvp=True),
                reduce_window_case(f"1d-{op}-same-stride2-{s}", op, dt, [7], [3], [2], "SAME"),
                reduce_window_case(f"1d-{op}-pairs-{s}", op, dt, [6], [2], [3], [[2, 1]]),
                reduce_window_case(f"1d-{op}-base-dilation-{s}", op, dt, [5], [3], [1], [[1, 2]], base=[2]),
                reduce_window_case(f"1d-{op}-window-dilation-{s}", op, dt, [9], [3], [2], "SAME", wdil=[2], jvp=True),
                reduce_window_case(f"2d-{op}-same-stride2-{s}", op, dt, [5, 6], [3, 3], [2, 2], "SAME", jvp=True),
                reduce_window_case(f"2d-{op}-all-dilations-{s}", op, dt, [4, 5], [2, 2], [2, 1], [[1, 0], [0, 2]],
                                   base=[2, 1], wdil=[1, 2]),
                reduce_window_case(f"3d-{op}-{s}", op, dt, [3, 4, 5], [2, 2, 3], [1, 2, 2], "VALID"),
                reduce_window_case(f"3d-{op}-same-lower-{s}", op, dt, [3, 4, 3], [2, 3, 2], [2, 1, 2], "SAME_LOWER"),
            ]
        # Ties: JAX gives each window's cotangent (and tangent) to its first extremum in row-major order.
        for op in ("max", "min"):
            rw += [
                reduce_window_case(f"ties-ones-2d-{op}-{s}", op, dt, [4, 4], [2, 2], [1, 1], "VALID", kind="ones", jvp=True),
                reduce_window_case(f"ties-2d-{op}-same-{s}", op, dt, [5, 5], [3, 3], [2, 2], "SAME", kind="ties"),
                reduce_window_case(f"ties-2d-{op}-window-dilation-{s}", op, dt, [6, 6], [2, 2], [1, 1], "VALID",
                                   wdil=[2, 2], kind="ties", jvp=True),
                reduce_window_case(f"ties-3d-{op}-{s}", op, dt, [3, 3, 4], [2, 2, 2], [1, 1, 2], "SAME", kind="ties"),
            ]
        # An init that is not the identity is combined once per window (padding never counts as init).
        rw += [
            reduce_window_case(f"init-add-{s}", "add", dt, [3], [2], [1], [[1, 1]], init=10.0, x=[1, 2, 3]),
            reduce_window_case(f"init-add-base-dilation-{s}", "add", dt, [3], [2], [1], [[0, 0]], base=[2], init=10.0,
                               x=[1, 2, 3]),
            reduce_window_case(f"init-max-{s}", "max", dt, [4], [2], [1], [[1, 1]], init=2.5, x=[1, 2, 3, 4]),
            reduce_window_case(f"init-min-{s}", "min", dt, [4], [2], [2], "SAME", init=0.5, x=[1, -2, 3, 0.25]),
            # Windows of -inf only: the cotangent goes to the first tap (a padding tap drops it).
            reduce_window_case(f"neg-inf-max-{s}", "max", dt, [3], [2], [1], [[1, 1]], x=[-np.inf, -np.inf, 1.0]),
            # NaN propagates through max and min.
            reduce_window_case(f"nan-max-{s}", "max", dt, [4], [2], [1], "VALID", x=[1.0, np.nan, 2.0, 3.0], grad=False),
            reduce_window_case(f"nan-min-{s}", "min", dt, [4], [2], [1], "VALID", x=[1.0, np.nan, 2.0, 3.0], grad=False),
        ]
    rw += [
        reduce_window_case("int32-add", "add", "int32", [4, 5], [2, 3], [1, 2], "SAME"),
        reduce_window_case("int32-max", "max", "int32", [4, 5], [2, 2], [2, 2], "SAME"),
        reduce_window_case("int32-min", "min", "int32", [6], [3], [1], [[1, 1]], base=[2]),
    ]

    pools = []
    for dt in ("float32", "float64"):
        s = "f32" if dt == "float32" else "f64"
        pools += [
            pool_case(f"max-1d-{s}", "max_pool", dt, [2, 7, 3], [3], [2]),
            pool_case(f"max-2d-valid-{s}", "max_pool", dt, [2, 5, 6, 3], [2, 2], [2, 2]),
            pool_case(f"max-2d-same-{s}", "max_pool", dt, [2, 5, 6, 3], [3, 3], [2, 2], "SAME"),
            pool_case(f"max-2d-pairs-{s}", "max_pool", dt, [1, 4, 4, 2], [2, 2], [1, 1], [[1, 0], [0, 1]]),
            pool_case(f"max-2d-ties-{s}", "max_pool", dt, [2, 4, 4, 2], [2, 2], [1, 1], "VALID", kind="ties"),
            pool_case(f"max-2d-ties-same-{s}", "max_pool", dt, [1, 5, 5, 2], [3, 3], [2, 2], "SAME", kind="ties"),
            pool_case(f"max-3d-{s}", "max_pool", dt, [1, 4, 4, 3, 2], [2, 2, 2], [2, 2, 1], "SAME"),
            pool_case(f"max-unbatched-{s}", "max_pool", dt, [5, 6, 3], [2, 3], [1, 2]),
            pool_case(f"max-default-strides-{s}", "max_pool", dt, [1, 4, 5, 1], [2, 2]),
            pool_case(f"avg-1d-{s}", "avg_pool", dt, [2, 7, 3], [3], [2]),
            pool_case(f"avg-2d-same-{s}", "avg_pool", dt, [2, 5, 6, 3], [3, 3], [2, 2], "SAME"),
            pool_case(f"avg-2d-same-exclude-pad-{s}", "avg_pool", dt, [2, 5, 6, 3], [3, 3], [2, 2], "SAME", False),
            pool_case(f"avg-2d-pairs-exclude-pad-{s}", "avg_pool", dt, [1, 4, 4, 2], [2, 2], [1, 1], [[1, 1], [0, 1]], False),
            pool_case(f"avg-3d-{s}", "avg_pool", dt, [1, 4, 4, 3, 2], [2, 2, 2], [2, 2, 1], "SAME"),
            pool_case(f"avg-unbatched-exclude-pad-{s}", "avg_pool", dt, [5, 6, 3], [2, 3], [2, 2], "SAME", False),
        ]
    OUT.write_text(json.dumps({"jax": jax.__version__, "flax": None if flax_nn is None else __import__("flax").__version__,
                               "reduce_window": rw, "pool": pools}, indent=None, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({len(rw)} reduce_window cases, {len(pools)} pool cases)")


if __name__ == "__main__":
    main()
