"""The timing loop the numpy comparison scripts share: warm up, then median/min/max in ms."""
import os
import statistics
import time


def bench(name, fn, runs=200, warmup=20, width=36):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    print(f"{name:<{width}} median {statistics.median(times):8.3f} ms   min {min(times):8.3f}   max {max(times):8.3f}")


def per_thread_count(run_all):
    """Runs `run_all(label)` with 1 and 2 BLAS threads when threadpoolctl is installed, else once
    with the thread count OPENBLAS_NUM_THREADS sets."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        run_all(f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '(default)')}")
        return
    for threads in (1, 2):
        with threadpool_limits(limits=threads):
            run_all(f"{threads} BLAS thread{'s' if threads > 1 else ''}")
