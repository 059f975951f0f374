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
#     - Tests run in one VM per kernel, as root, with "bash SCRIPT" (the
#       executable bit and #! line do not matter), stdin from /dev/null, and
#       the current directory a fresh, empty, writable one; each in a cgroup
#       and a mount namespace of its own, with a fresh tmpfs on /run (so its
#       /run/netns is its own: see sandbox.sh).
#     - Side by side: up to $VM_JOBS tests run at the same time (run.sh; 1 on a
#       debug kernel), sharing the loaded module, the kernel log and the
#       initial netns. Their named netns cannot meet (own /run/netns), so a
#       test that stays in the netns it creates needs nothing special. A test
#       whose header says "# parallel: no" runs alone, before the others, with
#       the module loaded for it and unloaded after it: one that loads or
#       unloads the module, uses the initial netns, changes global sysctls,
#       floods the CPU, or measures what neighbours would disturb.
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
#     - The test starts with vrrp loaded ("insmod $VRRP_KO dyndbg=+p"): for a
#       test run alone, loaded for it; for the tests side by side, loaded once
#       before the first of them and unloaded after the last.
#     - A test run alone may rmmod and insmod it itself; pass dyndbg=+p when
#       loading so the lifecycle lines below are printed. Leaving it unloaded
#       is fine.
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
#     - After the test: leftover named netns are deleted (sandbox.sh), then
#       the runner kills every process left in the test's cgroup, deletes
#       leftover interfaces of the initial netns (all noted in the log, not a
#       failure by itself), and unloads vrrp if loaded: failing to unload
#       fails the test. For tests side by side, the interfaces and the unload
#       are checked once the last of them has ended, and a problem found then
#       fails all of them.
#     - On a debug kernel it then looks for leaks with kmemleak (cleared
#       before the test, scanned once the unload is older than kmemleak's
#       minimum object age, and again to confirm what that scan lists): any
#       unreferenced object fails the test; the report is kept in
#       $RESULTS/<test>.kmemleak.
#     - Then it checks the kernel log lines printed since the test started
#       (kept in $RESULTS/<test>.kmsg; for tests side by side, those printed
#       while it ran, its neighbours' lines included, and the lifecycle counts
#       below over the whole group, in $RESULTS/parallel.kmsg): the test
#       fails when the counts of
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
#       and "<test> SETUP_MS TEST_MS TEARDOWN_MS CPU_MS" is added to
#       $RESULTS/times (CPU_MS: what the test's processes used, cgroup cpu.stat).
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
JOBS=1			# tests side by side (VM_JOBS from run.sh; 1 on a debug kernel)
CG_ROOT=/sys/fs/cgroup	# cgroup2 (mounted by init): a cgroup t<IDX> per test
TMP_KMSG=/run/vm.kmsg	# scratch for check_kernel_log

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

# hold_static_keys: keep on, for the whole run, the static keys of the receive
# path that tests would flip all the time. A flip patches kernel text with
# int3 while the other vCPU may run it, and under emulation (MTTCG) that
# ended in "Oops: int3" in __netif_receive_skb_core four times on 6.12: the
# timestamp key (every ping, tcpdump), the ingress key (clsact, netdev
# ingress hooks), tc_run's software filter key (flower on bridge ports) and netfilter's per-hook keys (vrrp.ko's hooks, which come
# and go with netns and vMAC instances). Nothing here tests static keys;
# selftests/scenario/vmac_churn.sh is the churn that showed it.
hold_static_keys() {
	tc qdisc add dev lo clsact 2>/dev/null || say "clsact on lo: not available"
	# a software filter: tc_run's key (flower filters on bridge ports)
	tc filter add dev lo ingress pref 1 protocol all matchall action ok 2>/dev/null ||
		say "tc filter on lo: not available"
	nft -f - <<-EOF || say "nft: the netfilter keys are not held"
	table netdev vrrpvm_hold {
		chain in { type filter hook ingress device "lo" priority 0; policy accept; }
	}
	table inet vrrpvm_hold {
		chain in { type filter hook input priority 0; policy accept; }
		chain out { type filter hook output priority 0; policy accept; }
	}
	table arp vrrpvm_hold {
		chain in { type filter hook input priority 0; policy accept; }
		chain out { type filter hook output priority 0; policy accept; }
	}
	EOF
	# shellcheck disable=SC2016 # python, not shell
	setsid python3 -c 'import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, 29, 1)  # SO_TIMESTAMP: not in the socket module
time.sleep(1 << 30)' </dev/null >/dev/null 2>&1 &
	sleep 0.5
	kill -0 $! 2>/dev/null || say "SO_TIMESTAMP holder died: the timestamp key is not held"
}

setup() {
	export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 TERM=${TERM:-linux}
	export VRRP_KO VRRPCTL SRCDIR KVER
	hostname vrrp-vm
	# the boot went to the console in full (lib.sh qemu_args); from here
	# on only notices and worse: the tests' own lines stay in the log
	dmesg -n 5
	ip link set lo up
	hold_static_keys
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
	JOBS=${VM_JOBS:-1}
	if [[ $DEBUG == 1 ]]; then
		# kmemleak is checked per test, and the debug guest is slow enough
		JOBS=1
		kmemleak_setup
	fi
	[[ -w $CG_ROOT/cgroup.procs ]] || mount -t cgroup2 cgroup2 "$CG_ROOT"
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

# cpu_ticks: "BUSY TOTAL" clock ticks of all CPUs since boot (/proc/stat;
# idle and iowait are not busy).
cpu_ticks() {
	local _cpu user nice sys idle iowait rest
	read -r _cpu user nice sys idle iowait rest </proc/stat
	local -a r
	read -ra r <<<"$rest"
	local other=0 x
	for x in "${r[@]}"; do other=$((other + x)); done
	echo "$((user + nice + sys + other)) $((user + nice + sys + idle + iowait + other))"
}

# links: interfaces of the initial netns, one a line.
links() {
	local l
	for l in /sys/class/net/*; do
		echo "${l##*/}"
	done
}

# cg_procs CG: "comm(pid)" of every process in cgroup CG.
cg_procs() {
	local p comm
	while read -r p; do
		read -r comm <"/proc/$p/comm" 2>/dev/null || continue
		echo "$comm($p)"
	done <"$CG_ROOT/$1/cgroup.procs"
}

# cg_new CG: an empty cgroup for one test.
cg_new() {
	if [[ -d $CG_ROOT/$1 ]]; then
		cg_kill "$1"
	fi
	mkdir "$CG_ROOT/$1"
}

# cg_kill CG: kill whatever is left in cgroup CG (noted), then remove it;
# CG_CPU_MS is then the CPU time its processes used, in ms (cpu.stat).
cg_kill() {
	local procs i
	CG_CPU_MS=$(awk '$1 == "usage_usec" { print int($2 / 1000) }' "$CG_ROOT/$1/cpu.stat" 2>/dev/null) ||
		CG_CPU_MS=
	procs=$(cg_procs "$1")
	if [[ -n $procs ]]; then
		echo "vm: killing leftover processes: ${procs//$'\n'/ }"
		echo 1 >"$CG_ROOT/$1/cgroup.kill"
		for i in {1..50}; do
			[[ -n $(<"$CG_ROOT/$1/cgroup.procs") ]] || break
			nap 0.2
		done
	fi
	rmdir "$CG_ROOT/$1" 2>/dev/null || echo "vm: cannot remove cgroup $1"
}

# cleanup_links LINKS: delete the interfaces of the initial netns that are
# not in LINKS (from before).
cleanup_links() {
	local before=$'\n'$1$'\n' link
	for link in $(links); do
		if [[ $before != *$'\n'$link$'\n'* ]]; then
			echo "vm: deleting leftover link $link"
			ip link del "$link" 2>/dev/null || true
		fi
	done
}

# check_kernel_log MARK KMSG [END]: writes the kernel (not userspace) log
# lines printed after MARK (and before END, if given) to KMSG, and prints why
# they fail the test, if they do: a kernel report (KERNEL_REPORTS) or, without
# END, lifecycle lines that do not pair up (with END, the window holds only a
# part of what its neighbours did: the pairs are counted over their group).
check_kernel_log() {
	dmesg -x | awk -v mark="$1" -v kmsg="$2" -v end="${3:-}" -v reports="$KERNEL_REPORTS" '
		found && end != "" && index($0, end) { found = 0; done = 1 }
		found && /^kern *:/ {
			sub(/^kern *: *[a-z]* *: /, "")
			print > kmsg
			if (/vrrp: (instance|tracker|sync group) [^ ]+ (created|destroyed)$/)
				count[$(NF - 2) " " $(NF - 1)] += $NF == "created" ? 1 : -1
			else if (bad == "" && $0 ~ reports)
				bad = $0
		}
		!done && index($0, mark) { found = 1; printf "" > kmsg }
		END {
			for (n in count)
				if (end == "" && count[n] != 0)
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

# dump_hang CG: what the processes of a test about to time out (cgroup CG)
# are doing.
dump_hang() {
	local p pids
	pids=$(tr '\n' ',' <"$CG_ROOT/$1/cgroup.procs")
	echo "vm: about to time out; processes, then their kernel stacks:"
	[[ -n $pids ]] || return 0
	ps -o pid,ppid,stat,wchan:32,etimes,args --forest -p "${pids%,}"
	for p in ${pids//,/ }; do
		if [[ -r /proc/$p/stack ]]; then
			echo "--- $p $(<"/proc/$p/comm")"
			cat "/proc/$p/stack"
		fi
	done
}

# join_reasons REASON...: one line, "; " between reasons.
join_reasons() {
	local IFS=$'\x1f' joined
	joined="$*"
	echo "${joined//$'\x1f'/; }"
}

# One test's life is cut in three: test_begin (names, log, kernel log mark),
# test_start (in the background, in cgroup t<IDX>, through sandbox.sh),
# test_end (reap, kill what is left, kernel log window); a test run alone
# gets the module loaded and unloaded around it (run_alone), tests side by
# side share one load (run_parallel). Per test, indexed by IDX:
declare -A T_NAME T_PATH T_TO T_PID T_START T_T0 T_T1 T_TEND T_DUMP T_RC T_REASONS T_SECS T_GROUP T_CPU

# test_begin IDX PATH: name, timeout, log; the kernel log mark.
test_begin() {
	local idx=$1 path=$2 name
	T_T0[$idx]=${EPOCHREALTIME/./}
	name=${path##*/}
	name=${name%.sh}
	T_NAME[$idx]=$name
	T_PATH[$idx]=$path
	T_TO[$idx]=$(test_timeout "$path" "$DEBUG")
	T_REASONS[$idx]=
	: >"$RESULTS/$name.log"
	say "[$idx] $name (timeout ${T_TO[$idx]}s)"
	echo "<14>vrrp-vm: begin #$idx $name" >/dev/kmsg
}

# test_start IDX: start the test in the background.
test_start() {
	local idx=$1 name=${T_NAME[$1]} dir
	dir=/tmp/vm-test.$idx.$name
	mkdir -p "$dir" "$RESULTS/$name.d"
	cg_new "t$idx"
	T_START[$idx]=$SECONDS
	T_DUMP[$idx]=$((SECONDS + T_TO[$idx] - 5))
	T_T1[$idx]=${EPOCHREALTIME/./}
	(
		echo "$BASHPID" >"$CG_ROOT/t$idx/cgroup.procs"
		cd "$dir"
		export VM_ARTIFACTS=$RESULTS/$name.d
		exec unshare --mount --propagation private bash "$VM_DIR/sandbox.sh" "${T_TO[$idx]}" "${T_PATH[$idx]}"
	) >>"$RESULTS/$name.log" 2>&1 </dev/null &
	T_PID[$idx]=$!
}

# test_running IDX: whether the test still runs; writes the hang dump once
# its timeout is 5 s away.
test_running() {
	local idx=$1
	kill -0 "${T_PID[$idx]}" 2>/dev/null || return 1
	if [[ $SECONDS -ge ${T_DUMP[$idx]} ]]; then
		dump_hang "t$idx" >"$RESULTS/${T_NAME[$idx]}.hang" 2>&1 || true
		T_DUMP[$idx]=$((SECONDS + 1000000))
	fi
}

# test_end IDX [END]: reap the ended test, kill what it left, look at the
# kernel log since its mark (and before END: see check_kernel_log); the
# test's failure reasons collect in T_REASONS, one a line.
test_end() {
	local idx=$1 name=${T_NAME[$1]} rc=0 problems
	wait "${T_PID[$idx]}" || rc=$?
	T_RC[$idx]=$rc
	T_SECS[$idx]=$((SECONDS - T_START[$idx]))
	T_T1[$idx]="${T_T1[$idx]} ${EPOCHREALTIME/./}"
	cg_kill "t$idx" >>"$RESULTS/$name.log" 2>&1
	T_CPU[$idx]=${CG_CPU_MS:-0}
	case "$rc" in
	0 | 77) ;;
	*) test_reason "$idx" "$(exit_reason "$rc" "${T_TO[$idx]}")" ;;
	esac
	if [[ -n ${2:-} ]]; then
		echo "<14>vrrp-vm: end #$idx $name" >/dev/kmsg
		problems=$(check_kernel_log "vrrp-vm: begin #$idx $name" "$RESULTS/$name.kmsg" \
			"vrrp-vm: end #$idx $name")
		test_reason "$idx" "$problems"
	fi
	rm -rf "/tmp/vm-test.$idx.$name"
	rmdir --ignore-fail-on-non-empty "$RESULTS/$name.d"
	T_TEND[$idx]=${EPOCHREALTIME/./}
}

# test_reason IDX REASON...: add failure reasons (empty ones are ignored).
test_reason() {
	local idx=$1 r
	shift
	for r in "$@"; do
		[[ -n $r ]] || continue
		T_REASONS[$idx]+="$r"$'\n'
	done
}

# test_record IDX: publish the result, and the times of the phases (a test
# run alone: teardown until now; side by side: until test_end).
test_record() {
	local idx=$1 status t1 t2 t3=${EPOCHREALTIME/./}
	local -a reasons=()
	case "${T_RC[$idx]}" in
	0) status=ok ;;
	77) status=SKIP ;;
	*) status=FAIL ;;
	esac
	mapfile -t reasons < <(printf '%s' "${T_REASONS[$idx]}")
	if [[ ${#reasons[@]} -gt 0 ]]; then
		status=FAIL
	fi
	record "${T_NAME[$idx]}" "$status" "${T_SECS[$idx]}" "$(join_reasons "${reasons[@]}")"
	read -r t1 t2 <<<"${T_T1[$idx]}"
	if [[ -n ${T_GROUP[$idx]:-} ]]; then
		t3=${T_TEND[$idx]}
	fi
	echo "${T_NAME[$idx]} $(((t1 - T_T0[$idx]) / 1000)) $(((t2 - t1) / 1000)) $(((t3 - t2) / 1000))" \
		"${T_CPU[$idx]:-0}" >>"$RESULTS/times"
}

# module_fresh LOG: unload vrrp if a test left it loaded, then load it; the
# failure reason, if any, is printed.
module_fresh() {
	if ! unload_module >>"$1" 2>&1; then
		echo "vrrp was loaded before the test and rmmod failed"
	elif ! load_module >>"$1" 2>&1; then
		echo "insmod $VRRP_KO failed"
	fi
}

# module_done LOG: unload vrrp after the test(s); on a debug kernel, then
# look for leaks (kmemleak_check NAME). Prints failure reasons.
module_done() {
	if ! unload_module >>"$1" 2>&1; then
		echo "rmmod vrrp failed after the test"
	fi
	if [[ -n $KMEMLEAK ]]; then
		T_UNLOADED=$SECONDS
		kmemleak_check "$2"
	fi
}

# run_alone IDX PATH: one test with nothing beside it, the module loaded for
# it alone (kmemleak cleared before it on a debug kernel).
run_alone() {
	local idx=$1 name problems before log
	test_begin "$idx" "$2"
	name=${T_NAME[$idx]}
	log=$RESULTS/$name.log
	if [[ -n $KMEMLEAK ]]; then
		kmemleak_do clear
	fi
	problems=$(module_fresh "$log")
	if [[ -n $problems ]]; then
		check_kernel_log "vrrp-vm: begin #$idx $name" "$RESULTS/$name.kmsg" >/dev/null
		record "$name" FAIL 0 "$problems"
		return 0
	fi
	if [[ -n $KMEMLEAK ]]; then
		note_vrrp_text
	fi
	before=$(links)
	test_start "$idx"
	while test_running "$idx"; do
		nap 0.2
	done
	test_end "$idx"
	cleanup_links "$before" >>"$log" 2>&1
	test_reason "$idx" "$(module_done "$log" "$name")"
	test_reason "$idx" "$(check_kernel_log "vrrp-vm: begin #$idx $name" "$RESULTS/$name.kmsg")"
	test_record "$idx"
}

# run_parallel IDX:PATH...: the tests side by side, at most JOBS at a time,
# in the order given; one module load for all of them. What is found after
# the last one ended (module unload, leftover links, lifecycle lines that do
# not pair up over the group: parallel.kmsg) fails every one of them.
run_parallel() {
	local mark="vrrp-vm: begin parallel group" log=$RESULTS/parallel.log before
	local idx item problems busy0 total0 busy1 total1 t0=$SECONDS
	local -a queue=("$@") running=() still all=()
	say "${#queue[@]} tests side by side, at most $JOBS at a time"
	read -r busy0 total0 < <(cpu_ticks)
	echo "<14>$mark" >/dev/kmsg
	: >"$log"
	problems=$(module_fresh "$log")
	if [[ -n $problems ]]; then
		for item in "${queue[@]}"; do
			test_begin "${item%%:*}" "${item#*:}"
			record "${T_NAME[${item%%:*}]}" FAIL 0 "$problems (group start)"
		done
		return 0
	fi
	echo "<14>$mark: loaded" >/dev/kmsg
	before=$(links)
	while [[ ${#queue[@]} -gt 0 || ${#running[@]} -gt 0 ]]; do
		if [[ ${#queue[@]} -gt 0 && ${#running[@]} -lt $JOBS ]]; then
			item=${queue[0]}
			queue=("${queue[@]:1}")
			idx=${item%%:*}
			test_begin "$idx" "${item#*:}"
			T_GROUP[$idx]=1
			test_start "$idx"
			running+=("$idx")
			all+=("$idx")
			continue
		fi
		nap 0.2
		still=()
		for idx in "${running[@]}"; do
			if test_running "$idx"; then
				still+=("$idx")
			else
				test_end "$idx" end
				say "ended ${T_NAME[$idx]} (${T_SECS[$idx]}s), its result once the group ends"
			fi
		done
		running=("${still[@]}")
	done
	echo "<14>$mark: done" >/dev/kmsg
	# how busy the guest's CPUs were while the group ran (run.sh prints it)
	read -r busy1 total1 < <(cpu_ticks)
	echo "${#all[@]} $JOBS $((SECONDS - t0)) $(( (busy1 - busy0) * 100 / (total1 - total0 + 1) ))" \
		>"$RESULTS/group"
	cleanup_links "$before" >>"$log" 2>&1
	problems=$(module_done "$log" parallel)
	# kernel reports of the load and of the unload (those while the tests
	# ran went to the tests whose windows they fell in), and lifecycle
	# lines that do not pair up over the whole group
	problems+=$'\n'$(check_kernel_log "$mark" "$TMP_KMSG" "$mark: loaded" | grep '^kernel:' || true)
	problems+=$'\n'$(check_kernel_log "$mark: done" "$TMP_KMSG" | grep '^kernel:' || true)
	problems+=$'\n'$(check_kernel_log "$mark" "$RESULTS/parallel.kmsg" | grep '^leak' || true)
	rm -f "$TMP_KMSG"
	for idx in "${all[@]}"; do
		while IFS= read -r item; do
			test_reason "$idx" "${item:+group: $item (see parallel.log, parallel.kmsg)}"
		done <<<"$problems"
		test_record "$idx"
	done
	if [[ ! -s $log ]]; then
		rm -f "$log"
	fi
}

# run_tests: the tests whose header says "# parallel: no" (or all of them,
# with JOBS=1), each alone, in the order given; then the others side by side,
# those with the longest timeout first (a rough guess of the longest run, so
# that no long test starts last).
run_tests() {
	local idx=0 path
	local -a par=()
	while read -r path; do
		[[ -n $path ]] || continue
		idx=$((idx + 1))
		test_header "$path"
		if [[ $JOBS -gt 1 && $HDR_PARALLEL == 1 ]]; then
			par+=("$HDR_TIMEOUT:$idx:$path")
		else
			run_alone "$idx" "$path"
		fi
	done <"$RESULTS/tests"
	if [[ ${#par[@]} -gt 0 ]]; then
		mapfile -t par < <(printf '%s\n' "${par[@]}" | sort -t: -k1,1nr -k2,2n | cut -d: -f2-)
		run_parallel "${par[@]}"
	fi
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
