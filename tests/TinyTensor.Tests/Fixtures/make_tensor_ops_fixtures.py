#!/usr/bin/python3
"""Writes tensor-ops.json: NumPy's results for TinyTensor's tensor operations (issue 8).

Run with Debian's /usr/bin/python3 (NumPy 1.24.2):  /usr/bin/python3 make_tensor_ops_fixtures.py
Inputs are drawn from legacy RandomState streams, recorded as {seed, shape, scale} so that the C# tests regenerate
them with TinyTensor.RandomState (x = scale * RandomState(seed).randn(*shape)); hand-made inputs (NaN, inf, -0.0,
integers, huge and tiny values) are stored explicitly. Every double is stored as the hex of its IEEE-754 bits, so
the tests compare bit for bit where NumPy parity is claimed.
"""
import json
import struct
import warnings

import numpy as np

assert np.__version__.startswith("1.24"), np.__version__
warnings.simplefilter("ignore", RuntimeWarning)  # var with ddof ≥ n and mean of nothing: NaN, as intended


def bits(values):
    return [struct.pack(">d", float(v)).hex() for v in np.asarray(values, dtype=np.float64).ravel()]


def draw(seed, shape, scale=1.0):
    x = np.random.RandomState(seed).randn(*shape)
    return x if scale == 1.0 else scale * x


def spec(seed, shape, scale=1.0):
    return {"seed": seed, "shape": list(shape), "scale": scale}


out = {"numpy": np.__version__}

# --- elementwise binary ops with broadcasting -------------------------------------------------------------------
binary = []
shapes = [((7, 13), (13,)), ((7, 13), (7, 1)), ((2, 3, 4), (3, 1)), ((5, 1, 3), (4, 1)), ((4, 5), (4, 5)),
          ((1,), (6, 2)), ((3, 1, 5), (1, 4, 1)), ((0, 3), (3,)), ((12, 33), (33,)), ((9, 1), (1, 70))]
ops = {"add": np.add, "subtract": np.subtract, "multiply": np.multiply, "divide": np.divide,
       "maximum": np.maximum, "minimum": np.minimum, "equal": np.equal, "greater": np.greater,
       "greater_equal": np.greater_equal, "less": np.less, "less_equal": np.less_equal}
seed = 100
for sa, sb in shapes:
    for name, f in ops.items():
        seed += 1
        a, b = draw(seed, sa, 3.0), draw(seed + 5000, sb, 3.0)
        if name.startswith(("equal", "greater", "less")):
            b = np.round(b)  # ties, so that == and >= are exercised
            a = np.round(a)
            a_spec = dict(spec(seed, sa, 3.0), round=True)
            b_spec = dict(spec(seed + 5000, sb, 3.0), round=True)
        else:
            a_spec, b_spec = spec(seed, sa, 3.0), spec(seed + 5000, sb, 3.0)
        r = f(a, b).astype(np.float64)
        binary.append({"op": name, "a": a_spec, "b": b_spec, "shape": list(r.shape), "out": bits(r)})
out["binary"] = binary

# scalar forms: tensor op scalar and scalar op tensor
scalar = []
for name, f in [("add", np.add), ("subtract", np.subtract), ("multiply", np.multiply), ("divide", np.divide)]:
    seed += 1
    a = draw(seed, (6, 7))
    scalar.append({"op": name, "a": spec(seed, (6, 7)), "scalar": 2.5, "tensor_first": bits(f(a, 2.5)),
                   "scalar_first": bits(f(2.5, a))})
out["scalar"] = scalar

# --- unary ---------------------------------------------------------------------------------------------------------
unary = []
with np.errstate(all="ignore"):
    for name, f in [("abs", np.abs), ("exp", np.exp), ("log", np.log), ("sqrt", np.sqrt), ("tanh", np.tanh),
                    ("negative", np.negative), ("pow2", lambda x: np.power(x, 2.0)),
                    ("pow_half", lambda x: np.power(x, 0.5)), ("pow_m1_5", lambda x: np.power(x, -1.5)),
                    ("clip", lambda x: np.clip(x, -0.5, 0.75))]:
        seed += 1
        a = draw(seed, (257,), 2.0)
        unary.append({"op": name, "a": spec(seed, (257,), 2.0), "out": bits(f(a))})
    special = np.array([0.0, -0.0, 1.0, -1.0, np.inf, -np.inf, np.nan, 1e-310, 4.0, 0.25, 700.0, -700.0])
    for name, f in [("abs", np.abs), ("exp", np.exp), ("log", np.log), ("sqrt", np.sqrt), ("tanh", np.tanh),
                    ("negative", np.negative), ("pow_half", lambda x: np.power(x, 0.5)),
                    ("clip", lambda x: np.clip(x, -0.5, 0.75))]:
        unary.append({"op": name, "values": bits(special), "out": bits(f(special))})
out["unary"] = unary

# --- reductions ----------------------------------------------------------------------------------------------------
reductions = []


def add_reduction(a_spec, a, name, axis, keepdims=False, ddof=0):
    f = {"sum": np.sum, "mean": np.mean, "max": np.max, "min": np.min, "var": np.var, "std": np.std,
         "argmax": np.argmax, "argmin": np.argmin}[name]
    kwargs = {}
    if name in ("var", "std"):
        kwargs["ddof"] = ddof
    if name not in ("argmax", "argmin"):
        kwargs["keepdims"] = keepdims
    r = np.asarray(f(a, axis=axis, **kwargs))
    entry = {"op": name, "axis": axis, "keepdims": keepdims, "ddof": ddof, "shape": list(r.shape)}
    entry.update(a_spec)
    entry["out"] = r.ravel().tolist() if name.startswith("arg") else bits(r)
    reductions.append(entry)


# Every reduction along every axis of 2-D and 3-D arrays (and one negative axis each).
for shape in [(6, 9), (3, 4, 5), (200, 3), (3, 300), (2, 130, 3), (5, 300, 1), (1, 7), (4, 0)]:
    seed += 1
    a = draw(seed, shape)
    a_spec = {"a": spec(seed, shape)}
    for name in ["sum", "mean", "max", "min", "var", "std", "argmax", "argmin"]:
        empty_ok = name in ("sum", "mean", "var", "std")
        if a.size or empty_ok:
            add_reduction(a_spec, a, name, None)
        for axis in list(range(len(shape))) + [-1]:
            if shape[axis] or empty_ok:
                add_reduction(a_spec, a, name, axis)
    add_reduction(a_spec, a, "sum", 0, keepdims=True)
    add_reduction(a_spec, a, "var", -1, ddof=1)
    add_reduction(a_spec, a, "std", 0, ddof=1, keepdims=True)

# NumPy's summation order on long runs: 8192-element buffers, pairwise inside each (up to 20,000 elements).
for shape, axes in [((20000,), [None]), ((100, 200), [None, 0, 1]), ((2, 9000), [None, 1]), ((9, 2300), [None, 1]),
                    ((8193,), [None]), ((3, 20000), [1])]:
    seed += 1
    a = draw(seed, shape)
    for name in ["sum", "mean"]:
        for axis in axes:
            add_reduction({"a": spec(seed, shape)}, a, name, axis)

# NaN, ties and signed zeros for the arg-reductions and max/min.
special = np.array([[1.0, 3.0, 3.0, -2.0], [np.nan, 5.0, np.nan, 0.0], [-0.0, 0.0, -1.0, -1.0], [2.0, 2.0, 2.0, 2.0]])
for name in ["argmax", "argmin", "max", "min", "sum"]:
    for axis in [None, 0, 1]:
        add_reduction({"values": bits(special), "values_shape": list(special.shape)}, special, name, axis)
# Long rows with ties, NaNs and signed zeros (the vectorised arg-reduction path starts at 32 elements).
ties = np.round(draw(977, (6, 75), 2.0))
ties[1, 40] = np.nan
ties[2, 3] = np.nan
ties[2, 60] = np.nan
ties[3, :] = 0.0
ties[3, 10] = -0.0
ties[3, 0] = -0.0
ties[4, 74] = np.nan
for name in ["argmax", "argmin"]:
    for axis in [None, 0, 1]:
        add_reduction({"values": bits(ties), "values_shape": list(ties.shape)}, ties, name, axis)
# max/min: the sign of a zero maximum of ±0 is an accident of NumPy's SIMD loop, not a documented rule; leave it out.
unsigned = ties + 0.0  # -0.0 + 0.0 = 0.0
for name in ["max", "min"]:
    for axis in [None, 0, 1]:
        add_reduction({"values": bits(unsigned), "values_shape": list(unsigned.shape)}, unsigned, name, axis)
out["reductions"] = reductions

# --- printing: str(array) with the default print options ----------------------------------------------------------
printing = []


def add_str(name, a, a_spec=None):
    a = np.asarray(a, dtype=np.float64)
    entry = {"name": name, "shape": list(a.shape), "str": str(a)}
    if a_spec is None:
        entry["values"] = bits(a)
    else:
        entry.update(a_spec)
    printing.append(entry)


add_str("small", draw(1, (3, 4)), {"a": spec(1, (3, 4))})
add_str("notebook-like", 0.33333 + 1e-6 * draw(2, (10, 3)), None)
add_str("large-values", draw(3, (4, 5), 1e5), {"a": spec(3, (4, 5), 1e5)})
add_str("scientific-large", draw(4, (3, 3), 1e9), {"a": spec(4, (3, 3), 1e9)})
add_str("scientific-small", draw(5, (2, 6), 1e-6), {"a": spec(5, (2, 6), 1e-6)})
add_str("scientific-ratio", [1e-3, 2.0, 3.0, 5000.0])
add_str("negative", -np.abs(draw(6, (5,))), None)
add_str("vector-wraps", draw(7, (30,)), {"a": spec(7, (30,))})
add_str("three-d", draw(8, (2, 3, 4)), {"a": spec(8, (2, 3, 4))})
add_str("four-d", draw(9, (2, 2, 2, 3)), {"a": spec(9, (2, 2, 2, 3))})
add_str("summarised-1d", draw(10, (1500,)), {"a": spec(10, (1500,))})
add_str("summarised-2d", draw(11, (40, 30)), {"a": spec(11, (40, 30))})
add_str("summarised-3d", draw(12, (12, 10, 11)), {"a": spec(12, (12, 10, 11))})
add_str("integers", [1.0, 2.0, -3.0, 100.0])
add_str("integer-matrix", np.arange(12.0).reshape(3, 4))
add_str("mixed-fraction", [1.0, 2.5, -0.125, 10.0])
add_str("nan-inf", [np.nan, 1.5, -np.inf, np.inf, 0.0])
add_str("all-nan", [np.nan, np.nan])
add_str("negative-inf-only", [-np.inf, 1.0])
add_str("negative-zero", [-0.0, 0.0, 1.0])
add_str("zeros", np.zeros((2, 3)))
add_str("empty-batch", np.zeros((0, 3)))
add_str("empty-1d", np.zeros((0,)))
add_str("one-element", [3.14159265358979])
add_str("round-half-even", [0.001953125, 0.125, 1.0])
add_str("many-digits", [0.1 + 0.2, 1.0 / 3.0, 2.0 / 3.0, 123456.7890123])
add_str("scientific-with-nan", [1e-9, np.nan, 1.0, -np.inf])
add_str("huge-exponent", [1e300, 1e-300, 1.0])
add_str("long-row-wraps-2d", draw(13, (3, 20), 100.0), {"a": spec(13, (3, 20), 100.0)})
add_str("tall", draw(14, (1001, 1)), {"a": spec(14, (1001, 1))})
out["printing"] = printing

with open("tensor-ops.json", "w") as f:
    json.dump(out, f, indent=0, separators=(",", ":"))
    f.write("\n")
print("wrote tensor-ops.json:", {k: len(v) for k, v in out.items() if isinstance(v, list)})
