#!/usr/bin/env python3
"""
numpy's time for W9's factorisations on this machine (bench/workloads/w9-linalg-factor.ts):
Cholesky of a 256×256 float64 SPD matrix and the solve of a 256×256 system for one right-hand
side (LAPACK potrf / gesv through numpy's BLAS). Prints median and min–max over timed runs,
per thread count when threadpoolctl is installed (else as OPENBLAS_NUM_THREADS says). Run:

    OPENBLAS_NUM_THREADS=1 python3 bench/numpy-linalg.py
    OPENBLAS_NUM_THREADS=2 python3 bench/numpy-linalg.py
"""
import numpy as np

from numpy_timing import bench, per_thread_count

N = 256
RNG = np.random.default_rng(91)
M = RNG.uniform(-1, 1, size=(N, N))
A = M @ M.T / N + np.eye(N)
B = RNG.uniform(-1, 1, size=N)


def run_all(label):
    print(f"numpy {np.__version__}, {label}")
    bench(f"cholesky float64 {N}x{N}", lambda: np.linalg.cholesky(A))
    bench(f"solve float64 {N}x{N}, one rhs", lambda: np.linalg.solve(A, B))
    try:  # SciPy's wrappers call the same LAPACK without numpy's gufunc machinery
        import scipy.linalg as sl

        bench(f"scipy cholesky float64 {N}x{N}", lambda: sl.cholesky(A, lower=True, check_finite=False))
        bench(f"scipy solve float64 {N}x{N}, one rhs", lambda: sl.solve(A, B, check_finite=False))
    except ImportError:
        pass


per_thread_count(run_all)
