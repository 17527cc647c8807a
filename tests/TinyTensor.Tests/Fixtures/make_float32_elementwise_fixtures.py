#!/usr/bin/python3
"""Writes float32-elementwise.json: NumPy's float32 results for TinyTensor's elementwise ops and factories (issue 10).

Run with Debian's /usr/bin/python3 (NumPy 1.24.2):  /usr/bin/python3 make_float32_elementwise_fixtures.py
Every computation runs in NumPy float32 (inputs cast with astype(np.float32), Python-float scalars as NumPy takes them
for a float32 array: rounded to float32). Random inputs are recorded as {seed, shape, scale, round} meaning
astype(float32) of scale * RandomState(seed).randn(*shape) (rounded half to even before the cast where marked), so the
C# tests regenerate them with TinyTensor.RandomState and Tensor.To(DType.Float32); hand-made inputs are stored
explicitly. Every float32 is stored as the hex of its IEEE-754 bits (8 hex digits), so the tests compare bit for bit.
"""
import json
import struct
import warnings

import numpy as np

assert np.__version__.startswith("1.24"), np.__version__
warnings.simplefilter("ignore", RuntimeWarning)  # overflow, 0/0, log of negatives: inf and NaN, as intended

f32 = np.float32


def bits(values):
    a = np.asarray(values)
    assert a.dtype == np.float32, a.dtype  # every result must have stayed float32 (no promotion)
    return [struct.pack(">f", v).hex() for v in a.ravel()]


def draw(seed, shape, scale=1.0, rnd=False):
    x = np.random.RandomState(seed).randn(*shape)
    x = x if scale == 1.0 else scale * x
    return (np.round(x) if rnd else x).astype(f32)


def spec(seed, shape, scale=1.0, rnd=False):
    s = {"seed": seed, "shape": list(shape), "scale": scale}
    if rnd:
        s["round"] = True
    return s


out = {"numpy": np.__version__}

# --- elementwise binary ops with broadcasting (the shapes of tensor-ops.json) ----------------------------------------
binary = []
shapes = [((7, 13), (13,)), ((7, 13), (7, 1)), ((2, 3, 4), (3, 1)), ((5, 1, 3), (4, 1)), ((4, 5), (4, 5)),
          ((1,), (6, 2)), ((3, 1, 5), (1, 4, 1)), ((0, 3), (3,)), ((12, 33), (33,)), ((9, 1), (1, 70)),
          ((3, 67), (3, 67))]  # 67: every vector width's remainder in float32 (16, 8, 4 lanes)
ops = {"add": np.add, "subtract": np.subtract, "multiply": np.multiply, "divide": np.divide,
       "maximum": np.maximum, "minimum": np.minimum, "equal": np.equal, "greater": np.greater,
       "greater_equal": np.greater_equal, "less": np.less, "less_equal": np.less_equal}
seed = 300
for sa, sb in shapes:
    for name, f in ops.items():
        seed += 1
        rnd = name.startswith(("equal", "greater", "less"))  # ties, so that == and >= are exercised
        a, b = draw(seed, sa, 3.0, rnd), draw(seed + 5000, sb, 3.0, rnd)
        r = f(a, b).astype(f32)
        binary.append({"op": name, "a": spec(seed, sa, 3.0, rnd), "b": spec(seed + 5000, sb, 3.0, rnd),
                       "shape": list(r.shape), "out": bits(r)})

# Special values against each other: an (n, 1) column against an (n,) row, every pair. ±0 pairs are left out of
# maximum/minimum: NumPy's float32 loops give either zero there depending on the SIMD path (not a documented rule).
special = np.array([np.nan, 1.0, 0.0, np.inf, -np.inf, 1e-40, -2.5e-42, 3e38, -3e38, 1.5, -7.0], dtype=f32)
signed = np.concatenate([special, np.array([-0.0], dtype=f32)])
for name in ["add", "subtract", "multiply", "divide", "maximum", "minimum", "equal", "greater", "less_equal"]:
    values = special if name in ("maximum", "minimum") else signed
    col, row = values.reshape(-1, 1), values
    r = ops[name](col, row).astype(f32)
    binary.append({"op": name, "a_values": bits(col), "a_shape": list(col.shape), "b_values": bits(row),
                   "b_shape": list(row.shape), "shape": list(r.shape), "out": bits(r)})
out["binary"] = binary

# --- tensor∘scalar and scalar∘tensor with Python floats (rounded to float32 by NumPy: 0.1, 1e-50 → 0) --------------
scalar = []
for s in [2.5, 0.1, -1.7e-3, 1e30, 1e-50]:
    for name in ["add", "subtract", "multiply", "divide"]:
        seed += 1
        a = draw(seed, (6, 37))
        f = ops[name]
        scalar.append({"op": name, "a": spec(seed, (6, 37)), "scalar": s, "tensor_first": bits(f(a, s)),
                       "scalar_first": bits(f(s, a))})
# Comparisons and max/min with a scalar that float32 cannot hold: the tensor holds float32(0.1) and its neighbours.
near = np.array([f32(0.1), np.nextafter(f32(0.1), f32(0)), np.nextafter(f32(0.1), f32(1)), -1.0, 2.0, np.nan],
                dtype=f32)
for name in ["equal", "greater", "greater_equal", "less", "less_equal", "maximum", "minimum", "add", "subtract"]:
    scalar.append({"op": name, "values": bits(near), "scalar": 0.1, "tensor_first": bits(ops[name](near, 0.1).astype(f32))})
out["scalar"] = scalar

# --- unary -----------------------------------------------------------------------------------------------------------
unary = []
with np.errstate(all="ignore"):
    fns = [("abs", np.abs), ("exp", np.exp), ("log", np.log), ("sqrt", np.sqrt), ("tanh", np.tanh),
           ("negative", np.negative), ("pow2", lambda x: np.power(x, 2.0)), ("pow_half", lambda x: np.power(x, 0.5)),
           ("pow_m1_5", lambda x: np.power(x, -1.5)), ("pow_0_1", lambda x: np.power(x, 0.1)),
           ("clip", lambda x: np.clip(x, -0.5, 0.75)), ("clip_0_1", lambda x: np.clip(x, -0.1, 0.1))]
    for name, f in fns:
        for scale in [2.0, 30.0]:  # 30: exp up to overflow, tanh into saturation
            seed += 1
            a = draw(seed, (257,), scale)
            unary.append({"op": name, "a": spec(seed, (257,), scale), "out": bits(f(a).astype(f32))})
    # Positive inputs spread over float32's exponent range, for log, sqrt and pow.
    wide = np.exp(np.random.RandomState(4242).uniform(-87.0, 88.0, 301)).astype(f32)
    for name, f in fns:
        if name in ("log", "sqrt", "pow_half", "pow_m1_5", "pow_0_1"):
            unary.append({"op": name, "values": bits(wide), "out": bits(f(wide).astype(f32))})
    special1 = np.array([0.0, -0.0, 1.0, -1.0, np.inf, -np.inf, np.nan, 1e-40, 1.4e-45, 4.0, 0.25, 88.0, 88.75,
                         -87.0, -104.0, 3.4e38, 1.2e-38, 9.0, 10.0], dtype=f32)
    for name, f in fns:
        unary.append({"op": name, "values": bits(special1), "out": bits(f(special1).astype(f32))})
out["unary"] = unary

# --- np.arange(start, stop, step, dtype=np.float32) ------------------------------------------------------------------
arange = []
for start, stop, step in [(0.1, 1000.0, 0.1), (-3.3, 7.7, 0.37), (1e6, 1e6 + 500, 0.7), (0.0, 10.0, 1.0),
                          (5.0, -5.0, -0.3), (0.5, 0.5, 1.0), (0.0, 1e-3, 1e-4), (1.0, 2.0, 0.5)]:
    r = np.arange(start, stop, step, dtype=f32)
    arange.append({"start": start, "stop": stop, "step": step, "out": bits(r)})
out["arange"] = arange

with open("float32-elementwise.json", "w") as fh:
    json.dump(out, fh, indent=0, separators=(",", ":"))
    fh.write("\n")
