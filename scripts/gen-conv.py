#!/usr/bin/env python3
"""
Generates test/fixtures/conv.json: values and gradients of JAX's convolutions (lax.conv_general_dilated,
lax.conv, lax.conv_with_general_padding, lax.conv_transpose) for test/lax/conv.test.ts, which only
reads the JSON. Re-run after changing a case (needs numpy and jax):

    python3 scripts/gen-conv.py

Each case is { id, op, dtype, lhs, rhs, kwargs, out, weights, gradLhs, gradRhs, second? }:
- lhs, rhs, out, gradLhs, gradRhs are { dtype, shape, data } (data flattened, row-major);
- kwargs are the JAX keyword arguments in fluxion's camelCase (padding a mode or [lo, hi] pairs,
  dimensionNumbers three strings);
- gradLhs/gradRhs are the gradients of sum(weights * f(lhs, rhs)) with respect to lhs and rhs;
- second (on some cases) is d/d rhs of sum(u * d/d lhs [sum(weights * f(lhs, rhs)**2) / 2]), with u
  in "u": a second derivative through the transpose of a transpose.
Float32 values are the shortest decimal that reads back as the same float32
(scripts/fixture_encoding.py). Values come from JAX (jax_enable_x64, CPU); a float32 case
computes in float32 throughout.
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

rng = np.random.default_rng(11)
CASES = []


def enc_tensor(arr, dtype):
    arr = np.asarray(arr)
    return {"dtype": dtype, "shape": list(arr.shape), "data": [enc_float(v, dtype) for v in arr.reshape(-1).tolist()]}


def call(op, lhs, rhs, kw):
    """Runs one op with fluxion's camelCase keywords translated to JAX's."""
    k = dict(kw)
    pad = k.pop("padding")
    if not isinstance(pad, str):
        pad = [tuple(p) for p in pad]
    strides = k.pop("windowStrides", None)
    if op == "conv_general_dilated":
        return lax.conv_general_dilated(
            lhs, rhs, strides, pad,
            lhs_dilation=k.get("lhsDilation"), rhs_dilation=k.get("rhsDilation"),
            dimension_numbers=tuple(k["dimensionNumbers"]) if "dimensionNumbers" in k else None,
            feature_group_count=k.get("featureGroupCount", 1), batch_group_count=k.get("batchGroupCount", 1),
            precision=lax.Precision.HIGHEST)
    if op == "conv":
        return lax.conv(lhs, rhs, strides, pad, precision=lax.Precision.HIGHEST)
    if op == "conv_with_general_padding":
        return lax.conv_with_general_padding(lhs, rhs, strides, pad, k.get("lhsDilation"), k.get("rhsDilation"),
                                             precision=lax.Precision.HIGHEST)
    if op == "conv_transpose":
        return lax.conv_transpose(
            lhs, rhs, k.pop("strides"), pad, rhs_dilation=k.get("rhsDilation"),
            dimension_numbers=tuple(k["dimensionNumbers"]) if "dimensionNumbers" in k else None,
            transpose_kernel=k.get("transposeKernel", False),
            use_consistent_padding=k.get("useConsistentPadding", False), precision=lax.Precision.HIGHEST)
    raise ValueError(op)


def add(id_, op, lhs_shape, rhs_shape, kwargs, dtypes=("float32", "float64"), second=False):
    for dtype in dtypes:
        lhs = rng.standard_normal(lhs_shape).astype(dtype)
        rhs = rng.standard_normal(rhs_shape).astype(dtype)
        f = lambda a, b: call(op, a, b, kwargs)  # noqa: E731
        out = f(jnp.asarray(lhs), jnp.asarray(rhs))
        w = rng.standard_normal(out.shape).astype(dtype)
        loss = lambda a, b: jnp.sum(jnp.asarray(w) * f(a, b))  # noqa: E731
        gl, gr = jax.grad(loss, argnums=(0, 1))(jnp.asarray(lhs), jnp.asarray(rhs))
        case = {
            "id": f"{id_} {dtype}", "op": op, "dtype": dtype, "kwargs": kwargs,
            "lhs": enc_tensor(lhs, dtype), "rhs": enc_tensor(rhs, dtype), "out": enc_tensor(out, dtype),
            "weights": enc_tensor(w, dtype), "gradLhs": enc_tensor(gl, dtype), "gradRhs": enc_tensor(gr, dtype),
        }
        if second:
            u = rng.standard_normal(lhs_shape).astype(dtype)
            sq = lambda a, b: jnp.sum(jnp.asarray(w) * f(a, b) ** 2) / 2  # noqa: E731
            inner = lambda b: jnp.sum(jnp.asarray(u) * jax.grad(sq, argnums=0)(jnp.asarray(lhs), b))  # noqa: E731
            case["u"] = enc_tensor(u, dtype)
            case["second"] = enc_tensor(jax.grad(inner)(jnp.asarray(rhs)), dtype)
        CASES.append(case)


G = "conv_general_dilated"
# Default layouts (NCHW, OIHW, NCHW), padding modes and explicit pairs (negative pads crop).
add("2-d VALID", G, (2, 3, 5, 6), (4, 3, 3, 2), {"windowStrides": [1, 1], "padding": "VALID"}, second=True)
add("2-d SAME strides (2,1)", G, (2, 3, 7, 6), (4, 3, 3, 3), {"windowStrides": [2, 1], "padding": "SAME"})
add("2-d SAME_LOWER stride 2", G, (1, 2, 6, 5), (3, 2, 2, 3), {"windowStrides": [2, 2], "padding": "SAME_LOWER"})
add("2-d explicit padding with a negative pad", G, (2, 2, 5, 6), (3, 2, 2, 3), {"windowStrides": [1, 2], "padding": [[1, 0], [-1, 2]]})
add("2-d lhs dilation (transposed conv)", G, (2, 3, 4, 5), (2, 3, 3, 2),
    {"windowStrides": [1, 1], "padding": [[2, 2], [1, 0]], "lhsDilation": [2, 3]}, second=True)
add("2-d rhs dilation (atrous) SAME", G, (1, 2, 7, 7), (3, 2, 3, 2), {"windowStrides": [1, 1], "padding": "SAME", "rhsDilation": [2, 3]})
add("2-d both dilations and strides", G, (2, 2, 6, 7), (2, 2, 2, 3),
    {"windowStrides": [2, 3], "padding": [[1, 2], [0, 1]], "lhsDilation": [2, 1], "rhsDilation": [1, 2]})
add("NHWC/HWIO stride 2 SAME", G, (2, 7, 6, 3), (3, 3, 3, 4),
    {"windowStrides": [2, 2], "padding": "SAME", "dimensionNumbers": ["NHWC", "HWIO", "NHWC"]})
add("mixed layouts NWHC/IWHO/CNHW", G, (2, 5, 4, 3), (3, 2, 3, 2),
    {"windowStrides": [1, 2], "padding": "VALID", "dimensionNumbers": ["NWHC", "IWHO", "CNHW"]})
# Groups: feature groups (grouped and depthwise) and batch groups.
add("grouped featureGroupCount 2", G, (2, 4, 5, 5), (6, 2, 3, 3), {"windowStrides": [1, 1], "padding": "SAME", "featureGroupCount": 2}, second=True)
add("depthwise NHWC multiplier 2", G, (2, 6, 6, 3), (3, 3, 1, 6),
    {"windowStrides": [1, 1], "padding": "SAME", "dimensionNumbers": ["NHWC", "HWIO", "NHWC"], "featureGroupCount": 3})
add("batchGroupCount 2", G, (4, 3, 5, 4), (4, 3, 2, 2), {"windowStrides": [1, 1], "padding": "VALID", "batchGroupCount": 2})
# 1-d, 3-d and 0-d.
add("1-d NWC/WIO/NWC stride 2", G, (3, 9, 2), (3, 2, 4),
    {"windowStrides": [2], "padding": "SAME", "dimensionNumbers": ["NWC", "WIO", "NWC"]})
add("1-d default layout rhs dilation", G, (2, 3, 8), (2, 3, 3), {"windowStrides": [1], "padding": [[2, 1]], "rhsDilation": [2]})
add("3-d NCDHW VALID", G, (2, 2, 4, 4, 3), (3, 2, 2, 3, 2), {"windowStrides": [1, 1, 1], "padding": "VALID"})
add("3-d NDHWC strides SAME", G, (1, 5, 4, 6, 2), (3, 2, 3, 2, 3),
    {"windowStrides": [2, 1, 2], "padding": "SAME", "dimensionNumbers": ["NDHWC", "DHWIO", "NDHWC"]})
add("0-d (a matmul)", G, (3, 4), (5, 4), {"windowStrides": [], "padding": []})
add("empty output (window larger than input)", G, (2, 2, 2, 3), (3, 2, 3, 3), {"windowStrides": [1, 1], "padding": "VALID"})
# The convenience wrappers.
add("lax.conv SAME", "conv", (2, 3, 6, 5), (4, 3, 3, 3), {"windowStrides": [1, 2], "padding": "SAME"})
add("lax.conv_with_general_padding", "conv_with_general_padding", (1, 2, 5, 4), (3, 2, 2, 3),
    {"windowStrides": [2, 1], "padding": [[1, 1], [2, 0]], "lhsDilation": [1, 2], "rhsDilation": [2, 1]})
T = "conv_transpose"
add("conv_transpose SAME stride 2 (NHWC default)", T, (2, 4, 3, 3), (3, 3, 3, 2), {"strides": [2, 2], "padding": "SAME"}, second=True)
add("conv_transpose VALID strides (2,3)", T, (1, 3, 4, 2), (2, 3, 2, 3), {"strides": [2, 3], "padding": "VALID"})
add("conv_transpose explicit padding", T, (2, 4, 4, 2), (3, 3, 2, 2), {"strides": [2, 1], "padding": [[1, 2], [0, 1]]})
add("conv_transpose transposeKernel", T, (2, 3, 3, 2), (3, 3, 4, 2), {"strides": [2, 2], "padding": "SAME", "transposeKernel": True})
add("conv_transpose useConsistentPadding", T, (1, 4, 3, 2), (3, 2, 2, 3), {"strides": [2, 2], "padding": [[1, 1], [0, 1]], "useConsistentPadding": True})
add("conv_transpose rhs dilation NCHW", T, (2, 2, 3, 4), (3, 2, 2, 2),
    {"strides": [2, 1], "padding": "SAME", "rhsDilation": [1, 2], "dimensionNumbers": ["NCHW", "OIHW", "NCHW"]})
add("conv_transpose 1-d", T, (2, 5, 3), (3, 3, 2), {"strides": [3], "padding": "VALID"})

out = Path(__file__).resolve().parent.parent / "test" / "fixtures" / "conv.json"
out.write_text(json.dumps({"jax": jax.__version__, "cases": CASES}, separators=(",", ":")) + "\n")
print(f"wrote {len(CASES)} cases to {out}")
