#!/usr/bin/python3
"""Writes float32-reductions.json: NumPy's float32 reductions and str() for TinyTensor (issue 10, item 1).

Run with Debian's /usr/bin/python3 (NumPy 1.24.2):  /usr/bin/python3 make_float32_reduction_fixtures.py
Inputs are (scale * RandomState(seed).randn(*shape) + offset).astype(np.float32): the float64 draw, scaled and
shifted in float64, rounded once to float32, recorded as {seed, shape, scale, offset} so that the C# tests regenerate
them with TinyTensor.RandomState. Hand-made inputs (NaN, inf, -0.0, ties, subnormals, float32's extremes) are stored
explicitly. Every float32 is stored as the hex of its IEEE-754 bits (8 digits), so the tests compare bit for bit:
NumPy sums float32 in float32 (pairwise, in 8192-element buffers) and np.mean/np.var of float32 stay in float32.
"""
import json
import struct
import warnings

import numpy as np

assert np.__version__.startswith("1.24"), np.__version__
warnings.simplefilter("ignore", RuntimeWarning)  # var with ddof >= n: NaN/inf, as intended

f32 = np.float32


def bits(values):
    return [struct.pack(">f", float(v)).hex() for v in np.asarray(values, dtype=f32).ravel()]


def draw(seed, shape, scale=1.0, offset=0.0):
    return (scale * np.random.RandomState(seed).randn(*shape) + offset).astype(f32)


def spec(seed, shape, scale=1.0, offset=0.0):
    return {"seed": seed, "shape": list(shape), "scale": scale, "offset": offset}


out = {"numpy": np.__version__,
       "provenance": "make_float32_reduction_fixtures.py, NumPy " + np.__version__ + ", float32 inputs and results"}

# --- reductions -----------------------------------------------------------------------------------------------------
reductions = []
VALUE_OPS = {"sum": np.sum, "mean": np.mean, "max": np.max, "min": np.min}
ARG_OPS = {"argmax": np.argmax, "argmin": np.argmin}


def add(entry_input, a, op, axis, keepdims=False, ddof=0):
    if op in ARG_OPS:
        r = ARG_OPS[op](a, axis=axis)
        result = [int(v) for v in np.asarray(r).ravel()]
        shape = list(np.shape(r))
    else:
        if op in ("var", "std"):
            r = getattr(np, op)(a, axis=axis, ddof=ddof, keepdims=keepdims)
        else:
            r = VALUE_OPS[op](a, axis=axis, keepdims=keepdims)
        assert np.asarray(r).dtype == f32, (op, np.asarray(r).dtype)
        result = bits(r)
        shape = list(np.shape(r))
    entry = dict(entry_input)
    entry.update({"op": op, "axis": axis, "keepdims": keepdims, "ddof": ddof, "shape": shape, "out": result})
    reductions.append(entry)


def add_all(entry_input, a, axes, keepdims_variants=True, extremes=True):
    for axis in axes:
        for op in ("sum", "mean", "max", "min", "argmax", "argmin"):
            if not extremes and op in ("max", "min"):
                continue
            add(entry_input, a, op, axis)
        for op in ("var", "std"):
            for ddof in (0, 1):
                add(entry_input, a, op, axis, ddof=ddof)
        if keepdims_variants and axis is not None:
            for op in ("sum", "mean", "max", "var") if extremes else ("sum", "mean", "var"):
                add(entry_input, a, op, axis, keepdims=True)


def random_input(seed, shape, scale=1.0, offset=0.0):
    return {"a": spec(seed, shape, scale, offset)}, draw(seed, shape, scale, offset)


# Every axis (positive and negative) of 2-D and 3-D arrays, offset from 0 so the variance's mean subtraction matters.
for seed, shape, scale, offset in [(1, (7, 13), 1.0, 0.0), (2, (33, 40), 3.0, 100.0), (3, (4, 5, 6), 1.0, 0.5),
                                   (4, (3, 17, 130), 2.0, -7.0)]:
    inp, a = random_input(seed, shape, scale, offset)
    add_all(inp, a, [None] + list(range(-len(shape), len(shape))))

# Runs longer than NumPy's 8192-element buffer, along the contiguous axis and across it, and whole arrays of them.
for seed, shape, scale, offset, axes in [(5, (3, 9000), 1.0, 10.0, [None, 1, -1]),
                                         (6, (2, 2, 8193), 1.0, 1.0, [None, 2]),
                                         (7, (20000, 2), 1.0, 3.0, [None, 0]),
                                         (8, (2, 16500, 1), 1.0, 0.0, [None, 1]),
                                         (9, (9000, 3, 2), 1.0, -2.0, [0])]:
    inp, a = random_input(seed, shape, scale, offset)
    add_all(inp, a, axes, keepdims_variants=False)

# Lengths around the pairwise blocks (8 running sums, 128-element blocks, halving in multiples of 8, 8192 buffers), and
# one past 65535, where NumPy divides a float32 sum by its count in float64 (the count is no longer a safe float32 cast).
for i, n in enumerate([1, 2, 7, 8, 9, 15, 16, 17, 63, 64, 65, 127, 128, 129, 136, 255, 256, 257, 1000, 1023, 1025,
                       4097, 8191, 8192, 8193, 12345, 16384, 16385, 24577, 70001]):
    inp, a = random_input(100 + i, (n,), 1.0, 1.0)
    for op in ("sum", "mean", "var"):
        add(inp, a, op, None)
        add(inp, a, op, 0)
    add(inp, a, "argmax", None)
    add(inp, a, "argmin", None)

# Hand-made rows: NaN (first NaN wins argmax/argmin, NaN propagates), ties (first index), -0 vs +0, infinities.
specials = [
    ("nan", [[1.0, np.nan, 3.0, np.nan], [2.0, 2.0, -1.0, 0.5]]),
    ("ties", [[3.0, 1.0, 3.0, 1.0], [-2.0, -2.0, -2.0, -2.0]]),
    ("zeros", [[0.0, -0.0, 0.0, -0.0], [-0.0, 0.0, -0.0, 0.0]]),
    ("inf", [[np.inf, -np.inf, 1.0, 2.0], [1.0, np.inf, np.inf, -1.0]]),
    ("huge", [[3e38, 3e38, -1.0, 1.0], [1e-45, -1e-45, 1e-38, 0.0]]),
]
for name, values in specials:
    a = np.array(values, dtype=f32)
    inp = {"values": bits(a), "values_shape": list(a.shape), "name": name}
    # max/min of ±0: the sign of a zero maximum is an accident of NumPy's SIMD loop, not a documented rule; left out.
    add_all(inp, a, [None, 0, 1], keepdims_variants=False, extremes=name != "zeros")

# A long row with a NaN late and ties across SIMD blocks (argmax/argmin's blocked path), and -0 ties +0.
long_row = draw(200, (1000,))
long_row[[100, 700]] = 9.5
long_row[[50, 900]] = -9.5
ties_row = long_row.copy()
long_row[613] = np.nan
zero_row = np.zeros(300, dtype=f32)
zero_row[::3] = -0.0
for name, a in [("long-nan", long_row), ("long-ties", ties_row), ("long-zeros", zero_row)]:
    inp = {"values": bits(a), "values_shape": [len(a)], "name": name}
    for op in ("argmax", "argmin", "sum") if name == "long-zeros" else ("argmax", "argmin", "max", "min", "sum"):
        add(inp, a, op, None)

out["reductions"] = reductions

# --- printing: str(array), and array2string with options ------------------------------------------------------------
printing = []


def add_str(name, a, a_spec=None, **options):
    a = np.asarray(a, dtype=f32)
    entry = {"name": name, "shape": list(a.shape)}
    if a_spec is None:
        entry["values"] = bits(a)
    else:
        entry["a"] = a_spec
    if options:
        entry["options"] = options
        kwargs = {{"precision": "precision", "suppress": "suppress_small", "linewidth": "max_line_width",
                   "threshold": "threshold", "edgeitems": "edgeitems"}[k]: v for k, v in options.items()}
        entry["str"] = np.array2string(a, **kwargs)
    else:
        entry["str"] = str(a)
    printing.append(entry)


def add_random_str(name, seed, shape, scale=1.0, offset=0.0, **options):
    add_str(name, draw(seed, shape, scale, offset), spec(seed, shape, scale, offset), **options)


add_random_str("randn 3x4", 10, (3, 4))
add_random_str("randn 2x3x4", 11, (2, 3, 4))
add_random_str("randn 30 wraps", 12, (30,))
add_random_str("randn 5x20 wraps", 13, (5, 20), 100.0)
add_random_str("tiny scientific", 14, (2, 5), 1e-6)
add_random_str("huge scientific", 15, (2, 5), 1e12)
add_random_str("wide ratio", 16, (4, 4), 1.0, 0.0)
add_random_str("summarised 2000", 17, (2000,))
add_random_str("summarised 40x40", 18, (40, 40), 10.0)
add_random_str("summarised 12x10x10", 19, (12, 10, 10))
add_random_str("precision 3", 20, (3, 3), precision=3)
add_random_str("suppress small", 21, (3, 3), 1e-6, 1.0, suppress=True)
add_random_str("line width 30 threshold 10", 22, (4, 6), linewidth=30, threshold=10, edgeitems=2)
add_str("0.1 and thirds", [0.1, 1 / 3, 2 / 3, 0.2, 0.3])
add_str("shortest digits", [1.1, 2.2, 3.3, 16777217.0, 0.7, 1e-3])
add_str("0.0001 is below 1e-4 in float32", [0.0001, 1.0])
add_str("1e8 boundary", [99999999.0, 1.0])
add_str("just below 1e8", [99999992.0, 1.0])
add_str("ratio 1000", [1.0, 1000.0])
add_str("ratio just above 1000", [1.0, 1000.0001])
add_str("integers", [1.0, 2.0, -3.0, 100.0])
add_str("negative zero", [-0.0, 0.0, 1.5])
add_str("only negative zero", [-0.0])
add_str("nan inf", [np.nan, np.inf, -np.inf, 1.25])
add_str("only non-finite", [np.nan, -np.inf])
add_str("subnormal", [1e-45, 1.4e-44, 1.0])
add_str("float32 max", [3.4028235e38, -1.0])
add_str("float32 tiny normal", [1.1754944e-38, 2.0])
add_str("big integers", [16777216.0, 12345678.0, 3.0])
add_str("empty", np.zeros((0,), dtype=f32))
add_str("scalar-like", [42.5])
add_str("4-D", np.arange(16, dtype=f32).reshape(2, 2, 2, 2) / f32(7))
out["printing"] = printing

# --- single values: Dragon4's shortest float32 digits against .NET's, over the whole exponent range -------------------
singles = np.random.RandomState(300).randint(0, 2**32, size=600, dtype=np.uint64).astype(np.uint32).view(f32)
singles = singles[np.isfinite(singles)]
decimals = np.array([round(v, int(k)) for v, k in zip(np.random.RandomState(301).uniform(-1000, 1000, 400),
                                                   np.random.RandomState(302).randint(0, 7, 400))])
single_values = np.concatenate([singles, decimals.astype(f32)])
out["singles"] = {"values": bits(single_values), "str": [str(np.array([v], dtype=f32)) for v in single_values]}

with open("float32-reductions.json", "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
print(f"{len(reductions)} reductions, {len(printing)} printed arrays, {len(single_values)} single values")
