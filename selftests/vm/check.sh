#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh [--debug] - what "make check" runs: the host unit tests, vrrpctl's
# host tests (tools/vrrpctl: usage, fake kernel, JSON writer), then the VM
# tests on every test kernel (vrrp.ko is built for each first): the whole
# suite on each stock kernel, then, on each debug kernel (KASAN, lockdep,
# kmemleak: lib.sh is_debug_kernel; tools/debug-kernel.sh), only the tests
# whose header says "# debug: yes"; a test whose header says "# stock:
# newest" runs on the newest stock kernel only; between the two, the Debian
# packages (selftests/pkg/check.sh: as root, built, installed, one VM run
# with them, purged); then one last line
#   N passed, N failed
# summing the unit tests (from the runners' own "N passed, N failed" lines)
# and the VM tests. Skipped VM tests are counted on the line before it.
# Exits non-zero when anything failed, including a build.
#
# --debug ("make check-debug"): only the whole VM suite on every debug kernel;
# it fails when none is installed ("make debug-kernel").
#
# Environment: MAKE (set by make), CHECK_FAILED_STEPS (failures of earlier
# steps, e.g. from .ci/run, counted as failed), and the VM_* knobs of run.sh.
set -euo pipefail

# shellcheck source=selftests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

MAKE=${MAKE:-make}
PASSED=0
FAILED=0
SKIPPED=0
FAILURES=()
# What the VM and package phases printed, for the recap of failures at the
# end (CI shows the end of a long log first).
RECAP=$(mktemp)
trap 'rm -f "$RECAP"' EXIT

# fail_step WHAT: count one failure that is not a test's.
fail_step() {
	FAILED=$((FAILED + 1))
	FAILURES+=("$1")
	echo "FAIL $1"
}

unit_tests() {
	local out rc=0 line
	if [[ ! -f $SRCDIR/selftests/unit/Makefile ]]; then
		echo "unit: no selftests/unit/Makefile, nothing to run"
		return 0
	fi
	out=$(mktemp)
	$MAKE -C "$SRCDIR" --no-print-directory unit 2>&1 | tee "$out" || rc=$?
	line=$(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$out" | tail -n1 || true)
	rm -f "$out"
	if [[ -z $line ]]; then
		fail_step "unit (no 'N passed, N failed' line, exit status $rc)"
		return 0
	fi
	read -r p _ f _ <<<"${line//,/}"
	PASSED=$((PASSED + p))
	FAILED=$((FAILED + f))
	if [[ $f -gt 0 ]]; then
		FAILURES+=("unit ($f)")
	elif [[ $rc -ne 0 ]]; then
		fail_step "unit (exit status $rc)"
	fi
}

# vrrpctl_tests: build vrrpctl and run its host tests; every runner prints
# "N passed, N failed" (json_test: "all passed", one test).
vrrpctl_tests() {
	local out rc=0 line p f n=0
	out=$(mktemp)
	$MAKE -C "$SRCDIR/tools/vrrpctl" --no-print-directory check 2>&1 | tee "$out" || rc=$?
	while read -r line; do
		read -r p _ f _ <<<"${line//,/}"
		PASSED=$((PASSED + p))
		FAILED=$((FAILED + f))
		[[ $f -eq 0 ]] || FAILURES+=("vrrpctl ($f)")
		n=$((n + 1))
	done < <(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$out")
	if grep -q '^json_test: all passed' "$out"; then
		PASSED=$((PASSED + 1))
	fi
	rm -f "$out"
	if [[ $rc -ne 0 ]]; then
		fail_step "vrrpctl check (exit status $rc)"
	elif [[ $n -eq 0 ]]; then
		fail_step "vrrpctl check (no 'N passed, N failed' line)"
	fi
}

# lint_tests: "make lint" (shellcheck on every shell script), one test.
lint_tests() {
	if $MAKE -C "$SRCDIR" --no-print-directory lint 2>&1; then
		PASSED=$((PASSED + 1))
		echo "lint: 1 passed, 0 failed"
	else
		FAILED=$((FAILED + 1))
		FAILURES+=("lint")
		echo "lint: 0 passed, 1 failed"
	fi
}

# vm_tests KVER [TEST...]: build vrrp.ko for KVER and run the VM tests on it
# (default: all of them).
vm_tests() {
	local kver=$1 summary rc=0 p f s
	shift
	if ! $MAKE -C "$SRCDIR" --no-print-directory module KVER="$kver"; then
		if [[ ${VM_NO_MODULE:-0} != 1 ]]; then
			fail_step "build vrrp.ko for $kver"
			return 0
		fi
	fi
	summary=$(mktemp)
	VM_SUMMARY=$summary "$VM_DIR/run.sh" "$kver" "$@" 2>&1 | tee -a "$RECAP" || rc=$?
	if read -r p f s <"$summary" && [[ -n $s ]]; then
		PASSED=$((PASSED + p))
		FAILED=$((FAILED + f))
		SKIPPED=$((SKIPPED + s))
		if [[ $f -gt 0 ]]; then
			FAILURES+=("$kver ($f)")
		elif [[ $rc -ne 0 ]]; then
			fail_step "vm $kver (run.sh exit status $rc)"
		fi
	else
		fail_step "vm $kver (run.sh exit status $rc, no summary)"
	fi
	rm -f "$summary"
}

# pkg_tests: the Debian packages built, installed, used in the VM and purged
# (selftests/pkg/check.sh: root only, skipped otherwise); it prints
# "pkg: N passed, N failed, N skipped".
pkg_tests() {
	local out rc=0 line p f s
	out=$(mktemp)
	"$SRCDIR/selftests/pkg/check.sh" 2>&1 | tee "$out" || rc=$?
	line=$(grep -Eo '^pkg: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped' "$out" | tail -n1 || true)
	cat "$out" >>"$RECAP"
	rm -f "$out"
	if [[ -z $line ]]; then
		fail_step "pkg (no 'N passed, N failed' line, exit status $rc)"
		return 0
	fi
	read -r _ p _ f _ s _ <<<"${line//,/}"
	PASSED=$((PASSED + p))
	FAILED=$((FAILED + f))
	SKIPPED=$((SKIPPED + s))
	if [[ $f -gt 0 ]]; then
		FAILURES+=("pkg ($f)")
	elif [[ $rc -ne 0 ]]; then
		fail_step "pkg (exit status $rc)"
	fi
}

# The debug phase of "make check": attack phases of this many seconds, and
# not started with less than DEBUG_PHASE_MIN seconds before VM_DEADLINE (it
# is then reported as skipped, not cut off half way as failures).
DEBUG_ATTACK_SECS=30
DEBUG_PHASE_MIN=1080

debug_time_left() {
	[[ -z ${VM_DEADLINE:-} ]] || (( VM_DEADLINE - $(date +%s) >= DEBUG_PHASE_MIN ))
}

# summary: the last lines; exits non-zero when anything failed.
summary() {
	echo "==="
	if [[ ${#FAILURES[@]} -gt 0 ]]; then
		# each failed test with its reason and its own last FAIL line, a
		# kernel report's first lines (with the RIP), and one line for the
		# tests a dead VM never ran
		grep -E '^FAIL |^  reason: |^  running when |^ +FAIL: |^ +\[ *[0-9.]+\] .*(BUG|WARNING|Oops|panic|RIP:)' \
			"$RECAP" | awk '
			/^ +\[/ && seen[$0]++ { next }
			/^FAIL / { if (f != "") print f; f = $0; next }
			/^  reason: not run or unreported/ { f = ""; skipped++; next }
			{ if (f != "") print f; f = ""; print }
			END { if (f != "") print f; if (skipped) printf "  (and %d more not run: the VM stopped, see above)\n", skipped }' |
			head -n 60 | sed 's/^ */  /' || true
		echo "failures: ${FAILURES[*]}"
	fi
	echo "$SKIPPED skipped"
	echo "$PASSED passed, $FAILED failed"
	[[ $FAILED -eq 0 ]]
}

# debug_only: "make check-debug", the whole VM suite on every debug kernel.
debug_only() {
	local k
	local -a kernels
	mapfile -t kernels < <(test_kernels debug)
	if [[ ${#kernels[@]} -eq 0 ]]; then
		fail_step "no debug kernel installed (make debug-kernel)"
	fi
	for k in "${kernels[@]}"; do
		echo "=== VM tests on $k (debug kernel, every test)"
		vm_tests "$k"
	done
	summary
}

main() {
	local k step
	local -a kernels tests
	for step in ${CHECK_FAILED_STEPS:-}; do
		fail_step "$step"
	done
	case "${1:-}" in
	"") ;;
	--debug) debug_only; return ;;
	*) die "usage: check.sh [--debug]" ;;
	esac
	echo "=== unit tests"
	unit_tests
	echo "=== vrrpctl"
	vrrpctl_tests
	echo "=== lint"
	lint_tests
	mapfile -t kernels < <(test_kernels stock)
	if [[ ${#kernels[@]} -eq 0 ]]; then
		fail_step "no test kernels installed (make deps)"
	fi
	mapfile -t tests < <(older_stock_tests)
	for k in "${kernels[@]}"; do
		if [[ $k == "${kernels[-1]}" ]]; then
			echo "=== VM tests on $k"
			vm_tests "$k"
		else
			echo "=== VM tests on $k (not those with '# stock: newest')"
			vm_tests "$k" "${tests[@]}"
		fi
	done
	echo "=== Debian packages"
	pkg_tests
	# Debug kernels last: slow, and only the tests marked for them, their
	# attack phases shortened (make check-debug runs them at full length).
	mapfile -t kernels < <(test_kernels debug)
	mapfile -t tests < <(debug_tests)
	export VRRP_ATTACK_SECS=${VRRP_ATTACK_SECS:-$DEBUG_ATTACK_SECS}
	for k in "${kernels[@]}"; do
		if [[ ${#tests[@]} -eq 0 ]]; then
			echo "=== $k (debug kernel): no test says '# debug: yes', skipped"
			continue
		fi
		if ! debug_time_left; then
			echo "=== $k (debug kernel): SKIPPED, less than $((DEBUG_PHASE_MIN / 60)) minutes before VM_DEADLINE"
			SKIPPED=$((SKIPPED + ${#tests[@]}))
			continue
		fi
		echo "=== VM tests on $k (debug kernel: ${#tests[@]} tests with '# debug: yes')"
		vm_tests "$k" "${tests[@]}"
	done
	summary
}

main "$@"
