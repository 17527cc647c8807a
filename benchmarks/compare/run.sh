#!/usr/bin/env bash
# Side by side on this machine: NumPy (float64, OpenBLAS) and TinyTensor run the same workloads with the same
# sampling (median of samples ≥ 20 ms, after a warm-up), at 1 and then 2 threads, alternating, in one run. Prints a markdown table of
# the ratios and writes it to benchmarks/results/comparison.md.
#   bash benchmarks/compare/run.sh
# A trimmed run (to check the scripts, not for figures) measures only the workloads whose names start with a prefix,
# at the given thread counts, and prints the table without touching benchmarks/results:
#   COMPARE_ONLY=tensor_ COMPARE_THREADS=1 bash benchmarks/compare/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

PY=/usr/bin/python3   # Debian's python3-numpy lives here, not in a pyenv interpreter
if ! "$PY" -c "import numpy" 2>/dev/null; then
    apt-get update -qq && apt-get install -y -qq python3-numpy
fi
# Debian's numpy links the reference BLAS unless an optimised one is installed; the comparison is with OpenBLAS.
if [[ ! -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ]]; then
    apt-get update -qq && apt-get install -y -qq libopenblas0-pthread
fi

dotnet build benchmarks/TinyTensor.Benchmarks -c Release -v quiet -nologo >/dev/null
bench=benchmarks/TinyTensor.Benchmarks/bin/Release/net10.0/TinyTensor.Benchmarks.dll
export COMPARE_ONLY="${COMPARE_ONLY:-}"
raw=benchmarks/results/compare-raw
out=benchmarks/results/comparison.md
if [[ -n "$COMPARE_ONLY" || -n "${COMPARE_THREADS:-}" ]]; then
    raw=$(mktemp -d)
    out=/dev/null
fi
mkdir -p "$raw"

for threads in ${COMPARE_THREADS:-1 2}; do
    echo "NumPy, $threads thread(s)…" >&2
    OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads "$PY" benchmarks/compare/numpy_workloads.py > "$raw/numpy-$threads.jsonl"
    echo "TinyTensor, $threads thread(s)…" >&2
    dotnet "$bench" compare --threads "$threads" > "$raw/tinytensor-$threads.jsonl"
    if [[ "cnn_step_b64" == "$COMPARE_ONLY"* ]]; then
        echo "PyTorch, $threads thread(s)…" >&2
        (cd benchmarks/compare && TORCH_THREADS=$threads OMP_NUM_THREADS=$threads "$PY" torch_workloads.py) > "$raw/torch-$threads.jsonl"
    fi
done

# torch_table RAW: the rows PyTorch also ran (Debian's python3-torch, float64 and float32), beside TinyTensor (float64).
torch_table() {
    compgen -G "$1/torch-*.jsonl" >/dev/null || return 0
    "$PY" - "$1" <<'PYEOF'
import glob, json, sys
rows = [json.loads(l) for f in sorted(glob.glob(sys.argv[1] + "/torch-*.jsonl")) for l in open(f) if l.strip()]
tt = {(r["workload"], r["threads"]): r["median_s"] for f in glob.glob(sys.argv[1] + "/tinytensor-*.jsonl") for r in map(json.loads, filter(str.strip, open(f)))}
print("\n## TinyTensor (float64) vs PyTorch, side by side\n")
print("| workload | threads | PyTorch dtype | PyTorch median | TinyTensor float64 median | speed-up (PyTorch time / TinyTensor time) |")
print("|---|---:|---|---:|---:|---:|")
for r in rows:
    t = tt.get((r["workload"], r["threads"]))
    if t:
        print(f"| {r['workload']} | {r['threads']} | {r['dtype']} | {r['median_s'] * 1e3:.2f} ms | {t * 1e3:.2f} ms | {r['median_s'] / t:.2f}× |")
PYEOF
}

{
    echo "# TinyTensor vs NumPy, side by side"
    echo
    echo "Run $(date -u '+%Y-%m-%d %H:%M UTC') on $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') ($(nproc) cores);"
    echo ".NET $(dotnet --list-runtimes | awk '/NETCore.App/ {v=$2} END {print v}'), NumPy $("$PY" -c 'import numpy; print(numpy.__version__)') with $(basename "$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)") ($(dirname "$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)" | xargs basename))."
    echo "Command: \`bash benchmarks/compare/run.sh\`. Medians of samples of ≥ 20 ms; speed-up > 1 means TinyTensor is faster."
    echo
    "$PY" benchmarks/compare/compare.py "$raw"/numpy-*.jsonl "$raw"/tinytensor-*.jsonl
    torch_table "$raw"
} | tee "$out"
