#!/usr/bin/env python3
"""Open a TinyTensor model file with nothing but json + numpy (no safetensors package) and check it.

Usage:
    /usr/bin/python3 tests/python/check_safetensors.py MODEL.safetensors [EXPECTED.json]

Reads the 8-byte little-endian header length, the JSON header and each tensor with
numpy.frombuffer(data, dtype='<f8' for F64, '<f4' for F32 (widened to float64, exactly), offset=...) on the
header's data_offsets, then runs the architecture
stored in __metadata__ forward with NumPy. Version 3 files store a Linear weight as PyTorch does, (out, in);
versions 1 and 2 as TinyTensor holds it, (in, out). With EXPECTED.json (written by the C# test
ModelFileInteropTests) it checks that every parameter equals TinyTensor's bit for bit and that NumPy's
forward pass gives TinyTensor's outputs and predictions. Exit code 0 on success, 1 on any mismatch.
"""
import json
import struct
import sys

import numpy as np


def read_model(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__")
    base = 8 + n
    tensors = {}
    end = 0
    for name, info in header.items():
        assert info["dtype"] in ("F64", "F32"), (name, info["dtype"])  # F32: a float32 model
        dtype, size = ("<f8", 8) if info["dtype"] == "F64" else ("<f4", 4)
        begin, stop = info["data_offsets"]
        count = (stop - begin) // size
        # Widened to float64 (exact for F32), so the checks below are the same for both types.
        tensors[name] = np.frombuffer(data, dtype=dtype, count=count, offset=base + begin).reshape(info["shape"]).astype("<f8")
        end = max(end, stop)
    assert base + end == len(data), "trailing bytes"
    return metadata, json.loads(metadata["architecture"]), tensors


def forward(module, tensors, x, version, prefix=""):
    """Runs `module` (a list is a Sequential, whose i-th module's tensors are named prefix + "i.") on x."""
    if isinstance(module, list):
        for i, child in enumerate(module):
            x = forward(child, tensors, x, version, f"{prefix}{i}.")
        return x
    kind = module["type"]
    if kind == "Linear":
        w = tensors[f"{prefix}weight"]
        return x @ (w.T if version >= 3 else w) + tensors[f"{prefix}bias"]
    if kind == "ReLU":
        return np.maximum(x, 0)
    if kind == "Sigmoid":
        return 1 / (1 + np.exp(-x))
    if kind == "Tanh":
        return np.tanh(x)
    if kind == "LeakyReLU":
        return np.where(x > 0, x, x * module["negative_slope"])
    if kind == "Softmax":
        e = np.exp(x - x.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    raise ValueError(f"unknown layer {kind}")


def describe(module):
    """Sequential(...) nesting as arrows and brackets, e.g. [Linear(2, 3) -> ReLU] -> Linear(3, 2)."""
    if isinstance(module, list):
        return " -> ".join(describe(m) if not isinstance(m, list) else f"[{describe(m)}]" for m in module)
    return module["type"] + (f"({module['in']}, {module['out']})" if module["type"] == "Linear" else "")


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__)
        return 2
    metadata, architecture, tensors = read_model(argv[1])
    print(f"format {metadata['format']} version {metadata['version']}")
    print("architecture", describe(architecture))
    for name, t in tensors.items():
        print(f"  {name:10s} {str(t.shape):10s} first {t.flat[0]!r}")
    if len(argv) == 2:
        return 0

    with open(argv[2]) as f:
        expected = json.load(f)
    ok = True
    for name, values in expected["parameters"].items():
        want = np.array(values, dtype="<f8")
        got = tensors[name].ravel()
        same = got.shape == want.shape and np.array_equal(got.view("<u8"), want.view("<u8"))
        ok &= same
        print(f"  {name:10s} bit-identical: {same}")
    x = np.array(expected["input"], dtype="<f8")
    out = forward(architecture, tensors, x, int(metadata["version"]))
    close = np.allclose(out, np.array(expected["output"]), rtol=1e-12, atol=1e-14)
    preds = out.argmax(axis=1).tolist() == expected["predictions"]
    print(f"  forward pass matches TinyTensor (rtol 1e-12): {close}; predictions identical: {preds}")
    ok &= close and preds
    print("OK" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
