# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for the benchmarks in selftests/bench/ (sourced, guest side). The
# scripts only set up, act and record: packet captures, /proc snapshots,
# wall-clock marks that tell trials apart and key=value .meta files. All the
# arithmetic happens on the host afterwards (report.py, pcapstats.py), where
# tshark and python do not run on an emulated CPU.
#
#   output      log step run die skip
#   time        now_us (NOW_US), nap SECONDS (no process), wait_for SECS DESC CMD
#   topology    lan_setup NS... (bridge br0 in netns br, NS eth0 = 10.0.0.N/24)
#   capture     capture_start NS DEV FILE FILTER, capture_stop
#   vrrp.ko     vctl NS ARGS, vstate NS NAME (into S_STATE), has_vip NS ADDR
#   keepalived  ka_start NS ID CONF [CPU], ka_stop ID, KA_DIR, KA_PID[ID]
#   records     meta FILE KEY=VALUE..., param NAME DEFAULT
#
# Parameters: the host (selftests/bench/run.sh) writes build/bench/params
# (BENCH_QUICK=1 ...); it is read here, and the environment wins over it.

set -euo pipefail
export LC_ALL=C

SRCDIR=${SRCDIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
VRRPCTL=${VRRPCTL:-$SRCDIR/tools/vrrpctl/vrrpctl}
IP=/sbin/ip
[[ -x $IP ]] || IP=$(command -v ip)
BENCH=$(basename "$0" .sh)
OUT=${VM_ARTIFACTS:-$PWD/$BENCH.out}	# what the host report reads
WORK=$(mktemp -d "/tmp/bench-$BENCH.XXXXXX")	# tmpfs while running
NETNS=()
BG_PIDS=()
CAP_PID=
declare -A KA_PID

if [[ -f $SRCDIR/build/bench/params ]]; then
	while IFS='=' read -r k v; do
		[[ $k =~ ^BENCH_[A-Z_]+$ && -z ${!k:-} ]] && export "$k=$v"
	done <"$SRCDIR/build/bench/params"
fi
QUICK=${BENCH_QUICK:-0}

# param NAME FULL QUICK: FULL, or QUICK when BENCH_QUICK=1; BENCH_NAME wins.
param() {
	local v="BENCH_$1"
	if [[ -n ${!v:-} ]]; then
		echo "${!v}"
	elif [[ $QUICK == 1 ]]; then
		echo "$3"
	else
		echo "$2"
	fi
}

log() { printf '%s\n' "$*"; }
step() { printf '\n### %s\n' "$*"; }
die() { printf '%s: %s\n' "$BENCH" "$*" >&2; exit 1; }
skip() { printf 'SKIP: %s: %s\n' "$BENCH" "$*"; exit 77; }
run() { printf '+ %s\n' "$*"; "$@"; }

# Every process costs tens of ms in the emulated guest: builtins where we can.
now_us() { NOW_US=${EPOCHREALTIME/./}; }
mkfifo "$WORK/nap.fifo"
exec {NAP_FD}<>"$WORK/nap.fifo"
nap() { read -r -t "$1" -u "$NAP_FD" || true; }

# wait_for TIMEOUT_S DESCRIPTION CMD...: poll CMD (in this shell) until it
# succeeds. For sequencing only: no time is ever measured by polling.
wait_for() {
	local timeout=$1 desc=$2 deadline
	shift 2
	now_us
	deadline=$((NOW_US + timeout * 1000000))
	until "$@"; do
		now_us
		((NOW_US < deadline)) || die "timeout after ${timeout}s: $desc"
		nap 0.02
	done
}
not() { ! "$@"; }
alive() { kill -0 "$1" 2>/dev/null; }

cleanup() {
	local rc=$? i
	set +e
	trap - EXIT
	[[ -z $CAP_PID ]] || kill "$CAP_PID" 2>/dev/null
	for i in "${BG_PIDS[@]}"; do kill "$i" 2>/dev/null; done
	for i in "${BG_PIDS[@]}"; do wait "$i" 2>/dev/null; done
	for i in "${NETNS[@]}"; do
		[[ $i == br ]] || "$IP" netns del "$i" 2>/dev/null
	done
	"$IP" netns del br 2>/dev/null
	mkdir -p "$OUT"
	cp -r "$WORK"/. "$OUT"/ 2>/dev/null
	rm -f "$OUT/nap.fifo"
	rm -rf "$WORK"
	exit "$rc"
}
trap cleanup EXIT

# bg NS CPU LOG CMD...: CMD in netns NS (pinned to CPU unless it is "-") in
# the background; sets BG_PID.
bg() {
	local ns=$1 cpu=$2 out=$3
	shift 3
	local -a pin=()
	[[ $cpu == - ]] || pin=(taskset -c "$cpu")
	printf '+ [%s] %s%s > %s &\n' "$ns" "${pin[*]:+${pin[*]} }" "$*" "$out"
	"${pin[@]}" "$IP" netns exec "$ns" "$@" >"$out" 2>&1 &
	BG_PID=$!
	BG_PIDS+=("$BG_PID")
}
bg_stop() {
	kill "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

# --- topology -----------------------------------------------------------------

netns_add() {
	"$IP" netns add "$1"
	NETNS+=("$1")
	"$IP" -n "$1" link set lo up
	"$IP" netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
}
netns_del() {
	local i
	"$IP" netns del "$1"
	for i in "${!NETNS[@]}"; do
		[[ ${NETNS[$i]} != "$1" ]] || unset 'NETNS[i]'
	done
}

# lan_setup NS...: bridge br0 in netns br; rN's eth0 (10.0.0.N/24) on port pN.
lan_setup() {
	local ns i
	step "topology: br0 (netns br) <- $*"
	netns_add br
	run "$IP" -n br link add br0 type bridge mcast_snooping 0 stp_state 0 forward_delay 0
	"$IP" -n br link set br0 up
	for ns in "$@"; do
		i=${ns#r}
		netns_add "$ns"
		run "$IP" -n br link add "p$i" type veth peer name eth0 netns "$ns"
		"$IP" -n br link set "p$i" master br0 up
		"$IP" -n "$ns" addr add "10.0.0.$i/24" dev eth0
		"$IP" -n "$ns" link set eth0 up
	done
}

mac_of() { "$IP" netns exec "$1" cat "/sys/class/net/$2/address"; }

# --- capture ----------------------------------------------------------------------

# capture_start NS DEV FILE FILTER: tcpdump, nanosecond stamps, large buffer.
capture_start() {
	local ns=$1 dev=$2 file=$3 filter=$4
	bg "$ns" - "$file.log" tcpdump -i "$dev" --time-stamp-precision=nano \
		--immediate-mode -U -n -s 200 -B 16384 -Z root -w "$file" "$filter"
	CAP_PID=$BG_PID
	wait_for 20 "tcpdump listening" grep -q "listening on" "$file.log"
}
capture_stop() {
	nap 0.5			# the last frames: from the ring to the file
	bg_stop "$CAP_PID"
	CAP_PID=
}

# --- vrrp.ko ------------------------------------------------------------------------

vctl() {
	local ns=$1
	shift
	printf '+ vrrpctl -n %s %s\n' "$ns" "$*"
	"$VRRPCTL" -n "$ns" "$@"
}
# vstate NS NAME: state of an instance into S_STATE ("" when missing).
vstate() {
	local j
	j=$("$VRRPCTL" -n "$1" -j show "$2" 2>/dev/null) || j=
	S_STATE=
	if [[ $j =~ \"state\":\"([a-z]+)\" ]]; then
		S_STATE=${BASH_REMATCH[1]}
	fi
}
is_vstate() { vstate "$1" "$2"; [[ $S_STATE == "$3" ]]; }
# has_vip NS ADDR: ADDR is on NS's eth0 (a master of vrrp.ko or keepalived).
has_vip() {
	local a
	a=$("$IP" -n "$1" -4 -o addr show dev eth0)
	[[ $a == *" inet $2/"* ]]
}
# count_states NS STATE: how many instances of NS are in STATE, into N_STATE.
# shellcheck disable=SC2034 # N_STATE, N_KA, KA_VRRP_PID: for the scripts
count_states() {
	local j
	j=$("$VRRPCTL" -n "$1" -j show 2>/dev/null) || j=
	N_STATE=$(grep -o "\"state\":\"$2\"" <<<"$j" | wc -l)
}

# --- keepalived -----------------------------------------------------------------------

KA_DIR=$WORK/keepalived

# ka_global ID [VERSION]: the global_defs block used by every keepalived here
# (vrrp_version 3 unless VERSION).
ka_global() {
	cat <<-EOF
	global_defs {
	    router_id $1
	    vrrp_version ${2:-3}
	    vrrp_garp_master_refresh 0
	    script_user root
	    enable_script_security
	}
	EOF
}

# ka_start NS ID CONF [CPU]: keepalived -P (VRRP only) in NS with config CONF,
# log $KA_DIR/ID.log; returns when its VRRP child runs. PID of the parent in
# KA_PID[ID], of the VRRP child in KA_VRRP_PID[ID].
# shellcheck disable=SC2034
declare -A KA_VRRP_PID
ka_start() {
	local ns=$1 id=$2 conf=$3 cpu=${4:--} d=$KA_DIR
	mkdir -p "$d"
	rm -f "$d/$id.vrrp.pid"
	bg "$ns" "$cpu" "$d/$id.log" keepalived -n -l -D -P -f "$conf" -p "$d/$id.pid" \
		-r "$d/$id.vrrp.pid" -c "$d/$id.chk.pid" -b "$d/$id.bfd.pid"
	KA_PID[$id]=$BG_PID
	wait_for 30 "keepalived $id runs its VRRP child" test -s "$d/$id.vrrp.pid"
	read -r "KA_VRRP_PID[$id]" <"$d/$id.vrrp.pid"
}
ka_stop() {
	local pid=${KA_PID[$1]:-}
	[[ -n $pid ]] || return 0
	kill -TERM "$pid" 2>/dev/null || true
	wait_for 30 "keepalived $1 exits" not alive "$pid"
	wait "$pid" 2>/dev/null || true
	unset "KA_PID[$1]"
}
# ka_count ID WORD: lines of keepalived ID's log matching WORD, into N_KA.
# shellcheck disable=SC2034
ka_count() { N_KA=$(grep -c -- "$2" "$KA_DIR/$1.log" || true); }

have_keepalived() { command -v keepalived >/dev/null; }

# --- records --------------------------------------------------------------------------

# meta FILE KEY=VALUE...: one key=value line each (read by report.py).
meta() {
	local f=$1
	shift
	printf '%s\n' "$@" >"$f"
}

# sysinfo: what the report header needs, once per bench.
sysinfo() {
	meta "$WORK/sysinfo.meta" "kernel=$(uname -r)" "cpus=$(nproc)" \
		"keepalived=$(keepalived --version 2>&1 | head -n1 || true)" \
		"quick=$QUICK"
}

[[ $(id -u) == 0 ]] || skip "must run as root"
