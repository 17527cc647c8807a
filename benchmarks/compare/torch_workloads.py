"""PyTorch (Debian's python3-torch, oneDNN) versions of TinyTensor's CNN workloads, float64 and float32.

cnn_step_b64: one training step of the CLI's default CNN (train --model cnn: conv16k3p1, relu, maxpool2, conv32k3p1,
relu, maxpool2, flatten, linear128, relu, linear) at batch 64 on 1x28x28 images: forward, cross-entropy, zero_grad,
backward, Adam step. The input needs no gradient, as on the TinyTensor side. Timed as numpy_workloads.py times
(median of samples of >= 20 ms after a warm-up). The thread count is TORCH_THREADS (set by run.sh).

Prints one JSON object per line: {"workload": ..., "threads": ..., "dtype": ..., "median_s": ...}.
"""
import json
import os

import torch

from numpy_workloads import median_time

THREADS = int(os.environ.get("TORCH_THREADS", "1"))


def cnn(dtype):
    torch.manual_seed(1)
    net = torch.nn.Sequential(
        torch.nn.Conv2d(1, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(16, 32, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(32 * 7 * 7, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10)).to(dtype)
    x = torch.rand(64, 1, 28, 28, dtype=dtype)
    y = torch.randint(0, 10, (64,))
    loss_fn = torch.nn.CrossEntropyLoss()
    optim = torch.optim.Adam(net.parameters(), lr=1e-3)

    def step():
        loss = loss_fn(net(x), y)
        optim.zero_grad(set_to_none=True)
        loss.backward()
        optim.step()

    return step


def main():
    torch.set_num_threads(THREADS)
    for name, dtype in (("float64", torch.float64), ("float32", torch.float32)):
        s = median_time(cnn(dtype))
        print(json.dumps({"workload": "cnn_step_b64", "threads": THREADS, "dtype": name, "median_s": s}), flush=True)


if __name__ == "__main__":
    main()
