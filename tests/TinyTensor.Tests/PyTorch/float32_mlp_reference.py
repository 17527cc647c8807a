#!/usr/bin/env python3
"""PyTorch 1.13's float32 side of Float32MlpReferenceTests.cs: two training steps of a small MLP in torch.float32.

Usage:
    /usr/bin/python3 tests/TinyTensor.Tests/PyTorch/float32_mlp_reference.py REQUEST.json RESPONSE.json

Needs Debian's python3-torch (not the pyenv python3 on PATH); exits 3 without it, which the C# test reports as a
failure. Runs with one thread so that PyTorch's own reductions have one order.

REQUEST.json (written by the C# test; every number is a float32 value written as the exact double):
  "x": (N, D) inputs, "y": N labels,
  "layers": [{"weight": (in, out), "bias": (out,)}] in TinyTensor's layout, x @ W + b (torch.addmm),
  "activations": one of "relu", "tanh", "sigmoid", "leaky_relu:<slope>" after every layer but the last,
  "sgd": {"lr", "momentum", "weight_decay"}, "adam": {"lr", "beta1", "beta2", "eps", "weight_decay"}.
RESPONSE.json: for the initial parameters, the logits (float32 forward), the probabilities (softmax), the loss of
  F.cross_entropy on the logits and of F.nll_loss(log(softmax)) (the notebook's pair), the gradients of every
  parameter and of x for the cross-entropy; then, for "sgd" (torch.optim.SGD) and "adam" (torch.optim.Adam), the
  parameters after step 1 and after step 2 (each step: zero_grad, forward, cross_entropy, backward, step, on the same
  batch), and the loss of each step. Values are Python floats converted from float32 (exact).
"""
import json
import sys

try:
    import torch
    import torch.nn.functional as F
except ImportError as error:  # the C# test turns this into a failure naming the package
    print(f"float32_mlp_reference.py: {error}; install python3-torch (apt-get install python3-torch)", file=sys.stderr)
    sys.exit(3)

torch.set_num_threads(1)
DTYPE = torch.float32


def tensor(values):
    return torch.tensor(values, dtype=torch.float64).to(DTYPE)


def activation(name, h):
    if name == "relu":
        return torch.relu(h)
    if name == "tanh":
        return torch.tanh(h)
    if name == "sigmoid":
        return torch.sigmoid(h)
    if name.startswith("leaky_relu:"):
        return F.leaky_relu(h, float(name.split(":")[1]))
    raise ValueError(f"unknown activation {name}")


def forward(params, x, activations):
    h = x
    for i in range(len(params) // 2):
        h = torch.addmm(params[2 * i + 1], h, params[2 * i])
        if i < len(activations):
            h = activation(activations[i], h)
    return h


def values(t):
    return t.detach().reshape(-1).to(torch.float64).tolist()


def main(request_path, response_path):
    with open(request_path) as f:
        request = json.load(f)
    x0 = tensor(request["x"])
    y = torch.tensor(request["y"], dtype=torch.int64)
    activations = request["activations"]

    def fresh():
        params = []
        for layer in request["layers"]:
            params.append(tensor(layer["weight"]).requires_grad_())
            params.append(tensor(layer["bias"]).requires_grad_())
        return params

    params = fresh()
    x = x0.clone().requires_grad_()
    logits = forward(params, x, activations)
    loss = F.cross_entropy(logits, y)
    loss.backward()
    probabilities = torch.softmax(logits.detach(), dim=1)
    nll = F.nll_loss(torch.log(probabilities), y)
    response = {
        "logits": values(logits),
        "probabilities": values(probabilities),
        "loss": float(loss),
        "nll_of_softmax": float(nll),
        "grads": [values(p.grad) for p in params],
        "input_grad": values(x.grad),
    }

    sgd = request["sgd"]
    adam = request["adam"]
    optimizers = {
        "sgd": lambda ps: torch.optim.SGD(ps, lr=sgd["lr"], momentum=sgd["momentum"], weight_decay=sgd["weight_decay"]),
        "adam": lambda ps: torch.optim.Adam(ps, lr=adam["lr"], betas=(adam["beta1"], adam["beta2"]), eps=adam["eps"],
                                            weight_decay=adam["weight_decay"]),
    }
    for name, make in optimizers.items():
        ps = fresh()
        optimizer = make(ps)
        steps = []
        for _ in range(2):
            optimizer.zero_grad()
            step_loss = F.cross_entropy(forward(ps, x0, activations), y)
            step_loss.backward()
            optimizer.step()
            steps.append({"loss": float(step_loss), "params": [values(p) for p in ps]})
        response[name] = steps

    assert all(p.dtype == DTYPE for p in params), "the reference must run in float32"
    with open(response_path, "w") as f:
        json.dump(response, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
