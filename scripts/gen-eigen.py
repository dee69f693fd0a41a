#!/usr/bin/env python3
"""
Generates test/fixtures/eigen.json: expected values and gradients of the orthogonal decompositions
and what np.linalg builds on them (lax.linalg.qr/eigh/svd, jnp.linalg.qr/eigh/eigvalsh/svd/svdvals/
lstsq/pinv/matrix_rank/norm/matrix_norm/vector_norm) and random.orthogonal, from JAX on CPU
(jax_enable_x64). test/np/linalg-spectral.test.ts, test/np/linalg-norms.test.ts and
test/lax/linalg-spectral.test.ts only read the JSON. Re-run after changing a case (needs jax):

    python3 scripts/gen-eigen.py

Each case is { id, op, args, kwargs, outputs, vectors?, grad?, weights? }:
- args[i] is { "dtype", "shape", "data" } (a tensor, data flattened) or { "value" } (a JS value);
- outputs is a list of { data, shape, dtype }, one per array the function returns;
- vectors says how eigen/singular vectors compare: "exact" (QR: LAPACK's signs are fixed),
  "sign" (each column of eigh's v, or each pair of svd's u column and vh row, up to one sign —
  JAX leaves signs to LAPACK), "none" (repeated or zero values: only values, reconstruction and
  orthogonality are checked; for QR, R and the columns of Q whose pivot is not rounding noise);
- grad, when present, is d/d args[0] of the case's gauge-invariant scalar function (named by
  "loss" in kwargs, see LOSSES below) with the weights in "weights".
NaN and +-inf are the strings "nan", "inf", "-inf"; float32 values the shortest decimal that reads
back as the same float32 (scripts/fixture_encoding.py).
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
OUT = ROOT / "test" / "fixtures" / "eigen.json"
NPDT = {"float32": np.float32, "float64": np.float64, "int32": np.int32}
CASES = []


def enc_tensor(arr):
    arr = np.asarray(arr)
    dtype = {"float32": "float32", "float64": "float64", "bool": "bool"}.get(str(arr.dtype), "int32")
    return {"dtype": dtype, "shape": list(arr.shape), "data": [enc(v, dtype) for v in arr.reshape(-1).tolist()]}


def weights_like(shape, dtype, salt=0):
    n = int(np.prod(shape)) if len(shape) else 1
    w = np.cos(np.arange(n) * 0.7 + salt) + 1.5
    return np.asarray(w.reshape(shape), dtype=NPDT[dtype])


# The scalar functions whose gradients are recorded: each is invariant under the sign (gauge) of
# eigen/singular vectors, so it has one gradient whatever signs LAPACK or fluxion choose.
def loss_eigh(out, ws):
    w, v = out
    return jnp.sum(ws[0] * w) + jnp.sum(ws[1] * v * v)


def loss_svd(out, ws):
    u, s, vh = out
    k = s.shape[-1]
    return jnp.sum(ws[0] * s) + jnp.sum(ws[1] * ((u[..., :, :k] * ws[2][..., None, :]) @ vh[..., :k, :]))


def loss_values(out, ws):
    return jnp.sum(ws[0] * out)


def loss_pair(out, ws):
    return jnp.sum(ws[0] * out[0]) + jnp.sum(ws[1] * out[1])


def loss_first(out, ws):
    return jnp.sum(ws[0] * out[0])


LOSSES = {"eigh": loss_eigh, "svd": loss_svd, "values": loss_values, "pair": loss_pair, "first": loss_first}


def add(id_, op, args, kwargs, fn, vectors=None, loss=None):
    """fn(*jax args) returns an array or a tuple of arrays; loss names its gauge-invariant scalar function."""
    jargs = [jnp.asarray(a) if isinstance(a, np.ndarray) else a for a in args]
    out = fn(*jargs)
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    case = {
        "id": id_,
        "op": op,
        "args": [enc_tensor(a) if isinstance(a, np.ndarray) else {"value": a} for a in args],
        "kwargs": dict(kwargs, **({"loss": loss} if loss else {})),
        "outputs": [enc_tensor(o) for o in outs],
    }
    if vectors is not None:
        case["vectors"] = vectors
    if loss is not None:
        x = jargs[0]
        dtype = str(x.dtype)
        shapes = [o.shape for o in outs]
        if loss == "svd":
            shapes = [outs[1].shape, x.shape[:-2] + (1,), outs[1].shape]
        ws = [weights_like(s, dtype, salt=i) for i, s in enumerate(shapes)]
        if loss == "svd":
            ws[1] = np.asarray(1.0, dtype=NPDT[dtype])
        g = jax.grad(lambda x: LOSSES[loss](fn(x, *jargs[1:]) if len(jargs) > 1 else fn(x), [jnp.asarray(w) for w in ws]))(x)
        case["weights"] = [enc_tensor(w) for w in ws]
        case["grad"] = enc_tensor(g)
    CASES.append(case)


rng = np.random.RandomState(0)


def randn(*shape, dtype="float64"):
    return np.asarray(rng.standard_normal(shape), dtype=NPDT[dtype])


def sym(a):
    return (a + np.swapaxes(a, -1, -2)) / 2


def hilbert(n):
    return np.array([[1.0 / (i + j + 1) for j in range(n)] for i in range(n)])


# ---- lax.linalg.qr / jnp.linalg.qr ---------------------------------------------------------------
for dt in ("float32", "float64"):
    for shape in [(3, 3), (5, 3), (3, 5), (2, 4, 3), (1, 1)]:
        a = randn(*shape, dtype=dt)
        tag = "x".join(map(str, shape))
        for full in (False, True):
            add(f"lax-qr-{tag}-full{int(full)}-{dt}", "lax.qr", [a], {"fullMatrices": full},
                lambda x, full=full: lax.linalg.qr(x, full_matrices=full), vectors="exact", loss="pair")
    for mode in ("reduced", "complete", "r"):
        a = randn(4, 2, dtype=dt)
        add(f"np-qr-{mode}-{dt}", "np.qr", [a], {"mode": mode}, lambda x, mode=mode: jnp.linalg.qr(x, mode=mode), vectors="exact",
            loss="values" if mode == "r" else "pair")
rankdef = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.0, 1.0], [0.0, 1.0, 1.0]])
# Q's last column spans rounding noise here (R's last pivot is ~1e-16): only Q's leading columns and R are defined.
add("lax-qr-rank-deficient", "lax.qr", [rankdef], {"fullMatrices": False}, lambda x: lax.linalg.qr(x, full_matrices=False), vectors="none")
add("lax-qr-zero-column", "lax.qr", [np.array([[0.0, 1.0], [0.0, 2.0], [0.0, 3.0]])], {"fullMatrices": True},
    lambda x: lax.linalg.qr(x, full_matrices=True), vectors="exact")
add("lax-qr-negative-pivot", "lax.qr", [np.array([[-3.0, 1.0], [4.0, 2.0]])], {"fullMatrices": True},
    lambda x: lax.linalg.qr(x, full_matrices=True), vectors="exact", loss="pair")

# ---- eigh ----------------------------------------------------------------------------------------
for dt in ("float32", "float64"):
    for shape in [(1, 1), (2, 2), (4, 4), (2, 3, 3)]:
        a = sym(randn(*shape, dtype=dt))
        tag = "x".join(map(str, shape))
        add(f"lax-eigh-{tag}-{dt}", "lax.eigh", [a], {}, lambda x: lax.linalg.eigh(x)[::-1], vectors="sign", loss="eigh")
        add(f"np-eigh-{tag}-{dt}", "np.eigh", [a], {}, lambda x: tuple(jnp.linalg.eigh(x)), vectors="sign", loss="eigh")
    a = randn(3, 3, dtype=dt)
    add(f"lax-eigh-nosym-lower-{dt}", "lax.eigh", [a], {"symmetrizeInput": False, "lower": True},
        lambda x: lax.linalg.eigh(x, symmetrize_input=False, lower=True)[::-1], vectors="sign")
    add(f"lax-eigh-nosym-upper-{dt}", "lax.eigh", [a], {"symmetrizeInput": False, "lower": False},
        lambda x: lax.linalg.eigh(x, symmetrize_input=False, lower=False)[::-1], vectors="sign")
    add(f"np-eigh-uplo-U-{dt}", "np.eigh", [a], {"UPLO": "U", "symmetrizeInput": False},
        lambda x: tuple(jnp.linalg.eigh(x, UPLO="U", symmetrize_input=False)), vectors="sign")
    add(f"np-eigvalsh-{dt}", "np.eigvalsh", [sym(randn(2, 4, 4, dtype=dt))], {}, lambda x: jnp.linalg.eigvalsh(x), loss="values")
add("eigh-ill-conditioned-hilbert6", "np.eigh", [hilbert(6)], {}, lambda x: tuple(jnp.linalg.eigh(x)), vectors="sign")
add("eigh-negative-definite", "np.eigh", [-np.array([[5.0, 1.0, 0.0], [1.0, 4.0, 1.0], [0.0, 1.0, 3.0]])], {},
    lambda x: tuple(jnp.linalg.eigh(x)), vectors="sign", loss="eigh")
# Repeated eigenvalues: the eigenvalue gradient is finite, the eigenvector gradient is JAX's ∞/NaN.
rep = np.diag([1.0, 1.0, 2.0])
add("eigh-repeated-values-grad", "np.eigvalsh", [rep], {}, lambda x: jnp.linalg.eigvalsh(x), loss="values")
add("eigh-repeated-vectors-grad", "np.eigh", [rep], {}, lambda x: tuple(jnp.linalg.eigh(x)), vectors="none", loss="eigh")
add("eigh-identity-vectors-grad", "np.eigh", [np.eye(3)], {}, lambda x: tuple(jnp.linalg.eigh(x)), vectors="none", loss="eigh")
add("eigh-rank-one", "np.eigvalsh", [np.outer([1.0, 2.0, 2.0], [1.0, 2.0, 2.0])], {}, lambda x: jnp.linalg.eigvalsh(x))

# ---- svd -----------------------------------------------------------------------------------------
for dt in ("float32", "float64"):
    for shape in [(3, 3), (5, 3), (3, 5), (2, 4, 3), (2, 3, 4), (1, 1)]:
        a = randn(*shape, dtype=dt)
        tag = "x".join(map(str, shape))
        square = shape[-1] == shape[-2]
        add(f"lax-svd-{tag}-reduced-{dt}", "lax.svd", [a], {"fullMatrices": False},
            lambda x: lax.linalg.svd(x, full_matrices=False), vectors="sign", loss="svd")
        add(f"lax-svd-{tag}-full-{dt}", "lax.svd", [a], {"fullMatrices": True},
            lambda x: lax.linalg.svd(x, full_matrices=True), vectors="sign", loss="svd" if square else None)
        add(f"lax-svd-{tag}-values-{dt}", "lax.svd", [a], {"computeUv": False},
            lambda x: lax.linalg.svd(x, compute_uv=False), loss="values")
        add(f"np-svd-{tag}-{dt}", "np.svd", [a], {"fullMatrices": False}, lambda x: tuple(jnp.linalg.svd(x, full_matrices=False)),
            vectors="sign", loss="svd")
    add(f"np-svdvals-{dt}", "np.svdvals", [randn(2, 5, 3, dtype=dt)], {}, lambda x: jnp.linalg.svdvals(x), loss="values")
    h = sym(randn(4, 4, dtype=dt))
    add(f"np-svd-hermitian-{dt}", "np.svd", [h], {"hermitian": True}, lambda x: tuple(jnp.linalg.svd(x, hermitian=True)), vectors="sign", loss="svd")
    add(f"np-svd-hermitian-values-{dt}", "np.svd", [h], {"hermitian": True, "computeUv": False},
        lambda x: jnp.linalg.svd(x, hermitian=True, compute_uv=False), loss="values")
rd = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 1.0, 1.0], [3.0, 6.0, 9.0]])
add("svd-rank-deficient", "lax.svd", [rd], {"fullMatrices": True}, lambda x: lax.linalg.svd(x, full_matrices=True), vectors="none")
# The gradient of a zero singular value depends on which null vectors are chosen: only the values are compared,
# and the gradient of the largest one (the 2-norm) is.
add("svd-rank-deficient-values", "lax.svd", [rd], {"computeUv": False}, lambda x: lax.linalg.svd(x, compute_uv=False))
add("norm-2-rank-deficient-grad", "np.norm", [rd], {"ord": 2}, lambda x: jnp.linalg.norm(x, 2), loss="values")
add("svd-ill-conditioned-hilbert6", "lax.svd", [hilbert(6)], {"fullMatrices": False}, lambda x: lax.linalg.svd(x, full_matrices=False),
    vectors="sign", loss="svd")
add("svd-zero-matrix-values-grad", "lax.svd", [np.zeros((2, 3))], {"computeUv": False}, lambda x: lax.linalg.svd(x, compute_uv=False), loss="values")
add("svd-repeated-values-grad", "lax.svd", [np.diag([2.0, 2.0, 1.0])], {"fullMatrices": False},
    lambda x: lax.linalg.svd(x, full_matrices=False), vectors="none", loss="svd")

# ---- lstsq, pinv, matrix_rank --------------------------------------------------------------------
for dt in ("float32", "float64"):
    a, b = randn(5, 3, dtype=dt), randn(5, 2, dtype=dt)
    add(f"lstsq-tall-{dt}", "np.lstsq", [a, b], {}, lambda a, b: jnp.linalg.lstsq(a, b), loss="first")
    add(f"lstsq-vector-{dt}", "np.lstsq", [a, randn(5, dtype=dt)], {}, lambda a, b: jnp.linalg.lstsq(a, b))
    add(f"lstsq-wide-{dt}", "np.lstsq", [randn(2, 4, dtype=dt), randn(2, dtype=dt)], {}, lambda a, b: jnp.linalg.lstsq(a, b))
    add(f"pinv-tall-{dt}", "np.pinv", [randn(4, 3, dtype=dt)], {}, lambda x: jnp.linalg.pinv(x), loss="values")
    add(f"pinv-wide-batched-{dt}", "np.pinv", [randn(2, 2, 4, dtype=dt)], {}, lambda x: jnp.linalg.pinv(x), loss="values")
    add(f"matrix-rank-{dt}", "np.matrixRank", [np.asarray(rd, dtype=NPDT[dt])], {}, lambda x: jnp.linalg.matrix_rank(x).astype(jnp.int32))
add("lstsq-rank-deficient", "np.lstsq", [rd, np.array([1.0, 2.0, 3.0, 4.0])], {}, lambda a, b: jnp.linalg.lstsq(a, b))
add("lstsq-rcond", "np.lstsq", [hilbert(6)[:, :4], np.arange(6.0)], {"rcond": 1e-3}, lambda a, b: jnp.linalg.lstsq(a, b, rcond=1e-3))
add("pinv-rank-deficient", "np.pinv", [rd], {}, lambda x: jnp.linalg.pinv(x), loss="values")
add("pinv-rtol", "np.pinv", [hilbert(5)], {"rtol": 1e-4}, lambda x: jnp.linalg.pinv(x, rtol=1e-4), loss="values")
add("pinv-hermitian", "np.pinv", [sym(randn(3, 3))], {"hermitian": True}, lambda x: jnp.linalg.pinv(x, hermitian=True), loss="values")
add("matrix-rank-batched-rtol", "np.matrixRank", [np.stack([hilbert(4), np.eye(4)])], {"rtol": 1e-3},
    lambda x: jnp.linalg.matrix_rank(x, rtol=1e-3).astype(jnp.int32))
add("matrix-rank-vector", "np.matrixRank", [np.array([0.0, 0.0, 1.0])], {}, lambda x: jnp.linalg.matrix_rank(x).astype(jnp.int32))

# ---- norms ---------------------------------------------------------------------------------------
m = np.array([[1.0, -2.0, 3.0], [-4.0, 5.0, -6.5]])
v = np.array([3.0, -4.0, 0.5, -1.0])
for dt in ("float32", "float64"):
    mm = np.asarray(m, dtype=NPDT[dt])
    vv = np.asarray(v, dtype=NPDT[dt])
    for ord_ in [None, "fro", "nuc", 1, -1, 2, -2, math.inf, -math.inf]:
        o = "inf" if ord_ == math.inf else "-inf" if ord_ == -math.inf else ord_
        for keepdims in (False, True):
            add(f"norm-matrix-{o}-k{int(keepdims)}-{dt}", "np.norm", [mm], {"ord": o, "keepdims": keepdims},
                lambda x, ord_=ord_, keepdims=keepdims: jnp.linalg.norm(x, ord_, keepdims=keepdims), loss="values")
    for ord_ in [None, 1, 2, 3, 0.5, 0, math.inf, -math.inf]:
        o = "inf" if ord_ == math.inf else "-inf" if ord_ == -math.inf else ord_
        add(f"norm-vector-{o}-{dt}", "np.norm", [vv], {"ord": o}, lambda x, ord_=ord_: jnp.linalg.norm(x, ord_), loss="values")
    x3 = randn(2, 3, 4, dtype=dt)
    add(f"norm-3d-none-{dt}", "np.norm", [x3], {}, lambda x: jnp.linalg.norm(x), loss="values")
    add(f"norm-3d-axis1-{dt}", "np.norm", [x3], {"axis": 1, "ord": 3}, lambda x: jnp.linalg.norm(x, 3, axis=1), loss="values")
    add(f"norm-3d-axes-20-{dt}", "np.norm", [x3], {"axis": [2, 0], "ord": 1, "keepdims": True},
        lambda x: jnp.linalg.norm(x, 1, axis=(2, 0), keepdims=True), loss="values")
    add(f"norm-3d-axes-02-nuc-{dt}", "np.norm", [x3], {"axis": [0, 2], "ord": "nuc"}, lambda x: jnp.linalg.norm(x, "nuc", axis=(0, 2)), loss="values")
    add(f"norm-3d-axes-neg-inf-{dt}", "np.norm", [x3], {"axis": [-1, -3], "ord": "inf"}, lambda x: jnp.linalg.norm(x, math.inf, axis=(-1, -3)), loss="values")
    add(f"matrix-norm-{dt}", "np.matrixNorm", [x3], {}, lambda x: jnp.linalg.matrix_norm(x), loss="values")
    add(f"matrix-norm-2-{dt}", "np.matrixNorm", [x3], {"ord": 2, "keepdims": True}, lambda x: jnp.linalg.matrix_norm(x, ord=2, keepdims=True), loss="values")
    add(f"vector-norm-{dt}", "np.vectorNorm", [x3], {}, lambda x: jnp.linalg.vector_norm(x), loss="values")
    add(f"vector-norm-axis-{dt}", "np.vectorNorm", [x3], {"axis": [0, 2], "ord": "-inf", "keepdims": True},
        lambda x: jnp.linalg.vector_norm(x, axis=(0, 2), ord=-math.inf, keepdims=True), loss="values")
    add(f"vector-norm-ord1-{dt}", "np.vectorNorm", [x3], {"axis": -1, "ord": 1}, lambda x: jnp.linalg.vector_norm(x, axis=-1, ord=1), loss="values")
# Gradients at 0, as JAX defines them.
z = np.zeros(3)
for ord_ in [None, 1, math.inf, 3]:
    o = "inf" if ord_ == math.inf else ord_
    add(f"norm-zero-vector-{o}", "np.norm", [z], {"ord": o}, lambda x, ord_=ord_: jnp.linalg.norm(x, ord_), loss="values")
for ord_ in ["fro", "nuc", 2, 1]:
    add(f"norm-zero-matrix-{ord_}", "np.norm", [np.zeros((2, 2))], {"ord": ord_}, lambda x, ord_=ord_: jnp.linalg.norm(x, ord_), loss="values")

# ---- random.orthogonal ---------------------------------------------------------------------------
for seed, n, shape, m_, dt in [(0, 3, (), None, "float32"), (42, 4, (2,), None, "float64"), (1, 2, (3,), 5, "float32"), (7, 5, (), 2, "float64")]:
    key = jax.random.key(seed)
    add(f"orthogonal-{seed}-{n}-{m_}-{dt}", "random.orthogonal", [], {"seed": seed, "n": n, "shape": list(shape), "m": m_, "dtype": dt},
        lambda key=key, n=n, shape=shape, m_=m_, dt=dt: jax.random.orthogonal(key, n, shape, dtype=getattr(jnp, dt), m=m_))

OUT.write_text(json.dumps({"cases": CASES}, separators=(",", ":")) + "\n")
print(f"wrote {len(CASES)} cases to {OUT}")
