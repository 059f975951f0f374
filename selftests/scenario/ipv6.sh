#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 360
#
# IPv6 VRRPv3, vrrp.ko against vrrp.ko: election, failover and preempt with a
# client pinging the global VIP; an IPv4 and an IPv6 instance with the same
# VRID live side by side on one interface, each electing its own master; the
# wire is checked by tshark (adverts from the link-local to ff02::12, hop
# limit 255, first address link-local; unsolicited NAs for the VIPs).
#
#                      br0 (netns br, tcpdump)
#        +-----------+-----------+
#    r1 eth0     r2 eth0      c eth0
#    2001:db8::1 2001:db8::2  2001:db8::100 (client)
#    VI_6 vrid 52 vip fe80::50/64 2001:db8::50/64, advert 100ms, accept
#    VI_4 vrid 52 vip 10.0.0.52/24 (part 4: same VRID, IPv4)
#
# 1. r1 200, r2 100: r1 master, both VIPs on r1 only; r2 knows r1's
#    link-local as the master; the client reaches 2001:db8::50 through r1.
# 2. r1 priority 50: r2 preempts, the VIPs and the client's neighbour entry
#    move to r2 (unsolicited NA), pings answered throughout.
# 3. r1 priority 200 again: r1 preempts back.
# 4. VI_4 with vrid 52 on both, r2 the higher: r1 stays master of VI_6 while
#    r2 is master of VI_4; neither disturbs the other.
# 5. delete r1's VI_6: r2 takes over at once on priority 0.

. "$(dirname "$0")/../lib.sh"
require_module
require_cmd tshark tcpdump ping

# shellcheck disable=SC2034 # read by setup_lan
LAN_IPV6=1
VIP_LL=fe80::50
VIP=2001:db8::50
VIP4=10.0.0.52
V6=(vrid 52 advert 100ms accept vip "$VIP_LL/64" "$VIP/64")
setup_lan r1 r2 c
ll1=$(lladdr r1) ll2=$(lladdr r2)
m1=$(mac_of r1) m2=$(mac_of r2)
log "  r1 $ll1 $m1, r2 $ll2 $m2"
capture_start "$TMPD/ipv6.pcap"

# one_master NS OTHER: NS master with both VIPs, OTHER backup without them.
one_master() {
	wait_state "$1" VI_6 master 10
	wait_state "$2" VI_6 backup 10
	wait_vip "$1" $VIP present
	wait_vip "$1" $VIP_LL present
	wait_vip "$2" $VIP absent
	wait_vip "$2" $VIP_LL absent
	expect_eq "masters of VI_6" "$(masters VI_6 r1 r2)" "$1 "
}

step "1. r1 200, r2 100: r1 is master"
add r1 VI_6 prio 200 "${V6[@]}"
wait_state r1 VI_6 master 20
add r2 VI_6 prio 100 "${V6[@]}"
one_master r1 r2
expect_eq "r1 family" "$(show_get r1 VI_6 family)" inet6
expect_eq "r1 version" "$(show_get r1 VI_6 version)" 3
wait_field r2 VI_6 master "$ll1" 5
wait_for 10 "client pings $VIP" ping_ok c $VIP
expect_eq "client's neighbour entry for $VIP" "$(neigh_mac c $VIP)" "$m1"
expect_ge "r1 unsolicited NAs sent" "$(stat r1 VI_6 sent_garps)" 1
expect_ge "r2 adverts received" "$(stat r2 VI_6 rcvd_adverts)" 5
for c in source_errors ip_ttl_errors address_list_errors packet_length_errors; do
	expect_eq "r2 $c" "$(stat r2 VI_6 "$c")" 0
done
expect_eq "r2 checksum_errors (router)" "$(stat r2 "" checksum_errors)" 0

step "2. r1 priority 50: r2 preempts while the client pings"
bg_start "$TMPD/ping2.log" c ping -n -i 0.1 -c 40 -W 1 $VIP
ping_pid=$BG_PID
sleep 1
set_ r1 VI_6 prio 50
one_master r2 r1
expect_eq "r2 last reason" "$(show_get r2 VI_6 last_reason)" preempted
# shellcheck disable=SC2016 # the condition is eval'd by wait_for
wait_for 10 "client's neighbour entry for $VIP moves to r2 ($m2)" \
	eval '[[ $(neigh_mac c $VIP) == "$m2" ]]'
wait "$ping_pid" || true
cat "$TMPD/ping2.log"
expect_ge "pings answered across the failover (of 40)" "$(ping_count "$TMPD/ping2.log")" 30
wait_field r1 VI_6 master "$ll2" 5

step "3. r1 priority 200: r1 preempts back"
set_ r1 VI_6 prio 200
one_master r1 r2
expect_eq "r1 last reason" "$(show_get r1 VI_6 last_reason)" preempted
expect_eq "r2 last reason" "$(show_get r2 VI_6 last_reason)" higher-priority
# shellcheck disable=SC2016 # the condition is eval'd by wait_for
wait_for 10 "client's neighbour entry for $VIP back to r1" \
	eval '[[ $(neigh_mac c $VIP) == "$m1" ]]'
wait_for 10 "client pings $VIP through r1" ping_ok c $VIP
expect_eq "r1 master transitions" "$(stat r1 VI_6 master_transitions)" 2

step "4. IPv4 VI_4 with the same VRID 52: r2 master of it, r1 still of VI_6"
add r1 VI_4 vrid 52 prio 100 advert 100ms vip $VIP4/24
add r2 VI_4 vrid 52 prio 200 advert 100ms vip $VIP4/24
wait_state r2 VI_4 master 20
wait_state r1 VI_4 backup 10
wait_vip r2 $VIP4 present
wait_vip r1 $VIP4 absent
t6=$(stat r1 VI_6 transitions) t4=$(stat r2 VI_4 transitions)
r6=$(stat r2 VI_6 rcvd_adverts) r4=$(stat r1 VI_4 rcvd_adverts)
sleep 2		# 20 adverts each way
expect_state r1 VI_6 master
expect_state r2 VI_6 backup
expect_state r2 VI_4 master
expect_state r1 VI_4 backup
expect_eq "r1 VI_6 transitions" "$(stat r1 VI_6 transitions)" "$t6"
expect_eq "r2 VI_4 transitions" "$(stat r2 VI_4 transitions)" "$t4"
expect_ge "r2 VI_6 adverts received in 2 s" "$(( $(stat r2 VI_6 rcvd_adverts) - r6 ))" 10
expect_ge "r1 VI_4 adverts received in 2 s" "$(( $(stat r1 VI_4 rcvd_adverts) - r4 ))" 10
expect_eq "r1 VI_4 master" "$(show_get r1 VI_4 master)" 10.0.0.2
expect_eq "r2 VI_6 master" "$(show_get r2 VI_6 master)" "$ll1"
for ns in r1 r2; do
	for c in address_list_errors packet_length_errors source_errors; do
		expect_eq "$ns VI_4 $c" "$(stat $ns VI_4 $c)" 0
		expect_eq "$ns VI_6 $c" "$(stat $ns VI_6 $c)" 0
	done
	expect_eq "$ns vrid_errors (router)" "$(stat $ns "" vrid_errors)" 0
done
expect_vip r1 $VIP present
expect_vip r1 $VIP4 absent
del r1 VI_4
del r2 VI_4

step "5. delete r1's VI_6: r2 takes over on priority 0"
del r1 VI_6
wait_state r2 VI_6 master 5
expect_eq "r2 last reason" "$(show_get r2 VI_6 last_reason)" priority-0
expect_eq "r2 priority 0 received" "$(stat r2 VI_6 rcvd_pri0)" 1
wait_vip r2 $VIP present
expect_vip r1 $VIP absent
expect_vip r1 $VIP_LL absent
wait_for 10 "client pings $VIP through r2" ping_ok c $VIP
sleep 0.5
del r2 VI_6
capture_stop

step "the wire"
check_vrrp6_pcap "$TMPD/ipv6.pcap" "vrrp && ipv6"
expect_ge "IPv6 adverts checked" "$VRRP_CHECKED" 50
n6=$VRRP_CHECKED
check_vrrp_pcap "$TMPD/ipv6.pcap" pseudo "vrrp && ip"
n4=$VRRP_CHECKED
# the counts in one tshark pass (it starts slowly in the guest)
na="icmpv6.type == 136 && icmpv6.nd.na.target_address == $VIP && icmpv6.nd.na.flag.o == 1 && ipv6.dst == ff02::1"
mapfile -t c < <(tshark_counts "$TMPD/ipv6.pcap" pseudo \
	"vrrp && ipv6 && !(ipv6.src == $ll1 || ipv6.src == $ll2)" \
	"vrrp && ipv6 && vrrp.addr_count == 2 && vrrp.ipv6_addr == $VIP" \
	"vrrp && ipv6 && ipv6.src == $ll1 && vrrp.prio == 0" \
	"vrrp && ip && vrrp.virt_rtr_id == 52 && vrrp.ip_addr == $VIP4" \
	"$na && eth.src == $m1" "$na && eth.src == $m2" || echo failed)
[[ ${#c[@]} == 6 ]] || fail "tshark failed: ${c[*]}"
expect_eq "IPv6 adverts from another source than the two link-locals" "${c[0]}" 0
expect_eq "IPv6 adverts carrying both VIPs" "${c[1]}" "$n6"
expect_ge "priority 0 adverts from r1" "${c[2]}" 1
expect_eq "IPv4 adverts for vrid 52 carrying $VIP4" "${c[3]}" "$n4"
expect_ge "unsolicited NAs for $VIP from r1" "${c[4]}" 1
expect_ge "unsolicited NAs for $VIP from r2" "${c[5]}" 1
