#!/usr/bin/env python3
"""
Generates test/fixtures/jax-edges.json: values and derivatives computed by JAX itself at the points
where a derivative rule has an edge (0 and -0, ties, +-inf, NaN, overflow ranges, empty axes), for
every fluxion function whose JAX form is a `select`, a `custom_jvp` or a stable rewrite. The test
test/ad/jax-edges.test.ts only reads the committed JSON; it never runs python. Re-run after changing
a case (needs `pip install jax`):

    python3 scripts/gen-jax-edges.py

Each case is
    { id, op, dtype, args, shapes, weights, value, grads, tangents, jvps, grad2, tol }
with the function f = op(*args) (args[i] a tensor of `dtype` and shape `shapes[i]`) and
- value:    f(*args), flattened;
- grads:    grads[i] = d/d args[i] of L = sum(weights * f(*args)), flattened (weights are ones for
            elementwise ops; distinct values for the reductions so each output is weighed apart);
- jvps:     jvps[i] = the forward derivative of f along tangents[i] on args[i] (zeros elsewhere);
- grad2:    for unary elementwise ops, d/dx sum(f'(x)) (the second derivative), else null.
NaN and +-inf are encoded as the strings "nan", "inf", "-inf" (as scripts/gen-fixtures.py does);
float32 values are written as the shortest decimal that reads back as the same float32.

Everything is computed in the case's dtype (float64 with jax_enable_x64), on CPU, by JAX's own
rules: jax.nn.relu (custom_jvp, a select on x > 0), jax.nn.softplus (logaddexp's custom_jvp),
jax.nn.softmax (custom_jvp), log_softmax and logsumexp (stop_gradient on the max), lax.max/min
(ties and NaN by `_balanced_eq`), reduce_max/min (ties averaged), pow (select on y == 0 for an
integer exponent), tanh ((1 + y)(1 - y)) and so on.
"""
import json
import math
from pathlib import Path

import jax

jax.config.update("jax_enable_x64", True)
jax.config.update("jax_platforms", "cpu")

import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
from fixture_encoding import enc_float  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test" / "fixtures" / "jax-edges.json"

NPDT = {"float32": np.float32, "float64": np.float64, "int32": np.int32}
# |got - want| <= atol + rtol |want|: rtol 1e-12 (float64) and 1e-6 (float32, ~8 ulps), and an
# absolute floor of ~5-8 ulps of 1, because a derivative is often a difference of O(1) terms whose
# rounding is absolute: tanh'(10) = (1 + y)(1 - y) with y = tanh(10) = 1 - 4e-9 moves by 2.7e-8
# relative when y moves by its last ulp (fluxion's and XLA's tanh may differ there by one ulp), and a
# float32 softmax gradient w_i - y_i sum(w) of 1e-3 carries the 1e-7 rounding of its O(1) terms.
TOL = {"float64": {"rtol": 1e-12, "atol": 1e-15}, "float32": {"rtol": 1e-6, "atol": 5e-7}}

INF, NAN = math.inf, math.nan
# Points of the unary elementwise ops: the kinks (0, -0), half-integers (round), the ranges where
# exp over/underflows or tanh saturates, and the IEEE specials.
UNARY_POINTS = [0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 1.5, 2.5, -2.5, 1e-8, 10.0, -10.0, 30.0, -30.0,
                100.0, -100.0, 1000.0, -1000.0, INF, -INF, NAN]
# Operands of the binary ops: every pair of these.
BINARY_POINTS = [0.0, -0.0, 1.0, -1.0, 2.0, 0.5, INF, -INF, NAN]


def enc(a, dtype):
    a = np.asarray(a)
    if dtype == "int32":
        return [int(v) for v in a.astype(np.int64).ravel()]
    out_dtype = "float32" if a.dtype == np.float32 else "float64"
    return [enc_float(v, out_dtype) for v in a.astype(np.float64).ravel()]


CASES = []


def add(op, dtype, f, args, weights=None, tangents=None, arg_dtypes=None, second=False, diff=None):
    """Evaluates f(*args) with JAX and records its value, gradients, jvps (and second derivative).

    `diff` lists the argument indices that are differentiated (default: all float ones).
    """
    arg_dtypes = arg_dtypes or [dtype] * len(args)
    xs = [jnp.asarray(np.asarray(a, dtype=NPDT[d])) for a, d in zip(args, arg_dtypes)]
    diff = diff if diff is not None else [i for i, d in enumerate(arg_dtypes) if d != "int32"]
    out = f(*xs)
    w = jnp.ones(out.shape, out.dtype) if weights is None else jnp.asarray(np.asarray(weights, dtype=out.dtype))

    def loss(*ys):
        return jnp.sum(w * f(*ys))

    grads = [None] * len(xs)
    if diff:
        gs = jax.grad(loss, argnums=tuple(diff))(*xs)
        for i, g in zip(diff, gs):
            grads[i] = enc(g, dtype)
    tans = [None] * len(xs)
    jvps = [None] * len(xs)
    for i in diff:
        t = np.ones(xs[i].shape) if tangents is None else np.asarray(tangents[i])
        t = jnp.asarray(t.astype(NPDT[dtype]))
        tans[i] = enc(t, dtype)

        def along(y, i=i):
            return f(*[y if j == i else x for j, x in enumerate(xs)])

        jvps[i] = enc(jax.jvp(along, (xs[i],), (t,))[1], dtype)
    grad2 = None
    if second:
        d1 = jax.grad(lambda y: jnp.sum(f(y)))
        grad2 = [enc(jax.grad(lambda y: jnp.sum(d1(y)))(xs[0]), dtype)]
    CASES.append({
        "id": f"{op}/{dtype}",
        "op": op,
        "dtype": dtype,
        "args": [enc(x, d) for x, d in zip(xs, arg_dtypes)],
        "argDtypes": arg_dtypes,
        "shapes": [list(x.shape) for x in xs],
        "weights": None if weights is None else enc(w, dtype),
        "value": enc(out, dtype),
        "valueShape": list(out.shape),
        "grads": grads,
        "tangents": tans,
        "jvps": jvps,
        "grad2": grad2,
        "tol": TOL[dtype],
    })


def pairs(points):
    a = [p for p in points for _ in points]
    b = [q for _ in points for q in points]
    return a, b


def where_log(x):
    return jnp.where(x > 0, jnp.log(x), 0.0)


def where_log_safe(x):
    return jnp.where(x > 0, jnp.log(jnp.where(x > 0, x, 1.0)), 0.0)


UNARY = {
    "abs": jnp.abs,
    "sign": jnp.sign,
    "relu": jax.nn.relu,
    "softplus": jax.nn.softplus,
    "sigmoid": jax.nn.sigmoid,
    "gelu": lambda x: jax.nn.gelu(x, approximate=True),
    "tanh": jnp.tanh,
    "exp": jnp.exp,
    "expm1": jnp.expm1,
    "log": jnp.log,
    "log1p": jnp.log1p,
    "sqrt": jnp.sqrt,
    "floor": jnp.floor,
    "ceil": jnp.ceil,
    "round": jnp.round,
    "square": jnp.square,
    "reciprocal": jnp.reciprocal,
    "pow0": lambda x: jnp.power(x, 0),
    "pow1": lambda x: jnp.power(x, 1),
    "pow2": lambda x: jnp.power(x, 2),
    "pow3": lambda x: jnp.power(x, 3),
    "pow-1": lambda x: jnp.power(x, -1),
    "pow-2": lambda x: jnp.power(x, -2),
    "whereRelu": lambda x: jnp.where(x > 0, x, 0.0),
    "whereLog": where_log,
    "whereLogSafe": where_log_safe,
    "clipConst": lambda x: jnp.clip(x, -1.0, 1.0),
}

BINARY = {
    "maximum": jnp.maximum,
    "minimum": jnp.minimum,
    "pow": jnp.power,
    "mod": jnp.mod,
    "div": jnp.divide,
    "mul": jnp.multiply,
}

# Rows of the reductions over the last axis: plain, ties (also +0 with -0), NaN, +-inf,
# entries that overflow exp, an all -inf row.
ROWS = [
    [1.0, 3.0, 2.0, 0.0],
    [3.0, 3.0, 1.0, 0.0],
    [2.0, 2.0, 2.0, 2.0],
    [0.0, -0.0, -1.0, -2.0],
    [1.0, NAN, 3.0, 0.0],
    [INF, 1.0, INF, 0.0],
    [INF, 1.0, 2.0, 0.0],
    [-INF, 1.0, -INF, 0.0],
    [-INF, -INF, -INF, -INF],
    [-INF, INF, 0.0, 0.0],
    [1000.0, 1000.0, -1000.0, 0.0],
    [100.0, -100.0, 30.0, -30.0],
]
ROW_WEIGHTS = [1.0, 2.0, -1.0, 0.5]
ROW_TANGENTS = [1.0, -2.0, 3.0, 0.25]
PROD_ROWS = [
    [1.0, 2.0, 3.0, 4.0],
    [0.0, 2.0, 3.0, 4.0],
    [0.0, 0.0, 3.0, 4.0],
    [INF, 0.0, 1.0, 2.0],
    [NAN, 1.0, 2.0, 3.0],
    [-0.0, INF, -INF, 2.0],
]


def last_axis(fn):
    return lambda x: fn(x, axis=-1)


REDUCE = {
    "max": last_axis(jnp.max),
    "min": last_axis(jnp.min),
    "logsumexp": last_axis(jax.nn.logsumexp),
    "softmax": last_axis(jax.nn.softmax),
    "logSoftmax": last_axis(jax.nn.log_softmax),
}


def rows_weights(shape, fn_out_ndim):
    rows = shape[0]
    if fn_out_ndim == 1:
        return [ROW_WEIGHTS[i % 4] for i in range(rows)]
    return [ROW_WEIGHTS for _ in range(rows)]


def main():
    for dtype in ("float32", "float64"):
        for op, f in UNARY.items():
            add(op, dtype, f, [UNARY_POINTS], second=True)

        a, b = pairs(BINARY_POINTS)
        for op, f in BINARY.items():
            add(op, dtype, f, [a, b])
        # A float base with an int32 exponent tensor: JAX's pow rule selects 0 for y == 0.
        ia, ib = pairs(BINARY_POINTS)
        ints = [0, 1, 2, -1, 3, 0, -2, 1, 0]
        ib = [ints[i % len(ints)] for i in range(len(ia))]
        add("powIntExponent", dtype, jnp.power, [ia, ib], arg_dtypes=[dtype, "int32"])
        # clip with tensor bounds: ties with each bound, lo == hi, lo > hi, NaN in each place.
        cx = [-2.0, -1.0, 0.0, 1.0, 2.0, 0.0, 0.5, NAN, 0.0, 0.0, INF, -INF, 0.5]
        clo = [-1.0, -1.0, -1.0, -1.0, -1.0, 0.0, 1.0, -1.0, NAN, -1.0, -1.0, -1.0, 0.5]
        chi = [1.0, 1.0, 1.0, 1.0, 1.0, 0.0, -1.0, 1.0, 1.0, NAN, 1.0, 1.0, 0.5]
        add("clip", dtype, jnp.clip, [cx, clo, chi])

        for op, f in REDUCE.items():
            out_ndim = 1 if op in ("max", "min", "logsumexp") else 2
            shape = (len(ROWS), 4)
            add(op, dtype, f, [ROWS], weights=rows_weights(shape, out_ndim),
                tangents=[[ROW_TANGENTS for _ in ROWS]])
        add("prod", dtype, last_axis(jnp.prod), [PROD_ROWS],
            weights=[ROW_WEIGHTS[i % 4] for i in range(len(PROD_ROWS))],
            tangents=[[ROW_TANGENTS for _ in PROD_ROWS]])

        # Empty axes: softmax / logSoftmax of shape [0] and [2, 0]; logsumexp over an empty axis.
        for op in ("softmax", "logSoftmax", "logsumexp"):
            for shape in ((0,), (2, 0)):
                x = np.zeros(shape)
                add(f"{op}Empty{len(shape)}d", dtype, REDUCE[op], [x])

    doc = {
        "generator": "scripts/gen-jax-edges.py",
        "jax": jax.__version__,
        "cases": CASES,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, separators=(",", ":"), allow_nan=False) + "\n")
    print(f"wrote {len(CASES)} cases to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
