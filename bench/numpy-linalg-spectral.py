#!/usr/bin/env python3
"""
numpy's time for W10's spectral decompositions on this machine (bench/workloads/w10-linalg-spectral.ts):
eigh of a 256×256 float64 symmetric matrix (LAPACK syevd) and the reduced SVD of a 256×256 float64
matrix (gesdd), vectors included, through numpy's LAPACK. Prints median and min–max over timed
runs, per thread count when threadpoolctl is installed (else as OPENBLAS_NUM_THREADS says). Run:

    OPENBLAS_NUM_THREADS=1 python3 bench/numpy-linalg-spectral.py
"""
import os
import statistics
import time

import numpy as np

N = 256
RNG = np.random.default_rng(101)
M = RNG.uniform(-1, 1, size=(N, N))
S = np.tril(M) + np.tril(M, -1).T
A = RNG.uniform(-1, 1, size=(N, N))


def bench(name, fn, runs=50, warmup=5):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    print(f"{name:<40} median {statistics.median(times):8.3f} ms   min {min(times):8.3f}   max {max(times):8.3f}")


def run_all(label):
    print(f"numpy {np.__version__}, {label}")
    bench(f"eigh float64 {N}x{N} (values, vectors)", lambda: np.linalg.eigh(S))
    bench(f"svd float64 {N}x{N} (reduced)", lambda: np.linalg.svd(A, full_matrices=False))


try:
    from threadpoolctl import threadpool_limits

    for threads in (1, 2):
        with threadpool_limits(limits=threads):
            run_all(f"{threads} BLAS thread{'s' if threads > 1 else ''}")
except ImportError:
    run_all(f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '(default)')}")
