#!/usr/bin/env python3
"""
Generates test/fixtures/sorting.json: expected values for np's sorting and searching (sort,
argsort, lexsort, partition, argpartition, searchsorted, isin, unique, nonzero, flatnonzero,
argwhere), the order statistics (quantile, percentile, median and their nan forms), lax.top_k,
and gradients of sort, median, quantile and top_k. test/np/sorting.test.ts only reads the JSON.
Re-run after changing a case (needs numpy and jax):

    python3 scripts/gen-sorting.py

Each case is { id, op, args, kwargs, outputs, grad? }:
- args[i] is { "dtype", "shape", "data" } (a tensor, data flattened) or { "value" } (a JS value);
- outputs is a list of { data, shape, dtype } (one per array the function returns);
- grad (when present) is d/d args[0] of sum(weights * f(args)[0]), with the weights in "weights".
NaN and +-inf are the strings "nan", "inf", "-inf"; float32 values the shortest decimal that reads
back as the same float32 (scripts/fixture_encoding.py); -0.0 stays -0.0.

Values come from JAX (jax_enable_x64, CPU). Index outputs are recorded as int32 (fluxion's index
dtype, JAX's without x64); a float32 case computes in float32 throughout.
"""
import json
import math
from pathlib import Path

import jax

jax.config.update("jax_enable_x64", True)
jax.config.update("jax_platforms", "cpu")

import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
from jax import lax  # noqa: E402
from fixture_encoding import enc_value as enc  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test" / "fixtures" / "sorting.json"
NAN, INF = math.nan, math.inf
NPDT = {"float32": np.float32, "float64": np.float64, "int32": np.int32, "uint32": np.uint32, "bool": np.bool_}
CASES = []


def tensor(data, dtype, shape=None):
    arr = np.array(data, dtype=NPDT[dtype])
    if shape is not None:
        arr = arr.reshape(shape)
    return arr


def enc_tensor(arr, dtype=None):
    arr = np.asarray(arr)
    if dtype is None:
        dtype = {"float32": "float32", "float64": "float64", "bool": "bool", "uint32": "uint32"}.get(str(arr.dtype), "int32")
    return {"dtype": dtype, "shape": list(arr.shape), "data": [enc(v, dtype) for v in arr.reshape(-1).tolist()]}


def add(id_, op, args, kwargs, fn, grad_of=None):
    """fn(*jax args) returns an array or a tuple of arrays; grad_of(x) the scalar-output function of args[0]."""
    jargs = [jnp.asarray(a) if isinstance(a, np.ndarray) else a for a in args]
    out = fn(*jargs)
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    case = {
        "id": id_,
        "op": op,
        "args": [enc_tensor(a) if isinstance(a, np.ndarray) else {"value": a} for a in args],
        "kwargs": kwargs,
        "outputs": [enc_tensor(o) for o in outs],
    }
    if grad_of is not None:
        x = jargs[0]
        first = outs[0]
        weights = np.linspace(1.0, 2.0, max(np.size(first), 1)).reshape(np.shape(first)) if np.size(first) else np.zeros(np.shape(first))
        w = jnp.asarray(weights, dtype=x.dtype)
        g = jax.grad(lambda x: jnp.sum(w * grad_of(x)))(x)
        case["weights"] = [enc(v, str(x.dtype)) for v in np.asarray(w).reshape(-1).tolist()]
        case["grad"] = enc_tensor(g)
    CASES.append(case)


SPECIAL = [0.0, -0.0, NAN, 1.0, -INF, INF, -1.0, 0.0, -0.0, 2.5, NAN, -2.5]

# ---- sort / argsort ------------------------------------------------------------------------------
for dt in ("float32", "float64"):
    x = tensor(SPECIAL, dt)
    add(f"sort-special-{dt}", "sort", [x], {}, lambda x: jnp.sort(x))
    add(f"sort-special-desc-{dt}", "sort", [x], {"descending": True}, lambda x: jnp.sort(x, descending=True))
    add(f"argsort-special-{dt}", "argsort", [x], {}, lambda x: jnp.argsort(x))
    add(f"argsort-special-desc-{dt}", "argsort", [x], {"descending": True}, lambda x: jnp.argsort(x, descending=True))
ties = tensor([[3, 1, 2, 1, 3, 2], [0, 0, -1, 5, -1, 0]], "float32")
add("sort-2d-axis-neg1-grad", "sort", [ties], {"axis": -1}, lambda x: jnp.sort(x, axis=-1), grad_of=lambda x: jnp.sort(x, axis=-1))
add("sort-2d-axis0-grad", "sort", [ties], {"axis": 0}, lambda x: jnp.sort(x, axis=0), grad_of=lambda x: jnp.sort(x, axis=0))
add("sort-2d-axis-none", "sort", [ties], {"axis": None}, lambda x: jnp.sort(x, axis=None))
add("sort-2d-desc-grad", "sort", [ties], {"axis": 1, "descending": True}, lambda x: jnp.sort(x, axis=1, descending=True), grad_of=lambda x: jnp.sort(x, axis=1, descending=True))
add("argsort-2d-ties", "argsort", [ties], {"axis": -1}, lambda x: jnp.argsort(x, axis=-1))
add("argsort-2d-axis0", "argsort", [ties], {"axis": 0}, lambda x: jnp.argsort(x, axis=0))
add("argsort-2d-desc", "argsort", [ties], {"axis": -1, "descending": True}, lambda x: jnp.argsort(x, axis=-1, descending=True))
add("argsort-2d-none", "argsort", [ties], {"axis": None}, lambda x: jnp.argsort(x, axis=None))
ints = tensor([[5, -3, 5, 0], [2, 2, -7, 2]], "int32")
add("sort-int32", "sort", [ints], {}, lambda x: jnp.sort(x))
add("argsort-int32-desc", "argsort", [ints], {"axis": 1, "descending": True}, lambda x: jnp.argsort(x, axis=1, descending=True))
add("sort-uint32", "sort", [tensor([7, 0, 4294967295, 3, 0], "uint32")], {}, lambda x: jnp.sort(x))
bools = tensor([True, False, True, False, False], "bool")
add("sort-bool", "sort", [bools], {}, lambda x: jnp.sort(x))
add("argsort-bool", "argsort", [bools], {}, lambda x: jnp.argsort(x))
for dt in ("float32", "int32"):
    add(f"sort-empty-{dt}", "sort", [tensor([], dt)], {}, lambda x: jnp.sort(x))
    add(f"sort-empty-2x0-{dt}", "sort", [tensor(np.zeros((2, 0)), dt)], {"axis": 1}, lambda x: jnp.sort(x, axis=1))
    add(f"argsort-empty-0x3-{dt}", "argsort", [tensor(np.zeros((0, 3)), dt)], {"axis": 0}, lambda x: jnp.argsort(x, axis=0))
    add(f"sort-size1-{dt}", "sort", [tensor([[4]], dt)], {"axis": -2}, lambda x: jnp.sort(x, axis=-2))
x3 = tensor(np.random.RandomState(0).randint(0, 4, size=(2, 3, 4)), "float64")
add("sort-3d-axis1-f64-grad", "sort", [x3], {"axis": 1}, lambda x: jnp.sort(x, axis=1), grad_of=lambda x: jnp.sort(x, axis=1))
add("argsort-3d-axis-neg2", "argsort", [x3], {"axis": -2}, lambda x: jnp.argsort(x, axis=-2))

# ---- lexsort / partition -----------------------------------------------------------------------
k1 = tensor([1, 3, 2, 1, 2, 3], "int32")
k2 = tensor([2.0, 1.0, 2.0, 1.0, NAN, 1.0], "float32")
add("lexsort-2keys", "lexsort", [k1, k2], {}, lambda a, b: jnp.lexsort([a, b.astype(jnp.float32)]))
add("lexsort-2d-axis0", "lexsort", [tensor([[1, 0], [1, 1], [0, 0]], "int32"), tensor([[0, 1], [0, 1], [1, 0]], "int32")], {"axis": 0},
    lambda a, b: jnp.lexsort([a, b], axis=0))
part = tensor([7, 1, 9, 3, 3, 8, 0, 5], "int32")
for kth in (0, 3, -1):
    add(f"partition-int32-{kth}", "partition", [part], {"kth": kth}, lambda x, kth=kth: jnp.partition(x, kth))
    add(f"argpartition-int32-{kth}", "argpartition", [part], {"kth": kth}, lambda x, kth=kth: jnp.argpartition(x, kth))
p2 = tensor([[0.5, -1.0, 2.0, 0.25], [3.0, 3.0, -2.0, 1.0], [4.0, 0.0, -0.5, 9.0]], "float32")
add("partition-2d-axis0", "partition", [p2], {"kth": 1, "axis": 0}, lambda x: jnp.partition(x, 1, axis=0))
add("argpartition-2d-axis-neg1", "argpartition", [p2], {"kth": 2, "axis": -1}, lambda x: jnp.argpartition(x, 2, axis=-1))
add("partition-uint32", "partition", [tensor([5, 0, 3, 4294967295, 1], "uint32")], {"kth": 2}, lambda x: jnp.partition(x, 2))

# ---- searchsorted / isin -----------------------------------------------------------------------
sa = tensor([-INF, -1.0, 0.0, 0.0, 2.0, 2.0, 5.0, INF, NAN], "float32")
sv = tensor([[-INF, -2.0, 0.0, -0.0], [2.0, 3.0, INF, NAN]], "float32")
for side in ("left", "right"):
    for method in ("scan", "scan_unrolled", "sort", "compare_all"):
        add(f"searchsorted-{side}-{method}", "searchsorted", [sa, sv], {"side": side, "method": method},
            lambda a, v, side=side, method=method: jnp.searchsorted(a, v, side=side, method=method))
si = tensor([10, 2, 7, 2, 5], "int32")
sorter = tensor(np.argsort(np.array([10, 2, 7, 2, 5]), kind="stable"), "int32")
add("searchsorted-sorter-int32", "searchsorted", [si, tensor([1, 2, 6, 11], "int32"), sorter], {"side": "right"},
    lambda a, v, s: jnp.searchsorted(a, v, side="right", sorter=s))
add("searchsorted-empty-a", "searchsorted", [tensor([], "float64"), tensor([1.0, 2.0], "float64")], {}, lambda a, v: jnp.searchsorted(a, v))
add("searchsorted-scalar-query", "searchsorted", [tensor([1.0, 2.0, 3.0], "float64"), 2.5], {}, lambda a, v: jnp.searchsorted(a, v))
ie = tensor([[1.0, NAN, 3.0], [-0.0, 4.0, INF]], "float32")
it = tensor([3.0, 0.0, NAN, INF, 7.0], "float32")
for method in ("auto", "compare_all", "binary_search", "sort"):
    for inv in (False, True):
        add(f"isin-{method}-{inv}", "isin", [ie, it], {"invert": inv, "method": method},
            lambda e, t, inv=inv, method=method: jnp.isin(e, t, invert=inv, method=method))
add("isin-int32-float", "isin", [tensor([1, 2, 3], "int32"), tensor([2.0, 2.5], "float32")], {}, lambda e, t: jnp.isin(e, t))
add("isin-empty-test", "isin", [tensor([1, 2], "int32"), tensor([], "int32")], {"invert": True}, lambda e, t: jnp.isin(e, t, invert=True))

# ---- unique / nonzero ---------------------------------------------------------------------------
u = tensor([3.0, NAN, 1.0, -0.0, 3.0, 0.0, NAN, 1.0, -INF], "float32")
add("unique-special", "unique", [u], {}, lambda x: jnp.unique(x))
add("unique-special-nan-distinct", "unique", [u], {"equal_nan": False}, lambda x: jnp.unique(x, equal_nan=False))
add("unique-all-returns", "unique", [u], {"return_index": True, "return_inverse": True, "return_counts": True},
    lambda x: jnp.unique(x, return_index=True, return_inverse=True, return_counts=True))
ui = tensor([[4, 1, 4], [2, 1, 4]], "int32")
add("unique-2d-flat-inverse", "unique", [ui], {"return_inverse": True}, lambda x: jnp.unique(x, return_inverse=True))
add("unique-size-pad", "unique", [ui], {"size": 6, "fill_value": -9, "return_index": True, "return_counts": True},
    lambda x: jnp.unique(x, size=6, fill_value=-9, return_index=True, return_counts=True))
add("unique-size-default-fill", "unique", [ui], {"size": 5}, lambda x: jnp.unique(x, size=5))
add("unique-size-truncate", "unique", [ui], {"size": 2, "return_counts": True}, lambda x: jnp.unique(x, size=2, return_counts=True))
rows = tensor([[1, 2], [0, 5], [1, 2], [0, 4], [0, 5]], "int32")
add("unique-axis0", "unique", [rows], {"axis": 0, "return_index": True, "return_inverse": True, "return_counts": True},
    lambda x: jnp.unique(x, axis=0, return_index=True, return_inverse=True, return_counts=True))
add("unique-axis-neg1", "unique", [rows], {"axis": -1}, lambda x: jnp.unique(x, axis=-1))
add("unique-bool", "unique", [bools], {"return_counts": True}, lambda x: jnp.unique(x, return_counts=True))
add("unique-empty-size", "unique", [tensor([], "float32")], {"size": 3, "fill_value": 7}, lambda x: jnp.unique(x, size=3, fill_value=7))
add("unique-empty", "unique", [tensor([], "int32")], {"return_counts": True}, lambda x: jnp.unique(x, return_counts=True))
add("unique-size1", "unique", [tensor([2.5], "float64")], {"return_inverse": True}, lambda x: jnp.unique(x, return_inverse=True))
nz = tensor([[0, 2, 0], [3, 0, -1]], "int32")
add("nonzero-2d", "nonzero", [nz], {}, lambda x: jnp.nonzero(x))
add("nonzero-size-fill", "nonzero", [nz], {"size": 5, "fill_value": -1}, lambda x: jnp.nonzero(x, size=5, fill_value=-1))
add("nonzero-size-fill-tuple", "nonzero", [nz], {"size": 4, "fill_value": [7, 8]}, lambda x: jnp.nonzero(x, size=4, fill_value=(7, 8)))
add("nonzero-size-truncate", "nonzero", [nz], {"size": 2}, lambda x: jnp.nonzero(x, size=2))
add("nonzero-float-special", "nonzero", [tensor([0.0, -0.0, NAN, INF, 1e-30], "float32")], {}, lambda x: jnp.nonzero(x))
add("nonzero-bool-size-default-fill", "nonzero", [bools], {"size": 4}, lambda x: jnp.nonzero(x, size=4))
add("nonzero-empty", "nonzero", [tensor(np.zeros((0, 2)), "float32")], {}, lambda x: jnp.nonzero(x))
add("flatnonzero-2d", "flatnonzero", [nz], {}, lambda x: jnp.flatnonzero(x))
add("flatnonzero-size", "flatnonzero", [nz], {"size": 5, "fill_value": 99}, lambda x: jnp.flatnonzero(x, size=5, fill_value=99))
add("argwhere-2d", "argwhere", [nz], {}, lambda x: jnp.argwhere(x))
add("argwhere-size-fill", "argwhere", [nz], {"size": 4, "fill_value": -1}, lambda x: jnp.argwhere(x, size=4, fill_value=-1))
add("argwhere-3d-bool", "argwhere", [tensor(np.array([[[True, False], [False, True]], [[False, False], [True, True]]]), "bool")], {},
    lambda x: jnp.argwhere(x))
add("argwhere-0d", "argwhere", [tensor(5.0, "float32")], {}, lambda x: jnp.argwhere(x))

# ---- quantiles ----------------------------------------------------------------------------------
qa = tensor([[3.0, 5.0, 9.0, 2.0, 7.0], [6.0, 1.0, 8.0, 3.0, 3.0], [0.5, -2.0, 4.0, 4.0, 1.0]], "float64")
qn = tensor([[3.0, NAN, 9.0, 2.0], [NAN, NAN, NAN, NAN], [0.5, -2.0, INF, 4.0]], "float64")
for method in ("linear", "lower", "higher", "midpoint", "nearest"):
    for dt in ("float32", "float64"):
        a = qa.astype(NPDT[dt])
        add(f"quantile-{method}-{dt}-axis1-grad", "quantile", [a, 0.3], {"axis": 1, "method": method},
            lambda x, q, m=method: jnp.quantile(x, jnp.asarray(q, x.dtype), axis=1, method=m),
            grad_of=lambda x, m=method: jnp.quantile(x, jnp.asarray(0.3, x.dtype), axis=1, method=m))
    add(f"quantile-{method}-qvec-axis0", "quantile", [qa, tensor([0.0, 0.25, 0.5, 1.0], "float64")], {"axis": 0, "method": method},
        lambda x, q, m=method: jnp.quantile(x, q, axis=0, method=m))
    add(f"nanquantile-{method}-axis1", "nanquantile", [qn, 0.4], {"axis": 1, "method": method},
        lambda x, q, m=method: jnp.nanquantile(x, q, axis=1, method=m))
add("quantile-none-keepdims", "quantile", [qa, 0.75], {"keepdims": True}, lambda x, q: jnp.quantile(x, q, keepdims=True))
add("quantile-axes-list-keepdims", "quantile", [qa.reshape(3, 5, 1), tensor([0.1, 0.9], "float64")], {"axis": [0, 2], "keepdims": True},
    lambda x, q: jnp.quantile(x, q, axis=(0, 2), keepdims=True))
add("quantile-axes-list", "quantile", [qa.reshape(3, 1, 5), 0.5], {"axis": [-1, 0]}, lambda x, q: jnp.quantile(x, q, axis=(-1, 0)))
add("quantile-nan-lane", "quantile", [qn, 0.5], {"axis": 1}, lambda x, q: jnp.quantile(x, q, axis=1))
add("quantile-int32", "quantile", [tensor([4, 1, 3, 2], "int32"), 0.4], {}, lambda x, q: jnp.quantile(x.astype(jnp.float32), jnp.float32(q)))
add("quantile-size1", "quantile", [tensor([[2.0]], "float32"), 0.3], {"axis": -1}, lambda x, q: jnp.quantile(x, jnp.float32(q), axis=-1))
add("percentile-linear", "percentile", [qa, tensor([10.0, 50.0, 90.0], "float64")], {"axis": 1}, lambda x, q: jnp.percentile(x, q, axis=1))
add("nanpercentile", "nanpercentile", [qn, 25.0], {"axis": 1, "keepdims": True}, lambda x, q: jnp.nanpercentile(x, q, axis=1, keepdims=True))
for dt in ("float32", "float64"):
    a = qa.astype(NPDT[dt])
    add(f"median-{dt}-grad", "median", [a], {}, lambda x: jnp.median(x), grad_of=lambda x: jnp.median(x))
    add(f"median-axis1-{dt}-grad", "median", [a], {"axis": 1}, lambda x: jnp.median(x, axis=1), grad_of=lambda x: jnp.median(x, axis=1))
    add(f"median-axis0-keepdims-{dt}", "median", [a], {"axis": 0, "keepdims": True}, lambda x: jnp.median(x, axis=0, keepdims=True))
add("median-ties-grad", "median", [tensor([1.0, 2.0, 2.0, 3.0], "float64")], {}, lambda x: jnp.median(x), grad_of=lambda x: jnp.median(x))
add("median-odd-ties-grad", "median", [tensor([2.0, 1.0, 2.0, 2.0, 3.0], "float64")], {}, lambda x: jnp.median(x), grad_of=lambda x: jnp.median(x))
add("nanmedian-axis1-grad", "nanmedian", [qn], {"axis": 1}, lambda x: jnp.nanmedian(x, axis=1))
add("nanquantile-grad", "nanquantile", [tensor([3.0, NAN, 1.0, 2.0, NAN], "float64"), 0.6], {},
    lambda x, q: jnp.nanquantile(x, q), grad_of=lambda x: jnp.nanquantile(x, 0.6))
add("median-int32", "median", [tensor([[4, 1], [3, 2]], "int32")], {"axis": 0}, lambda x: jnp.median(x.astype(jnp.float32), axis=0))

# ---- lax.top_k ----------------------------------------------------------------------------------
tk = tensor([0.0, -0.0, NAN, 1.0, -INF, INF, -1.0, 0.0, -0.0, 3.0], "float32")
for k in (0, 1, 4, 10):
    add(f"top_k-special-{k}", "top_k", [tk], {"k": k}, lambda x, k=k: lax.top_k(x, k))
tt = tensor([[1.0, 3.0, 3.0, 2.0, 3.0], [5.0, -1.0, 0.5, 5.0, 2.0]], "float64")
add("top_k-ties-grad", "top_k", [tt], {"k": 3}, lambda x: lax.top_k(x, 3), grad_of=lambda x: lax.top_k(x, 3)[0])
add("top_k-axis0", "top_k", [tt], {"k": 1, "axis": 0}, lambda x: lax.top_k(x, 1, axis=0))
add("top_k-int32", "top_k", [tensor([[4, -2, 4, 7, 0]], "int32")], {"k": 3}, lambda x: lax.top_k(x, 3))
add("top_k-uint32", "top_k", [tensor([4, 4294967295, 0, 7], "uint32")], {"k": 2}, lambda x: lax.top_k(x, 2))

OUT.write_text(json.dumps({"generator": "scripts/gen-sorting.py", "jax": jax.__version__, "cases": CASES}, indent=None) + "\n")
print(f"wrote {len(CASES)} cases to {OUT.relative_to(ROOT)}")
