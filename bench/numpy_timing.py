"""The timing loop the numpy comparison scripts share: warm up, then median/min/max in ms."""
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
