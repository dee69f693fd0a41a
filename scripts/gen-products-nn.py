#!/usr/bin/env python3
"""
Generates test/fixtures/products-nn.json: expected values for np's products (inner, vdot, vecdot,
matvec, vecmat, tensordot, cross, kron, trace), construction functions (fullLike, diag, tri, tril,
indices, meshgrid, logspace, geomspace, fromfunction, vander, the windows…), polynomials (polyval,
polyadd, polysub, polymul, polyder, polyint, convolve, correlate) and nn (every activation with its
first and second derivative at and around its kinks, glu, logmeanexp, standardize, oneHot,
dotProductAttention with and without masks, bias, scale, causal, local windows, sequence lengths
and grouped heads, and its gradients). The tests (test/np/products.test.ts, construct.test.ts,
polynomial.test.ts, test/nn/*.test.ts) only read the committed JSON. Re-run after changing a case
(needs numpy and jax):

    python3 scripts/gen-products-nn.py

Each case is { id, family, op, args, kwargs, expected, expectedShape, expectedDtype, tol, grads? }:
- args[i] is { "dtype", "shape", "data" } (a tensor, data flattened) or { "value" } (a JS value);
- expected is the flattened result; a function returning several arrays gives a list of
  { expected, expectedShape, expectedDtype } in "outputs" instead;
- grads (when present) are d/d args[i] of sum(weights * f(args)) for the float arguments, with
  the weights in "weights"; for the elementwise activations "d1" and "d2" are the first and second
  derivatives at each point (JAX's vmap(grad) and vmap(grad(grad))).
NaN and +-inf are the strings "nan", "inf", "-inf"; float32 values the shortest decimal that reads
back as the same float32 (scripts/fixture_encoding.py).

Values come from JAX (jax_enable_x64, CPU) computing in the case's dtype, except where a fluxion
function computes once in float64 and rounds (the windows, logspace, geomspace: numpy in float64,
rounded to the result dtype, so the expectation is the correctly rounded value rather than JAX's
float32 arithmetic).
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
OUT = ROOT / "test" / "fixtures" / "products-nn.json"

NPDT = {"float32": np.float32, "float64": np.float64, "int32": np.int32, "bool": np.bool_}
# |got - want| <= atol + rtol |want|. Products and convolutions sum in another order than XLA:
# a few ulps of the largest term, hence the absolute floor.
TOL = {
    "float32": {"rtol": 2e-6, "atol": 2e-6},
    "float64": {"rtol": 1e-12, "atol": 1e-12},
    "int32": {"rtol": 0, "atol": 0},
    "bool": {"rtol": 0, "atol": 0},
}
INF, NAN = math.inf, math.nan
RNG = np.random.RandomState(0)

CASES = []


def dtype_name(a):
    a = np.asarray(a)
    if a.dtype == np.bool_:
        return "bool"
    if a.dtype in (np.int32, np.int64):
        return "int32"
    return "float32" if a.dtype == np.float32 else "float64"


def enc(a):
    a = np.asarray(a)
    d = dtype_name(a)
    if d == "bool":
        return [bool(v) for v in a.ravel()]
    if d == "int32":
        return [int(v) for v in a.astype(np.int64).ravel()]
    return [enc_float(v, d) for v in a.astype(np.float64).ravel()]


def tensor(data, dtype):
    a = np.asarray(data, dtype=NPDT[dtype])
    return {"dtype": dtype, "shape": list(a.shape), "data": enc(a)}


def rand(shape, dtype, lo=-2.0, hi=2.0):
    if dtype == "int32":
        return RNG.randint(-4, 5, size=shape).astype(np.int32)
    if dtype == "bool":
        return RNG.rand(*shape) > 0.4
    return RNG.uniform(lo, hi, size=shape).astype(NPDT[dtype])


def to_jax(arg):
    if "value" in arg:
        return arg["value"]
    return jnp.asarray(np.asarray(decode_list(arg["data"]), dtype=NPDT[arg["dtype"]]).reshape(arg["shape"]))


def decode_list(xs):
    return [(NAN if v == "nan" else INF if v == "inf" else -INF if v == "-inf" else v) for v in xs]


def result(out, dtype=None):
    a = np.asarray(out)
    d = dtype or dtype_name(a)
    if dtype is not None:
        a = a.astype(NPDT[dtype])
    return {"expected": enc(a), "expectedShape": list(a.shape), "expectedDtype": d}


def add(family, op, id_, args, kwargs, out, tol=None, dtype=None, **extra):
    case = {"id": f"{family}/{id_}", "family": family, "op": op, "args": args, "kwargs": kwargs}
    if isinstance(out, (list, tuple)):
        case["outputs"] = [result(o, dtype) for o in out]
        d = case["outputs"][0]["expectedDtype"]
    else:
        case.update(result(out, dtype))
        d = case["expectedDtype"]
    case["tol"] = tol or TOL[d]
    case.update(extra)
    CASES.append(case)


def jax_case(family, op, id_, f, args, kwargs=None, tol=None, grad_of=None, dtype=None):
    """Records f(*args) computed by JAX; with grad_of, also the gradients of sum(w * f) for those args."""
    xs = [to_jax(a) for a in args]
    out = f(*xs)
    extra = {}
    if grad_of:
        w = jnp.asarray(rand(out.shape, dtype_name(out), 0.5, 1.5))

        def loss(*ys):
            full = list(xs)
            for i, y in zip(grad_of, ys):
                full[i] = y
            return jnp.sum(w * f(*full))

        gs = jax.grad(loss, argnums=tuple(range(len(grad_of))))(*[xs[i] for i in grad_of])
        extra["weights"] = enc(w)
        extra["grads"] = {str(i): enc(g) for i, g in zip(grad_of, gs)}
    add(family, op, id_, args, kwargs or {}, out, tol=tol, dtype=dtype, **extra)


# ---- products ------------------------------------------------------------------------------

def products():
    F = "products"
    for dt in ["float32", "float64", "int32"]:
        t = lambda *s: tensor(rand(s, dt), dt)  # noqa: E731
        gd = None if dt == "int32" else [0, 1]
        jax_case(F, "inner", f"inner-1d/{dt}", jnp.inner, [t(3), t(3)], grad_of=gd)
        jax_case(F, "inner", f"inner-2d/{dt}", jnp.inner, [t(2, 3), t(4, 3)], grad_of=gd)
        jax_case(F, "inner", f"inner-0d/{dt}", jnp.inner, [t(), t(2, 3)])
        jax_case(F, "inner", f"inner-empty/{dt}", jnp.inner, [t(2, 0), t(3, 0)])
        jax_case(F, "vdot", f"vdot/{dt}", jnp.vdot, [t(2, 2), t(4)], grad_of=gd)
        jax_case(F, "vdot", f"vdot-empty/{dt}", jnp.vdot, [t(0), t(0, 3)])
        jax_case(F, "vecdot", f"vecdot/{dt}", jnp.vecdot, [t(2, 3), t(3)], grad_of=gd)
        jax_case(F, "vecdot", f"vecdot-axis0/{dt}", lambda a, b: jnp.vecdot(a, b, axis=0), [t(3, 2), t(3, 2)], {"axis": 0})
        jax_case(F, "vecdot", f"vecdot-axis-2/{dt}", lambda a, b: jnp.vecdot(a, b, axis=-2), [t(4, 3, 2), t(3, 2)], {"axis": -2})
        jax_case(F, "vecdot", f"vecdot-broadcast/{dt}", jnp.vecdot, [t(4, 1, 3), t(5, 3)])
        jax_case(F, "matvec", f"matvec/{dt}", jnp.matvec, [t(2, 3), t(3)], grad_of=gd)
        jax_case(F, "matvec", f"matvec-batch/{dt}", jnp.matvec, [t(4, 2, 3), t(4, 3)])
        jax_case(F, "matvec", f"matvec-broadcast/{dt}", jnp.matvec, [t(2, 3), t(5, 3)])
        jax_case(F, "matvec", f"matvec-size1/{dt}", jnp.matvec, [t(1, 1), t(1)])
        jax_case(F, "vecmat", f"vecmat/{dt}", jnp.vecmat, [t(3), t(3, 2)], grad_of=gd)
        jax_case(F, "vecmat", f"vecmat-batch/{dt}", jnp.vecmat, [t(4, 3), t(1, 3, 2)])
        jax_case(F, "tensordot", f"tensordot-2/{dt}", jnp.tensordot, [t(2, 3, 4), t(3, 4, 5)], grad_of=gd)
        jax_case(F, "tensordot", f"tensordot-1/{dt}", lambda a, b: jnp.tensordot(a, b, 1), [t(2, 3), t(3, 4)], {"axes": 1})
        jax_case(F, "tensordot", f"tensordot-0/{dt}", lambda a, b: jnp.tensordot(a, b, 0), [t(2), t(3)], {"axes": 0})
        jax_case(F, "tensordot", f"tensordot-pair/{dt}", lambda a, b: jnp.tensordot(a, b, ([1, 0], [0, 2])),
                 [t(3, 2, 4), t(2, 5, 3)], {"axes": [[1, 0], [0, 2]]})
        jax_case(F, "tensordot", f"tensordot-negative/{dt}", lambda a, b: jnp.tensordot(a, b, ([-1], [0])),
                 [t(2, 3), t(3, 4)], {"axes": [[-1], [0]]})
        jax_case(F, "tensordot", f"tensordot-int-pair/{dt}", lambda a, b: jnp.tensordot(a, b, (1, 0)),
                 [t(2, 3), t(3, 4)], {"axes": [1, 0]})
        jax_case(F, "cross", f"cross-33/{dt}", jnp.cross, [t(3), t(3)], grad_of=gd)
        jax_case(F, "cross", f"cross-22/{dt}", jnp.cross, [t(4, 2), t(2)])
        jax_case(F, "cross", f"cross-23/{dt}", jnp.cross, [t(2), t(4, 3)])
        jax_case(F, "cross", f"cross-32/{dt}", jnp.cross, [t(4, 3), t(2)])
        jax_case(F, "cross", f"cross-axes/{dt}", lambda a, b: jnp.cross(a, b, axisa=0, axisb=1, axisc=0),
                 [t(3, 4), t(4, 3)], {"axisa": 0, "axisb": 1, "axisc": 0})
        jax_case(F, "cross", f"cross-axis/{dt}", lambda a, b: jnp.cross(a, b, axis=0), [t(3, 2), t(3, 2)], {"axis": 0})
        jax_case(F, "kron", f"kron-1d/{dt}", jnp.kron, [t(2), t(3)], grad_of=gd)
        jax_case(F, "kron", f"kron-2d/{dt}", jnp.kron, [t(2, 2), t(2, 3)])
        jax_case(F, "kron", f"kron-ranks/{dt}", jnp.kron, [t(3), t(2, 2)])
        jax_case(F, "kron", f"kron-0d/{dt}", jnp.kron, [t(), t(2)])
        jax_case(F, "trace", f"trace/{dt}", jnp.trace, [t(3, 3)], grad_of=None if dt == "int32" else [0])
        jax_case(F, "trace", f"trace-offset1/{dt}", lambda a: jnp.trace(a, 1), [t(3, 4)], {"offset": 1})
        jax_case(F, "trace", f"trace-offset-1/{dt}", lambda a: jnp.trace(a, -1), [t(3, 4)], {"offset": -1})
        jax_case(F, "trace", f"trace-offset-far/{dt}", lambda a: jnp.trace(a, 7), [t(3, 4)], {"offset": 7})
        jax_case(F, "trace", f"trace-axes/{dt}", lambda a: jnp.trace(a, 1, -1, 0), [t(3, 2, 4)], {"offset": 1, "axis1": -1, "axis2": 0})
        jax_case(F, "trace", f"trace-empty/{dt}", jnp.trace, [t(0, 3)])
    # Specials: NaN and infinities propagate through the contractions.
    s = tensor([1.0, NAN, 2.0], "float32")
    jax_case(F, "inner", "inner-nan/float32", jnp.inner, [s, tensor([1.0, 1.0, 1.0], "float32")])
    jax_case(F, "cross", "cross-inf/float64", jnp.cross, [tensor([INF, 1.0], "float64"), tensor([1.0, 2.0, 3.0], "float64")])
    jax_case(F, "inner", "inner-bool/bool", jnp.inner, [tensor([[True, False], [False, False]], "bool"), tensor([True, True], "bool")])
    jax_case(F, "trace", "trace-bool/bool", jnp.trace, [tensor([[True, False], [True, True]], "bool")])


# ---- construction --------------------------------------------------------------------------

def construct():
    F = "construct"
    for dt in ["float32", "float64", "int32"]:
        t = lambda *s: tensor(rand(s, dt), dt)  # noqa: E731
        jax_case(F, "diag", f"diag-1d/{dt}", jnp.diag, [t(3)], grad_of=None if dt == "int32" else [0])
        jax_case(F, "diag", f"diag-1d-k1/{dt}", lambda v: jnp.diag(v, 1), [t(3)], {"k": 1})
        jax_case(F, "diag", f"diag-1d-k-2/{dt}", lambda v: jnp.diag(v, -2), [t(2)], {"k": -2})
        jax_case(F, "diag", f"diag-2d/{dt}", jnp.diag, [t(3, 4)], grad_of=None if dt == "int32" else [0])
        jax_case(F, "diag", f"diag-2d-k1/{dt}", lambda v: jnp.diag(v, 1), [t(3, 4)], {"k": 1})
        jax_case(F, "diag", f"diag-2d-k-2/{dt}", lambda v: jnp.diag(v, -2), [t(3, 4)], {"k": -2})
        jax_case(F, "diag", f"diag-2d-far/{dt}", lambda v: jnp.diag(v, 9), [t(3, 4)], {"k": 9})
        jax_case(F, "diag", f"diag-empty/{dt}", jnp.diag, [t(0)])
        jax_case(F, "diagflat", f"diagflat/{dt}", lambda v: jnp.diagflat(v, -1), [t(2, 2)], {"k": -1})
        jax_case(F, "tril", f"tril/{dt}", jnp.tril, [t(3, 4)], grad_of=None if dt == "int32" else [0])
        jax_case(F, "tril", f"tril-k1/{dt}", lambda m: jnp.tril(m, 1), [t(2, 3, 3)], {"k": 1})
        jax_case(F, "triu", f"triu/{dt}", jnp.triu, [t(4, 3)])
        jax_case(F, "triu", f"triu-k-1/{dt}", lambda m: jnp.triu(m, -1), [t(2, 3, 4)], {"k": -1})
        jax_case(F, "triu", f"triu-empty/{dt}", jnp.triu, [t(0, 3)])
        jax_case(F, "fullLike", f"fullLike/{dt}", lambda a: jnp.full_like(a, 3), [t(2, 3)], {"fill": 3})
        jax_case(F, "fullLike", f"fullLike-shape/{dt}", lambda a: jnp.full_like(a, 2, shape=(3,)), [t(2, 3)], {"fill": 2, "shape": [3]})
        jax_case(F, "fullLike", f"fullLike-array/{dt}", lambda a, v: jnp.full_like(a, v), [t(2, 3), t(3)], {})
        jax_case(F, "vander", f"vander/{dt}", jnp.vander, [t(4)])
        jax_case(F, "vander", f"vander-N2/{dt}", lambda x: jnp.vander(x, 2), [t(3)], {"N": 2})
        jax_case(F, "vander", f"vander-increasing/{dt}", lambda x: jnp.vander(x, 5, increasing=True), [t(3)], {"N": 5, "increasing": True})
        jax_case(F, "vander", f"vander-N0/{dt}", lambda x: jnp.vander(x, 0), [t(3)], {"N": 0})
    jax_case(F, "fullLike", "fullLike-trunc/int32", lambda a: jnp.full_like(a, 2.5), [tensor([1, 2], "int32")], {"fill": 2.5})
    jax_case(F, "fullLike", "fullLike-dtype/float64", lambda a: jnp.full_like(a, 1.5, dtype=jnp.float64), [tensor([1, 2], "int32")],
             {"fill": 1.5, "dtype": "float64"})
    jax_case(F, "vander", "vander-grad/float64", jnp.vander, [tensor([0.0, 0.5, -2.0], "float64")], grad_of=[0],
             tol={"rtol": 1e-12, "atol": 1e-12})
    # Static-shape constructions: the exact values, rounded to the result dtype.
    for args, kw in [((3,), {}), ((2, 4, 1), {}), ((3, 2, -1), {}), ((3, None, 0), {"dtype": "int32"}), ((0,), {})]:
        n, m, k = (list(args) + [None, 0])[:3]
        dtype = kw.get("dtype", "float32")
        add(F, "tri", f"tri-{n}-{m}-{k}/{dtype}", [], {"N": n, "M": m, "k": k, **kw}, np.tri(n, m, k).astype(NPDT[dtype]))
    for name, fn in [("trilIndices", np.tril_indices), ("triuIndices", np.triu_indices)]:
        for n, k, m in [(3, 0, None), (3, 1, None), (3, -1, 4), (2, 5, 3), (0, 0, None)]:
            add(F, name, f"{name}-{n}-{k}-{m}/int32", [], {"n": n, "k": k, "m": m}, [a.astype(np.int32) for a in fn(n, k, m)])
    for name, fn in [("trilIndicesFrom", np.tril_indices_from), ("triuIndicesFrom", np.triu_indices_from)]:
        arr = rand((2, 3), "float32")
        add(F, name, f"{name}/int32", [tensor(arr, "float32")], {"k": -1}, [a.astype(np.int32) for a in fn(arr, -1)])
    add(F, "identity", "identity/float32", [], {"n": 3}, np.identity(3, np.float32))
    add(F, "identity", "identity/int32", [], {"n": 2, "dtype": "int32"}, np.identity(2, np.int32))
    add(F, "indices", "indices/int32", [], {"dimensions": [2, 3]}, np.indices((2, 3)).astype(np.int32))
    add(F, "indices", "indices/float32", [], {"dimensions": [3, 1, 2], "dtype": "float32"}, np.indices((3, 1, 2)).astype(np.float32))
    add(F, "indices", "indices-sparse/int32", [], {"dimensions": [2, 3], "sparse": True},
        [a.astype(np.int32) for a in np.indices((2, 3), sparse=True)])
    for idx in ["xy", "ij"]:
        for sparse in [False, True]:
            x, y, z = rand((3,), "float32"), rand((2,), "int32"), rand((4,), "float64")
            outs = jnp.meshgrid(jnp.asarray(x), jnp.asarray(y), jnp.asarray(z), indexing=idx, sparse=sparse)
            add(F, "meshgrid", f"meshgrid-{idx}-{'sparse' if sparse else 'dense'}/mixed",
                [tensor(x, "float32"), tensor(y, "int32"), tensor(z, "float64")], {"indexing": idx, "sparse": sparse}, list(outs))
    x2, y2 = rand((3,), "float32"), rand((2,), "float32")
    add(F, "meshgrid", "meshgrid-2/float32", [tensor(x2, "float32"), tensor(y2, "float32")], {},
        list(jnp.meshgrid(jnp.asarray(x2), jnp.asarray(y2))))
    add(F, "meshgrid", "meshgrid-1/float32", [tensor(x2, "float32")], {}, list(jnp.meshgrid(jnp.asarray(x2))))
    for (a, b, kw) in [(0, 2, {"num": 3}), (0, 3, {"num": 4, "endpoint": False, "base": 2}), (-2, 2, {}), (1, 5, {"num": 1}),
                       (1, 5, {"num": 0}), (0.5, -3.5, {"num": 7, "dtype": "float64"}), (0, 9, {"num": 10, "dtype": "int32"})]:
        dtype = kw.get("dtype", "float32")
        ref = np.logspace(a, b, kw.get("num", 50), endpoint=kw.get("endpoint", True), base=kw.get("base", 10.0))
        add(F, "logspace", f"logspace-{a}-{b}-{kw.get('num', 50)}/{dtype}", [], {"start": a, "stop": b, **kw},
            np.trunc(ref) if dtype == "int32" else ref, dtype=dtype)
    for (a, b, kw) in [(1, 1000, {"num": 4}), (-1, -1000, {"num": 4}), (2, 0.5, {"num": 5, "endpoint": False}),
                       (1, 2, {}), (3, 7, {"num": 6, "dtype": "float64"})]:
        dtype = kw.get("dtype", "float32")
        ref = np.geomspace(a, b, kw.get("num", 50), endpoint=kw.get("endpoint", True))
        add(F, "geomspace", f"geomspace-{a}-{b}-{kw.get('num', 50)}/{dtype}", [], {"start": a, "stop": b, **kw}, ref, dtype=dtype)
    # JAX's form at a zero start: sign(0) = 0 makes every point NaN (numpy raises instead).
    add(F, "geomspace", "geomspace-zero/float32", [], {"start": 0, "stop": 10, "num": 3},
        np.asarray(jnp.geomspace(0.0, 10.0, 3)), dtype="float32")
    # fromfunction: the TS test calls the function named by "fn" (i + 10 j; a constant).
    add(F, "fromfunction", "fromfunction-add/float32", [], {"fn": "i+10j", "shape": [2, 3]},
        np.asarray(jnp.fromfunction(lambda i, j: i + 10 * j, (2, 3), dtype=jnp.float32)))
    add(F, "fromfunction", "fromfunction-int/int32", [], {"fn": "i*j", "shape": [3, 3], "dtype": "int32"},
        np.asarray(jnp.fromfunction(lambda i, j: i * j, (3, 3), dtype=jnp.int32)))
    add(F, "fromfunction", "fromfunction-const/float32", [], {"fn": "7", "shape": [2]},
        np.asarray(jnp.fromfunction(lambda i: jnp.full_like(i, 7.0), (2,), dtype=jnp.float32)))
    for name, fn in [("hamming", np.hamming), ("hanning", np.hanning), ("bartlett", np.bartlett), ("blackman", np.blackman)]:
        for M in [0, 1, 2, 5, 8]:
            add(F, name, f"{name}-{M}/float32", [], {"M": M}, fn(M), dtype="float32", tol={"rtol": 1e-6, "atol": 1e-7})
    for M, beta in [(0, 1.0), (1, 1.0), (2, 0.0), (5, 3.0), (8, 14.0), (6, 40.0)]:
        add(F, "kaiser", f"kaiser-{M}-{beta}/float32", [], {"M": M, "beta": beta}, np.kaiser(M, beta), dtype="float32",
            tol={"rtol": 1e-6, "atol": 1e-7})


# ---- polynomials -----------------------------------------------------------------------------

def polynomial():
    F = "polynomial"
    for dt in ["float32", "float64", "int32"]:
        t = lambda *s: tensor(rand(s, dt), dt)  # noqa: E731
        gd = None if dt == "int32" else [0, 1]
        jax_case(F, "polyval", f"polyval/{dt}", jnp.polyval, [t(4), t(2, 3)], grad_of=gd)
        jax_case(F, "polyval", f"polyval-scalar/{dt}", jnp.polyval, [t(3), t()])
        jax_case(F, "polyval", f"polyval-empty/{dt}", jnp.polyval, [t(0), t(3)])
        jax_case(F, "polyadd", f"polyadd/{dt}", jnp.polyadd, [t(2), t(4)], grad_of=gd)
        jax_case(F, "polyadd", f"polyadd-longer-first/{dt}", jnp.polyadd, [t(5), t(1)])
        jax_case(F, "polysub", f"polysub/{dt}", jnp.polysub, [t(3), t(2)], grad_of=gd)
        jax_case(F, "polymul", f"polymul/{dt}", jnp.polymul, [t(3), t(4)], grad_of=gd)
        jax_case(F, "polymul", f"polymul-empty/{dt}", jnp.polymul, [t(0), t(2)])
        jax_case(F, "polyder", f"polyder/{dt}", jnp.polyder, [t(5)], grad_of=None if dt == "int32" else [0])
        jax_case(F, "polyder", f"polyder-m2/{dt}", lambda p: jnp.polyder(p, 2), [t(5)], {"m": 2})
        jax_case(F, "polyder", f"polyder-m0/{dt}", lambda p: jnp.polyder(p, 0), [t(3)], {"m": 0})
        jax_case(F, "polyder", f"polyder-past/{dt}", lambda p: jnp.polyder(p, 4), [t(3)], {"m": 4})
        jax_case(F, "polyint", f"polyint/{dt}", jnp.polyint, [t(4)], grad_of=None if dt == "int32" else [0])
        jax_case(F, "polyint", f"polyint-m2-k/{dt}", lambda p: jnp.polyint(p, 2, 3), [t(3)], {"m": 2, "k": 3})
        # k given as a JS list is a float32 array in fluxion (its default float), as in JAX without x64.
        jax_case(F, "polyint", f"polyint-m2-klist/{dt}", lambda p, kd=("float64" if dt == "float64" else "float32"): jnp.polyint(p, 2, jnp.asarray([1.0, -2.0], dtype=kd)), [t(3)], {"m": 2, "k": [1, -2]})
        jax_case(F, "polyint", f"polyint-m0/{dt}", lambda p: jnp.polyint(p, 0), [t(3)], {"m": 0})
        for op, fn in [("convolve", jnp.convolve), ("correlate", jnp.correlate)]:
            for mode in ["full", "same", "valid"]:
                for (n, m) in [(5, 3), (3, 5), (6, 4), (4, 1), (1, 1), (2, 7)]:
                    jax_case(F, op, f"{op}-{mode}-{n}x{m}/{dt}", lambda a, v, mode=mode, fn=fn: fn(a, v, mode=mode), [t(n), t(m)],
                             {"mode": mode}, grad_of=None if dt == "int32" or (n, m) != (5, 3) else [0, 1])
            jax_case(F, op, f"{op}-default/{dt}", fn, [t(4), t(3)], {})
    jax_case(F, "polymul", "polymul-trim/float32", lambda a, b: jnp.polymul(a, b, trim_leading_zeros=True),
             [tensor([0, 0, 1, 2], "float32"), tensor([0, 3, 1], "float32")], {"trimLeadingZeros": True})
    jax_case(F, "convolve", "convolve-nan/float64", jnp.convolve, [tensor([1.0, NAN, 2.0, 3.0], "float64"), tensor([1.0, 2.0], "float64")], {})
    jax_case(F, "polyval", "polyval-inf/float64", jnp.polyval, [tensor([1.0, 0.0, -1.0], "float64"), tensor([INF, -INF, NAN, 0.0], "float64")])


# ---- nn --------------------------------------------------------------------------------------

KINK_POINTS = [-INF, -30.0, -10.0, -6.5, -6.0, -3.5, -3.0, -2.5, -2.0, -1.5, -1.0, -0.999, -0.5, -1e-3, -0.0, 0.0, 1e-3,
               0.5, 0.999, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 5.9, 6.0, 6.1, 10.0, 30.0, INF, NAN]
LOG1MEXP_POINTS = [0.0, 1e-10, 1e-3, 0.5, math.log(2), 1.0, 3.0, 10.0, 50.0, 800.0, INF, -1.0, NAN]

ACTIVATIONS = {
    "relu": (jax.nn.relu, {}),
    "relu6": (jax.nn.relu6, {}),
    "sigmoid": (jax.nn.sigmoid, {}),
    "softplus": (jax.nn.softplus, {}),
    "logSigmoid": (jax.nn.log_sigmoid, {}),
    "silu": (jax.nn.silu, {}),
    "swish": (jax.nn.swish, {}),
    "mish": (jax.nn.mish, {}),
    "leakyRelu": (jax.nn.leaky_relu, {}),
    "leakyRelu-0.2": (lambda x: jax.nn.leaky_relu(x, 0.2), {"negativeSlope": 0.2}),
    "elu": (jax.nn.elu, {}),
    "elu-0.5": (lambda x: jax.nn.elu(x, 0.5), {"alpha": 0.5}),
    "celu": (jax.nn.celu, {}),
    "celu-2": (lambda x: jax.nn.celu(x, 2.0), {"alpha": 2.0}),
    "selu": (jax.nn.selu, {}),
    "gelu": (jax.nn.gelu, {}),
    "gelu-exact": (lambda x: jax.nn.gelu(x, approximate=False), {"approximate": False}),
    "softSign": (jax.nn.soft_sign, {}),
    "hardTanh": (jax.nn.hard_tanh, {}),
    "hardSigmoid": (jax.nn.hard_sigmoid, {}),
    "hardSilu": (jax.nn.hard_silu, {}),
    "hardSwish": (jax.nn.hard_swish, {}),
    "squareplus": (jax.nn.squareplus, {}),
    "squareplus-1": (lambda x: jax.nn.squareplus(x, 1.0), {"b": 1.0}),
    "sparsePlus": (jax.nn.sparse_plus, {}),
    "sparseSigmoid": (jax.nn.sparse_sigmoid, {}),
    "identity": (jax.nn.identity, {}),
    "tanh": (jax.nn.tanh, {}),
    "log1mexp": (jax.nn.log1mexp, {}),
}
# Derivative tolerances: a derivative is a difference or product of O(1) terms computed in another
# order than XLA's, so its error is absolute, a few ulps of 1; second derivatives two such steps
# (mish'' at 6.1 in float32: JAX gives -2.0541e-4, fluxion -2.0300e-4, the float64 value -2.0304e-4).
ACT_TOL = {"float32": {"rtol": 4e-6, "atol": 4e-6}, "float64": {"rtol": 1e-11, "atol": 1e-13}}



def nn_cases():
    F = "nn"
    for name, (f, kw) in ACTIVATIONS.items():
        op = name.split("-")[0]
        points = LOG1MEXP_POINTS if op == "log1mexp" else KINK_POINTS
        for dt in ["float32", "float64"]:
            x = jnp.asarray(np.asarray(points, dtype=NPDT[dt]))
            d1 = jax.vmap(jax.grad(f))(x)
            d2 = jax.vmap(jax.grad(jax.grad(f)))(x)
            tol = ACT_TOL[dt]
            add(F, op, f"{name}/{dt}", [tensor(points, dt)], kw, f(x), tol=tol, d1=enc(d1), d2=enc(d2))
    # ints compute in float32 except identity and hardTanh (JAX's weak float constants)
    for name in ["relu6", "leakyRelu", "hardTanh", "identity", "sparsePlus"]:
        f, kw = ACTIVATIONS[name]
        x = np.asarray([-7, -1, 0, 2, 7], dtype=np.int32)
        out = f(jnp.asarray(x))
        add(F, name, f"{name}-int/int32", [tensor(x, "int32")], kw, out, dtype="int32" if dtype_name(out) == "int32" else "float32")
    for dt in ["float32", "float64"]:
        t = lambda *s: tensor(rand(s, dt), dt)  # noqa: E731
        jax_case(F, "glu", f"glu/{dt}", jax.nn.glu, [t(3, 4)], grad_of=[0])
        jax_case(F, "glu", f"glu-axis0/{dt}", lambda x: jax.nn.glu(x, 0), [t(2, 3)], {"axis": 0})
        jax_case(F, "logmeanexp", f"logmeanexp/{dt}", jax.nn.logmeanexp, [t(2, 3)], grad_of=[0])
        jax_case(F, "logmeanexp", f"logmeanexp-axis/{dt}", lambda x: jax.nn.logmeanexp(x, axis=1, keepdims=True), [t(2, 3)],
                 {"axis": 1, "keepdims": True})
        w = tensor([[True, False, True], [False, False, True]], "bool")
        jax_case(F, "logmeanexp", f"logmeanexp-where/{dt}", lambda x, m: jax.nn.logmeanexp(x, axis=-1, where=m), [t(2, 3), w],
                 {"axis": -1, "where": True}, grad_of=[0])
        jax_case(F, "standardize", f"standardize/{dt}", jax.nn.standardize, [t(3, 4)], grad_of=[0])
        jax_case(F, "standardize", f"standardize-axis0/{dt}", lambda x: jax.nn.standardize(x, axis=0, epsilon=0.1), [t(3, 4)],
                 {"axis": 0, "epsilon": 0.1})
        jax_case(F, "standardize", f"standardize-all/{dt}", lambda x: jax.nn.standardize(x, axis=None), [t(2, 3)], {"axis": None})
        jax_case(F, "standardize", f"standardize-given/{dt}", lambda x, m, v: jax.nn.standardize(x, mean=m, variance=v),
                 [t(2, 3), t(2, 1), tensor(np.abs(rand((2, 1), dt)), dt)], {"given": True}, grad_of=[0, 1, 2])
        jax_case(F, "standardize", f"standardize-where/{dt}", lambda x, m: jax.nn.standardize(x, where=m),
                 [t(2, 3), tensor([[True, True, False], [True, False, True]], "bool")], {"where": True})
        jax_case(F, "standardize", f"standardize-constant/{dt}", jax.nn.standardize, [tensor([[2.0, 2.0, 2.0]], dt)], grad_of=[0])
    idx = tensor([0, 2, -1, 3, 1], "int32")
    jax_case(F, "oneHot", "oneHot/float32", lambda x: jax.nn.one_hot(x, 3, dtype=jnp.float32), [idx], {"numClasses": 3})
    jax_case(F, "oneHot", "oneHot-axis0-int/int32", lambda x: jax.nn.one_hot(x, 4, dtype=jnp.int32, axis=0), [idx],
             {"numClasses": 4, "dtype": "int32", "axis": 0})
    jax_case(F, "oneHot", "oneHot-2d/bool", lambda x: jax.nn.one_hot(x, 2, dtype=jnp.bool_, axis=1),
             [tensor([[0, 1], [1, 1]], "int32")], {"numClasses": 2, "dtype": "bool", "axis": 1})
    jax_case(F, "oneHot", "oneHot-empty/float32", lambda x: jax.nn.one_hot(x, 3, dtype=jnp.float32), [tensor(np.zeros((0,)), "int32")],
             {"numClasses": 3})
    attention()


def attention():
    F = "attention"
    dpa = jax.nn.dot_product_attention
    # The softmax is float32 in JAX even for float64 inputs: a float32 tolerance for both.
    tol = {"rtol": 2e-5, "atol": 2e-6}
    for dt in ["float32", "float64"]:
        def t(*s):
            return tensor(rand(s, dt, -1.5, 1.5), dt)
        B, T, S, N, H = 2, 3, 4, 2, 5
        q, k, v = t(B, T, N, H), t(B, S, N, H), t(B, S, N, H)
        jax_case(F, "attention", f"plain/{dt}", dpa, [q, k, v], {}, tol=tol, grad_of=[0, 1, 2])
        jax_case(F, "attention", f"scale/{dt}", lambda a, b, c: dpa(a, b, c, scale=0.5), [q, k, v], {"scale": 0.5}, tol=tol)
        bias = t(1, N, T, S)
        jax_case(F, "attention", f"bias/{dt}", lambda a, b, c, d: dpa(a, b, c, bias=d), [q, k, v, bias], {"bias": 3}, tol=tol,
                 grad_of=[0, 3])
        mask = tensor(RNG.rand(B, 1, T, S) > 0.3, "bool")
        jax_case(F, "attention", f"mask/{dt}", lambda a, b, c, m: dpa(a, b, c, mask=m), [q, k, v, mask], {"mask": 3}, tol=tol,
                 grad_of=[0, 1, 2])
        full_mask = tensor(np.zeros((1, 1, T, S), dtype=bool), "bool")
        jax_case(F, "attention", f"mask-all/{dt}", lambda a, b, c, m: dpa(a, b, c, mask=m), [q, k, v, full_mask], {"mask": 3}, tol=tol)
        jax_case(F, "attention", f"causal/{dt}", lambda a, b, c: dpa(a, b, c, is_causal=True), [q, k, v], {"isCausal": True}, tol=tol,
                 grad_of=[0, 1, 2])
        jax_case(F, "attention", f"causal-bias-mask/{dt}", lambda a, b, c, d, m: dpa(a, b, c, bias=d, mask=m, is_causal=True, scale=0.7),
                 [q, k, v, t(B, N, T, S), mask], {"bias": 3, "mask": 4, "isCausal": True, "scale": 0.7}, tol=tol)
        jax_case(F, "attention", f"window/{dt}", lambda a, b, c: dpa(a, b, c, local_window_size=(1, 0)), [q, k, v],
                 {"localWindowSize": [1, 0]}, tol=tol)
        jax_case(F, "attention", f"window-int/{dt}", lambda a, b, c: dpa(a, b, c, local_window_size=1), [q, k, v],
                 {"localWindowSize": 1}, tol=tol)
        ql, kl = tensor([2, 3], "int32"), tensor([4, 1], "int32")
        jax_case(F, "attention", f"seqlens/{dt}",
                 lambda a, b, c, x, y: dpa(a, b, c, query_seq_lengths=x, key_value_seq_lengths=y), [q, k, v, ql, kl],
                 {"querySeqLengths": 3, "keyValueSeqLengths": 4}, tol=tol)
        qg, kg, vg = t(B, T, 4, H), t(B, S, 2, H), t(B, S, 2, H)
        jax_case(F, "attention", f"gqa/{dt}", dpa, [qg, kg, vg], {}, tol=tol, grad_of=[0, 1, 2])
        jax_case(F, "attention", f"gqa-bias-heads/{dt}", lambda a, b, c, d: dpa(a, b, c, bias=d), [qg, kg, vg, t(1, 4, T, S)],
                 {"bias": 3}, tol=tol)
        jax_case(F, "attention", f"3d/{dt}", dpa, [t(T, N, H), t(S, N, H), t(S, N, H)], {}, tol=tol)
        jax_case(F, "attention", f"size1/{dt}", dpa, [t(1, 1, 1, 1), t(1, 1, 1, 1), t(1, 1, 1, 1)], {}, tol=tol)
        out, lse = dpa(to_jax(q), to_jax(k), to_jax(v), is_causal=True, return_residual=True)
        add(F, "attention", f"residual/{dt}", [q, k, v], {"isCausal": True, "returnResidual": True}, [out, lse], tol=tol)


products()
construct()
polynomial()
nn_cases()

OUT.write_text(json.dumps({"generator": "scripts/gen-products-nn.py", "jax": jax.__version__, "numpy": np.__version__,
                           "cases": CASES}, separators=(",", ":")) + "\n")
print(f"wrote {len(CASES)} cases to {OUT.relative_to(ROOT)}")
