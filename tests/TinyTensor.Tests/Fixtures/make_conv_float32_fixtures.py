#!/usr/bin/python3
"""PyTorch float32 references for the convolutional layers (issue 10 item 2): conv-layers-float32.json.

Run with Debian's python3-torch in this folder: /usr/bin/python3 make_conv_float32_fixtures.py
Every input is NumPy's RandomState(seed).randn(*shape) (optionally rounded) converted with astype(np.float32), recorded
as {seed, shape, round}: the tests regenerate it with TinyTensor's RandomState.Randn(DType.Float32, ...), which rounds
the same float64 draws. Every layer runs in torch.float32 on the CPU, as PyTorch trains. Outputs are float32 values
in NumPy's shortest float32 form, which a float parse reads back exactly.

The float32 results of TinyTensor and PyTorch differ by their rounding errors (different summation orders, oneDNN's
blocking, FMA), so the tests compare within an error bound. For the convolution and pooling layers the tests compute
the bound's magnitude themselves (the same layer in float64 on |x|, |W|, |b|, |dy|). For BatchNorm, whose error
depends on the batch statistics, this script writes the magnitude next to each quantity (`<name>_mag`, computed in
float64 from the float32 inputs; see the tests for the bound).
"""
import json

import numpy as np
import torch

assert torch.__version__.startswith("1.13"), torch.__version__
assert np.__version__ == "1.24.2", np.__version__
torch.set_default_dtype(torch.float32)


def randn(seed, shape, rounded=False):
    values = np.random.RandomState(seed).randn(*shape)
    if rounded:
        values = np.round(values)
    return {"seed": seed, "shape": list(shape), "round": rounded}, torch.tensor(values.astype(np.float32))


def flat(t):
    """A float32 tensor's values in NumPy's shortest float32 form (read back exactly by .NET's float parse)."""
    assert t.dtype == torch.float32, t.dtype
    return [float(str(v)) for v in t.detach().numpy().reshape(-1)]


def conv_cases():
    cases = []
    specs = [  # N, C, H, W, out, k, stride, padding
        (2, 1, 5, 5, 2, 3, 1, 0),
        (2, 3, 7, 6, 4, 3, 2, 1),
        (1, 2, 8, 8, 3, 5, 1, 2),
        (3, 2, 6, 7, 2, 2, 2, 0),
        (2, 3, 5, 5, 4, 1, 1, 0),
        (2, 16, 8, 8, 32, 3, 1, 1),  # the default CNN's second convolution (K = 144) on a smaller image
    ]
    for i, (n, c, h, w, out, k, s, p) in enumerate(specs):
        seed = 1100 + 10 * i
        x_spec, x = randn(seed, (n, c, h, w))
        w_spec, weight = randn(seed + 1, (out, c, k, k))
        b_spec, bias = randn(seed + 2, (out,))
        conv = torch.nn.Conv2d(c, out, k, stride=s, padding=p)
        with torch.no_grad():
            conv.weight.copy_(weight)
            conv.bias.copy_(bias)
        assert conv.weight.dtype == torch.float32
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
        ("avg", 1, 2, 9, 8, 3, 1, False),
    ]
    for i, (kind, n, c, h, w, k, s, rounded) in enumerate(specs):
        seed = 1300 + 10 * i
        x_spec, x = randn(seed, (n, c, h, w), rounded)
        pool = torch.nn.MaxPool2d(k, s) if kind == "max" else torch.nn.AvgPool2d(k, s)
        x.requires_grad_(True)
        y = pool(x)
        dy_spec, dy = randn(seed + 3, tuple(y.shape))
        y.backward(dy)
        cases.append({"kind": kind, "k": k, "stride": s, "x": x_spec, "dy": dy_spec,
                      "y_shape": list(y.shape), "y": flat(y), "dx": flat(x.grad)})
    return cases


def as3(a):
    """(N, C, ...) as (N, C, S) in float64."""
    return a.detach().double().numpy().reshape(a.shape[0], a.shape[1], -1)


def channel_mean(a):
    """Mean over N and S of (N, C, S), shaped to broadcast."""
    return a.mean(axis=(0, 2), keepdims=True)


def channel_sum(a):
    return a.sum(axis=(0, 2))


def flat64(a):
    """Magnitudes (bounds, not results) to 3 significant digits, never below the exact value (×1.01 first)."""
    return [float("%.3g" % (v * 1.01)) for v in np.asarray(a, dtype=np.float64).reshape(-1)]


def batchnorm_cases():
    cases = []
    specs = [(1, (4, 3)), (1, (5, 2, 3)), (2, (2, 3, 4, 5)), (2, (3, 2, 1, 1)), (2, (8, 4, 6, 6))]
    momentum = 0.1
    for i, (dims, shape) in enumerate(specs):
        seed = 1500 + 10 * i
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
        assert bn.running_mean.dtype == torch.float32
        bn.train()
        x.requires_grad_(True)
        y = bn(x)
        y.backward(dy)

        # Magnitudes of the terms each quantity is made of (float64, from the float32 inputs), see the tests' bound.
        # xh_mag bounds what the rounding of x - mean scales with: |x| + |mean| + mean|x|, times invstd.
        x64, dy64, g64, b64 = as3(x), as3(dy), weight.double().numpy()[None, :, None], bias.double().numpy()[None, :, None]
        count = x64.shape[0] * x64.shape[2]
        mean = channel_mean(x64)
        var = ((x64 - mean) ** 2).mean(axis=(0, 2), keepdims=True)
        invstd = 1 / np.sqrt(var + bn.eps)
        xh_mag = (np.abs(x64) + np.abs(mean) + channel_mean(np.abs(x64))) * invstd
        train = {
            "y": flat(y), "dx": flat(x.grad), "dweight": flat(bn.weight.grad), "dbias": flat(bn.bias.grad),
            "running_mean": flat(bn.running_mean), "running_var": flat(bn.running_var),
            "num_batches_tracked": int(bn.num_batches_tracked),
            "y_mag": flat64(xh_mag * np.abs(g64) + np.abs(b64)),
            "dx_mag": flat64(np.abs(g64) * invstd * (np.abs(dy64) + channel_mean(np.abs(dy64)) + xh_mag * channel_mean(np.abs(dy64) * xh_mag))),
            "dweight_mag": flat64(channel_sum(np.abs(dy64) * xh_mag)),
            "dbias_mag": flat64(channel_sum(np.abs(dy64))),
            "running_mean_mag": flat64(momentum * channel_mean(np.abs(x64)) + (1 - momentum) * 0.0),
            "running_var_mag": flat64(momentum * var * count / (count - 1) + (1 - momentum) * 1.0),
        }

        bn.eval()
        bn.weight.grad = None
        bn.bias.grad = None
        x2.requires_grad_(True)
        y2 = bn(x2)
        y2.backward(dy2)
        x2_64, dy2_64 = as3(x2), as3(dy2)
        rm = bn.running_mean.double().numpy()[None, :, None]
        rinv = 1 / np.sqrt(bn.running_var.double().numpy()[None, :, None] + bn.eps)
        xh2_mag = (np.abs(x2_64) + np.abs(rm)) * rinv
        evaluation = {
            "y": flat(y2), "dx": flat(x2.grad), "dweight": flat(bn.weight.grad), "dbias": flat(bn.bias.grad),
            "y_mag": flat64(xh2_mag * np.abs(g64) + np.abs(b64)),
            "dx_mag": flat64(np.abs(dy2_64) * np.abs(g64) * rinv + 0 * x2_64),
            "dweight_mag": flat64(channel_sum(np.abs(dy2_64) * xh2_mag)),
            "dbias_mag": flat64(channel_sum(np.abs(dy2_64))),
        }
        cases.append({"dims": dims, "shape": list(shape), "x": x_spec, "weight": w_spec, "bias": b_spec, "dy": dy_spec,
                      "x2": x2_spec, "dy2": dy2_spec, "train": train, "eval": evaluation})
    return cases


result = {
    "provenance": f"make_conv_float32_fixtures.py, PyTorch {torch.__version__} (Debian python3-torch), NumPy {np.__version__}, "
                  "float32 (torch.float32 on the CPU)",
    "conv2d": conv_cases(),
    "pool2d": pool_cases(),
    "batchnorm": batchnorm_cases(),
}
with open("conv-layers-float32.json", "w") as f:
    json.dump(result, f, separators=(",", ":"))
    f.write("\n")
