#!/usr/bin/env python3
"""
Generates test/fixtures/bitwise.json: what JAX does with uint32 and the bitwise/integer ops, for
test/tensor/uint32.test.ts, test/np/bitwise.test.ts and test/np/dtype-info.test.ts (which only read
the committed JSON; they never run python). Re-run after changing a case (needs `pip install jax`):

    python3 scripts/gen-bitwise.py

Computed on CPU with JAX's defaults (x64 disabled) unless a case says otherwise; float64 cases
enable x64 for that computation only. Integers are written as JSON numbers (exact below 2^53);
floats through fixture_encoding.enc_float (NaN and ±inf as strings).
"""
import json
from pathlib import Path

import numpy as np
import jax

jax.config.update("jax_platforms", "cpu")

import jax.numpy as jnp  # noqa: E402
from jax import lax  # noqa: E402

from fixture_encoding import enc_float  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test" / "fixtures" / "bitwise.json"

DTYPES = ["bool", "int32", "uint32", "float32", "float64"]
JNP = {"bool": jnp.bool_, "int32": jnp.int32, "uint32": jnp.uint32, "float32": jnp.float32, "float64": jnp.float64}


def ints(a):
    return [int(v) for v in np.asarray(a).ravel()]


def floats(a, dtype):
    return [enc_float(v, dtype) for v in np.asarray(a).ravel()]


def with_x64(f):
    jax.config.update("jax_enable_x64", True)
    try:
        return f()
    finally:
        jax.config.update("jax_enable_x64", False)


# ---- promotion -----------------------------------------------------------------------------------

def promotion():
    x64 = {a: {b: str(with_x64(lambda: jnp.promote_types(JNP[a], JNP[b]))) for b in DTYPES} for a in DTYPES}
    x32 = {a: {b: str(jnp.promote_types(JNP[a], JNP[b])) for b in ["bool", "int32", "uint32", "float32"]} for a in ["bool", "int32", "uint32", "float32"]}
    # A weak Python scalar meeting an array of each dtype (x64 only for the float64 array, since
    # with x64 a weak float meeting an integer array would give float64).
    weak = {}
    for d in DTYPES:
        run = with_x64 if d == "float64" else (lambda f: f())
        arr = lambda: jnp.zeros(2, JNP[d])  # noqa: E731
        weak[d] = {
            "int": str(run(lambda: (arr() + 1).dtype)),
            "float": str(run(lambda: (arr() + 1.5).dtype)),
            "bool": str(run(lambda: (arr() + True).dtype)),
        }
    # Python ints meeting uint32 are checked against int32's range (JAX's weak ints are int32)
    # and negative ones wrap: fluxion deviates (see test/tensor/uint32.test.ts).
    weak_uint32 = {}
    for v in [-1, -(2**31), -(2**31) - 1, 2**31 - 1, 2**31, 2**32 - 1, 2**32]:
        try:
            weak_uint32[str(v)] = ints(jnp.zeros(1, jnp.uint32) + v)[0]
        except OverflowError:
            weak_uint32[str(v)] = "OverflowError"
    return {"x64": x64, "x32": x32, "weak": weak, "weak uint32": weak_uint32}


# ---- uint32 arithmetic and conversions --------------------------------------------------------------

U = jnp.uint32
I = jnp.int32
UA = [0, 1, 7, 2**31, 2**32 - 1, 2**32 - 2, 123456789, 5]
UB = [0, 2, 0, 3, 2**32 - 1, 2, 1000, 0]


def uint32_cases():
    a, b = jnp.array(UA, U), jnp.array(UB, U)
    ia = jnp.array([7, -7, 0, -(2**31), 2**31 - 1, 5], I)
    ib = jnp.array([0, 0, 0, -1, -1, 2], I)
    specials = [float("nan"), float("inf"), float("-inf"), -1.0, -0.5, -0.0, 0.5, 3.7, 2147483648.0,
                4294967295.0, 4294967296.0, 1e10, -1e10, 16777217.0]
    conv = {}
    for d in ["float32", "float64"]:
        xs = np.array(specials, dtype=d)
        res = with_x64(lambda: ints(lax.convert_element_type(jnp.asarray(xs), U)))
        conv[d] = {"in": floats(xs, d), "out": res}
    x = jnp.array(UA, U)
    return {
        "a": UA, "b": UB,
        "add": ints(a + b), "sub": ints(a - b), "mul": ints(a * b),
        "div": ints(lax.div(a, b)), "rem": ints(lax.rem(a, b)),
        "max": ints(jnp.maximum(a, b)), "min": ints(jnp.minimum(a, b)),
        "lt": ints(a < b), "neg": ints(-a), "not": ints(~a),
        "pow3": ints(lax.integer_pow(a, 3)),
        "int32 a": ints(ia), "int32 b": ints(ib),
        "int32 div": ints(lax.div(ia, ib)), "int32 rem": ints(lax.rem(ia, ib)),
        "from float": conv,
        "int32 to uint32": {"in": [-1, -(2**31), 5, 0], "out": ints(lax.convert_element_type(jnp.array([-1, -(2**31), 5, 0], I), U))},
        "uint32 to int32": {"in": [2**31, 2**32 - 1, 5, 0], "out": ints(lax.convert_element_type(jnp.array([2**31, 2**32 - 1, 5, 0], U), I))},
        "uint32 to float32": {"in": [2**32 - 1, 2**31 + 1, 16777217], "out": floats(lax.convert_element_type(jnp.array([2**32 - 1, 2**31 + 1, 16777217], U), jnp.float32), "float32")},
        "uint32 to bool": {"in": [0, 2**31, 1], "out": ints(lax.convert_element_type(jnp.array([0, 2**31, 1], U), jnp.bool_))},
        "sum": int(jnp.sum(x)), "prod": int(jnp.prod(x[1:4])), "max all": int(jnp.max(x)), "min all": int(jnp.min(x)),
        "argmax": int(jnp.argmax(x)), "argmin": int(jnp.argmin(x)),
        "cumsum": ints(jnp.cumsum(x)),
        "matmul": ints(jnp.array([[2**31, 3], [1, 2**32 - 1]], U) @ jnp.array([[2, 1], [5, 2**31]], U)),
    }


# ---- shifts, counts and the bitwise functions ---------------------------------------------------------

AMOUNTS = [0, 1, 31, 32, 33, -1, 100]


def shift_cases():
    out = {"amounts": AMOUNTS}
    for name, xs, d in [("int32", [1, -8, -(2**31), 2**31 - 1, 12345], I), ("uint32", [1, 2**31, 2**32 - 1, 8, 12345], U)]:
        x = jnp.array(xs, d)
        amounts = [a for a in AMOUNTS if d == I or a >= 0]
        rows = {}
        for a in amounts:
            s = jnp.full(x.shape, a, d)
            rows[str(a)] = {
                "shift_left": ints(lax.shift_left(x, s)),
                "shift_right_arithmetic": ints(lax.shift_right_arithmetic(x, s)),
                "shift_right_logical": ints(lax.shift_right_logical(x, s)),
                "left_shift": ints(jnp.left_shift(x, s)),
                "right_shift": ints(jnp.right_shift(x, s)),
            }
        out[name] = {"x": xs, "by": rows}
    return out


def count_cases():
    i = [0, -1, 1, 7, -(2**31), 2**31 - 1, 0x0F0F0F0F, 256]
    u = [0, 2**32 - 1, 1, 7, 2**31, 2**31 - 1, 0xF0F0F0F0, 256]
    return {
        "int32": {"x": i, "population_count": ints(lax.population_count(jnp.array(i, I))), "clz": ints(lax.clz(jnp.array(i, I))),
                  "bitwise_count": ints(jnp.bitwise_count(jnp.array(i, I)))},
        "uint32": {"x": u, "population_count": ints(lax.population_count(jnp.array(u, U))), "clz": ints(lax.clz(jnp.array(u, U))),
                   "bitwise_count": ints(jnp.bitwise_count(jnp.array(u, U)))},
        "bool bitwise_count": ints(jnp.bitwise_count(jnp.array([True, False]))),
        "bitwise_count dtype": str(jnp.bitwise_count(jnp.array(i, I)).dtype),
    }


def logic_cases():
    ia, ib = [12, -1, 0, -(2**31), 5], [10, 7, -1, -1, 3]
    ua, ub = [12, 2**32 - 1, 0, 2**31, 5], [10, 7, 2**32 - 1, 2**32 - 1, 3]
    ba, bb = [True, True, False, False], [True, False, True, False]
    res = {}
    for name, a, b, d in [("int32", ia, ib, I), ("uint32", ua, ub, U), ("bool", ba, bb, jnp.bool_)]:
        x, y = jnp.array(a, d), jnp.array(b, d)
        res[name] = {
            "a": ints(x), "b": ints(y),
            "and": ints(jnp.bitwise_and(x, y)), "or": ints(jnp.bitwise_or(x, y)), "xor": ints(jnp.bitwise_xor(x, y)),
            "not": ints(jnp.bitwise_not(x)), "invert": ints(jnp.invert(x)),
        }
    res["mixed int32 uint32 and"] = {"dtype": str(jnp.bitwise_and(jnp.array(ia, I), jnp.array(ua, U)).dtype),
                                     "out": ints(jnp.bitwise_and(jnp.array(ia, I), jnp.array(ua, U)))}
    res["bool and 3"] = {"dtype": str(jnp.bitwise_and(jnp.array(ba), 3).dtype), "out": ints(jnp.bitwise_and(jnp.array(ba), 3))}
    res["uint32 right_shift int32"] = {"dtype": str(jnp.right_shift(jnp.array([2**31], U), jnp.array([1], I)).dtype)}
    return res


# ---- finfo, iinfo, can_cast -------------------------------------------------------------------------------

def info_cases():
    fin = {}
    for d in ["float32", "float64"]:
        f = jnp.finfo(JNP[d])
        fin[d] = {
            "bits": int(f.bits), "eps": enc_float(f.eps, d), "epsneg": enc_float(f.epsneg, d),
            "max": enc_float(f.max, d), "min": enc_float(f.min, d), "tiny": enc_float(f.tiny, d),
            "smallestNormal": enc_float(f.smallest_normal, d), "smallestSubnormal": enc_float(f.smallest_subnormal, d),
            "resolution": enc_float(f.resolution, d), "precision": int(f.precision),
            "maxexp": int(f.maxexp), "minexp": int(f.minexp), "nmant": int(f.nmant), "nexp": int(f.nexp),
            "machep": int(f.machep), "negep": int(f.negep), "iexp": int(f.iexp), "dtype": str(f.dtype),
        }
    iin = {d: {"bits": int(jnp.iinfo(JNP[d]).bits), "min": int(jnp.iinfo(JNP[d]).min), "max": int(jnp.iinfo(JNP[d]).max),
               "dtype": str(jnp.iinfo(JNP[d]).dtype), "kind": jnp.iinfo(JNP[d]).kind} for d in ["int32", "uint32"]}
    cast = {}
    for mode in ["no", "equiv", "safe", "same_kind", "unsafe"]:
        cast[mode] = {a: {b: bool(jnp.can_cast(JNP[a], JNP[b], casting=mode)) for b in DTYPES} for a in DTYPES}
    scal = {
        "python int": bool(jnp.isscalar(3)), "python float": bool(jnp.isscalar(2.5)), "python bool": bool(jnp.isscalar(True)),
        "0-d array": bool(jnp.isscalar(jnp.array(1.0))), "1-d array": bool(jnp.isscalar(jnp.array([1.0]))),
        "list": bool(jnp.isscalar([1])), "None": bool(jnp.isscalar(None)),
    }
    rt = {
        "int32, uint32": str(jnp.result_type(jnp.int32, jnp.uint32)),
        "int32 array, python float": str(jnp.result_type(jnp.zeros(1, I), 1.5)),
        "uint32 array, python int": str(jnp.result_type(jnp.zeros(1, U), 1)),
        "bool array, python int": str(jnp.result_type(jnp.zeros(1, jnp.bool_), 1)),
        "float32, int32, bool": str(jnp.result_type(jnp.float32, jnp.int32, jnp.bool_)),
        "python float": str(jnp.result_type(1.5)),
        "python bool": str(jnp.result_type(True)),
    }
    return {"finfo": fin, "iinfo": iin, "can_cast": cast, "isscalar": scal, "result_type": rt}


def main():
    out = {
        "promotion": promotion(),
        "uint32": uint32_cases(),
        "shifts": shift_cases(),
        "counts": count_cases(),
        "logic": logic_cases(),
        "info": info_cases(),
        "jax_version": jax.__version__,
    }
    OUT.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
