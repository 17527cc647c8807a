"""PyTorch (Debian's python3-torch, oneDNN) versions of TinyTensor's comparison workloads, float64 and float32.

gemm_N: C = A @ B for square N x N operands (torch.matmul with out=), float64 at every size numpy_workloads.py
times, float32 at N = 512, 1024, 2048.

step_*: one training step of the MLPs numpy_workloads.py trains, with the same layer algorithms in PyTorch's own
modules: Linear (x @ W.T + b), ReLU, softmax cross-entropy (nn.CrossEntropyLoss: log-softmax and the mean negative
log-likelihood, the gradient p - onehot as the framework's Softmax + CrossEntropyLoss give it), plain SGD at
lr 0.01 with weight decay 1e-5 on every parameter; weights drawn N(0, 2/fan_in), biases zero. forward, loss,
zero_grad, backward, step; the input needs no gradient, so autograd skips the first layer's dx as TinyTensor does.

cnn_step_b64: one training step of the CLI's default CNN (train --model cnn: conv16k3p1, relu, maxpool2, conv32k3p1,
relu, maxpool2, flatten, linear128, relu, linear) at batch 64 on 1x28x28 images: forward, cross-entropy, zero_grad,
backward, Adam step.

Timed as numpy_workloads.py times (median of samples of >= 20 ms after a warm-up). The thread count is TORCH_THREADS
(set by run.sh, which runs this at 1 and at 2 threads: the better of the two is PyTorch's figure); COMPARE_ONLY
limits the run to workloads starting with it, as in numpy_workloads.py.

Prints one JSON object per line: {"workload": ..., "dtype": ..., "threads": ..., "median_s": ...}.
"""
import math
import os

import torch

from numpy_workloads import FLOAT32_GEMM_SIZES, GEMM_SIZES, MLPS, emit, median_time

THREADS = int(os.environ.get("TORCH_THREADS", "1"))
DTYPES = (("float64", torch.float64), ("float32", torch.float32))


def gemm(n, dtype):
    g = torch.Generator().manual_seed(n)
    a, b = torch.randn(n, n, generator=g, dtype=dtype), torch.randn(n, n, generator=g, dtype=dtype)
    c = torch.empty(n, n, dtype=dtype)
    return lambda: torch.matmul(a, b, out=c)


def training_step(net, x, y, optim):
    """forward, softmax cross-entropy, zero_grad, backward, optimiser step."""
    loss_fn = torch.nn.CrossEntropyLoss()

    def step():
        loss = loss_fn(net(x), y)
        optim.zero_grad(set_to_none=True)
        loss.backward()
        optim.step()

    return step


def mlp(sizes, batch, dtype):
    torch.manual_seed(1)
    modules = []
    for i in range(len(sizes) - 1):
        linear = torch.nn.Linear(sizes[i], sizes[i + 1])
        with torch.no_grad():
            linear.weight.normal_(0.0, math.sqrt(2.0 / sizes[i]))
            linear.bias.zero_()
        modules.append(linear)
        if i < len(sizes) - 2:
            modules.append(torch.nn.ReLU())
    net = torch.nn.Sequential(*modules).to(dtype)
    x = torch.rand(batch, sizes[0], dtype=dtype)
    y = torch.randint(0, sizes[-1], (batch,))
    return training_step(net, x, y, torch.optim.SGD(net.parameters(), lr=0.01, weight_decay=1e-5))


def cnn(dtype):
    torch.manual_seed(1)
    net = torch.nn.Sequential(
        torch.nn.Conv2d(1, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(16, 32, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(32 * 7 * 7, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10)).to(dtype)
    x = torch.rand(64, 1, 28, 28, dtype=dtype)
    y = torch.randint(0, 10, (64,))
    return training_step(net, x, y, torch.optim.Adam(net.parameters(), lr=1e-3))


def main():
    torch.set_num_threads(THREADS)
    for name, dtype in DTYPES:
        for n in GEMM_SIZES if name == "float64" else FLOAT32_GEMM_SIZES:
            emit(f"gemm_{n}", lambda: median_time(gemm(n, dtype)), name, THREADS)
    for workload, sizes, batch in MLPS:
        for name, dtype in DTYPES:
            emit(workload, lambda: median_time(mlp(sizes, batch, dtype)), name, THREADS)
    for name, dtype in DTYPES:
        emit("cnn_step_b64", lambda: median_time(cnn(dtype)), name, THREADS)


if __name__ == "__main__":
    main()
