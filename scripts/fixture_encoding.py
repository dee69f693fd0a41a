"""
How the fixture scripts write numbers into JSON for the TypeScript tests: NaN and +-inf as the
strings "nan", "inf", "-inf" (JSON has no literal for them), and a float32 value as the shortest
decimal that reads back (JS: parse to double, Math.fround) as the same float32.
"""
import math

import numpy as np


def enc_float(x, dtype):
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if dtype == "float32" and x != 0:
        s = str(np.float32(x))
        v = float(s)
        if np.float32(v) == np.float32(x):
            return v
    return x


def enc_value(x, dtype):
    """One element of any dtype: floats as enc_float, bool as true/false, integers as ints."""
    if dtype in ("float32", "float64"):
        return enc_float(x, dtype)
    if dtype == "bool":
        return bool(x)
    return int(x)
