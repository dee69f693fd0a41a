#!/usr/bin/env python3
"""
JAX on XLA (CPU) timing the same workloads as bench/workloads/*.ts, for the "JAX on XLA
(reference)" row of `npm run bench` (bench/engines/xla.ts starts this script).

Protocol: one JSON request on stdin,

    {"workload": "W4", "args": [{"dtype": "float32", "shape": [128, 100], "b64": "..."}, ...],
     "params": {...}, "policy": {"warmupMs": 300, ...}}

where the arrays are the workload's own deterministic inputs (built by the TypeScript side from
its seeded PRNG, little-endian), so the result can be checked against the same float64
reference as every other engine. One JSON line on stdout:

    {"status": "ok", "firstCallMs": …, "warmupCalls": …, "callsPerRun": …, "timesMs": [...],
     "median": …, "min": …, "max": …, "outputs": [{"dtype", "shape", "b64"}, ...], "environment": "…"}

or {"status": "skipped", "note": "…"} when jax cannot be imported, or {"status": "error", …}.
The timing follows bench/harness.ts's policy (the request carries it): one first call timed on
its own (it includes XLA compilation), warm-up, then runs of at least minRunMs, at least minRuns
of them, each ending in block_until_ready (or a read back to the host, as every JS engine pays).

XLA's CPU client runs its intra-op thread pool over every core the process may use, so both
cores of this machine work on large ops; the environment line says how many that is.

By hand: `echo '{"workload": "W6-256", "args": [], "params": {"n": 256}}' | python3 bench/xla/workloads.py`
(with no args, a workload builds seeded inputs of its own: good for timing, not for the error check).
"""
import base64
import json
import math
import os
import sys
import time

np = None  # numpy, imported in main() with jax: without either, the row is "skipped", not a crash


def decode(spec):
    data = base64.b64decode(spec["b64"])
    return np.frombuffer(data, dtype=np.dtype(spec["dtype"]).newbyteorder("<")).reshape(spec["shape"]).copy()


def encode(array):
    a = np.ascontiguousarray(np.asarray(array))
    if a.dtype not in (np.float32, np.float64):
        a = a.astype(np.float64)
    return {"dtype": str(a.dtype), "shape": list(a.shape), "b64": base64.b64encode(a.astype(a.dtype.newbyteorder("<")).tobytes()).decode()}


def host(*arrays):
    """Reads results back to numpy (what every JS engine's data()/dataSync() pays)."""
    return [np.asarray(a) for a in arrays]


def arg(args, i, shape, dtype="float32", seed=0):
    """Argument i of the request, or seeded uniform(−1, 1) data when run by hand without args."""
    if i < len(args):
        return args[i]
    return np.random.default_rng(seed + i).uniform(-1, 1, size=shape).astype(dtype)


# Each builder takes (jax, args, params) and returns run(): one unit of work, returning the result
# leaves as numpy arrays, in the order the TypeScript side's read() expects them.


def w1(jax, args, params):
    jnp = jax.numpy
    calls = int(params.get("calls", 2000))
    xs = arg(args, 0, (8,))
    f = lambda x: jnp.sin(x) * x + jnp.exp(-x * x)
    g = jax.jit(jax.grad(f))
    points = [jax.device_put(np.float32(v)) for v in xs]

    def run():
        out = np.empty(len(points))
        for i in range(calls):
            k = i % len(points)
            out[k] = float(g(points[k]))  # float() waits for the value, like item()
        return [out]

    return run


def w2(jax, args, params):
    jnp = jax.numpy
    B, D, H, C = 256, 784, 512, 10
    p = {
        "w1": jnp.asarray(arg(args, 0, (D, H)).reshape(D, H)),
        "b1": jnp.asarray(arg(args, 1, (H,))),
        "w2": jnp.asarray(arg(args, 2, (H, C)).reshape(H, C)),
        "b2": jnp.asarray(arg(args, 3, (C,))),
    }
    x = jnp.asarray(arg(args, 4, (B, D)).reshape(B, D))
    y = jnp.asarray(arg(args, 5, (B, C)).reshape(B, C))

    def loss(p, x, y):
        h = jnp.tanh(x @ p["w1"] + p["b1"])
        logits = h @ p["w2"] + p["b2"]
        return -jnp.mean(jnp.sum(jax.nn.log_softmax(logits) * y, axis=-1))

    vg = jax.jit(jax.value_and_grad(loss))

    def run():
        value, g = vg(p, x, y)
        return host(value, g["w1"], g["b1"], g["w2"], g["b2"])

    return run


def chain(jnp, x):
    return jnp.tanh(jnp.sin(x) * x + 0.5 * jnp.exp(-x))


def ew(jax, args, params):
    x = jax.numpy.asarray(arg(args, 0, (1_000_000,)))
    f = jax.jit(lambda x: chain(jax.numpy, x))
    return lambda: host(f(x))


def w3(jax, args, params):
    jnp = jax.numpy
    x = jnp.asarray(arg(args, 0, (1_000_000,)))
    vg = jax.jit(jax.value_and_grad(lambda x: jnp.sum(chain(jnp, x))))
    return lambda: host(*vg(x))


def w4(jax, args, params):
    jnp = jax.numpy
    B, D = 128, 100
    w = jnp.asarray(arg(args, 0, (D,)))
    x = jnp.asarray(arg(args, 1, (B, D)).reshape(B, D))
    y = jnp.asarray(arg(args, 2, (B,)))

    def loss(w, x, y):
        z = jnp.dot(x, w)
        return jax.nn.softplus(z) - y * z

    f = jax.jit(jax.vmap(jax.grad(loss), in_axes=(None, 0, 0)))
    return lambda: host(f(w, x, y))


def w5(jax, args, params):
    jnp = jax.numpy
    x = jnp.asarray(arg(args, 0, (100,)))

    def f(x):
        x2 = x * x
        return jnp.sum(x2 * x2) + jnp.sum(x[:-1] * x[1:])

    h = jax.jit(jax.hessian(f))
    return lambda: host(h(x))


def w6(jax, args, params):
    n = int(params["n"])
    a = jax.numpy.asarray(arg(args, 0, (n, n)).reshape(n, n))
    b = jax.numpy.asarray(arg(args, 1, (n, n)).reshape(n, n))
    f = jax.jit(jax.numpy.matmul)
    return lambda: host(f(a, b))


def w7(jax, args, params):
    jnp = jax.numpy
    T, B, D, H = 100, 32, 32, 64
    p = {
        "wx": jnp.asarray(arg(args, 0, (D, H)).reshape(D, H)),
        "wh": jnp.asarray(arg(args, 1, (H, H)).reshape(H, H)),
        "b": jnp.asarray(arg(args, 2, (H,))),
    }
    xs = jnp.asarray(arg(args, 3, (T, B, D)).reshape(T, B, D))
    h0 = jnp.zeros((B, H), jnp.float32)

    def loss(p, xs, h0):
        def step(h, x):
            return jnp.tanh(x @ p["wx"] + h @ p["wh"] + p["b"]), None

        h_t, _ = jax.lax.scan(step, h0, xs)
        return jnp.mean(jnp.square(h_t))

    vg = jax.jit(jax.value_and_grad(loss))

    def run():
        value, g = vg(p, xs, h0)
        return host(value, g["wx"], g["wh"], g["b"])

    return run


def conv_inputs(jax, args, params):
    B, H, W, C, O, K = (int(params[k]) for k in ("B", "H", "W", "C", "O", "K"))
    x = jax.numpy.asarray(arg(args, 0, (B, H, W, C)).reshape(B, H, W, C))
    w = jax.numpy.asarray(arg(args, 1, (K, K, C, O)).reshape(K, K, C, O))
    return x, w


def conv(jax, x, w):
    return jax.lax.conv_general_dilated(x, w, (1, 1), "SAME", dimension_numbers=("NHWC", "HWIO", "NHWC"))


def w8_fwd(jax, args, params):
    x, w = conv_inputs(jax, args, params)
    f = jax.jit(lambda x, w: conv(jax, x, w))
    return lambda: host(f(x, w))


def w8_grad(jax, args, params):
    jnp = jax.numpy
    x, w = conv_inputs(jax, args, params)
    g = jax.jit(jax.grad(lambda x, w: 0.5 * jnp.sum(jnp.square(conv(jax, x, w))), argnums=(0, 1)))
    return lambda: host(*g(x, w))


def w9_cholesky(jax, args, params):
    n = int(params.get("n", 256))
    m = arg(args, 0, (n, n), "float64")
    a = jax.numpy.asarray(m.reshape(n, n) if args else m @ m.T / n + np.eye(n))
    f = jax.jit(jax.numpy.linalg.cholesky)
    return lambda: host(f(a))


def w9_solve(jax, args, params):
    n = int(params.get("n", 256))
    m = arg(args, 0, (n, n), "float64")
    a = jax.numpy.asarray(m.reshape(n, n) if args else m @ m.T / n + np.eye(n))
    b = jax.numpy.asarray(arg(args, 1, (n,), "float64"))
    f = jax.jit(jax.numpy.linalg.solve)
    return lambda: host(f(a, b))


def w10_eigh(jax, args, params):
    jnp = jax.numpy
    n = int(params.get("n", 256))
    m = arg(args, 0, (n, n), "float64").reshape(n, n)
    a = jnp.asarray(m if args else (m + m.T) / 2)

    def f(a):
        w, v = jnp.linalg.eigh(a)
        return w, jnp.abs(v)

    g = jax.jit(f)
    return lambda: host(*g(a))


def w10_svd(jax, args, params):
    jnp = jax.numpy
    n = int(params.get("n", 256))
    a = jnp.asarray(arg(args, 0, (n, n), "float64").reshape(n, n))

    def f(a):
        u, s, _ = jnp.linalg.svd(a)
        return s, jnp.abs(u)

    g = jax.jit(f)
    return lambda: host(*g(a))


WORKLOADS = {
    "W1": w1,
    "W2": w2,
    "EW": ew,
    "W3": w3,
    "W4": w4,
    "W5": w5,
    "W6": w6,
    "W7": w7,
    "W8-fwd": w8_fwd,
    "W8-grad": w8_grad,
    "W9-cholesky": w9_cholesky,
    "W9-solve": w9_solve,
    "W10-eigh": w10_eigh,
    "W10-svd": w10_svd,
}

DEFAULT_POLICY = {
    "warmupMs": 300,
    "maxWarmupMs": 3000,
    "warmupWindowMs": 150,
    "maxWarmupCalls": 10_000,
    "minRuns": 5,
    "targetMs": 1000,
    "maxRuns": 50,
    "minRunMs": 5,
    "maxCallMs": 3000,
}


def now_ms():
    return time.perf_counter() * 1e3


def measure(run, policy):
    """bench/harness.ts's measureEngine, in Python: first call, warm-up, timed runs."""
    t0 = now_ms()
    outputs = run()
    first_ms = now_ms() - t0
    slow_ms = first_ms
    warmup_calls = 1
    if first_ms > policy["maxCallMs"]:  # the first call includes compilation: a second decides
        warmup_calls += 1
        t1 = now_ms()
        run()
        slow_ms = now_ms() - t1
    if slow_ms > policy["maxCallMs"]:
        note = f"one call took {slow_ms / 1000:.1f} s (budget {policy['maxCallMs'] / 1000} s per call)"
        return {"status": "skipped", "note": note, "firstCallMs": first_ms, "outputs": [encode(o) for o in outputs]}
    start = now_ms()
    if slow_ms < 1000:
        before = warmup_calls
        while warmup_calls < policy["maxWarmupCalls"] and (warmup_calls < before + 1 or now_ms() - start < policy["warmupMs"]):
            run()
            warmup_calls += 1
        previous = math.inf
        while warmup_calls < policy["maxWarmupCalls"] and now_ms() - start < policy["maxWarmupMs"]:
            window = now_ms()
            calls = 0
            while calls < 2 or now_ms() - window < policy["warmupWindowMs"]:
                run()
                calls += 1
            warmup_calls += calls
            per_call = (now_ms() - window) / calls
            if per_call > 0.97 * previous:
                break
            previous = per_call
    probe = now_ms()
    run()
    calls_per_run = max(1, math.ceil(policy["minRunMs"] / max(now_ms() - probe, 1e-3)))
    times = []
    timed = now_ms()
    while len(times) < policy["maxRuns"] and (len(times) < policy["minRuns"] or now_ms() - timed < policy["targetMs"]):
        s = now_ms()
        for _ in range(calls_per_run):
            run()
        times.append((now_ms() - s) / calls_per_run)
    ordered = sorted(times)
    mid = len(ordered) // 2
    median = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    return {
        "status": "ok",
        "firstCallMs": first_ms,
        "warmupCalls": warmup_calls,
        "callsPerRun": calls_per_run,
        "timesMs": times,
        "median": median,
        "min": ordered[0],
        "max": ordered[-1],
        "outputs": [encode(o) for o in outputs],
    }


def main():
    global np
    request = json.loads(sys.stdin.read())
    try:
        import numpy
        import jax

        np = numpy
    except ImportError as err:
        print(json.dumps({"status": "skipped", "note": f"python3 with jax not found ({err})"}))
        return
    # W9/W10 are float64; every float32 input stays float32 (its arrays carry their dtype).
    jax.config.update("jax_enable_x64", True)
    name = request["workload"]
    builder = WORKLOADS.get(name)
    if builder is None:
        print(json.dumps({"status": "error", "note": f"no JAX version of workload {name}"}))
        return
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    environment = f"jax {jax.__version__} · {jax.devices()[0].platform} · {cores} cores usable"
    policy = {**DEFAULT_POLICY, **request.get("policy", {})}
    args = [decode(a) for a in request.get("args", [])]
    try:
        run = builder(jax, args, request.get("params", {}))
        result = measure(run, policy)
    except Exception as err:  # reported as the engine's error row, not a crash of the bench
        result = {"status": "error", "note": f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}"}
    result["environment"] = environment
    print(json.dumps(result))


if __name__ == "__main__":
    main()
