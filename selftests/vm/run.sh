#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [-k] KVER [TEST...] - run test scripts in a QEMU guest booting KVER.
#
# TESTS default to selftests/vm/smoke.sh and every selftests/scenario/*.sh.
# The guest (guest.sh; its header is the contract for test scripts) sees the
# host's root read-only through 9p and writes results into a per-run directory,
# build/vm/KVER/run.XXXXXX/, shared writable. This script prints
#   ok KVER TEST | SKIP KVER TEST | FAIL KVER TEST (+ reason, log and kernel log tails)
# as each result arrives, then "KVER: N passed, N failed, N skipped", and exits
# non-zero when anything failed, including a panic or hang of the VM (the guest
# writes "success" to its second serial port only after every test passed).
#
# A run directory holds, per test, <test>.log (output), <test>.kmsg (kernel
# log), <test>.hang (processes, if it timed out), <test>.d/ (VM_ARTIFACTS) and
# <test>.result; and console.log (ttyS0), status (ttyS1), qemu.cmd, qemu.out.
#
# Options and environment:
#   -k, VM_KEEP=1    keep the run directory (it is always kept when something
#                    fails; the 10 newest per kernel are kept, older ones pruned)
#   VM_NO_MODULE=1   boot even when build/KVER/kmod/vrrp.ko is missing (no insmod)
#   VM_INSTALLED=1   test what is installed on the host instead of the tree's
#                    build: modprobe vrrp, /usr/sbin/vrrpctl (see guest.sh)
#   VM_VERBOSE=1     copy the guest console to stderr as it is written
#   VM_TIMEOUT=S     limit for the whole VM run; default: the sum of the tests'
#                    timeouts plus slack for boot and each test's setup
#   VM_DEADLINE=T    never run past this time (seconds since the epoch); with
#                    less than a minute left, the VM is not booted and every
#                    test fails as not run
#   VM_JOBS=N        tests run side by side in the guest, at most N at a time
#                    (default 3; those marked "# parallel: no" run alone, and
#                    a debug kernel runs every test alone: see guest.sh)
#   VM_SUMMARY=FILE  also write "PASSED FAILED SKIPPED" to FILE (for check.sh)
#   VM_ACCEL=A       tcg (emulation, the default), kvm, or auto (kvm when
#                    /dev/kvm can be opened; see lib.sh use_kvm)
#   VM_QEMU_OPTS=... more qemu options, e.g. "-s" to attach gdb on port 1234
#   VRRP_ATTACK_*    exported to the tests in the guest (attack tests: SECS,
#                    SEED, SYNC_MOVE; see selftests/scenario/fuzz_*.sh, stress.sh)
set -euo pipefail

# shellcheck source=selftests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

BOOT_SLACK=120		# boot + shutdown of an emulated guest, seconds
TEST_SLACK=60		# insmod, cleanup, rmmod per test, seconds
# A debug kernel (is_debug_kernel: KASAN, lockdep, kmemleak) boots in about
# 90 s and runs several times slower; each test also gets a kmemleak scan.
DEBUG_BOOT_SLACK=360
DEBUG_TEST_SLACK=120
# A guest that has not reached the runner after this many seconds (it takes
# 5-10 s emulated, 60-90 s for a debug kernel) is killed and booted once more.
BOOT_LIMIT=180
DEBUG_BOOT_LIMIT=420
LOG_TAIL=60
KMSG_TAIL=40
KEEP_RUNS=10		# kept run directories per kernel (failed or -k runs)

KVER=
DEBUG=0
RUN=
KEEP=${VM_KEEP:-0}
TESTS=()
QPID=
NEXT=0
PASSED=0
FAILED=0
SKIPPED=0
BOOT_SECS=
BOOT_HUNG=0
JOBS=${VM_JOBS:-3}
declare -A REPORTED	# test names reported so far

usage() { die "usage: run.sh [-k] KVER [TEST...]"; }

parse_args() {
	while [[ $# -gt 0 ]]; do
		case "$1" in
		-k) KEEP=1 ;;
		-h | --help) usage ;;
		-*) usage ;;
		*) break ;;
		esac
		shift
	done
	[[ $# -ge 1 ]] || usage
	KVER=$1
	shift
	local t
	if [[ $# -eq 0 ]]; then
		mapfile -t TESTS < <(default_tests)
		set -- "${TESTS[@]}"
		TESTS=()
	fi
	for t in "$@"; do
		[[ -f $t ]] || die "no such test: $t"
		TESTS+=("$(realpath "$t")")
	done
	local dup
	dup=$(for t in "${TESTS[@]}"; do test_name "$t"; done | sort | uniq -d)
	[[ -z $dup ]] || die "two tests share a name: $dup"
}

check_module() {
	local ko=$SRCDIR/build/$KVER/kmod/vrrp.ko
	if [[ ! -f $ko && ${VM_NO_MODULE:-0} != 1 && ${VM_INSTALLED:-0} != 1 ]]; then
		die "$ko missing: run 'make module KVER=$KVER' (or set VM_NO_MODULE=1)"
	fi
}

# vm_timeout: seconds the whole VM may run.
vm_timeout() {
	local t total=$BOOT_SLACK slack=$TEST_SLACK left
	if [[ $DEBUG == 1 ]]; then
		total=$DEBUG_BOOT_SLACK
		slack=$DEBUG_TEST_SLACK
	fi
	for t in "${TESTS[@]}"; do
		total=$((total + $(test_timeout "$t" "$DEBUG") + slack))
	done
	total=${VM_TIMEOUT:-$total}
	if [[ -n ${VM_DEADLINE:-} ]]; then
		left=$((VM_DEADLINE - $(date +%s)))
		if [[ $left -lt $total ]]; then
			total=$left
		fi
	fi
	echo "$total"
}

# prune_runs DIR: delete all but the newest KEEP_RUNS run directories in DIR.
prune_runs() {
	find "$1" -maxdepth 1 -name 'run.*' -printf '%T@ %p\n' | sort -rn |
		tail -n +$((KEEP_RUNS + 1)) | cut -d' ' -f2- | xargs -r rm -rf
}

prepare_run() {
	local dir
	dir=$(vm_dir "$KVER")
	mkdir -p "$dir"
	prune_runs "$dir"
	RUN=$(mktemp -d "$dir/run.XXXXXX")
	printf '%s\n' "${TESTS[@]}" >"$RUN/tests"
	printf 'VM_NO_MODULE=%q\nVM_INSTALLED=%q\nVM_JOBS=%q\n' "${VM_NO_MODULE:-0}" \
		"${VM_INSTALLED:-0}" "$JOBS" >"$RUN/config"
	# the attack tests' knobs (VRRP_ATTACK_SECS, ...) reach them in the guest
	local v
	for v in $(compgen -v VRRP_ATTACK_ || true); do
		printf 'export %s=%q\n' "$v" "${!v}" >>"$RUN/config"
	done
	: >"$RUN/status"
	: >"$RUN/console.log"
}

stop_vm() {
	if [[ -n $QPID ]] && kill -0 "$QPID" 2>/dev/null; then
		kill "$QPID" 2>/dev/null || true
		wait "$QPID" 2>/dev/null || true
	fi
}

# start_vm LIMIT: boot the VM in the background, killed after LIMIT seconds.
start_vm() {
	local limit=$1
	timeout -k 10 "$limit" "${QEMU_ARGS[@]}" </dev/null >"$RUN/qemu.out" 2>&1 &
	QPID=$!
	trap stop_vm EXIT
	trap 'stop_vm; exit 130' INT TERM
	if [[ ${VM_VERBOSE:-0} == 1 ]]; then
		tail -n +1 -f --pid="$QPID" "$RUN/console.log" >&2 &
	fi
}

# elapsed START: seconds since START (an $EPOCHREALTIME), one decimal.
elapsed() { awk -v s="$1" -v n="$EPOCHREALTIME" 'BEGIN { printf "%.1f", n - s }'; }

indent() { sed 's/\r$//; s/^/    /'; }

# show_tail FILE N WHAT: the last N lines of FILE, indented, if it has any.
show_tail() {
	if [[ -s $1 ]]; then
		echo "  ---- $3 (last $2 lines of ${1#"$SRCDIR"/})"
		tail -n "$2" "$1" | indent
	fi
}

# Console lines that start a kernel report (guest.sh KERNEL_REPORTS has the
# full list; these are the ones a dead VM leaves).
CRASH_RE='(^|[^A-Z_])BUG([: ]|$)|WARNING:|Oops|general protection fault|Kernel panic'
CRASH_RE+='|soft lockup|hard LOCKUP|detected stalls?|self-detected stall'

# show_report FILE: a dead VM's first kernel report, from its first line: the
# console's last lines are often the end of a long panic, without its cause.
show_report() {
	local n
	n=$(grep -nE "$CRASH_RE" "$1" 2>/dev/null | head -n 1 | cut -d: -f1)
	[[ -n $n ]] || return 0
	echo "  ---- first kernel report (line $n of ${1#"$SRCDIR"/})"
	sed -n "$((n > 2 ? n - 2 : 1)),$((n + 45))p" "$1" | indent
}

# show_running FILE: the tests a dead VM was running (the guest says "vm:
# [IDX] NAME (timeout ...)" when one starts, "vm: STATUS NAME (...)" or
# "vm: ended NAME (...)" when it ends).
show_running() {
	local names
	names=$(awk '$1 == "vm:" && $2 ~ /^\[[0-9]+\]$/ && $4 == "(timeout" { run[$3] = 1 }
		$1 == "vm:" && $2 ~ /^(ok|FAIL|skip|ended)$/ && $4 ~ /^\(/ { delete run[$3] }
		END { for (t in run) printf "%s ", t }' "$1" 2>/dev/null)
	echo "  running when the VM stopped: ${names:-none}"
}

# report NAME STATUS REASON [SECONDS]: print one test's outcome and count it.
report() {
	local name=$1 status=$2 reason=$3 secs=${4:+ (${4} s)}
	case "$status" in
	ok)
		PASSED=$((PASSED + 1))
		echo "ok $KVER $name$secs"
		;;
	SKIP)
		SKIPPED=$((SKIPPED + 1))
		echo "SKIP $KVER $name$secs"
		;;
	*)
		FAILED=$((FAILED + 1))
		echo "FAIL $KVER $name$secs"
		echo "  reason: ${reason:-unknown}"
		show_tail "$RUN/$name.log" "$LOG_TAIL" "test output"
		show_tail "$RUN/$name.hang" "$LOG_TAIL" "processes before the timeout"
		show_tail "$RUN/$name.kmsg" "$KMSG_TAIL" "kernel log"
		show_tail "$RUN/$name.kmemleak" "$KMSG_TAIL" "kmemleak"
		;;
	esac
}

# report_ready: report every test whose result file has appeared (tests run
# side by side end in any order); NEXT counts the reported ones.
report_ready() {
	local t name status secs reason
	[[ $NEXT -lt ${#TESTS[@]} ]] || return 0
	for t in "${TESTS[@]}"; do
		name=$(test_name "$t")
		[[ -z ${REPORTED[$name]:-} && -f $RUN/$name.result ]] || continue
		# Complete once it has its newline: the guest writes it in one go.
		read -r status secs reason <"$RUN/$name.result" || continue
		report "$name" "$status" "$reason" "$secs"
		REPORTED[$name]=1
		NEXT=$((NEXT + 1))
	done
}

# unreported: the names of the tests not reported yet, in order.
unreported() {
	local t name
	for t in "${TESTS[@]}"; do
		name=$(test_name "$t")
		[[ -n ${REPORTED[$name]:-} ]] || echo "$name"
	done
}

# note_boot START: remember how long the guest took to reach the runner.
note_boot() {
	local up
	if [[ -z $BOOT_SECS && -s $RUN/booted ]]; then
		read -r up <"$RUN/booted"
		BOOT_SECS="$(elapsed "$1") s (kernel uptime $up s)"
		echo "vm $KVER: runner up after $BOOT_SECS"
		if [[ -s $RUN/notes ]]; then
			sed "s/^/vm $KVER: note: /" "$RUN/notes"
		fi
	fi
}

# watch_vm START: report results while the VM runs; a guest that does not
# reach the runner within the boot limit is stopped (BOOT_HUNG=1).
watch_vm() {
	local boot_end=$((SECONDS + BOOT_LIMIT))
	if [[ $DEBUG == 1 ]]; then
		boot_end=$((SECONDS + DEBUG_BOOT_LIMIT))
	fi
	while kill -0 "$QPID" 2>/dev/null; do
		note_boot "$1"
		if [[ -z $BOOT_SECS && $SECONDS -ge $boot_end ]]; then
			BOOT_HUNG=1
			stop_vm
			break
		fi
		report_ready
		if [[ -z $BOOT_SECS ]]; then
			sleep 0.2
		else
			sleep 1
		fi
	done
}

# finish_vm RC LIMIT: account for tests that never reported and for a VM that
# did not end with "success".
finish_vm() {
	local rc=$1 limit=$2 status why name
	status=$(tr -d '\r\n' <"$RUN/status")
	case "$rc" in
	0) why="the VM stopped without finishing (panic or crash)" ;;
	124 | 137) why="the VM timed out after $limit s" ;;
	200) why="the guest did not reach the runner, booted twice" ;;
	*) why="qemu exited with status $rc" ;;
	esac
	if [[ $NEXT -lt ${#TESTS[@]} ]]; then
		local first=1
		# (tests side by side report only once the last of them ended: the
		# console says which ones ran, and which had ended)
		for name in $(unreported); do
			if [[ $first == 1 ]]; then
				report "$name" FAIL "$why"
				show_running "$RUN/console.log"
				show_report "$RUN/console.log"
				show_tail "$RUN/console.log" "$LOG_TAIL" "guest console"
				show_tail "$RUN/qemu.out" 20 "qemu"
				first=0
			else
				report "$name" FAIL "not run or unreported: $why"
			fi
			NEXT=$((NEXT + 1))
		done
	elif [[ $status != success && $status != failed ]]; then
		report "vm-shutdown" FAIL "$why"
		show_running "$RUN/console.log"
		show_report "$RUN/console.log"
		show_tail "$RUN/console.log" "$LOG_TAIL" "guest console"
	elif [[ $status == failed && $FAILED == 0 ]]; then
		report "vm-runner" FAIL "the guest reported a failure no test result shows"
	fi
}

summarize() {
	local secs=$1 n j t b
	echo "vm $KVER: $secs s in total, runner up after ${BOOT_SECS:-never}"
	if [[ -s $RUN/times ]]; then
		# "NAME SETUP_MS TEST_MS TEARDOWN_MS CPU_MS" per test, from the guest
		awk -v k="$KVER" '{ s += $2; t += $3; d += $4; c += $5 }
			END { printf "vm %s: tests %.0f s (summed: side by side they overlap), the runner around them %.0f s (setup %.0f s, teardown %.0f s); the tests used %.0f s of CPU\n",
				k, t / 1000, (s + d) / 1000, s / 1000, d / 1000, c / 1000 }' "$RUN/times"
		# the ones that used most, for whoever wants the suite faster
		sort -k5,5nr "$RUN/times" | awk -v k="$KVER" 'NR <= 8 { l = l sprintf(" %s %.0f/%.0f", $1, $5 / 1000, $3 / 1000) }
			END { if (l != "") print "vm " k ": most CPU (s of CPU / s of test):" l }'
	fi
	if [[ -s $RUN/group ]]; then
		# "TESTS JOBS SECONDS BUSY%" of the side-by-side group (guest.sh)
		read -r n j t b <"$RUN/group"
		echo "vm $KVER: $n tests side by side ($j at a time) in $t s, the guest's CPUs $b% busy"
	fi
	echo "$KVER: $PASSED passed, $FAILED failed, $SKIPPED skipped"
	if [[ -n ${VM_SUMMARY:-} ]]; then
		echo "$PASSED $FAILED $SKIPPED" >"$VM_SUMMARY"
	fi
	if [[ $FAILED -gt 0 || $KEEP == 1 ]]; then
		echo "vm $KVER: results kept in ${RUN#"$SRCDIR"/}"
	else
		rm -rf "$RUN"
	fi
}

# boot_vm LIMIT: run the guest until it powers off or LIMIT seconds pass,
# reporting results as they come; returns qemu's exit status.
boot_vm() {
	local rc=0
	qemu_args "$KVER" "$RUN" test "${TESTS[@]}"
	QEMU_ARGS+=(-serial "file:$RUN/console.log" -serial "file:$RUN/status")
	echo "${QEMU_ARGS[*]}" >"$RUN/qemu.cmd"
	start_vm "$1"
	watch_vm "$start"
	wait "$QPID" || rc=$?
	QPID=
	return "$rc"
}

main() {
	local limit start rc=0
	parse_args "$@"
	check_kernel "$KVER"
	check_module
	local kind=" (emulated"
	if use_kvm; then
		kind=" (kvm"
	fi
	if is_debug_kernel "$KVER"; then
		DEBUG=1
		kind+=", debug kernel"
	fi
	kind+=")"
	prepare_run
	limit=$(vm_timeout)
	echo "vm $KVER$kind: ${#TESTS[@]} test(s), limit ${limit}s, results in ${RUN#"$SRCDIR"/}"
	if [[ $limit -lt 60 ]]; then
		while [[ $NEXT -lt ${#TESTS[@]} ]]; do
			report "$(test_name "${TESTS[$NEXT]}")" FAIL "not run: VM_DEADLINE reached"
			NEXT=$((NEXT + 1))
		done
		summarize 0
		return 1
	fi
	start=$EPOCHREALTIME
	boot_vm "$limit" || rc=$?
	if [[ $rc != 0 && ! -s $RUN/booted ]] && use_kvm &&
		grep -qi kvm "$RUN/qemu.out"; then
		# Nested KVM that opens but does not run a guest: emulate instead.
		echo "vm $KVER: KVM failed ($(grep -i -m1 kvm "$RUN/qemu.out")), emulating"
		export VM_ACCEL=tcg
		rc=0
		: >"$RUN/status"
		: >"$RUN/console.log"
		boot_vm "$limit" || rc=$?
	fi
	if [[ $BOOT_HUNG == 1 || ! -s $RUN/booted ]]; then
		# Not the module's doing (the runner loads it, and it never ran):
		# an emulated boot that stalls, or that crashes (TCG runs a
		# kernel's boot-time code patching, e.g. an Oops on int3 in
		# sched_clock_cpu when sched_clock is marked stable, with a small
		# chance of failing). Once more, the first console kept and its
		# report shown.
		if [[ $BOOT_HUNG == 1 ]]; then
			echo "vm $KVER: the guest did not reach the runner in $(elapsed "$start") s;" \
				"booting again (first console: console.boot1.log)"
			grep -v '^$' "$RUN/console.log" | tail -n 5 | indent
		else
			echo "vm $KVER: the guest stopped before it reached the runner (vrrp not" \
				"loaded yet); booting again (first console: console.boot1.log)"
			show_report "$RUN/console.log" | head -n 12 | sed "s/^ */    boot 1: /"
		fi
		mv "$RUN/console.log" "$RUN/console.boot1.log"
		BOOT_HUNG=0
		rc=0
		: >"$RUN/status"
		: >"$RUN/console.log"
		limit=$((limit - ($(date +%s) - ${start%.*})))
		if [[ $limit -ge 60 ]]; then
			boot_vm "$limit" || rc=$?
		else
			rc=124
		fi
	fi
	if [[ $BOOT_HUNG == 1 ]]; then
		rc=200
	fi
	note_boot "$start"
	report_ready
	finish_vm "$rc" "$limit"
	summarize "$(elapsed "$start")"
	[[ $FAILED -eq 0 ]]
}

main "$@"
