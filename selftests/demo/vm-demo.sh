#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vm-demo.sh KVER - what `make demo` runs on the host: boots KVER in QEMU
# with vrrp.ko (selftests/vm/run.sh), runs the demo there as the test
# selftests/scenario/demo.sh, and shows its timeline as the guest writes it
# (the test's log is on the writable results share), then the harness's
# verdict. Exits non-zero when the demo failed. The run directory is kept
# (build/vm/KVER/run.*/): demo.d/ has the demo's files when it failed.
set -euo pipefail

# shellcheck source=selftests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"

[[ $# == 1 ]] || die "usage: vm-demo.sh KVER"
KVER=$1
OUT=$(mktemp)
RUNPID=
start=$SECONDS

# shellcheck disable=SC2317 # run by the EXIT trap
stop() {
	if [[ -n $RUNPID ]]; then
		kill "$RUNPID" 2>/dev/null || true
		wait "$RUNPID" 2>/dev/null || true
	fi
	rm -f "$OUT"
}
trap stop EXIT
trap 'exit 130' INT TERM

echo "demo: booting $KVER in QEMU (emulated: this takes a few minutes)"
VM_KEEP=1 "$VM_DIR/run.sh" "$KVER" "$SRCDIR/selftests/scenario/demo.sh" >"$OUT" 2>&1 &
RUNPID=$!

run=
while kill -0 "$RUNPID" 2>/dev/null; do
	run=$(sed -n 's/^vm .*, results in \(.*\)$/\1/p' "$OUT")
	[[ -z $run ]] || break
	sleep 0.2
done
if [[ -n $run ]]; then
	# Until run.sh ends; the log appears once the guest starts the test.
	tail -s 0.2 -n +1 -F --pid="$RUNPID" "$SRCDIR/$run/demo.log" 2>/dev/null || true
fi
rc=0
wait "$RUNPID" || rc=$?
RUNPID=

# The harness's report, without the test output shown above already.
echo
awk '/^  ---- test output/ { skip = 1; next } /^  ---- / { skip = 0 } !skip' "$OUT"
echo "demo: $((SECONDS - start)) s in all"
exit "$rc"
