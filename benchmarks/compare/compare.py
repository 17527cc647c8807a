"""Merges the JSON lines of numpy_workloads.py and TinyTensor's comparison harness into a markdown table."""
import json
import sys

FLOPS = {f"gemm_{n}": 2 * n**3 for n in (16, 32, 64, 128, 256, 512, 1024, 2048)}
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
BATCH = {"step_784-256-10_b32": 32, "step_784-256-10_b128": 128, "step_784-1024-1024-10_b256": 256, "cnn_step_b64": 64}


def load(paths):
    rows = {}
    for path in paths:
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line.startswith("{"):
                    r = json.loads(line)
                    rows[(r["workload"], r["threads"])] = r["median_s"]
    return rows


def fmt_time(s):
    if s < 1e-3:
        return f"{s * 1e6:.2f} µs"
    if s < 1:
        return f"{s * 1e3:.2f} ms"
    return f"{s:.2f} s"


def rate(workload, s):
    if workload in FLOPS:
        return f"{FLOPS[workload] / s / 1e9:.1f} GF/s"
    if workload in BYTES:
        return f"{BYTES[workload] / s / 1e9:.1f} GB/s"
    if workload in BATCH:
        return f"{BATCH[workload] / s / 1e3:.1f} k samples/s"
    return ""


def main():
    numpy_paths = [p for p in sys.argv[1:] if "numpy" in p]
    tt_paths = [p for p in sys.argv[1:] if "tinytensor" in p]
    numpy_rows, tt_rows = load(numpy_paths), load(tt_paths)
    print("| workload | threads | NumPy median | TinyTensor median | NumPy rate | TinyTensor rate | speed-up (NumPy time / TinyTensor time) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    order = list(dict.fromkeys(w for w, _ in tt_rows))
    for key in sorted(tt_rows, key=lambda k: (order.index(k[0]), k[1])):
        workload, threads = key
        t = tt_rows[key]
        n = numpy_rows.get(key)
        if n is None:
            continue
        print(f"| {workload} | {threads} | {fmt_time(n)} | {fmt_time(t)} | {rate(workload, n)} | {rate(workload, t)} | {n / t:.2f}× |")
    torch_table(sys.argv[1:], tt_rows)


def torch_table(paths, tt_rows):
    """TinyTensor (float64) against PyTorch float64 and float32, each at its better thread count as well."""
    torch_rows = {}
    for path in (p for p in paths if "torch" in p):
        with open(path) as f:
            for line in f:
                if line.strip().startswith("{"):
                    r = json.loads(line)
                    torch_rows[(r["workload"], r["threads"], r["dtype"])] = r["median_s"]
    if not torch_rows:
        return
    print()
    print("| workload | threads | TinyTensor f64 | PyTorch f64 | PyTorch f32 | speed-up vs f64 | speed-up vs f32 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    workloads = sorted({w for w, _, _ in torch_rows})
    for workload in workloads:
        keys = sorted({t for w, t, _ in torch_rows if w == workload})
        for threads in keys + ["best"]:
            if threads == "best":
                t = min((v for (w, _), v in tt_rows.items() if w == workload), default=None)
                f64 = min((v for (w, _, d), v in torch_rows.items() if w == workload and d == "float64"), default=None)
                f32 = min((v for (w, _, d), v in torch_rows.items() if w == workload and d == "float32"), default=None)
            else:
                t = tt_rows.get((workload, threads))
                f64 = torch_rows.get((workload, threads, "float64"))
                f32 = torch_rows.get((workload, threads, "float32"))
            if t is None or f64 is None or f32 is None:
                continue
            print(f"| {workload} | {threads} | {fmt_time(t)} | {fmt_time(f64)} | {fmt_time(f32)} | {f64 / t:.2f}× | {f32 / t:.2f}× |")


if __name__ == "__main__":
    main()
