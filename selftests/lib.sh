#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers for the vrrp.ko scenario tests (selftests/scenario/*.sh).
# A scenario sources this file, calls setup_lan with the namespaces it needs,
# and uses the helpers below. Every helper that changes something prints it.
#
#                          netns "br": bridge br0 (tcpdump here)
#      +------------+------------+------------+------------+------------+
#      |            |            |            |            |            |
#   r1 eth0      r2 eth0      r3 eth0      r4 eth0      c eth0      inj eth0
#   10.0.0.1     10.0.0.2     10.0.0.3     10.0.0.4     10.0.0.100  10.0.0.200
#   \------ routers: vrrp.ko instances ------/            client      inject.py
#   (k, 10.0.0.10: keepalived, in the interop test)
#
# Each router netns is a VRRP router: the module is per network namespace.
# The bridge port facing NS is named "p-NS" in netns "br"; captures are taken
# on br0 itself (promiscuous, so it sees every frame of the segment).
#
# Helpers, by group:
#   output      log step pp fail skip expect_eq expect_ge expect_le expect_fail
#   setup       require_cmd require_module setup_lan lan_join netns_del
#               link_down link_up
#   run         n NS CMD (r1 r2 r3 r4 c br), nq (quiet), ipn NS ARGS (ip -n)
#               bg_start bg_stop, CLEANUP_HOOKS+=(fn)
#   vrrpctl     vctl NS ARGS, add/del/set_ NS NAME ARGS, show_get NS NAME KEY,
#               state, stat NS NAME|"" COUNTER, masters NAME NS...
#   waiting     wait_for SECS DESC CMD, wait_state NS NAME STATE [SECS],
#               wait_field NS NAME KEY VALUE [SECS],
#               wait_vip NS ADDR present|absent [SECS], expect_state, expect_vip,
#               nap SECS
#   events      monitor_start NS FILE, monitor_ts FILE NAME STATE
#   wire        capture_start FILE, capture_stop, tshark_vrrp, tshark_count,
#               check_vrrp_pcap PCAP rfc|pseudo [FILTER], garps PCAP IP [MAC],
#               wire_gap_ms PCAP FROM PRIO TO
#
# CPU is what the suite runs out of: tests side by side keep the guest's two
# emulated CPUs busy, and each process started costs 0.1-0.15 s of CPU there
# (jq 0.45 s, python3 over 1 s). What a test polls should start as little as
# possible: state, stat and stats_flat read vrrpctl's text (no jq), loops nap
# instead of starting sleep, repeated injections go through one inject.py
# (inject_start / inject_send). run.sh prints the tests that used most CPU.
# Durations that a bound checks come from the kernel or a capture (monitor_ts,
# wire_gap_ms), not from the shell's clock around a command.
#
# Guest contract (selftests/vm): VRRP_KO is the module, already loaded;
# VRRPCTL the CLI; SRCDIR the repository. Exit 0 pass, 77 skip, else fail.

set -e
set -o pipefail
export LC_ALL=C
# Every failure says where it happened: fail() writes to the test's own
# stderr (FAIL_FD) even from a wait_for condition, whose output is dropped;
# an exit set -e caused names the command (ERR_AT, printed by cleanup).
exec {FAIL_FD}>&2
set -E
trap 'ERR_AT="${BASH_SOURCE[0]##*/}:$LINENO: $BASH_COMMAND (status $?)"' ERR

SRCDIR=${SRCDIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
if [[ -z $VRRPCTL ]]; then
	for VRRPCTL in "$SRCDIR/tools/vrrpctl/vrrpctl" "$SRCDIR"/build/*/tools/vrrpctl/vrrpctl ""; do
		[[ -x $VRRPCTL ]] && break
	done
fi
IP=/sbin/ip
[[ -x $IP ]] || IP=$(command -v ip)
# shellcheck disable=SC2034 # used by the scenarios
INJECT="$SRCDIR/selftests/inject.py"
TEST_NAME=$(basename "$0" .sh)
TMPD=$(mktemp -d "/tmp/vrrp-$TEST_NAME.XXXXXX")
# nap SECONDS: sleep without starting a process. In the emulated guest every
# process started costs 0.1-0.15 s of CPU (a "sleep 0.1" too), and tests
# side by side share two CPUs: the polling loops below nap.
mkfifo "$TMPD/nap"
exec {NAP_FD}<>"$TMPD/nap"
nap() { read -r -t "$1" -u "$NAP_FD" _ || true; }

# Namespaces get a prefix when the script runs outside the test VM, so a
# developer's host netns and other users' tests cannot collide.
if [[ -z ${NS_PREFIX+x} ]]; then
	if [[ -n $VRRP_KO ]]; then NS_PREFIX=""; else NS_PREFIX="vt$$-"; fi
fi

# Logical name -> address on the LAN.
declare -A ADDR=([r1]=10.0.0.1 [r2]=10.0.0.2 [r3]=10.0.0.3 [r4]=10.0.0.4
		 [r5]=10.0.0.5 [k]=10.0.0.10 [c]=10.0.0.100 [inj]=10.0.0.200)
PREFIX=24
# IPv6 (LAN_IPV6=1 before setup_lan): global addresses besides the IPv4 ones;
# each eth0 also has its EUI-64 link-local (see lladdr).
declare -A ADDR6=([r1]=2001:db8::1 [r2]=2001:db8::2 [r3]=2001:db8::3 [r4]=2001:db8::4
		  [r5]=2001:db8::5 [k]=2001:db8::10 [c]=2001:db8::100 [inj]=2001:db8::200)
PREFIX6=64
LAN_IPV6=${LAN_IPV6:-0}

NETNS=()		# created namespaces (logical names), for cleanup
BG_PIDS=()		# background processes we started, for cleanup
CLEANUP_HOOKS=()	# functions a scenario wants run at exit

# --- output and assertions ------------------------------------------------

log() { printf '%s\n' "$*"; }
# Print a section title, with the seconds since the test began (where the
# time goes, for keeping the suite within its budget).
STEP_T0=${EPOCHREALTIME/./}
step() {
	local t=$(( (${EPOCHREALTIME/./} - STEP_T0) / 100000 ))
	printf '\n### [%d.%ds] %s\n' $((t / 10)) $((t % 10)) "$*"
}
# Print a command and run it.
pp() { printf '+ %s\n' "$*"; "$@"; }
fail() {
	FAIL_SAID=1
	printf 'FAIL: %s: %s\n' "$TEST_NAME" "$*" >&"$FAIL_FD"
	exit 1
}
skip() {
	printf 'SKIP: %s: %s\n' "$TEST_NAME" "$*"
	exit 77
}
# expect_eq WHAT GOT WANT
expect_eq() {
	[[ "$2" == "$3" ]] || fail "$1: expected '$3', got '$2'"
	log "  ok: $1 = $2"
}
# expect_ge WHAT GOT MIN
expect_ge() {
	[[ "$2" -ge "$3" ]] || fail "$1: expected >= $3, got $2"
	log "  ok: $1 = $2 (>= $3)"
}
# expect_le WHAT GOT MAX
expect_le() {
	[[ "$2" -le "$3" ]] || fail "$1: expected <= $3, got $2"
	log "  ok: $1 = $2 (<= $3)"
}
# expect_fail CMD...: the command must fail.
expect_fail() {
	if "$@"; then fail "expected to fail: $*"; fi
	log "  ok: failed as expected: $*"
}

require_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip "missing command $c"
	done
}
# The module is loaded by the harness; outside the VM we cannot load it.
require_module() {
	[[ -d /sys/module/vrrp ]] || skip "vrrp.ko is not loaded"
	[[ -n $VRRPCTL && -x $VRRPCTL ]] || skip "vrrpctl not found (set VRRPCTL)"
}
[[ $(id -u) == 0 ]] || skip "must run as root"

# (bash's clock: no program started, about 0.2 s each in the emulated guest)
now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }

# --- namespaces ------------------------------------------------------------

nsname() { printf '%s%s' "$NS_PREFIX" "$1"; }

# n NS CMD...: run CMD inside netns NS, printing it.
n() {
	local ns=$1; shift
	printf '+ [%s] %s\n' "$ns" "$*"
	"$IP" netns exec "$(nsname "$ns")" "$@"
}
# Quiet variant for polling and command substitution.
nq() {
	local ns=$1; shift
	"$IP" netns exec "$(nsname "$ns")" "$@"
}
r1() { n r1 "$@"; }
r2() { n r2 "$@"; }
r3() { n r3 "$@"; }
r4() { n r4 "$@"; }
c() { n c "$@"; }
br() { n br "$@"; }
# ipn NS ARGS...: /sbin/ip -n NS ARGS, printing it.
ipn() {
	local ns=$1; shift
	printf '+ ip -n %s %s\n' "$ns" "$*"
	"$IP" -n "$(nsname "$ns")" "$@"
}

netns_add() {
	pp "$IP" netns add "$(nsname "$1")"
	NETNS+=("$1")
	"$IP" -n "$(nsname "$1")" link set lo up
}

# netns_del NS: delete one namespace now (destroys its vrrp instances).
netns_del() {
	local ns=$1 i
	pp "$IP" netns del "$(nsname "$ns")"
	for i in "${!NETNS[@]}"; do
		[[ ${NETNS[$i]} == "$ns" ]] && unset 'NETNS[i]'
	done
	true
}

# ipb NS LINE...: the ip commands LINE... (ip's arguments) in netns NS, or
# the initial one for NS "", printed, in one "ip -batch" process: processes
# start slowly in the emulated guest, and a LAN took seconds per router.
ipb() {
	local ns=$1 line
	shift
	for line in "$@"; do printf '+ ip%s %s\n' "${ns:+ -n $ns}" "$line"; done
	if [[ -n $ns ]]; then
		printf '%s\n' "$@" | "$IP" -n "$(nsname "$ns")" -batch -
	else
		printf '%s\n' "$@" | "$IP" -batch -
	fi
}

# setup_lan NS...: create netns "br" with bridge br0 and plug each NS into it
# with a veth pair: eth0 inside NS (address ADDR[NS]/24), p-NS in "br".
setup_lan() {
	local ns
	local -a cmds=()
	step "topology: br0 <- $*"
	for ns in br "$@"; do
		[[ $ns == br || -n ${ADDR[$ns]} ]] || fail "no address for netns $ns"
		cmds+=("netns add $(nsname "$ns")")
	done
	ipb "" "${cmds[@]}" || fail "ip netns add"
	NETNS+=(br "$@")
	nq br sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	for ns in "$@"; do
		lan_sysctl "$ns"
	done
	cmds=("link set lo up" "link add br0 type bridge mcast_snooping 0 stp_state 0 forward_delay 0"
	   "link set br0 up")
	for ns in "$@"; do
		cmds+=("link add p-$ns type veth peer name eth0 netns $(nsname "$ns")"
		    "link set p-$ns master br0 up")
	done
	ipb br "${cmds[@]}" || fail "bridge br0 and its ports"
	for ns in "$@"; do
		lan_addr "$ns" "${ADDR[$ns]}"
	done
}

# lan_join NS [ADDR]: add one namespace to the LAN.
lan_join() {
	local ns=$1 addr=${2:-${ADDR[$1]}}
	[[ -n $addr ]] || fail "no address for netns $ns"
	ipb "" "netns add $(nsname "$ns")" || fail "ip netns add $ns"
	NETNS+=("$ns")
	lan_sysctl "$ns"
	ipb br "link add p-$ns type veth peer name eth0 netns $(nsname "$ns")" \
		"link set p-$ns master br0 up" || fail "bridge port p-$ns"
	lan_addr "$ns" "$addr"
}

# lan_sysctl NS: IPv6 off in NS or, with LAN_IPV6=1, on without DAD (the
# link-local is usable at once); before NS's eth0 exists (default.*).
lan_sysctl() {
	if [[ $LAN_IPV6 == 1 ]]; then
		nq "$1" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
			net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.default.disable_ipv6=0
	else
		nq "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	fi
}

# lan_addr NS ADDR: lo and eth0 of NS up, with ADDR (and ADDR6[NS]).
lan_addr() {
	local ns=$1
	local -a cmds=("link set lo up" "addr add $2/$PREFIX dev eth0")
	if [[ $LAN_IPV6 == 1 && -n ${ADDR6[$ns]} ]]; then
		cmds+=("addr add ${ADDR6[$ns]}/$PREFIX6 dev eth0 nodad")
	fi
	cmds+=("link set eth0 up")
	ipb "$ns" "${cmds[@]}" || fail "addresses of $ns"
	if [[ $LAN_IPV6 == 1 ]]; then
		wait_for 10 "$ns eth0 has a usable link-local address" lladdr "$ns"
	fi
}

# Link of NS's eth0, seen from inside NS (the router's own link down/up).
link_down() { ipn "$1" link set eth0 down; }
link_up() { ipn "$1" link set eth0 up; }

# --- background processes and cleanup ------------------------------------

# bg_start LOGFILE NS CMD...: run CMD in netns NS in the background.
# Sets BG_PID.
bg_start() {
	local out=$1 ns=$2; shift 2
	printf '+ [%s] %s > %s &\n' "$ns" "$*" "$out"
	"$IP" netns exec "$(nsname "$ns")" "$@" >"$out" 2>&1 &
	BG_PID=$!
	BG_PIDS+=("$BG_PID")
}

# bg_stop PID: stop one background process we started, and reap it.
bg_stop() {
	local pid=$1 i
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	for i in "${!BG_PIDS[@]}"; do
		[[ ${BG_PIDS[$i]} == "$pid" ]] && unset 'BG_PIDS[i]'
	done
	true
}

cleanup() {
	local rc=$? i h
	set +e
	trap - EXIT ERR
	if [[ $rc != 0 && $rc != 77 && -z $FAIL_SAID ]]; then
		printf 'FAIL: %s: exit status %s; the last command that failed: %s\n' \
			"$TEST_NAME" "$rc" "${ERR_AT:-none (an exit or a signal)}" >&"$FAIL_FD"
	fi
	for h in "${CLEANUP_HOOKS[@]}"; do "$h"; done
	if [[ $NO_CONFLICTS == 1 && $rc == 0 ]]; then
		for i in "${NETNS[@]}"; do
			h=$(conflicts_of "$i")
			[[ -z $h ]] && continue
			printf 'FAIL: %s: split brain counted in %s: %s\n' "$TEST_NAME" "$i" "$h" >&2
			rc=1
		done
	fi
	for i in "${BG_PIDS[@]}"; do kill "$i" 2>/dev/null; done
	for i in "${BG_PIDS[@]}"; do wait "$i" 2>/dev/null; done
	# Routers first, the bridge last.
	for i in "${NETNS[@]}"; do
		[[ $i == br ]] && continue
		"$IP" netns del "$(nsname "$i")" 2>/dev/null
	done
	"$IP" netns del "$(nsname br)" 2>/dev/null
	if [[ $rc == 0 ]]; then
		rm -rf "$TMPD"
		log "PASS: $TEST_NAME"
	elif [[ $rc == 77 ]]; then
		rm -rf "$TMPD"
	elif [[ -n $VM_ARTIFACTS && -d $VM_ARTIFACTS ]]; then
		cp -r "$TMPD"/. "$VM_ARTIFACTS"/ 2>/dev/null
		log "($TEST_NAME: pcaps, logs and configs copied to $VM_ARTIFACTS)"
	else
		log "($TEST_NAME: files kept in $TMPD)"
	fi
	exit "$rc"
}
trap cleanup EXIT

# --- polling ----------------------------------------------------------------

# wait_for TIMEOUT_S DESCRIPTION CMD...: poll CMD until it succeeds.
wait_for() {
	local timeout=$1 desc=$2; shift 2
	local deadline=$(( $(now_ms) + timeout * 1000 ))
	log "  waiting (<= ${timeout}s): $desc"
	until "$@" >/dev/null 2>&1; do
		(( $(now_ms) < deadline )) || fail "timeout after ${timeout}s: $desc"
		nap 0.1
	done
}

# --- vrrpctl ---------------------------------------------------------------

# vctl NS ARGS...: vrrpctl in netns NS, printed; its exit code is returned.
vctl() {
	local ns=$1; shift
	printf '+ vrrpctl -n %s %s\n' "$ns" "$*"
	"$VRRPCTL" -n "$(nsname "$ns")" "$@"
}
# Quiet: for command substitution.
vctlq() {
	local ns=$1; shift
	"$VRRPCTL" -n "$(nsname "$ns")" "$@"
}

# add NS NAME ARGS...: vrrpctl instance add NAME dev eth0 ARGS (must succeed).
add() {
	local ns=$1 name=$2; shift 2
	vctl "$ns" instance add "$name" dev eth0 "$@" || fail "instance add $name in $ns"
}
del() {
	no_conflicts "$1" "$2"
	vctl "$1" instance del "$2" || fail "instance del $2 in $1"
}

# Split brain (issue 11): no false positives. A test fails when an instance
# it deletes with del, or one left at its end, counted a VIP conflict or a
# one-way path: none of its routers ever saw another holder of its VIPs. A
# test that makes a split brain on purpose says so: NO_CONFLICTS=0 before
# it sources this file (with the reason), or expect_split from that step on.
# conflicts_of NS [NAME]: "NAME COUNT" for each instance with some.
NO_CONFLICTS=${NO_CONFLICTS:-1}
conflicts_of() {
	vctlq "$1" -j stats ${2:+"$2"} 2>/dev/null | jq -r '.instances[]?
		| select((.stats.vip_conflicts // 0) + (.stats.one_way // 0) > 0)
		| "\(.name) vip_conflicts \(.stats.vip_conflicts) one_way \(.stats.one_way)"'
}
no_conflicts() {
	local bad
	[[ $NO_CONFLICTS == 1 ]] || return 0
	bad=$(conflicts_of "$@")
	[[ -z $bad ]] || fail "split brain counted in $1: $bad (vrrpctl -n $1 show)"
}
# expect_split WHY: from here on the test makes a split brain on purpose
# (WHY): every router is checked clean now, and not at del or the end.
expect_split() {
	local ns
	for ns in "${NETNS[@]}"; do
		[[ $ns == br ]] || no_conflicts "$ns"
	done
	log "  (split brain on purpose from here: $1)"
	NO_CONFLICTS=0
}
set_() {
	local ns=$1 name=$2; shift 2
	vctl "$ns" instance set "$name" "$@" || fail "instance set $name in $ns"
}

# json_get KEY[.KEY...]: read JSON on stdin, print the value at the path.
# A list on the way is entered at its first element unless the key is an
# index. Booleans print as true/false, a missing key as an empty line,
# objects and lists as compact JSON. jq, not python3: the tests poll with
# it, and an emulated guest starts python3 in about a second of CPU.
json_get() {
	local f=. k
	local -a keys=()
	IFS=. read -ra keys <<<"$1"
	for k in "${keys[@]}"; do
		if [[ $k =~ ^[0-9]+$ ]]; then
			f+=" | if type == \"array\" then .[$k] elif type == \"object\" then .[\"$k\"] else null end"
		else
			f+=" | (if type == \"array\" then (.[0] // {}) else . end)"
			f+=" | if type == \"object\" then .[\"$k\"] else null end"
		fi
	done
	jq -r "$f"' | if . == null then "" elif type == "boolean" then tostring
		elif type == "object" or type == "array" then tojson else . end'
}

# show_get NS NAME KEY: one field of `vrrpctl -j show NAME`.
show_get() { vctlq "$1" -j show "$2" | json_get "$3"; }
# state NS NAME: the state, from the first line of the text `show NAME`
# ("NAME: state MASTER ..."): no jq, which costs 0.45 s of CPU a call in the
# emulated guest (vrrpctl 0.1 s), and wait_state polls this.
state() {
	local out first st
	out=$(vctlq "$1" show "$2") || return 1
	first=${out%%$'\n'*}
	[[ $first == "$2: state "* ]] || return 0
	st=${first#"$2: state "}
	st=${st%% *}
	echo "${st,,}"
}
field_is() { [[ $(show_get "$1" "$2" "$3") == "$4" ]]; }
# wait_field NS NAME KEY VALUE [TIMEOUT_S]: poll `vrrpctl -j show` until KEY is VALUE.
wait_field() {
	wait_for "${5:-10}" "$1/$2 $3 = $4" field_is "$1" "$2" "$3" "$4"
	log "  ok: $1/$2 $3 = $4"
}

# stat NS NAME COUNTER: a per-instance counter; stat NS "" COUNTER: router-wide.
# From the text of `vrrpctl stats [NAME]` ("    COUNTER   VALUE" lines under
# the instance's header, then "router:" and the router-wide ones), without jq
# (see state); "" when there is no such counter.
stat() {
	local ns=$1 name=$2 counter=$3 out k v in=1
	if [[ -n $name ]]; then
		out=$(vctlq "$ns" stats "$name" 2>&1) || fail "vrrpctl -n $ns stats $name: $out"
	else
		out=$(vctlq "$ns" stats 2>&1) || fail "vrrpctl -n $ns stats: $out"
		in=0
	fi
	while read -r k v; do
		if [[ $k == router: ]]; then
			[[ -z $name ]] || break
			in=1
		elif [[ $in == 1 && $k == "$counter" ]]; then
			echo "$v"
			return 0
		fi
	done <<<"$out"
	echo ""
}

state_is() { [[ $(state "$1" "$2") == "$3" ]]; }

# wait_state NS NAME STATE [TIMEOUT_S]
wait_state() {
	local ns=$1 name=$2 want=$3 timeout=${4:-20}
	local deadline=$(( $(now_ms) + timeout * 1000 )) got
	log "  waiting (<= ${timeout}s): $ns/$name becomes $want"
	while :; do
		got=$(state "$ns" "$name" 2>/dev/null) || got="(show failed)"
		[[ $got == "$want" ]] && break
		(( $(now_ms) < deadline )) ||
			fail "$ns/$name: state '$got', expected '$want' within ${timeout}s"
		nap 0.1
	done
	log "  ok: $ns/$name is $want"
}

# expect_state NS NAME STATE: now, without waiting.
expect_state() { expect_eq "$1/$2 state" "$(state "$1" "$2")" "$3"; }

# masters NAME NS...: print the namespaces where instance NAME is master.
masters() {
	local name=$1 ns; shift
	for ns in "$@"; do
		[[ $(state "$ns" "$name" 2>/dev/null) == master ]] && printf '%s ' "$ns"
	done
	true
}

# --- addresses ---------------------------------------------------------------

# has_addr NS ADDR: ADDR (no prefix) is an address of NS's eth0.
# An address with a colon is looked for among the IPv6 addresses.
has_addr() {
	# Not "ip | grep -q": ip flushes each address, grep -q exits at the
	# first match, and under pipefail ip's SIGPIPE on the next line would
	# make a present address look absent.
	local out
	if [[ $2 == *:* ]]; then
		out=$("$IP" -n "$(nsname "$1")" -6 -o addr show dev eth0) || return 1
		[[ $out == *" inet6 $2/"* ]]
	else
		out=$("$IP" -n "$(nsname "$1")" -4 -o addr show dev eth0) || return 1
		[[ $out == *" inet $2/"* ]]
	fi
}
# wait_vip NS ADDR present|absent [TIMEOUT_S]
wait_vip() {
	local ns=$1 vip=$2 want=$3 timeout=${4:-10}
	if [[ $want == present ]]; then
		wait_for "$timeout" "$vip on $ns eth0" has_addr "$ns" "$vip"
	else
		wait_for "$timeout" "$vip gone from $ns eth0" not has_addr "$ns" "$vip"
	fi
	log "  ok: $vip $want on $ns"
}
not() { ! "$@"; }
# expect_vip NS ADDR present|absent: now.
expect_vip() {
	if [[ $3 == present ]]; then
		has_addr "$1" "$2" || fail "$2 not on $1 eth0: $("$IP" -n "$(nsname "$1")" -o addr show dev eth0)"
	else
		! has_addr "$1" "$2" || fail "$2 still on $1 eth0"
	fi
	log "  ok: $2 $3 on $1"
}

# --- monitor -----------------------------------------------------------------

# monitor_start NS FILE: vrrpctl -j monitor in NS, one JSON object per line.
# Returns once the monitor is known to receive events: a probe instance on a
# dummy link of NS (no traffic reaches the LAN) is added until its event
# shows up in FILE, then removed again.
monitor_start() {
	local ns=$1 file=$2 i
	bg_start "$file" "$ns" "$VRRPCTL" -j monitor
	# shellcheck disable=SC2034 # for the caller
	MON_PID=$BG_PID
	nq "$ns" "$IP" link add mon-probe0 type dummy
	nq "$ns" "$IP" addr add 192.0.2.1/24 dev mon-probe0
	nq "$ns" "$IP" link set mon-probe0 up
	for i in $(seq 20); do
		vctlq "$ns" instance add mon-probe dev mon-probe0 vrid 1 advert 1s vip 192.0.2.2/32 ||
			fail "monitor probe: instance add failed"
		if wait_probe "$file"; then
			break
		fi
		vctlq "$ns" instance del mon-probe
		(( i < 20 )) || fail "vrrpctl monitor in $ns shows no event after 20 probes"
	done
	vctlq "$ns" instance del mon-probe
	nq "$ns" "$IP" link del mon-probe0
	log "  monitor in $ns is listening (after $i probe(s))"
}
wait_probe() {
	local deadline=$(( $(now_ms) + 1000 ))
	while (( $(now_ms) < deadline )); do
		[[ $(<"$1") == *'"mon-probe"'* ]] && return 0
		nap 0.1
	done
	return 1
}

# monitor_ts FILE NAME STATE: timestamp_ns of the first event of NAME to STATE.
monitor_ts() {
	python3 -c '
import json, sys
for line in open(sys.argv[1]):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    if e.get("name") == sys.argv[2] and e.get("state") == sys.argv[3]:
        print(e["timestamp_ns"])
        break' "$1" "$2" "$3"
}

# --- packet capture and tshark -------------------------------------------------

# capture_start FILE [NS IFACE]: tcpdump on br0 (default) into FILE.
capture_start() {
	local file=$1 ns=${2:-br} dev=${3:-br0}
	bg_start "$file.log" "$ns" tcpdump -i "$dev" --immediate-mode -U -n -s 0 -Z root -w "$file"
	CAP_PID=$BG_PID
	wait_for 10 "tcpdump listening on $dev" grep -q "listening on" "$file.log"
}
# shellcheck disable=SC2120 # the argument is optional
capture_stop() {
	local pid=${1:-$CAP_PID}
	sleep 0.2	# let the last frames reach the file
	bg_stop "$pid"
}

# wire_gap_ms PCAP FROM PRIO TO: milliseconds from the first VRRP advert from
# address FROM at priority PRIO to the next advert from address TO at any
# priority but 0, from the capture's timestamps: a takeover timed on the
# wire, without the start of vrrpctl or of a notify script in it (seconds in
# a loaded emulated guest); "" when either advert is missing.
wire_gap_ms() {
	tshark -n -r "$1" -Y vrrp -T fields -E separator=/t \
		-e frame.time_epoch -e ip.src -e ipv6.src -e vrrp.prio 2>/dev/null |
		awk -F '\t' -v from="$2" -v prio="$3" -v to="$4" '
			{ src = $2 != "" ? $2 : $3 }
			t0 == "" && src == from && $4 == prio { t0 = $1; next }
			t0 != "" && src == to && $4 != 0 { printf "%d\n", ($1 - t0) * 1000; exit }'
}

# tshark_vrrp PCAP CSUM_MODE ARGS...: tshark -r PCAP with the VRRP dissector
# told which IPv4 VRRPv3 checksum form to expect (rfc: without pseudo-header,
# which wireshark calls "v3 checksum as in v2"; pseudo: with it).
tshark_vrrp() {
	local pcap=$1 mode=$2 asv2; shift 2
	case $mode in
	rfc) asv2=TRUE ;;
	pseudo) asv2=FALSE ;;
	*) fail "tshark_vrrp: bad mode $mode" ;;
	esac
	tshark -n -r "$pcap" -o "vrrp.v3_checksum_as_in_v2:$asv2" "$@" 2>/dev/null
}

# tshark_count PCAP CSUM_MODE FILTER: number of packets matching FILTER.
tshark_count() {
	tshark_vrrp "$1" "$2" -Y "$3" -T fields -e frame.number | wc -l
}

# tshark_counts PCAP CSUM_MODE FILTER...: the number of packets matching each
# FILTER, one a line, from one tshark pass (its io,stat tap: a column per
# filter). tshark takes seconds to start in an emulated guest, so this is
# much cheaper than a tshark_count per filter. A filter with a comma (the
# separator of io,stat) falls back to one pass per filter. Fails if tshark
# does (a bad filter).
tshark_counts() {
	local pcap=$1 mode=$2 z=io,stat,0 f g out
	shift 2
	for f in "$@"; do
		if [[ $f == *,* ]]; then
			for g in "$@"; do
				tshark_vrrp "$pcap" "$mode" -Y "$g" -T fields -e frame.number >/dev/null ||
					return 1
				tshark_count "$pcap" "$mode" "$g"
			done
			return 0
		fi
		f=${f//$'\n'/ }
		z+=",${f//$'\t'/ }"
	done
	out=$(tshark_vrrp "$pcap" "$mode" -q -z "$z") || return 1
	# "|  0.0 <> 36.9 |  FRAMES |  BYTES |  FRAMES |  BYTES |": no such row
	# for an empty capture
	awk -F'|' -v n=$# '/<>/ && !found { for (i = 1; i <= n; i++) print $(2 * i + 1) + 0; found = 1 }
		END { if (!found) for (i = 1; i <= n; i++) print 0 }' <<<"$out"
}

# check_vrrp_pcap PCAP CSUM_MODE [FILTER]: every VRRP packet (matching FILTER)
# is a VRRPv3 advertisement, TTL 255, to a multicast group, with a good
# checksum in the form CSUM_MODE, and the dissector has no expert note, warning
# or error for it (severity >= PI_NOTE, 0x400000: a TTL other than 255 to the
# local network control block is a note).
# Prints the number of packets checked in VRRP_CHECKED.
VRRP3_COND="vrrp.version == 3 && vrrp.type == 1 && vrrp.checksum.status == 1 && ip.ttl == 255"
VRRP3_COND+=" && ip.proto == 112 && ip.dst == 224.0.0.0/4 && vrrp.addr_count >= 1"
# vrrp3_spec FILTER: the check of check_vrrp_pcap, as a SPEC of pcap_checks.
vrrp3_spec() {
	printf '%s\x1f%s\x1f%s' "$1" "$VRRP3_COND" "valid VRRPv3 adverts with a good checksum"
}
check_vrrp_pcap() {
	local pcap=$1 mode=$2 filter=${3:-vrrp} total bad expert counts
	counts=$(tshark_counts "$pcap" "$mode" "$filter" "($filter) && !($VRRP3_COND)" \
		"($filter) && _ws.expert.severity >= 4194304") || fail "$pcap: tshark failed"
	{ read -r total; read -r bad; read -r expert; } <<<"$counts"
	[[ $total -gt 0 ]] || fail "$pcap: no VRRP packet matching '$filter'"
	if [[ $bad != 0 ]]; then
		tshark_vrrp "$pcap" "$mode" -Y "$filter" -V | tail -n 60 >&2
		fail "$pcap: $bad of $total VRRP packets are not valid VRRPv3 with a good $mode checksum"
	fi
	if [[ $expert != 0 ]]; then
		tshark_vrrp "$pcap" "$mode" -Y "($filter) && _ws.expert" \
			-T fields -e frame.number -e _ws.expert.message | head -n 20 >&2
		fail "$pcap: $expert VRRP packets with wireshark expert notes, warnings or errors"
	fi
	# shellcheck disable=SC2034 # for the caller
	VRRP_CHECKED=$total
	log "  ok: $pcap: $total VRRP packets, all VRRPv3 with a good $mode checksum"
}

# garps PCAP IP [MAC]: number of gratuitous ARPs announcing IP (sent by MAC).
garps() {
	tshark -n -r "$1" -Y "$(garp_filter "$2" "$3")" -T fields -e frame.number 2>/dev/null | wc -l
}
# garp_filter IP [MAC]: the display filter of garps (for tshark_counts).
garp_filter() {
	local f="arp.src.proto_ipv4 == $1 && arp.dst.proto_ipv4 == $1"
	[[ -z $2 ]] || f="$f && eth.src == $2 && arp.src.hw_mac == $2"
	printf '%s' "$f"
}

# --- misc ----------------------------------------------------------------------

# ping_ok NS ADDR: one ping answered within 1 s.
ping_ok() { nq "$1" ping -n -q -c 1 -W 1 "$2" >/dev/null 2>&1; }

# module_log_since MARK: kernel log lines after a marker written to /dev/kmsg.
kmsg_mark() { echo "vrrp-selftest: $TEST_NAME: $*" >/dev/kmsg 2>/dev/null || true; }

# --- IPv6, VRRPv2, unicast, virtual MAC (issue 3) --------------------------------
#   LAN_IPV6=1 setup_lan ...   IPv6 on the LAN (ADDR6, link-locals, no DAD)
#   mac_of NS, lladdr NS, neigh_mac NS ADDR, vmac_of 4|6 VRID
#   check_vrrp_pcap_as PCAP MODE FILTER COND DESC, check_vrrp6_pcap PCAP [FILTER],
#   check_vrrp2_pcap PCAP AUTH_TYPE [PASSWORD] [FILTER]
#   pcap_checks PCAP CSUM_MODE SPEC... (vrrp2_spec, vrrp3_spec): several at once
#   block_mcast_vrrp / unblock_mcast_vrrp (tc on the bridge ports), mcast_drops

# mac_of NS: the MAC address of NS's eth0.
mac_of() { nq "$1" cat /sys/class/net/eth0/address; }

# lladdr NS: the EUI-64 link-local address of NS's eth0 (fails while it is
# missing or tentative). VIPs such as fe80::50 never match: this is computed
# from the MAC.
lladdr() {
	local m a
	m=$(mac_of "$1") || return 1
	# fe80::/64 + the EUI-64 interface id (the MAC, universal/local bit
	# flipped, ff:fe in the middle), printed as ip prints it
	local -a mac_bytes
	IFS=: read -ra mac_bytes <<<"$m"
	[[ ${#mac_bytes[@]} == 6 ]] || return 1
	local g4=$(( (0x${mac_bytes[0]} ^ 2) << 8 | 0x${mac_bytes[1]} )) g5=$(( 0x${mac_bytes[2]} << 8 | 0xff ))
	local g6=$(( 0xfe00 | 0x${mac_bytes[3]} )) g7=$(( 0x${mac_bytes[4]} << 8 | 0x${mac_bytes[5]} ))
	if [[ $g4 == 0 ]]; then
		printf -v a 'fe80::%x:%x:%x' "$g5" "$g6" "$g7"
	else
		printf -v a 'fe80::%x:%x:%x:%x' "$g4" "$g5" "$g6" "$g7"
	fi
	# (no grep -q at the end of a pipe: see has_addr)
	[[ $("$IP" -n "$(nsname "$1")" -6 -o addr show dev eth0 scope link |
	     grep -v tentative) == *" inet6 $a/"* ]] || return 1
	printf '%s\n' "$a"
}

# neigh_mac NS ADDR: the link-layer address NS's neighbour table has for ADDR.
neigh_mac() {
	"$IP" -n "$(nsname "$1")" neigh show "$2" dev eth0 |
		awk '{for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1)}'
}

# vmac_of FAMILY VRID: 00:00:5e:00:01:VRID (IPv4) or 00:00:5e:00:02:VRID (IPv6).
vmac_of() { printf '00:00:5e:00:0%d:%02x\n' "$(( $1 == 6 ? 2 : 1 ))" "$2"; }

# check_vrrp_pcap_as PCAP CSUM_MODE FILTER COND DESC: there is at least one
# VRRP packet matching FILTER, each one matches COND, and the dissector has no
# expert note, warning or error for any. Sets VRRP_CHECKED.
check_vrrp_pcap_as() {
	local pcap=$1 mode=$2 filter=$3 cond=$4 desc=$5 total bad expert counts
	counts=$(tshark_counts "$pcap" "$mode" "$filter" "($filter) && !($cond)" \
		"($filter) && _ws.expert.severity >= 4194304") || fail "$pcap: tshark failed"
	{ read -r total; read -r bad; read -r expert; } <<<"$counts"
	[[ $total -gt 0 ]] || fail "$pcap: no VRRP packet matching '$filter'"
	if [[ $bad != 0 ]]; then
		tshark_vrrp "$pcap" "$mode" -Y "($filter) && !($cond)" -V | tail -n 80 >&2
		fail "$pcap: $bad of $total VRRP packets matching '$filter' are not $desc"
	fi
	if [[ $expert != 0 ]]; then
		tshark_vrrp "$pcap" "$mode" -Y "($filter) && _ws.expert" \
			-T fields -e frame.number -e _ws.expert.message | head -n 20 >&2
		fail "$pcap: $expert VRRP packets with wireshark expert notes, warnings or errors"
	fi
	# shellcheck disable=SC2034 # for the caller
	VRRP_CHECKED=$total
	log "  ok: $pcap: $total VRRP packets matching '$filter', all $desc"
}

# check_vrrp6_pcap PCAP [FILTER] [unicast]: every IPv6 VRRP packet (matching
# FILTER) is a VRRPv3 advertisement with a good checksum (IPv6 pseudo-header)
# from a link-local address, hop limit 255 to ff02::12 (unicast: any hop
# limit, to a global address), and its first address is link-local.
check_vrrp6_pcap() {
	local pcap=$1 filter=${2:-vrrp && ipv6} cond first
	cond="vrrp.version == 3 && vrrp.type == 1 && vrrp.checksum.status == 1 &&
		ipv6.nxt == 112 && vrrp.addr_count >= 1"
	if [[ $3 == unicast ]]; then
		cond="$cond && !(ipv6.dst == ff00::/8)"
	else
		cond="$cond && ipv6.hlim == 255 && ipv6.dst == ff02::12 && ipv6.src == fe80::/10"
	fi
	check_vrrp_pcap_as "$pcap" pseudo "$filter" "$cond" "valid IPv6 VRRPv3 adverts"
	first=$(tshark_vrrp "$pcap" pseudo -Y "$filter" -T fields -E occurrence=f -e vrrp.ipv6_addr |
		grep -vc '^fe80:' || true)
	expect_eq "adverts whose first address is not link-local" "$first" 0
}

# check_vrrp2_pcap PCAP AUTH_TYPE [PASSWORD] [FILTER]: every VRRP packet
# (matching FILTER) is a VRRPv2 advertisement, TTL 255 to 224.0.0.18, with a
# good checksum, auth type AUTH_TYPE (0 none, 1 PASS) and, for PASS, the
# password (at most 8 characters).
check_vrrp2_pcap() {
	local f c d
	IFS=$'\x1f' read -r f c d <<<"$(vrrp2_spec "$2" "$3" "${4:-vrrp}")"
	check_vrrp_pcap_as "$1" rfc "$f" "$c" "$d"
}
# vrrp2_spec AUTH_TYPE PASSWORD FILTER: the check of check_vrrp2_pcap, as a
# SPEC of pcap_checks (with the rfc checksum mode).
vrrp2_spec() {
	local auth=$1 pass=$2 cond
	cond="vrrp.version == 2 && vrrp.type == 1 && vrrp.checksum.status == 1 &&"
	cond+=" ip.ttl == 255 && ip.proto == 112 && ip.dst == 224.0.0.18 &&"
	cond+=" vrrp.addr_count >= 1 && vrrp.auth_type == $auth"
	[[ -z $pass ]] || cond="$cond && vrrp.auth_string == \"$pass\""
	printf '%s\x1f%s\x1f%s' "$3" "$cond" "valid VRRPv2 adverts with auth type $auth${pass:+ ($pass)}"
}

# pcap_checks PCAP CSUM_MODE SPEC...: several check_vrrp_pcap_as in one
# tshark pass. A SPEC is "FILTER<US>COND<US>DESC" (US: $'\x1f', one line).
# VRRP_CHECKS[i] is the number of packets the i-th SPEC checked. A SPEC that
# does not hold is checked again alone, which says what is wrong, and fails.
pcap_checks() {
	local pcap=$1 mode=$2 spec f c d i
	shift 2
	local -a specs=("$@") filters=() counts=()
	for spec in "${specs[@]}"; do
		IFS=$'\x1f' read -r f c d <<<"$spec"
		filters+=("$f" "($f) && !($c)" "($f) && _ws.expert.severity >= 4194304")
	done
	mapfile -t counts < <(tshark_counts "$pcap" "$mode" "${filters[@]}" || echo failed)
	[[ ${#counts[@]} == "${#filters[@]}" ]] || fail "$pcap: tshark failed: ${counts[*]}"
	VRRP_CHECKS=()
	for i in "${!specs[@]}"; do
		IFS=$'\x1f' read -r f c d <<<"${specs[i]}"
		if [[ ${counts[3 * i]} == 0 || ${counts[3 * i + 1]} != 0 ||
		      ${counts[3 * i + 2]} != 0 ]]; then
			check_vrrp_pcap_as "$pcap" "$mode" "$f" "$c" "$d"
			fail "$pcap: '$f': ${counts[3 * i]} packets, ${counts[3 * i + 1]} not $d, ${counts[3 * i + 2]} with expert notes"
		fi
		VRRP_CHECKS+=("${counts[3 * i]}")
		log "  ok: $pcap: ${counts[3 * i]} VRRP packets matching '$f', all $d"
	done
}

# block_mcast_vrrp: drop every VRRP packet to 224.0.0.18 or ff02::12 as it
# enters the bridge (tc flower on each port p-*, in netns br; flower reads
# ip_proto in hex: 0x70 is 112). Unicast
# adverts still pass.
block_mcast_vrrp() {
	local p
	for p in $("$IP" -n "$(nsname br)" -o link show master br0 | awk -F': ' '{print $2}' | cut -d@ -f1); do
		ipn br link set "$p" up >/dev/null
		n br tc qdisc add dev "$p" clsact || fail "tc clsact on $p"
		n br tc filter add dev "$p" ingress pref 1 protocol ip flower \
			ip_proto 0x70 dst_ip 224.0.0.18 action drop || fail "tc filter on $p"
		n br tc filter add dev "$p" ingress pref 2 protocol ipv6 flower \
			ip_proto 0x70 dst_ip ff02::12 action drop || fail "tc filter on $p"
	done
}
unblock_mcast_vrrp() {
	local p
	for p in $("$IP" -n "$(nsname br)" -o link show master br0 | awk -F': ' '{print $2}' | cut -d@ -f1); do
		nq br tc qdisc del dev "$p" clsact 2>/dev/null || true
	done
}
# mcast_drops PORT: multicast VRRP packets the filters on bridge port PORT dropped.
mcast_drops() {
	nq br tc -s filter show dev "$1" ingress | awk '/Sent [0-9]+ bytes [0-9]+ pkt/ {s += $4} END {print s + 0}'
}

# ping_count LOG: replies received, from a finished "ping -c" output.
ping_count() { awk '/packets transmitted/ {print $4}' "$1"; }

# stats_flat NS: every counter of NS, "INSTANCE.COUNTER VALUE" a line and
# "router.COUNTER VALUE" for the router-wide ones, from one text `vrrpctl
# stats` ("NAME: dev ..." heads each instance's "    COUNTER VALUE" lines,
# "router:" the router-wide ones), without jq (see state).
stats_flat() {
	local out k v name=
	out=$(vctlq "$1" stats) || return 1
	while read -r k v; do
		case $k in
		"" | "("*) ;;
		router:) name=router ;;
		*:) name=${k%:} ;;
		*) [[ -z $name ]] || echo "$name.$k $v" ;;
		esac
	done <<<"$out"
}
# flat_get FILE KEY: one value of a stats_flat output.
flat_get() { awk -v k="$2" '$1 == k {print $2}' "$1"; }
# stats_diff BEFORE AFTER [IGNORE_ERE]: "KEY +DELTA" for each counter that
# changed between two stats_flat outputs (keys matching IGNORE_ERE left out).
stats_diff() {
	awk 'NR == FNR {b[$1] = $2; next}
	     !($1 in b) {print $1, "new"; next}
	     $2 != b[$1] {print $1, "+" ($2 - b[$1])}' "$1" "$2" |
		grep -Ev "${3:-^\$}" | sort || true
}
# Counters that move with normal traffic, left out of stats_diff comparisons.
# shellcheck disable=SC2034 # for the scenarios
TRAFFIC_COUNTERS='\.(rcvd_adverts|sent_adverts|csum_rfc|csum_pseudo|sent_garps|down_timer_late) '

# --- injector as a coprocess ----------------------------------------------------

# inject_start NS ARGS...: inject.py --serve in netns NS with the options ARGS
# common to all injections; inject_send ARGS... then injects (ARGS added to
# those) and returns once sent, without a python3 start each time (a second
# or more of CPU in the emulated guest).
inject_start() {
	local ns=$1
	shift
	printf '+ [%s] python3 %s --serve %s &\n' "$ns" "$INJECT" "$*"
	coproc INJ { "$IP" netns exec "$(nsname "$ns")" python3 -u "$INJECT" --serve "$@" 2>&1; }
	BG_PIDS+=("$INJ_PID")
}
inject_send() {
	local line
	printf '+ inject %s\n' "$*"
	# quoted for shlex: an empty argument (--auth-data "") stays one
	printf '%q ' "$@" >&"${INJ[1]}" || fail "the injector is gone"
	printf '\n' >&"${INJ[1]}" || fail "the injector is gone"
	while read -r -t 30 line <&"${INJ[0]}"; do
		log "  $line"
		case $line in
		"inject: done 0") return 0 ;;
		"inject: done "*) fail "inject $*: $line" ;;
		esac
	done
	fail "inject $*: no answer from the injector"
}

# --- attacks (selftests/fuzz, fuzz_*.sh, stress.sh) ------------------------------

# debug_kernel: the running kernel is a debug one (KASAN): slower, and worth
# running attacks on for longer.
debug_kernel() {
	local cfg
	cfg=/boot/config-$(uname -r)
	if [[ -r $cfg ]]; then
		grep -q '^CONFIG_KASAN=y' "$cfg"
	elif [[ -r /proc/config.gz ]]; then
		zgrep -q '^CONFIG_KASAN=y' /proc/config.gz
	else
		return 1
	fi
}

# attack_secs SHORT LONG [MAX]: how long one attack runs, in seconds:
# $VRRP_ATTACK_SECS if set, else SHORT, or LONG on a debug kernel; never over
# MAX (what the test's "# timeout:" allows).
attack_secs() {
	local s=${VRRP_ATTACK_SECS:-}
	if [[ -z $s ]]; then
		if debug_kernel; then s=$2; else s=$1; fi
	fi
	[[ $s =~ ^[0-9]+$ ]] || fail "VRRP_ATTACK_SECS='$s' is not a number of seconds"
	if [[ -n ${3:-} && $s -gt $3 ]]; then
		log "attack_secs: $s s is more than this test's timeout allows, $3 s instead" >&2
		s=$3
	fi
	echo "$s"
}

# attack_kfence: on a kernel with KFENCE built in but not sampling (Debian's
# 6.12), sample every 1 ms while this test runs, so that a stock kernel may
# catch a use-after-free or out-of-bounds access too ("BUG: KFENCE: ...").
ATTACK_KFENCE=/sys/module/kfence/parameters/sample_interval
attack_kfence_restore() { echo 0 >"$ATTACK_KFENCE" 2>/dev/null || true; }
attack_kfence() {
	if [[ -w $ATTACK_KFENCE && $(<"$ATTACK_KFENCE") == 0 ]] && echo 1 >"$ATTACK_KFENCE" 2>/dev/null; then
		CLEANUP_HOOKS+=(attack_kfence_restore)
		log "KFENCE sampling on (every 1 ms) for this test"
	fi
}

KMEMLEAK=/sys/kernel/debug/kmemleak
# kmemleak_ready: debugfs mounted and kmemleak there (debug kernels only).
kmemleak_ready() {
	if [[ ! -e $KMEMLEAK && -d /sys/kernel/debug ]]; then
		mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null || true
	fi
	[[ -w $KMEMLEAK ]]
}
# kmemleak_clear: forget what kmemleak suspects so far (before an attack),
# so kmemleak_check reports only objects lost since. No-op without kmemleak.
kmemleak_clear() {
	kmemleak_ready || return 0
	echo scan >"$KMEMLEAK" 2>/dev/null || true
	echo clear >"$KMEMLEAK" 2>/dev/null || true
	log "kmemleak: cleared"
}
# kmemleak_check: after an attack, fail when kmemleak finds unreferenced
# objects. Objects must stay unreferenced for a while to count: scan, wait,
# scan again, then read. No-op on kernels without kmemleak.
kmemleak_check() {
	local out
	if ! kmemleak_ready; then
		log "kmemleak: not available on this kernel, not checked"
		return 0
	fi
	echo scan >"$KMEMLEAK" || fail "kmemleak scan"
	sleep 6
	echo scan >"$KMEMLEAK" || fail "kmemleak scan"
	out=$(cat "$KMEMLEAK")
	if [[ -n $out ]]; then
		printf '%s\n' "$out" | head -n 120 >&2
		fail "kmemleak: $(grep -c '^unreferenced object' <<<"$out") unreferenced object(s)"
	fi
	log "  ok: kmemleak: no unreferenced object"
}
