#!/usr/bin/env python3
"""
Generates test/fixtures/repr.json: numpy's `repr` of arrays of every fluxion dtype, which
`Tensor.toString()` reproduces (test/tensor/format.test.ts reads the committed JSON; it never
runs python). Re-run after changing the cases:

    python3 scripts/gen-repr.py

Each case is { shape, dtype, values, repr }: `values` row-major (NaN and +-inf encoded as the
strings "nan", "inf", "-inf"; float32 values as the shortest decimal that reads back as the same
float32), `repr` numpy's text with its default print options.
"""
import json
from pathlib import Path

import numpy as np
from fixture_encoding import enc_float

ROOT = Path(__file__).resolve().parent.parent
rng = np.random.default_rng(0)


def case(a):
    a = np.asarray(a)
    dtype = str(a.dtype)
    if dtype == "bool":
        values = [bool(v) for v in a.ravel()]
    elif dtype.startswith("float"):
        values = [enc_float(v, dtype) for v in a.ravel()]
    else:
        values = [int(v) for v in a.ravel()]
    return {"shape": list(a.shape), "dtype": dtype, "values": values, "repr": repr(a)}


f32, f64, i32, u32 = np.float32, np.float64, np.int32, np.uint32
arrays = [
    np.array([[1, 2], [3, 4]], f32),
    np.array([1.5, 2.25], f32),
    np.array([0.1, 0.2], f32),
    np.array([1 / 3], f32),
    np.array([1 / 3], f64),
    np.array([1e-5, 1.5]),
    np.array([1e-5, 1.0]),
    np.array([1e10, 1.0]),
    np.array([-1.0, 2.0]),
    np.array([0.0, -0.0]),
    np.array([np.nan, np.inf, -np.inf, 1.5], f32),
    np.array([np.nan, np.inf]),
    np.array([np.nan]),
    np.array([-np.inf, 2e-7], f32),
    np.array(1.0, f32),
    np.array(-2.5),
    np.array(7, i32),
    np.array(True),
    np.array([True, False]),
    np.array([[True], [False]]),
    np.array([[1, 2], [3, 40]], i32),
    np.array([-5, 123456], i32),
    np.zeros((0, 3), f32),
    np.zeros((0,), f32),
    np.zeros((0,), f64),
    np.zeros((2, 0), i32),
    np.arange(24, dtype=f32).reshape(2, 3, 4),
    np.arange(24, dtype=i32).reshape(2, 3, 2, 2),
    np.linspace(0, 1, 30),
    np.linspace(0, 1, 30).astype(f32),
    np.arange(2000, dtype=f32),
    np.arange(1001, dtype=i32),
    np.arange(3000, dtype=f64).reshape(30, 100) / 7,
    np.arange(1200, dtype=f32).reshape(2, 600),
    rng.standard_normal((4, 5)).astype(f32),
    rng.standard_normal((3, 4)),
    rng.standard_normal(40) * 1e5,
    rng.standard_normal(12).astype(f32) * 1e-3,
    np.array([123456789.0, 1.0]),
    np.array([0.5, 1e-4]),
    np.array([2.0 ** -1074, 1.0]),
    np.array([3.4028235e38, -1.0], f32),
    np.array([0, 1, 2**31 - 1], i32),
    np.full((3, 30), 1.25, f32),
    np.full(16, 1 / 3),
]
cases = [case(a) for a in arrays]
(ROOT / "test" / "fixtures" / "repr.json").write_text(json.dumps({"numpy": np.__version__, "cases": cases}, indent=0) + "\n")
print(f"wrote {len(cases)} cases")
