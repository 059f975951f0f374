#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [KVER...] - `make bench`: the benchmarks in a QEMU guest per kernel
# (default here: every test kernel; make bench: the newest), then the results
# and the summary.
#
#   QUICK=1          a few minutes: fewer trials, shorter windows, fewer steps
#   BENCH_*=...      override one parameter (see param calls in the scripts)
#
# Per kernel: selftests/vm/run.sh -k KVER takeover.sh health.sh scale.sh modes.sh;
# the guest scripts leave captures and /proc snapshots in the run directory
# (build/vm/KVER/run.*/); report.py turns them into
# selftests/bench/results/<date>-<kernel>[-quick].json. Then summary.md and
# the plots under selftests/bench/results/ are rewritten from the newest
# result of each kernel. The numbers are never pass/fail.
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
SRCDIR=$(cd "$BENCH_DIR/../.." && pwd)
OUT=$BENCH_DIR/results
TESTS=(takeover.sh health.sh scale.sh modes.sh)

cd "$SRCDIR"
mapfile -t KERNELS < <(if [[ $# -gt 0 ]]; then printf '%s\n' "$@"; else selftests/vm/kernels.sh; fi)
[[ ${#KERNELS[@]} -gt 0 ]] || { echo "bench: no test kernels: make deps" >&2; exit 1; }
command -v tshark >/dev/null || { echo "bench: tshark missing: make deps" >&2; exit 1; }

mkdir -p build/bench
{
	echo "BENCH_QUICK=${QUICK:-0}"
	env | grep -E '^BENCH_[A-Z_]+=' | grep -v '^BENCH_QUICK=' || true
} >build/bench/params
commit=$(git rev-parse --short HEAD)
git diff --quiet HEAD -- kmod uapi tools selftests/bench || commit+="-dirty"
quick=()
[[ ${QUICK:-0} != 1 ]] || quick=(--quick)
start=$SECONDS

for k in "${KERNELS[@]}"; do
	echo "=== bench: kernel $k$([[ ${QUICK:-0} == 1 ]] && echo ", QUICK")"
	log=build/bench/vm-$k.log
	rc=0
	load0=$(cut -d' ' -f1-3 /proc/loadavg)
	VM_KEEP=1 selftests/vm/run.sh "$k" "${TESTS[@]/#/selftests/bench/}" 2>&1 |
		tee "$log" || rc=$?
	run=$(sed -n 's/.*results in \(build\/vm\/[^ ]*\).*/\1/p' "$log" | head -n1)
	[[ -n $run && -d $run ]] || { echo "bench: no run directory for $k" >&2; exit 1; }
	[[ $rc == 0 ]] || echo "bench: the VM run for $k reported a failure (kept in $run); reporting what it measured"
	# The host is shared: its load says how far to trust the absolute numbers.
	python3 "$BENCH_DIR/report.py" result --run "$run" --kernel "$k" --commit "$commit" \
		--params build/bench/params --out "$OUT" "${quick[@]}" \
		--host "nproc=$(nproc) loadavg_before=$load0 loadavg_after=$(cut -d' ' -f1-3 /proc/loadavg)"
done
python3 "$BENCH_DIR/report.py" summary --out "$OUT"
echo "bench: done in $(((SECONDS - start) / 60)) min $(((SECONDS - start) % 60)) s; see ${OUT#"$SRCDIR"/}/summary.md"
