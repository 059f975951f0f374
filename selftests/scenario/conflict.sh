#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 150
#
# Split brain (issue 11): each master sees the other holder of its VIP, a
# peer that does not hear it, and a peer configured otherwise.
#
#                 br0 (netns br)
#        +-----------+-----------+
#    r1 eth0     r2 eth0     inj eth0
#    10.0.0.1    10.0.0.2    10.0.0.200 (inject.py)
#    prio 200    prio 100    VIP 10.0.0.50 (IPv6: fe80::61, 2001:db8::61)
#
# 0. No false positive: a normal pair (preemption, a failover by priority 0)
#    counts no conflict.
# 1. nft in r1 and r2 drops protocol 112: both master; each reports a VIP
#    conflict (ARP) with the other's MAC, in `-j show` and as a monitor
#    event; removing the rules: r2 goes backup and both conflicts clear.
# 2. Mismatched VRIDs (51 on r1, 52 on r2), same VIP: both master, both
#    report the conflict.
# 3. A second cluster on the same VRID with another VIP: r2 is backup (the
#    election still runs) and reports a mismatch "vips" from r1.
# 4. One-way path (r2 drops protocol 112): r1 reports one-way, peer r2, no
#    hint (its adverts are lost on the way); r2 reports the ARP conflict.
# 5. A peer sending the other checksum form (inject.py, pseudo-header form,
#    lower priority, to r1 pinned to "csum rfc"): one-way with hint "csum",
#    and a mismatch "csum".
# 6. IPv6, firewall split brain: both report an ND conflict.
# Adverts every 200 ms; GARP refresh bursts every second (garp-period), so
# the other holder announces the VIP while both are master.

. "$(dirname "$0")/../lib.sh"
require_module
require_cmd nft

# shellcheck disable=SC2034 # read by setup_lan
LAN_IPV6=1
VIP=10.0.0.50
VIP2=10.0.0.60
COMMON=(advert 200ms garp-refresh 500ms garp-period 1s)
setup_lan r1 r2 inj

block112() {
	nq "$1" nft add table inet split
	nq "$1" nft add chain inet split in '{ type filter hook input priority 0; policy accept; }'
	nq "$1" nft add rule inet split in meta l4proto 112 drop
	log "  $1 drops protocol 112"
}
unblock112() { nq "$1" nft delete table inet split; log "  $1 takes protocol 112 again"; }

# expect_conflict NS NAME KIND PEER_MAC [VIP]
expect_conflict() {
	local ns=$1 name=$2 kind=$3 mac=$4 vip=$5
	wait_field "$ns" "$name" conflict.active true 10
	vctl "$ns" show "$name"
	expect_eq "$ns/$name conflict kind" "$(show_get "$ns" "$name" conflict.kind)" "$kind"
	expect_eq "$ns/$name conflict peer MAC" "$(show_get "$ns" "$name" conflict.peer_mac)" "$mac"
	[[ -z $vip ]] ||
		expect_eq "$ns/$name conflict VIP" "$(show_get "$ns" "$name" conflict.vip)" "$vip"
}

# monitor_has FILE NAME MAC: a conflict event of NAME with peer MAC.
monitor_has() {
	jq -e --arg n "$2" --arg m "$3" \
		'select(.event == "conflict" and .name == $n and .conflict.peer_mac == $m)' \
		"$1" >/dev/null 2>&1
}

# Time from NAME's (last) MASTER event to its first conflict event, in ms.
conflict_delay() {
	jq -rs --arg n "$2" '
		([.[] | select(.name == $n and .state == "master")] | last | .timestamp_ns) as $m
		| ([.[] | select(.name == $n and .event == "conflict")] | first | .timestamp_ns) as $c
		| if $m and $c then (($c - $m) / 1000000 | floor) else "" end' "$1"
}

zero_conflicts() {
	local ns
	for ns in "$@"; do
		expect_eq "$ns/$NAME vip_conflicts" "$(stat "$ns" "$NAME" vip_conflicts)" 0
		expect_eq "$ns/$NAME one_way" "$(stat "$ns" "$NAME" one_way)" 0
	done
}

step "0. a normal pair: preemption and a priority-0 failover count no conflict"
NAME=VI_1
add r1 VI_1 vrid 51 prio 100 "${COMMON[@]}" vip $VIP/24
wait_state r1 VI_1 master 20
add r2 VI_1 vrid 51 prio 200 "${COMMON[@]}" vip $VIP/24
wait_state r2 VI_1 master 20
wait_state r1 VI_1 backup 10
sleep 1.5	# a refresh burst of r2 reaches r1, a backup
del r2 VI_1
wait_state r1 VI_1 master 10
add r2 VI_1 vrid 51 prio 200 "${COMMON[@]}" vip $VIP/24
wait_state r2 VI_1 master 20
wait_state r1 VI_1 backup 10
sleep 1.5
zero_conflicts r1 r2
del r1 VI_1
del r2 VI_1

expect_split "the firewall split brains this test detects"
step "1. nft drops protocol 112 in r1 and r2: both master, both see the other"
block112 r1
block112 r2
# the usual alerting script: a notify rule of r1 appends its arguments
printf 'instance VI_1 conflict /bin/sh -c "echo \\"$*\\" >>%s" sh\n' "$TMPD/alerts" \
	>"$TMPD/notify.conf"
cat "$TMPD/notify.conf"
bg_start "$TMPD/notify.log" r1 "$VRRPCTL" notify -c "$TMPD/notify.conf" --no-initial
monitor_start r1 "$TMPD/mon1"
monitor_start r2 "$TMPD/mon2"
add r1 VI_1 vrid 51 prio 200 "${COMMON[@]}" vip $VIP/24
add r2 VI_1 vrid 51 prio 100 "${COMMON[@]}" vip $VIP/24
wait_state r1 VI_1 master 20
wait_state r2 VI_1 master 20
expect_conflict r1 VI_1 arp "$(mac_of r2)" $VIP
expect_conflict r2 VI_1 arp "$(mac_of r1)" $VIP
wait_for 5 "r1's monitor shows the conflict with r2's MAC" monitor_has "$TMPD/mon1" VI_1 "$(mac_of r2)"
wait_for 5 "r2's monitor shows the conflict with r1's MAC" monitor_has "$TMPD/mon2" VI_1 "$(mac_of r1)"
grep '"conflict"' "$TMPD/mon1" "$TMPD/mon2"
d1=$(conflict_delay "$TMPD/mon1" VI_1)
d2=$(conflict_delay "$TMPD/mon2" VI_1)
log "  master -> conflict event: r1 ${d1} ms, r2 ${d2} ms"
# generous: adverts 200 ms, refresh bursts every second
expect_le "r1 master -> conflict (ms)" "$d1" 5000
expect_le "r2 master -> conflict (ms)" "$d2" 5000
expect_ge "r1 vip_conflicts" "$(stat r1 VI_1 vip_conflicts)" 1
expect_eq "r1 one_way" "$(stat r1 VI_1 one_way)" 0
vctlq r1 show VI_1 | grep -E '^ +conflict arp vip 10\.0\.0\.50 from ' ||
	fail "no conflict line in r1's show"
# shellcheck disable=SC2016 # the condition is eval'd by wait_for
wait_for 5 "r1's notify rule ran" eval '[[ -s $TMPD/alerts ]]'
cat "$TMPD/notify.log" "$TMPD/alerts"
expect_eq "r1's notify arguments" "$(head -n 1 "$TMPD/alerts")" \
	"INSTANCE VI_1 CONFLICT arp $(mac_of r2) $VIP"

step "1. the rules go: r2 backup, both conflicts clear"
# r2 first: it hears r1 and yields at once (r1 first would be a one-way
# path, truly, until r2's rule goes too)
unblock112 r2
unblock112 r1
wait_state r2 VI_1 backup 10
wait_field r1 VI_1 conflict.active false 10
wait_field r2 VI_1 conflict.active false 10
vctl r1 show VI_1
vctlq r1 show VI_1 | grep -E '^ +conflict arp .*[(]cleared' || fail "r1's show: no cleared conflict"
expect_eq "r1 one_way" "$(stat r1 VI_1 one_way)" 0
del r1 VI_1
del r2 VI_1

step "2. mismatched VRIDs, same VIP"
add r1 VI_1 vrid 51 prio 200 "${COMMON[@]}" vip $VIP/24
add r2 VI_2 vrid 52 prio 100 "${COMMON[@]}" vip $VIP/24
wait_state r1 VI_1 master 20
wait_state r2 VI_2 master 20
expect_conflict r1 VI_1 arp "$(mac_of r2)" $VIP
expect_conflict r2 VI_2 arp "$(mac_of r1)" $VIP
del r1 VI_1
del r2 VI_2

step "3. a second cluster on VRID 51 with another VIP"
add r1 VI_1 vrid 51 prio 200 "${COMMON[@]}" vip $VIP/24
add r2 VI_1 vrid 51 prio 100 "${COMMON[@]}" vip $VIP2/24
wait_state r1 VI_1 master 20
wait_state r2 VI_1 backup 20
wait_field r2 VI_1 mismatch.active true 10
vctl r2 show VI_1
expect_eq "r2 mismatch what" "$(show_get r2 VI_1 mismatch.what)" '["vips"]'
expect_eq "r2 mismatch peer" "$(show_get r2 VI_1 mismatch.peer)" 10.0.0.1
expect_ge "r2 mismatches" "$(stat r2 VI_1 mismatches)" 1
expect_state r2 VI_1 backup
NAME=VI_1 zero_conflicts r1 r2
del r1 VI_1
del r2 VI_1

step "4. one-way path: r2 does not hear r1"
block112 r2
add r1 VI_1 vrid 51 prio 200 "${COMMON[@]}" vip $VIP/24
wait_state r1 VI_1 master 20
add r2 VI_1 vrid 51 prio 100 "${COMMON[@]}" vip $VIP/24
wait_state r2 VI_1 master 20
wait_field r1 VI_1 conflict.kind one-way 10
vctl r1 show VI_1
expect_eq "r1 conflict peer" "$(show_get r1 VI_1 conflict.peer)" 10.0.0.2
expect_eq "r1 conflict peer MAC" "$(show_get r1 VI_1 conflict.peer_mac)" "$(mac_of r2)"
expect_eq "r1 conflict hint" "$(show_get r1 VI_1 conflict.hint)" '[]'
vctlq r1 show VI_1 | grep -E '^ +conflict one-way from 10\.0\.0\.2 .* hint none' ||
	fail "r1's show: no one-way line"
expect_ge "r1 one_way" "$(stat r1 VI_1 one_way)" 1
expect_conflict r2 VI_1 arp "$(mac_of r1)" $VIP
unblock112 r2
wait_state r2 VI_1 backup 10
del r1 VI_1
del r2 VI_1

step "5. a peer in the other checksum form: one-way with hint csum"
add r1 VI_1 vrid 51 prio 200 "${COMMON[@]}" csum rfc vip $VIP/24
wait_state r1 VI_1 master 20
n inj python3 "$INJECT" --dev eth0 --src "${ADDR[inj]}" --vip $VIP --vrid 51 \
	--prio 100 --interval 20 --csum pseudo --num 8 --gap 0.2 || fail "inject.py"
vctl r1 show VI_1
expect_eq "r1 conflict kind" "$(show_get r1 VI_1 conflict.kind)" one-way
expect_eq "r1 conflict hint" "$(show_get r1 VI_1 conflict.hint)" '["csum"]'
expect_eq "r1 mismatch what" "$(show_get r1 VI_1 mismatch.what)" '["csum"]'
expect_eq "r1 mismatch peer" "$(show_get r1 VI_1 mismatch.peer)" "${ADDR[inj]}"
del r1 VI_1

step "6. IPv6: nft drops protocol 112: both report an ND conflict"
block112 r1
block112 r2
add r1 VI_6 vrid 61 prio 200 "${COMMON[@]}" vip fe80::61/64 2001:db8::61/64
add r2 VI_6 vrid 61 prio 100 "${COMMON[@]}" vip fe80::61/64 2001:db8::61/64
wait_state r1 VI_6 master 20
wait_state r2 VI_6 master 20
expect_conflict r1 VI_6 nd "$(mac_of r2)"
expect_conflict r2 VI_6 nd "$(mac_of r1)"
unblock112 r2
unblock112 r1
wait_state r2 VI_6 backup 10
del r1 VI_6
del r2 VI_6

log "PASS"
