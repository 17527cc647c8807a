#!/usr/bin/python3
"""PyTorch references for the convolutional layers of issue 11 (conv-layers.json).

Run with Debian's python3-torch in this folder: /usr/bin/python3 make_conv_fixtures.py
Every input is NumPy's RandomState(seed).randn(*shape) (optionally rounded), recorded as {seed, shape, round}, so the
tests regenerate it bit for bit with TinyTensor.RandomState; everything is float64. Outputs are written with repr
(shortest round-trip), which a .NET double parse reads back exactly.
"""
import json

import numpy as np
import torch

assert torch.__version__.startswith("1.13"), torch.__version__
assert np.__version__ == "1.24.2", np.__version__
torch.set_default_dtype(torch.float64)


def randn(seed, shape, rounded=False):
    values = np.random.RandomState(seed).randn(*shape)
    if rounded:
        values = np.round(values)
    return {"seed": seed, "shape": list(shape), "round": rounded}, torch.tensor(values, dtype=torch.float64)


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def conv_cases():
    cases = []
    specs = [  # N, C, H, W, out, k, stride, padding
        (2, 1, 5, 5, 2, 3, 1, 0),
        (2, 3, 7, 6, 4, 3, 2, 1),
        (1, 2, 8, 8, 3, 5, 1, 2),
        (3, 2, 6, 7, 2, 2, 2, 0),
        (2, 3, 5, 5, 4, 1, 1, 0),
        (1, 1, 4, 4, 1, 4, 1, 0),
        (2, 2, 3, 3, 3, 3, 3, 1),
    ]
    for i, (n, c, h, w, out, k, s, p) in enumerate(specs):
        seed = 100 + 10 * i
        x_spec, x = randn(seed, (n, c, h, w))
        w_spec, weight = randn(seed + 1, (out, c, k, k))
        b_spec, bias = randn(seed + 2, (out,))
        conv = torch.nn.Conv2d(c, out, k, stride=s, padding=p)
        with torch.no_grad():
            conv.weight.copy_(weight)
            conv.bias.copy_(bias)
        x.requires_grad_(True)
        y = conv(x)
        dy_spec, dy = randn(seed + 3, tuple(y.shape))
        y.backward(dy)
        cases.append({
            "n": n, "c": c, "h": h, "w": w, "out": out, "k": k, "stride": s, "padding": p,
            "x": x_spec, "weight": w_spec, "bias": b_spec, "dy": dy_spec,
            "y_shape": list(y.shape), "y": flat(y), "dx": flat(x.grad), "dweight": flat(conv.weight.grad), "dbias": flat(conv.bias.grad),
        })
    return cases


def pool_cases():
    cases = []
    specs = [  # kind, N, C, H, W, k, stride (None = k), rounded inputs (ties)
        ("max", 2, 3, 6, 6, 2, None, False),
        ("max", 1, 2, 7, 5, 3, 2, False),
        ("max", 2, 1, 5, 5, 2, 1, False),
        ("max", 2, 2, 6, 7, 2, None, True),
        ("max", 1, 3, 5, 5, 3, 1, True),
        ("avg", 2, 3, 6, 6, 2, None, False),
        ("avg", 1, 2, 7, 5, 3, 2, False),
        ("avg", 2, 1, 5, 5, 2, 1, False),
    ]
    for i, (kind, n, c, h, w, k, s, rounded) in enumerate(specs):
        seed = 300 + 10 * i
        x_spec, x = randn(seed, (n, c, h, w), rounded)
        pool = torch.nn.MaxPool2d(k, s) if kind == "max" else torch.nn.AvgPool2d(k, s)
        x.requires_grad_(True)
        y = pool(x)
        dy_spec, dy = randn(seed + 3, tuple(y.shape))
        y.backward(dy)
        cases.append({"kind": kind, "k": k, "stride": s, "x": x_spec, "dy": dy_spec,
                      "y_shape": list(y.shape), "y": flat(y), "dx": flat(x.grad)})
    return cases


def batchnorm_cases():
    cases = []
    specs = [(1, (4, 3)), (1, (5, 2, 3)), (2, (2, 3, 4, 5)), (2, (3, 2, 1, 1))]
    for i, (dims, shape) in enumerate(specs):
        seed = 500 + 10 * i
        c = shape[1]
        x_spec, x = randn(seed, shape)
        w_spec, weight = randn(seed + 1, (c,))
        b_spec, bias = randn(seed + 2, (c,))
        dy_spec, dy = randn(seed + 3, shape)
        x2_spec, x2 = randn(seed + 4, shape)
        dy2_spec, dy2 = randn(seed + 5, shape)
        bn = torch.nn.BatchNorm1d(c) if dims == 1 else torch.nn.BatchNorm2d(c)
        with torch.no_grad():
            bn.weight.copy_(weight)
            bn.bias.copy_(bias)
        bn.train()
        x.requires_grad_(True)
        y = bn(x)
        y.backward(dy)
        train = {"y": flat(y), "dx": flat(x.grad), "dweight": flat(bn.weight.grad), "dbias": flat(bn.bias.grad),
                 "running_mean": flat(bn.running_mean), "running_var": flat(bn.running_var),
                 "num_batches_tracked": int(bn.num_batches_tracked)}
        bn.eval()
        bn.weight.grad = None
        bn.bias.grad = None
        x2.requires_grad_(True)
        y2 = bn(x2)
        y2.backward(dy2)
        evaluation = {"y": flat(y2), "dx": flat(x2.grad), "dweight": flat(bn.weight.grad), "dbias": flat(bn.bias.grad)}
        cases.append({"dims": dims, "shape": list(shape), "x": x_spec, "weight": w_spec, "bias": b_spec, "dy": dy_spec,
                      "x2": x2_spec, "dy2": dy2_spec, "train": train, "eval": evaluation})
    return cases


result = {
    "provenance": f"make_conv_fixtures.py, PyTorch {torch.__version__} (Debian python3-torch), NumPy {np.__version__}, float64",
    "conv2d": conv_cases(),
    "pool2d": pool_cases(),
    "batchnorm": batchnorm_cases(),
}
with open("conv-layers.json", "w") as f:
    json.dump(result, f, separators=(",", ":"))
    f.write("\n")
