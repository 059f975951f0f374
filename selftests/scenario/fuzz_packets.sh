#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 420
# debug: yes
# stock: newest
# parallel: no
#
# Packet fuzzing of the receive path (selftests/fuzz/pktfuzz.py): inj sends
# mutated VRRPv2 / VRRPv3, IPv4 / IPv6 adverts for the VRIDs r1 has, as fast
# as python can: random fields, address counts and lengths, bad checksums,
# TTLs, IPv4 options, IPv6 extension headers, fragments (out of order,
# overlapping, tiny, incomplete, past 64 KiB), frames over 4 KiB (paged skbs:
# the LAN has a 65000 byte MTU), truncations and bit flips, multicast and
# unicast (r1's MAC and the virtual MACs). r2 is a real peer all along.
# The first half runs with a packet socket open on r1's eth0 (tcpdump: skbs
# are cloned), the second half without.
#
#                       br0 (netns br), MTU 65000
#        +-------------------+-------------------+
#    r1 eth0             r2 eth0             inj eth0
#    10.0.0.1            10.0.0.2            10.0.0.200
#    2001:db8::1         2001:db8::2         2001:db8::200   pktfuzz.py
#    prio 200 (master)   prio 100 (backup)
#
#    VI_4   vrid 10  v3 IPv4, accept        VI_2  vrid 11  v2, auth pass
#    VI_6   vrid 12  v3 IPv6                VI_U  vrid 13  unicast (r1, r2, inj)
#    VI_M   vrid 14  vmac, noaccept         VI_U6 vrid 16  IPv6 unicast
#    VI_M6  vrid 17  IPv6 vmac
#
# Afterwards: the kernel survived (harness: no BUG / WARNING / Oops / leak),
# the module answers, each VRID has exactly one master again (r1), the error
# counters moved (printed), and once every instance is deleted no VIP is left.
# Seconds of fuzzing: $VRRP_ATTACK_SECS, else 25, or 60 on a debug kernel.

. "$(dirname "$0")/../lib.sh"
require_module
require_cmd python3 tcpdump

SECS=$(attack_secs 25 60 160)
SEED=${VRRP_ATTACK_SEED:-$(( RANDOM << 15 | RANDOM ))}
FUZZ=$SRCDIR/selftests/fuzz/pktfuzz.py
MTU=65000
log "fuzz_packets: $SECS s of fuzzing, seed $SEED, kernel $(uname -r)$(debug_kernel && echo ' (debug)')"
kmemleak_clear
attack_kfence
t_start=$SECONDS

LAN_IPV6=1 setup_lan r1 r2 inj
step "MTU $MTU on the whole LAN"
for ns in r1 r2 inj; do
	ipn br link set "p-$ns" mtu $MTU
	ipn "$ns" link set eth0 mtu $MTU
done
ipn br link set br0 mtu $MTU

# instances NS PRIO PEER: every kind, PEER the other router's last octet
instances() {
	local ns=$1 prio=$2 peer=$3
	add "$ns" VI_4 vrid 10 prio "$prio" advert 100ms accept vip 10.0.0.50/24
	add "$ns" VI_2 vrid 11 version 2 prio "$prio" advert 1s auth pass secret vip 10.0.0.51/24
	add "$ns" VI_6 vrid 12 prio "$prio" advert 100ms vip fe80::12 2001:db8::12/64
	add "$ns" VI_U vrid 13 prio "$prio" advert 100ms peer "10.0.0.$peer" peer 10.0.0.200 vip 10.0.0.53/24
	add "$ns" VI_M vrid 14 prio "$prio" advert 100ms vmac noaccept vip 10.0.0.54/24
	# (IPv6 unicast: the default source is the link-local address, which
	# the peer does not list: the global one is given)
	add "$ns" VI_U6 vrid 16 prio "$prio" advert 100ms peer "2001:db8::$peer" peer 2001:db8::200 \
		unicast-src "2001:db8::${ns#r}" vip fe80::16 2001:db8::16/64
	add "$ns" VI_M6 vrid 17 prio "$prio" advert 100ms vmac vip fe80::17 2001:db8::17/64
}
NAMES=(VI_4 VI_2 VI_6 VI_U VI_M VI_U6 VI_M6)
VIPS=(10.0.0.50 10.0.0.51 fe80::12 2001:db8::12 10.0.0.53 10.0.0.54 fe80::16 2001:db8::16
      fe80::17 2001:db8::17)

# states NS: "NAME STATE" of every instance of NS, from the text of one
# `vrrpctl show` (each instance's first line is "NAME: state MASTER ...";
# no python3 or jq: polled, and a process costs a lot on a debug kernel)
states() {
	local out line re='^([^[:space:]]+): state ([A-Z]+)'
	out=$(vctlq "$1" show) || return 1
	while IFS= read -r line; do
		[[ $line =~ $re ]] && echo "${BASH_REMATCH[1]} ${BASH_REMATCH[2],,}"
	done <<<"$out"
	return 0
}
# all_converged: r1 master and r2 backup for every instance
all_converged() {
	local i s1 s2
	s1=$(states r1) || return 1
	s2=$(states r2) || return 1
	for i in "${NAMES[@]}"; do
		[[ $'\n'$s1$'\n' == *$'\n'"$i master"$'\n'* &&
		   $'\n'$s2$'\n' == *$'\n'"$i backup"$'\n'* ]] || return 1
	done
}
# all_converged_or_show: all_converged, printing the states every 10th try
# (to fd 3, the test's log: wait_for silences what it polls)
exec 3>&1
TRIES=0
all_converged_or_show() {
	all_converged && return 0
	TRIES=$((TRIES + 1))
	if (( TRIES % 10 == 0 )); then
		log "  r1: $(states r1 | tr '\n' ' ')" >&3
		log "  r2: $(states r2 | tr '\n' ' ')" >&3
	fi
	return 1
}
# A backup learns the master's advert interval: after a fuzzed advert of
# 4095 cs won, r1's down interval is 3 x 40.95 s plus its skew (256 - 200)
# / 256 x 40.95 s: 131.8 s after the last such advert. pktfuzz.py --resign
# ends each run as a master that stops would (priority 255 at 100 ms, then
# priority 0: r1 takes over after its skew time), so the wait is short; the
# limit stays above 131.8 s should those adverts be lost.
converged() {
	if ! all_converged; then
		wait_for 160 "r1 master and r2 backup of each of ${NAMES[*]}" all_converged_or_show
	fi
	log "  ok: r1: $(states r1 | tr '\n' ' ')"
	log "  ok: r2: $(states r2 | tr '\n' ' ')"
}

step "r1 (prio 200) and r2 (prio 100) with one instance of every kind"
instances r1 200 2
instances r2 100 1
converged
stats_flat r1 >"$TMPD/r1.before"
stats_flat r2 >"$TMPD/r2.before"

fuzz() {
	local secs=$1 seed=$2
	n inj python3 "$FUZZ" --dev eth0 --secs "$secs" --seed "$seed" \
		--dst-mac "$(mac_of r1)" --src4 10.0.0.200 --dst4 10.0.0.1 --peer4 10.0.0.2 \
		--src6 "$(lladdr inj)" --gsrc6 2001:db8::200 --dst6 2001:db8::1 \
		--vrid4 10,13,14 --vrid2 11 --vrid6 12,16,17 --vip4 10.0.0.50 \
		--vip6 fe80::12,2001:db8::12 --interval 10 --interval2 1 --auth secret --resign ||
		fail "pktfuzz.py failed (seed $seed)"
}

half=$(( (SECS + 1) / 2 ))
expect_split "fuzzed adverts claim master at every priority and hear nobody"
step "fuzzing, $half s with tcpdump on r1's eth0 (seed $SEED)"
bg_start "$TMPD/tcpdump.log" r1 tcpdump -i eth0 -n -s 0 -Z root -w /dev/null
tcpdump_pid=$BG_PID
wait_for 10 "tcpdump listening on r1 eth0" grep -q "listening on" "$TMPD/tcpdump.log"
fuzz "$half" "$SEED"
bg_stop "$tcpdump_pid"
pp "$VRRPCTL" -n r1 show >/dev/null || fail "vrrpctl show in r1 after the first half"

step "fuzzing, $half s without a packet socket on r1 (seed $((SEED + 1)))"
fuzz "$half" "$((SEED + 1))"

step "the module answers; every VRID converges to one master, r1"
converged
stats_flat r1 >"$TMPD/r1.after"
stats_flat r2 >"$TMPD/r2.after"
log "r1 counters that moved:"
stats_diff "$TMPD/r1.before" "$TMPD/r1.after" | sed 's/^/  /'
log "r2 counters that moved:"
stats_diff "$TMPD/r2.before" "$TMPD/r2.after" | sed 's/^/  /'
d() { echo $(( $(flat_get "$TMPD/r1.after" "$1") - $(flat_get "$TMPD/r1.before" "$1") )); }
expect_ge "r1 router checksum_errors moved" "$(d router.checksum_errors)" 1
expect_ge "r1 router vrid_errors moved" "$(d router.vrid_errors)" 1
expect_ge "r1 router version_errors moved" "$(d router.version_errors)" 1
expect_ge "r1 VI_4 packet_length_errors moved" "$(d VI_4.packet_length_errors)" 1
expect_ge "r1 VI_2 auth_failures moved" "$(d VI_2.auth_failures)" 1
expect_ge "r1 VI_6 rcvd_adverts moved" "$(d VI_6.rcvd_adverts)" 1

step "every instance deleted: no VIP is left"
for i in "${NAMES[@]}"; do
	del r1 "$i"
	del r2 "$i"
done
for ns in r1 r2; do
	[[ $(vctlq "$ns" -j show) == "[]" ]] || fail "$ns still has instances: $(vctlq "$ns" show)"
	for v in "${VIPS[@]}"; do
		wait_vip "$ns" "$v" absent 10
	done
done
kmemleak_check
log "fuzz_packets: seed $SEED, $SECS s of fuzzing, $((SECONDS - t_start)) s in all"
