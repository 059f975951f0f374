#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 600
#
# takeover.sh - benchmark: how long a backup takes to announce itself as the
# new master, every time taken from a packet capture on the backup's link
# (tcpdump; read back with tshark by pcapstats.py next to this file). Not a
# pass/fail test: it exits 0 whenever the measurement could be made, whatever
# the numbers; 77 when it cannot run here (no module, tcpdump or tshark).
#
#                 netns br: bridge br0
#             p1 +----------+ p2
#                |          |
#            r1 eth0     r2 eth0 (tcpdump here)
#            10.0.0.1    10.0.0.2
#            prio 250    prio 240 or 200     instance VI_1: vrid 51,
#                                            advert 10ms, VIP 10.0.0.100/24
#
# Runs, BENCH_TRIALS trials each (default 30):
#   prio0-240, prio0-200  r1 resigns: its instance is deleted and sends
#       priority 0. takeover = t_garp - t_prio0. RFC 9568 has r2 wait
#       Skew_Time = (256 - prio) * Advert / 256 (625 us at 240, 2187.5 us
#       at 200): decision-to-GARP = takeover - Skew_Time.
#   silent-240  r1 dies silently: its bridge port p1 goes down, so nothing it
#       sends reaches the LAN. takeover = t_garp - t_last (the last advert r2
#       heard from r1); decision-to-GARP = takeover - (3 * Advert + Skew_Time).
#   GARP-to-advert = t_adv - t_garp for every run (signed: the new master's
#   first advert may go out before or after its gratuitous ARPs).
# A trial ends when r2 is master and its counters show the GARPs and an
# advert sent; then r1 is restored (instance re-added, or port up), preempts,
# and the next trial starts.
#
# One tcpdump per run covers all its trials (in the emulated guest a tcpdump
# takes a second to start and another to stop). The script notes three
# wall-clock instants per trial: before the cut (or delete), when that
# command has returned, and when r1 is master again; pcapstats.py uses them
# only to tell which packets belong to which trial and phase (for a silent
# master, t_last is its last advert before the cut command returned: an
# advert that came late is not mistaken for the end).
#
# Output: one table per run on stdout; everything, with per-trial values, in
# $VM_ARTIFACTS/takeover.json; the captures in $VM_ARTIFACTS/takeover.d/.
# Run: make vm KVER=... TESTS=selftests/bench/takeover.sh (selftests/vm/).
# The guest is emulated and the host shared: compare numbers of one run, not
# across machines (DESIGN.md, "Measuring time").

set -euo pipefail
export LC_ALL=C

TRIALS=${BENCH_TRIALS:-30}
BUDGET_S=${BENCH_BUDGET_S:-420}	# trials stop early past this (timeout 600)
ADVERT_CS=1			# 10 ms
VRID=51
VIP=10.0.0.100
R1_PRIO=250
IP=/sbin/ip
SRCDIR=${SRCDIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
VRRPCTL=${VRRPCTL:-$SRCDIR/tools/vrrpctl/vrrpctl}
PCAPSTATS=$SRCDIR/selftests/bench/pcapstats.py
OUT=${VM_ARTIFACTS:-$PWD}	# takeover.json, takeover.d/
WORK=				# captures while running: tmpfs, not the results share
NETNS=(r1 r2 br)		# deleted at exit, routers first
CAP_PID=
TS_ARGS=()			# tcpdump time stamp options
METAS=()			# one description per run, for pcapstats.py
SLEEP_FD=

# --- helpers ------------------------------------------------------------------
# Every process costs ~0.2 s in the emulated guest: the helpers below use
# bash builtins where they can (EPOCHREALTIME, regex matching, read -t).

log() { printf '%s\n' "$*"; }
step() { printf '\n### %s\n' "$*"; }
die() { printf 'takeover: %s\n' "$*" >&2; exit 1; }
skip() { printf 'SKIP: takeover: %s\n' "$*"; exit 77; }
# run CMD...: print a command, then run it.
run() { printf '+ %s\n' "$*"; "$@"; }
# now_us: microseconds since the epoch into NOW_US.
now_us() { NOW_US=${EPOCHREALTIME/./}; }
# nap SECONDS: sleep without a process (read on a FIFO nobody writes).
nap() { read -r -t "$1" -u "$SLEEP_FD" || true; }

# vctl NS ARGS...: vrrpctl in netns NS, printed.
vctl() { local ns=$1; shift; run "$VRRPCTL" -n "$ns" "$@"; }

# show NS: read state and counters of VI_1 in NS (`vrrpctl -j show VI_1`,
# compact JSON) into S_STATE, S_GARPS, S_ADVERTS; S_STATE is empty when the
# instance is missing.
show() {
	local j
	j=$("$VRRPCTL" -n "$1" -j show VI_1 2>/dev/null) || j=
	S_STATE='' S_GARPS=0 S_ADVERTS=0
	[[ $j =~ \"state\":\"([a-z]+)\" ]] && S_STATE=${BASH_REMATCH[1]}
	[[ $j =~ \"sent_garps\":([0-9]+) ]] && S_GARPS=${BASH_REMATCH[1]}
	[[ $j =~ \"sent_adverts\":([0-9]+) ]] && S_ADVERTS=${BASH_REMATCH[1]}
	true
}
is_state() { show "$1"; [[ $S_STATE == "$2" ]]; }

# wait_for TIMEOUT_S DESCRIPTION CMD...: poll CMD (run in this shell) until
# it succeeds; fail the run after TIMEOUT_S.
wait_for() {
	local timeout=$1 desc=$2 deadline; shift 2
	now_us
	deadline=$(( NOW_US + timeout * 1000000 ))
	until "$@"; do
		now_us
		(( NOW_US < deadline )) || die "timeout after ${timeout}s: $desc (last state seen: '$S_STATE')"
		nap 0.02
	done
}
wait_steady() {
	wait_for 10 "r1 becomes master" is_state r1 master
	wait_for 10 "r2 becomes backup" is_state r2 backup
}

cleanup() {
	local rc=$? ns
	set +e
	trap - EXIT
	if [[ -n $CAP_PID ]]; then
		kill "$CAP_PID" 2>/dev/null
		wait "$CAP_PID" 2>/dev/null
	fi
	for ns in "${NETNS[@]}"; do
		"$IP" netns del "$ns" 2>/dev/null
	done
	if [[ -n $WORK ]]; then
		mkdir -p "$OUT/takeover.d"
		cp "$WORK"/*.pcap "$WORK"/*.log "$WORK"/*.marks "$WORK"/*.meta "$OUT/takeover.d/" 2>/dev/null
		rm -rf "$WORK"
	fi
	exit "$rc"
}
trap cleanup EXIT

# --- topology and instances ---------------------------------------------------

setup() {
	local i ns
	step "topology: br0 in netns br; r1, r2 eth0 on its ports p1, p2"
	run "$IP" netns add br
	"$IP" netns exec br sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	run "$IP" -n br link add br0 type bridge mcast_snooping 0 stp_state 0 forward_delay 0
	run "$IP" -n br link set br0 up
	for i in 1 2; do
		ns=r$i
		run "$IP" netns add "$ns"
		"$IP" netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1
		run "$IP" -n br link add "p$i" type veth peer name eth0 netns "$ns"
		run "$IP" -n br link set "p$i" master br0 up
		run "$IP" -n "$ns" link set lo up
		run "$IP" -n "$ns" addr add "10.0.0.$i/24" dev eth0
		run "$IP" -n "$ns" link set eth0 up
	done
	R2_MAC=$("$IP" netns exec r2 cat /sys/class/net/eth0/address)

	# Nanosecond stamps, from the device's clock where it has one (veth: no).
	if "$IP" netns exec r2 tcpdump -J -i eth0 2>/dev/null | grep -qw adapter_unsynced; then
		TS_ARGS=(--time-stamp-precision=nano -j adapter_unsynced)
	else
		TS_ARGS=(--time-stamp-precision=nano)
	fi
	log "tcpdump time stamps: ${TS_ARGS[*]} (r2 eth0: $("$IP" netns exec r2 \
		tcpdump -J -i eth0 2>&1 | tail -n +2 | tr -s ' \n' ' '))"
}

# add NS PRIO: create VI_1 in NS.
add() {
	vctl "$1" instance add VI_1 dev eth0 vrid $VRID prio "$2" \
		advert $((ADVERT_CS * 10))ms vip $VIP/24
}
# instances BACKUP_PRIO: (re)create both, r1 first so that it is the master.
instances() {
	"$VRRPCTL" -n r1 instance del VI_1 2>/dev/null || true
	"$VRRPCTL" -n r2 instance del VI_1 2>/dev/null || true
	add r1 $R1_PRIO
	wait_for 10 "r1 becomes master" is_state r1 master
	add r2 "$1"
	wait_steady
}

# --- capture --------------------------------------------------------------------

# capture_start FILE: tcpdump on r2's eth0 into FILE, VRRP and ARP only.
capture_start() {
	printf '+ [r2] tcpdump -i eth0 %s --immediate-mode -U -n -s 0 -Z root -w %s %s &\n' \
		"${TS_ARGS[*]}" "$1" "'ip proto 112 or arp'"
	"$IP" netns exec r2 tcpdump -i eth0 "${TS_ARGS[@]}" --immediate-mode -U -n -s 0 -Z root \
		-w "$1" 'ip proto 112 or arp' 2>"$1.log" &
	CAP_PID=$!
	wait_for 10 "tcpdump listening" grep -q "listening on" "$1.log"
}
capture_stop() {
	nap 0.5		# the last trial's frames: from the ring to the file
	kill "$CAP_PID"
	wait "$CAP_PID" 2>/dev/null || true
	CAP_PID=
	tail -n 3 "$1.log"
}

# --- trials -----------------------------------------------------------------------

r2_took_over() {
	show r2
	[[ $S_STATE == master ]] && (( S_GARPS > GARPS0 && S_ADVERTS > ADVERTS0 ))
}

# trial KIND: r1 goes away (KIND prio0 or silent), r2 takes over, r1 returns.
trial() {
	local kind=$1 t_start t_cut
	show r2
	GARPS0=$S_GARPS ADVERTS0=$S_ADVERTS
	t_start=$EPOCHREALTIME
	if [[ $kind == prio0 ]]; then
		"$VRRPCTL" -n r1 instance del VI_1
	else
		"$IP" -n br link set p1 down
	fi
	t_cut=$EPOCHREALTIME
	wait_for 5 "r2 master, GARPs and an advert sent" r2_took_over
	if [[ $kind == prio0 ]]; then
		"$VRRPCTL" -n r1 instance add VI_1 dev eth0 vrid $VRID prio $R1_PRIO \
			advert $((ADVERT_CS * 10))ms vip $VIP/24
	else
		"$IP" -n br link set p1 up
	fi
	wait_steady
	printf '%s %s %s\n' "$t_start" "$t_cut" "$EPOCHREALTIME" >>"$MARKS"
}

# bench NAME KIND BACKUP_PRIO: up to TRIALS trials under one capture.
bench() {
	local name=$1 kind=$2 prio=$3 pcap=$WORK/$1.pcap i t0 budget_us
	MARKS=$WORK/$name.marks
	step "$name: $TRIALS trials, r2 prio $prio, advert $((ADVERT_CS * 10)) ms"
	instances "$prio"
	capture_start "$pcap"
	if [[ $kind == prio0 ]]; then
		log "per trial: vrrpctl -n r1 instance del VI_1; ... vrrpctl -n r1 instance add VI_1 ..."
	else
		log "per trial: ip -n br link set p1 down; ... ip -n br link set p1 up"
	fi
	now_us
	t0=$NOW_US
	budget_us=$(( (BUDGET_S * 1000000 - (t0 - START_US)) / RUNS_LEFT ))
	for ((i = 1; i <= TRIALS; i++)); do
		trial "$kind"
		printf '.'
		now_us
		if (( i < TRIALS && NOW_US - t0 > budget_us )); then
			printf '\nout of time: %d of %d trials\n' "$i" "$TRIALS"
			break
		fi
	done
	printf '\n%d trials in %d ms\n' "$(wc -l <"$MARKS")" $(( (NOW_US - t0) / 1000 ))
	capture_stop "$pcap"
	printf '%s\n' "name=$name" "kind=$kind" "backup_prio=$prio" "advert_cs=$ADVERT_CS" \
		"master=10.0.0.1" "backup=10.0.0.2" "backup_mac=$R2_MAC" "vip=$VIP" \
		"pcap=$name.pcap" "marks=$name.marks" >"$WORK/$name.meta"
	METAS+=("$WORK/$name.meta")
	RUNS_LEFT=$(( RUNS_LEFT - 1 ))
}

# --- main ----------------------------------------------------------------------------

[[ $(id -u) == 0 ]] || skip "must run as root"
[[ -d /sys/module/vrrp ]] || skip "vrrp.ko is not loaded"
[[ -x $VRRPCTL ]] || skip "no vrrpctl at $VRRPCTL"
for c in tcpdump tshark mergecap python3; do
	command -v "$c" >/dev/null || skip "missing $c"
done
[[ $TRIALS =~ ^[1-9][0-9]*$ ]] || die "BENCH_TRIALS must be a positive number: $TRIALS"
now_us
START_US=$NOW_US
RUNS_LEFT=3
WORK=$(mktemp -d /tmp/takeover.XXXXXX)
mkfifo "$WORK/sleep.fifo"
exec {SLEEP_FD}<>"$WORK/sleep.fifo"
log "kernel $(uname -r); $TRIALS trials per run; captures: $OUT/takeover.d/"

setup
bench prio0-240 prio0 240
bench prio0-200 prio0 200
bench silent-240 silent 240
vctl r1 instance del VI_1
vctl r2 instance del VI_1

step "results (times from the captures)"
run python3 "$PCAPSTATS" --kernel "$(uname -r)" --json "$OUT/takeover.json" "${METAS[@]}"
