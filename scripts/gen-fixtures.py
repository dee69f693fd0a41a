#!/usr/bin/env python3
"""
Generates test/fixtures/np-cases.json: example cases for fluxion's `np` and `nn` functions with
expected values computed by numpy (2.x). The TypeScript tests (test/np/*.test.ts) only read the
committed JSON; they never run python. Re-run after changing a case:

    python3 scripts/gen-fixtures.py

Each case is
    { id, family, op, args, dtypes, shapes, kwargs, expected, expectedShape, expectedDtype, tol }
where `args[i]` is nested lists (a tensor built with `np.array(args[i], { dtype: dtypes[i] })`,
reshaped to `shapes[i]` so empty dims survive) or, when `dtypes[i]` is null, a raw JS value passed
as is (a bare number is weakly typed in fluxion, a nested list is strongly typed float32).
NaN and +-inf are encoded as the strings "nan", "inf", "-inf".

How expectations are computed
- Inputs are deterministic (np.random.default_rng(0)) and in-domain (positive for log/sqrt ...).
- The result dtype follows fluxion's rules (JAX's), not numpy's: bare numbers are weak and take the
  tensor's dtype, int32 with float32 gives float32, float-only math on ints gives float32. Inputs
  are cast to that dtype *before* numpy computes, so numpy computes in the fluxion result dtype.
- float64 cases: numpy in float64.
- float32 cases of single elementwise ops: numpy in float32 (np.float32 in, np.float32 out).
- float32 cases of reductions, matmul/dot/einsum and the nn composites: numpy in float64 on the
  (exact) float32 inputs, rounded once to float32. fluxion accumulates sums and products in float64
  and rounds once, so this correctly rounded value is the reference it should meet; numpy's own
  float32 accumulation would add its own rounding error to the comparison.
Tolerances (|got - want| <= atol + rtol |want|): float64 rtol 1e-12 with a tiny atol (1e-14; 1e-13
for sums of products, see TOL_SUM64), float32 rtol 1e-6 with a 2e-6 floor near zero, int32/bool
exact. Every float32 case meets 1e-6, transcendental ones included: fluxion evaluates float32 math
in float64 and rounds once (correctly rounded but for rare double-rounding ties), numpy's float32
libm is within ~1-2 ulp, and 1e-6 is ~8 ulp. Measured when this was written, the worst case used
17% of its tolerance (exp, 1.4 ulp), so no case needs a wider one.
"""
import json
import warnings
from pathlib import Path

import numpy as np

from fixture_encoding import enc_float

# numpy warns on purpose-made edge inputs (log(0), mean of an empty axis, int32 overflow).
warnings.filterwarnings("ignore", category=RuntimeWarning)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test" / "fixtures" / "np-cases.json"

rng = np.random.default_rng(0)
NPDT = {"float32": np.float32, "float64": np.float64, "int32": np.int32, "bool": np.bool_}
ORDER = ["bool", "int32", "float32", "float64"]
FLOATS = ("float32", "float64")

TOL = {
    "float64": {"rtol": 1e-12, "atol": 1e-14},
    "float32": {"rtol": 1e-6, "atol": 2e-6},
    "int32": {"rtol": 0, "atol": 0},
    "bool": {"rtol": 0, "atol": 0},
}
# Sums of many products (matmul, dot, einsum, reductions): the float64 result carries rounding
# error of order n * eps * sum|terms| (~1e-14 for the sizes here), which is absolute, not relative
# to an entry that happens to cancel to near zero. 1e-13 is still "tiny" next to the O(1..10) values.
TOL_SUM64 = {"rtol": 1e-12, "atol": 1e-13}


# ---------------------------------------------------------------------------------------------
# Values: tensors (T), raw JS values (J)
# ---------------------------------------------------------------------------------------------


class T:
    """A tensor argument: numpy data of one of fluxion's dtypes."""

    def __init__(self, data, dtype, exact=False):
        self.dtype = dtype
        a = np.asarray(data)
        if dtype == "float64" and not exact:
            # Random float64 inputs are cut to 10 significant digits to keep the JSON small; they
            # are still float64 values (not float32-representable), which is all a case needs.
            a = np.array([float(f"{v:.10g}") for v in a.astype(np.float64).ravel()]).reshape(a.shape)
        self.a = a.astype(NPDT[dtype])


class J:
    """A raw JS value passed to fluxion as is (a number is weakly typed)."""

    def __init__(self, value):
        self.v = value


def t32(a):
    return T(a, "float32")


def t64(a):
    return T(a, "float64")


def ti(a):
    return T(a, "int32")


def tb(a):
    return T(a, "bool")


def enc(a, dtype):
    a = np.asarray(a)
    if dtype == "bool":
        return a.astype(bool).tolist()
    if dtype == "int32":
        return a.astype(np.int64).tolist()

    def walk(v):
        if isinstance(v, list):
            return [walk(u) for u in v]
        return enc_float(v, dtype)

    return walk(a.astype(np.float64).tolist())


def enc_raw(v):
    if isinstance(v, (list, tuple)):
        return [enc_raw(u) for u in v]
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return enc_float(v, "float64")
    if v is None or isinstance(v, str):
        return v
    raise TypeError(f"cannot encode {v!r}")


CASES = []
IDS = set()


def add_case(family, op, args, expected, expected_dtype, kwargs=None, tol=None, id=None):
    expected = np.asarray(expected)
    if expected_dtype in NPDT:
        expected = expected.astype(NPDT[expected_dtype])
    dts = [a.dtype if isinstance(a, T) else None for a in args]
    base = id or f"{op}/{expected_dtype}/" + " ".join(
        (f"{a.dtype[0] if a.dtype != 'bool' else 'b'}{list(a.a.shape)}" if isinstance(a, T) else f"js:{json.dumps(enc_raw(a.v))[:24]}")
        for a in args
    )
    if kwargs:
        base += " " + json.dumps(kwargs, separators=(",", ":"))
    cid, k = base, 2
    while cid in IDS:
        cid = f"{base} #{k}"
        k += 1
    IDS.add(cid)
    case = {
        "id": cid,
        "family": family,
        "op": op,
        "args": [enc(a.a, a.dtype) if isinstance(a, T) else enc_raw(a.v) for a in args],
        "dtypes": dts,
        "shapes": [list(a.a.shape) if isinstance(a, T) else None for a in args],
        "kwargs": kwargs or {},
        "expected": enc(expected, expected_dtype),
        "expectedShape": list(expected.shape),
        "expectedDtype": expected_dtype,
        "tol": tol or TOL[expected_dtype],
    }
    CASES.append(case)


# ---------------------------------------------------------------------------------------------
# fluxion's dtype promotion (src/tensor/dtype.ts), used to choose the dtype numpy computes in
# ---------------------------------------------------------------------------------------------


def pmax(a, b):
    return a if ORDER.index(a) >= ORDER.index(b) else b


def weak_dtype(v, partner):
    if partner in FLOATS:
        return partner
    if isinstance(v, bool):
        return partner
    if not float(v).is_integer():
        return "float32"
    return "int32" if partner == "bool" else partner


def promote(args):
    strong = []
    for a in args:
        if isinstance(a, T):
            strong.append(a.dtype)
        elif isinstance(a.v, (list, tuple)):
            flat = np.asarray(a.v, dtype=object).ravel().tolist()
            strong.append("bool" if flat and all(isinstance(x, bool) for x in flat) else "float32")
    if strong:
        common = strong[0]
        for d in strong[1:]:
            common = pmax(common, d)
    else:
        common = "bool" if all(isinstance(a.v, bool) for a in args) else "float32"
    for a in args:
        if isinstance(a, J) and isinstance(a.v, (int, float)) and not isinstance(a.v, bool):
            common = pmax(common, weak_dtype(a.v, common))
    return common


def as_np(a, dtype):
    """An argument as a numpy array of `dtype` (weak numbers included)."""
    v = a.a if isinstance(a, T) else np.asarray(a.v, dtype=np.float64)
    return np.asarray(v).astype(NPDT[dtype])


def float_of(d):
    return d if d in FLOATS else "float32"


# ---------------------------------------------------------------------------------------------
# Elementwise
# ---------------------------------------------------------------------------------------------

UNARY = {
    # name: (numpy fn, float-only?, domain sampler (shape, dtype) -> array)
    "neg": (np.negative, False, lambda s: rng.normal(0, 3, s)),
    "exp": (np.exp, True, lambda s: rng.uniform(-10, 10, s)),
    "log": (np.log, True, lambda s: np.exp(rng.uniform(-6, 6, s))),
    "log1p": (np.log1p, True, lambda s: rng.uniform(-0.9, 10, s)),
    "expm1": (np.expm1, True, lambda s: rng.uniform(-5, 5, s)),
    "sin": (np.sin, True, lambda s: rng.uniform(-10, 10, s)),
    "cos": (np.cos, True, lambda s: rng.uniform(-10, 10, s)),
    "tan": (np.tan, True, lambda s: rng.uniform(-1.4, 1.4, s)),
    "tanh": (np.tanh, True, lambda s: rng.uniform(-6, 6, s)),
    "sqrt": (np.sqrt, True, lambda s: rng.uniform(0, 100, s)),
    "abs": (np.abs, False, lambda s: rng.normal(0, 3, s)),
    "sign": (np.sign, False, lambda s: np.where(rng.random(s) < 0.2, 0, rng.normal(0, 3, s))),
    "square": (np.square, False, lambda s: rng.normal(0, 3, s)),
    "reciprocal": (np.reciprocal, True, lambda s: rng.choice([-1, 1], s) * rng.uniform(0.1, 10, s)),
    "floor": (np.floor, False, lambda s: np.round(rng.uniform(-5, 5, s) * 4) / 4),
    "ceil": (np.ceil, False, lambda s: np.round(rng.uniform(-5, 5, s) * 4) / 4),
    "round": (np.round, False, lambda s: np.round(rng.uniform(-5, 5, s) * 4) / 4),
    "logicalNot": (np.logical_not, False, lambda s: np.where(rng.random(s) < 0.4, 0, rng.normal(0, 3, s))),
}

# Values where IEEE special cases live; numpy's answer is the reference.
SPECIALS = [np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -1.0, 0.5, -2.5]
TINY = {"log1p": [1e-10, -1e-10, 1e-30], "expm1": [1e-10, -1e-10, 1e-30], "sin": [1e-20], "tan": [1e-20], "tanh": [1e-20]}


def unary_expected(op, x):
    fn, float_only, _ = UNARY[op]
    if op == "logicalNot":
        return fn(as_np(x, x.dtype)), "bool"
    dt = float_of(x.dtype) if float_only else x.dtype
    if op in ("floor", "ceil", "round") and x.dtype == "int32":
        return as_np(x, "int32"), "int32"
    with np.errstate(all="ignore"):
        return fn(as_np(x, dt)), dt


def gen_unary():
    for op, (_, _, sample) in UNARY.items():
        for dt in FLOATS:
            x = T(sample((3, 4)), dt)
            y, rd = unary_expected(op, x)
            add_case("elementwise", op, [x], y, rd)
        # size-1 dims, 0-d, empty
        x = t64(sample((1, 3, 1)))
        add_case("elementwise", op, [x], *unary_expected(op, x))
        x = t32(sample(()))
        add_case("elementwise", op, [x], *unary_expected(op, x))
        x = t32(np.zeros((0, 3)))
        add_case("elementwise", op, [x], *unary_expected(op, x))
        # IEEE specials (and tiny arguments where an op has an accurate small-x form)
        vals = SPECIALS + TINY.get(op, [])
        for dt in FLOATS:
            x = T(vals, dt)
            add_case("elementwise", op, [x], *unary_expected(op, x), id=f"{op}/{dt}/specials")
        # the method form x.op()
        x = t32(sample((2, 3)))
        add_case("elementwise", op, [x], *unary_expected(op, x), kwargs={"method": True})
    # int32 inputs: int-preserving ops stay int32, float-only math computes in float32
    ints = ti(rng.integers(-9, 10, (2, 5)))
    for op in ["neg", "abs", "sign", "square", "floor", "ceil", "round", "logicalNot", "exp", "sin", "tanh", "reciprocal"]:
        x = ints if op != "reciprocal" else ti([-4, -2, -1, 1, 2, 5, 8])
        add_case("elementwise", op, [x], *unary_expected(op, x))
    x = ti(rng.integers(0, 50, (2, 3)))
    add_case("elementwise", "sqrt", [x], *unary_expected("sqrt", x))
    ext = ti([-2147483648, 2147483647, 65536, 46341, -5, 0])
    for op in ["neg", "abs", "sign", "square"]:
        with np.errstate(all="ignore"):
            add_case("elementwise", op, [ext], *unary_expected(op, ext), id=f"{op}/int32/extremes wrap")
    x = ti(rng.integers(1, 50, (2, 3)))
    add_case("elementwise", "log", [x], *unary_expected("log", x))
    # round: halves are ties to even
    halves = np.arange(-10, 11) / 2
    for dt in FLOATS:
        x = T(halves, dt)
        add_case("elementwise", "round", [x], *unary_expected("round", x), id=f"round/{dt}/halves")
    # bool logicalNot
    x = tb([[True, False], [False, False]])
    add_case("elementwise", "logicalNot", [x], np.logical_not(x.a), "bool")


BINARY = {
    "add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.true_divide, "pow": np.power,
    "mod": np.mod, "maximum": np.maximum, "minimum": np.minimum,
    "less": np.less, "lessEqual": np.less_equal, "greater": np.greater, "greaterEqual": np.greater_equal,
    "equal": np.equal, "notEqual": np.not_equal, "logicalAnd": np.logical_and, "logicalOr": np.logical_or,
}
COMPARE = {"less", "lessEqual", "greater", "greaterEqual", "equal", "notEqual"}
LOGICAL = {"logicalAnd", "logicalOr"}


def binary_expected(op, a, b):
    if op in LOGICAL:
        return BINARY[op](as_np(a, "float64") != 0, as_np(b, "float64") != 0), "bool"
    common = promote([a, b])
    if op == "pow" and isinstance(b, J) and isinstance(b.v, int) and b.v < 0:
        common = float_of(common)  # x ** negative int: fluxion casts ints to float32 first
    dt = float_of(common) if op == "div" else common
    with np.errstate(all="ignore"):
        r = BINARY[op](as_np(a, dt), as_np(b, dt))
    return r, ("bool" if op in COMPARE else dt)


def sample_binary(op, shape, which):
    """Operands in each op's domain. Comparisons get small integers so that ties occur."""
    if op in COMPARE:
        return rng.integers(-2, 3, shape).astype(np.float64) / 2
    if op in LOGICAL:
        return np.where(rng.random(shape) < 0.4, 0, rng.normal(0, 2, shape))
    if op == "pow":
        return rng.uniform(0.1, 4, shape) if which == 0 else rng.uniform(-3, 3, shape)
    if op in ("div", "mod") and which == 1:
        return rng.choice([-1, 1], shape) * rng.uniform(0.5, 4, shape)
    return rng.normal(0, 3, shape)


def int_sample(op, shape, which):
    if op == "pow":
        return rng.integers(-4, 5, shape) if which == 0 else rng.integers(0, 6, shape)
    if op in ("div", "mod") and which == 1:
        return rng.choice([-1, 1], shape) * rng.integers(1, 6, shape)
    return rng.integers(-9, 10, shape)


def gen_binary():
    for op in BINARY:
        s = lambda shape, w, dt: T(sample_binary(op, shape, w), dt)
        pairs = [
            (s((3, 4), 0, "float32"), s((3, 4), 1, "float32")),
            (s((3, 4), 0, "float64"), s((3, 4), 1, "float64")),
            (s((3, 1), 0, "float32"), s((1, 4), 1, "float32")),
            (s((3, 1), 0, "float64"), s((1, 4), 1, "float64")),
            (s((2, 3), 0, "float32"), s((3,), 1, "float32")),
            (s((3,), 0, "float64"), s((2, 3), 1, "float64")),
            (s((1, 3, 1), 0, "float64"), s((2, 1, 4), 1, "float64")),
            (s((), 0, "float32"), s((2, 3), 1, "float32")),
            (s((0, 3), 0, "float32"), s((3,), 1, "float32")),
            (s((0, 3), 0, "float64"), s((1, 1), 1, "float64")),
            (s((1, 1), 0, "float32"), s((1, 1), 1, "float32")),
            # int32 with float32 gives float32 (JAX), int32 with float64 gives float64
            (T(int_sample(op, (2, 3), 0), "int32"), s((3,), 1, "float32")),
            (s((2, 3), 0, "float64"), T(int_sample(op, (3,), 1), "int32")),
            (T(int_sample(op, (3, 4), 0), "int32"), T(int_sample(op, (3, 4), 1), "int32")),
        ]
        for a, b in pairs:
            add_case("elementwise", op, [a, b], *binary_expected(op, a, b))
        # weak scalars on either side take the tensor's dtype
        scal = {"pow": 1.5, "div": -2.5, "mod": 2.5}.get(op, 0.5 if op not in COMPARE else 0.0)
        for dt in ("float32", "float64"):
            a = s((2, 3), 0, dt)
            add_case("elementwise", op, [a, J(scal)], *binary_expected(op, a, J(scal)))
            b = s((2, 3), 1, dt)
            lhs = 2.5 if op != "pow" else 1.5
            add_case("elementwise", op, [J(lhs), b], *binary_expected(op, J(lhs), b))
        ia = T(int_sample(op, (2, 3), 0), "int32")
        add_case("elementwise", op, [ia, J(3)], *binary_expected(op, ia, J(3)))
        if op not in LOGICAL:
            # a fractional number meeting int32 gives float32
            add_case("elementwise", op, [ia, J(2.5)], *binary_expected(op, ia, J(2.5)))
        # the method form x.op(y)
        a, b = s((2, 3), 0, "float32"), s((3,), 1, "float32")
        add_case("elementwise", op, [a, b], *binary_expected(op, a, b), kwargs={"method": True})
        # IEEE specials, every pair
        sp = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -1.0, 2.5, -3.0])
        for dt in FLOATS:
            a, b = T(sp[:, None], dt), T(sp[None, :], dt)
            add_case("elementwise", op, [a, b], *binary_expected(op, a, b), id=f"{op}/{dt}/specials")
    # bool operands: add is or, mul is and, maximum is or, minimum is and (numpy and JAX)
    a, b = tb([[True, False], [True, False]]), tb([[True, True], [False, False]])
    for op in ["add", "mul", "maximum", "minimum", "equal", "notEqual", "logicalAnd", "logicalOr", "less", "greater"]:
        add_case("elementwise", op, [a, b], *binary_expected(op, a, b))
    # mod: the sign of the divisor, both int and float
    a = [-7, -3, -1, 0, 1, 3, 7, -7, 7]
    b = [3, 3, 3, 3, -3, -3, -3, -2, 2]
    for dt in ("int32", "float32", "float64"):
        add_case("elementwise", "mod", [T(a, dt), T(b, dt)], *binary_expected("mod", T(a, dt), T(b, dt)), id=f"mod/{dt}/signs")
    # pow with a JS integer exponent (integer_pow): exact repeated squaring
    for e in [0, 1, 2, 3, 5, -1, -2]:
        for dt in ("float32", "float64", "int32"):
            if dt == "int32":
                x = ti(rng.integers(-5, 6, (2, 4)))
            else:
                x = T(rng.uniform(-3, 3, (2, 4)), dt)
            add_case("elementwise", "pow", [x, J(e)], *binary_expected("pow", x, J(e)), id=f"pow/{dt}/integer exponent {e}")
    xs = t32(rng.uniform(0.1, 3, (2, 3)))
    add_case("elementwise", "pow", [xs, J(0.5)], *binary_expected("pow", xs, J(0.5)))
    # weak numbers meeting bool tensors: an integer gives int32, a fraction float32 (JAX)
    bb = tb([True, False, True])
    for op, v in [("add", 3), ("mul", 2.5), ("sub", 1), ("maximum", 0.5)]:
        add_case("elementwise", op, [bb, J(v)], *binary_expected(op, bb, J(v)))
    # nested JS lists are strongly typed float32 (values exact in float32, so no rounding question)
    lst = J([[1.5, -2.25, 3.0]])
    for other in [t64(rng.normal(0, 1, (2, 3))), ti([[1, 2, 3], [4, 5, 6]]), t32(rng.normal(0, 1, (2, 1)))]:
        add_case("elementwise", "add", [lst, other], *binary_expected("add", lst, other))
        add_case("elementwise", "mul", [other, lst], *binary_expected("mul", other, lst))
    # int32 arithmetic wraps around, as numpy's int32 arrays do
    big = ti([2147483647, -2147483648, 65536, 46341, -7])
    for op, other in [("add", ti([1, -1, 65536, 46341, 3])), ("sub", ti([-1, 1, 7, 0, 3])), ("mul", ti([2, -1, 65536, 46341, 3]))]:
        with np.errstate(all="ignore"):
            add_case("elementwise", op, [big, other], *binary_expected(op, big, other), id=f"{op}/int32/wraps")


def gen_where_clip():
    c = tb(rng.random((3, 1)) < 0.5)
    a = t32(rng.normal(0, 1, (1, 4)))
    add_case("elementwise", "where", [c, a, J(0.5)], np.where(c.a, a.a, np.float32(0.5)), "float32")
    c = tb(rng.random((2, 3)) < 0.5)
    a, b = t64(rng.normal(0, 1, (2, 3))), t64(rng.normal(0, 1, (3,)))
    add_case("elementwise", "where", [c, a, b], np.where(c.a, a.a, b.a), "float64")
    # a non-bool condition is tested against 0; int32 with float32 promotes to float32
    c = t32([[0.0, 2.0, -1.0], [0.5, 0.0, np.nan]])
    a, b = ti([[1, 2, 3], [4, 5, 6]]), t32([-1.5, -2.5, -3.5])
    add_case("elementwise", "where", [c, a, b], np.where(c.a != 0, a.a.astype(np.float32), b.a), "float32")
    c = tb([True, False, True])
    add_case("elementwise", "where", [c, J(1.0), J(-1.0)], np.where(c.a, 1.0, -1.0).astype(np.float32), "float32")
    c = tb(np.zeros((0, 2), bool))
    a = t32(np.zeros((0, 2)))
    add_case("elementwise", "where", [c, a, J(1.0)], np.zeros((0, 2)), "float32")
    # clip = minimum(maximum(x, lo), hi): scalars, broadcasting bounds, ints, lo > hi (gives hi)
    x = t32(rng.normal(0, 1, (3, 4)))
    add_case("elementwise", "clip", [x, J(-0.5), J(0.5)], np.clip(x.a, np.float32(-0.5), np.float32(0.5)), "float32")
    x, lo, hi = t64(rng.normal(0, 1, (2, 3))), t64([-1.0, -0.2, 0.0]), t64([[0.3], [1.0]])
    add_case("elementwise", "clip", [x, lo, hi], np.minimum(np.maximum(x.a, lo.a), hi.a), "float64")
    x = ti(rng.integers(-10, 10, (2, 5)))
    add_case("elementwise", "clip", [x, J(-3), J(4)], np.clip(x.a, -3, 4), "int32")
    x = t32([-2.0, 0.0, 2.0, np.nan])
    add_case("elementwise", "clip", [x, J(1.0), J(-1.0)], np.minimum(np.maximum(x.a, np.float32(1)), np.float32(-1)), "float32", id="clip/float32/lo > hi gives hi")
    add_case("elementwise", "clip", [x, J(-1.0), J(1.0)], np.clip(x.a, np.float32(-1), np.float32(1)), "float32", kwargs={"method": True})


# ---------------------------------------------------------------------------------------------
# Reductions
# ---------------------------------------------------------------------------------------------

RED = {"sum": np.sum, "mean": np.mean, "max": np.max, "min": np.min, "prod": np.prod, "argmax": np.argmax, "argmin": np.argmin}


def red_expected(op, x, axis, keepdims):
    dt = x.dtype
    a = x.a
    ax = tuple(axis) if isinstance(axis, list) else axis
    if op in ("argmax", "argmin"):
        r = RED[op](a, axis=ax, keepdims=bool(keepdims))
        return r, "int32", TOL["int32"]
    if op in ("sum", "prod") and dt == "bool":
        a, dt = a.astype(np.int32), "int32"
    if op == "mean":
        dt = float_of(dt)
    if dt == "int32":
        r = RED[op](a.astype(np.int64), axis=ax, keepdims=bool(keepdims))
        return r, "int32", TOL["int32"]
    # float64 on the exact inputs, rounded once to the result dtype
    with np.errstate(all="ignore"):
        r = RED[op](a.astype(np.float64), axis=ax, keepdims=bool(keepdims))
    return np.asarray(r).astype(NPDT[dt]), dt, (TOL_SUM64 if dt == "float64" else TOL[dt])


def red_case(op, x, axis=None, keepdims=None, method=False, id=None):
    kw = {}
    if axis is not None:
        kw["axis"] = axis
    if keepdims is not None:
        kw["keepdims"] = keepdims
    if method:
        kw["method"] = True
    r, dt, tol = red_expected(op, x, axis, keepdims)
    add_case("reductions", op, [x], r, dt, kwargs=kw, tol=tol, id=id)


def gen_reductions():
    axes_list = [None, 0, 1, -1, [0, 2], [-1, -3], [2, 0], []]
    for op in RED:
        arg = op in ("argmax", "argmin")
        for dt in FLOATS:
            base = rng.uniform(0.5, 1.5, (2, 3, 4)) if op == "prod" else rng.normal(0, 2, (2, 3, 4))
            x = T(base, dt)
            for ax in axes_list:
                if arg and isinstance(ax, list):
                    continue
                red_case(op, x, ax)
            for ax in [None, 1, -1] if arg else [None, 1, [0, -1]]:
                red_case(op, x, ax, keepdims=True)
            red_case(op, x, -2, keepdims=False)
        # int32 (and bool) inputs
        xi = ti(rng.integers(-3, 4, (2, 3)) if op == "prod" else rng.integers(-9, 10, (2, 3, 4)))
        for ax in [None, 0, -1] + ([] if arg else [[0, 1]]):
            red_case(op, xi, ax)
        xb = tb(rng.random((3, 4)) < 0.5)
        if op in ("sum", "prod", "mean", "argmax", "argmin"):
            red_case(op, xb, None)
            red_case(op, xb, 0)
        # size-1 dims, 0-d, method form
        x1 = t32(rng.uniform(0.5, 1.5, (1, 3, 1)))
        red_case(op, x1, 0)
        red_case(op, x1, None, keepdims=True)
        if not arg:
            red_case(op, x1, [0, 2], keepdims=True)
        x0 = t64(np.float64(1.75))
        red_case(op, x0)
        red_case(op, t32(rng.uniform(0.5, 1.5, (3, 4))), 1, keepdims=True, method=True)
        # an interleaved set of axes (kept and reduced axes alternate)
        if not arg:
            x4 = t64(rng.uniform(0.5, 1.5, (2, 3, 4, 5)))
            red_case(op, x4, [0, 2])
            red_case(op, x4, [1, 3], keepdims=True)
        else:
            red_case(op, t64(rng.normal(0, 1, (2, 3, 4, 5))), 2)
        # NaN inside: sum/mean/prod/max/min give NaN; argmax/argmin point at the first NaN
        xn = t32([[1.0, np.nan, 3.0, np.nan], [2.0, 1.0, -1.0, 0.5]])
        red_case(op, xn, -1)
        red_case(op, xn, 0)
    # longer rows and columns: pairwise summation paths (rows of 300 and more than 32 rows)
    for op in ["sum", "mean", "max", "prod", "argmin"]:
        x = t32(rng.uniform(0.99, 1.01, (600,)) if op == "prod" else rng.normal(0, 1, (600,)))
        red_case(op, x)
        x = t64(rng.uniform(0.99, 1.01, (100, 5)) if op == "prod" else rng.normal(0, 1, (100, 5)))
        red_case(op, x, 0)
    # empty reductions: sum 0, prod 1, mean NaN; empty outputs
    for dt in FLOATS:
        e = T(np.zeros((0,)), dt)
        red_case("sum", e, id=f"sum/{dt}/empty [0] is 0")
        red_case("prod", e, id=f"prod/{dt}/empty [0] is 1")
        red_case("mean", e, id=f"mean/{dt}/empty [0] is NaN")
        e2 = T(np.zeros((0, 3)), dt)
        red_case("sum", e2, 0)
        red_case("prod", e2, 0)
        red_case("mean", e2, 0)
        red_case("sum", e2, 1)
        red_case("max", e2, 1)
        red_case("min", e2, -1, keepdims=True)
        red_case("argmax", e2, 1)
        red_case("sum", e2, None, keepdims=True)
    ei = ti(np.zeros((0,), np.int32))
    red_case("sum", ei, id="sum/int32/empty [0] is 0")
    red_case("prod", ei, id="prod/int32/empty [0] is 1")
    red_case("prod", T(np.zeros((2, 0)), "float32"), -1)
    # int32 sums and products wrap (numpy accumulates int32 in int64; cast back to int32 it wraps alike)
    red_case("sum", ti([2147483647, 1, 5]), id="sum/int32/wraps")
    red_case("prod", ti([65536, 65536, 3]), id="prod/int32/wraps")


# ---------------------------------------------------------------------------------------------
# Shape functions and casting
# ---------------------------------------------------------------------------------------------


def gen_shape():
    x = t32(rng.normal(0, 1, (2, 3, 4)))
    xi = ti(rng.integers(-9, 10, (2, 3, 4)))
    for sh in [[4, 6], [-1], [2, -1, 2], [24, 1], [1, 2, 1, 12], [3, -1]]:
        add_case("shape", "reshape", [x], x.a.reshape(sh), "float32", kwargs={"shape": sh})
    add_case("shape", "reshape", [xi], xi.a.reshape(6, 4), "int32", kwargs={"shape": [6, 4], "method": True})
    one = t64(np.array([[2.5]]))
    add_case("shape", "reshape", [one], one.a.reshape(()), "float64", kwargs={"shape": []})
    e = t32(np.zeros((0, 3)))
    for sh in [[3, 0], [-1, 3], [-1], [0, 1, 3]]:
        add_case("shape", "reshape", [e], e.a.reshape(sh), "float32", kwargs={"shape": sh})

    for axes in [None, [1, 0, 2], [2, 0, 1], [-1, 0, 1], [0, 1, 2]]:
        kw = {} if axes is None else {"axes": axes}
        add_case("shape", "transpose", [x], np.transpose(x.a, axes), "float32", kwargs=kw)
    x64 = t64(rng.normal(0, 1, (3, 5)))
    add_case("shape", "transpose", [x64], x64.a.T, "float64")
    add_case("shape", "transpose", [x64], x64.a.T, "float64", kwargs={"method": True})
    add_case("shape", "transpose", [x64], x64.a.T, "float64", kwargs={"property": "T"})
    v = t32([1.0, 2.0, 3.0])
    add_case("shape", "transpose", [v], v.a, "float32")
    add_case("shape", "transpose", [e], e.a.T, "float32")

    y = t64(rng.normal(0, 1, (2, 3)))
    for ax in [0, 1, 2, -1, -2, -3]:
        add_case("shape", "expandDims", [y], np.expand_dims(y.a, ax), "float64", kwargs={"axis": ax})
    add_case("shape", "expandDims", [t32(np.float32(4.0))], np.expand_dims(np.float32(4.0), 0), "float32", kwargs={"axis": 0})
    add_case("shape", "expandDims", [y], np.expand_dims(y.a, -1), "float64", kwargs={"axis": -1, "method": True})

    s = t32(rng.normal(0, 1, (1, 3, 1, 2)))
    for ax in [None, 0, 2, -2, [0, 2], [-4, -2]]:
        kw = {} if ax is None else {"axis": ax}
        add_case("shape", "squeeze", [s], np.squeeze(s.a, tuple(ax) if isinstance(ax, list) else ax), "float32", kwargs=kw)
    add_case("shape", "squeeze", [t64([[[7.5]]])], np.float64(7.5), "float64")
    add_case("shape", "squeeze", [s], np.squeeze(s.a), "float32", kwargs={"method": True})

    for src, sh in [((3,), [2, 3]), ((3, 1), [2, 3, 4]), ((), [2, 2]), ((1, 3), [0, 3]), ((2, 1), [2, 1]), ((1,), [5])]:
        b = t32(rng.normal(0, 1, src))
        add_case("shape", "broadcastTo", [b], np.broadcast_to(b.a, sh), "float32", kwargs={"shape": sh})
    bi = ti([[1], [2]])
    add_case("shape", "broadcastTo", [bi], np.broadcast_to(bi.a, (3, 2, 4)), "int32", kwargs={"shape": [3, 2, 4], "method": True})

    a, b, c = t32(rng.normal(0, 1, (2, 3))), t32(rng.normal(0, 1, (1, 3))), t32(rng.normal(0, 1, (2, 2)))
    add_case("shape", "concatenate", [a, b], np.concatenate([a.a, b.a], 0), "float32", kwargs={"axis": 0})
    add_case("shape", "concatenate", [a, b], np.concatenate([a.a, b.a]), "float32")
    add_case("shape", "concatenate", [a, c], np.concatenate([a.a, c.a], 1), "float32", kwargs={"axis": 1})
    add_case("shape", "concatenate", [a, c, a], np.concatenate([a.a, c.a, a.a], -1), "float32", kwargs={"axis": -1})
    ai = ti([[1, 2, 3]])
    add_case("shape", "concatenate", [a, ai], np.concatenate([a.a, ai.a.astype(np.float32)], 0), "float32", kwargs={"axis": 0})
    a64 = t64(rng.normal(0, 1, (2, 3)))
    add_case("shape", "concatenate", [ai, a64], np.concatenate([ai.a.astype(np.float64), a64.a], 0), "float64", kwargs={"axis": 0})
    e3 = t32(np.zeros((0, 3)))
    add_case("shape", "concatenate", [e3, a], np.concatenate([e3.a, a.a], 0), "float32", kwargs={"axis": 0})
    p, q = t64(rng.normal(0, 1, (2, 2, 3))), t64(rng.normal(0, 1, (2, 1, 3)))
    add_case("shape", "concatenate", [p, q], np.concatenate([p.a, q.a], -2), "float64", kwargs={"axis": -2})
    add_case("shape", "concatenate", [a], a.a, "float32", kwargs={"axis": 0})

    u, w, z = t32([1.0, 2.0, 3.0]), t32([4.0, 5.0, 6.0]), t32([7.0, 8.0, 9.0])
    for ax in [None, 0, 1, -1, -2]:
        kw = {} if ax is None else {"axis": ax}
        add_case("shape", "stack", [u, w, z], np.stack([u.a, w.a, z.a], 0 if ax is None else ax), "float32", kwargs=kw)
    m1, m2 = t64(rng.normal(0, 1, (2, 3))), t64(rng.normal(0, 1, (2, 3)))
    for ax in [0, 1, 2, -1, -3]:
        add_case("shape", "stack", [m1, m2], np.stack([m1.a, m2.a], ax), "float64", kwargs={"axis": ax})
    add_case("shape", "stack", [ti([1, 2]), t32([0.5, 1.5])], np.stack([np.float32([1, 2]), np.float32([0.5, 1.5])]), "float32", kwargs={"axis": 0})
    s0 = t32(np.float32(3.5))
    add_case("shape", "stack", [s0, s0], np.stack([s0.a, s0.a]), "float32", kwargs={"axis": 0})

    # casts: float -> int truncates toward zero; -> bool is x != 0 (NaN is true); f64 -> f32 rounds
    fl = [1.7, -1.7, 0.5, -0.5, 2.9, -2.9, 0.0, -0.0, 123456.9, -100000.5, 3.0]
    for dt in FLOATS:
        xf = T(fl, dt)
        add_case("shape", "astype", [xf], xf.a.astype(np.int32), "int32", kwargs={"dtype": "int32"})
    xb = T([0.0, -0.0, 0.5, -2.0, np.nan, np.inf, 1e-30], "float32")
    add_case("shape", "astype", [xb], xb.a.astype(bool), "bool", kwargs={"dtype": "bool"})
    xb64 = T([0.0, 1e-300, -3.5, np.nan, -np.inf], "float64")
    add_case("shape", "astype", [xb64], xb64.a.astype(bool), "bool", kwargs={"dtype": "bool"})
    xi = ti([-3, 0, 7, 2147483647, -2147483648])
    add_case("shape", "astype", [xi], xi.a.astype(bool), "bool", kwargs={"dtype": "bool"})
    add_case("shape", "astype", [xi], xi.a.astype(np.float32), "float32", kwargs={"dtype": "float32"})
    add_case("shape", "astype", [xi], xi.a.astype(np.float64), "float64", kwargs={"dtype": "float64"})
    bo = tb([True, False, True])
    for dt in ["int32", "float32", "float64"]:
        add_case("shape", "astype", [bo], bo.a.astype(NPDT[dt]), dt, kwargs={"dtype": dt})
    d = T([0.1, 1 / 3, -2 / 3, 1e-40, 3.4028235677973366e38, 1e39, np.nan, -np.inf, 16777217.0], "float64", exact=True)
    with np.errstate(all="ignore"):
        add_case("shape", "astype", [d], d.a.astype(np.float32), "float32", kwargs={"dtype": "float32"})
    f = t32(rng.normal(0, 1, (2, 3)))
    add_case("shape", "astype", [f], f.a.astype(np.float64), "float64", kwargs={"dtype": "float64", "method": True})
    add_case("shape", "astype", [f], f.a, "float32", kwargs={"dtype": "float32"})


# ---------------------------------------------------------------------------------------------
# Indexing
# ---------------------------------------------------------------------------------------------


def py_slice(ranges):
    out = []
    for r in ranges:
        if r is None:
            out.append(slice(None))
        elif isinstance(r, int):
            out.append(r)
        else:
            out.append(slice(*r))
    return tuple(out)


def gen_indexing():
    x = t32(rng.normal(0, 1, (3, 4)))
    x64 = t64(rng.normal(0, 1, (3, 4, 2)))
    # take: flattened when axis is omitted; negative indices count from the end
    for idx, ax in [([2, 0, -1], 0), ([3, 0, -2, 1], 1), ([-1, 0], -1), ([0, 5, 11, -1], None), ([[0, 1], [2, -3]], 1), (2, 0)]:
        kw = {} if ax is None else {"axis": ax}
        add_case("indexing", "take", [x, J(idx)], np.take(x.a, idx, axis=ax), "float32", kwargs=kw)
    add_case("indexing", "take", [x64, ti([1, -1, 0])], np.take(x64.a, [1, -1, 0], axis=1), "float64", kwargs={"axis": 1})
    add_case("indexing", "take", [x64, ti([[0], [1]])], np.take(x64.a, [[0], [1]], axis=-1), "float64", kwargs={"axis": -1})
    xi = ti(rng.integers(-9, 10, (5,)))
    add_case("indexing", "take", [xi, J([4, 4, 0])], np.take(xi.a, [4, 4, 0]), "int32")
    add_case("indexing", "take", [x, J([2, 0])], np.take(x.a, [2, 0], axis=0), "float32", kwargs={"axis": 0, "method": True})

    # x.get(i) is x[i]
    for i in [0, 2, -1, -3]:
        add_case("indexing", "get", [x, J(i)], x.a[i], "float32")
    add_case("indexing", "get", [x64, J(-2)], x64.a[-2], "float64")
    v = t64(rng.normal(0, 1, (5,)))
    add_case("indexing", "get", [v, J(3)], v.a[3], "float64")
    add_case("indexing", "get", [v, J(-5)], v.a[-5], "float64")
    add_case("indexing", "get", [x, J([2, 0, 2])], x.a[[2, 0, 2]], "float32")
    add_case("indexing", "get", [x64, ti([1, 0])], x64.a[[1, 0]], "float64")
    add_case("indexing", "get", [xi, J(-1)], xi.a[-1], "int32")

    # x.slice(...ranges), cross-checked against numpy basic slicing
    y = t32(np.arange(5 * 6).reshape(5, 6))
    y3 = t64(rng.normal(0, 1, (4, 5, 6)))
    slices2 = [
        [[0, 2]], [None, [1, 3]], [[4, 0, -1]], [[-1, -6, -2]], [[1, 5, 2], [5, -7, -2]], [2], [-1, [0, 6, 3]],
        [[3, 1]], [[0, 5, -1]], [[-100, 100]], [[100, -100, -1]], [None, [10, -10, -1]], [[1, 4], 3], [None, -1],
        [[0, 5, 10]], [[-2, 5]], [[4, -6, -1], [0, 6, 4]], [[2, 2]], [None, None], [],
    ]
    for r in slices2:
        add_case("indexing", "slice", [y], y.a[py_slice(r)], "float32", kwargs={"ranges": r})
    for r in [[None, None, [2, -1]], [[3, 0, -2], 1], [1, [4, 0, -2], [5, 0, -3]], [None, 2, [1, 6, 2]], [[-1, -5, -1], None, 0]]:
        add_case("indexing", "slice", [y3], y3.a[py_slice(r)], "float64", kwargs={"ranges": r})
    v10 = ti(np.arange(10))
    for r in [[[2, 8, 3]], [[9, -11, -1]], [[-3, -1]], [[8, 2, -2]], [[5, 100, 7]], [3]]:
        add_case("indexing", "slice", [v10], v10.a[py_slice(r)], "int32", kwargs={"ranges": r})

    # x.at(i).set(v): a copy with x[i] = v;  x.at(i).add(v): np.add.at (duplicates accumulate)
    def at_case(op, base, index, value):
        ref = base.a.copy()
        idx = index.a if isinstance(index, T) else np.asarray(index.v) if isinstance(index.v, list) else index.v
        val = value.a if isinstance(value, T) else np.asarray(value.v, dtype=np.float64)
        if op == "atSet":
            ref[idx] = np.asarray(val).astype(ref.dtype)
        else:
            np.add.at(ref, idx, np.asarray(val).astype(ref.dtype))
        add_case("indexing", op, [base, index, value], ref, base.dtype)

    z = t32(rng.normal(0, 1, (3, 4)))
    at_case("atSet", z, J(1), J(5.0))
    at_case("atSet", z, J(-1), J([1.0, 2.0, 3.0, 4.0]))
    at_case("atSet", z, J([0, 2]), t32(rng.normal(0, 1, (2, 4))))
    at_case("atSet", z, J([-1, 0]), t32(rng.normal(0, 1, (2, 4))))
    at_case("atSet", z, ti([[0], [2]]), t32(rng.normal(0, 1, (1, 4))))
    at_case("atSet", z, J(0), t32(rng.normal(0, 1, (4,))))
    at_case("atAdd", z, J(1), J(1.5))
    at_case("atAdd", z, J(-2), t32(rng.normal(0, 1, (4,))))
    at_case("atAdd", z, J([0, 2, 0]), J(1.0))
    at_case("atAdd", z, J([2, -1, 1, 2]), t32(rng.normal(0, 1, (4, 4))))
    w64 = t64(rng.normal(0, 1, (4,)))
    at_case("atSet", w64, J(2), J(-7.25))
    at_case("atAdd", w64, ti([3, 3, 3]), t64([1.0, 2.0, 4.0]))
    wi = ti(rng.integers(-9, 10, (3, 2)))
    at_case("atAdd", wi, J(0), J(3))
    # the value is cast to x's dtype
    at_case("atSet", z, J(2), t64([0.1, 1 / 3, -2.5, 1e-3]))
    at_case("atAdd", wi, J(1), J(2.7))
    at_case("atSet", wi, J([2, 1]), ti([[7, 8], [9, 10]]))


# ---------------------------------------------------------------------------------------------
# Linear algebra
# ---------------------------------------------------------------------------------------------


def lin_expected(fn, args, dt):
    """float64 on the exact inputs (float32 results rounded once); int32 exactly."""
    if dt == "int32":
        return fn(*[as_np(a, "int32").astype(np.int64) for a in args]).astype(np.int32)
    return np.asarray(fn(*[as_np(a, "float64") for a in args])).astype(NPDT[dt])


def lin_case(op, args, fn, kwargs=None, id=None):
    dt = promote(args)
    tol = TOL_SUM64 if dt == "float64" else TOL[dt]
    add_case("linalg", op, args, lin_expected(fn, args, dt), dt, kwargs=kwargs, tol=tol, id=id)


def gen_linalg():
    n = lambda shape, dt: T(rng.normal(0, 1, shape), dt)
    for dt in FLOATS:
        for m, k, p in [(1, 1, 1), (7, 7, 7), (65, 3, 2), (2, 65, 3), (3, 2, 65), (4, 260, 3), (1, 7, 1)]:
            lin_case("matmul", [n((m, k), dt), n((k, p), dt)], np.matmul)
        # all four transpose combinations through .T
        for m, k, p in [(7, 5, 6), (65, 9, 3)] if dt == "float32" else [(7, 5, 6)]:
            for ta in (False, True):
                for tb_ in (False, True):
                    a = n((k, m) if ta else (m, k), dt)
                    b = n((p, k) if tb_ else (k, p), dt)
                    fn = lambda A, B, ta=ta, tb_=tb_: (A.T if ta else A) @ (B.T if tb_ else B)
                    lin_case("matmul", [a, b], fn, kwargs={"transA": ta, "transB": tb_})
        # 1-D operands, batch dims (broadcast), empty dims
        for sa, sb in [((5,), (5, 3)), ((3, 5), (5,)), ((5,), (5,)), ((2, 3, 4), (2, 4, 5)), ((2, 1, 3, 4), (5, 4, 2)),
                       ((3, 4), (2, 4, 5)), ((4,), (2, 4, 5)), ((2, 3, 4), (4,)), ((1, 3, 4), (2, 4, 1)),
                       ((0, 3), (3, 4)), ((2, 0), (0, 3)), ((2, 0, 3), (3, 1))]:
            lin_case("matmul", [n(sa, dt), n(sb, dt)], np.matmul)
    lin_case("matmul", [ti(rng.integers(-5, 6, (3, 4))), ti(rng.integers(-5, 6, (4, 2)))], np.matmul)
    lin_case("matmul", [ti(rng.integers(-5, 6, (3, 4))), n((4, 2), "float32")], np.matmul)
    lin_case("matmul", [n((3, 4), "float32"), n((4, 2), "float32")], np.matmul, kwargs={"method": True})

    for dt in FLOATS:
        for sa, sb in [((5,), (5,)), ((3, 5), (5,)), ((2, 3, 5), (5,)), ((3, 4), (4, 2)), ((2, 3, 4), (4, 5)),
                       ((3, 4), (2, 4, 5)), ((2, 3, 4), (3, 4, 2)), ((), (2, 3)), ((65,), (65,))]:
            lin_case("dot", [n(sa, dt), n(sb, dt)], np.dot)
        lin_case("dot", [J(2.5), n((3,), dt)], lambda a, b: a * b)
    lin_case("dot", [ti([1, 2, 3]), ti([4, 5, 6])], np.dot)
    lin_case("dot", [n((2, 3), "float32"), n((3,), "float32")], np.dot, kwargs={"method": True})

    for dt in FLOATS:
        lin_case("outer", [n((3,), dt), n((4,), dt)], np.outer)
        lin_case("outer", [n((2, 2), dt), n((3,), dt)], np.outer)
        lin_case("outer", [n((1,), dt), n((0,), dt)], np.outer)
    lin_case("outer", [ti([1, -2]), ti([3, 4, 5])], np.outer)

    specs = [
        ("ij,jk->ik", [(3, 4), (4, 5)]), ("ii", [(4, 4)]), ("ii->i", [(4, 4)]), ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),
        ("i,j->ij", [(3,), (4,)]), ("ij->", [(3, 4)]), ("ij,jk", [(3, 4), (4, 2)]), ("jk,ij", [(4, 2), (3, 4)]),
        ("...ij,...jk->...ik", [(2, 3, 4), (2, 4, 5)]), ("...ij,...jk->...ik", [(2, 3, 4, 5), (3, 5, 2)]),
        ("...ij,...jk->...ik", [(3, 4), (4, 2)]), ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)]), ("ij->ji", [(2, 3)]),
        ("i,i->", [(5,), (5,)]), ("bii->bi", [(2, 3, 3)]), ("ij->j", [(3, 4)]), ("ijk->kij", [(2, 3, 4)]),
        ("ij,ij->ij", [(2, 3), (2, 3)]), ("ij,kj->ik", [(3, 4), (2, 4)]), ("i...->...", [(3, 2, 2)]),
        ("ab,bc,cd,de->ae", [(2, 3), (3, 2), (2, 4), (4, 2)]), ("iij->j", [(3, 3, 2)]),
    ]
    for dt in FLOATS:
        for spec, shapes in specs:
            args = [n(s, dt) for s in shapes]
            lin_case("einsum", args, lambda *xs, spec=spec: np.einsum(spec, *xs), kwargs={"spec": spec})
    # numpy broadcasts size-1 ellipsis dims (so does jnp.einsum)
    args = [n((2, 1, 3, 4), "float32"), n((5, 4, 2), "float32")]
    lin_case("einsum", args, lambda *xs: np.einsum("...ij,...jk->...ik", *xs), kwargs={"spec": "...ij,...jk->...ik"})
    args = [ti(rng.integers(-5, 6, (3, 4))), ti(rng.integers(-5, 6, (4, 2)))]
    lin_case("einsum", args, lambda *xs: np.einsum("ij,jk->ik", *xs), kwargs={"spec": "ij,jk->ik"})


# ---------------------------------------------------------------------------------------------
# Creation
# ---------------------------------------------------------------------------------------------


def gen_creation():
    def c(op, args, expected, dt, kwargs=None, id=None):
        add_case("creation", op, [J(a) for a in args], expected, dt, kwargs=kwargs, id=id)

    # arange: all-integer arguments give int32 (JAX); any fractional one float32. Values are
    # start + i*step computed in float64, then stored in the dtype (what numpy's float64 arange gives).
    for args in [[5], [2, 10, 3], [10, 0, -2], [-3], [0], [-5, 5], [3, 3], [7, 2, -1], [0, 10, 4]]:
        c("arange", args, np.arange(*args).astype(np.int32), "int32")
    for args in [[0, 1, 0.1], [0.5, 3], [1, 2, 0.25], [2.5], [-1, 1, 0.3], [5, 0, -0.5], [0, 0.3, 0.1]]:
        c("arange", args, np.arange(*[float(a) for a in args]).astype(np.float32), "float32")
    for args in [[0, 1, 5], [-1, 2, 7], [2, 3, 1], [0, 1, 0], [0, 1, 11], [1, -1, 4], [0, 10, 2]]:
        c("linspace", args, np.linspace(*args).astype(np.float32), "float32")
    for k in [3, 1, 0, 5]:
        c("eye", [k], np.eye(k), "float32")
    c("full", [[2, 3], 7.5], np.full((2, 3), 7.5), "float32")
    c("full", [[2], 3, "int32"], np.full((2,), 3), "int32")
    c("full", [[2], 3.9, "int32"], np.full((2,), 3.9).astype(np.int32), "int32")
    c("full", [[2, 2], True], np.full((2, 2), True), "bool")
    c("full", [[], 2.5], np.full((), 2.5), "float32")
    c("full", [[3], 0.1, "float64"], np.full((3,), 0.1), "float64")
    c("full", [[3], 0.1], np.full((3,), 0.1).astype(np.float32), "float32")
    c("full", [[0, 2], 1.0], np.full((0, 2), 1.0), "float32")
    c("zeros", [[2, 3]], np.zeros((2, 3)), "float32")
    c("zeros", [[2], "int32"], np.zeros((2,)), "int32")
    c("ones", [[3]], np.ones((3,)), "float32")
    c("ones", [[2, 2], "float64"], np.ones((2, 2)), "float64")
    c("ones", [[1, 0]], np.ones((1, 0)), "float32")
    for dt, x in [("int32", ti([[1, 2], [3, 4]])), ("float64", t64([1.5, 2.5, 3.5])), ("bool", tb([True, False]))]:
        add_case("creation", "zerosLike", [x], np.zeros_like(x.a), dt)
        add_case("creation", "onesLike", [x], np.ones_like(x.a), dt)
    add_case("creation", "array", [J([[1.5, 2], [3, 4.25]])], np.array([[1.5, 2], [3, 4.25]], np.float32), "float32")
    add_case("creation", "array", [J([0.1, 1 / 3])], np.array([0.1, 1 / 3], np.float32), "float32", id="array/float32/rounds")
    add_case("creation", "array", [J([[True, False]])], np.array([[True, False]]), "bool")
    add_case("creation", "array", [J([1.9, -1.9, 0.5]), J("int32")], np.array([1.9, -1.9, 0.5]).astype(np.int32), "int32")
    add_case("creation", "array", [J([0.1, 1 / 3]), J("float64")], np.array([0.1, 1 / 3]), "float64")
    add_case("creation", "array", [J(2.5)], np.float32(2.5), "float32")
    add_case("creation", "array", [J([[0.0, 2.0, -0.5]]), J("bool")], np.array([[0.0, 2.0, -0.5]]).astype(bool), "bool")
    # NaN is truthy (NaN != 0), in numpy as in np.astype(x, "bool")
    add_case("creation", "array", [J([np.nan, 0.0, -2.0]), J("bool")], np.array([np.nan, 0.0, -2.0]).astype(bool), "bool", id="array/bool/NaN is true")
    c("full", [[2], np.nan, "bool"], np.full((2,), np.nan, dtype=bool), "bool", id="full/bool/NaN is true")


# ---------------------------------------------------------------------------------------------
# nn
# ---------------------------------------------------------------------------------------------


def sigmoid64(x):
    with np.errstate(all="ignore"):
        e = np.exp(-np.abs(x))
        return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def gelu64(x):
    # JAX's default nn.gelu (approximate=True): the tanh approximation, in this formula.
    with np.errstate(all="ignore"):
        return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)))


def logsumexp64(x, axis, keepdims):
    # Reference: numpy's log(sum(exp(x - max))) + max with the max shifted to 0 where it is not
    # finite; -inf rows give log(0) = -inf (JAX's logsumexp returns -inf there too).
    ax = tuple(axis) if isinstance(axis, list) else axis
    with np.errstate(all="ignore"):
        m = np.max(x, axis=ax, keepdims=True)
        m = np.where(np.isfinite(m), m, 0)
        r = np.log(np.sum(np.exp(x - m), axis=ax, keepdims=True)) + m
    return r if keepdims else np.squeeze(r, axis=ax if ax is not None else tuple(range(x.ndim)))


def softmax64(x, axis):
    ax = tuple(axis) if isinstance(axis, list) else axis
    e = np.exp(x - np.max(x, axis=ax, keepdims=True))
    return e / np.sum(e, axis=ax, keepdims=True)


def log_softmax64(x, axis):
    ax = tuple(axis) if isinstance(axis, list) else axis
    s = x - np.max(x, axis=ax, keepdims=True)
    return s - np.log(np.sum(np.exp(s), axis=ax, keepdims=True))


def nn_case(op, x, fn, kwargs=None, tol=None, id=None):
    dt = float_of(x.dtype) if op != "relu" else x.dtype
    r = np.asarray(fn(x.a.astype(np.float64))).astype(NPDT[dt])
    add_case("nn", op, [x], r, dt, kwargs=kwargs, tol=tol or TOL[dt], id=id)


def gen_nn():
    edge = [0.0, -1000.0, 1000.0, -np.inf, np.inf, -50.0, 50.0, -20.0, 20.0, 88.0, 89.0, -745.0, 710.0, 1e-8, -1e-8]
    for dt in FLOATS:
        x = T(rng.normal(0, 3, (3, 4)), dt)
        nn_case("relu", x, lambda a: np.maximum(a, 0))
        nn_case("sigmoid", x, sigmoid64)
        nn_case("softplus", x, lambda a: np.logaddexp(0, a))
        nn_case("gelu", x, gelu64)
        xe = T(edge, dt)
        nn_case("relu", xe, lambda a: np.maximum(a, 0), id=f"relu/{dt}/edges")
        nn_case("sigmoid", xe, sigmoid64, id=f"sigmoid/{dt}/edges")
        # softplus(x) = log(1 + e^x) must not overflow for large x (e^89 overflows float32, e^710 float64)
        nn_case("softplus", xe, lambda a: np.logaddexp(0, a), id=f"softplus/{dt}/edges")
        xg = T([-10.0, -5.0, -3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0, 5.0, 10.0, 1000.0, -1000.0], dt)
        nn_case("gelu", xg, gelu64, id=f"gelu/{dt}/edges")
        x0 = T(np.zeros((0, 2)), dt)
        nn_case("sigmoid", x0, sigmoid64)
    xi = ti(rng.integers(-5, 6, (2, 3)))
    nn_case("relu", xi, lambda a: np.maximum(a, 0).astype(np.int32))
    nn_case("sigmoid", xi, sigmoid64)

    for dt in FLOATS:
        x = T(rng.normal(0, 2, (3, 4)), dt)
        x3 = T(rng.normal(0, 2, (2, 3, 4)), dt)
        for op, fn in [("softmax", softmax64), ("logSoftmax", log_softmax64)]:
            nn_case(op, x, lambda a, fn=fn: fn(a, -1))
            nn_case(op, x, lambda a, fn=fn: fn(a, 0), kwargs={"axis": 0})
            nn_case(op, x3, lambda a, fn=fn: fn(a, 1), kwargs={"axis": 1})
            nn_case(op, x3, lambda a, fn=fn: fn(a, -3), kwargs={"axis": -3})
            nn_case(op, x3, lambda a, fn=fn: fn(a, [0, 2]), kwargs={"axis": [0, 2]})
            big = T([[1000.0, 1001.0, 999.0], [-1000.0, -1001.0, -999.0]], dt)
            nn_case(op, big, lambda a, fn=fn: fn(a, -1), id=f"{op}/{dt}/large")
            with np.errstate(all="ignore"):
                ninf = T([[0.0, -np.inf, 1.0], [-np.inf, 2.0, -np.inf]], dt)
                nn_case(op, ninf, lambda a, fn=fn: fn(a, -1), id=f"{op}/{dt}/some -inf")
        nn_case("logsumexp", x, lambda a: logsumexp64(a, None, False))
        nn_case("logsumexp", x, lambda a: logsumexp64(a, 0, False), kwargs={"axis": 0})
        nn_case("logsumexp", x, lambda a: logsumexp64(a, -1, True), kwargs={"axis": -1, "keepdims": True})
        nn_case("logsumexp", x3, lambda a: logsumexp64(a, [0, 2], False), kwargs={"axis": [0, 2]})
        nn_case("logsumexp", x3, lambda a: logsumexp64(a, None, True), kwargs={"keepdims": True})
        nn_case("logsumexp", x3, lambda a: logsumexp64(a, 1, True), kwargs={"axis": 1, "keepdims": True})
        big = T([[1000.0, 1000.0], [-1000.0, -1000.0], [1e30, 0.0]], dt)
        nn_case("logsumexp", big, lambda a: logsumexp64(a, -1, False), kwargs={"axis": -1}, id=f"logsumexp/{dt}/large")
        # some -inf entries: finite; all -inf: -inf (as JAX); +inf anywhere: +inf
        ninf = T([[0.0, -np.inf, 1.0], [-np.inf, -np.inf, -np.inf], [-np.inf, 2.0, -np.inf], [np.inf, 0.0, -np.inf]], dt)
        nn_case("logsumexp", ninf, lambda a: logsumexp64(a, 1, False), kwargs={"axis": 1}, id=f"logsumexp/{dt}/-inf rows")
        allninf = T([-np.inf, -np.inf, -np.inf], dt)
        nn_case("logsumexp", allninf, lambda a: logsumexp64(a, None, False), id=f"logsumexp/{dt}/all -inf is -inf")
    nn_case("logsumexp", ti([[1, 2], [3, 4]]), lambda a: logsumexp64(a, -1, False), kwargs={"axis": -1})
    nn_case("softmax", ti([1, 2, 3]), lambda a: softmax64(a, -1))


def main():
    gen_unary()
    gen_binary()
    gen_where_clip()
    gen_reductions()
    gen_shape()
    gen_indexing()
    gen_linalg()
    gen_creation()
    gen_nn()
    doc = {
        "generator": "scripts/gen-fixtures.py",
        "numpy": np.__version__,
        "encoding": 'NaN and +-inf are the strings "nan", "inf", "-inf"; dtypes[i] null means a raw JS value',
        "cases": CASES,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(doc, separators=(",", ":"), allow_nan=False)
    OUT.write_text(text + "\n")
    fams = {}
    for c in CASES:
        fams[c["family"]] = fams.get(c["family"], 0) + 1
    print(f"wrote {OUT.relative_to(ROOT)}: {len(CASES)} cases, {len(text) / 1e6:.2f} MB; {fams}")


if __name__ == "__main__":
    main()
