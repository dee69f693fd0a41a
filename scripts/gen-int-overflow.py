#!/usr/bin/env python3
"""
Generates test/fixtures/jax-int-overflow.json: what JAX does when a Python number meets int32
(a weakly typed operand of an int32 or bool array, int32 array data, fill values, arange, and the
functional update `x.at[i].set/add`). The test test/core/int-overflow.test.ts only reads the
committed JSON; it never runs python. Re-run after changing a case (needs `pip install jax`):

    python3 scripts/gen-int-overflow.py

JS cannot tell 3e9 from 3000000000, and fluxion gives an integer-valued JS number the dtype of the
array it meets (a fraction makes it a weak float), so each case uses the Python int (or float) that
plays the JS number's part. Each case is
    { id, jax: { raises: "OverflowError" } | { value: [...], dtype: "int32" | "float32" } }
computed with JAX's defaults (x64 disabled, so int32 is the integer dtype), on CPU.
"""
import json
from pathlib import Path

import jax

jax.config.update("jax_platforms", "cpu")

import jax.numpy as jnp  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test" / "fixtures" / "jax-int-overflow.json"

i32 = jnp.int32
one = jnp.array([1], dtype=i32)

CASES = {
    # Weakly typed operands meeting an int32 (or bool) array.
    "int32 + 3e9": lambda: one + 3000000000,
    "int32 + 2^31": lambda: one + 2**31,
    "int32 + (-2^31 - 1)": lambda: one + (-(2**31) - 1),
    "int32 + (2^31 - 1)": lambda: one + (2**31 - 1),  # fits: the array sum wraps, as int32 arithmetic does
    "int32 + (-2^31)": lambda: one + (-(2**31)),
    "int32 + 2.5": lambda: one + 2.5,  # a weak float: float32 result, no overflow
    "int32 * 1e10 + 0.5": lambda: one * (1e10 + 0.5),  # a fraction: a weak float, however large
    "bool + 3e9": lambda: jnp.array([True]) + 3000000000,
    "maximum(int32, 3e9)": lambda: jnp.maximum(one, 3000000000),
    "where(c, int32, 3e9)": lambda: jnp.where(one > 0, one, 3000000000),
    "int32 < 3e9": lambda: one < 3000000000,
    # Array data with an explicit int32 dtype.
    "array([3e9], int32)": lambda: jnp.array([3000000000], dtype=i32),
    "array([-3e9], int32)": lambda: jnp.array([-3000000000], dtype=i32),
    "array([2^31 - 1, -2^31], int32)": lambda: jnp.array([2**31 - 1, -(2**31)], dtype=i32),
    "array([2.5, -2.9], int32)": lambda: jnp.array([2.5, -2.9], dtype=i32),
    # The functional update with a Python number.
    "zeros(3, int32).at[0].set(3e9)": lambda: jnp.zeros(3, i32).at[0].set(3000000000),
    "zeros(3, int32).at[0].add(3e9)": lambda: jnp.zeros(3, i32).at[0].add(3000000000),
    "zeros(3, int32).at[0].set(2.5)": lambda: jnp.zeros(3, i32).at[0].set(2.5),
    # arange within int32's range.
    "arange(2^31 - 3, 2^31 - 1, int32)": lambda: jnp.arange(2**31 - 3, 2**31 - 1, dtype=i32),
    "arange(0, 2^31, 2^30, int32)": lambda: jnp.arange(0, 2**31, 2**30, dtype=i32),
    # Where JAX does not refuse but wraps without a word; fluxion refuses (see DEVIATIONS in the test).
    "arange(2^31 - 3, 2^31 + 2, int32)": lambda: jnp.arange(2**31 - 3, 2**31 + 2, dtype=i32),
    "full(2, 3e9, int32)": lambda: jnp.full([2], 3000000000, dtype=i32),
}


def run(f):
    try:
        r = f()
    except OverflowError:
        return {"raises": "OverflowError"}
    return {"value": [v.item() for v in r.ravel()], "dtype": str(r.dtype)}


def main():
    cases = [{"id": k, "jax": run(f)} for k, f in CASES.items()]
    OUT.write_text(json.dumps({"jax": jax.__version__, "cases": cases}, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
