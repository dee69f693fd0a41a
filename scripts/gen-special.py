#!/usr/bin/env python3
"""
Generates test/fixtures/special.json for test/scipy-special/*.test.ts: reference values of the
special functions and of their derivatives. The tests only read the committed JSON; they never run
python. Re-run after changing the points (needs numpy, scipy, jax and mpmath):

    python3 scripts/gen-special.py

Where the values come from:
- "unary": erfc, erfinv, gammaln, digamma, ndtr, ndtri on wide grids (tails, poles, NaN, +-inf, -0).
  Finite float64 values are mpmath's to 40 digits rounded once (the true values); the script checks
  that SciPy agrees with them to 1e-13 relative wherever the function is well-conditioned. At poles
  and special inputs the values are JAX's (they differ from SciPy at digamma(+-0) = NaN and
  gammaln(-inf) = inf). float32 values are the true values rounded once to float32 (the kernels
  compute in float64 and round once).
- "derivatives": first and second derivatives by SciPy's closed forms (digamma, polygamma, and the
  exponentials of erfc' and erfinv'), checked against jax.grad in float64.
- "polygamma": psi^(m)(x) by mpmath for small orders m, positive and negative x.
- "binary": xlogy, xlog1py values (SciPy) and gradients (jax.grad: JAX's custom jvp rules), logit
  and expit with their gradients.
- "logsumexp", "softmax": cases of jax.scipy.special.logsumexp/softmax/log_softmax with axis, b,
  keepdims, return_sign, where.
NaN and +-inf are encoded as "nan", "inf", "-inf" (fixture_encoding.py).
"""
import json
import math
from pathlib import Path

import jax

jax.config.update("jax_enable_x64", True)
jax.config.update("jax_platforms", "cpu")

import jax.numpy as jnp  # noqa: E402
import jax.scipy.special as jsp  # noqa: E402
import mpmath  # noqa: E402
import numpy as np  # noqa: E402
import scipy  # noqa: E402
import scipy.special as ss  # noqa: E402
from fixture_encoding import enc_float  # noqa: E402

mpmath.mp.dps = 40
ROOT = Path(__file__).resolve().parent.parent
NAN, INF = float("nan"), float("inf")
SPECIAL = [0.0, -0.0, INF, -INF, NAN]
rng = np.random.default_rng(7)


def enc(xs, dtype="float64"):
    return [enc_float(v, dtype) for v in np.asarray(xs, dtype=np.float64).ravel()]


def grid(lo, hi, n):
    return list(rng.uniform(lo, hi, n))


POINTS = {
    "erfc": [1e-300, 1e-20, 1e-8, 0.1, 0.3, 0.46875, 0.47, 0.5, 1, 2, 3.9, 4, 4.1, 5, 8, 10, 15, 20, 25, 26, 26.2,
             26.5, 26.6, 26.8, 27, 27.2, 27.4, 30, -1e-8, -0.47, -1, -3, -6, -10, -30] + grid(-6, 27, 120) + SPECIAL,
    "erfinv": [1e-300, 1e-12, 1e-8, 2e-8, 0.1, 0.25, 0.5, 0.5000001, 0.75, 0.9, 0.99, 0.999999, 1 - 1e-12,
               1 - 2**-52, 1 - 2**-53, -0.5, -0.9, -(1 - 2**-53), 1, -1, 1.5, -1.0000001, 2]
              + grid(-1, 1, 100) + list(1 - 10 ** rng.uniform(-16, -1, 60)) + SPECIAL,
    "gammaln": [1e-300, 1e-20, 1e-8, 0.1, 0.5, 0.9, 1 - 1e-9, 1, 1 + 1e-12, 1 + 1e-6, 1.2, 1.4616321449683622, 1.5,
                1.9, 2 - 1e-9, 2, 2 + 1e-9, 2.5, 3, 4.5, 9.99, 10, 10.5, 100.25, 1e5 + 0.5, 1e10, 1e15, 1e100, 1e300,
                2.5e305, 1e307, -1e-300, -1e-8, -0.1, -0.5, -1.5, -2.5, -2.4570247382208006, -2.7476826467274127,
                -3.3, -10.5, -100.25, -1e6 + 0.25, -1, -2, -100, -1e20]
               + grid(0, 12, 100) + grid(-12, 0, 60) + list(10 ** rng.uniform(-5, 20, 40)) + SPECIAL,
    "digamma": [1e-300, 1e-20, 1e-8, 0.1, 0.5, 0.9, 1, 1 + 1e-6, 1.2, 1.4, 1.46, 1.4616321449683622,
                1.4616321449683623, 1.47, 1.5, 1.7, 2, 2.5, 5, 9.99, 10, 10.01, 100.5, 1e5, 1e15, 1e300,
                -1e-8, -0.1, -0.5, -0.5040830082644554, -1.5, -2.5, -3.3, -10.25, -100.75, -1, -2, -1e20]
               + grid(0, 12, 100) + grid(-12, 0, 60) + list(10 ** rng.uniform(-5, 20, 40)) + SPECIAL,
    "ndtr": [1e-10, 0.1, 0.5, 0.7071, 0.7072, 1, 2, 5, 8, 10, 38, 40, -0.5, -0.7072, -1, -5, -10, -20, -30, -37, -38.5,
             -40] + grid(-12, 12, 80) + SPECIAL,
    "ndtri": [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.01, 0.1, 0.1353352832366127, 0.1353352832366128, 0.25, 0.5, 0.6,
              0.8646647167633873, 0.8646647167633872, 0.9, 0.975, 0.99, 0.999999, 1 - 1e-12, 1 - 2**-53, 0, 1,
              -0.1, 1.1] + grid(0, 1, 80) + list(10 ** rng.uniform(-300, -1, 30)) + [0.0, -0.0, INF, -INF, NAN],
}

MP = {
    "erfc": mpmath.erfc,
    "erfinv": mpmath.erfinv,
    "gammaln": lambda x: mpmath.log(abs(mpmath.gamma(x))),
    "digamma": mpmath.digamma,
    "ndtr": lambda x: mpmath.ncdf(x),
    "ndtri": lambda p: -mpmath.sqrt(2) * mpmath.erfinv(1 - 2 * mpmath.mpf(p)) if p < 0.5 else mpmath.sqrt(2) * mpmath.erfinv(2 * mpmath.mpf(p) - 1),
}
SCIPY = {"erfc": ss.erfc, "erfinv": ss.erfinv, "gammaln": ss.gammaln, "digamma": ss.psi, "ndtr": ss.ndtr, "ndtri": ss.ndtri}
JAX = {"erfc": jsp.erfc, "erfinv": jsp.erfinv, "gammaln": jsp.gammaln, "digamma": jsp.digamma, "ndtr": jsp.ndtr, "ndtri": jsp.ndtri}


def is_pole(name, x):
    if name in ("gammaln", "digamma"):
        return x <= 0 and x == math.floor(x)
    if name == "erfinv":
        return abs(x) >= 1
    if name == "ndtri":
        return not (0 < x < 1)
    return False


def truth(name, x):
    """The true value rounded once to float64, or JAX's at special inputs and poles."""
    if not math.isfinite(x) or is_pole(name, x):
        return float(JAX[name](jnp.float64(x)))
    if name == "erfinv" and x == 0:
        return float(JAX[name](jnp.float64(x)))  # keeps -0
    # ndtri in the lower tail goes through erfinv(1 − 2p): enough digits to keep 2p (p ≥ 1e-300).
    digits = 60 if name != "ndtri" else 60 + int(-math.log10(x))
    with mpmath.workdps(digits):
        return float(MP[name](mpmath.mpf(x)))


def well_conditioned(name, x):
    """Where SciPy is expected to agree to 1e-13 relative (not next to a zero of the function)."""
    if name in ("gammaln", "digamma") and x < 0:
        return False  # next to the zeros between the poles SciPy is accurate only absolutely
    if name == "gammaln" and abs(x - 1) < 0.1 or name == "gammaln" and abs(x - 2) < 0.1:
        return False
    if name == "digamma" and abs(x - 1.4616321449683622) < 0.1:
        return False
    if name == "erfc" and x > 26.5:
        return False  # subnormal results
    if name == "ndtr" and x < -5:
        return False  # relative condition number ~x² in the lower tail
    return True


def unary_case(name):
    xs = [float(x) for x in POINTS[name]]
    want = [truth(name, x) for x in xs]
    sp = SCIPY[name](np.array(xs))
    for x, w, s in zip(xs, want, sp):
        if math.isfinite(w) and math.isfinite(x) and not is_pole(name, x) and well_conditioned(name, x) and w != 0:
            assert abs(s - w) <= 1e-13 * abs(w), f"{name}({x!r}): scipy {s!r} vs true {w!r}"
    with np.errstate(over="ignore"):
        x32 = np.array(xs, dtype=np.float32).astype(np.float64)
    want32 = [truth(name, float(x)) for x in x32]
    return {
        "float64": {"x": enc(xs), "value": enc(want)},
        "float32": {"x": enc(x32, "float32"), "value": [enc_float(np.float32(w), "float32") for w in want32]},
    }


def derivative_cases():
    """First and second derivatives by closed forms, checked against jax.grad."""
    def check(f, xs, want):
        # Only at x > 0 for the gamma family: XLA's polygamma loses digits at negative x (jax.grad of
        # jax.grad of gammaln at -7.2 is off by 1.3e-8 relative), where SciPy's closed forms are right.
        keep = [i for i, x in enumerate(xs) if x > 0 or f_is_erf(f)]
        xs, want = [xs[i] for i in keep], np.asarray(want)[keep]
        got = np.array([float(f(jnp.float64(x))) for x in xs])
        ok = np.isclose(got, want, rtol=1e-10, atol=1e-14, equal_nan=True)  # JAX is only absolutely accurate next to zeros
        assert ok.all(), f"jax.grad disagrees at {np.array(xs)[~ok]}: {got[~ok]} vs {np.asarray(want)[~ok]}"

    erf_fns = []
    f_is_erf = lambda f: any(f is g for g in erf_fns)  # noqa: E731
    out = {}
    xg = [0.3, 0.9, 1.0, 1.4616321449683622, 2.0, 3.7, 10.5, 55.0, -0.5, -1.3, -2.75, -7.2]
    d1, d2 = ss.psi(xg), ss.polygamma(1, xg)
    for x, a, b in zip(xg, d1, d2):
        assert abs(a - float(mpmath.digamma(x))) <= 1e-14 and abs(b - float(mpmath.polygamma(1, x))) <= 1e-13 * abs(b)
    check(jax.grad(jsp.gammaln), xg, d1)
    check(jax.grad(jax.grad(jsp.gammaln)), xg, d2)
    out["gammaln"] = {"x": enc(xg), "d1": enc(d1), "d2": enc(d2)}
    xd = [x for x in xg]
    e1, e2 = ss.polygamma(1, xd), ss.polygamma(2, xd)
    check(jax.grad(jsp.digamma), xd, e1)
    check(jax.grad(jax.grad(jsp.digamma)), xd, e2)
    out["digamma"] = {"x": enc(xd), "d1": enc(e1), "d2": enc(e2), "d3": enc(ss.polygamma(3, xd))}
    xe = [-3.0, -1.0, -0.2, 0.0, 0.5, 1.0, 2.5, 6.0, 27.0]
    xe_ = np.array(xe)
    f1 = -2 / np.sqrt(np.pi) * np.exp(-xe_**2)
    f2 = -2 * xe_ * f1
    erf_fns.extend([e1f := jax.grad(jsp.erfc), e2f := jax.grad(jax.grad(jsp.erfc))])
    check(e1f, xe, f1)
    check(e2f, xe, f2)
    out["erfc"] = {"x": enc(xe), "d1": enc(f1), "d2": enc(f2)}
    yi = np.array([-0.99, -0.5, 0.0, 0.1, 0.5, 0.9, 0.999, 1 - 1e-10])
    inv = ss.erfinv(yi)
    g1 = np.sqrt(np.pi) / 2 * np.exp(inv**2)
    g2 = 2 * inv * g1 * g1  # d/dy of (√π/2)e^(x²) = 2x·x'·(√π/2)e^(x²)
    erf_fns.extend([i1f := jax.grad(jsp.erfinv), i2f := jax.grad(jax.grad(jsp.erfinv))])
    check(i1f, list(yi), g1)
    check(i2f, list(yi), g2)
    out["erfinv"] = {"x": enc(yi), "d1": enc(g1), "d2": enc(g2)}
    return out


def polygamma_case():
    rows = []
    for m in [1, 2, 3, 4, 5, 8]:
        for x in [1e-3, 0.3, 1.0, 1.5, 2.5, 7.0, 10.5, 33.0, 1e4, 1e10, -0.5, -1.3, -2.75, -10.25, -0.01]:
            with mpmath.workdps(60):
                rows.append([m, x, float(mpmath.polygamma(m, x))])
    for m, x in [(1, 0.0), (2, 0.0), (1, -0.0), (2, -3.0), (3, -1.0), (1, INF), (2, INF), (1, NAN), (1, -INF)]:
        rows.append([m, x, float(ss.polygamma(m, x))])
    return {"m": [r[0] for r in rows], "x": enc([r[1] for r in rows]), "value": enc([r[2] for r in rows])}


def binary_case():
    pairs = [(0, 0), (0, 1), (0, 2.5), (0, NAN), (0, -1), (0, INF), (1, 0), (2, 3), (-1.5, 0.25), (3, -1), (NAN, 1),
             (1e-300, 1e-300), (0.5, 1e300), (1, INF), (-0.0, 0)]
    x = np.array([p[0] for p in pairs], dtype=np.float64)
    y = np.array([p[1] for p in pairs], dtype=np.float64)
    out = {"x": enc(x), "y": enc(y)}
    for name, sp, jf in [("xlogy", ss.xlogy, jsp.xlogy), ("xlog1py", ss.xlog1py, jsp.xlog1py)]:
        v = sp(x, y)
        jv = np.asarray(jf(x, y))
        assert np.allclose(v, jv, rtol=1e-15, equal_nan=True), (name, v, jv)
        gx = np.array([float(jax.grad(jf, 0)(a, b)) for a, b in zip(x, y)])
        gy = np.array([float(jax.grad(jf, 1)(a, b)) for a, b in zip(x, y)])
        out[name] = {"value": enc(v), "dx": enc(gx), "dy": enc(gy)}
    p = np.array([0.0, 1e-300, 1e-10, 0.1, 0.25, 0.5, 0.75, 0.9, 1 - 1e-10, 1.0, -0.5, 1.5, NAN, -0.0])
    out["logit"] = {"x": enc(p), "value": enc(ss.logit(p)), "d1": enc([float(jax.grad(jsp.logit)(v)) for v in p])}
    e = np.array([-800.0, -40.0, -5.0, -1e-10, -0.0, 0.0, 0.5, 3.0, 40.0, 800.0, INF, -INF, NAN])
    out["expit"] = {"x": enc(e), "value": enc(ss.expit(e)), "d1": enc([float(jax.grad(jsp.expit)(v)) for v in e])}
    return out


def logsumexp_cases():
    a = np.array([[1.0, 2.0, 3.0], [-INF, 0.5, 1000.0]])
    b = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, 1.0]])
    where = np.array([[True, False, True], [True, True, False]])
    cases = []
    for kw in [{}, {"axis": 0}, {"axis": 1}, {"axis": -1, "keepdims": True}, {"b": b}, {"b": b, "axis": 1},
               {"b": b, "axis": 1, "return_sign": True}, {"b": -b, "return_sign": True}, {"axis": 1, "where": where},
               {"b": np.array([2.0, 0.5, 1.0]), "axis": 1, "keepdims": True}, {"return_sign": True, "axis": 0}]:
        r = jsp.logsumexp(jnp.asarray(a), **{k: (jnp.asarray(v) if isinstance(v, np.ndarray) else v) for k, v in kw.items()})
        args = {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in kw.items()}
        if "b" in args:
            args["b"] = [[enc_float(u, "float64") for u in row] if isinstance(row, list) else enc_float(row, "float64") for row in args["b"]]
        res = [r[0], r[1]] if kw.get("return_sign") else [r]
        cases.append({"kwargs": args, "out": [{"shape": list(np.shape(t)), "data": enc(np.asarray(t))} for t in res]})
    # Its gradient (softmax, and b·softmax with b): d/da of sum(logsumexp(a, axis=1, b)).
    ga = jax.grad(lambda t: jnp.sum(jsp.logsumexp(t, axis=1, b=jnp.asarray(b))))(jnp.asarray(np.array([[1.0, 2.0, 3.0], [0.0, 0.5, 1.0]])))
    return {"a": [[enc_float(u, "float64") for u in row] for row in a.tolist()], "cases": cases,
            "grad": {"a": [[1.0, 2.0, 3.0], [0.0, 0.5, 1.0]], "b": b.tolist(), "data": enc(np.asarray(ga))}}


def softmax_cases():
    x = np.array([[1.0, 2.0, 3.0], [-1.0, 0.5, 10.0]])
    out = {"x": x.tolist()}
    for key, kw in [("none", {}), ("axis0", {"axis": 0}), ("axis-1", {"axis": -1})]:
        out[key] = {"softmax": enc(np.asarray(jsp.softmax(jnp.asarray(x), **kw))),
                    "logSoftmax": enc(np.asarray(jsp.log_softmax(jnp.asarray(x), **kw)))}
    return out


def main():
    out = {"generator": "scripts/gen-special.py", "jax": jax.__version__, "scipy": scipy.__version__,
           "mpmath": mpmath.__version__,
           "unary": {name: unary_case(name) for name in POINTS},
           "derivatives": derivative_cases(), "polygamma": polygamma_case(), "binary": binary_case(),
           "logsumexp": logsumexp_cases(), "softmax": softmax_cases()}
    path = ROOT / "test" / "fixtures" / "special.json"
    path.write_text(json.dumps(out, indent=None) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
