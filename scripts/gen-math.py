#!/usr/bin/env python3
"""
Generates test/fixtures/math.json: expected values of fluxion's elementwise np math functions
(src/np/math*.ts), computed by JAX (float64 enabled) — and by numpy for frexp, whose JAX
implementation misreads float32 subnormals. test/np/math.test.ts reads only the committed JSON.

    python3 scripts/gen-math.py

`values`: one case per (function, dtype, input set): inputs and outputs as flat lists with shapes
and dtypes. The result dtype is fluxion's (JAX's with 32-bit defaults): int32 inputs to a float
function are cast to float32 *before* JAX computes, as fluxion does. Inputs include -0, +-inf and
NaN; binary cases broadcast a column against a row; empty and size-1 shapes are included.
`grads`: first and second derivatives in float64, by jax.grad, at ordinary points and at the
points where JAX defines a value by convention (hypot at the origin, logaddexp at equal arguments
and at infinities, sinc at 0, atan2 at the origin, ...). NaN and +-inf are written as the
strings "nan", "inf", "-inf" (scripts/fixture_encoding.py).
"""
import json
import warnings
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np

from fixture_encoding import enc_float

jax.config.update("jax_enable_x64", True)
warnings.filterwarnings("ignore")

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test" / "fixtures" / "math.json"
NPDT = {"float32": np.float32, "float64": np.float64, "int32": np.int32, "bool": np.bool_}

inf, nan = np.inf, np.nan
FLOATS = [-2.5, -1.0, -0.5, -0.0, 0.0, 0.3, 0.5, 1.0, 1.5, 2.0, 7.25, 1e-30, -1e30, 1e30, inf, -inf, nan]
INTS = [-7, -3, -1, 0, 1, 2, 5, 9]
COL_F = [-7.5, -3.0, -1.0, -0.0, 0.0, 0.5, 2.0, 3.0, 1e30, inf, -inf, nan]
ROW_F = [-2.0, -0.0, 0.0, 1.5, 3.0, inf, nan]
COL_I = [-7, -3, -1, 0, 1, 5, 7]
ROW_I = [-2, -1, 0, 1, 3]


def enc_array(a):
    a = np.asarray(a)
    dtype = str(a.dtype)
    if dtype == "bool":
        data = [bool(v) for v in a.ravel()]
    elif dtype.startswith("int"):
        data = [int(v) for v in a.ravel()]
    else:
        data = [enc_float(v, dtype) for v in a.ravel()]
    return {"data": data, "shape": list(a.shape), "dtype": dtype}


FLOAT_FNS = {  # fluxion name -> jnp function (float results)
    "arcsin": jnp.arcsin, "arccos": jnp.arccos, "arctan": jnp.arctan, "sinh": jnp.sinh, "cosh": jnp.cosh,
    "arcsinh": jnp.arcsinh, "arccosh": jnp.arccosh, "arctanh": jnp.arctanh,
    "asin": jnp.asin, "acos": jnp.acos, "atan": jnp.atan, "asinh": jnp.asinh, "acosh": jnp.acosh, "atanh": jnp.atanh,
    "cbrt": jnp.cbrt, "exp2": jnp.exp2, "log2": jnp.log2, "log10": jnp.log10, "sinc": jnp.sinc,
    "rad2deg": jnp.rad2deg, "deg2rad": jnp.deg2rad, "degrees": jnp.degrees, "radians": jnp.radians,
    "rint": jnp.rint, "modf": jnp.modf, "frexp": np.frexp,
}
KEEP_FNS = {  # results keep the input dtype (or are bool)
    "trunc": jnp.trunc, "isfinite": jnp.isfinite, "isinf": jnp.isinf, "isnan": jnp.isnan,
    "isposinf": jnp.isposinf, "isneginf": jnp.isneginf, "signbit": jnp.signbit,
    "positive": jnp.positive, "negative": jnp.negative, "absolute": jnp.absolute, "nanToNum": jnp.nan_to_num,
}
FLOAT_BIN = {
    "arctan2": jnp.arctan2, "atan2": jnp.atan2, "hypot": jnp.hypot, "logaddexp": jnp.logaddexp,
    "logaddexp2": jnp.logaddexp2, "copysign": jnp.copysign, "nextafter": jnp.nextafter,
    "heaviside": jnp.heaviside, "floatPower": jnp.float_power, "divide": jnp.divide, "trueDivide": jnp.true_divide,
}
KEEP_BIN = {
    "floorDivide": jnp.floor_divide, "fmod": jnp.fmod, "remainder": jnp.remainder, "divmod": jnp.divmod,
    "fmax": jnp.fmax, "fmin": jnp.fmin, "multiply": jnp.multiply, "subtract": jnp.subtract,
    "logicalXor": jnp.logical_xor,
}


def outputs(r):
    return [enc_array(x) for x in r] if isinstance(r, tuple) else [enc_array(r)]


values = []


def case(name, fn, args, **kwargs):
    values.append({"fn": name, "args": [enc_array(a) for a in args], "kwargs": kwargs,
                   "out": outputs(fn(*args, **kwargs))})


for name, fn in FLOAT_FNS.items():
    for dt in ("float32", "float64"):
        case(name, fn, [np.array(FLOATS, NPDT[dt])])
    # int32 input: fluxion (like JAX without x64) computes in float32.
    values.append({"fn": name, "args": [enc_array(np.array(INTS, np.int32))], "kwargs": {},
                   "out": outputs(fn(np.array(INTS, np.float32)))})
    case(name, fn, [np.zeros((0, 3), np.float32)])
    case(name, fn, [np.array([[0.25]], np.float64)])
for name, fn in KEEP_FNS.items():
    for dt in ("float32", "float64", "int32"):
        case(name, fn, [np.array(INTS if dt == "int32" else FLOATS, NPDT[dt])])
    case(name, fn, [np.zeros((2, 0), np.float64)])
for name, fn in FLOAT_BIN.items():
    for dt in ("float32", "float64"):
        case(name, fn, [np.array(COL_F, NPDT[dt]).reshape(-1, 1), np.array(ROW_F, NPDT[dt])])
    values.append({"fn": name, "args": [enc_array(np.array(COL_I, np.int32).reshape(-1, 1)), enc_array(np.array(ROW_I, np.int32))],
                   "kwargs": {}, "out": outputs(fn(np.array(COL_I, np.float32).reshape(-1, 1), np.array(ROW_I, np.float32)))})
    case(name, fn, [np.zeros((0,), np.float32), np.array([[1.0]], np.float32)])
for name, fn in KEEP_BIN.items():
    for dt in ("float32", "float64"):
        case(name, fn, [np.array(COL_F, NPDT[dt]).reshape(-1, 1), np.array(ROW_F, NPDT[dt])])
    case(name, fn, [np.array(COL_I, np.int32).reshape(-1, 1), np.array(ROW_I, np.int32)])
    case(name, fn, [np.array(INTS, np.int32).reshape(2, 4), np.zeros((2, 4), np.int32)])  # x / 0
    case(name, fn, [np.zeros((3, 0), np.float64), np.ones((1, 1), np.float64)])
# int32 ** int32 stays integer (power); a float exponent makes it float.
case("power", jnp.power, [np.array(COL_I, np.int32).reshape(-1, 1), np.array([0, 1, 2, 3], np.int32)])
case("power", jnp.power, [np.array(COL_F, np.float64).reshape(-1, 1), np.array(ROW_F, np.float64)])
# ldexp: integer exponents, including ones that overflow or underflow only in the power of two.
for dt in ("float32", "float64"):
    lim = 128 if dt == "float32" else 1024
    x = np.array([0.75, -1.5, 3.0, 0.0, -0.0, inf, -inf, nan, 1e-30, 5.0], NPDT[dt])
    e = np.array([4, -3, lim - 2, 10, 10, 2, 2, 1, lim // 2, -(lim + 10)], np.int32)
    case("ldexp", jnp.ldexp, [x, e])
    case("ldexp", jnp.ldexp, [np.array([1.0, 0.5, 1.75], NPDT[dt]).reshape(-1, 1), np.array([-1, 0, 3, lim - 1], np.int32)])
# frexp of subnormals (numpy's exact value) and of the largest finite values.
case("frexp", np.frexp, [np.array([1e-45, 3e-40, -1.2e-38, 3.4028235e38], np.float32)])
case("frexp", np.frexp, [np.array([5e-324, 1e-310, -2.2250738585072014e-308, 1.7976931348623157e308], np.float64)])
# nanToNum options, and nextafter next to 0, across float32 subnormals and at the largest finite.
x = np.array([nan, inf, -inf, 1.5, -0.0], np.float32)
case("nanToNum", jnp.nan_to_num, [x], nan=-1.0, posinf=9.0, neginf=-9.0)
case("nanToNum", jnp.nan_to_num, [x.astype(np.float64)], posinf=1e300)
for dt in ("float32", "float64"):
    big = np.finfo(NPDT[dt]).max
    case("nextafter", jnp.nextafter, [np.array([0.0, -0.0, 0.0, 1.0, -1.0, big, -big, inf, 2.0], NPDT[dt]),
                                       np.array([1.0, -1.0, -0.0, 0.0, -2.0, inf, -inf, 0.0, 2.0], NPDT[dt])])

# unwrap: radians by default, degrees and integers with a period, along either axis, discont.
phase = np.array([0.1, 3.0, -3.0, -0.2, 6.0, 12.5, 0.3, -6.2, 0.0, 3.14159], np.float64)
for dt in ("float32", "float64"):
    case("unwrap", jnp.unwrap, [phase.astype(NPDT[dt])])
    case("unwrap", jnp.unwrap, [phase.astype(NPDT[dt]).reshape(2, 5)], axis=0)
    case("unwrap", jnp.unwrap, [phase.astype(NPDT[dt]).reshape(5, 2)], discont=4.0)
case("unwrap", jnp.unwrap, [np.array([0, 350, 5, 190, 10, -170, 181, 0], np.int32)], period=360)
case("unwrap", jnp.unwrap, [np.array([[0, 4, 1], [2, 0, 3]], np.int32)], period=5, axis=-1)
case("unwrap", jnp.unwrap, [np.array([10.0, 200.0, 50.0, 359.0], np.float32)], period=360.0, discont=100.0)
case("unwrap", jnp.unwrap, [np.zeros((3, 0), np.float32)])
case("unwrap", jnp.unwrap, [np.array([[2.5]], np.float64)])

# ---- derivatives (float64): d/dx_i and d^2/dx_i^2 of each argument at each point ---------------

GRAD_FNS = {
    "arcsin": (jnp.arcsin, [[-0.7], [0.0], [0.3], [1.0]]), "arccos": (jnp.arccos, [[-0.7], [0.3], [1.0]]),
    "arctan": (jnp.arctan, [[-2.0], [0.0], [0.5], [inf]]), "sinh": (jnp.sinh, [[-1.5], [0.0], [2.0]]),
    "cosh": (jnp.cosh, [[-1.5], [0.0], [2.0]]), "arcsinh": (jnp.arcsinh, [[-3.0], [0.0], [0.5]]),
    "arccosh": (jnp.arccosh, [[1.0], [1.5], [4.0]]), "arctanh": (jnp.arctanh, [[-0.5], [0.0], [0.9], [1.0]]),
    "cbrt": (jnp.cbrt, [[-8.0], [0.0], [0.5], [27.0]]), "exp2": (jnp.exp2, [[-3.0], [0.0], [1.5]]),
    "log2": (jnp.log2, [[0.5], [3.0], [0.0]]), "log10": (jnp.log10, [[0.1], [7.0]]),
    "sinc": (jnp.sinc, [[0.0], [0.25], [-1.5], [1.0]]), "rad2deg": (jnp.rad2deg, [[0.5]]), "deg2rad": (jnp.deg2rad, [[30.0]]),
    "arctan2": (jnp.arctan2, [[1.0, 2.0], [-1.0, -1.0], [0.0, 0.0], [0.0, -1.0], [1.0, inf], [inf, 1.0]]),
    "hypot": (jnp.hypot, [[0.0, 0.0], [3.0, 4.0], [-3.0, 0.0], [0.0, 2.0], [1e200, 1e-200], [-5.0, 12.0]]),
    "logaddexp": (jnp.logaddexp, [[1.0, 1.0], [0.0, 0.0], [2.0, -1.0], [-inf, 1.0], [1.0, -inf], [-inf, -inf], [inf, -inf], [inf, inf], [800.0, 799.0]]),
    "logaddexp2": (jnp.logaddexp2, [[1.0, 1.0], [3.0, -2.0], [-inf, 1.0], [-inf, -inf]]),
    "copysign": (jnp.copysign, [[-2.0, 1.0], [2.0, -3.0], [0.5, -0.0]]),
    "fmod": (jnp.fmod, [[5.0, 3.0], [-5.5, 2.0], [7.0, -2.5]]), "remainder": (jnp.remainder, [[-5.0, 3.0], [5.5, -2.0]]),
    "floatPower": (jnp.float_power, [[2.0, 3.0], [0.5, -1.5]]),
    "fmax": (jnp.fmax, [[1.0, 2.0], [3.0, -1.0], [1.0, nan]]), "fmin": (jnp.fmin, [[1.0, 2.0], [3.0, -1.0], [nan, 1.0]]),
    "heaviside": (jnp.heaviside, [[0.0, 0.5], [2.0, 0.5]]), "trunc": (jnp.trunc, [[1.7]]), "rint": (jnp.rint, [[1.7]]),
    "nanToNum": (jnp.nan_to_num, [[inf], [2.0], [nan]]), "floorDivide": (jnp.floor_divide, [[7.0, 2.0]]),
    "modf": (lambda x: jnp.modf(x)[0], [[3.5], [-2.25]]), "frexp": (lambda x: jnp.frexp(x)[0], [[3.0], [-0.1], [0.0]]),
    "ldexp": (lambda x: jnp.ldexp(x, 3), [[1.5], [-0.25]]),
}


def derivs(fn, point):
    out = []
    for i in range(len(point)):
        def f(t, i=i):
            args = [jnp.float64(v) for v in point]
            args[i] = t
            return fn(*args)
        g1 = jax.grad(f)(jnp.float64(point[i]))
        g2 = jax.grad(jax.grad(f))(jnp.float64(point[i]))
        out.append([enc_float(g1, "float64"), enc_float(g2, "float64")])
    return out


grads = []
for name, (fn, points) in GRAD_FNS.items():
    for p in points:
        grads.append({"fn": name, "at": [enc_float(v, "float64") for v in p],
                      "value": enc_float(fn(*[jnp.float64(v) for v in p]), "float64"), "d": derivs(fn, p)})

OUT.write_text(json.dumps({"values": values, "grads": grads}, separators=(",", ":")) + "\n")
print(f"wrote {OUT.relative_to(ROOT)}: {len(values)} value cases, {len(grads)} derivative cases")
