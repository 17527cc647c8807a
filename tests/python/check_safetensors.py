#!/usr/bin/env python3
"""Open a TinyTensor model file with nothing but json + numpy (no safetensors package) and check it.

Usage:
    /usr/bin/python3 tests/python/check_safetensors.py MODEL.safetensors [EXPECTED.json]

Reads the 8-byte little-endian header length, the JSON header and each tensor with
numpy.frombuffer(data, dtype='<f8', offset=...) on the header's data_offsets, then runs the architecture
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
        assert info["dtype"] == "F64", (name, info["dtype"])
        begin, stop = info["data_offsets"]
        count = (stop - begin) // 8
        tensors[name] = np.frombuffer(data, dtype="<f8", count=count, offset=base + begin).reshape(info["shape"])
        end = max(end, stop)
    assert base + end == len(data), "trailing bytes"
    return metadata, json.loads(metadata["architecture"]), tensors


def forward(architecture, tensors, x, version):
    for i, module in enumerate(architecture):
        kind = module["type"]
        if kind == "Linear":
            w = tensors[f"{i}.weight"]
            x = x @ (w.T if version >= 3 else w) + tensors[f"{i}.bias"]
        elif kind == "ReLU":
            x = np.maximum(x, 0)
        elif kind == "Sigmoid":
            x = 1 / (1 + np.exp(-x))
        elif kind == "Tanh":
            x = np.tanh(x)
        elif kind == "LeakyReLU":
            x = np.where(x > 0, x, x * module["negative_slope"])
        elif kind == "Softmax":
            e = np.exp(x - x.max(axis=1, keepdims=True))
            x = e / e.sum(axis=1, keepdims=True)
        else:
            raise ValueError(f"unknown layer {kind}")
    return x


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__)
        return 2
    metadata, architecture, tensors = read_model(argv[1])
    print(f"format {metadata['format']} version {metadata['version']}")
    print("architecture", " -> ".join(m["type"] + (f"({m['in']}, {m['out']})" if m["type"] == "Linear" else "") for m in architecture))
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
