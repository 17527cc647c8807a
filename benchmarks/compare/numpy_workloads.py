"""NumPy versions of the workloads timed by TinyTensor's comparison harness: everything in float64, and in float32
the square matmul at n = 512, 1024, 2048 and the three MLP training steps (the same draws, cast with astype).

The layers are the ECE285 framework's algorithms (Linear, ReLU, Softmax, CrossEntropyLoss, SGD), written the way
the framework writes them. Like TinyTensor's training path, the first layer skips the input gradient (dout @ W.T)
that training never uses, so both sides do the same floating-point work.

Prints one JSON object per line: {"workload": ..., "dtype": ..., "threads": ..., "median_s": ...}. The thread count of OpenBLAS
is fixed by OPENBLAS_NUM_THREADS in the environment (set by run.sh before Python starts).
"""
import json
import os
import sys
import time

import numpy as np

THREADS = int(os.environ.get("OPENBLAS_NUM_THREADS", "0") or 0)


def median_time(fn, min_sample_s=0.02, samples=15, max_total_s=3.0):
    """Median seconds per call: samples of enough calls to last min_sample_s each, after a warm-up of 0.5 s
    (at least two calls). The TinyTensor side warms up for 2 s, the time its tiered JIT needs."""
    warm = time.perf_counter()
    calls = 0
    while calls < 2 or time.perf_counter() - warm < 0.5:
        fn()
        calls += 1
    start = time.perf_counter()
    fn()
    once = max(time.perf_counter() - start, 1e-9)
    inner = max(1, int(min_sample_s / once))
    samples = max(5, min(samples, int(max_total_s / (once * inner))))
    times = []
    for _ in range(samples):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        times.append((time.perf_counter() - t0) / inner)
    return float(np.median(times))


class Linear:
    def __init__(self, rng, n_in, n_out, scale):
        self.W = rng.randn(n_in, n_out) * scale
        self.b = np.zeros(n_out)

    def astype(self, dtype):
        self.W, self.b = self.W.astype(dtype), self.b.astype(dtype)
        return self

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout, need_dx=True):
        self.dW = self.x.T @ dout
        self.db = np.sum(dout, axis=0)
        return dout @ self.W.T if need_dx else None


class ReLU:
    def forward(self, x):
        self.x = x
        return np.maximum(x, 0)

    def backward(self, dout):
        return dout * (self.x > 0)


class Softmax:
    def forward(self, x):
        e = np.exp(x - np.max(x, axis=1, keepdims=True))
        return e / np.sum(e, axis=1, keepdims=True)

    def backward(self, dout):
        return dout


class CrossEntropyLoss:
    def forward(self, p, y):
        self.p, self.y = p, y
        return -np.mean(np.log(p[np.arange(len(y)), y]))

    def backward(self):
        d = self.p.copy()
        d[np.arange(len(self.y)), self.y] -= 1
        return d / len(self.y)


def mlp(rng, sizes, init_scale=None, dtype=np.float64):
    """Linear/ReLU layers ending in Softmax, drawn in float64 and cast to dtype. Python-float scalars (lr, wd) and
    the boolean ReLU mask keep float32 arrays float32 in NumPy 1.24, so a float32 step computes in float32."""
    layers = []
    for i in range(len(sizes) - 1):
        scale = init_scale if init_scale is not None else np.sqrt(2.0 / sizes[i])
        layers.append(Linear(rng, sizes[i], sizes[i + 1], scale).astype(dtype))
        layers.append(ReLU() if i < len(sizes) - 2 else Softmax())
    return layers


def training_step(layers, loss, x, y, lr=0.01, wd=1e-5):
    out = x
    for layer in layers:
        out = layer.forward(out)
    value = loss.forward(out, y)
    grad = loss.backward()
    for i in range(len(layers) - 1, -1, -1):
        layer = layers[i]
        if isinstance(layer, Linear):
            grad = layer.backward(grad, need_dx=i > 0)
        else:
            grad = layer.backward(grad)
    for layer in reversed(layers):
        if isinstance(layer, Linear):
            layer.W -= lr * (layer.dW + wd * layer.W)
            layer.b -= lr * (layer.db + wd * layer.b)
    return value


def notebook_epoch_setup():
    np.random.seed(0)
    rng = np.random
    l1 = Linear(rng, 4, 10, 1e-4)
    l2 = Linear(rng, 10, 3, 1e-4)
    layers = [l1, ReLU(), l2, Softmax()]
    x = 10 * np.random.randn(10, 4)
    y = np.random.randint(3, size=10)
    return layers, x, y


ONLY = os.environ.get("COMPARE_ONLY", "")  # a workload-name prefix: run.sh's trimmed runs

GEMM_SIZES = (16, 32, 64, 128, 256, 512, 1024, 2048)
FLOAT32_GEMM_SIZES = (512, 1024, 2048)  # issue 10's SGEMM targets are for n >= 512
MLPS = (
    ("step_784-256-10_b32", (784, 256, 10), 32),
    ("step_784-256-10_b128", (784, 256, 10), 128),
    ("step_784-1024-1024-10_b256", (784, 1024, 1024, 10), 256),
)


def emit(workload, measure, dtype="float64", threads=None):
    if workload.startswith(ONLY):
        row = {"workload": workload, "dtype": dtype, "threads": THREADS if threads is None else threads}
        print(json.dumps({**row, "median_s": measure()}), flush=True)


def tensor_ops():
    """The tensor operations at 1024x1024, as TinyTensor's TensorOps: destination forms for the adds."""
    rng = np.random.RandomState(2)
    a, b, row, column = rng.randn(1024, 1024), rng.randn(1024, 1024), rng.randn(1024), rng.randn(1024, 1)
    c = np.empty((1024, 1024))
    emit("tensor_add_1024x1024", lambda: median_time(lambda: np.add(a, b, out=c)))
    emit("tensor_add_row_1024x1024", lambda: median_time(lambda: np.add(a, row, out=c)))
    emit("tensor_add_column_1024x1024", lambda: median_time(lambda: np.add(a, column, out=c)))
    emit("tensor_sum_axis0_1024x1024", lambda: median_time(lambda: np.sum(a, axis=0)))
    emit("tensor_sum_axis1_1024x1024", lambda: median_time(lambda: np.sum(a, axis=1)))
    emit("tensor_argmax_axis1_1024x1024", lambda: median_time(lambda: np.argmax(a, axis=1)))


def main():
    rng = np.random.RandomState(1)
    rng32 = np.random.RandomState(3)  # the float32 rows' own draws: the float64 rows keep theirs
    for n in GEMM_SIZES:
        a, b = rng.randn(n, n), rng.randn(n, n)
        c = np.empty((n, n))
        emit(f"gemm_{n}", lambda: median_time(lambda: np.matmul(a, b, out=c)))
    for n in FLOAT32_GEMM_SIZES:
        a, b = rng32.randn(n, n).astype(np.float32), rng32.randn(n, n).astype(np.float32)
        c = np.empty((n, n), dtype=np.float32)
        emit(f"gemm_{n}", lambda: median_time(lambda: np.matmul(a, b, out=c)), "float32")

    shapes = {
        "mlp_fwd_128x784x256": ((128, 784), (784, 256), False, False),
        "mlp_fwd_128x256x10": ((128, 256), (256, 10), False, False),
        "mlp_dW_784x128x256": ((128, 784), (128, 256), True, False),
        "mlp_dx_128x256x784": ((128, 256), (784, 256), False, True),
        "mlp_dW_256x128x10": ((128, 256), (128, 10), True, False),
        "mlp_dx_128x10x256": ((128, 10), (256, 10), False, True),
    }
    for name, (sa, sb, ta, tb) in shapes.items():
        a, b = rng.randn(*sa), rng.randn(*sb)
        av = a.T if ta else a
        bv = b.T if tb else b
        emit(name, lambda: median_time(lambda: av @ bv))

    layers, x, y = notebook_epoch_setup()
    loss = CrossEntropyLoss()
    emit("notebook_epoch", lambda: median_time(lambda: training_step(layers, loss, x, y, lr=1e-9)))

    for name, sizes, batch in MLPS:
        layers = mlp(rng, sizes)
        x = rng.rand(batch, sizes[0])
        y = rng.randint(sizes[-1], size=batch)
        emit(name, lambda: median_time(lambda: training_step(layers, loss, x, y)))
        layers32 = mlp(rng32, sizes, dtype=np.float32)
        x32 = rng32.rand(batch, sizes[0]).astype(np.float32)
        y32 = rng32.randint(sizes[-1], size=batch)
        emit(name, lambda: median_time(lambda: training_step(layers32, loss, x32, y32)), "float32")

    tensor_ops()


if __name__ == "__main__":
    main()
