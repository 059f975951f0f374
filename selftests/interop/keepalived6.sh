#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 420
#
# IPv6 VRRPv3 interoperability with keepalived (Debian's 2.2.7) as a live
# peer, and a client pinging the global VIP through every change of master.
# IPv6 VRRPv3 has one checksum form (with the IPv6 pseudo-header): no csum
# option is needed on either side.
#
#                      br0 (netns br, tcpdump)
#        +-----------+-----------+
#    r1 eth0     k eth0       c eth0
#    2001:db8::1 2001:db8::10 2001:db8::100 (client)
#    vrrp.ko     keepalived   vrid 52, vip fe80::50/64 2001:db8::50/64, advert 1 s
#
# 1. keepalived 150, vrrp.ko 100: keepalived master, we backup and know its
#    link-local as the master; the client's pings are answered.
# 2. vrrp.ko 200: we preempt; keepalived goes backup.
# 3. vrrp.ko 100: keepalived preempts back.
# 4. vrrp.ko 200, then delete our instance (priority 0): keepalived takes
#    over at once.
# 5. vrrp.ko 100 again, stop keepalived (priority 0): we take over at once.
# After each step: exactly one master, the VIPs on that side only, sampled
# for 3 s; the client's ping answered. Every VRRP packet captured decodes as
# a valid IPv6 VRRPv3 advert (tshark).

. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/keepalived_lib.sh"
require_module
require_cmd keepalived tshark tcpdump ping

# shellcheck disable=SC2034 # read by setup_lan / ka_start
LAN_IPV6=1 KA_VRID=52 KA_VIPS=$'fe80::50/64\n2001:db8::50/64'
VIP_LL=fe80::50
VIP=2001:db8::50
OURS=(vrid 52 advert 1s accept vip "$VIP_LL/64" "$VIP/64")
setup_lan r1 k c
ll1=$(lladdr r1) llk=$(lladdr k)
capture_start "$TMPD/interop6.pcap"

# one_master ours|keepalived: the states agree, the VIPs are on the master
# only, the client reaches the VIP, and it stays so for 3 s.
one_master() {
	local m=r1 b=k s1=master sk=BACKUP i
	[[ $1 == keepalived ]] && m=k b=r1 s1=backup sk=MASTER
	wait_state r1 VI_1 $s1 15
	wait_ka_state k $sk 15
	wait_vip $m $VIP present
	wait_vip $m $VIP_LL present
	wait_vip $b $VIP absent
	wait_vip $b $VIP_LL absent
	wait_for 10 "client pings $VIP" ping_ok c $VIP
	for i in 1 2 3 4 5 6; do
		sleep 0.5
		[[ $(state r1 VI_1) == "$s1" && $(ka_state k) == "$sk" ]] ||
			fail "sample $i: vrrp.ko $(state r1 VI_1), keepalived $(ka_state k); expected $s1 / $sk"
		if ! has_addr $m $VIP || has_addr $b $VIP; then
			ipn $m -6 addr show dev eth0
			ipn $b -6 addr show dev eth0
			fail "sample $i: $VIP not on $m only"
		fi
	done
	ping_ok c $VIP || fail "client does not reach $VIP after 3 s"
	log "  ok: exactly one master ($1) for 3 s, client answered"
}

step "1. keepalived priority 150, vrrp.ko 100: keepalived is master"
ka_start k k 150
wait_ka_state k MASTER 20
add r1 VI_1 prio 100 "${OURS[@]}"
one_master keepalived
wait_field r1 VI_1 master "$llk" 5
expect_ge "keepalived adverts accepted" "$(stat r1 VI_1 rcvd_adverts)" 3
expect_eq "vrrp.ko master transitions" "$(stat r1 VI_1 master_transitions)" 0
for c in source_errors ip_ttl_errors address_list_errors packet_length_errors adv_interval_errors; do
	expect_eq "r1 $c" "$(stat r1 VI_1 $c)" 0
done
expect_eq "r1 checksum_errors (router)" "$(stat r1 "" checksum_errors)" 0

step "2. vrrp.ko priority 200: we preempt keepalived"
bg_start "$TMPD/ping.log" c ping -n -i 0.2 -c 60 -W 1 $VIP
ping_pid=$BG_PID
set_ r1 VI_1 prio 200
one_master ours
expect_eq "vrrp.ko master transitions" "$(stat r1 VI_1 master_transitions)" 1
errs=$(ka_errors k)
[[ -z $errs ]] || fail "keepalived complained about our adverts: $errs"

step "3. vrrp.ko priority 100: keepalived preempts back"
set_ r1 VI_1 prio 100
one_master keepalived
wait "$ping_pid" || true
cat "$TMPD/ping.log"
expect_ge "pings answered across two changes of master (of 60)" "$(ping_count "$TMPD/ping.log")" 40

step "4. vrrp.ko 200, then delete our instance: keepalived takes over on priority 0"
set_ r1 VI_1 prio 200
one_master ours
del r1 VI_1
wait_ka_state k MASTER 10
wait_vip k $VIP present
expect_vip r1 $VIP absent
expect_vip r1 $VIP_LL absent
wait_for 10 "client pings $VIP through keepalived" ping_ok c $VIP

step "5. vrrp.ko 100 again, keepalived stops: we take over on priority 0"
add r1 VI_1 prio 100 "${OURS[@]}"
one_master keepalived
monitor_start r1 "$TMPD/mon.json"
ka_stop k
wait_state r1 VI_1 master 10
expect_eq "r1 last reason" "$(show_get r1 VI_1 last_reason)" priority-0
expect_eq "r1 priority 0 received" "$(stat r1 VI_1 rcvd_pri0)" 1
wait_vip r1 $VIP present
wait_vip k $VIP absent
wait_for 10 "client pings $VIP through vrrp.ko" ping_ok c $VIP
bg_stop "$MON_PID"
sleep 1.2	# one more advert as master
del r1 VI_1
capture_stop

step "the wire: every advert from either side is valid IPv6 VRRPv3"
check_vrrp6_pcap "$TMPD/interop6.pcap" "vrrp && ipv6.src == $llk"
expect_ge "keepalived adverts checked" "$VRRP_CHECKED" 5
check_vrrp6_pcap "$TMPD/interop6.pcap" "vrrp && ipv6.src == $ll1"
expect_ge "vrrp.ko adverts checked" "$VRRP_CHECKED" 5
# the counts in one tshark pass (it starts slowly in the guest)
mapfile -t c < <(tshark_counts "$TMPD/interop6.pcap" pseudo \
	"vrrp && !(ipv6.src == $llk || ipv6.src == $ll1)" \
	"vrrp && ipv6.src == $ll1 && vrrp.prio == 0" \
	"vrrp && ipv6.src == $llk && vrrp.prio == 0" || echo failed)
[[ ${#c[@]} == 3 ]] || fail "tshark failed: ${c[*]}"
expect_eq "VRRP packets from anyone else" "${c[0]}" 0
expect_ge "priority 0 adverts from vrrp.ko (delete)" "${c[1]}" 1
expect_ge "priority 0 adverts from keepalived (stop)" "${c[2]}" 1
# Each takeover on priority 0 comes after the skew time (0.41 s for
# keepalived's 150, 0.61 s for our 100), not after the down interval (3 s
# and more): timed on the wire.
dt=$(wire_gap_ms "$TMPD/interop6.pcap" "$ll1" 0 "$llk")
[[ -n $dt ]] || fail "no priority 0 from us followed by an advert from keepalived in the capture"
log "  keepalived's first advert $dt ms after our priority 0 (part 4)"
expect_le "keepalived takeover on the wire (ms)" "$dt" 2000
dt=$(wire_gap_ms "$TMPD/interop6.pcap" "$llk" 0 "$ll1")
[[ -n $dt ]] || fail "no priority 0 from keepalived followed by an advert from us in the capture"
log "  our first advert $dt ms after keepalived's priority 0 (part 5)"
expect_le "vrrp.ko takeover on the wire (ms)" "$dt" 2000
