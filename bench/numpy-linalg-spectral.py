#!/usr/bin/env python3
"""
numpy's time for W10's spectral decompositions on this machine (bench/workloads/w10-linalg-spectral.ts):
eigh of a 256×256 float64 symmetric matrix (LAPACK syevd) and the reduced SVD of a 256×256 float64
matrix (gesdd), vectors included, through numpy's LAPACK. Prints median and min–max over timed
runs, per thread count when threadpoolctl is installed (else as OPENBLAS_NUM_THREADS says). Run:

    OPENBLAS_NUM_THREADS=1 python3 bench/numpy-linalg-spectral.py
"""
import numpy as np

from numpy_timing import bench, per_thread_count

N = 256
RNG = np.random.default_rng(101)
M = RNG.uniform(-1, 1, size=(N, N))
S = np.tril(M) + np.tril(M, -1).T
A = RNG.uniform(-1, 1, size=(N, N))


def run_all(label):
    print(f"numpy {np.__version__}, {label}")
    bench(f"eigh float64 {N}x{N} (values, vectors)", lambda: np.linalg.eigh(S), runs=50, warmup=5, width=40)
    bench(f"svd float64 {N}x{N} (reduced)", lambda: np.linalg.svd(A, full_matrices=False), runs=50, warmup=5, width=40)


per_thread_count(run_all)
