#!/usr/bin/env python3
"""
Generates test/fixtures/shape.json: cases for fluxion's shape manipulation, splitting/joining and
along-axis indexing functions (np.pad in every mode, roll, rot90, tile, repeat, split, hstack,
takeAlongAxis, diagonal, select, ...), with expected values computed by JAX (jax.numpy, float64
enabled so float64 inputs compute in float64; float32 and int32 inputs keep their dtype). The
TypeScript tests (test/np/rearrange.test.ts, split.test.ts, select-index.test.ts) only read the
committed JSON. Re-run after changing a case:

    python3 scripts/gen-shape.py

A case is
    { id, family, op, args, dtypes, shapes, kwargs, expected | expectedList | value | error, tol }
- `args[i]` is nested lists for a tensor of `dtypes[i]` (reshaped to `shapes[i]`, so empty dims
  survive), or a raw JS value when `dtypes[i]` is null.
- `kwargs` holds the fluxion call's other arguments, already in fluxion's spelling (camelCase
  options, JS arrays); each test file maps `op` to the call.
- `expected` is { data, shape, dtype } for one array; `expectedList` a list of those (split,
  broadcastArrays, diagIndices); `value` a plain JS value (shape, ndim, broadcastShapes).
- `error` names the FluxionError class fluxion raises where JAX raises too: the script checks that
  JAX refuses the same call.
NaN and +-inf are encoded as "nan", "inf", "-inf" (fixture_encoding.py). Data movement is exact;
computed pads (linear_ramp, mean, median, odd reflection) compare with float32 rtol 1e-6 and float64
rtol 1e-12.
"""
import json
import warnings
from pathlib import Path

import jax

jax.config.update("jax_enable_x64", True)
jax.config.update("jax_platforms", "cpu")
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

from fixture_encoding import enc_float  # noqa: E402

warnings.filterwarnings("ignore")

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test" / "fixtures" / "shape.json"

rng = np.random.default_rng(7)
NPDT = {"float32": np.float32, "float64": np.float64, "int32": np.int32, "bool": np.bool_}
TOL = {
    "float64": {"rtol": 1e-12, "atol": 1e-14},
    "float32": {"rtol": 1e-6, "atol": 2e-6},
    "int32": {"rtol": 0, "atol": 0},
    "bool": {"rtol": 0, "atol": 0},
}
# x64 mode makes JAX's own index outputs int64; fluxion's index dtype is int32.
DTYPE_NAME = {"int64": "int32", "float32": "float32", "float64": "float64", "int32": "int32", "bool": "bool"}


class T:
    """A tensor argument."""

    def __init__(self, data, dtype):
        self.dtype = dtype
        self.a = np.asarray(data).astype(NPDT[dtype])

    def jax(self):
        return jnp.asarray(self.a)


def data(shape, dtype):
    """Deterministic inputs: short decimals for floats, small integers, random booleans."""
    n = int(np.prod(shape)) if shape else 1
    if dtype == "bool":
        v = rng.random(n) < 0.5
    elif dtype == "int32":
        v = rng.integers(-9, 10, n)
    else:
        v = np.round(rng.normal(size=n) * 3, 3)
    return T(v.reshape(shape), dtype)


def enc(a, dtype):
    a = np.asarray(a)
    if dtype == "bool":
        return a.astype(bool).tolist()
    if dtype == "int32":
        return a.astype(np.int64).tolist()

    def walk(v):
        return [walk(u) for u in v] if isinstance(v, list) else enc_float(v, dtype)

    return walk(a.astype(np.float64).tolist())


def enc_array(x):
    x = np.asarray(x)
    dtype = DTYPE_NAME[str(x.dtype)]
    return {"data": enc(x, dtype), "shape": list(x.shape), "dtype": dtype}


def plain(v):
    if isinstance(v, (list, tuple)):
        return [plain(u) for u in v]
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return enc_float(v, "float64")
    return v


CASES = []
IDS = set()


def case_id(op, what):
    base = f"{op}:{what}"
    i, cid = 1, base
    while cid in IDS:
        i += 1
        cid = f"{base}#{i}"
    IDS.add(cid)
    return cid


def record(family, op, args, kwargs, what, **out):
    CASES.append({
        "id": case_id(op, what),
        "family": family,
        "op": op,
        "args": [enc(a.a, a.dtype) if isinstance(a, T) else plain(a) for a in args],
        "dtypes": [a.dtype if isinstance(a, T) else None for a in args],
        "shapes": [list(a.a.shape) if isinstance(a, T) else None for a in args],
        "kwargs": plain_kwargs(kwargs),
        **out,
    })


def plain_kwargs(k):
    return {key: plain(v) for key, v in k.items()}


def describe(args):
    return ",".join(f"{a.dtype[0] if a.dtype != 'bool' else 'b'}{list(a.a.shape)}" if isinstance(a, T) else repr(a) for a in args)


def jargs(args):
    return [a.jax() if isinstance(a, T) else a for a in args]


def case(family, op, fn, args, kwargs=None, what=None):
    """One case whose JAX result is one array (or a list of arrays, or a plain value)."""
    kwargs = kwargs or {}
    out = fn(*jargs(args))
    what = what or f"{describe(args)} {json.dumps(plain_kwargs(kwargs), separators=(',', ':'))}"
    if isinstance(out, (list, tuple)) and (len(out) == 0 or hasattr(out[0], "shape")):
        record(family, op, args, kwargs, what, expectedList=[enc_array(o) for o in out], tol=TOL[DTYPE_NAME[str(np.asarray(out[0]).dtype)]] if out else TOL["int32"])
    elif hasattr(out, "shape"):
        e = enc_array(out)
        record(family, op, args, kwargs, what, expected=e, tol=TOL[e["dtype"]])
    else:
        record(family, op, args, kwargs, what, value=plain(out))


def error(family, op, fn, args, kwargs, cls, what):
    """A call JAX refuses; fluxion must raise `cls`."""
    try:
        fn(*jargs(args))
    except Exception:  # noqa: BLE001 - any refusal by JAX
        record(family, op, args, kwargs, what, error=cls)
        return
    raise AssertionError(f"JAX accepted {op} {what}; it is not an error case")


DTYPES = ("float32", "float64", "int32", "bool")

# ---------------------------------------------------------------------------------------------
# rearrange
# ---------------------------------------------------------------------------------------------
R = "rearrange"
for dt in DTYPES:
    for shp in ([2, 3], [0, 3], [], [1], [2, 1, 3]):
        case(R, "ravel", jnp.ravel, [data(shp, dt)])
case(R, "ravel", lambda x: jnp.ravel(x, order="F"), [data([2, 3, 2], "float32")], {"order": "F"})
case(R, "flatten", lambda x: x.flatten(), [data([2, 3], "int32")])

for dt in DTYPES:
    x = data([2, 3, 4], dt)
    for ax in (None, 0, -1, [0, 2]):
        case(R, "flip", lambda a, ax=ax: jnp.flip(a, ax if not isinstance(ax, list) else tuple(ax)), [x], {"axis": ax})
case(R, "flip", lambda a: jnp.flip(a, 0), [data([0, 3], "float32")], {"axis": 0})
case(R, "fliplr", jnp.fliplr, [data([2, 3], "float64")])
case(R, "fliplr", jnp.fliplr, [data([2, 3, 2], "int32")])
case(R, "flipud", jnp.flipud, [data([3], "float32")])
case(R, "flipud", jnp.flipud, [data([3, 2], "bool")])

for dt in DTYPES:
    x = data([3, 4], dt)
    for shift, ax in ((2, None), (-1, 1), ([1, -2], [0, 1]), (7, -1), ([1, 1], [0, 0]), (0, 0), (-13, None)):
        s = tuple(shift) if isinstance(shift, list) else shift
        a = tuple(ax) if isinstance(ax, list) else ax
        case(R, "roll", lambda v, s=s, a=a: jnp.roll(v, s, a), [x], {"shift": shift, "axis": ax})
case(R, "roll", lambda v: jnp.roll(v, 2, 0), [data([0, 3], "float32")], {"shift": 2, "axis": 0})
case(R, "roll", lambda v: jnp.roll(v, 3), [data([], "float64")], {"shift": 3, "axis": None})

for dt in ("float32", "int32", "bool"):
    x = data([2, 3, 4], dt)
    for k in (1, 2, 3, -1, 4, 5):
        case(R, "rot90", lambda v, k=k: jnp.rot90(v, k), [x], {"k": k})
    case(R, "rot90", lambda v: jnp.rot90(v, 1, (1, 2)), [x], {"k": 1, "axes": [1, 2]})
    case(R, "rot90", lambda v: jnp.rot90(v, 3, (-1, 0)), [x], {"k": 3, "axes": [-1, 0]})

for dt in DTYPES:
    x = data([2, 3], dt)
    for reps in (2, [2, 1], [2, 1, 3], 0, [1, 0], [1, 1]):
        case(R, "tile", lambda v, r=reps: jnp.tile(v, r), [x], {"reps": reps})
case(R, "tile", lambda v: jnp.tile(v, [2, 3]), [data([], "float32")], {"reps": [2, 3]})
case(R, "tile", lambda v: jnp.tile(v, 3), [data([0, 2], "float64")], {"reps": 3})

for dt in DTYPES:
    x = data([2, 3], dt)
    case(R, "repeat", lambda v: jnp.repeat(v, 2), [x], {"repeats": 2, "axis": None})
    case(R, "repeat", lambda v: jnp.repeat(v, 3, axis=1), [x], {"repeats": 3, "axis": 1})
    case(R, "repeat", lambda v: jnp.repeat(v, 0, axis=-1), [x], {"repeats": 0, "axis": -1})
    case(R, "repeat", lambda v: jnp.repeat(v, np.array([1, 0, 2]), axis=1), [x], {"repeats": [1, 0, 2], "axis": 1})
    case(R, "repeat", lambda v: jnp.repeat(v, np.array([3, 1]), axis=0), [x], {"repeats": [3, 1], "axis": 0})
    case(R, "repeat", lambda v: jnp.repeat(v, np.array([2]), axis=0), [x], {"repeats": [2], "axis": 0})
y = data([4], "float32")
for total in (2, 6, 9):
    case(R, "repeat", lambda v, t=total: jnp.repeat(v, np.array([1, 2, 0, 3]), total_repeat_length=t), [y], {"repeats": [1, 2, 0, 3], "axis": None, "totalRepeatLength": total})
case(R, "repeat", lambda v: jnp.repeat(v, 2, axis=0, total_repeat_length=3), [y], {"repeats": 2, "axis": 0, "totalRepeatLength": 3})
case(R, "repeat", lambda v: jnp.repeat(v, 2, axis=0), [data([0, 2], "float32")], {"repeats": 2, "axis": 0})
case(R, "repeat", lambda v: jnp.repeat(v, 3), [data([], "int32")], {"repeats": 3, "axis": None})

# pad: every mode, several widths (including widths past the axis for reflect/symmetric/wrap).
P = "pad"
WIDTHS = (1, [2, 3], [[1, 0], [4, 5]], 0, 7, [[0, 0], [3, 1]])
MODE_OPTS = {
    "constant": [{}, {"constantValues": 5}, {"constantValues": [[1, 2], [3, 4]]}, {"constantValues": [-1, 7]}, {"constantValues": -2.5}],
    "edge": [{}],
    "wrap": [{}],
    "empty": [{}],
    "reflect": [{}, {"reflectType": "odd"}],
    "symmetric": [{}, {"reflectType": "odd"}],
    "linear_ramp": [{}, {"endValues": [5, -1]}, {"endValues": [[1, -2], [3.5, 4]]}],
    "maximum": [{}, {"statLength": 2}],
    "minimum": [{}, {"statLength": [[1, 2], [3, 1]]}],
    "mean": [{}, {"statLength": 2}],
    "median": [{}, {"statLength": [[2, 1], [3, 3]]}],
}
SNAKE = {"constantValues": "constant_values", "reflectType": "reflect_type", "endValues": "end_values", "statLength": "stat_length"}


def jpad(mode, width, opts):
    # JAX takes end_values and stat_length as static (hashable) tuples, constant_values as an array.
    tup = lambda v: tuple(tup(u) for u in v) if isinstance(v, list) else v  # noqa: E731
    kw = {SNAKE[k]: (np.array(v) if k == "constantValues" and isinstance(v, list) else tup(v)) for k, v in opts.items()}
    w = np.array(width) if isinstance(width, list) else width
    if mode == "linear_ramp":
        # Integer ramps: JAX computes them in float32 and its rounding can floor a value one too
        # low (its source says so); fluxion floors the exact ramp, as numpy does: numpy is the reference.
        return lambda v: (jnp.pad(v, w, mode=mode, **kw) if v.dtype != jnp.int32 else np.pad(np.asarray(v), w, mode=mode, **kw))
    return lambda v: jnp.pad(v, w, mode=mode, **kw)


for mode, optss in MODE_OPTS.items():
    dts = ("float32", "float64", "int32") + (("bool",) if mode in ("constant", "edge", "wrap", "reflect", "symmetric", "empty") else ())
    for dt in dts:
        x = data([3, 2], dt)
        for width in WIDTHS:
            for opts in optss:
                if dt == "bool" and (opts.get("reflectType") == "odd" or isinstance(opts.get("constantValues"), float)):
                    continue
                case(P, "pad", jpad(mode, width, opts), [x], {"padWidth": width, "mode": mode, "options": opts})
    # 1-D and size-1 axes, where reflect has nothing to reflect past the edge.
    for width in (2, [3, 1]):
        for opts in optss:
            if not any(isinstance(v, list) and isinstance(v[0], list) for v in opts.values()):  # per-axis pairs need 2 axes
                case(P, "pad", jpad(mode, width, opts), [data([4], "float64")], {"padWidth": width, "mode": mode, "options": opts})
            case(P, "pad", jpad(mode, width, opts), [data([1, 3], "float32")], {"padWidth": width, "mode": mode, "options": opts})
# A 3-D array, widths given per axis.
for mode in ("reflect", "symmetric", "wrap", "edge", "constant", "mean"):
    case(P, "pad", jpad(mode, [[1, 2], [0, 3], [2, 0]], {}), [data([2, 3, 2], "float32")], {"padWidth": [[1, 2], [0, 3], [2, 0]], "mode": mode, "options": {}})
# Statistics of a line holding NaN, and integer rounding of mean/median.
nan_line = T([1.0, np.nan, 3.0, 4.0], "float32")
for mode in ("mean", "median", "maximum", "minimum"):
    case(P, "pad", jpad(mode, 2, {}), [nan_line], {"padWidth": 2, "mode": mode, "options": {}})
    case(P, "pad", jpad(mode, [1, 2], {}), [T([1, 2, 4, 7], "int32")], {"padWidth": [1, 2], "mode": mode, "options": {}})
# Empty axes: constant/empty/mean pad them, the copying modes refuse (error cases below).
for mode in ("constant", "empty", "mean"):  # median of an empty axis: JAX fails inside a gather; numpy and fluxion give NaN
    case(P, "pad", jpad(mode, 1, {}), [data([0, 2], "float32")], {"padWidth": 1, "mode": mode, "options": {}})
case(P, "pad", jpad("reflect", [[0, 0], [1, 1]], {}), [data([0, 2], "float32")], {"padWidth": [[0, 0], [1, 1]], "mode": "reflect", "options": {}})
case(P, "pad", jpad("constant", 3, {}), [data([], "float32")], {"padWidth": 3, "mode": "constant", "options": {}})
case(P, "pad", lambda v: jnp.pad(v, 2), [data([2], "int32")], {"padWidth": 2, "mode": None, "options": {}})

for dt in ("float32", "int32"):
    x = data([2, 3, 4], dt)
    case(R, "moveaxis", lambda v: jnp.moveaxis(v, 0, -1), [x], {"source": 0, "destination": -1})
    case(R, "moveaxis", lambda v: jnp.moveaxis(v, (0, 1), (-1, -3)), [x], {"source": [0, 1], "destination": [-1, -3]})
    case(R, "moveaxis", lambda v: jnp.moveaxis(v, (2, 0), (0, 1)), [x], {"source": [2, 0], "destination": [0, 1]})
    case(R, "swapaxes", lambda v: jnp.swapaxes(v, 0, 2), [x], {"axis1": 0, "axis2": 2})
    case(R, "swapaxes", lambda v: jnp.swapaxes(v, -1, -1), [x], {"axis1": -1, "axis2": -1})
    case(R, "permuteDims", lambda v: jnp.permute_dims(v, (2, 0, 1)), [x], {"axes": [2, 0, 1]})
    case(R, "matrixTranspose", jnp.matrix_transpose, [x])
case(R, "matrixTranspose", jnp.matrix_transpose, [data([0, 3], "bool")])

case(R, "broadcastArrays", lambda a, b: jnp.broadcast_arrays(a, b), [data([2, 1], "float32"), data([3], "int32")])
case(R, "broadcastArrays", lambda a, b, c: jnp.broadcast_arrays(a, b, c), [data([], "float64"), data([1, 0], "bool"), data([4, 1], "float32")])
for shapes in (([2, 1], [3]), ([], [4, 1], [1, 5]), ([0], [1])):
    case(R, "broadcastShapes", lambda s=shapes: list(jnp.broadcast_shapes(*[tuple(x) for x in s])), [], {"shapes": list(shapes)})
for n in (1, 2, 3):
    fn = {1: jnp.atleast_1d, 2: jnp.atleast_2d, 3: jnp.atleast_3d}[n]
    for shp in ([], [3], [2, 3], [2, 3, 4]):
        case(R, f"atleast{n}d", fn, [data(shp, "float32")])
    case(R, f"atleast{n}d", lambda a, b, fn=fn: list(fn(a, b)), [data([], "int32"), data([2], "bool")])
for shp in ([], [3], [2, 0, 4]):
    x = data(shp, "float32")
    case(R, "ndim", lambda v: int(jnp.ndim(v)), [x])
    case(R, "shape", lambda v: list(jnp.shape(v)), [x])
    case(R, "size", lambda v: int(jnp.size(v)), [x], {"axis": None})
case(R, "size", lambda v: int(jnp.size(v, 1)), [data([2, 3, 4], "float32")], {"axis": 1})
case(R, "size", lambda v: int(jnp.size(v, (0, -1))), [data([2, 3, 4], "float32")], {"axis": [0, -1]})

# ---------------------------------------------------------------------------------------------
# split
# ---------------------------------------------------------------------------------------------
S = "split"
for dt in DTYPES:
    x = data([6, 2], dt)
    case(S, "split", lambda v: jnp.split(v, 3), [x], {"indicesOrSections": 3, "axis": 0})
    case(S, "split", lambda v: jnp.split(v, [1, 4]), [x], {"indicesOrSections": [1, 4], "axis": 0})
    case(S, "split", lambda v: jnp.split(v, [2, 2, 6]), [x], {"indicesOrSections": [2, 2, 6], "axis": 0})
    case(S, "split", lambda v: jnp.split(v, 2, axis=-1), [x], {"indicesOrSections": 2, "axis": -1})
    case(S, "arraySplit", lambda v: jnp.array_split(v, 4), [x], {"indicesOrSections": 4, "axis": 0})
case(S, "split", lambda v: jnp.split(v, []), [data([5], "float32")], {"indicesOrSections": [], "axis": 0})
case(S, "split", lambda v: jnp.split(v, 1), [data([0, 3], "float32")], {"indicesOrSections": 1, "axis": 0})
case(S, "split", lambda v: jnp.split(v, 3, axis=0), [data([0, 3], "float64")], {"indicesOrSections": 3, "axis": 0})
case(S, "arraySplit", lambda v: jnp.array_split(v, 5), [data([3], "int32")], {"indicesOrSections": 5, "axis": 0})
case(S, "arraySplit", lambda v: jnp.array_split(v, 3, axis=1), [data([2, 7], "float32")], {"indicesOrSections": 3, "axis": 1})
case(S, "arraySplit", lambda v: jnp.array_split(v, [1, 1, 3]), [data([4], "float32")], {"indicesOrSections": [1, 1, 3], "axis": 0})
case(S, "hsplit", lambda v: jnp.hsplit(v, 2), [data([2, 4], "float32")], {"indicesOrSections": 2})
case(S, "hsplit", lambda v: jnp.hsplit(v, [1]), [data([3], "int32")], {"indicesOrSections": [1]})
case(S, "vsplit", lambda v: jnp.vsplit(v, 2), [data([4, 3], "float64")], {"indicesOrSections": 2})
case(S, "vsplit", lambda v: jnp.vsplit(v, [3]), [data([4], "bool")], {"indicesOrSections": [3]})
case(S, "dsplit", lambda v: jnp.dsplit(v, [1, 3]), [data([2, 1, 4], "float32")], {"indicesOrSections": [1, 3]})
for ax in (0, 1, -1):
    case(S, "unstack", lambda v, a=ax: list(jnp.unstack(v, axis=a)), [data([2, 3], "float32")], {"axis": ax})
case(S, "unstack", lambda v: list(jnp.unstack(v)), [data([3], "int32")], {"axis": 0})
case(S, "unstack", lambda v: list(jnp.unstack(v, axis=1)), [data([2, 0], "float32")], {"axis": 1})
case(S, "hstack", lambda a, b: jnp.hstack([a, b]), [data([2], "float32"), data([3], "float32")])
case(S, "hstack", lambda a, b: jnp.hstack([a, b]), [data([2, 1], "int32"), data([2, 3], "float32")])
case(S, "hstack", lambda a, b: jnp.hstack([a, b]), [data([], "float64"), data([2], "float64")])
case(S, "hstack", lambda a, b: jnp.hstack([a, b], dtype=jnp.float64), [data([2], "int32"), data([1], "bool")], {"dtype": "float64"})
case(S, "vstack", lambda a, b: jnp.vstack([a, b]), [data([3], "float32"), data([3], "float32")])
case(S, "vstack", lambda a, b: jnp.vstack([a, b]), [data([2, 3], "bool"), data([1, 3], "int32")])
case(S, "vstack", lambda a, b: jnp.vstack([a, b]), [data([], "float32"), data([1], "float32")])
case(S, "dstack", lambda a, b: jnp.dstack([a, b]), [data([3], "float32"), data([3], "float32")])
case(S, "dstack", lambda a, b: jnp.dstack([a, b]), [data([2, 2], "int32"), data([2, 2, 3], "int32")])
case(S, "columnStack", lambda a, b: jnp.column_stack([a, b]), [data([3], "float32"), data([3], "float64")])
case(S, "columnStack", lambda a, b: jnp.column_stack([a, b]), [data([3], "int32"), data([3, 2], "int32")])
case(S, "append", lambda a, b: jnp.append(a, b), [data([2, 2], "float32"), data([3], "float32")], {"axis": None})
case(S, "append", lambda a, b: jnp.append(a, b, axis=0), [data([2, 2], "int32"), data([1, 2], "float32")], {"axis": 0})
case(S, "append", lambda a, b: jnp.append(a, b, axis=-1), [data([2, 0], "float64"), data([2, 3], "float64")], {"axis": -1})
case(S, "concat", lambda a, b: jnp.concat([a, b]), [data([1, 2], "float32"), data([2, 2], "float32")], {"axis": 0})
case(S, "concat", lambda a, b: jnp.concat([a, b], axis=-1), [data([2, 1], "int32"), data([2, 2], "bool")], {"axis": -1})
case(S, "concat", lambda a, b: jnp.concat([a, b], axis=None), [data([2, 1], "float32"), data([3], "float32")], {"axis": None})

# ---------------------------------------------------------------------------------------------
# select-index
# ---------------------------------------------------------------------------------------------
X = "select-index"
for dt in DTYPES:
    x = data([3, 4], dt)
    perm = T(np.argsort(rng.random((3, 4)), axis=1), "int32")
    case(X, "takeAlongAxis", lambda v, i: jnp.take_along_axis(v, i, axis=1), [x, perm], {"axis": 1})
    case(X, "takeAlongAxis", lambda v, i: jnp.take_along_axis(v, i, axis=-1), [x, T([[0, -1, 2]] * 3, "int32")], {"axis": -1})
    case(X, "takeAlongAxis", lambda v, i: jnp.take_along_axis(v, i, axis=0), [x, T([[2, 0, 1, 1]], "int32")], {"axis": 0})
    case(X, "takeAlongAxis", lambda v, i: jnp.take_along_axis(v, i, axis=0), [x, T([[0], [2]], "int32")], {"axis": 0})
    case(X, "takeAlongAxis", lambda v, i: jnp.take_along_axis(v, i, axis=None), [x, T([11, 0, -12, 5], "int32")], {"axis": None})
    oob = T([[4, -5, 1, 9]] * 3, "int32")
    case(X, "takeAlongAxis", lambda v, i: jnp.take_along_axis(v, i, axis=1), [x, oob], {"axis": 1})
    case(X, "takeAlongAxis", lambda v, i: jnp.take_along_axis(v, i, axis=1, mode="clip"), [x, oob], {"axis": 1, "mode": "clip"})
    if dt != "bool":
        case(X, "takeAlongAxis", lambda v, i: jnp.take_along_axis(v, i, axis=1, mode="fill", fill_value=-7), [x, oob], {"axis": 1, "mode": "fill", "fillValue": -7})
case(X, "takeAlongAxis", lambda v, i: jnp.take_along_axis(v, i, axis=1), [data([2, 0], "float32"), T(np.zeros((2, 3)), "int32")], {"axis": 1})
case(X, "takeAlongAxis", lambda v, i: jnp.take_along_axis(v, i, axis=0), [data([3, 2], "float64"), T(np.zeros((0, 2)), "int32")], {"axis": 0})

for dt in ("float32", "int32"):
    x = data([3, 4], dt)
    case(X, "putAlongAxis", lambda v, i: jnp.put_along_axis(v, i, 9, axis=1, inplace=False), [x, T([[0, 3]] * 3, "int32")], {"values": 9, "axis": 1})
    case(X, "putAlongAxis", lambda v, i: jnp.put_along_axis(v, i, np.array([[1], [2], [3]]).astype(v.dtype), axis=1, inplace=False), [x, T([[2], [-1], [0]], "int32")], {"values": [[1], [2], [3]], "axis": 1})
    case(X, "putAlongAxis", lambda v, i: jnp.put_along_axis(v, i, np.array([5, 6]).astype(v.dtype), axis=None, inplace=False), [x, T([1, 10], "int32")], {"values": [5, 6], "axis": None})
    case(X, "putAlongAxis", lambda v, i: jnp.put_along_axis(v, i, -1, axis=0, inplace=False), [x, T([[0, 7, 2, -9]], "int32")], {"values": -1, "axis": 0})

for dt in DTYPES:
    x = data([3, 4], dt)
    for off in (0, 1, -1, 3, -3, 5, -6):
        case(X, "diagonal", lambda v, o=off: jnp.diagonal(v, o), [x], {"offset": off})
x3 = data([2, 3, 4], "float32")
case(X, "diagonal", lambda v: jnp.diagonal(v, 0, 1, 2), [x3], {"offset": 0, "axis1": 1, "axis2": 2})
case(X, "diagonal", lambda v: jnp.diagonal(v, 1, -1, 0), [x3], {"offset": 1, "axis1": -1, "axis2": 0})
case(X, "diagonal", lambda v: jnp.diagonal(v, -1, 2, 1), [x3], {"offset": -1, "axis1": 2, "axis2": 1})
case(X, "diagonal", lambda v: jnp.diagonal(v), [data([0, 3], "float32")], {"offset": 0})
for n, nd in ((3, 2), (2, 3), (0, 2), (4, 1)):
    case(X, "diagIndices", lambda n=n, nd=nd: list(jnp.diag_indices(n, nd)), [], {"n": n, "ndim": nd})
case(X, "diagIndicesFrom", lambda v: list(jnp.diag_indices_from(v)), [data([3, 3, 3], "float32")])

for dt in ("float32", "float64", "int32"):
    c1, c2 = data([2, 3], "bool"), data([3], "bool")
    a, b = data([2, 3], dt), data([2, 3], dt)
    case(X, "select", lambda p, q, u, w: jnp.select([p, q], [u, w], 0), [c1, c2, a, b], {"default": 0, "nconds": 2})
    case(X, "select", lambda p, q, u, w: jnp.select([p, q], [u, w], -3), [c1, c2, a, b], {"default": -3, "nconds": 2})
case(X, "select", lambda p, u: jnp.select([p], [u]), [data([4], "int32"), data([4], "float32")], {"nconds": 1})
c21 = data([2, 1], "bool")
case(X, "select", lambda p, q, u, w: jnp.select([p, q], [u, w], 2.5), [c21, data([3], "bool"), data([3], "int32"), data([2, 3], "float32")], {"default": 2.5, "nconds": 2})

for dt in ("float32", "int32", "bool"):
    x = data([3, 4], dt)
    c = T([True, False, True], "bool")
    case(X, "compress", lambda k, v: jnp.compress(k, v, axis=0), [c, x], {"axis": 0})
    case(X, "compress", lambda k, v: jnp.compress(k, v, axis=-1), [T([0, 2, 0, -1], "int32"), x], {"axis": -1})
    case(X, "compress", lambda k, v: jnp.compress(k, v), [T([1, 0, 0, 1, 1, 0, 0], "int32"), x], {"axis": None})
    case(X, "compress", lambda k, v: jnp.compress(k, v, axis=1, size=3, fill_value=1), [T([True, False, False, True], "bool"), x], {"axis": 1, "size": 3, "fillValue": 1})
    case(X, "compress", lambda k, v: jnp.compress(k, v, axis=0), [T([False, True], "bool"), x], {"axis": 0})
    case(X, "compress", lambda k, v: jnp.compress(k, v, axis=0), [T([False, True, False, False, False], "bool"), x], {"axis": 0})
    case(X, "delete", lambda v: jnp.delete(v, 1, axis=1), [x], {"obj": 1, "axis": 1})
    case(X, "delete", lambda v: jnp.delete(v, -1, axis=0), [x], {"obj": -1, "axis": 0})
    case(X, "delete", lambda v: jnp.delete(v, np.array([0, 2, 2, -1])), [x], {"obj": [0, 2, 2, -1], "axis": None})
    case(X, "delete", lambda v: jnp.delete(v, np.array([True, False, True]), axis=0), [x], {"obj": [True, False, True], "axis": 0})
    case(X, "delete", lambda v: jnp.delete(v, np.array([], dtype=int), axis=1), [x], {"obj": [], "axis": 1})

for dt in ("float32", "float64", "int32", "bool"):
    x = data([2, 3], dt)
    case(X, "insert", lambda v: jnp.insert(v, 1, jnp.array([8, 9]).astype(v.dtype), axis=1), [x], {"obj": 1, "values": [8, 9], "axis": 1})
    case(X, "insert", lambda v: jnp.insert(v, np.array([0, 3, 3, -1]), 7, axis=1), [x], {"obj": [0, 3, 3, -1], "values": 7, "axis": 1})
    case(X, "insert", lambda v: jnp.insert(v, -1, jnp.array([[1, 2, 3]]).astype(v.dtype), axis=0), [x], {"obj": -1, "values": [[1, 2, 3]], "axis": 0})
    case(X, "insert", lambda v: jnp.insert(v, np.array([2, 0]), jnp.array([[1], [0]]).astype(v.dtype), axis=0), [x], {"obj": [2, 0], "values": [[1], [0]], "axis": 0})
    case(X, "insert", lambda v: jnp.insert(v, 9, 5), [x], {"obj": 9, "values": 5, "axis": None})
    case(X, "insert", lambda v: jnp.insert(v, np.array([1, 1, 4]), jnp.array([4, 5, 6]).astype(v.dtype)), [x], {"obj": [1, 1, 4], "values": [4, 5, 6], "axis": None})

# ---------------------------------------------------------------------------------------------
# errors: calls JAX refuses, and the FluxionError class fluxion raises for them
# ---------------------------------------------------------------------------------------------
E = "errors"
x23 = data([2, 3], "float32")
error(E, "flip", lambda v: jnp.flip(v, 2), [x23], {"axis": 2}, "ShapeError", "axis out of range")
error(E, "roll", lambda v: jnp.roll(v, 1, -3), [x23], {"shift": 1, "axis": -3}, "ShapeError", "axis out of range")
error(E, "rot90", lambda v: jnp.rot90(v, 1, (0, 0)), [x23], {"k": 1, "axes": [0, -2]}, "ShapeError", "equal axes")
error(E, "rot90", lambda v: jnp.rot90(v), [data([3], "float32")], {"k": 1}, "ShapeError", "1-D array")
error(E, "fliplr", jnp.fliplr, [data([3], "float32")], {}, "ShapeError", "1-D array")
error(E, "pad", lambda v: jnp.pad(v, 1, mode="foo"), [x23], {"padWidth": 1, "mode": "foo", "options": {}}, "ArgumentError", "unknown mode")
error(E, "pad", lambda v: jnp.pad(v, -1), [x23], {"padWidth": -1, "mode": "constant", "options": {}}, "ArgumentError", "negative width")
error(E, "pad", lambda v: jnp.pad(v, 1.5), [x23], {"padWidth": 1.5, "mode": "constant", "options": {}}, "ArgumentError", "fractional width")
error(E, "pad", lambda v: jnp.pad(v, np.ones((3, 2), int)), [x23], {"padWidth": [[1, 1], [1, 1], [1, 1]], "mode": "constant", "options": {}}, "ArgumentError", "too many pairs")
error(E, "pad", lambda v: jnp.pad(v, 1, mode="constant", reflect_type="odd"), [x23], {"padWidth": 1, "mode": "constant", "options": {"reflectType": "odd"}}, "ArgumentError", "option of another mode")
error(E, "pad", lambda v: jnp.pad(v, 1, mode="mean", stat_length=0), [x23], {"padWidth": 1, "mode": "mean", "options": {"statLength": 0}}, "ArgumentError", "stat length 0")
for mode in ("reflect", "symmetric", "wrap", "edge"):
    error(E, "pad", lambda v, m=mode: jnp.pad(v, 1, mode=m), [data([0, 2], "float32")], {"padWidth": 1, "mode": mode, "options": {}}, "ShapeError", f"{mode} of an empty axis")
error(E, "pad", lambda v: jnp.pad(v, 1, mode="maximum"), [data([0, 2], "float32")], {"padWidth": 1, "mode": "maximum", "options": {}}, "ShapeError", "maximum of an empty axis")
error(E, "tile", lambda v: jnp.tile(v, 1.5), [x23], {"reps": 1.5}, "ArgumentError", "fractional reps")
error(E, "repeat", lambda v: jnp.repeat(v, 2.5), [x23], {"repeats": 2.5, "axis": None}, "ArgumentError", "fractional repeats")
error(E, "repeat", lambda v: jnp.repeat(v, -1), [x23], {"repeats": -1, "axis": None}, "ArgumentError", "negative repeats")
error(E, "repeat", lambda v: jnp.repeat(v, np.array([1, 2]), axis=1), [x23], {"repeats": [1, 2], "axis": 1}, "ShapeError", "counts of another length")
error(E, "repeat", lambda v: jnp.repeat(v, 2, axis=2), [x23], {"repeats": 2, "axis": 2}, "ShapeError", "axis out of range")
error(E, "moveaxis", lambda v: jnp.moveaxis(v, (0, 1), 0), [x23], {"source": [0, 1], "destination": 0}, "ShapeError", "lengths differ")
error(E, "moveaxis", lambda v: jnp.moveaxis(v, (0, 0), (0, 1)), [x23], {"source": [0, 0], "destination": [0, 1]}, "ShapeError", "repeated axis")
error(E, "swapaxes", lambda v: jnp.swapaxes(v, 0, 2), [x23], {"axis1": 0, "axis2": 2}, "ShapeError", "axis out of range")
error(E, "permuteDims", lambda v: jnp.permute_dims(v, (0,)), [x23], {"axes": [0]}, "ShapeError", "too few axes")
error(E, "matrixTranspose", jnp.matrix_transpose, [data([3], "float32")], {}, "ShapeError", "1-D array")
error(E, "broadcastArrays", lambda a, b: jnp.broadcast_arrays(a, b), [data([2], "float32"), data([3], "float32")], {}, "ShapeError", "incompatible")
error(E, "split", lambda v: jnp.split(v, 4), [data([6], "float32")], {"indicesOrSections": 4, "axis": 0}, "ShapeError", "uneven sections")
error(E, "split", lambda v: jnp.split(v, [3, 1]), [data([6], "float32")], {"indicesOrSections": [3, 1], "axis": 0}, "ShapeError", "decreasing points")
error(E, "split", lambda v: jnp.split(v, [7]), [data([6], "float32")], {"indicesOrSections": [7], "axis": 0}, "ShapeError", "point past the end")
error(E, "split", lambda v: jnp.split(v, 0), [data([6], "float32")], {"indicesOrSections": 0, "axis": 0}, "ArgumentError", "zero sections")
error(E, "split", lambda v: jnp.split(v, 2, axis=1), [data([6], "float32")], {"indicesOrSections": 2, "axis": 1}, "ShapeError", "axis out of range")
error(E, "dsplit", lambda v: jnp.dsplit(v, 2), [x23], {"indicesOrSections": 2}, "ShapeError", "2-D array")
error(E, "unstack", lambda v: jnp.unstack(v), [data([], "float32")], {"axis": 0}, "ShapeError", "0-d array")
error(E, "vstack", lambda a, b: jnp.vstack([a, b]), [data([2], "float32"), data([3], "float32")], {}, "ShapeError", "widths differ")
error(E, "takeAlongAxis", lambda v, i: jnp.take_along_axis(v, i, axis=0), [x23, T([0, 1], "int32")], {"axis": 0}, "ShapeError", "ranks differ")
error(E, "takeAlongAxis", lambda v, i: jnp.take_along_axis(v, i, axis=1), [x23, T([[0.5, 1]], "float32")], {"axis": 1}, "DTypeError", "float indices")
error(E, "takeAlongAxis", lambda v, i: jnp.take_along_axis(v, i, axis=2), [x23, T([[0, 1]], "int32")], {"axis": 2}, "ShapeError", "axis out of range")
error(E, "diagonal", lambda v: jnp.diagonal(v, 0, 1, -1), [x23], {"offset": 0, "axis1": 1, "axis2": -1}, "ShapeError", "equal axes")
error(E, "diagonal", lambda v: jnp.diagonal(v), [data([3], "float32")], {"offset": 0}, "ShapeError", "1-D array")
error(E, "diagIndicesFrom", jnp.diag_indices_from, [x23], {}, "ShapeError", "unequal dimensions")
error(E, "diagIndices", lambda: jnp.diag_indices(-1), [], {"n": -1, "ndim": 2}, "ArgumentError", "negative n")
error(E, "select", lambda p, u, w: jnp.select([p], [u, w]), [data([2], "bool"), data([2], "float32"), data([2], "float32")], {"default": 0, "nconds": 1}, "ArgumentError", "lists of different lengths")
error(E, "select", lambda: jnp.select([], []), [], {"default": 0, "nconds": 0}, "ArgumentError", "empty lists")
error(E, "compress", lambda k, v: jnp.compress(k, v, axis=0), [T([True, False, False, True], "bool"), data([3], "float32")], {"axis": 0}, "ShapeError", "true past the axis")
error(E, "compress", lambda k, v: jnp.compress(k, v), [T([[True]], "bool"), data([3], "float32")], {"axis": None}, "ShapeError", "2-D condition")
error(E, "compress", lambda k, v: jnp.compress(k, v, size=4), [T([True], "bool"), data([3], "float32")], {"axis": None, "size": 4}, "ShapeError", "size past the axis")
error(E, "delete", lambda v: jnp.delete(v, 3), [data([3], "float32")], {"obj": 3, "axis": None}, "ShapeError", "index out of range")
error(E, "insert", lambda v: jnp.insert(v, np.array([[1]]), 5), [data([3], "float32")], {"obj": [[1]], "values": 5, "axis": None}, "ShapeError", "2-D obj")
error(E, "insert", lambda v: jnp.insert(v, np.array([0, 1]), np.zeros(3)), [data([3], "float32")], {"obj": [0, 1], "values": [0, 0, 0], "axis": None}, "ShapeError", "values of another length")
error(E, "delete", lambda v: jnp.delete(v, np.array([True, False]), axis=0), [data([3], "float32")], {"obj": [True, False], "axis": 0}, "ShapeError", "mask of another length")

OUT.write_text(json.dumps({"generator": "scripts/gen-shape.py", "jax": jax.__version__, "numpy": np.__version__, "cases": CASES}, separators=(",", ":")) + "\n")
print(f"wrote {len(CASES)} cases to {OUT.relative_to(ROOT)}")
