#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# guest.sh - the test runner inside the VM. The initramfs /init execs it as
# PID 1 once the host's root is mounted (see init), so it must never exit:
# it ends by powering the VM off. run.sh boots it; shell.sh boots it with
# vrrpvm.mode=shell to get an interactive shell instead.
#
# CONTRACT FOR TEST SCRIPTS (selftests/scenario/*.sh, selftests/vm/smoke.sh)
#
#   How a test runs
#     - Tests run one after another in one VM per kernel, as root, with
#       "bash SCRIPT" (the executable bit and #! line do not matter), stdin
#       from /dev/null, and the current directory a fresh, empty, writable one.
#     - stdout and stderr go to $RESULTS/<test>.log (<test> = script name
#       without .sh); the host prints its last 60 lines when the test fails.
#     - Environment:
#         VRRP_KO      absolute path of build/<kver>/kmod/vrrp.ko for this kernel
#         VRRPCTL      absolute path of tools/vrrpctl/vrrpctl
#         SRCDIR       the repository root (same path as on the host)
#         KVER         the running kernel release (uname -r)
#         VM_ARTIFACTS a writable directory kept with the results, for files
#                      worth looking at after a failure (pcaps, configs);
#                      removed again when the test leaves it empty
#         PATH=/usr/sbin:/usr/bin:/sbin:/bin, HOME=/root
#     - The whole host filesystem is visible at the host's paths (so the
#       host's iproute2, keepalived, tshark, python3 all work), written through
#       an overlay in RAM: writes succeed but never reach the host and are seen
#       by later tests of the same run. /run, /tmp and /var/tmp are empty tmpfs
#       at boot (/tmp and /var/tmp stay the host's, through the overlay, when
#       the repository lives under them). Busybox is not on PATH; use /sbin/ip
#       (iproute2) for netns.
#
#   Module
#     - vrrp is NOT loaded when the test is prepared; the runner then loads it
#       with "insmod $VRRP_KO dyndbg=+p", so the test starts with it loaded.
#     - A test may rmmod and insmod it itself; pass dyndbg=+p when loading so
#       the lifecycle lines below are printed. Leaving it unloaded is fine.
#     - With VM_NO_MODULE=1 on the host and no vrrp.ko built, nothing is loaded
#       (harness self-tests only).
#     - With VM_INSTALLED=1 on the host, the tests use what is installed on
#       the host (the Debian packages, selftests/pkg): the runner loads the
#       module with "modprobe vrrp dyndbg=+p" (DKMS's build in
#       /lib/modules/KVER/updates/dkms), VRRP_KO is the file modprobe loads
#       ("modinfo -n vrrp") and VRRPCTL is /usr/sbin/vrrpctl.
#
#   Outcome
#     - Exit status 0 = pass, 77 = skip, anything else = fail.
#     - Timeout: 300 s, or the first line of the form "# timeout: N" in the
#       script's header (its comment lines before the first command). On a
#       debug kernel (KASAN, lockdep, kmemleak; vrrpvm.debug=1 from run.sh)
#       three times that, or "# debug-timeout: N". A header line "# debug: yes"
#       puts the test in the subset "make check" runs on the debug kernel
#       (fuzzers, races, leaks: what the sanitizers add most to); "# stock:
#       newest" keeps it off the older stock kernels in "make check" (long
#       attacks that do not depend on the kernel version). 5 s before the
#       timeout, the test's processes and their kernel stacks are written
#       to $RESULTS/<test>.hang. On expiry the test's process
#       group gets SIGTERM (bash still runs EXIT traps, where $? may be 0:
#       do not print "PASS" from one), SIGKILL 10 s later, and the test fails.
#     - After the test the runner, in this order: kills every process the test
#       left behind, deletes leftover named netns and leftover interfaces of
#       the initial netns (noted in the log, not a failure by itself), and
#       unloads vrrp if loaded: failing to unload fails the test.
#     - On a debug kernel it then looks for leaks with kmemleak (cleared
#       before the test, scanned once the unload is older than kmemleak's
#       minimum object age, and again to confirm what that scan lists): any
#       unreferenced object fails the test; the report is kept in
#       $RESULTS/<test>.kmemleak.
#     - Then it checks the kernel log lines printed since the test started
#       (kept in $RESULTS/<test>.kmsg): the test fails when the counts of
#       "vrrp: instance NAME created" and "vrrp: instance NAME destroyed" (the
#       module's pr_debug lifecycle lines; the same for "tracker" and "sync
#       group") differ for any NAME, or on any kernel report (KERNEL_REPORTS
#       below: BUG:, WARNING:, Oops, KASAN, lockdep, RCU stalls, soft
#       lockups, hung tasks, ODEBUG, list corruption, UBSAN, kmemleak, refcount_t,
#       Call Trace:, a netdev that never becomes free, ...). Only the kernel's
#       own lines count, not those written to /dev/kmsg from userspace. A kernel
#       warning also panics the VM (panic_on_warn=1), and so does a KASAN
#       report: the test and every test after it fail.
#     - The result goes to $RESULTS/<test>.result: "ok|FAIL|SKIP SECONDS REASON",
#       and "<test> SETUP_MS TEST_MS TEARDOWN_MS" is added to $RESULTS/times.
#
#   $RESULTS is the per-run results share, build/vm/<kver>/run.XXXXXX/ on the
#   host. At the very end the runner writes "success" (every test passed or
#   skipped) or "failed" to the second serial port and powers off. The host
#   treats a missing word (panic, hang, runner crash) as failure.

set -euo pipefail

# shellcheck source=selftests/vm/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KVER=$(uname -r)
VRRP_KO=$SRCDIR/build/$KVER/kmod/vrrp.ko
VRRPCTL=$SRCDIR/tools/vrrpctl/vrrpctl
RESULTS=
VM_NO_MODULE=0
VM_INSTALLED=0
ALL_PASSED=1
NAP_FD=
DEBUG=0			# a debug kernel (vrrpvm.debug=1)
KMEMLEAK=		# /sys/kernel/debug/kmemleak when it works
KMEMLEAK_AGE=6		# kmemleak reports objects older than 5 s; a margin
VRRP_TEXT=		# "ADDRESS SIZE" of vrrp's code while loaded (debug kernels)
T_UNLOADED=0		# $SECONDS when vrrp was unloaded after the last test

# Kernel log lines that fail a test: reports of KASAN ("BUG: KASAN:"), lockdep,
# RCU, the soft lockup and hung task detectors, debugobjects, list debugging,
# UBSAN, kmemleak, refcount_t, netdev reference leaks, and any warning, oops
# or stack dump. BUG is matched as a word ("DEBUG" is not a report).
KERNEL_REPORTS='(^|[^A-Z_])BUG([: ]|$)|WARNING:|Oops|general protection fault'
KERNEL_REPORTS+='|Call Trace:|refcount_t:|UBSAN:|ODEBUG:|list_(add|del) corruption'
KERNEL_REPORTS+='|possible (circular|recursive) locking|inconsistent lock state'
KERNEL_REPORTS+='|suspicious RCU usage|bad unlock balance|held lock freed|lock held when returning'
KERNEL_REPORTS+='|detected stalls?|self-detected stall|soft lockup|hard LOCKUP'
KERNEL_REPORTS+='|hung_task|blocked for more than|to become free|ref_tracker:|kmemleak:|leak'

say() { echo "vm: $*" >/dev/console; }

cmdline_arg() {
	local a
	for a in $(</proc/cmdline); do
		if [[ $a == "$1="* ]]; then
			echo "${a#*=}"
		fi
	done
}

# power_off WORD: report WORD on the status port, then power the VM off.
power_off() {
	trap - EXIT
	sync
	echo "$1" >/dev/ttyS1 || true
	echo o >/proc/sysrq-trigger
	sleep 60
}

# kmemleak_setup: on a debug kernel, stop kmemleak's periodic scan (its
# reports would land in whichever test runs then) and start from a clean
# list: what boot leaves unreferenced is not ours.
kmemleak_setup() {
	local f=/sys/kernel/debug/kmemleak
	if [[ ! -e $f ]]; then
		mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null || true
	fi
	if [[ -e $f ]] && { echo scan=off >"$f"; } 2>/dev/null; then
		KMEMLEAK=$f
		kmemleak_scan
		kmemleak_do clear
		say "debug kernel: kmemleak on, checked after each test"
	else
		say "debug kernel: no kmemleak ($f): leaks are not looked for"
		echo "debug kernel without a working $f: no leak checks" >>"$RESULTS/notes"
	fi
}

# kmemleak_do WORD: write WORD to kmemleak's control file; never fails (the
# runner must not die if kmemleak turns itself off mid-run).
kmemleak_do() { { echo "$1" >"$KMEMLEAK"; } 2>/dev/null || true; }

# kmemleak_scan: two scans, the object minimum age apart: an object is listed
# when unreferenced in the second (a pointer in flight in the first is no leak).
kmemleak_scan() {
	local t0=$SECONDS
	kmemleak_do scan
	if [[ $((SECONDS - t0)) -lt $KMEMLEAK_AGE ]]; then
		nap $((KMEMLEAK_AGE - (SECONDS - t0)))
	fi
	kmemleak_do scan
}

# kmemleak_check NAME: after the test and the unload, writes kmemleak's list
# to $RESULTS/NAME.kmemleak and prints the failure reason if it lists anything.
# Frames in vrrp's old code (unloaded: printed as bare addresses) are named
# "vrrp+OFFSET" (from the start of its .text).
kmemleak_check() {
	local out=$RESULTS/$1.kmemleak list line addr n=0 vrrp=0 first='' why='' bt
	local text=${VRRP_TEXT% *} size=${VRRP_TEXT#* }
	local -a frames=()
	# One scan, once what the unload freed or allocated is old enough to be
	# reported; a second one only to confirm what the first lists (a pointer
	# in flight is no leak). A scan of the emulated debug guest takes seconds.
	if [[ $((SECONDS - T_UNLOADED)) -lt $KMEMLEAK_AGE ]]; then
		nap $((KMEMLEAK_AGE - (SECONDS - T_UNLOADED)))
	fi
	kmemleak_do scan
	list=$(<"$KMEMLEAK") || { echo "kmemleak: cannot read $KMEMLEAK"; return 0; }
	if [[ -n $list ]]; then
		kmemleak_do scan
		list=$(<"$KMEMLEAK") || { echo "kmemleak: cannot read $KMEMLEAK"; return 0; }
	fi
	kmemleak_do clear
	[[ -n $list ]] || return 0
	{
		echo "# vrrp .text at $text, $size bytes"
		echo "$list"
	} >"$out"
	while IFS= read -r line; do
		if [[ $line == "unreferenced object"* ]]; then
			n=$((n + 1))
			[[ -z $first ]] || continue
			first=${line%:}
		elif [[ $n == 1 && $line =~ ^\ *(comm\ \"[^\"]*\") ]]; then
			first+=" ${BASH_REMATCH[1]}"
		elif [[ $line =~ \[\<([0-9a-f]+)\>\]\ (.*)$ ]]; then
			addr=0x${BASH_REMATCH[1]}
			line=${BASH_REMATCH[2]}
			if [[ $line == *'[vrrp]'* ]]; then
				vrrp=1
			elif [[ -n $text && $line == 0x* ]] &&
				((addr >= text && addr < text + size)); then
				vrrp=1
				line=$(printf 'vrrp+0x%x' $((addr - text)))
			fi
			if [[ $n == 1 && ${#frames[@]} -lt 6 ]]; then
				frames+=("$line")
			fi
		fi
	done <<<"$list"
	if [[ $vrrp == 1 ]]; then
		why=", vrrp in a backtrace"
	fi
	bt=$(printf ' < %s' "${frames[@]}")
	echo "kmemleak: $n unreferenced object(s)$why, see $1.kmemleak; first: $first, from ${bt# < }"
}

# note_vrrp_text: where vrrp's code is, for kmemleak_check.
note_vrrp_text() {
	local text size
	VRRP_TEXT=
	module_loaded || return 0
	read -r text </sys/module/vrrp/sections/.text 2>/dev/null || return 0
	read -r size </sys/module/vrrp/coresize 2>/dev/null || return 0
	VRRP_TEXT="$text $size"
}

setup() {
	export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 TERM=${TERM:-linux}
	export VRRP_KO VRRPCTL SRCDIR KVER
	hostname vrrp-vm
	ip link set lo up
	RESULTS=$(cmdline_arg vrrpvm.results)
	if [[ -f $RESULTS/config ]]; then
		# shellcheck source=/dev/null # written by run.sh: VM_NO_MODULE=...
		. "$RESULTS/config"
	fi
	if [[ $VM_INSTALLED == 1 ]]; then
		VRRPCTL=/usr/sbin/vrrpctl
		VRRP_KO=$(modinfo -n vrrp 2>/dev/null || echo "/lib/modules/$KVER/updates/dkms/vrrp.ko (not installed)")
	fi
	mkfifo /run/vm.nap
	exec {NAP_FD}<>/run/vm.nap
	DEBUG=$(cmdline_arg vrrpvm.debug)
	DEBUG=${DEBUG:-0}
	if [[ $DEBUG == 1 ]]; then
		kmemleak_setup
	fi
	local up
	read -r up _ </proc/uptime
	echo "$up" >"$RESULTS/booted"
	say "runner up after ${up}s of kernel uptime"
}

module_loaded() { [[ -d /sys/module/vrrp ]]; }

# unload_module: rmmod vrrp if loaded; a few tries, references may be dropping.
unload_module() {
	local i
	for i in 1 2 3 4 5; do
		module_loaded || return 0
		rmmod vrrp 2>/dev/null && return 0
		nap "$i"
	done
	rmmod vrrp
}

# load_module: insmod vrrp.ko (modprobe with VM_INSTALLED=1) for a test; fails only when it should load.
load_module() {
	if [[ $VM_INSTALLED == 1 ]]; then
		modprobe vrrp dyndbg=+p
		return
	fi
	if [[ ! -f $VRRP_KO && $VM_NO_MODULE == 1 ]]; then
		echo "vm: VM_NO_MODULE=1 and no $VRRP_KO: not loading vrrp"
		return 0
	fi
	insmod "$VRRP_KO" dyndbg=+p
}

# Every program started costs a good fraction of a second in an emulated CPU,
# so what runs around each test sticks to shell builtins where it can.

# nap SECONDS: sleep without starting a process (reads a FIFO nobody writes).
nap() { read -r -t "$1" -u "$NAP_FD" _ || true; }

# links: interfaces of the initial netns, one a line.
links() {
	local l
	for l in /sys/class/net/*; do
		echo "${l##*/}"
	done
}

# leftover_procs: "comm(pid)" of every userspace process but PID 1.
leftover_procs() {
	local p arg0 comm
	for p in /proc/[0-9]*; do
		p=${p#/proc/}
		[[ $p == 1 || $p == "$BASHPID" ]] && continue
		arg0=
		read -r -d '' arg0 <"/proc/$p/cmdline" 2>/dev/null || true
		[[ -n $arg0 ]] || continue	# kernel thread or zombie
		read -r comm <"/proc/$p/comm" 2>/dev/null || continue
		echo "$comm($p)"
	done
}

# cleanup_leftovers LINKS: kill what the test left running, delete its netns
# and the interfaces of the initial netns that are not in LINKS (from before).
cleanup_leftovers() {
	local before=$'\n'$1$'\n' procs link
	local -a netns=(/run/netns/*)
	procs=$(leftover_procs)
	if [[ -n $procs ]]; then
		echo "vm: killing leftover processes: ${procs//$'\n'/ }"
		kill -KILL -1 2>/dev/null || true
	fi
	if [[ -e ${netns[0]} ]]; then
		echo "vm: deleting leftover netns: ${netns[*]##*/}"
		ip -all netns delete || true
	fi
	for link in $(links); do
		if [[ $before != *$'\n'$link$'\n'* ]]; then
			echo "vm: deleting leftover link $link"
			ip link del "$link" 2>/dev/null || true
		fi
	done
}

# check_kernel_log MARK KMSG: writes the kernel (not userspace) log lines
# printed after MARK to KMSG, and prints why they fail the test, if they do:
# lifecycle lines that do not pair up, or a kernel report (KERNEL_REPORTS).
check_kernel_log() {
	dmesg -x | awk -v mark="$1" -v kmsg="$2" -v reports="$KERNEL_REPORTS" '
		found && /^kern *:/ {
			sub(/^kern *: *[a-z]* *: /, "")
			print > kmsg
			if (/vrrp: (instance|tracker|sync group) [^ ]+ (created|destroyed)$/)
				count[$(NF - 2) " " $(NF - 1)] += $NF == "created" ? 1 : -1
			else if (bad == "" && $0 ~ reports)
				bad = $0
		}
		index($0, mark) { found = 1; printf "" > kmsg }
		END {
			for (n in count)
				if (count[n] != 0)
					leaks = leaks sprintf(" %s(%s%d)", n, (count[n] > 0 ? "+" : ""), count[n])
			if (leaks != "")
				print "leak, created minus destroyed:" leaks
			if (bad != "")
				print "kernel: " bad
		}'
}

# record NAME STATUS SECONDS REASON: publish a test's result to the host, in
# one write: the host takes the file once it ends with a newline.
record() {
	local name=$1 status=$2
	if [[ $status == FAIL ]]; then
		ALL_PASSED=0
	fi
	echo "$status $3 ${4:-}" >"$RESULTS/$name.result"
	say "$status $name (${3}s) ${4:-}"
}

# exit_reason RC TIMEOUT: the failure reason for a test's exit status.
exit_reason() {
	case "$1" in
	124 | 137) echo "timed out after $2 s" ;;
	*) echo "exit status $1" ;;
	esac
}

# dump_hang: what the processes of a test about to time out are doing.
dump_hang() {
	local p
	echo "vm: about to time out; processes, then their kernel stacks:"
	ps -N --ppid 2 -o pid,ppid,stat,wchan:32,etimes,args --forest
	for p in $(ps -N --ppid 2 -o pid=); do
		if [[ $p != 1 && $p != 2 && -r /proc/$p/stack ]]; then
			echo "--- $p $(<"/proc/$p/comm")"
			cat "/proc/$p/stack"
		fi
	done
}

# watch_test PID DUMP_AT FILE: wait for the test PID (under timeout) to end,
# writing dump_hang to FILE if it still runs at second DUMP_AT.
# Returns the test's exit status.
watch_test() {
	local pid=$1 dump_at=$2 file=$3
	while kill -0 "$pid" 2>/dev/null; do
		if [[ $SECONDS -ge $dump_at ]]; then
			dump_hang >"$file" 2>&1 || true
			dump_at=$((SECONDS + 1000000))
		fi
		nap 0.2
	done
	wait "$pid"
}

# join_reasons REASON...: one line, "; " between reasons.
join_reasons() {
	local IFS=$'\x1f' joined
	joined="$*"
	echo "${joined//$'\x1f'/; }"
}

# run_test INDEX PATH: the whole life of one test, see the contract above.
run_test() {
	local idx=$1 path=$2 name log kmsg mark dir to rc=0 start secs status problems before
	local t0 t1 t2
	local -a reasons=()
	t0=${EPOCHREALTIME/./}
	name=${path##*/}
	name=${name%.sh}
	log=$RESULTS/$name.log
	kmsg=$RESULTS/$name.kmsg
	to=$(test_timeout "$path" "$DEBUG")
	say "[$idx] $name (timeout ${to}s)"

	if ! unload_module >"$log" 2>&1; then
		record "$name" FAIL 0 "vrrp was loaded before the test and rmmod failed"
		return 0
	fi
	mark="vrrp-vm: begin #$idx $name"
	echo "<14>$mark" >/dev/kmsg
	if [[ -n $KMEMLEAK ]]; then
		kmemleak_do clear
	fi
	if ! load_module >>"$log" 2>&1; then
		check_kernel_log "$mark" "$kmsg" >/dev/null
		record "$name" FAIL 0 "insmod $VRRP_KO failed"
		return 0
	fi

	if [[ -n $KMEMLEAK ]]; then
		note_vrrp_text
	fi
	before=$(links)
	dir=/tmp/vm-test.$idx.$name
	mkdir -p "$dir" "$RESULTS/$name.d"
	start=$SECONDS
	t1=${EPOCHREALTIME/./}
	(
		cd "$dir"
		export VM_ARTIFACTS=$RESULTS/$name.d
		exec timeout -k 10 "$to" bash "$path"
	) >>"$log" 2>&1 </dev/null &
	watch_test $! $((start + to - 5)) "$RESULTS/$name.hang" || rc=$?
	secs=$((SECONDS - start))
	t2=${EPOCHREALTIME/./}

	cleanup_leftovers "$before" >>"$log" 2>&1
	case "$rc" in
	0) status=ok ;;
	77) status=SKIP ;;
	*) status=FAIL; reasons+=("$(exit_reason "$rc" "$to")") ;;
	esac
	if ! unload_module >>"$log" 2>&1; then
		reasons+=("rmmod vrrp failed after the test")
	fi
	if [[ -n $KMEMLEAK ]]; then
		T_UNLOADED=$SECONDS
		problems=$(kmemleak_check "$name")
		if [[ -n $problems ]]; then
			reasons+=("$problems")
		fi
	fi
	problems=$(check_kernel_log "$mark" "$kmsg")
	if [[ -n $problems ]]; then
		mapfile -t -O "${#reasons[@]}" reasons <<<"$problems"
	fi
	rm -rf "$dir"
	rmdir --ignore-fail-on-non-empty "$RESULTS/$name.d"

	if [[ ${#reasons[@]} -gt 0 ]]; then
		status=FAIL
	fi
	record "$name" "$status" "$secs" "$(join_reasons "${reasons[@]}")"
	echo "$name $(((t1 - t0) / 1000)) $(((t2 - t1) / 1000)) $(((${EPOCHREALTIME/./} - t2) / 1000))" \
		>>"$RESULTS/times"
}

run_tests() {
	local idx=0 path
	while read -r path; do
		[[ -n $path ]] || continue
		idx=$((idx + 1))
		run_test "$idx" "$path"
	done <"$RESULTS/tests"
}

# shell: an interactive root shell on the console, module loaded.
shell() {
	local rc=/run/vm.bashrc size
	size=$(cmdline_arg vrrpvm.tty)
	if [[ -n $size ]]; then
		stty -F /dev/ttyS0 rows "${size%x*}" cols "${size#*x}" || true
	fi
	load_module || say "insmod $VRRP_KO failed"
	cat >"$rc" <<-EOF
		[ -f /etc/bash.bashrc ] && . /etc/bash.bashrc
		PS1='vm:\w# '
		cd "$SRCDIR"
		echo "kernel $KVER; VRRP_KO, VRRPCTL, SRCDIR, KVER are set; exit or Ctrl-D powers off"
	EOF
	setsid -c -w bash --rcfile "$rc" -i </dev/ttyS0 >/dev/ttyS0 2>&1 || true
}

main() {
	trap 'say "runner died at line $LINENO"; power_off crashed' EXIT
	setup
	case "$(cmdline_arg vrrpvm.mode)" in
	shell) shell ;;
	*) run_tests ;;
	esac
	if [[ $ALL_PASSED == 1 ]]; then
		power_off success
	else
		power_off failed
	fi
}

main "$@"
