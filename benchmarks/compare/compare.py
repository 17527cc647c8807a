"""Merges the JSON lines run.sh collected in one directory into markdown tables.

RAW holds peak-T.jsonl and peak-end-T.jsonl (TinyTensor's FMA probe at T threads, taken before and after the
workloads: the GEMM rows are divided by the first, the second shows whether the host held still), numpy-T.jsonl,
torch-T.jsonl and tinytensor-T.jsonl (the workloads at T threads). Rows are keyed by (workload, dtype, threads);
a row without a dtype is float64 (files written before float32 existed). A TinyTensor row with "error" instead
of "median_s" is printed as "failed: <message>".

    python3 compare.py RAW
"""
import glob
import json
import os
import sys

SIZES = (16, 32, 64, 128, 256, 512, 1024, 2048)
FLOPS = {f"gemm_{n}": 2 * n**3 for n in SIZES}
FLOPS.update({
    "mlp_fwd_128x784x256": 2 * 128 * 784 * 256,
    "mlp_fwd_128x256x10": 2 * 128 * 256 * 10,
    "mlp_dW_784x128x256": 2 * 784 * 128 * 256,
    "mlp_dx_128x256x784": 2 * 128 * 256 * 784,
    "mlp_dW_256x128x10": 2 * 256 * 128 * 10,
    "mlp_dx_128x10x256": 2 * 128 * 10 * 256,
})
# Bytes each tensor op must read and write (1024x1024 doubles = 8 MiB; small operands and results not counted).
MATRIX = 1024 * 1024 * 8
BYTES = {
    "tensor_add_1024x1024": 3 * MATRIX,
    "tensor_add_row_1024x1024": 2 * MATRIX,
    "tensor_add_column_1024x1024": 2 * MATRIX,
    "tensor_sum_axis0_1024x1024": MATRIX,
    "tensor_sum_axis1_1024x1024": MATRIX,
    "tensor_argmax_axis1_1024x1024": MATRIX,
}
MLP_LAYERS = {
    "step_784-256-10_b32": ((784, 256, 10), 32),
    "step_784-256-10_b128": ((784, 256, 10), 128),
    "step_784-1024-1024-10_b256": ((784, 1024, 1024, 10), 256),
}
BATCH = {name: batch for name, (_, batch) in MLP_LAYERS.items()}
BATCH["cnn_step_b64"] = 64


def step_flops(sizes, batch):
    """The matrix products of one MLP step: x·W and xᵀ·dout for every layer, dout·Wᵀ for all but the first."""
    products = [sizes[i] * sizes[i + 1] for i in range(len(sizes) - 1)]
    return 2 * batch * (2 * sum(products) + sum(products[1:]))


STEP_FLOPS = {name: step_flops(sizes, batch) for name, (sizes, batch) in MLP_LAYERS.items()}


def load(raw, tool):
    """{(workload, dtype, threads): seconds or the error message (str)}, in the order the files list them."""
    rows = {}
    for path in sorted(glob.glob(os.path.join(raw, f"{tool}-*.jsonl"))):
        with open(path) as f:
            for line in f:
                if line.strip().startswith("{"):
                    r = json.loads(line)
                    key = (r["workload"], r.get("dtype", "float64"), r["threads"])
                    rows[key] = r["median_s"] if "median_s" in r else str(r["error"])
    return rows


def load_peaks(raw, pattern="peak-[0-9]*.jsonl"):
    """{(dtype, threads): GFLOP/s}, and the vector widths probed."""
    peaks, widths = {}, set()
    for path in sorted(glob.glob(os.path.join(raw, pattern))):
        with open(path) as f:
            for line in f:
                if line.strip().startswith("{"):
                    r = json.loads(line)
                    peaks[(r["dtype"], r["threads"])] = r["peak_gflops"]
                    widths.add(r["width"])
    return peaks, widths


def fmt_time(s):
    if s < 1e-3:
        return f"{s * 1e6:.2f} µs"
    if s < 1:
        return f"{s * 1e3:.2f} ms"
    return f"{s:.2f} s"


def gflops(workload, s):
    flops = FLOPS.get(workload, STEP_FLOPS.get(workload))
    return flops / s / 1e9 if flops else None


def cell(key, value, peaks):
    """'time, rate (% of peak)' for a measured row, 'failed: …' for an error, '' when the tool has no such row."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "failed: " + value.replace("|", "\\|").replace("\n", " ")
    workload, dtype, threads = key
    text = fmt_time(value)
    rate = gflops(workload, value)
    if workload in FLOPS:
        text += f", {rate:.1f} GF/s"
    elif workload in BYTES:
        text += f", {BYTES[workload] / value / 1e9:.1f} GB/s"
    elif workload in BATCH:
        text += f", {BATCH[workload] / value / 1e3:.1f} k samples/s"
    peak = peaks.get((dtype, threads))
    if rate is not None and peak:
        text += f" ({100 * rate / peak:.0f} %)"
    return text


def ratio(theirs, ours):
    """Their time / ours: > 1 means TinyTensor is faster."""
    if isinstance(theirs, float) and isinstance(ours, float):
        return f"{theirs / ours:.2f}×"
    return ""


def best(rows, workload, dtype):
    """The faster of a tool's thread counts for one workload and type: (seconds, threads), or None."""
    measured = [(v, t) for (w, d, t), v in rows.items() if w == workload and d == dtype and isinstance(v, float)]
    return min(measured) if measured else None


def peak_text(peaks):
    parts = []
    for dtype in ("float64", "float32"):
        per_threads = sorted((t, g) for (d, t), g in peaks.items() if d == dtype)
        if per_threads:
            parts.append(f"{dtype} " + ", ".join(f"{g:.1f} GFLOP/s on {t} thread{'s' if t > 1 else ''}" for t, g in per_threads))
    return "; ".join(parts)


def print_peaks(peaks, widths, end_peaks):
    if not peaks:
        return
    width = "/".join(f"Vector{w}" for w in sorted(widths))
    print(f"FMA peak, probed at the start of this run ({width} FMA chains, benchmarks/TinyTensor.Benchmarks/FmaPeak.cs): "
          + peak_text(peaks) + ". The % after a GEMM rate is of the peak of the row's type and thread count "
          "(for a training step: its matrix products' FLOPs over that peak).")
    if end_peaks:
        drift = max(abs(end_peaks[k] / peaks[k] - 1) for k in end_peaks if k in peaks)
        verdict = "the host held still" if drift <= 0.05 else "the host changed speed during the run: treat the figures with care"
        print(f"Probed again at the end: {peak_text(end_peaks)} (largest change {100 * drift:.0f} %: {verdict}).")
    print()


def print_table(numpy_rows, torch_rows, tt_rows, peaks):
    print("| workload | dtype | threads | NumPy | PyTorch | TinyTensor | speed-up vs NumPy | speed-up vs PyTorch | "
          "vs PyTorch's better thread count |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    order = list(dict.fromkeys(w for w, _, _ in tt_rows))
    for key in sorted(tt_rows, key=lambda k: (order.index(k[0]), k[1] != "float64", k[2])):
        workload, dtype, threads = key
        ours, np_value, torch_value = tt_rows[key], numpy_rows.get(key), torch_rows.get(key)
        if np_value is None and torch_value is None:
            continue
        torch_best = best(torch_rows, workload, dtype)
        vs_best = f"{ratio(torch_best[0], ours)} ({torch_best[1]} t)" if torch_best and ratio(torch_best[0], ours) else ""
        print(f"| {workload} | {dtype} | {threads} | {cell(key, np_value, peaks)} | {cell(key, torch_value, peaks)} | "
              f"{cell(key, ours, peaks)} | {ratio(np_value, ours)} | {ratio(torch_value, ours)} | {vs_best} |")


def print_targets(numpy_rows, torch_rows, tt_rows, peaks):
    """Issue 10's targets that this script measures, each with the figure of this run."""
    lines = []

    def gemm_target(dtype, sizes, peak_min, numpy_min):
        for n in sizes:
            key = (f"gemm_{n}", dtype, 2)
            ours, theirs, peak = tt_rows.get(key), numpy_rows.get(key), peaks.get((dtype, 2))
            name = f"{'SGEMM' if dtype == 'float32' else 'DGEMM'} n = {n}, 2 threads"
            goal = f"≥ {peak_min} % of the {dtype} FMA peak, ≥ {numpy_min}× NumPy/OpenBLAS"
            if not isinstance(ours, float) or not isinstance(theirs, float) or not peak:
                lines.append((name, goal, "not measured" if not isinstance(ours, str) else "failed: " + ours, "", key[:2]))
                continue
            fraction, speedup = 100 * gflops(key[0], ours) / peak, theirs / ours
            met = fraction >= peak_min and speedup >= numpy_min
            lines.append((name, goal, f"{fraction:.1f} % of peak, {speedup:.2f}× NumPy", "met" if met else "NOT met", key[:2]))

    def step_target(workload, dtype, minimum):
        ours, torch_best = tt_rows.get((workload, dtype, 2)), best(torch_rows, workload, dtype)
        name, goal = f"{workload}, {dtype}, 2 threads", f"≥ {minimum}× PyTorch {dtype} (its better thread count)"
        if not isinstance(ours, float) or not torch_best:
            lines.append((name, goal, "failed: " + ours if isinstance(ours, str) else "not measured", "", (workload, dtype)))
            return
        speedup = torch_best[0] / ours
        lines.append((name, goal, f"{speedup:.2f}× (PyTorch at {torch_best[1]} thread(s))", "met" if speedup >= minimum else "NOT met",
                      (workload, dtype)))

    ran = {(w, d) for w, d, _ in tt_rows}
    gemm_target("float32", (512, 1024, 2048), 90, 1.0)
    gemm_target("float64", (1024, 2048), 90, 1.1)
    step_target("step_784-256-10_b128", "float32", 1.5)
    step_target("step_784-1024-1024-10_b256", "float32", 1.4)
    step_target("step_784-256-10_b128", "float64", 2.0)
    step_target("step_784-1024-1024-10_b256", "float64", 1.8)
    lines = [line for line in lines if line[4] in ran]  # a trimmed run lists only the targets it measured
    if not lines:
        return
    print()
    print("## Issue 10's targets in this run")
    print()
    print("| workload | target | measured | |")
    print("|---|---|---|---|")
    for name, goal, measured, met, _ in lines:
        print(f"| {name} | {goal} | {measured.replace('|', chr(92) + '|')} | {met} |")


def main():
    raw = sys.argv[1]
    numpy_rows, torch_rows, tt_rows = load(raw, "numpy"), load(raw, "torch"), load(raw, "tinytensor")
    peaks, widths = load_peaks(raw)
    print_peaks(peaks, widths, load_peaks(raw, "peak-end-*.jsonl")[0])
    print_table(numpy_rows, torch_rows, tt_rows, peaks)
    print_targets(numpy_rows, torch_rows, tt_rows, peaks)


if __name__ == "__main__":
    main()
