#!/usr/bin/env python3
"""PyTorch's side of the TinyTensor <-> PyTorch interop tests (PyTorchInteropTests.cs runs it once per fixture).

Usage:
    /usr/bin/python3 tests/TinyTensor.Tests/PyTorch/torch_interop.py REQUEST.json RESPONSE.json

Needs Debian's python3-torch and python3-numpy (not the pyenv python3 on PATH). The `safetensors` package is not
installed here, so files are read and written with json + struct + numpy in the layout of
`safetensors.torch.save_file`: an 8-byte little-endian header length, a JSON header padded with spaces to a multiple
of 8, then the tensors little-endian and contiguous; no __metadata__ when none is given.

REQUEST.json:
  "tinytensor": [{"name", "file", "input"}]  files TinyTensor saved: build the torch.nn.Sequential the file's
      __metadata__ architecture describes, in the type its "dtype" records (float64 or float32), load_state_dict
      (strict) the file's tensors, predict on "input".
  "torch": [{"name", "architecture", "dtype", "seed", "steps", "lr", "train_x", "train_y", "file", "input"}]:
      build that network in PyTorch (dtype float64 or float32, torch.manual_seed(seed) init), train it for "steps"
      full-batch SGD steps, save its state_dict to "file" (F64 or F32; a BatchNorm's num_batches_tracked is I64, as
      PyTorch keeps it), predict on "input" in float64.
RESPONSE.json: for every name, "state_dict" ({name: {"shape", "dtype", "values"}}: the torch dtype the module holds,
  values widened to Python floats, exact) and "output" (the float64 forward pass in eval mode). The C# test compares
  them with TinyTensor's.
"""
import json
import struct
import sys

try:
    import numpy as np
    import torch
except ImportError as error:  # the C# test turns this into a failure naming the package
    print(f"torch_interop.py: {error}; install python3-torch and python3-numpy (apt-get install python3-torch)", file=sys.stderr)
    sys.exit(3)

DTYPES = {"F64": ("<f8", 8), "F32": ("<f4", 4), "I64": ("<i8", 8)}
TORCH_DTYPES = {"float64": torch.float64, "float32": torch.float32}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, info in header.items():
        dtype, size = DTYPES[info["dtype"]]
        begin, end = info["data_offsets"]
        tensors[name] = np.frombuffer(data, dtype=dtype, count=(end - begin) // size, offset=8 + n + begin).reshape(info["shape"]).copy()
    return metadata, tensors


def write_safetensors(path, state_dict):
    """safetensors.torch.save_file's layout, without metadata."""
    header, chunks, offset = {}, [], 0
    for name, tensor in state_dict.items():
        array = tensor.detach().cpu().contiguous().numpy()
        kind = {np.dtype("float64"): "F64", np.dtype("float32"): "F32", np.dtype("int64"): "I64"}[array.dtype]
        raw = array.astype(DTYPES[kind][0]).tobytes()
        header[name] = {"dtype": kind, "shape": list(array.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in chunks:
            f.write(raw)


def build(architecture):
    """torch.nn.Sequential from TinyTensor's architecture JSON (a list; nested lists are nested Sequentials)."""
    modules = []
    for module in architecture:
        if isinstance(module, list):
            modules.append(build(module))
            continue
        kind = module["type"]
        if kind == "Linear":
            modules.append(torch.nn.Linear(module["in"], module["out"]))
        elif kind == "ReLU":
            modules.append(torch.nn.ReLU())
        elif kind == "LeakyReLU":
            modules.append(torch.nn.LeakyReLU(module["negative_slope"]))
        elif kind == "Sigmoid":
            modules.append(torch.nn.Sigmoid())
        elif kind == "Tanh":
            modules.append(torch.nn.Tanh())
        elif kind == "Softmax":
            modules.append(torch.nn.Softmax(dim=1))
        elif kind == "BatchNorm1d":
            modules.append(torch.nn.BatchNorm1d(module["num_features"], eps=module["eps"], momentum=module["momentum"]))
        else:
            raise ValueError(f"no torch module for {kind}")
    return torch.nn.Sequential(*modules)


def ends_in_softmax(model):
    last = model[-1]
    while isinstance(last, torch.nn.Sequential):
        last = last[-1]
    return isinstance(last, torch.nn.Softmax)


def report(model, x):
    """The state_dict as the model holds it (its torch dtypes), then the model widened to float64 and run in eval mode."""
    state_dict = {k: {"shape": list(v.shape), "dtype": str(v.dtype).replace("torch.", ""), "values": v.double().flatten().tolist()}
                  for k, v in model.state_dict().items()}
    model.eval()
    with torch.no_grad():
        output = model.double()(torch.tensor(x, dtype=torch.float64))
    return {"state_dict": state_dict, "output": output.tolist()}


def from_tinytensor(job):
    metadata, tensors = read_safetensors(job["file"])
    # In the file's type: load_state_dict would silently convert F32 tensors into a float64 module.
    model = build(json.loads(metadata["architecture"])).to(TORCH_DTYPES[metadata.get("dtype", "float64")])
    model.load_state_dict({k: torch.from_numpy(v) for k, v in tensors.items()})  # strict: names and shapes must match
    return report(model, job["input"])


def trained_in_torch(job):
    torch.manual_seed(job["seed"])
    dtype = TORCH_DTYPES[job["dtype"]]
    model = build(json.loads(job["architecture"])).to(dtype)
    x = torch.tensor(job["train_x"], dtype=dtype)
    y = torch.tensor(job["train_y"], dtype=torch.int64)
    optimizer = torch.optim.SGD(model.parameters(), lr=job["lr"])
    for _ in range(job["steps"]):
        optimizer.zero_grad()
        out = model(x)
        loss = torch.nn.functional.nll_loss(torch.log(out), y) if ends_in_softmax(model) else torch.nn.functional.cross_entropy(out, y)
        loss.backward()
        optimizer.step()
    write_safetensors(job["file"], model.state_dict())
    result = report(model, job["input"])  # the saved values, widened to float64 for the forward pass
    result["loss"] = float(loss)
    return result


def main(argv):
    if len(argv) != 3:
        print(__doc__)
        return 2
    torch.set_num_threads(1)
    with open(argv[1]) as f:
        request = json.load(f)
    response = {"torch_version": torch.__version__}
    for job in request["tinytensor"]:
        response[job["name"]] = from_tinytensor(job)
    for job in request["torch"]:
        response[job["name"]] = trained_in_torch(job)
    with open(argv[2], "w") as f:
        json.dump(response, f)
    print(f"torch {torch.__version__}: {len(request['tinytensor'])} TinyTensor files loaded, {len(request['torch'])} networks trained and saved")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
