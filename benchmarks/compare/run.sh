#!/usr/bin/env bash
# Side by side on this machine: NumPy (OpenBLAS), PyTorch (Debian's python3-torch) and TinyTensor run the same
# workloads with the same sampling (median of samples ≥ 20 ms, after a warm-up), in float64 and (the square GEMM at
# n ≥ 512, the MLP and CNN training steps) in float32, at 1 and then 2 threads, alternating, in one run. TinyTensor's
# FMA probe measures the peak first, for each thread count and type, and the GEMM rows are printed as a fraction of
# it; a second probe at the end shows whether the host's speed held. Prints a markdown table of the ratios and issue 10's targets, and writes it to benchmarks/results/comparison.md
# (the raw JSON lines to benchmarks/results/compare-raw/). A TinyTensor row that throws (a float32 layer that is not
# there yet) is printed as "failed: <message>"; the run goes on.
#   bash benchmarks/compare/run.sh
# A trimmed run (to check the scripts, not for figures) measures only the workloads whose names start with a prefix,
# at the given thread counts, and prints the table without touching benchmarks/results:
#   COMPARE_ONLY=tensor_ COMPARE_THREADS=1 bash benchmarks/compare/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

PY=/usr/bin/python3   # Debian's python3-numpy and python3-torch live here, not in a pyenv interpreter
if ! "$PY" -c "import numpy" 2>/dev/null; then
    apt-get update -qq && apt-get install -y -qq python3-numpy
fi
if ! "$PY" -c "import torch" 2>/dev/null; then
    apt-get update -qq && apt-get install -y -qq python3-torch
fi
# Debian's numpy links the reference BLAS unless an optimised one is installed; the comparison is with OpenBLAS.
if [[ ! -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ]]; then
    apt-get update -qq && apt-get install -y -qq libopenblas0-pthread
fi
# The environment pins OpenBLAS to its Haswell (256-bit) kernels for old builds' sake; the peers run with the
# kernels OpenBLAS picks for this CPU, as a user's would (see shared/dotnet-notes.md).
peer_env=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)

dotnet build benchmarks/TinyTensor.Benchmarks -c Release -v quiet -nologo >/dev/null
bench=benchmarks/TinyTensor.Benchmarks/bin/Release/net10.0/TinyTensor.Benchmarks.dll
export COMPARE_ONLY="${COMPARE_ONLY:-}"
threads_list=${COMPARE_THREADS:-1 2}
raw=benchmarks/results/compare-raw
out=benchmarks/results/comparison.md
if [[ -n "$COMPARE_ONLY" || -n "${COMPARE_THREADS:-}" ]]; then
    raw=$(mktemp -d)
    out=/dev/null
fi
mkdir -p "$raw"
rm -f "$raw"/*.jsonl

for threads in $threads_list; do
    echo "FMA peak, $threads thread(s)…" >&2
    dotnet "$bench" peak --threads "$threads" > "$raw/peak-$threads.jsonl"
done
for threads in $threads_list; do
    echo "NumPy, $threads thread(s)…" >&2
    OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads "${peer_env[@]}" "$PY" benchmarks/compare/numpy_workloads.py > "$raw/numpy-$threads.jsonl"
    echo "PyTorch, $threads thread(s)…" >&2
    (cd benchmarks/compare && TORCH_THREADS=$threads OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads "${peer_env[@]}" "$PY" torch_workloads.py) > "$raw/torch-$threads.jsonl"
    echo "TinyTensor, $threads thread(s)…" >&2
    dotnet "$bench" compare --threads "$threads" > "$raw/tinytensor-$threads.jsonl"
done
for threads in $threads_list; do
    echo "FMA peak again, $threads thread(s)…" >&2
    dotnet "$bench" peak --threads "$threads" > "$raw/peak-end-$threads.jsonl"
done

blas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)
{
    echo "# TinyTensor vs NumPy and PyTorch, side by side"
    echo
    echo "Run $(date -u '+%Y-%m-%d %H:%M UTC') on $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') ($(nproc) cores);"
    echo ".NET $(dotnet --list-runtimes | awk '/NETCore.App/ {v=$2} END {print v}'), NumPy $("$PY" -c 'import numpy; print(numpy.__version__)') with $(basename "$blas") ($(basename "$(dirname "$blas")")), PyTorch $("$PY" -c 'import torch; print(torch.__version__)')."
    echo "Command: \`bash benchmarks/compare/run.sh\`. Medians of samples of ≥ 20 ms; a speed-up > 1 means TinyTensor is faster."
    echo "PyTorch ran at the same thread counts (\`torch.set_num_threads\`); the last column divides by its faster one."
    echo
    "$PY" benchmarks/compare/compare.py "$raw"
} | tee "$out"
